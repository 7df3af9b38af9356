"""The report as structured text: sections of sentences that know where they came from.

The template engine produces a :class:`ReportText`; the GUI shows it (and jumps
from a sentence to the field that produced it), the PDF layer lays it out, the
store saves it, and the DICOM/HL7/FHIR exports flatten it.  Plain values only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

# Section ids, in report order (clinical.md "Report structure").
INDICATION = "indication"
COMPARISON = "comparison"
TECHNIQUE = "technique"
FINDINGS = "findings"  # one section per region: "findings_brain", "findings_cervical"...
INCIDENTAL = "incidental"
ALS_SUPPORTIVE = "als_supportive"
IMPRESSION = "impression"


@dataclass(frozen=True, slots=True)
class Sentence:
    """One generated (or typed) sentence and the ids of the fields that produced it.

    ``fields`` is empty for fixed wording (e.g. the ALS caveat) and for text the
    radiologist typed directly into the report.
    """

    text: str
    fields: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "fields": list(self.fields)}


@dataclass(frozen=True, slots=True)
class Paragraph:
    sentences: tuple[Sentence, ...]

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences if s.text)

    def to_dict(self) -> dict[str, Any]:
        return {"sentences": [s.to_dict() for s in self.sentences]}


@dataclass(frozen=True, slots=True)
class Section:
    """A titled part of the report.

    In a ``numbered`` section (the Impression) each paragraph is one numbered item.
    ``emphasis`` asks layouts to make it stand out.  ``edited`` is True when the
    radiologist replaced the generated text by hand.
    """

    id: str
    title: str
    paragraphs: tuple[Paragraph, ...]
    numbered: bool = False
    emphasis: bool = False
    edited: bool = False

    @property
    def text(self) -> str:
        if self.numbered:
            return "\n".join(f"{i}. {p.text}" for i, p in enumerate(self.paragraphs, 1))
        return "\n\n".join(p.text for p in self.paragraphs)

    def sentences(self) -> list[Sentence]:
        return [s for p in self.paragraphs for s in p.sentences]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "numbered": self.numbered,
            "emphasis": self.emphasis,
            "edited": self.edited,
            "paragraphs": [p.to_dict() for p in self.paragraphs],
        }


@dataclass(frozen=True, slots=True)
class ReportText:
    """The whole report body in one language."""

    language: str  # "en" or "fr"
    title: str
    sections: tuple[Section, ...]
    template_id: str = ""
    template_version: str = ""

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def plain_text(self) -> str:
        """The report as plain text: title, then each section's title and text."""
        parts = [self.title, ""]
        for s in self.sections:
            parts += [s.title.upper(), s.text, ""]
        return "\n".join(parts).rstrip() + "\n"

    def to_dict(self) -> dict[str, Any]:
        return {
            "language": self.language,
            "title": self.title,
            "template_id": self.template_id,
            "template_version": self.template_version,
            "sections": [s.to_dict() for s in self.sections],
        }


class ReportStatus(StrEnum):
    DRAFT = "draft"
    PRELIMINARY = "preliminary"
    FINAL = "final"
    AMENDED = "amended"
    DISCARDED = "discarded"


@dataclass(frozen=True, slots=True)
class SignatureManifestation:
    """What a signature means, shown to people (21 CFR 11.50): name, meaning, time."""

    signer_name: str
    credentials: str  # e.g. "MD, FRCPC, Neuroradiologist"
    meaning: str  # e.g. "Final report, electronically signed"
    signed_at: dt.datetime  # timezone-aware

    def __post_init__(self) -> None:
        if self.signed_at.tzinfo is None:
            raise ValueError("signed_at must carry a time zone")


@dataclass(frozen=True, slots=True)
class ExamBanner:
    """The patient and exam facts printed at the top of a report."""

    patient_name: str
    patient_id: str
    birth_date: dt.date | None = None
    age: str = ""
    sex: str = ""
    accession_number: str = ""
    exam_date: dt.date | None = None
    exam_description: str = ""
    referring_physician: str = ""
    institution: str = ""

    @classmethod
    def from_study(cls, study: Any) -> ExamBanner:
        """From a :class:`radreport.domain.study.Study`."""
        p = study.patient
        return cls(
            patient_name=p.name.display(),
            patient_id=p.patient_id,
            birth_date=p.birth_date,
            age=study.age_at_study,
            sex=p.sex,
            accession_number=study.accession_number,
            exam_date=study.date,
            exam_description=study.description,
            referring_physician=study.referring_physician.display(),
            institution=study.institution,
        )


@dataclass(frozen=True, slots=True)
class ReportDocument:
    """Everything a rendered report shows: banner, text, status and signature."""

    report_id: str
    banner: ExamBanner
    text: ReportText
    status: ReportStatus = ReportStatus.DRAFT
    signature: SignatureManifestation | None = None
    addenda: tuple[tuple[SignatureManifestation, str], ...] = field(default=())
