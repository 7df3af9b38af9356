"""Domain model: grouping, dates, ages, names; no files involved."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from radreport.domain.study import (
    InstanceHeader,
    PersonName,
    age_between,
    age_from_dicom,
    build_studies,
    group_by_patient,
    parse_da,
    parse_tm,
)


def h(**kw: object) -> InstanceHeader:
    base: dict[str, object] = {
        "path": "x",
        "sop_instance_uid": "1",
        "study_instance_uid": "S",
        "series_instance_uid": "A",
        "modality": "MR",
    }
    base.update(kw)
    return InstanceHeader(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("20251120", dt.date(2025, 11, 20)),
        ("2025.11.20", dt.date(2025, 11, 20)),
        ("20250230", None),
        ("", None),
        ("garbage!", None),
    ],
)
def test_parse_da(value: str, expected: dt.date | None) -> None:
    assert parse_da(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("091500", dt.time(9, 15)),
        ("0915", dt.time(9, 15)),
        ("09", dt.time(9)),
        ("091500.123456", dt.time(9, 15, 0, 123456)),
        ("09:15:00", dt.time(9, 15)),
        ("235960", dt.time(23, 59, 59)),
        ("2500", None),
        ("", None),
    ],
)
def test_parse_tm(value: str, expected: dt.time | None) -> None:
    assert parse_tm(value) == expected


def test_ages() -> None:
    assert age_from_dicom("067Y") == "67 y"
    assert age_from_dicom("011M") == "11 mo"
    assert age_from_dicom("bad") == ""
    assert age_between(dt.date(1960, 3, 15), dt.date(2025, 3, 14)) == "64 y"
    assert age_between(dt.date(1960, 3, 15), dt.date(2025, 3, 15)) == "65 y"
    assert age_between(dt.date(2025, 1, 1), dt.date(2025, 3, 1)) == "2 mo"
    assert age_between(dt.date(2025, 1, 1), dt.date(2025, 1, 5)) == "4 d"
    assert age_between(dt.date(2025, 1, 1), dt.date(2024, 1, 5)) == ""


def test_person_name_display() -> None:
    assert PersonName("TREMBLAY^Hélène").display() == "TREMBLAY, Hélène"
    assert PersonName("GAGNON^Marc-André^^Dr").display() == "Dr GAGNON, Marc-André"
    assert (
        PersonName("Yamada^Tarou", "山田^太郎", "やまだ^たろう").display()
        == "Yamada, Tarou (山田太郎)"
    )
    assert PersonName("", "山田^太郎").display() == "山田太郎"
    assert not PersonName()


def test_build_studies_groups_and_sorts() -> None:
    headers = [
        h(sop_instance_uid="3", series_instance_uid="B", series_number=2, instance_number=1),
        h(sop_instance_uid="1", series_instance_uid="A", series_number=1, instance_number=2),
        h(sop_instance_uid="2", series_instance_uid="A", series_number=1, instance_number=1),
        h(
            sop_instance_uid="9",
            study_instance_uid="T",
            patient_id="P2",
            patient_name=PersonName("ZED^Z"),
            study_date="20240101",
        ),
    ]
    studies = build_studies(headers)
    assert [s.study_instance_uid for s in studies] == ["S", "T"]
    assert [s.number for s in studies[0].series] == [1, 2]
    assert [i.sop_instance_uid for i in studies[0].series[0].instances] == ["2", "1"]
    assert len(group_by_patient(studies)) == 2


def test_age_at_study_from_birth_date_when_patient_age_missing() -> None:
    s = build_studies([h(patient_birth_date="19640302", study_date="20251120")])[0]
    assert s.age_at_study == "61 y"
    s = build_studies(
        [h(patient_birth_date="19640302", study_date="20251120", patient_age="060Y")]
    )[0]
    assert s.age_at_study == "60 y"  # the scanner's own value wins


def test_contrast_agent_and_field_strength() -> None:
    s = build_studies(
        [
            h(sop_instance_uid="1", series_instance_uid="A", magnetic_field_strength=3.0),
            h(sop_instance_uid="2", series_instance_uid="B", contrast_bolus_agent="Gadobutrol"),
        ]
    )[0]
    assert s.field_strength_t == 3.0
    assert s.contrast_agents == ["Gadobutrol"]
    assert s.to_dict()["contrast_agent"] == "Gadobutrol"


texts = st.text(max_size=20)


@given(
    name=st.tuples(texts, texts, texts),
    tr=st.one_of(st.none(), st.floats(allow_nan=False)),
    itype=st.lists(texts, max_size=4),
)
def test_header_dict_round_trip(
    name: tuple[str, str, str], tr: float | None, itype: list[str]
) -> None:
    header = h(patient_name=PersonName(*name), repetition_time=tr, image_type=tuple(itype))
    assert InstanceHeader.from_dict(header.to_dict()) == header
