"""Entry point of the ``radreport`` console script and ``python main.py``.

Commands go to :mod:`radreport.cli` (no Qt); without a command the Qt app
starts.  Qt is imported only here, lazily, so headless use never loads it.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def run_gui(*, demo: bool = False, screenshot: str | None = None) -> int:
    from radreport.qt.app import run

    return run(demo=demo, screenshot=screenshot)


def main(argv: Sequence[str] | None = None) -> None:
    from radreport import cli

    sys.exit(cli.main(argv, gui=run_gui))
