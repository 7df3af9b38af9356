"""File > Open recent: what the user opened comes back in one click; the demo does not."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from radreport.qt.main_window import MainWindow
from radreport.services.demo_study import write_demo_study
from radreport.services.settings import load_settings


def test_opened_folders_are_offered_again(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RADREPORT_CONFIG_DIR", str(tmp_path / "config"))
    demo, gone = tmp_path / "demo", tmp_path / "unplugged-usb-key"
    write_demo_study(demo)
    gone.mkdir()
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.sig_scan_finished, timeout=30000):
        window.open_paths([str(gone)])
    with qtbot.waitSignal(window.sig_scan_finished, timeout=30000):
        window.open_paths([str(demo)])
    assert load_settings()[0].recent_folders == (str(demo), str(gone))
    gone.rmdir()

    window._fill_recent()  # what the menu shows when it opens
    actions = window.recent_menu.actions()
    assert [a.text() for a in actions] == [str(demo), str(gone)]
    assert actions[0].isEnabled() and not actions[1].isEnabled()
    window.studies = []
    with qtbot.waitSignal(window.sig_scan_finished, timeout=30000):
        actions[0].trigger()
    assert len(window.studies) == 1

    # the app's own demo start is not a user's choice: not remembered
    with qtbot.waitSignal(window.sig_scan_finished, timeout=30000):
        window.start_scan([str(demo)])
    assert load_settings()[0].recent_folders == (str(demo), str(gone))


def test_empty_recent_list(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RADREPORT_CONFIG_DIR", str(tmp_path / "config"))
    window = MainWindow()
    qtbot.addWidget(window)
    window._fill_recent()
    (only,) = window.recent_menu.actions()
    assert not only.isEnabled()
