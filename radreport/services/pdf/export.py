"""One call for the GUI, the store and ``radreport render --format pdf``: render, sign, hash.

result = export_pdf(doc, identity=identity)      # identity None: unsigned draft PDF
write_atomic(path, result.data)                   # keep result.signed_sha256 in the audit
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from pyhanko.sign.timestamps import TimeStamper

from radreport.domain.report import ExamBanner, ReportDocument, ReportStatus, ReportText
from radreport.services.pdf.config import PdfConfig, load_config
from radreport.services.pdf.layout import render_report
from radreport.services.pdf.signing import SigningError, SigningIdentity, sign_pdf


@dataclass(frozen=True, slots=True)
class ExportResult:
    data: bytes
    pages: int
    signed_sha256: str | None  # SHA-256 of the signed byte ranges; None when unsigned
    file_sha256: str


def document_for_text(
    text: ReportText,
    *,
    banner: ExamBanner | None = None,
    report_id: str = "unsaved",
    status: ReportStatus = ReportStatus.DRAFT,
) -> ReportDocument:
    """A renderable document for a bare ReportText (the render command before the store)."""
    return ReportDocument(
        report_id=report_id,
        banner=banner or ExamBanner(patient_name="", patient_id=""),
        text=text,
        status=status,
    )


def export_pdf(
    doc: ReportDocument,
    *,
    identity: SigningIdentity | None = None,
    config: PdfConfig | None = None,
    tsa_url: str | None = None,
    timestamper: TimeStamper | None = None,
) -> ExportResult:
    """Render ``doc``; with ``identity``, sign it (``doc.signature`` is the manifestation)."""
    config = config or load_config()
    rendered = render_report(doc, config=config)
    if identity is None:
        return ExportResult(
            rendered.data, rendered.pages, None, hashlib.sha256(rendered.data).hexdigest()
        )
    if doc.signature is None:
        raise SigningError("a signed export needs the signature manifestation (doc.signature)")
    signed = sign_pdf(
        rendered.data,
        identity,
        doc.signature,
        language=doc.text.language,
        tsa_url=tsa_url or config.tsa_url or None,
        timestamper=timestamper,
        stamp_box=rendered.stamp_box,
        fonts=config.fonts,
        location=config.letterhead.clinic_name,
    )
    return ExportResult(signed.data, rendered.pages, signed.sha256, signed.file_sha256)
