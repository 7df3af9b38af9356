"""The minimal main window, offscreen: open a folder in the background, see the study."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from factory import write_series
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from radreport.qt.main_window import MainWindow
from radreport.qt.watchdog import FairStallMonitor, StallMonitor


def test_scan_shows_study_and_problem_files(qtbot: QtBot, tmp_path: Path) -> None:
    write_series(tmp_path / "s", 3)
    (tmp_path / "bad.dcm").write_bytes(b"")
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.sig_scan_finished, timeout=20000):
        window.start_scan([str(tmp_path)])
    assert window.series_table.rowCount() == 1
    assert window.series_table.item(0, 2).text() == "Sag T2 FRFSE"
    assert "DUPONT, Jérôme" in window.banner.text()
    assert window.error_list.count() == 1
    assert not window.scanning


def test_markup_in_names_is_shown_as_text(qtbot: QtBot, tmp_path: Path) -> None:
    write_series(tmp_path, 1, PatientName="<b>EVIL</b>^&amp;")
    window = MainWindow()
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.sig_scan_finished, timeout=20000):
        window.start_scan([str(tmp_path)])
    assert "&lt;b&gt;EVIL&lt;/b&gt;" in window.banner.text()


def test_cancel(qtbot: QtBot, tmp_path: Path) -> None:
    write_series(tmp_path, 40)
    window = MainWindow()
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.sig_scan_finished, timeout=20000) as blocker:
        window.start_scan([str(tmp_path)])
        window.cancel_scan()
    assert blocker.args is not None
    assert blocker.args[0].cancelled


@pytest.mark.slow
def test_demo_screenshot(tmp_path: Path) -> None:
    out = tmp_path / "shot.png"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "RADREPORT_CACHE_DIR": str(tmp_path / "cache"),
        "XDG_CACHE_HOME": str(tmp_path / "xdg"),
    }
    proc = subprocess.run(
        [sys.executable, "-m", "radreport", "--demo", "--screenshot", str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    image = QImage(str(out))
    assert image.width() >= 1280 and image.height() >= 800


def test_thumbnails_arrive_in_the_background(qtbot: QtBot, tmp_path: Path) -> None:
    write_series(tmp_path, 3)
    window = MainWindow()
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.sig_thumbnails_done, timeout=20000):
        window.start_scan([str(tmp_path)])
    item = window.series_table.item(0, 0)
    assert item is not None and not item.icon().isNull()


def test_no_gui_stall_while_loading_the_demo_study(qtbot: QtBot, tmp_path: Path) -> None:
    from radreport.services.demo_study import write_demo_study

    write_demo_study(tmp_path)
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    monitor = StallMonitor(threshold_ms=100)
    monitor.start()
    with qtbot.waitSignal(window.sig_thumbnails_done, timeout=30000):
        window.start_scan([str(tmp_path)])
    stalls = monitor.stop()
    assert stalls == [], f"GUI thread blocked for {max(stalls):.0f} ms"
    assert window.series_table.rowCount() == 16


def test_stall_monitor_catches_a_blocked_gui_thread(qtbot: QtBot) -> None:
    import time

    from PySide6.QtCore import QTimer

    monitor = StallMonitor(threshold_ms=100)
    monitor.start()
    QTimer.singleShot(20, lambda: time.sleep(0.25))  # what a synchronous scan would do
    qtbot.wait(400)
    stalls = monitor.stop()
    assert len(stalls) == 1 and 240 <= stalls[0] < 400


def test_radiologist_flow_on_the_demo_study(qtbot: QtBot, tmp_path: Path) -> None:
    """Open the demo study, start a report (combined template suggested), fill it with the
    normal preset and an indication, and follow a sentence back to its field."""
    from PySide6.QtCore import Qt

    from radreport.services.demo_study import write_demo_study

    write_demo_study(tmp_path)
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    with qtbot.waitSignal(window.sig_scan_finished, timeout=30000):
        window.start_scan([str(tmp_path)])
    assert window.new_report_action.isEnabled()
    from radreport.qt.jobs import running_jobs

    qtbot.waitUntil(lambda: running_jobs() == 0, timeout=30000)  # thumbnails, template warm-up
    # the whole flow is watched, opening the workspace (the 186-field form) included;
    # time the kernel gave the CPU to other processes (a shared machine) is not counted
    monitor = FairStallMonitor(threshold_ms=100)
    monitor.start()
    workspace = window.new_report()
    assert workspace is not None and workspace.template_id == "combined"
    assert window.tabs.currentWidget() is workspace
    form = workspace.form
    assert form is not None
    qtbot.waitExposed(workspace)
    # the indication has the keyboard at once, while the rest of the form is still built
    assert form.row("indication") is not None
    qtbot.waitUntil(lambda: form.focusWidget() is form.row("indication").editor.focus_target())  # type: ignore[union-attr]
    qtbot.keyClick(
        form, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    )
    qtbot.waitUntil(
        lambda: workspace.report is not None and "IMPRESSION" in workspace.report.plain_text()
    )
    assert form.focus_field("indication")
    for char in "UMN and LMN signs in the arms":  # a fast typist: a key every 30 ms
        qtbot.keyClicks(form.focusWidget(), char)
        qtbot.wait(30)
    qtbot.waitUntil(lambda: "UMN and LMN signs" in workspace.report.plain_text())  # type: ignore[union-attr]
    assert monitor.stop() == []
    assert not any(m.severity.value == "error" for m in workspace.messages)
    # a sentence leads back to its field
    workspace._focus_first(("indication",))
    assert form.focusWidget() is not None
    window.grab().save(str(tmp_path / "flow.png"))
