"""Fazekas grades."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from radreport.domain.rules.svd import (
    FAZEKAS_DWM_LABELS,
    FAZEKAS_PV_LABELS,
    FazekasScore,
    fazekas_dwm_description,
    fazekas_pv_description,
    fazekas_summary,
    validate_fazekas,
)


def test_descriptions_follow_clinical_reference() -> None:
    assert fazekas_pv_description(1).en == "Caps or pencil-thin lining"
    assert fazekas_pv_description(2).en == "Smooth halo"
    assert "deep white matter" in fazekas_pv_description(3).en
    assert fazekas_dwm_description(1).en == "Punctate foci"
    assert fazekas_dwm_description(2).en == "Beginning confluence of foci"
    assert fazekas_dwm_description(3).en == "Large confluent areas"
    assert fazekas_dwm_description(2).fr == "Début de confluence des foyers"
    for label in (*FAZEKAS_PV_LABELS, *FAZEKAS_DWM_LABELS):
        assert label.fr and label.fr != label.en


def test_summary_uses_the_maximum() -> None:
    assert fazekas_summary(2, 1) == "Fazekas 2 (PV 2, DWM 1)"
    assert fazekas_summary(1, 3) == "Fazekas 3 (PV 1, DWM 3)"
    assert fazekas_summary(0, 0, "fr") == "Fazekas 0 (PV 0, SBP 0)"
    score = FazekasScore(periventricular=1, deep=2)
    assert score.overall == 2
    assert score.summary_label.fr == "Fazekas 2 (PV 1, SBP 2)"
    assert score.description.en == (
        "Periventricular: caps or pencil-thin lining. Deep white matter: beginning confluence "
        "of foci."
    )
    assert score.description.fr.startswith("Région périventriculaire : coiffes")


@pytest.mark.parametrize("bad", [-1, 4, 1.0, "2", None, True])
def test_grades_outside_0_to_3_are_rejected(bad: object) -> None:
    with pytest.raises(ValueError, match="0 to 3"):
        validate_fazekas(bad)
    with pytest.raises(ValueError, match="periventricular"):
        FazekasScore(bad, 0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="deep white matter"):
        FazekasScore(0, bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        fazekas_pv_description(bad)  # type: ignore[arg-type]


@given(st.integers(0, 3), st.integers(0, 3))
def test_overall_is_max_and_summary_shows_both(pv: int, dwm: int) -> None:
    score = FazekasScore(pv, dwm)
    assert score.overall == max(pv, dwm)
    assert score.summary() == f"Fazekas {max(pv, dwm)} (PV {pv}, DWM {dwm})"
