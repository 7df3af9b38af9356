"""Fixed wording printed on reports, in the report's language (English, Quebec French)."""

from __future__ import annotations

import datetime as dt

from radreport.domain.report import ReportStatus

_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "patient": "Patient",
        "patient_id": "Patient ID",
        "birth_date": "Date of birth",
        "age": "age",
        "sex": "Sex",
        "accession": "Accession no.",
        "exam_date": "Exam date",
        "exam": "Exam",
        "referring": "Referring physician",
        "page": "Page {x} of {y}",
        "report_id": "Report",
        "status": "Status",
        "signed_by": "Electronically signed by",
        "signed_at": "Signed",
        "meaning": "Meaning",
        "not_signed": "Not signed: this report is not final and must not be used for care.",
        "addendum": "Addendum",
        "addendum_signed": "Addendum signed by",
        "stamp_title": "Digitally signed",
        "born": "born",
        "colon": ": ",
        "cert": "Certificate: ",
    },
    "fr": {
        "patient": "Patient",
        "patient_id": "N° de dossier",
        "birth_date": "Date de naissance",
        "age": "âge",
        "sex": "Sexe",
        "accession": "N° d'accession",
        "exam_date": "Date de l'examen",
        "exam": "Examen",
        "referring": "Médecin référent",
        "page": "Page {x} de {y}",
        "report_id": "Rapport",
        "status": "Statut",
        "signed_by": "Signé électroniquement par",
        "signed_at": "Signé le",
        "meaning": "Signification",
        "not_signed": (
            "Non signé : ce rapport n'est pas définitif et ne doit pas servir aux soins."
        ),
        "addendum": "Addenda",
        "addendum_signed": "Addenda signé par",
        "stamp_title": "Signé numériquement",
        "born": "né(e) le",
        "colon": " : ",
        "cert": "Certificat : ",
    },
}

_STATUS = {
    "en": {
        ReportStatus.DRAFT: "Draft",
        ReportStatus.PRELIMINARY: "Preliminary",
        ReportStatus.FINAL: "Final",
        ReportStatus.AMENDED: "Amended",
        ReportStatus.DISCARDED: "Discarded",
    },
    "fr": {
        ReportStatus.DRAFT: "Brouillon",
        ReportStatus.PRELIMINARY: "Préliminaire",
        ReportStatus.FINAL: "Final",
        ReportStatus.AMENDED: "Modifié",
        ReportStatus.DISCARDED: "Annulé",
    },
}

_WATERMARK = {
    "en": {
        ReportStatus.PRELIMINARY: "PRELIMINARY",
        ReportStatus.DISCARDED: "DISCARDED",
    },
    "fr": {
        ReportStatus.PRELIMINARY: "PRÉLIMINAIRE",
        ReportStatus.DISCARDED: "ANNULÉ",
    },
}
_DRAFT = {"en": "DRAFT", "fr": "BROUILLON"}


def lang_of(language: str) -> str:
    return "fr" if language.lower().startswith("fr") else "en"


def label(language: str, key: str) -> str:
    return _LABELS[lang_of(language)][key]


def status_label(language: str, status: ReportStatus) -> str:
    return _STATUS[lang_of(language)][status]


def watermark(language: str, status: ReportStatus, signed: bool) -> str:
    """The diagonal overprint, or "" for a signed final/amended report."""
    lang = lang_of(language)
    if status in _WATERMARK[lang]:
        return _WATERMARK[lang][status]
    if status in (ReportStatus.FINAL, ReportStatus.AMENDED) and signed:
        return ""
    return _DRAFT[lang]


def format_datetime(value: dt.datetime) -> str:
    """ISO date, 24-hour time, zone abbreviation and UTC offset: unambiguous in both languages."""
    off = value.utcoffset() or dt.timedelta(0)
    total = int(off.total_seconds() // 60)
    sign = "+" if total >= 0 else "−"
    hh, mm = divmod(abs(total), 60)
    zone = value.tzname() or ""
    offset = f"UTC{sign}{hh:02d}:{mm:02d}"
    if zone and zone != offset and not zone.startswith("UTC"):
        return f"{value:%Y-%m-%d %H:%M} {zone} ({offset})"
    return f"{value:%Y-%m-%d %H:%M} {offset}"


def format_date(value: dt.date | None) -> str:
    return value.isoformat() if value else "—"
