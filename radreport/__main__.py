from radreport.app import main

main()
