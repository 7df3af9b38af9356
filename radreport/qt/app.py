"""Start the Qt application (``radreport`` without a command)."""

from __future__ import annotations

import gc
import logging
import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from radreport.qt.appearance import apply_language, apply_theme
from radreport.qt.main_window import MainWindow
from radreport.services.settings import load_settings

log = logging.getLogger(__name__)

DEFAULT_SIZE = (1280, 800)
SETTLE_MS = 50  # see settle_heap


def _has_dicom_file(folder: Path) -> bool:
    """Whether a ``*.dcm`` file lies anywhere under ``folder`` (os.walk: pathlib's rglob
    costs ~0.7 ms more, at every start)."""
    return any(name.endswith(".dcm") for _, _, files in os.walk(folder) for name in files)


def demo_study_dir() -> Path:
    """The demo study in the user cache folder, written on first use."""
    from radreport.services.paths import cache_dir

    folder = cache_dir() / "demo-study"
    if not _has_dicom_file(folder):
        from radreport.services.demo_study import write_demo_study  # pydicom + numpy: slow

        write_demo_study(folder)
    return folder


def settle_heap() -> None:
    """Collect once, keep everything start-up built out of the cyclic GC, and turn the
    GC back on (radreport.app turns it off for the start).  Runs once; later calls
    do nothing."""
    if gc.isenabled():
        return
    gc.collect()
    gc.freeze()
    gc.enable()


def run(*, demo: bool = False, screenshot: str | None = None) -> int:
    from radreport.services.logs import setup_logging

    gc.disable()  # see settle_heap (already off when started by radreport.app)
    setup_logging()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("RadReport")
    app.setOrganizationName("RadReport")
    settings, problems = load_settings()
    for problem in problems:
        log.warning("settings: %s", problem)
    apply_theme(app, settings.theme)
    apply_language(app, settings.ui_language)
    window = MainWindow()
    window.resize(*DEFAULT_SIZE)
    window.show()
    if demo:
        window.start_scan([str(demo_study_dir())])
    if screenshot:

        def save() -> None:
            # let the layout settle before grabbing
            QTimer.singleShot(200, lambda: (window.grab().save(screenshot), app.quit()))

        if demo:
            window.sig_thumbnails_done.connect(save)  # the last thing a study load does
        else:
            save()
    if os.environ.get("RADREPORT_EXIT_WHEN_READY") == "1":
        # for bench/startup.py: say when the study is on screen (seconds since the
        # bench spawned us), then quit
        spawned = float(os.environ.get("RADREPORT_SPAWN_TIME", "0") or 0)

        def ready(_: object) -> None:
            sys.stdout.write(f"ready {time.time() - spawned:.4f}\n")
            sys.stdout.flush()
            QTimer.singleShot(0, app.quit)

        window.sig_scan_finished.connect(ready)
    # What start-up built lives as long as the app: keep it out of the cyclic GC, whose
    # full passes otherwise freeze every thread for ~100 ms now and then.  The one
    # collection before freezing takes ~8 ms: it waits until the window has painted the
    # demo study (or itself, without one), and comes before the study's background
    # jobs start (main_window.PAINT_FIRST_S); at the latest 2 s in.
    if demo:
        window.sig_scan_finished.connect(lambda _: QTimer.singleShot(SETTLE_MS, settle_heap))
    else:
        QTimer.singleShot(SETTLE_MS, settle_heap)
    QTimer.singleShot(2000, settle_heap)  # a scan that never ends must not keep the GC off
    log.info("GUI started (demo=%s)", demo)
    return app.exec()
