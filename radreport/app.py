"""Entry point of the ``radreport`` console script and ``python main.py``.

Commands go to :mod:`radreport.cli` (no Qt); without a command the Qt app
starts.  Qt is imported only here, lazily, so headless use never loads it.

Starting the app is kept cheap (see docs/performance.md, "Cold start"): plain GUI
arguments are read here without building the command-line parser (which imports
every command module), and the cyclic garbage collector stays off until the
window shows its first study (radreport.qt.app turns it back on).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def run_gui(*, demo: bool = False, screenshot: str | None = None) -> int:
    from radreport.qt.app import run

    return run(demo=demo, screenshot=screenshot)


def gui_arguments(argv: Sequence[str]) -> tuple[bool, str | None] | None:
    """``(demo, screenshot)`` from ``--demo`` and ``--screenshot FILE``, or None for anything else.

    Only plain, valid GUI arguments are read here; everything else (commands, help,
    abbreviations, usage errors) goes to argparse in radreport.cli, which words it.
    """
    demo = False
    screenshot: str | None = None
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--demo":
            demo = True
        elif arg == "--screenshot" and i + 1 < len(argv):
            i += 1
            screenshot = argv[i]
        elif arg.startswith("--screenshot="):
            screenshot = arg.partition("=")[2]
        else:
            return None
        if screenshot is not None and (not screenshot or screenshot.startswith("-")):
            return None
        i += 1
    if screenshot is not None and not demo:
        return None  # "--screenshot needs --demo", said by radreport.cli
    return demo, screenshot


def main(argv: Sequence[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else list(argv)
    gui_args = gui_arguments(args)
    if gui_args is None:
        from radreport import cli

        sys.exit(cli.main(argv, gui=run_gui))
    import gc

    # Start-up builds ~40,000 objects that live as long as the app; the collector's passes
    # over them while they are built cost ~5 ms.  radreport.qt.app collects once and
    # freezes them when the window shows its first study, then turns the GC back on.
    gc.disable()
    from radreport.services.logs import setup_logging

    setup_logging(verbose=True)  # as radreport.cli does before handing over to the GUI
    demo, screenshot = gui_args
    sys.exit(run_gui(demo=demo, screenshot=screenshot))
