"""Test doubles for the template engine and the PDF signer (tests only: never shipped).

They are deterministic and small, but honest about what the store relies on: the
renderer's text depends on every answer, and the signer refuses a wrong passphrase.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from radreport.domain.report import (
    FINDINGS,
    IMPRESSION,
    Paragraph,
    ReportDocument,
    ReportText,
    Section,
    Sentence,
)
from radreport.domain.study import Patient, PersonName, Study

PASSPHRASE = "key-passphrase"


class DoubleRenderer:
    version = "1.0"

    def render(
        self, template_id: str, answers: Mapping[str, Any], study: Study, lang: str
    ) -> ReportText:
        title = "MRI report" if lang == "en" else "Rapport d'IRM"
        findings = tuple(
            Paragraph((Sentence(f"{k}: {v}.", (k,)),)) for k, v in sorted(answers.items())
        ) or (Paragraph((Sentence("No finding entered.", ()),)),)
        return ReportText(
            language=lang,
            title=title,
            template_id=template_id,
            template_version=self.version,
            sections=(
                Section(FINDINGS, "Findings" if lang == "en" else "Constatations", findings),
                Section(
                    IMPRESSION,
                    "Impression",
                    (Paragraph((Sentence(f"Patient {study.patient.patient_id}.", ()),)),),
                    numbered=True,
                ),
            ),
        )

    def validate(self, template_id: str, answers: Mapping[str, Any], study: Study) -> Sequence[str]:
        return ["impression is missing"] if answers.get("incomplete") else []

    def preset(self, template_id: str, name: str) -> dict[str, Any]:
        if name != "normal":
            raise KeyError(name)
        return {"brain": "normal", "spine": "normal"}


class DoubleSigner:
    """Fakes PAdES: a PDF-looking byte string holding the document, SHA-256 over it."""

    def __init__(self) -> None:
        self.calls: list[ReportDocument] = []

    def sign(
        self, document: ReportDocument, identity_path: Path, passphrase: str
    ) -> tuple[bytes, str, str]:
        if passphrase != PASSPHRASE:
            raise ValueError("wrong passphrase for the signing key")
        identity = Path(identity_path).read_bytes()
        self.calls.append(document)
        body = json.dumps(
            {
                "id": document.report_id,
                "status": document.status.value,
                "text": document.text.plain_text(),
                "addenda": [t for _, t in document.addenda],
                "signed_at": document.signature.signed_at.isoformat()
                if document.signature
                else None,
            },
            ensure_ascii=False,
        ).encode()
        pdf = b"%PDF-1.7\n" + body + b"\n%%EOF\n"
        return pdf, hashlib.sha256(pdf).hexdigest(), hashlib.sha256(identity).hexdigest()


def make_study(
    uid: str = "1.2.3.4",
    *,
    patient_id: str = "P001",
    name: str = "DUPONT^Jérôme",
    accession: str = "A001",
    referring: str = "TREMBLAY^Hélène",
    date: dt.date = dt.date(2026, 3, 14),
) -> Study:
    return Study(
        study_instance_uid=uid,
        patient=Patient(patient_id, PersonName(name), dt.date(1960, 1, 2), "M"),
        accession_number=accession,
        date=date,
        description="IRM cerveau et moelle",
        referring_physician=PersonName(referring),
        institution="CHU Test",
    )
