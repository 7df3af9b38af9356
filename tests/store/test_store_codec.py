"""Storage conversions: a stored Study and ReportText come back equal."""

from __future__ import annotations

import json
from pathlib import Path

from factory import SERIES_T1, write_series

from radreport.domain.report import Paragraph, ReportText, Section, Sentence
from radreport.services.scanner import scan_paths
from radreport.services.store.codec import (
    canonical_json,
    fold,
    report_text_from_dict,
    study_from_snapshot,
    study_headers,
)


def test_study_snapshot_round_trip(tmp_path: Path) -> None:
    write_series(tmp_path / "t2", 3)
    write_series(
        tmp_path / "t1",
        2,
        series_uid=SERIES_T1,
        series_number=2,
        description="Ax T1",
        ContrastBolusAgent="Gadobutrol",
    )
    (study,) = scan_paths([tmp_path]).studies
    snapshot = json.loads(canonical_json(study.to_dict()))
    headers = json.loads(canonical_json(study_headers(study)))
    rebuilt = study_from_snapshot(snapshot, headers)
    assert rebuilt.to_dict() == study.to_dict()
    assert rebuilt.patient.name.alphabetic == "DUPONT^Jérôme"


def test_report_text_round_trip() -> None:
    rt = ReportText(
        "fr",
        "Rapport",
        (
            Section(
                "findings",
                "Constatations",
                (Paragraph((Sentence("Hypersignal <b> & {{ x }}.", ("cst",)),)),),
                edited=True,
            ),
            Section(
                "impression",
                "Impression",
                (Paragraph((Sentence("Normal."),)),),
                numbered=True,
                emphasis=True,
            ),
        ),
        "als",
        "2.1",
    )
    assert report_text_from_dict(json.loads(canonical_json(rt.to_dict()))) == rt


def test_fold() -> None:
    assert fold("Hypersignal ÉTENDU, précentral Ç") == "hypersignal etendu, precentral c"
