"""The cheap start-up path (see docs/performance.md, "Cold start") behaves like the full one."""

from __future__ import annotations

import gc
import os
import statistics
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from radreport.app import gui_arguments
from radreport.domain.classify import _median

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], (False, None)),
        (["--demo"], (True, None)),
        (["--demo", "--screenshot", "a.png"], (True, "a.png")),
        (["--screenshot=b.png", "--demo"], (True, "b.png")),
        # repeated: the last one wins, as with argparse
        (
            ["--demo", "--screenshot", "a.png", "--screenshot", "c.png"],
            (True, "c.png"),
        ),
    ],
)
def test_plain_gui_arguments_skip_the_parser(
    argv: list[str], expected: tuple[bool, str | None]
) -> None:
    assert gui_arguments(argv) == expected


@pytest.mark.parametrize(
    "argv",
    [
        ["scan", "."],
        ["--help"],
        ["-h"],
        ["--version"],
        ["--dem"],  # an abbreviation: argparse decides
        ["--screenshot", "a.png"],  # needs --demo: argparse words the error
        ["--demo", "--screenshot"],
        ["--demo", "--screenshot", "--demo"],
        ["--demo", "--screenshot="],
        ["--demo", "--"],
        ["--demo", "extra"],
    ],
)
def test_anything_else_goes_to_argparse(argv: list[str]) -> None:
    assert gui_arguments(argv) is None


def run_app(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "radreport", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_screenshot_without_demo_is_still_a_usage_error() -> None:
    proc = run_app("--screenshot", "x.png")
    assert proc.returncode == 2
    assert "--screenshot needs --demo" in proc.stderr


def test_help_still_lists_the_commands() -> None:
    proc = run_app("--help")
    assert proc.returncode == 0
    assert "demo-study" in proc.stdout and "--screenshot" in proc.stdout


@pytest.mark.slow
def test_demo_start_lists_the_study_logs_and_turns_the_gc_back_on(tmp_path: Path) -> None:
    """The fast path still sets up logging, lists the demo study, and leaves the cyclic
    GC on and the start-up heap frozen once the study is shown."""
    probe = (
        "import gc, sys\n"
        "import radreport.qt.app as qa\n"
        "from radreport.qt.main_window import MainWindow\n"
        "init = MainWindow.__init__\n"
        "def patched(self, *a, **k):\n"
        "    init(self, *a, **k)\n"
        "    def check(result):\n"
        "        from PySide6.QtCore import QTimer\n"
        "        from PySide6.QtWidgets import QApplication\n"
        "        def later():\n"
        "            print('gc', gc.isenabled(), gc.get_freeze_count() > 0,"
        " 'rows', self.series_table.rowCount(), flush=True)\n"
        "            QApplication.quit()\n"
        "        QTimer.singleShot(200, later)\n"
        "    self.sig_scan_finished.connect(check)\n"
        "MainWindow.__init__ = patched\n"
        "from radreport.app import main\n"
        "sys.argv = ['radreport', '--demo']\n"
        "main()\n"
    )
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "RADREPORT_CACHE_DIR": str(tmp_path / "cache"),
        "RADREPORT_LOG_DIR": str(tmp_path / "log"),
        "RADREPORT_CONFIG_DIR": str(tmp_path / "config"),
    }
    proc = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "gc True True rows 16" in proc.stdout
    log = (tmp_path / "log" / "radreport.log").read_text(encoding="utf-8")
    assert "GUI started (demo=True)" in log


def test_settle_heap_collects_once_and_turns_the_gc_back_on() -> None:
    from radreport.qt.app import settle_heap

    was_enabled = gc.isenabled()
    try:
        gc.disable()
        settle_heap()
        assert gc.isenabled()
        frozen = gc.get_freeze_count()
        settle_heap()  # a second call does nothing
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
        if not was_enabled:
            gc.disable()


@given(st.lists(st.floats(min_value=1e-3, max_value=1e6), min_size=1, max_size=60))
def test_median_is_statistics_median(values: list[float]) -> None:
    assert _median(values) == statistics.median(values)


def test_median_ignores_what_it_always_ignored() -> None:
    assert _median([None, "x", float("nan"), 0, -3, True]) is None
    assert _median(["12.5", 3, None]) == (3 + 12.5) / 2
