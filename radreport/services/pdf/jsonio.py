"""Read a report (or just its text) from JSON: the inverse of the domain's ``to_dict``.

Used by ``radreport pdf --report-json`` so a report can be rendered from a file
before the template engine and the store are wired in.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from radreport.domain.report import (
    ExamBanner,
    Paragraph,
    ReportDocument,
    ReportStatus,
    ReportText,
    Section,
    Sentence,
    SignatureManifestation,
)


class ReportJsonError(ValueError):
    """The JSON does not describe a report; the message says where."""


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(str(value)) if value else None


def text_from_dict(data: dict[str, Any]) -> ReportText:
    sections = []
    for i, s in enumerate(data.get("sections") or ()):
        paras = []
        for p in s.get("paragraphs") or ():
            sentences = p.get("sentences") if isinstance(p, dict) else None
            if sentences is None:  # a paragraph given as plain text
                sentences = [{"text": str(p)}]
            paras.append(
                Paragraph(
                    tuple(
                        Sentence(str(x.get("text", "")), tuple(x.get("fields") or ()))
                        if isinstance(x, dict)
                        else Sentence(str(x))
                        for x in sentences
                    )
                )
            )
        sid = str(s.get("id") or f"section{i + 1}")
        imp = sid == "impression"
        sections.append(
            Section(
                id=sid,
                title=str(s.get("title") or sid),
                paragraphs=tuple(paras),
                numbered=bool(s.get("numbered", imp)),
                emphasis=bool(s.get("emphasis", imp)),
                edited=bool(s.get("edited", False)),
            )
        )
    return ReportText(
        language=str(data.get("language") or "en"),
        title=str(data.get("title") or ""),
        sections=tuple(sections),
        template_id=str(data.get("template_id") or ""),
        template_version=str(data.get("template_version") or ""),
    )


def manifestation_from_dict(data: dict[str, Any]) -> SignatureManifestation:
    return SignatureManifestation(
        signer_name=str(data["signer_name"]),
        credentials=str(data.get("credentials") or ""),
        meaning=str(data["meaning"]),
        signed_at=dt.datetime.fromisoformat(str(data["signed_at"])),
    )


def document_from_dict(data: dict[str, Any]) -> ReportDocument:
    """A full document, or a bare ReportText (then banner and id are placeholders)."""
    try:
        if "sections" in data and "text" not in data:
            data = {"text": data}
        b = data.get("banner") or {}
        banner = ExamBanner(
            patient_name=str(b.get("patient_name") or ""),
            patient_id=str(b.get("patient_id") or ""),
            birth_date=_date(b.get("birth_date")),
            age=str(b.get("age") or ""),
            sex=str(b.get("sex") or ""),
            accession_number=str(b.get("accession_number") or ""),
            exam_date=_date(b.get("exam_date")),
            exam_description=str(b.get("exam_description") or ""),
            referring_physician=str(b.get("referring_physician") or ""),
            institution=str(b.get("institution") or ""),
        )
        sig = data.get("signature")
        return ReportDocument(
            report_id=str(data.get("report_id") or "unsaved"),
            banner=banner,
            text=text_from_dict(data["text"]),
            status=ReportStatus(str(data.get("status") or "draft")),
            signature=manifestation_from_dict(sig) if sig else None,
            addenda=tuple(
                (manifestation_from_dict(a["signature"]), str(a["text"]))
                for a in data.get("addenda") or ()
            ),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ReportJsonError(f"not a report: {type(exc).__name__}: {exc}") from exc


def document_to_dict(doc: ReportDocument) -> dict[str, Any]:
    def man(m: SignatureManifestation) -> dict[str, Any]:
        return {
            "signer_name": m.signer_name,
            "credentials": m.credentials,
            "meaning": m.meaning,
            "signed_at": m.signed_at.isoformat(),
        }

    b = doc.banner
    return {
        "report_id": doc.report_id,
        "status": doc.status.value,
        "banner": {
            "patient_name": b.patient_name,
            "patient_id": b.patient_id,
            "birth_date": b.birth_date.isoformat() if b.birth_date else None,
            "age": b.age,
            "sex": b.sex,
            "accession_number": b.accession_number,
            "exam_date": b.exam_date.isoformat() if b.exam_date else None,
            "exam_description": b.exam_description,
            "referring_physician": b.referring_physician,
            "institution": b.institution,
        },
        "text": doc.text.to_dict(),
        "signature": man(doc.signature) if doc.signature else None,
        "addenda": [{"signature": man(m), "text": t} for m, t in doc.addenda],
    }
