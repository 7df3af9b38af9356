"""The PDF layer as the report store's signer (radreport.services.store.engines.PdfSigner)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from radreport.domain.report import ReportDocument
from radreport.services.pdf.export import export_pdf
from radreport.services.pdf.signing import SigningError, load_identity


class PadesStoreSigner:
    """Render the document and sign it (PAdES B-B, or B-T when the letterhead sets a TSA)."""

    def sign(
        self, document: ReportDocument, identity_path: Path, passphrase: str
    ) -> tuple[bytes, str, str]:
        identity = load_identity(identity_path, passphrase)  # a wrong passphrase raises here
        result = export_pdf(document, identity=identity)
        if result.signed_sha256 is None:  # export_pdf signs whenever given an identity
            raise SigningError("the PDF was not signed")
        cert = identity.signer.signing_cert
        if cert is None:
            raise SigningError("the signing identity has no certificate")
        fingerprint = hashlib.sha256(cert.dump()).hexdigest()
        return result.data, result.signed_sha256, fingerprint
