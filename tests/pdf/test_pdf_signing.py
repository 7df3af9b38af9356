"""Signing: PAdES B-B/B-T checked by poppler's pdfsig and our verifier; addenda; atomic files."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

from radreport.services import atomic as atomic_mod
from radreport.services.pdf import (
    AddendumSpaceError,
    SigningError,
    add_signed_addendum,
    load_identity,
    render_report,
    sign_pdf,
    verify_pdf,
    write_atomic,
)
from radreport.services.pdf.samples import sample_document, sample_manifestation

Pki = Any  # the ``pki`` fixture of conftest.py
PASSPHRASE = b"correct horse battery"  # as in conftest.py

Run = Callable[..., subprocess.CompletedProcess[str]]


def _signed(pki: Pki, lang: str = "en", **kw: object) -> tuple[bytes, str]:
    doc = sample_document(lang, patient_name="山田 太郎 / Иванов")
    rendered = render_report(doc)
    assert doc.signature is not None
    signed = sign_pdf(rendered.data, pki.identity, doc.signature, language=lang, **kw)  # type: ignore[arg-type]
    return signed.data, signed.sha256


def _pdfsig(run_tool: Run, path: Path, *extra: str) -> str:
    res = run_tool("pdfsig", *extra, str(path))
    return res.stdout + res.stderr


def _byte_ranges(data: bytes) -> list[list[int]]:
    return [
        [int(x) for x in m.group(1).split()]
        for m in re.finditer(rb"/ByteRange\s*\[\s*([\d\s]+)\]", data)
    ]


def test_signed_report_is_valid_for_pdfsig_and_trusted_with_the_ca(
    tmp_path: Path, pki: Pki, run_tool: Run, nss_db: str
) -> None:
    data, digest = _signed(pki)
    path = tmp_path / "signed.pdf"
    path.write_bytes(data)
    out = _pdfsig(run_tool, path)
    assert "Signature is Valid." in out, out
    assert "Total document signed" in out
    assert "SHA-256" in out
    trusted = _pdfsig(run_tool, path, "-nssdir", nss_db)
    assert "Certificate is Trusted." in trusted, trusted
    # the digest handed back is the SHA-256 of exactly the signed byte ranges
    (br,) = _byte_ranges(data)
    signed_bytes = data[br[0] : br[0] + br[1]] + data[br[2] : br[2] + br[3]]
    assert digest == hashlib.sha256(signed_bytes).hexdigest()
    assert br[2] + br[3] == len(data)
    # independent structure and font checks on the signed file (stamp included)
    assert run_tool("qpdf", "--check", str(path)).returncode == 0
    fonts = run_tool("pdffonts", str(path), check=True).stdout.splitlines()[2:]
    assert fonts and all(re.search(r"\syes\s+yes\s+(yes|no)\s+\d+\s+\d+\s*$", f) for f in fonts)
    report = verify_pdf(path, trust=[pki.demo.ca_path])
    assert report.ok and report.exit_code == 0
    (sig,) = report.signatures
    assert sig.intact and sig.valid and sig.covers_whole_file and sig.trusted
    assert sig.signer == "Dr. Hélène Côté-Laframboise"
    assert sig.reason == "Final report, electronically signed"
    assert sig.signed_digest_sha256 == digest
    assert sig.changed_after_signing == "no"


def test_one_byte_change_is_a_digest_mismatch(tmp_path: Path, pki: Pki, run_tool: Run) -> None:
    data, _ = _signed(pki)
    pos = data.index(b"ReportLab")  # inside the first signed range, keeps the file readable
    (br,) = _byte_ranges(data)
    assert pos < br[1]
    tampered = data[:pos] + b"X" + data[pos + 1 :]
    path = tmp_path / "tampered.pdf"
    path.write_bytes(tampered)
    assert "Digest Mismatch." in _pdfsig(run_tool, path)
    report = verify_pdf(path)
    assert not report.ok and report.exit_code == 1
    assert report.signatures[0].intact is False
    assert any("altered" in p for p in report.problems)


def test_corrupt_signature_data_is_invalid_not_unsigned(pki: Pki) -> None:
    data, _ = _signed(pki)
    at = data.index(b"/Contents <") + len(b"/Contents <")
    corrupt = data[:at] + b"0" * 64 + data[at + 64 :]
    report = verify_pdf(corrupt)
    assert report.exit_code == 1 and "corrupt" in report.problems[0]


def test_untrusted_ca_and_appended_changes_are_reported(tmp_path: Path, pki: Pki) -> None:
    data, _ = _signed(pki)
    report = verify_pdf(data, trust=[pki.other.ca_path])
    assert report.exit_code == 1 and report.signatures[0].trusted is False
    assert report.signatures[0].intact  # intact but not from a trusted signer
    # an unsigned incremental update after the signature (e.g. an edited page)
    appended = data + b"\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
    rep2 = verify_pdf(appended)
    assert rep2.exit_code == 1
    assert not rep2.signatures[0].covers_whole_file


def test_signed_addendum_keeps_the_original_signature_valid(
    tmp_path: Path, pki: Pki, run_tool: Run, nss_db: str
) -> None:
    original, first_digest = _signed(pki, "fr")
    man = dataclasses.replace(
        sample_manifestation("fr"),
        meaning="Addenda, signé électroniquement",
        signed_at=dt.datetime(2026, 3, 15, 9, 5, tzinfo=dt.timezone(dt.timedelta(hours=-4))),
    )
    text = "Correction : le diamètre canalaire minimal en C5-C6 est de 10,2 mm. <b>&</b>"
    add1 = add_signed_addendum(original, text, man, pki.identity, language="fr")
    assert add1.data.startswith(original)  # signed bytes never rewritten
    add2 = add_signed_addendum(add1.data, "Second addendum.", man, pki.identity, language="fr")
    assert add2.data.startswith(add1.data)
    path = tmp_path / "addenda.pdf"
    path.write_bytes(add2.data)
    out = _pdfsig(run_tool, path, "-nssdir", nss_db)
    assert out.count("Signature is Valid.") == 3, out
    # poppler 22.12 + NSS trust the first signature but report "Unknown issue with
    # Certificate" when the same certificate signs again in one file (a second signer
    # under the same CA is trusted: see the colleague test below); pyHanko trusts all.
    assert out.count("Certificate is Trusted.") >= 1, out
    report = verify_pdf(path, trust=[pki.demo.ca_path])
    assert report.exit_code == 0, report.problems
    assert [s.field_name for s in report.signatures] == [
        "RadReportSignature",
        "RadReportAddendum1",
        "RadReportAddendum2",
    ]
    first = report.signatures[0]
    assert first.intact and not first.covers_whole_file and first.changes_permitted
    assert first.signed_digest_sha256 == first_digest
    assert report.signatures[-1].covers_whole_file
    with pytest.raises(AddendumSpaceError):
        add_signed_addendum(add2.data, "long " * 6000, man, pki.identity)
    assert run_tool("qpdf", "--check", str(path)).returncode == 0


def _tsa() -> DummyTimeStamper:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "RadReport test TSA")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(key, hashes.SHA256())
    )
    return DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
        tsa_key=asn1_keys.PrivateKeyInfo.load(
            key.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        ),
    )


def test_pades_b_t_with_a_time_stamp(tmp_path: Path, pki: Pki, run_tool: Run) -> None:
    data, _ = _signed(pki, timestamper=_tsa())
    path = tmp_path / "bt.pdf"
    path.write_bytes(data)
    assert "Signature is Valid." in _pdfsig(run_tool, path)
    report = verify_pdf(path, trust=[pki.demo.ca_path])
    (sig,) = report.signatures
    assert sig.timestamp_time is not None and sig.timestamp_intact
    assert report.exit_code == 0


def test_identity_errors_are_clear(tmp_path: Path, pki: Pki) -> None:
    with pytest.raises(SigningError, match="wrong passphrase"):
        load_identity(pki.demo.p12_path, b"not the passphrase")
    with pytest.raises(SigningError, match="cannot read"):
        load_identity(tmp_path / "missing.p12", PASSPHRASE)
    junk = tmp_path / "junk.p12"
    junk.write_bytes(b"not pkcs12")
    with pytest.raises(SigningError, match="PKCS#12"):
        load_identity(junk, PASSPHRASE)
    man = sample_manifestation()
    with pytest.raises(SigningError, match="not a readable PDF"):
        sign_pdf(b"%PDF-1.4 garbage", pki.identity, man)
    with pytest.raises(SigningError, match="sign the report first"):
        add_signed_addendum(render_report(sample_document()).data, "x", man, pki.identity)


def test_keygen_identity_is_marked_not_for_clinical_use(pki: Pki) -> None:
    cert = x509.load_pem_x509_certificate(pki.demo.ca_path.read_bytes())
    assert "NOT FOR CLINICAL USE" in cert.subject.rfc4514_string()
    assert "NOT FOR CLINICAL USE" in pki.demo.subject
    assert "NOT FOR CLINICAL USE" in pki.identity.subject
    assert oct(pki.demo.p12_path.stat().st_mode & 0o777) == "0o600"


# -- atomic writes ------------------------------------------------------------------


def test_write_atomic_failing_mid_write_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.pdf"
    data = b"%PDF-" + os.urandom(3 * atomic_mod.CHUNK)
    real_fdopen = os.fdopen
    written: list[int] = []

    class Boom:
        def __init__(self, fh: object) -> None:
            self.fh = fh

        def __enter__(self) -> Boom:
            return self

        def __exit__(self, *exc: object) -> None:
            self.fh.close()  # type: ignore[attr-defined]

        def write(self, chunk: bytes) -> int:
            if written:
                raise OSError(28, "No space left on device")
            written.append(self.fh.write(chunk))  # type: ignore[attr-defined]
            return written[-1]

    monkeypatch.setattr(atomic_mod.os, "fdopen", lambda fd, mode: Boom(real_fdopen(fd, mode)))
    with pytest.raises(OSError, match="No space"):
        write_atomic(target, data)
    assert written  # it really failed half-way
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []  # the temporary file is gone too

    # an earlier complete export survives a failed overwrite untouched
    monkeypatch.setattr(atomic_mod.os, "fdopen", real_fdopen)
    write_atomic(target, b"%PDF-old complete")
    written.clear()
    monkeypatch.setattr(atomic_mod.os, "fdopen", lambda fd, mode: Boom(real_fdopen(fd, mode)))
    with pytest.raises(OSError):
        write_atomic(target, data)
    assert target.read_bytes() == b"%PDF-old complete"
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]


def test_write_atomic_interrupted_before_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "r.pdf"

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic_mod.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"%PDF-data")
    assert list(tmp_path.iterdir()) == []


def test_write_atomic_killed_process_never_exposes_partial(tmp_path: Path) -> None:
    """A real process killed while writing a large file: the final name never appears."""
    import signal
    import sys
    import time

    target = tmp_path / "big.pdf"
    code = (
        "import sys, time\n"
        "from radreport.services import atomic\n"
        "orig = atomic.os.fsync\n"
        "def slow(fd):\n"
        "    print('writing', flush=True); time.sleep(30)\n"
        "atomic.os.fsync = slow\n"
        f"atomic.write_atomic({str(target)!r}, b'x' * (8 << 20))\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, cwd=Path.cwd()
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "writing"
    time.sleep(0.1)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert not target.exists()
    leftovers = [p.name for p in tmp_path.iterdir()]
    assert all(n.startswith(".big.pdf.") and n.endswith(".part") for n in leftovers)


def _two_signers_one_ca(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A hospital-like CA issuing two radiologists' certificates."""
    from cryptography.hazmat.primitives.serialization import pkcs12

    now = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)

    def name(cn: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])

    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca = (
        x509.CertificateBuilder()
        .subject_name(name("Test Hospital CA"))
        .issuer_name(name("Test Hospital CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), True
        )
        .sign(ca_key, hashes.SHA256())
    )
    ca_path = tmp_path / "hospital-ca.pem"
    ca_path.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    out = []
    for cn in ("Dr. Alice Roy", "Dr. Bob Nguyen"):
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        cert = (
            x509.CertificateBuilder()
            .subject_name(name(cn))
            .issuer_name(ca.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now)
            .not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(True, True, False, False, False, False, False, False, False), True
            )
            .sign(ca_key, hashes.SHA256())
        )
        p = tmp_path / f"{cn.split()[-1]}.p12"
        p.write_bytes(
            pkcs12.serialize_key_and_certificates(
                cn.encode(), key, cert, [ca], serialization.BestAvailableEncryption(PASSPHRASE)
            )
        )
        out.append(p)
    return ca_path, out[0], out[1]


def test_addendum_by_a_colleague_is_trusted_by_pdfsig(tmp_path: Path, run_tool: Run) -> None:
    ca_path, alice_p12, bob_p12 = _two_signers_one_ca(tmp_path)
    db = tmp_path / "nss"
    db.mkdir()
    run_tool("certutil", "-N", "-d", f"sql:{db}", "--empty-password", check=True)
    run_tool(
        "certutil",
        "-A",
        "-d",
        f"sql:{db}",
        "-n",
        "hospital",
        "-t",
        "CT,C,C",
        "-i",
        str(ca_path),
        check=True,
    )
    alice, bob = load_identity(alice_p12, PASSPHRASE), load_identity(bob_p12, PASSPHRASE)
    doc = sample_document("en")
    assert doc.signature is not None
    signed = sign_pdf(render_report(doc).data, alice, doc.signature)
    man = dataclasses.replace(sample_manifestation(), signer_name="Dr. Bob Nguyen")
    final = add_signed_addendum(signed.data, "Addendum by a colleague.", man, bob)
    path = tmp_path / "colleague.pdf"
    path.write_bytes(final.data)
    out = _pdfsig(run_tool, path, "-nssdir", f"sql:{db}")
    assert out.count("Signature is Valid.") == 2, out
    assert out.count("Certificate is Trusted.") == 2, out
    report = verify_pdf(path, trust=[ca_path])
    assert report.exit_code == 0
    assert [s.signer for s in report.signatures] == ["Dr. Alice Roy", "Dr. Bob Nguyen"]


def test_export_pdf_for_the_gui_and_store(pki: Pki) -> None:
    from radreport.services.pdf import document_for_text, export_pdf

    doc = sample_document("en")
    signed = export_pdf(doc, identity=pki.identity)
    assert signed.pages == 2 and signed.signed_sha256
    report = verify_pdf(signed.data, trust=[pki.demo.ca_path])
    assert report.ok and report.signatures[0].signed_digest_sha256 == signed.signed_sha256
    assert hashlib.sha256(signed.data).hexdigest() == signed.file_sha256
    draft = export_pdf(document_for_text(doc.text))
    assert draft.signed_sha256 is None and draft.data.startswith(b"%PDF-")
    with pytest.raises(SigningError, match="manifestation"):
        export_pdf(document_for_text(doc.text), identity=pki.identity)


def test_signature_container_too_big_for_the_reserve_falls_back(
    pki: Pki, monkeypatch: pytest.MonkeyPatch
) -> None:
    from radreport.services.pdf import signing

    monkeypatch.setattr(signing, "RESERVED_BYTES", 512)  # far too small for RSA + 2 certs
    data, digest = _signed(pki)
    report = verify_pdf(data, trust=[pki.demo.ca_path])
    assert report.ok and report.signatures[0].signed_digest_sha256 == digest
