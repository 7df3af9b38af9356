"""Check the signatures of a PDF report, for the referring physician and for the store.

For each signature: who signed, when, whether the signed bytes are intact,
whether the signature covers the whole file, what (if anything) changed after
it, and whether the signer chains to a trusted CA (only when CA certificates are
given: without them trust is "not checked", never "trusted").  Nothing is
fetched from the network.
"""

from __future__ import annotations

import hashlib
import io
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_NOT_SIGNED_PDF = 2


class NotASignedPdf(ValueError):
    """The input is not a PDF with signatures (empty, unreadable, not a PDF, unsigned)."""


class TrustStoreError(ValueError):
    """A --trust file that is not a certificate."""


@dataclass(frozen=True, slots=True)
class SignatureReport:
    field_name: str
    signer: str  # common name
    signer_subject: str
    issuer: str
    signing_time: str | None  # ISO 8601, as claimed by the signer
    timestamp_time: str | None  # ISO 8601, from a time-stamp authority (PAdES B-T)
    timestamp_intact: bool | None
    reason: str
    intact: bool  # the signed bytes hash to the signed digest
    valid: bool  # the cryptographic signature over that digest checks out
    covers_whole_file: bool
    coverage: str
    changed_after_signing: str  # "no", "signatures added (permitted)", "yes: ..."
    changes_permitted: bool
    trusted: bool | None  # None: no trust anchors given
    trust_problem: str = ""
    signed_digest_sha256: str = ""

    @property
    def ok(self) -> bool:
        return self.intact and self.valid and self.changes_permitted


@dataclass(frozen=True, slots=True)
class VerificationReport:
    path: str
    signatures: tuple[SignatureReport, ...]
    trust_checked: bool
    problems: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def exit_code(self) -> int:
        return EXIT_OK if self.ok else EXIT_INVALID

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "ok": self.ok,
            "trust_checked": self.trust_checked,
            "problems": list(self.problems),
            "signatures": [asdict(s) | {"ok": s.ok} for s in self.signatures],
        }


def load_trust_roots(paths: Sequence[str | os.PathLike[str]]) -> list[asn1_x509.Certificate]:
    roots: list[asn1_x509.Certificate] = []
    for p in paths:
        try:
            data = Path(p).read_bytes()
        except OSError as exc:
            raise TrustStoreError(f"cannot read CA file {p}: {exc.strerror or exc}") from exc
        try:
            if pem.detect(data):
                for _, _, der in pem.unarmor(data, multiple=True):
                    roots.append(asn1_x509.Certificate.load(der))
            else:
                cert = asn1_x509.Certificate.load(data)
                _ = cert.subject  # force parsing
                roots.append(cert)
        except (ValueError, TypeError) as exc:
            raise TrustStoreError(f"{p} is not an X.509 certificate (PEM or DER)") from exc
        if not roots:
            raise TrustStoreError(f"{p} holds no certificate")
    return roots


def _read(data_or_path: bytes | str | os.PathLike[str]) -> tuple[bytes, str]:
    if isinstance(data_or_path, bytes | bytearray):
        return bytes(data_or_path), "<bytes>"
    p = Path(data_or_path)
    try:
        return p.read_bytes(), str(p)
    except IsADirectoryError as exc:
        raise NotASignedPdf(f"{p} is a folder, not a PDF file") from exc
    except OSError as exc:
        raise NotASignedPdf(f"cannot read {p}: {exc.strerror or exc}") from exc


def verify_pdf(
    data_or_path: bytes | str | os.PathLike[str],
    trust: Sequence[str | os.PathLike[str]] | Sequence[asn1_x509.Certificate] | None = None,
) -> VerificationReport:
    """Validate every signature; raises :class:`NotASignedPdf` for non-PDF/unsigned input."""
    data, name = _read(data_or_path)
    if not data:
        raise NotASignedPdf(f"{name} is empty")
    if not data.lstrip()[:5] == b"%PDF-":
        raise NotASignedPdf(f"{name} is not a PDF file")
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        _ = reader.root
    except Exception as exc:  # pyHanko raises several error types on damaged files
        raise NotASignedPdf(f"{name} is a damaged PDF that cannot be read ({exc})") from exc
    try:
        sigs = list(reader.embedded_signatures)
    except Exception as exc:
        # a readable PDF whose signature data is garbage: a signed PDF that fails
        if b"/ByteRange" in data:
            return VerificationReport(
                name, (), trust is not None, (f"the signature data is corrupt ({exc})",)
            )
        raise NotASignedPdf(f"{name} is a damaged PDF that cannot be read ({exc})") from exc
    if not sigs:
        raise NotASignedPdf(f"{name} has no digital signature")
    roots: list[asn1_x509.Certificate] | None = None
    if trust:
        if all(isinstance(t, asn1_x509.Certificate) for t in trust):
            roots = [t for t in trust if isinstance(t, asn1_x509.Certificate)]
        else:
            roots = load_trust_roots([t for t in trust if not isinstance(t, asn1_x509.Certificate)])
    reports = []
    problems: list[str] = []
    for i, sig in enumerate(sigs):
        last = i == len(sigs) - 1
        rep = _check(sig, roots, data)
        reports.append(rep)
        label = f"signature {i + 1} ({rep.field_name})"
        if not rep.intact:
            problems.append(f"{label}: the signed bytes were altered")
        elif not rep.valid:
            problems.append(f"{label}: the signature value is invalid")
        if last and not rep.covers_whole_file:
            problems.append(f"{label}: content was added after the last signature")
        elif not rep.changes_permitted:
            problems.append(f"{label}: the document was changed after signing")
        if roots is not None and not rep.trusted:
            problems.append(f"{label}: signer not trusted ({rep.trust_problem or 'unknown'})")
    return VerificationReport(name, tuple(reports), roots is not None, tuple(problems))


def _check(sig: Any, roots: list[asn1_x509.Certificate] | None, data: bytes) -> SignatureReport:
    vc = ValidationContext(
        trust_roots=roots or [],
        allow_fetching=False,
        revocation_mode="soft-fail",
    )
    cert = sig.signer_cert
    subject = cert.subject.human_friendly
    cn = str(cert.subject.native.get("common_name", subject))
    issuer = cert.issuer.human_friendly
    try:
        status = validate_pdf_signature(sig, signer_validation_context=vc)
    except Exception as exc:  # a broken CMS blob: report as invalid, not a traceback
        return SignatureReport(
            field_name=sig.field_name,
            signer=cn,
            signer_subject=subject,
            issuer=issuer,
            signing_time=None,
            timestamp_time=None,
            timestamp_intact=None,
            reason="",
            intact=False,
            valid=False,
            covers_whole_file=False,
            coverage="unknown",
            changed_after_signing=f"cannot validate: {exc}",
            changes_permitted=False,
            trusted=False if roots is not None else None,
            trust_problem="cannot validate",
        )
    coverage = status.coverage
    whole = coverage == SignatureCoverageLevel.ENTIRE_FILE
    level = status.modification_level
    if whole:
        changed = "no"
    elif status.docmdp_ok:
        lvl = level.name.lower().replace("_", " ") if level is not None else "signatures"
        changed = f"later revisions only add signatures or form data (permitted: {lvl})"
    else:
        changed = "yes: content was modified in a later revision"
    trusted: bool | None = None
    problem = ""
    if roots is not None:
        trusted = bool(status.trusted)
        if not trusted:
            problem = "certificate chain does not lead to a given CA, or key usage/validity fails"
    ts = status.timestamp_validity
    reason = sig.sig_object.get("/Reason")
    br = list(sig.sig_object["/ByteRange"])
    h = hashlib.sha256()
    for start, length in zip(br[::2], br[1::2], strict=True):
        h.update(data[int(start) : int(start) + int(length)])
    return SignatureReport(
        field_name=sig.field_name,
        signer=cn,
        signer_subject=subject,
        issuer=issuer,
        signing_time=status.signer_reported_dt.isoformat() if status.signer_reported_dt else None,
        timestamp_time=ts.timestamp.isoformat() if ts is not None else None,
        timestamp_intact=bool(ts.intact and ts.valid) if ts is not None else None,
        reason=str(reason) if reason is not None else "",
        intact=bool(status.intact),
        valid=bool(status.valid),
        covers_whole_file=whole,
        coverage=coverage.name.lower() if coverage is not None else "unknown",
        changed_after_signing=changed,
        changes_permitted=whole or bool(status.docmdp_ok),
        trusted=trusted,
        trust_problem=problem,
        signed_digest_sha256=h.hexdigest(),
    )


def format_report(report: VerificationReport) -> str:
    """Plain-text summary for the terminal."""
    lines = [f"{report.path}: {len(report.signatures)} signature(s)"]
    for i, s in enumerate(report.signatures, 1):
        trust = (
            "not checked (use --trust CA.pem)"
            if s.trusted is None
            else ("yes" if s.trusted else f"NO ({s.trust_problem})")
        )
        lines += [
            f"Signature {i} ({s.field_name})",
            f"  signer:                 {s.signer}",
            f"  certificate subject:    {s.signer_subject}",
            f"  issuer:                 {s.issuer}",
            f"  reason:                 {s.reason or '-'}",
            f"  signing time (claimed): {s.signing_time or '-'}",
        ]
        if s.timestamp_time:
            lines.append(
                f"  time-stamp (TSA):       {s.timestamp_time}"
                f"{'' if s.timestamp_intact else ' (INVALID time-stamp)'}"
            )
        lines += [
            f"  signed bytes intact:    {'yes' if s.intact else 'NO'}",
            f"  signature valid:        {'yes' if s.valid else 'NO'}",
            f"  covers whole file:      {'yes' if s.covers_whole_file else 'no'}",
            f"  changed after signing:  {s.changed_after_signing}",
            f"  trusted:                {trust}",
            f"  signed SHA-256:         {s.signed_digest_sha256 or '-'}",
        ]
    if report.ok:
        lines.append(
            "RESULT: VALID"
            + ("" if report.trust_checked else " (signer identity not checked against a CA)")
        )
    else:
        lines.append("RESULT: NOT VALID")
        lines += [f"  - {p}" for p in report.problems]
    return "\n".join(lines)
