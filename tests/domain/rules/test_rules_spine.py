"""Kang consistency, cervical AP canal categories, Kim/Schizas/Lee labels, disc levels."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from radreport.domain.rules.messages import Label, Severity
from radreport.domain.rules.spine import (
    ApCanalCategory,
    CordSignal,
    KangGrade,
    KimGrade,
    LeeGrade,
    SchizasGrade,
    check_disc_level,
    classify_ap_canal,
    disc_level_valid_for_region,
    kang_consistency,
)
from radreport.domain.study import BodyRegion

# ---------------------------------------------------------------------------
# Kang


@pytest.mark.parametrize("signal", [CordSignal.NONE, "none", False])
def test_kang3_without_cord_signal(signal: CordSignal | str | bool) -> None:
    [msg] = kang_consistency("C5-6", 3, signal, kang_field="c56.kang", signal_field="c56.signal")
    assert msg.code == "spine.kang3_without_cord_signal"
    assert msg.severity is Severity.WARNING
    assert msg.fields == ("c56.kang", "c56.signal")
    assert msg.en.startswith("C5-C6: Kang grade 3 requires a cord T2 signal change")
    assert msg.fr.startswith("C5-C6\u00a0: un grade 3 de Kang")


@pytest.mark.parametrize("grade", [1, 2, "2"])
@pytest.mark.parametrize("signal", [CordSignal.FAINT, "intense", True])
def test_cord_signal_requires_kang3(grade: int | str, signal: CordSignal | str | bool) -> None:
    [msg] = kang_consistency("C4-C5", grade, signal)
    assert msg.code == "spine.cord_signal_requires_kang3"
    assert msg.fields == ("kang_grade", "cord_t2_signal")
    assert "C4-C5" in msg.en and "C4-C5" in msg.fr
    assert f"(grade recorded: {int(grade)})" in msg.en


def test_cord_signal_without_narrowing_suggests_another_cause() -> None:
    [msg] = kang_consistency("C3-C4", 0, CordSignal.INTENSE)
    assert msg.code == "spine.cord_signal_without_narrowing"
    assert "not explained by compression" in msg.en
    assert "démyélinisation" in msg.fr


@pytest.mark.parametrize(
    ("grade", "signal"),
    [
        (3, "faint"),
        (3, CordSignal.INTENSE),
        (0, "none"),
        (1, "none"),
        (2, CordSignal.NONE),
        (None, "intense"),
        (3, None),
        (3, ""),
        ("", "none"),
    ],
)
def test_consistent_or_unanswered_gives_nothing(
    grade: int | str | None, signal: CordSignal | str | None
) -> None:
    assert kang_consistency("C5-C6", grade, signal) == []


def test_kang_invalid_inputs() -> None:
    with pytest.raises(ValueError, match="Kang grade"):
        kang_consistency("C5-C6", 4, "none")
    with pytest.raises(ValueError, match="Kang grade"):
        kang_consistency("C5-C6", -1, "none")
    with pytest.raises(ValueError, match="cord T2 signal"):
        kang_consistency("C5-C6", 3, "maybe")


def test_kang_keeps_an_unparseable_level_as_text() -> None:
    [msg] = kang_consistency("upper cervical", 3, "none")
    assert msg.en.startswith("upper cervical:")


def test_kang_labels() -> None:
    assert KangGrade.parse("3") is KangGrade.CORD_SIGNAL_CHANGE
    for grade in KangGrade:
        assert grade.label.en and grade.label.fr and grade.label.en != grade.label.fr
    for signal in CordSignal:
        assert signal.label.fr != signal.label.en


# ---------------------------------------------------------------------------
# Cervical AP canal


@pytest.mark.parametrize(
    ("mm", "category"),
    [
        (9.9, ApCanalCategory.ABSOLUTE_STENOSIS),
        (10, ApCanalCategory.RELATIVE_STENOSIS),
        (10.0, ApCanalCategory.RELATIVE_STENOSIS),
        (12.0, ApCanalCategory.RELATIVE_STENOSIS),
        (13, ApCanalCategory.RELATIVE_STENOSIS),
        (13.0, ApCanalCategory.RELATIVE_STENOSIS),
        (13.1, ApCanalCategory.NORMAL),
        (17.0, ApCanalCategory.NORMAL),
        (4.0, ApCanalCategory.ABSOLUTE_STENOSIS),
    ],
)
def test_ap_canal_boundaries(mm: float, category: ApCanalCategory) -> None:
    assert classify_ap_canal(mm) is category


@pytest.mark.parametrize("bad", [0, -1.0, math.nan, math.inf, 31.0, 130, True, "12"])
def test_ap_canal_invalid(bad: object) -> None:
    with pytest.raises(ValueError, match="AP canal diameter"):
        classify_ap_canal(bad)  # type: ignore[arg-type]


@given(st.floats(min_value=0.01, max_value=30.0), st.floats(min_value=0.01, max_value=30.0))
def test_ap_canal_is_monotonic(a: float, b: float) -> None:
    order = list(ApCanalCategory)[::-1]  # absolute < relative < normal
    if a <= b:
        assert order.index(classify_ap_canal(a)) <= order.index(classify_ap_canal(b))


def test_ap_canal_labels() -> None:
    assert "< 10 mm" in ApCanalCategory.ABSOLUTE_STENOSIS.label.en
    assert "10 à 13 mm" in ApCanalCategory.RELATIVE_STENOSIS.label.fr
    for category in ApCanalCategory:
        assert category.label.en != category.label.fr


# ---------------------------------------------------------------------------
# Foramina and lumbar canal


def _all_distinct(labels: list[Label]) -> None:
    for label in labels:
        assert label.en.strip() and label.fr.strip() and label.en != label.fr
    assert len({x.en for x in labels}) == len(labels)
    assert len({x.fr for x in labels}) == len(labels)


def test_kim_grades() -> None:
    assert [int(g) for g in KimGrade] == [0, 1, 2]
    assert "wider than the nerve root" in KimGrade.NONE.label.en
    assert "50%" in KimGrade.SEVERE.label.en
    assert KimGrade.parse(2) is KimGrade.SEVERE
    with pytest.raises(ValueError, match="Kim"):
        KimGrade.parse(3)
    _all_distinct([g.label for g in KimGrade])


def test_schizas_grades() -> None:
    assert [g.value for g in SchizasGrade] == ["A", "B", "C", "D"]
    assert SchizasGrade.parse("c") is SchizasGrade.C
    assert SchizasGrade.parse("A3") is SchizasGrade.A
    with pytest.raises(ValueError, match="Schizas"):
        SchizasGrade.parse("E")
    assert "LCR" in SchizasGrade.A.label.fr
    _all_distinct([g.label for g in SchizasGrade])


def test_lee_grades() -> None:
    assert [int(g) for g in LeeGrade] == [0, 1, 2, 3]
    assert LeeGrade.parse("3") is LeeGrade.SEVERE
    with pytest.raises(ValueError, match="Lee"):
        LeeGrade.parse(4)
    with pytest.raises(ValueError, match="Lee"):
        LeeGrade.parse(True)
    assert "queue de cheval" in LeeGrade.SEVERE.label.fr
    _all_distinct([g.label for g in LeeGrade])


# ---------------------------------------------------------------------------
# Disc level vs template region


def test_disc_level_valid_for_region() -> None:
    assert disc_level_valid_for_region("C5-6", BodyRegion.CERVICAL)
    assert disc_level_valid_for_region("C7-T1", BodyRegion.CERVICAL)
    assert disc_level_valid_for_region("C7-T1", BodyRegion.THORACIC) is False  # T1-T2 onwards
    assert disc_level_valid_for_region("T12-L1", "thoracic")
    assert disc_level_valid_for_region("L5-S1", BodyRegion.LUMBAR)
    assert not disc_level_valid_for_region("L4-L5", BodyRegion.CERVICAL)
    with pytest.raises(ValueError):
        disc_level_valid_for_region("C5", BodyRegion.CERVICAL)


def test_check_disc_level_messages() -> None:
    assert check_disc_level("c5/6", BodyRegion.CERVICAL) == []
    [msg] = check_disc_level("L4-5", BodyRegion.CERVICAL, field="level_3")
    assert msg.code == "spine.disc_level_outside_region"
    assert msg.fields == ("level_3",)
    assert msg.en == (
        "L4-L5 is not a disc level of this report's region (cervical spine: C2-C3 to C7-T1)."
    )
    assert "colonne cervicale" in msg.fr
    [msg] = check_disc_level("C7-8", BodyRegion.CERVICAL)
    assert msg.code == "spine.disc_level_invalid"
    assert msg.severity is Severity.ERROR
    assert "C7-8" in msg.en and "C7-8" in msg.fr
    [msg] = check_disc_level("C5", BodyRegion.CERVICAL)
    assert msg.code == "spine.disc_level_invalid"
