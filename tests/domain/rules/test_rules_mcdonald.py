"""McDonald 2017/2024 MRI dissemination in space and time; NMOSD red flag."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from radreport.domain.rules.mcdonald import (
    DEFAULT_VERSION,
    DITBasis,
    McDonaldResult,
    McDonaldVersion,
    MSLesionCounts,
    MSRegion,
    cord_lesion_red_flags,
    dissemination_in_space,
    dissemination_in_time,
    evaluate_mcdonald,
    nmosd_red_flag,
)
from radreport.domain.rules.messages import RuleMessage, Severity


def codes(result: McDonaldResult) -> list[str]:
    return [m.code for m in result.messages]


def message(result: McDonaldResult, code: str) -> RuleMessage:
    found = [m for m in result.messages if m.code == code]
    assert len(found) == 1, codes(result)
    return found[0]


ALL_ZERO = MSLesionCounts(
    periventricular=0, cortical_juxtacortical=0, infratentorial=0, spinal_cord=0, optic_nerve=0
)

# ---------------------------------------------------------------------------
# Dissemination in space


def test_default_version_is_2017() -> None:
    assert DEFAULT_VERSION is McDonaldVersion.V2017
    assert evaluate_mcdonald(ALL_ZERO).version is McDonaldVersion.V2017


def test_dis_met_with_two_regions() -> None:
    counts = dataclasses.replace(ALL_ZERO, periventricular=3, spinal_cord=1)
    result = evaluate_mcdonald(counts)
    assert result.dis_met is True
    assert result.dis_regions == (MSRegion.PERIVENTRICULAR, MSRegion.SPINAL_CORD)
    assert result.dis_regions_total == 4
    msg = message(result, "mcdonald.dis_met")
    assert msg.en == (
        "MRI dissemination in space criteria (McDonald 2017) are met: "
        "2 of 4 regions involved (periventricular, spinal cord)."
    )
    assert "sont remplis" in msg.fr and "moelle épinière" in msg.fr
    assert msg.fields == ("periventricular", "spinal_cord")


def test_dis_not_met_with_one_region() -> None:
    counts = dataclasses.replace(ALL_ZERO, periventricular=10)
    result = evaluate_mcdonald(counts)
    assert result.dis_met is False
    msg = message(result, "mcdonald.dis_not_met")
    assert msg.en == (
        "MRI dissemination in space criteria (McDonald 2017) are not met. "
        "Regions involved: 1 of 4 (periventricular); at least 2 are required."
    )
    assert "ne sont pas remplis" in msg.fr


def test_wording_never_claims_ms() -> None:
    counts = MSLesionCounts(
        periventricular=3,
        cortical_juxtacortical=1,
        infratentorial=1,
        spinal_cord=1,
        enhancing=1,
        contrast_given=True,
    )
    result = evaluate_mcdonald(counts)
    assert result.dis_met and result.dit_met
    for m in result.messages:
        if m.code != "mcdonald.mri_criteria_only":
            assert "multiple sclerosis" not in m.en.lower()
            assert "sclérose en plaques" not in m.fr.lower()
        assert "diagnosis of ms" not in m.en.lower()
    caveat = message(result, "mcdonald.mri_criteria_only")
    assert "do not establish a diagnosis" in caveat.en
    assert "Oligoclonal bands are not taken into account" in caveat.en
    assert "bandes oligoclonales" in caveat.fr.lower()


def test_no_caveat_when_nothing_is_met() -> None:
    assert "mcdonald.mri_criteria_only" not in codes(evaluate_mcdonald(ALL_ZERO))


def test_dis_not_assessable_when_counts_are_missing() -> None:
    result = evaluate_mcdonald(MSLesionCounts(periventricular=2))
    assert result.dis_met is None
    assert result.dis_unassessed == (
        MSRegion.CORTICAL_JUXTACORTICAL,
        MSRegion.INFRATENTORIAL,
        MSRegion.SPINAL_CORD,
    )
    msg = message(result, "mcdonald.dis_not_assessable")
    assert msg.severity is Severity.WARNING
    assert msg.fields == ("cortical_juxtacortical", "infratentorial", "spinal_cord")
    assert "cannot be assessed" in msg.en


def test_dis_false_when_unassessed_regions_cannot_reach_two() -> None:
    counts = MSLesionCounts(periventricular=0, cortical_juxtacortical=0, infratentorial=0)
    assert dissemination_in_space(counts)[0] is False
    counts = MSLesionCounts(periventricular=0, cortical_juxtacortical=0)
    assert dissemination_in_space(counts)[0] is None
    assert dissemination_in_space(MSLesionCounts())[0] is None


def test_optic_nerve_counts_only_in_2024() -> None:
    counts = dataclasses.replace(ALL_ZERO, periventricular=2, optic_nerve=1)
    r2017 = evaluate_mcdonald(counts, McDonaldVersion.V2017)
    r2024 = evaluate_mcdonald(counts, "2024")
    assert r2017.dis_met is False
    assert MSRegion.OPTIC_NERVE not in r2017.dis_regions
    assert "mcdonald.optic_nerve_not_counted_2017" in codes(r2017)
    assert r2024.dis_met is True
    assert r2024.dis_regions == (MSRegion.PERIVENTRICULAR, MSRegion.OPTIC_NERVE)
    assert r2024.dis_regions_total == 5
    msg = message(r2024, "mcdonald.dis_met")
    assert "(McDonald 2024)" in msg.en and "2 of 5 regions" in msg.en
    assert "nerf optique" in msg.fr
    assert "mcdonald.optic_nerve_not_counted_2017" not in codes(r2024)


def test_2024_needs_optic_count_to_be_conclusive() -> None:
    counts = MSLesionCounts(
        periventricular=1, cortical_juxtacortical=0, infratentorial=0, spinal_cord=0
    )
    assert dissemination_in_space(counts, McDonaldVersion.V2017)[0] is False
    assert dissemination_in_space(counts, McDonaldVersion.V2024)[0] is None


def test_invalid_version_and_counts() -> None:
    with pytest.raises(ValueError):
        evaluate_mcdonald(ALL_ZERO, "2010")
    with pytest.raises(ValueError, match="negative"):
        MSLesionCounts(periventricular=-1)
    with pytest.raises(ValueError, match="whole number"):
        MSLesionCounts(spinal_cord=True)
    with pytest.raises(ValueError, match="whole number"):
        MSLesionCounts(spinal_cord=1.5)  # type: ignore[arg-type]


def test_field_ids_are_mapped() -> None:
    counts = dataclasses.replace(ALL_ZERO, periventricular=1, infratentorial=1)
    result = evaluate_mcdonald(counts, field_ids={"periventricular": "ms.pv_count"})
    assert message(result, "mcdonald.dis_met").fields == ("ms.pv_count", "infratentorial")


count_values = st.one_of(st.none(), st.integers(min_value=0, max_value=5))
region_counts = st.fixed_dictionaries({r.value: count_values for r in MSRegion})


@given(
    region_counts,
    st.sampled_from(list(MSRegion)),
    st.integers(min_value=1, max_value=5),
    st.sampled_from(list(McDonaldVersion)),
)
def test_adding_lesions_never_turns_dis_from_met_to_not_met(
    before: dict[str, int | None], region: MSRegion, extra: int, version: McDonaldVersion
) -> None:
    counts = MSLesionCounts(**before)  # type: ignore[arg-type]
    more = {region.value: (before[region.value] or 0) + extra}
    after = dataclasses.replace(counts, **more)  # type: ignore[arg-type]
    met_before = dissemination_in_space(counts, version)[0]
    met_after = dissemination_in_space(after, version)[0]
    if met_before is True:
        assert met_after is True
    # nor from "could be met" (None) to "not met"
    assert not (met_before is not False and met_after is False)


@given(region_counts, st.sampled_from(list(McDonaldVersion)))
def test_dis_matches_definition_when_all_assessed(
    raw: dict[str, int | None], version: McDonaldVersion
) -> None:
    filled = {k: (v or 0) for k, v in raw.items()}
    met, involved, unassessed = dissemination_in_space(MSLesionCounts(**filled), version)  # type: ignore[arg-type]
    assert unassessed == ()
    assert met is (len(involved) >= 2)


@given(region_counts)
def test_2024_is_never_stricter_than_2017(raw: dict[str, int | None]) -> None:
    counts = MSLesionCounts(**raw)  # type: ignore[arg-type]
    if dissemination_in_space(counts, McDonaldVersion.V2017)[0] is True:
        assert dissemination_in_space(counts, McDonaldVersion.V2024)[0] is True


# ---------------------------------------------------------------------------
# Dissemination in time


def test_dit_none_without_contrast_or_comparison() -> None:
    counts = dataclasses.replace(ALL_ZERO, periventricular=3, spinal_cord=2)
    result = evaluate_mcdonald(counts)
    assert result.dit_met is None
    assert result.dit_basis == ()
    msg = message(result, "mcdonald.dit_not_assessable")
    assert (
        msg.en == "MRI dissemination in time cannot be assessed without contrast or a prior exam."
    )
    assert msg.fr.startswith("La dissémination temporelle ne peut être évaluée")


def test_enhancing_count_without_contrast_is_ignored_and_flagged() -> None:
    counts = MSLesionCounts(periventricular=3, enhancing=1, non_enhancing=2)
    result = evaluate_mcdonald(counts)
    assert result.dit_met is None
    assert message(result, "mcdonald.enhancing_without_contrast").fields == ("enhancing",)


def test_new_lesions_without_prior_are_ignored_and_flagged() -> None:
    counts = MSLesionCounts(periventricular=3, new_t2=2, contrast_given=True, enhancing=0)
    result = evaluate_mcdonald(counts)
    assert result.dit_met is False
    assert DITBasis.NEW_LESION_ON_PRIOR not in result.dit_basis
    assert message(result, "mcdonald.new_lesions_without_prior").fields == ("new_t2",)


def test_dit_simultaneous_enhancing_and_non_enhancing() -> None:
    counts = MSLesionCounts(
        periventricular=2,
        cortical_juxtacortical=0,
        infratentorial=1,
        spinal_cord=0,
        optic_nerve=0,
        enhancing=1,
        contrast_given=True,
    )
    result = evaluate_mcdonald(counts)
    assert result.dit_met is True
    assert result.dit_basis == (DITBasis.SIMULTANEOUS_ENHANCING,)
    msg = message(result, "mcdonald.dit_met_simultaneous")
    assert "simultaneous gadolinium-enhancing and non-enhancing" in msg.en
    assert "rehauss" in msg.fr


def test_dit_not_met_when_no_lesion_enhances() -> None:
    counts = dataclasses.replace(ALL_ZERO, periventricular=4, enhancing=0, contrast_given=True)
    result = evaluate_mcdonald(counts)
    assert result.dit_met is False
    msg = message(result, "mcdonald.dit_not_met")
    assert "no enhancing lesion" in msg.en
    assert "aucune lésion rehaussée" in msg.fr


def test_dit_not_met_when_every_lesion_enhances() -> None:
    counts = dataclasses.replace(ALL_ZERO, periventricular=1, enhancing=1, contrast_given=True)
    result = evaluate_mcdonald(counts)
    assert result.dit_met is False
    assert "no non-enhancing lesion" in message(result, "mcdonald.dit_not_met").en


def test_dit_explicit_non_enhancing_count() -> None:
    base = MSLesionCounts(enhancing=2, contrast_given=True)
    assert dissemination_in_time(dataclasses.replace(base, non_enhancing=1))[0] is True
    assert dissemination_in_time(dataclasses.replace(base, non_enhancing=0))[0] is False


def test_dit_unknown_when_non_enhancing_cannot_be_derived() -> None:
    # one enhancing lesion, one counted lesion, other regions not assessed
    counts = MSLesionCounts(periventricular=1, enhancing=1, contrast_given=True)
    result = evaluate_mcdonald(counts)
    assert result.dit_met is None
    msg = message(result, "mcdonald.dit_counts_missing")
    assert "non-enhancing lesion count" in msg.en
    assert msg.fields == ("non_enhancing",)


def test_dit_missing_enhancing_count_with_contrast() -> None:
    result = evaluate_mcdonald(dataclasses.replace(ALL_ZERO, contrast_given=True))
    assert result.dit_met is None
    msg = message(result, "mcdonald.dit_counts_missing")
    assert "enhancing lesion count" in msg.en
    assert "nombre de lésions rehaussées" in msg.fr


def test_dit_new_lesion_on_comparison() -> None:
    counts = dataclasses.replace(ALL_ZERO, periventricular=3, new_t2=1, comparison_available=True)
    result = evaluate_mcdonald(counts)
    assert result.dit_met is True
    assert result.dit_basis == (DITBasis.NEW_LESION_ON_PRIOR,)
    assert "compared with the prior MRI" in message(result, "mcdonald.dit_met_new_lesion").en


def test_dit_new_enhancing_lesion_on_comparison() -> None:
    counts = MSLesionCounts(new_t2=0, new_enhancing=1, comparison_available=True)
    assert dissemination_in_time(counts) == (True, (DITBasis.NEW_LESION_ON_PRIOR,))


def test_dit_comparison_without_new_lesion() -> None:
    counts = dataclasses.replace(ALL_ZERO, new_t2=0, comparison_available=True)
    result = evaluate_mcdonald(counts)
    assert result.dit_met is False
    assert "no new lesion" in message(result, "mcdonald.dit_not_met").en


def test_dit_comparison_with_missing_new_counts() -> None:
    result = evaluate_mcdonald(dataclasses.replace(ALL_ZERO, comparison_available=True))
    assert result.dit_met is None
    assert message(result, "mcdonald.dit_counts_missing").fields == ("new_t2", "new_enhancing")


def test_dit_both_bases() -> None:
    counts = MSLesionCounts(
        non_enhancing=3, enhancing=1, new_t2=1, contrast_given=True, comparison_available=True
    )
    result = evaluate_mcdonald(counts)
    assert result.dit_basis == (DITBasis.SIMULTANEOUS_ENHANCING, DITBasis.NEW_LESION_ON_PRIOR)
    assert "mcdonald.dit_met_simultaneous" in codes(result)
    assert "mcdonald.dit_met_new_lesion" in codes(result)


def test_dit_met_by_one_basis_even_if_other_missing() -> None:
    counts = MSLesionCounts(
        enhancing=1, non_enhancing=1, contrast_given=True, comparison_available=True
    )
    result = evaluate_mcdonald(counts)
    assert result.dit_met is True
    assert "mcdonald.dit_counts_missing" not in codes(result)


# ---------------------------------------------------------------------------
# NMOSD red flag


def test_nmosd_three_segments_warns_two_does_not() -> None:
    assert nmosd_red_flag(2) == []
    [msg] = nmosd_red_flag(3, fields=("cord_lesion",))
    assert msg.code == "mcdonald.nmosd_red_flag"
    assert msg.severity is Severity.WARNING
    assert msg.fields == ("cord_lesion",)
    assert "3 vertebral segments" in msg.en and "NMOSD" in msg.en
    assert "neuromyélite optique" in msg.fr


def test_cord_lesion_red_flags_from_levels() -> None:
    assert cord_lesion_red_flags("C3", "C4") == []
    [msg] = cord_lesion_red_flags("c3", "C5", fields=("cord_from", "cord_to"))
    assert "(C3 to C5)" in msg.en
    assert "de C3 à C5" in msg.fr
    assert msg.fields == ("cord_from", "cord_to")
    assert len(cord_lesion_red_flags("T2", "T10")) == 1


def test_cord_lesion_invalid_range_is_an_error_message() -> None:
    [msg] = cord_lesion_red_flags("C5", "C3")
    assert msg.code == "mcdonald.cord_lesion_range_invalid"
    assert msg.severity is Severity.ERROR
    [msg] = cord_lesion_red_flags("C8", "T2")
    assert "C8" in msg.en and "C8" in msg.fr


def test_nmosd_flag_in_evaluation() -> None:
    two = evaluate_mcdonald(dataclasses.replace(ALL_ZERO, longest_cord_lesion_segments=2))
    three = evaluate_mcdonald(dataclasses.replace(ALL_ZERO, longest_cord_lesion_segments=3))
    assert "mcdonald.nmosd_red_flag" not in codes(two)
    assert message(three, "mcdonald.nmosd_red_flag").fields == ("longest_cord_lesion_segments",)
