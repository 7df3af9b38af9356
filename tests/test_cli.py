"""The command line, run as users run it: a separate process, real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from factory import write_series

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "radreport", *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


def test_scan_json(tmp_path: Path) -> None:
    write_series(tmp_path / "s", 3)
    (tmp_path / "s" / "bad.dcm").write_bytes(b"\x00" * 10)
    proc = run("scan", str(tmp_path), "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["studies"][0]["patient"]["name"]["alphabetic"] == "DUPONT^Jérôme"
    assert data["studies"][0]["series"][0]["instance_count"] == 3
    assert data["errors"][0]["path"].endswith("bad.dcm")
    assert "Traceback" not in proc.stderr


def test_scan_summary(tmp_path: Path) -> None:
    write_series(tmp_path / "s", 2)
    (tmp_path / "junk.bin").write_bytes(b"junk")
    proc = run("scan", str(tmp_path), "--no-index")
    assert proc.returncode == 0
    out = proc.stdout
    assert "DUPONT, Jérôme" in out
    assert "ACC123" in out
    assert "GE MEDICAL SYSTEMS SIGNA Artist 1.5 T" in out
    assert "Sag T2 FRFSE" in out
    assert "junk.bin: not a DICOM file" in out
    assert "1 study, 2 images, 1 problem file" in out


def test_scan_nothing_found_exits_1(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("hello")
    proc = run("scan", str(tmp_path), "--json")
    assert proc.returncode == 1
    assert json.loads(proc.stdout)["studies"] == []


def test_scan_missing_path_exits_1(tmp_path: Path) -> None:
    proc = run("scan", str(tmp_path / "nope"))
    assert proc.returncode == 1
    assert "no such file or folder" in proc.stdout


@pytest.mark.parametrize("args", [("scan",), ("bogus",), ("scan", "--frobnicate", ".")])
def test_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    proc = run(*args)
    assert proc.returncode == 2
    assert "usage:" in proc.stderr


def test_scan_does_not_import_qt(tmp_path: Path) -> None:
    write_series(tmp_path, 1)
    code = (
        "import sys\n"
        "from radreport import cli\n"
        f"rc = cli.main(['scan', {str(tmp_path)!r}, '--json'])\n"
        "assert rc == 0\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'radreport.qt'))]\n"
        "assert not bad, bad\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr


def test_main_py_is_the_same_entry_point() -> None:
    proc = subprocess.run(
        [sys.executable, "main.py", "--version"], capture_output=True, text=True, cwd=ROOT
    )
    assert proc.returncode == 0 and proc.stdout.startswith("radreport ")


def test_about_in_both_languages() -> None:
    assert "neuroradiologist" in run("about").stdout
    assert "neuroradiologiste" in run("about", "--lang", "fr").stdout


def test_demo_study_then_scan(tmp_path: Path) -> None:
    proc = run("demo-study", str(tmp_path / "demo"))
    assert proc.returncode == 0, proc.stderr
    proc = run("scan", str(tmp_path / "demo"), "--json")
    assert proc.returncode == 0
    data = json.loads(proc.stdout)
    assert data["errors"] == []
    (study,) = data["studies"]
    assert study["patient"]["name"]["alphabetic"] == "TREMBLAY^Hélène"
    assert study["scanner"]["field_strength_t"] == 1.5
    assert set(study["regions"]) >= {"brain", "cervical", "thoracic"}


def test_demo_study_to_unwritable_place(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    proc = run("demo-study", str(blocker / "demo"))
    assert proc.returncode == 1
    assert "cannot write the demo study" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_logging_goes_to_a_file_without_patient_names(tmp_path: Path) -> None:
    write_series(tmp_path / "s", 2)
    logs = tmp_path / "logs"
    env = {**os.environ, "RADREPORT_LOG_DIR": str(logs), "RADREPORT_CACHE_DIR": str(tmp_path)}
    subprocess.run(
        [sys.executable, "-m", "radreport", "scan", str(tmp_path / "s")],
        env=env,
        capture_output=True,
        check=True,
    )
    text = (logs / "radreport.log").read_text(encoding="utf-8")
    assert "scan done: 2 files" in text
    for identifier in ("DUPONT", "Jérôme", "TEST-0001", "ACC123", str(tmp_path)):
        assert identifier not in text
