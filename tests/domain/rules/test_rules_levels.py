"""Spinal levels: parsing, normalisation, ordering, ranges and regions."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from radreport.domain.rules.levels import (
    DISC_LEVELS,
    VERTEBRAL_LEVELS,
    DiscLevel,
    SpineRegion,
    Vertebra,
    disc_levels_for_region,
    level_in_region,
    level_range_valid,
    normalize_level,
    parse_disc_level,
    parse_level,
    parse_vertebra,
    regions_of,
    segments_spanned,
    sort_levels,
    spine_region,
)
from radreport.domain.study import BodyRegion

# ---------------------------------------------------------------------------
# Vertebral levels


def test_all_vertebral_levels() -> None:
    assert len(VERTEBRAL_LEVELS) == 7 + 12 + 5 + 1
    assert VERTEBRAL_LEVELS[0] == "C1"
    assert VERTEBRAL_LEVELS[-1] == "S1"
    assert "C7" in VERTEBRAL_LEVELS and "T12" in VERTEBRAL_LEVELS and "L5" in VERTEBRAL_LEVELS


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("C5", "C5"),
        ("c5", "C5"),
        (" C5 ", "C5"),
        ("C05", "C5"),
        ("T12", "T12"),
        ("t1", "T1"),
        ("L5", "L5"),
        ("s1", "S1"),
        ("C 5", "C5"),
    ],
)
def test_parse_vertebra(text: str, expected: str) -> None:
    vertebra = parse_vertebra(text)
    assert str(vertebra) == expected
    assert parse_level(text) == vertebra
    assert normalize_level(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("C8", "'C8' is not a vertebral level: the cervical spine has C1 to C7"),
        ("T13", "'T13' is not a vertebral level: the thoracic spine has T1 to T12"),
        ("L6", "the lumbar spine has L1 to L5"),
        ("S2", "only S1 is used for the sacrum"),
        ("C0", "the cervical spine has C1 to C7"),
        ("X1", "is not a spinal level"),
        ("", "is not a spinal level"),
        ("C", "is not a spinal level"),
        ("5", "is not a spinal level"),
        ("C5 foo", "is not a spinal level"),
    ],
)
def test_invalid_vertebral_levels(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_level(text)


def test_non_text_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="not a spinal level"):
        parse_level(5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="not a spinal level"):
        parse_level(None)  # type: ignore[arg-type]


def test_vertebra_properties() -> None:
    c5 = parse_vertebra("C5")
    assert (c5.letter, c5.number, c5.region) == ("C", 5, SpineRegion.CERVICAL)
    assert parse_vertebra("T1").region is SpineRegion.THORACIC
    assert parse_vertebra("S1").region is SpineRegion.SACRAL
    assert Vertebra.parse("l3") == parse_vertebra("L3")
    with pytest.raises(ValueError):
        Vertebra(26)


# ---------------------------------------------------------------------------
# Disc levels


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("C2-C3", "C2-C3"),
        ("C2-3", "C2-C3"),
        ("C5/6", "C5-C6"),
        ("c5/c6", "C5-C6"),
        ("C5 - C6", "C5-C6"),
        ("C5–C6", "C5-C6"),
        ("C7-T1", "C7-T1"),
        ("c7/t1", "C7-T1"),
        ("T12-L1", "T12-L1"),
        ("T4-5", "T4-T5"),
        ("L4-5", "L4-L5"),
        ("L5-S1", "L5-S1"),
        ("l5/s1", "L5-S1"),
    ],
)
def test_parse_disc_level(text: str, expected: str) -> None:
    disc = parse_disc_level(text)
    assert str(disc) == expected
    assert normalize_level(text) == expected
    assert DiscLevel.parse(text) == disc


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("C7-8", "there is no C8 .*did you mean C7-T1"),
        ("C7-C8", "there is no C8"),
        ("T12-13", "there is no T13 .*did you mean T12-L1"),
        ("L5-6", "did you mean L5-S1"),
        ("C5-C7", "C5 and C7 are not adjacent"),
        ("C6-C5", "caudal to cranial.*C5-C6"),
        ("C1-C2", "C1-C2 has no intervertebral disc"),
        ("S1-S2", "there is no S2"),
        ("C9-C10", "there is no C9"),
        ("C5-", "not a disc level"),
        ("C5--6", "not a disc level"),
    ],
)
def test_invalid_disc_levels(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_level(text)


def test_parse_disc_level_rejects_a_vertebra() -> None:
    with pytest.raises(ValueError, match="not a disc level"):
        parse_disc_level("C5")


def test_disc_level_properties() -> None:
    disc = parse_disc_level("C7-T1")
    assert disc.upper == parse_vertebra("C7")
    assert disc.lower == parse_vertebra("T1")
    assert len(DISC_LEVELS) == 23
    assert str(DISC_LEVELS[0]) == "C2-C3"
    assert str(DISC_LEVELS[-1]) == "L5-S1"
    with pytest.raises(ValueError):
        DiscLevel(parse_vertebra("S1"))


# ---------------------------------------------------------------------------
# Ordering and ranges


def test_ordering_mixes_vertebrae_and_discs() -> None:
    c5, c5c6, c6 = parse_level("C5"), parse_level("C5-C6"), parse_level("C6")
    assert c5 < c5c6 < c6
    assert c6 > c5c6 >= c5c6 > c5
    assert c5 <= c5
    assert parse_level("C7-T1") < parse_level("T1") < parse_level("T12-L1") < parse_level("S1")
    assert [str(x) for x in sort_levels(["L1", "C5-6", "C5", "T12-L1", "c2"])] == [
        "C2",
        "C5",
        "C5-C6",
        "T12-L1",
        "L1",
    ]


def test_ordering_against_other_types_is_not_supported() -> None:
    with pytest.raises(TypeError):
        _ = parse_level("C5") < 3
    assert parse_level("C5") != "C5"  # type: ignore[comparison-overlap]


def test_level_range_valid() -> None:
    assert level_range_valid("C3", "C5")
    assert level_range_valid("C5", "C5")
    assert level_range_valid("C5-C6", "C6")
    assert level_range_valid("T12", "L2")
    assert not level_range_valid("C5", "C3")
    assert not level_range_valid("C6", "C5-C6")
    with pytest.raises(ValueError, match="C8"):
        level_range_valid("C8", "T1")


@pytest.mark.parametrize(
    ("start", "end", "segments"),
    [
        ("C3", "C5", 3),
        ("C3", "C4", 2),
        ("C5", "C5", 1),
        ("C6", "T2", 4),
        ("T12", "L1", 2),
        ("C3-C4", "C5-C6", 2),  # only C4 and C5 lie inside the range
        ("C3", "C5-C6", 3),
        ("C4-C5", "C4-C5", 1),  # a lesion at one disc level still counts one segment
        ("C1", "S1", 25),
    ],
)
def test_segments_spanned(start: str, end: str, segments: int) -> None:
    assert segments_spanned(start, end) == segments


def test_segments_spanned_rejects_reversed_and_invalid() -> None:
    with pytest.raises(ValueError, match="reversed"):
        segments_spanned("C5", "C3")
    with pytest.raises(ValueError, match="T13"):
        segments_spanned("T11", "T13")


# ---------------------------------------------------------------------------
# Regions


def test_regions_of() -> None:
    assert regions_of("C5") == {SpineRegion.CERVICAL}
    assert regions_of("C5-C6") == {SpineRegion.CERVICAL}
    assert regions_of("C7-T1") == {SpineRegion.CERVICAL, SpineRegion.THORACIC}
    assert regions_of("T12-L1") == {SpineRegion.THORACIC, SpineRegion.LUMBAR}
    assert regions_of("L5-S1") == {SpineRegion.LUMBAR, SpineRegion.SACRAL}
    assert regions_of("S1") == {SpineRegion.SACRAL}


def test_level_in_region() -> None:
    assert level_in_region("C5", SpineRegion.CERVICAL)
    assert level_in_region("C5", BodyRegion.CERVICAL)
    assert level_in_region("C5", "cervical")
    assert not level_in_region("C5", SpineRegion.THORACIC)
    # junction levels are valid in both adjacent regions
    assert level_in_region("C7-T1", BodyRegion.CERVICAL)
    assert level_in_region("C7-T1", BodyRegion.THORACIC)
    assert level_in_region("T12-L1", BodyRegion.THORACIC)
    assert level_in_region("T12-L1", BodyRegion.LUMBAR)
    assert not level_in_region("C7-T1", BodyRegion.LUMBAR)
    # vertebrae belong to their own region only
    assert not level_in_region("T1", BodyRegion.CERVICAL)
    assert not level_in_region("C7", BodyRegion.THORACIC)
    # a lumbar exam is lumbosacral
    assert level_in_region("S1", BodyRegion.LUMBAR)
    assert level_in_region("L5-S1", BodyRegion.LUMBAR)
    assert level_in_region("S1", SpineRegion.SACRAL)
    assert not level_in_region("L5", SpineRegion.SACRAL)


def test_region_errors() -> None:
    with pytest.raises(ValueError, match="not a spinal region"):
        level_in_region("C5", BodyRegion.BRAIN)
    with pytest.raises(ValueError, match="not a spinal region"):
        spine_region("neck")
    with pytest.raises(ValueError, match="C8"):
        level_in_region("C8", BodyRegion.CERVICAL)
    with pytest.raises(ValueError, match="sacral"):
        disc_levels_for_region(SpineRegion.SACRAL)


def test_disc_levels_for_region() -> None:
    cervical = [str(d) for d in disc_levels_for_region(BodyRegion.CERVICAL)]
    assert cervical == ["C2-C3", "C3-C4", "C4-C5", "C5-C6", "C6-C7", "C7-T1"]
    thoracic = [str(d) for d in disc_levels_for_region(SpineRegion.THORACIC)]
    assert thoracic[0] == "T1-T2" and thoracic[-1] == "T12-L1" and len(thoracic) == 12
    lumbar = [str(d) for d in disc_levels_for_region("lumbar")]
    assert lumbar == ["L1-L2", "L2-L3", "L3-L4", "L4-L5", "L5-S1"]
    for region in (SpineRegion.CERVICAL, SpineRegion.THORACIC, SpineRegion.LUMBAR):
        assert all(level_in_region(d, region) for d in disc_levels_for_region(region))


# ---------------------------------------------------------------------------
# Properties

vertebra_names = st.sampled_from(VERTEBRAL_LEVELS)
disc_indices = st.integers(min_value=0, max_value=len(DISC_LEVELS) - 1)
VERTEBRAL_LEVELS_AND_DISCS = [parse_level(n) for n in VERTEBRAL_LEVELS] + list(DISC_LEVELS)


@st.composite
def disc_spellings(draw: st.DrawFn) -> tuple[str, str]:
    disc = DISC_LEVELS[draw(disc_indices)]
    upper, lower = str(disc.upper), str(disc.lower)
    sep = draw(st.sampled_from(["-", "/", " - ", "–", " / "]))
    short = lower[0] == upper[0] and draw(st.booleans())
    second = lower[1:] if short else lower
    text = f"{upper}{sep}{second}"
    if draw(st.booleans()):
        text = text.lower()
    return text, str(disc)


@given(vertebra_names, st.booleans())
def test_vertebra_roundtrip(name: str, lower: bool) -> None:
    text = name.lower() if lower else name
    assert str(parse_level(text)) == name
    assert parse_level(str(parse_level(text))) == parse_level(text)


@given(disc_spellings())
def test_disc_roundtrip(spelling: tuple[str, str]) -> None:
    text, canonical = spelling
    assert normalize_level(text) == canonical
    assert normalize_level(canonical) == canonical


@given(st.lists(st.one_of(vertebra_names, disc_indices.map(lambda i: str(DISC_LEVELS[i])))))
def test_sorting_matches_anatomical_order(names: list[str]) -> None:
    ordered = [str(x) for x in sort_levels(names)]
    canonical = [str(v) for v in sorted(VERTEBRAL_LEVELS_AND_DISCS)]
    assert ordered == sorted(names, key=canonical.index)


@given(vertebra_names, vertebra_names)
def test_range_and_segments_agree(a: str, b: str) -> None:
    va, vb = parse_vertebra(a), parse_vertebra(b)
    assert level_range_valid(a, b) == (va.index <= vb.index)
    if va.index <= vb.index:
        assert segments_spanned(a, b) == vb.index - va.index + 1
    else:
        with pytest.raises(ValueError):
            segments_spanned(a, b)


@given(vertebra_names, vertebra_names, vertebra_names)
def test_ordering_is_transitive(a: str, b: str, c: str) -> None:
    x, y, z = parse_level(a), parse_level(b), parse_level(c)
    if x <= y and y <= z:
        assert x <= z


@given(st.text(max_size=8))
def test_parse_never_crashes_with_other_errors(text: str) -> None:
    try:
        level = parse_level(text)
    except ValueError as exc:
        assert str(exc)
    else:
        assert normalize_level(str(level)) == str(level)
