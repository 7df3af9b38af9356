"""Plain conversions for storage: canonical JSON, accent folding, ReportText and Study
snapshots back to domain objects."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import unicodedata
from collections.abc import Mapping
from typing import Any

from radreport.domain.report import Paragraph, ReportText, Section, Sentence
from radreport.domain.study import (
    BodyRegion,
    InstanceHeader,
    Patient,
    PersonName,
    Plane,
    SequenceFamily,
    Series,
    Study,
)


def canonical_json(value: Any) -> str:
    """Deterministic JSON (sorted keys, no spaces, UTF-8 kept) for storage and hashing."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256_hex(data: str | bytes) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


def fold(text: str) -> str:
    """Lower case without accents ("Hypersignal ÉTENDU" -> "hypersignal etendu")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def report_text_from_dict(data: Mapping[str, Any]) -> ReportText:
    return ReportText(
        language=str(data["language"]),
        title=str(data["title"]),
        template_id=str(data.get("template_id", "")),
        template_version=str(data.get("template_version", "")),
        sections=tuple(
            Section(
                id=str(s["id"]),
                title=str(s["title"]),
                numbered=bool(s.get("numbered", False)),
                emphasis=bool(s.get("emphasis", False)),
                edited=bool(s.get("edited", False)),
                paragraphs=tuple(
                    Paragraph(
                        tuple(
                            Sentence(str(x["text"]), tuple(str(f) for f in x.get("fields", ())))
                            for x in p["sentences"]
                        )
                    )
                    for p in s["paragraphs"]
                ),
            )
            for s in data["sections"]
        ),
    )


def study_headers(study: Study) -> list[dict[str, Any]]:
    """What is needed to rebuild the Study later: the first header of each series, with
    the series' classification and instance count (the full header list can be huge)."""
    return [
        {
            "header": s.first.to_dict(),
            "count": s.instance_count,
            "plane": s.plane.value,
            "region": s.region.value,
            "family": s.family.value,
        }
        for s in study.series
        if s.instances
    ]


def study_from_snapshot(snapshot: Mapping[str, Any], headers: list[dict[str, Any]]) -> Study:
    """Rebuild the :class:`Study` saved with a report, for re-rendering after edits."""
    p = snapshot["patient"]
    name = p.get("name") or {}
    ref = snapshot.get("referring_physician") or {}
    scanner = snapshot.get("scanner") or {}
    series = []
    for item in headers:
        h = InstanceHeader.from_dict(item["header"])
        series.append(
            Series(
                h.series_instance_uid,
                [h] * max(1, int(item["count"])),
                Plane(item["plane"]),
                BodyRegion(item["region"]),
                SequenceFamily(item["family"]),
            )
        )
    return Study(
        study_instance_uid=snapshot["study_instance_uid"],
        patient=Patient(
            patient_id=p.get("id") or "",
            name=PersonName(
                name.get("alphabetic", ""), name.get("ideographic", ""), name.get("phonetic", "")
            ),
            birth_date=dt.date.fromisoformat(p["birth_date"]) if p.get("birth_date") else None,
            sex=p.get("sex") or "",
        ),
        series=series,
        accession_number=snapshot.get("accession_number") or "",
        study_id=snapshot.get("study_id") or "",
        date=dt.date.fromisoformat(snapshot["date"]) if snapshot.get("date") else None,
        time=dt.time.fromisoformat(snapshot["time"]) if snapshot.get("time") else None,
        description=snapshot.get("description") or "",
        referring_physician=PersonName(
            ref.get("alphabetic", ""), ref.get("ideographic", ""), ref.get("phonetic", "")
        ),
        institution=snapshot.get("institution") or "",
        manufacturer=scanner.get("manufacturer") or "",
        model=scanner.get("model") or "",
        field_strength_t=scanner.get("field_strength_t"),
        age_at_study=snapshot.get("age_at_study") or "",
    )
