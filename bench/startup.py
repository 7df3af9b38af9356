"""Benchmark: cold start of the app to an interactive window showing the demo study.

Compared in the same run with a bare PySide6 program that opens an empty main
window and quits (the floor any Qt app pays).  Each run is a new process, timed
from spawn to exit; the demo study is already on disk (it is written once, on
the first ever start, which is timed separately).  Target: at most 2x the bare
window.

Usage: ``python bench/startup.py [--runs 7]``; results go to docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BARE = """
import os, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow()
w.resize(1280, 800)
w.show()
def ready():
    print(f"ready {time.time() - float(os.environ['RADREPORT_SPAWN_TIME']):.4f}", flush=True)
    app.quit()
QTimer.singleShot(0, ready)
app.exec()
"""


def timed(cmd: list[str], env: dict[str, str]) -> float:
    """Seconds from spawn to the program's "ready" line (not to its exit: background
    jobs such as the template warm-up may still be finishing when it quits)."""
    out = subprocess.run(
        cmd,
        env={**env, "RADREPORT_SPAWN_TIME": repr(time.time())},
        check=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout
    lines = [line for line in out.splitlines() if line.startswith("ready ")]
    if not lines:
        raise RuntimeError(f"{cmd[:3]} never said it was ready")
    return float(lines[-1].split()[1])


def main() -> int:
    parser = argparse.ArgumentParser(description="cold start vs a bare PySide6 window")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="radreport-startup-"))
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        "RADREPORT_CACHE_DIR": str(tmp / "cache"),
        "RADREPORT_LOG_DIR": str(tmp / "log"),
        "RADREPORT_CONFIG_DIR": str(tmp / "config"),
        "XDG_CACHE_HOME": str(tmp / "xdg"),
        "RADREPORT_EXIT_WHEN_READY": "1",
    }
    app_cmd = [sys.executable, "-m", "radreport", "--demo"]
    try:
        first = timed(app_cmd, env)  # writes the demo study and the scan index
        bare, app = [], []
        for _ in range(args.runs):  # interleaved, so machine load hits both alike
            bare.append(timed([sys.executable, "-c", BARE], env))
            app.append(timed(app_cmd, env))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    b, a = statistics.median(bare), statistics.median(app)
    print(f"median of {args.runs} runs, each a new process, spawn to ready\n")
    print("| program | time | ratio |")
    print("|---|---|---|")
    print(f"| bare PySide6 main window | {b * 1000:.0f} ms | 1.00x |")
    print(f"| `radreport --demo`, demo study listed | {a * 1000:.0f} ms | {a / b:.2f}x |")
    print(
        "| `radreport --demo`, first ever start (writes the demo study) "
        f"| {first * 1000:.0f} ms | {first / b:.2f}x |"
    )
    ok = a / b <= 2.0
    print(f"\nTarget (at most 2x the bare window): {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
