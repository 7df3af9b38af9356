"""The built wheel works on its own: templates and resources travel inside it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_installs_and_runs(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (wheel,) = dist.glob("radreport-*.whl")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    subprocess.run(
        [str(py), "-m", "pip", "install", "-q", str(wheel)],
        check=True,
        capture_output=True,
        timeout=900,
    )
    exe = str(env_dir / "bin" / "radreport")
    work = tmp_path / "elsewhere"  # not the checkout, so nothing is found by accident
    work.mkdir()
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")},
        "RADREPORT_CACHE_DIR": str(tmp_path / "cache"),
        "RADREPORT_LOG_DIR": str(tmp_path / "log"),
    }

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [exe, *args], capture_output=True, text=True, cwd=work, env=env, timeout=300
        )

    proc = run("demo-study", str(work / "demo"))
    assert proc.returncode == 0, proc.stderr
    proc = run("scan", str(work / "demo"), "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["studies"][0]["patient"]["id"]
    proc = run("about", "--lang", "fr")
    assert proc.returncode == 0 and "neuroradiologiste" in proc.stdout
    where = subprocess.run(
        [
            str(py),
            "-c",
            "from radreport.services.resources import templates_dir, resources_dir;"
            "print(templates_dir()); print(resources_dir())",
        ],
        capture_output=True,
        text=True,
        cwd=work,
        env=env,
        check=True,
    ).stdout.split()
    for folder in where:
        assert str(env_dir) in folder, "data must come from the installed wheel"
        assert Path(folder).is_dir()
    # signing from the wheel: the identity is opened in a child process
    # (radreport.services.pdf.p12_unlock), which must find the installed package
    (work / "pass").write_text("key-pass-1\n", encoding="utf-8")
    proc = run(
        "keygen", "--name", "Dr Anne Roy", "--out", str(work / "id.p12"),
        "--passphrase-file", str(work / "pass"),
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    answers = subprocess.run(
        [
            str(py),
            "-c",
            "import json; from radreport.services.templates import load_template, preset_answers;"
            "a = preset_answers(load_template('brain'), 'normal'); a['indication'] = 'Query ALS';"
            "print(json.dumps(a))",
        ],
        capture_output=True, text=True, cwd=work, env=env, check=True,
    ).stdout  # fmt: skip
    (work / "answers.json").write_text(answers, encoding="utf-8")
    proc = run(
        "render", "--template", "brain", "--answers", str(work / "answers.json"),
        "--format", "pdf", "--out", str(work / "r.pdf"), "--sign", str(work / "id.p12"),
        "--passphrase-file", str(work / "pass"),
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    proc = run("verify", str(work / "r.pdf"), "--trust", str(work / "id.ca.pem"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
