"""``radreport user|report|audit`` as users run them (exit codes, stdout, messages)."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import PASSWORD
from factory import write_series
from sqlalchemy import create_engine, text
from store_doubles import PASSPHRASE, DoubleRenderer, DoubleSigner

from radreport.cli import main
from radreport.services.store import set_renderer, set_signer

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def engines() -> Iterator[DoubleSigner]:
    signer = DoubleSigner()
    set_renderer(DoubleRenderer())
    set_signer(signer)
    yield signer
    set_renderer(None)
    set_signer(None)


@pytest.fixture
def cli(
    db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("RADREPORT_PASSWORD", PASSWORD)
    monkeypatch.setenv("RADREPORT_KEY_PASSPHRASE", PASSPHRASE)
    monkeypatch.setattr("sys.stdin", _Stdin(""))

    def run(*args: str, stdin: str = "") -> tuple[int, str, str]:
        capsys.readouterr()
        monkeypatch.setattr("sys.stdin", _Stdin(stdin))
        code = main([*args, "--db", db_url])
        out, err = capsys.readouterr()
        return code, out, err

    # bootstrap the first admin, then one account per role
    assert (
        run(
            "user",
            "add",
            "root",
            "--role",
            "admin",
            "--name",
            "Root",
            "--password-stdin",
            stdin=PASSWORD + "\n",
        )[0]
        == 0
    )
    for login, role in (("rad", "radiologist"), ("res", "resident"), ("sec", "secretary")):
        code, _, err = run(
            "user",
            "add",
            login,
            "--role",
            role,
            "--name",
            f"Dr {login.title()}",
            "--password-stdin",
            "--user",
            "root",
            stdin=PASSWORD + "\n",
        )
        assert code == 0, err
    return run


class _Stdin:
    def __init__(self, data: str) -> None:
        self.lines = data.splitlines(keepends=True)

    def readline(self) -> str:
        return self.lines.pop(0) if self.lines else ""

    def isatty(self) -> bool:
        return False


def _study(tmp_path: Path) -> Path:
    write_series(tmp_path / "study", 2, AccessionNumber="ACC-77")
    return tmp_path / "study"


@pytest.mark.slow
def test_cli_round_trip(cli, engines: DoubleSigner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    answers = tmp_path / "answers.yaml"
    answers.write_text("brain: Hypersignal T2 <b> & {{ x }}\n", encoding="utf-8")
    code, out, err = cli(
        "report",
        "new",
        "--study",
        str(_study(tmp_path)),
        "--template",
        "als",
        "--answers",
        str(answers),
        "--lang",
        "fr",
        "--user",
        "res",
    )
    assert code == 0, err
    rid = out.strip()
    assert rid.isdigit() and out == f"{rid}\n"  # the id alone, for scripts

    code, out, _ = cli("report", "show", rid, "--json", "--user", "rad")
    shown = json.loads(out)
    assert shown["status"] == "draft" and shown["accession_number"] == "ACC-77"
    assert "Hypersignal T2 <b> & {{ x }}" in shown["plain_text"]

    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps({"brain": "normal"}), encoding="utf-8")
    assert cli("report", "edit", rid, "--answers", str(edited), "--user", "res")[0] == 0
    code, _, err = cli(
        "report", "edit", rid, "--answers", str(edited), "--expect-version", "1", "--user", "res"
    )
    assert code == 1 and "nothing was overwritten" in err

    identity = tmp_path / "id.p12"
    identity.write_bytes(b"id")
    assert cli("report", "sign", rid, "--identity", str(identity), "--user", "res")[0] == 0
    code, _, err = cli("report", "sign", rid, "--identity", str(identity), "--user", "sec")
    assert code == 1 and "refused: a secretary may not sign" in err
    assert cli("report", "sign", rid, "--identity", str(identity), "--user", "rad")[0] == 0
    code, _, err = cli("report", "edit", rid, "--answers", str(edited), "--user", "rad")
    assert code == 1 and "final report can only be amended" in err
    code, _, err = cli(
        "report",
        "addend",
        rid,
        "--text",
        "Ajout : précision.",
        "--identity",
        str(identity),
        "--user",
        "rad",
    )
    assert code == 0, err

    pdf = tmp_path / "out.pdf"
    code, _, err = cli(
        "report", "export", rid, "--out", str(pdf), "--to", "Dr Roy", "--user", "sec"
    )
    assert code == 0, err
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert (
        cli("report", "deliver", rid, "--to", "Dr Roy", "--channel", "fax", "--user", "sec")[0] == 0
    )
    code, out, _ = cli("report", "search", "precision", "--user", "sec", "--json")
    assert [r["id"] for r in json.loads(out)] == [int(rid)]
    code, out, _ = cli("report", "list", "--user", "sec")
    assert "amended" in out and "ACC-77" in out
    code, out, _ = cli("report", "show", rid, "--user", "sec")
    assert "Delivered (fax) to Dr Roy by sec" in out and "ADDENDUM" in out
    code, out, _ = cli("report", "history", rid, "--user", "rad")
    assert "sign_final" in out

    code, out, _ = cli("audit", "verify", "--user", "root")
    assert code == 0 and "intact" in out
    csv_path = tmp_path / "audit.csv"
    assert cli("audit", "export", "--out", str(csv_path), "--user", "root")[0] == 0
    with csv_path.open(encoding="utf-8") as f:
        actions = [row["action"] for row in csv.DictReader(f)]
    assert "report_sign_final" in actions and "refused:sign_final" in actions


def test_cli_refusals_change_nothing(  # type: ignore[no-untyped-def]
    cli, engines: DoubleSigner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    study = _study(tmp_path)
    code, _, err = cli(
        "report",
        "new",
        "--study",
        str(study),
        "--template",
        "als",
        "--preset",
        "normal",
        "--user",
        "sec",
    )
    assert code == 1 and "refused: a secretary may not create" in err
    code, _, err = cli(
        "report",
        "new",
        "--study",
        str(tmp_path / "nothing"),
        "--template",
        "als",
        "--preset",
        "normal",
        "--user",
        "rad",
    )
    assert code == 1 and "no DICOM study found" in err
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2", encoding="utf-8")
    code, _, err = cli(
        "report",
        "new",
        "--study",
        str(study),
        "--template",
        "als",
        "--answers",
        str(bad),
        "--user",
        "rad",
    )
    assert code == 1 and "not valid JSON/YAML" in err
    code, out, _ = cli("report", "list", "--user", "rad", "--json")
    assert json.loads(out) == []
    code, _, err = cli(
        "user",
        "add",
        "x",
        "--role",
        "admin",
        "--name",
        "X",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert code == 1 and "log in as an admin" in err
    code, _, err = cli("report", "list")
    assert code == 1 and "--user LOGIN" in err
    monkeypatch.setenv("RADREPORT_PASSWORD", "wrong password")
    code, _, err = cli("report", "list", "--user", "rad")
    assert code == 1 and "wrong login or password" in err


def test_cli_audit_verify_names_the_broken_entry(cli, db_url: str) -> None:  # type: ignore[no-untyped-def]
    engine = create_engine(db_url)
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.execute(text("DROP TRIGGER audit_events_no_update"))
        else:
            conn.execute(text("ALTER TABLE audit_events DISABLE TRIGGER USER"))
        conn.execute(text("UPDATE audit_events SET action = 'nothing' WHERE seq = 2"))
    engine.dispose()
    code, out, _ = cli("audit", "verify", "--user", "root")
    assert code == 1 and "BROKEN at entry 2" in out


@pytest.mark.slow
def test_cli_end_to_end_with_the_real_engines(tmp_path: Path) -> None:
    """Real processes, real template engine and PAdES signer, default SQLite location:
    create from the demo study, sign, export, then verify the PDF independently."""
    from radreport.services.demo_study import write_demo_study

    env = {
        **os.environ,
        "RADREPORT_DATA_DIR": str(tmp_path / "data"),
        "RADREPORT_PASSWORD": PASSWORD,
        "RADREPORT_KEY_PASSPHRASE": "key-pass-123",
        "PYTHONIOENCODING": "utf-8",
    }
    env.pop("RADREPORT_DB", None)

    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "radreport", *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            timeout=180,
        )

    r = run(
        "user",
        "add",
        "root",
        "--role",
        "admin",
        "--name",
        "Root",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "data" / "radreport.sqlite3").is_file()  # the default location
    r = run(
        "user",
        "add",
        "rad",
        "--role",
        "radiologist",
        "--name",
        "Dr Anne Roy",
        "--credentials",
        "MD, FRCPC",
        "--password-stdin",
        "--user",
        "root",
        stdin=PASSWORD + "\n",
    )
    assert r.returncode == 0, r.stderr
    study = tmp_path / "demo"
    write_demo_study(study)
    from radreport.services.templates import load_template, preset_answers

    answers = preset_answers(load_template("brain"), "normal")
    answers["indication"] = (
        "Atteinte du motoneurone supérieur et inférieur; éliminer une autre cause."
    )
    answers_file = tmp_path / "answers.json"
    answers_file.write_text(json.dumps(answers, ensure_ascii=False), encoding="utf-8")
    r = run(
        "report",
        "new",
        "--study",
        str(study),
        "--template",
        "brain",
        "--answers",
        str(answers_file),
        "--lang",
        "fr",
        "--user",
        "rad",
    )
    assert r.returncode == 0, r.stderr
    report_id = r.stdout.strip()
    assert report_id and "\n" not in report_id  # the id alone, for scripts
    r = run("report", "show", report_id, "--user", "rad")
    assert r.returncode == 0 and "CONCLUSION" in r.stdout and "TREMBLAY" in r.stdout

    identity = tmp_path / "roy.p12"
    r = run("keygen", "--name", "Anne Roy", "--out", str(identity))
    assert r.returncode == 0, r.stderr
    r = run("report", "sign", report_id, "--identity", str(identity), "--user", "rad")
    assert r.returncode == 0, r.stderr
    # a final report's content can no longer change
    answers = tmp_path / "a.yaml"
    answers.write_text("indication: changed after signing\n", encoding="utf-8")
    r = run("report", "edit", report_id, "--answers", str(answers), "--user", "rad")
    assert r.returncode == 1 and "Traceback" not in r.stderr

    out = tmp_path / "report.pdf"
    r = run("report", "export", report_id, "--out", str(out), "--user", "rad")
    assert r.returncode == 0, r.stderr
    ca = identity.with_name("roy.ca.pem")
    r = run("verify", str(out), "--trust", str(ca), "--json")
    assert r.returncode == 0, r.stdout + r.stderr
    r = run("audit", "verify", "--user", "root")
    assert r.returncode == 0, r.stdout
