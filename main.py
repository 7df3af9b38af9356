"""Run RadReport from a checkout: ``python main.py`` does what ``radreport`` does."""

from radreport.app import main

if __name__ == "__main__":
    main()
