"""What the Qt tests of the store share: the users' password and opening the demo study."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from radreport.qt.jobs import running_jobs
from radreport.qt.main_window import MainWindow

PASSWORD = "correct horse 42"


def open_demo(qtbot: QtBot, window: MainWindow, folder: Path) -> None:
    """Show the window, scan ``folder`` and wait until thumbnails and warm-up are done."""
    window.show()
    with qtbot.waitSignal(window.sig_scan_finished, timeout=30000):
        window.start_scan([str(folder)])
    qtbot.waitUntil(lambda: running_jobs() == 0, timeout=30000)
