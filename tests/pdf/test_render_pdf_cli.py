"""`radreport render --format pdf`: template engine + PDF layer + signing, end to end."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from radreport.services.demo_study import write_demo_study

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "radreport", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=180,
    )


@pytest.mark.slow
def test_render_signed_pdf_from_the_demo_study(tmp_path: Path) -> None:
    env = {**os.environ, "RADREPORT_KEY_PASSPHRASE": "s3cret-pass", "PYTHONIOENCODING": "utf-8"}
    write_demo_study(tmp_path / "demo")
    identity = tmp_path / "dr.p12"
    assert run("keygen", "--name", "Dr Anne Roy", "--out", str(identity), env=env).returncode == 0
    out = tmp_path / "report.pdf"
    base = ["render", "--template", "brain", "--study", str(tmp_path / "demo"), "--lang", "fr"]
    # the normal preset leaves the indication empty: a required field, so no signature
    r = run(
        *base,
        "--preset",
        "normal",
        "--format",
        "pdf",
        "--out",
        str(out),
        "--sign",
        str(identity),
        env=env,
    )
    assert r.returncode == 2 and "not signed" in r.stderr and not out.exists()
    from radreport.services.templates import load_template, preset_answers

    answers = preset_answers(load_template("brain"), "normal")
    answers["indication"] = (
        "Signes du motoneurone supérieur et inférieur; éliminer une autre cause."
    )
    answers_file = tmp_path / "answers.json"
    answers_file.write_text(json.dumps(answers, ensure_ascii=False), encoding="utf-8")
    r = run(
        *base,
        "--answers",
        str(answers_file),
        "--format",
        "pdf",
        "--out",
        str(out),
        "--sign",
        str(identity),
        "--credentials",
        "MD, FRCPC",
        env=env,
    )
    assert r.returncode == 0, r.stderr
    assert "signed SHA-256" in r.stdout
    r = run("verify", str(out), "--trust", str(tmp_path / "dr.ca.pem"), env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    if shutil.which("pdftotext") or os.environ.get("CI"):
        text = subprocess.run(
            ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "TREMBLAY" in text and "CONCLUSION" in text and "DEMO2406120042" in text


def test_render_pdf_needs_out_and_sign_needs_pdf(tmp_path: Path) -> None:
    env = dict(os.environ)
    r = run("render", "--template", "brain", "--preset", "normal", "--format", "pdf", env=env)
    assert r.returncode == 2 and "--out" in r.stderr
    r = run("render", "--template", "brain", "--preset", "normal", "--sign", "x.p12", env=env)
    assert r.returncode == 2 and "--format pdf" in r.stderr
