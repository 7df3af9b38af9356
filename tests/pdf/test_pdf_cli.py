"""CLI: keygen, pdf --sign, addendum, and the verifier's exit codes and JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from radreport.cli import main
from radreport.services.pdf import document_to_dict
from radreport.services.pdf.samples import sample_document

PASS = "a long demo passphrase"


@pytest.fixture
def signed_setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    monkeypatch.setenv("RADREPORT_KEY_PASSPHRASE", PASS)
    p12 = tmp_path / "me.p12"
    assert main(["keygen", "--name", "Dr. Ana Ruiz", "--out", str(p12)]) == 0
    report_json = tmp_path / "report.json"
    doc = sample_document("fr", signed=False, patient_name="Ψαρράς Νίκος")
    report_json.write_text(json.dumps(document_to_dict(doc)), encoding="utf-8")
    out = tmp_path / "report.pdf"
    rc = main(
        [
            "pdf",
            "--report-json",
            str(report_json),
            "--out",
            str(out),
            "--sign",
            str(p12),
            "--credentials",
            "MD, FRCPC",
        ]
    )
    assert rc == 0
    return {"p12": p12, "ca": tmp_path / "me.ca.pem", "pdf": out, "json": report_json}


def test_keygen_output_says_not_for_clinical_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("RADREPORT_KEY_PASSPHRASE", PASS)
    out = tmp_path / "id.p12"
    assert main(["keygen", "--name", "Dr. X", "--credentials", "MD", "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "NOT FOR CLINICAL USE" in text
    assert out.exists() and (tmp_path / "id.ca.pem").exists()
    # never silently overwrites a key
    assert main(["keygen", "--name", "Dr. X", "--out", str(out)]) == 2
    assert "exists" in capsys.readouterr().err
    # the passphrase is never a command-line argument
    with pytest.raises(SystemExit) as exc:
        main(["keygen", "--name", "X", "--out", str(out), "--passphrase", "secret"])
    assert exc.value.code == 2


def test_passphrase_file_and_wrong_passphrase(
    signed_setup: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.delenv("RADREPORT_KEY_PASSPHRASE")
    good = tmp_path / "pass.txt"
    good.write_text(PASS + "\n", encoding="utf-8")
    out = tmp_path / "b.pdf"
    args = ["pdf", "--demo", "en", "--out", str(out), "--sign", str(signed_setup["p12"])]
    assert main([*args, "--passphrase-file", str(good)]) == 0
    bad = tmp_path / "bad.txt"
    bad.write_text("nope", encoding="utf-8")
    out.unlink()
    assert main([*args, "--passphrase-file", str(bad)]) == 1
    assert "wrong passphrase" in capsys.readouterr().err
    assert not out.exists()
    # no terminal, no file, no variable: a clear message, not a hang or a traceback
    monkeypatch.setattr(sys, "stdin", open("/dev/null"))  # noqa: SIM115
    assert main(args) == 1
    assert "RADREPORT_KEY_PASSPHRASE" in capsys.readouterr().err


def test_verify_exit_codes_and_json(
    signed_setup: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf, ca = signed_setup["pdf"], signed_setup["ca"]
    capsys.readouterr()
    assert main(["verify", str(pdf)]) == 0
    text = capsys.readouterr().out
    assert "Dr. Ana Ruiz" in text and "RESULT: VALID" in text and "not checked" in text
    assert main(["verify", str(pdf), "--trust", str(ca), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is True and data["trust_checked"] is True
    (sig,) = data["signatures"]
    assert sig["intact"] and sig["covers_whole_file"] and sig["trusted"]
    assert sig["signer"] == "Dr. Ana Ruiz"
    assert sig["reason"] == "Rapport final, signé électroniquement"
    assert sig["signing_time"]
    # another CA: intact but untrusted
    other = tmp_path / "other"
    other.mkdir()
    assert main(["keygen", "--name", "Mallory", "--out", str(other / "m.p12")]) == 0
    capsys.readouterr()
    assert main(["verify", str(pdf), "--trust", str(other / "m.ca.pem")]) == 1
    assert "NOT VALID" in capsys.readouterr().out
    # one byte changed inside the signed range
    data_b = pdf.read_bytes()
    pos = data_b.index(b"ReportLab")
    bad = tmp_path / "tampered.pdf"
    bad.write_bytes(data_b[:pos] + b"Q" + data_b[pos + 1 :])
    assert main(["verify", str(bad), "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["signatures"][0]["intact"] is False


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"hello, not a pdf", "not a PDF"),
        (b"%PDF-1.7\n garbage garbage", "damaged"),
        (None, "cannot read"),
    ],
)
def test_verify_not_a_signed_pdf_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | None, message: str
) -> None:
    path = tmp_path / "x.pdf"
    if content is not None:
        path.write_bytes(content)
    assert main(["verify", str(path)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_verify_unsigned_and_folder_are_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    unsigned = tmp_path / "draft.pdf"
    assert main(["pdf", "--demo", "en", "--out", str(unsigned)]) == 0
    assert main(["verify", str(unsigned), "--json"]) == 2
    captured = capsys.readouterr()
    assert json.loads(captured.out.splitlines()[-1])["error"].endswith("no digital signature")
    assert main(["verify", str(tmp_path)]) == 2
    assert "folder" in capsys.readouterr().err


def test_addendum_command_keeps_first_signature(
    signed_setup: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = tmp_path / "addendum.txt"
    text.write_text("Précision : la moelle est normale de C2 à T1.", encoding="utf-8")
    out = tmp_path / "with-addendum.pdf"
    rc = main(
        [
            "addendum",
            str(signed_setup["pdf"]),
            "--text-file",
            str(text),
            "--sign",
            str(signed_setup["p12"]),
            "--out",
            str(out),
            "--lang",
            "fr",
        ]
    )
    assert rc == 0
    assert out.read_bytes().startswith(signed_setup["pdf"].read_bytes())
    capsys.readouterr()
    assert main(["verify", str(out), "--trust", str(signed_setup["ca"]), "--json"]) == 0
    sigs = json.loads(capsys.readouterr().out)["signatures"]
    assert len(sigs) == 2 and all(s["intact"] and s["trusted"] for s in sigs)
    assert sigs[0]["covers_whole_file"] is False and sigs[0]["changes_permitted"] is True


def test_bad_report_json_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"text": {"sections": [{"paragraphs": 5}]}}', encoding="utf-8")
    assert main(["pdf", "--report-json", str(bad), "--out", str(tmp_path / "o.pdf")]) == 1
    assert "not a report" in capsys.readouterr().err
    bad.write_text("{nope", encoding="utf-8")
    assert main(["pdf", "--report-json", str(bad), "--out", str(tmp_path / "o.pdf")]) == 2
    assert not (tmp_path / "o.pdf").exists()


@pytest.mark.slow
def test_console_script_end_to_end(signed_setup: dict[str, Path]) -> None:
    """The real entry point in a fresh process: exit codes and no traceback on stderr."""
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "radreport",
            "verify",
            str(signed_setup["pdf"]),
            "--trust",
            str(signed_setup["ca"]),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr
    res = subprocess.run(
        [sys.executable, "-m", "radreport", "verify", str(signed_setup["json"])],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert res.returncode == 2 and "not a PDF" in res.stderr and "Traceback" not in res.stderr
