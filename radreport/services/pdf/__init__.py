"""Signed PDF reports: layout (reportlab), PAdES signing (pyHanko), verification.

Typical use::

    pdf = render_pdf(doc)                                  # unsigned bytes
    identity = load_identity("me.p12", passphrase)
    signed = sign_pdf(pdf, identity, doc.signature, language=doc.text.language)
    write_atomic("report.pdf", signed.data)                # store signed.sha256 in the audit
    report = verify_pdf("report.pdf", trust=["hospital-ca.pem"])
"""

from radreport.services.atomic import write_atomic
from radreport.services.pdf.config import ConfigError, Letterhead, PdfConfig, load_config
from radreport.services.pdf.export import ExportResult, document_for_text, export_pdf
from radreport.services.pdf.fonts import FontConfig, FontError, load_fonts
from radreport.services.pdf.jsonio import ReportJsonError, document_from_dict, document_to_dict
from radreport.services.pdf.layout import RenderedPdf, StampBox, render_pdf, render_report
from radreport.services.pdf.pki import DemoIdentity, make_demo_identity
from radreport.services.pdf.signing import (
    AddendumSpaceError,
    SignedPdf,
    SigningError,
    SigningIdentity,
    add_signed_addendum,
    load_identity,
    read_passphrase,
    sign_pdf,
)
from radreport.services.pdf.verify import (
    NotASignedPdf,
    SignatureReport,
    TrustStoreError,
    VerificationReport,
    verify_pdf,
)

__all__ = [
    "AddendumSpaceError",
    "ConfigError",
    "DemoIdentity",
    "ExportResult",
    "FontConfig",
    "FontError",
    "Letterhead",
    "NotASignedPdf",
    "PdfConfig",
    "RenderedPdf",
    "ReportJsonError",
    "SignatureReport",
    "SignedPdf",
    "SigningError",
    "SigningIdentity",
    "StampBox",
    "TrustStoreError",
    "VerificationReport",
    "add_signed_addendum",
    "document_for_text",
    "document_from_dict",
    "document_to_dict",
    "export_pdf",
    "load_config",
    "load_fonts",
    "load_identity",
    "make_demo_identity",
    "read_passphrase",
    "render_pdf",
    "render_report",
    "sign_pdf",
    "verify_pdf",
    "write_atomic",
]
