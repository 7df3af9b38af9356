"""Generic consistency checks on report answers."""

from __future__ import annotations

import pytest

from radreport.domain.rules.consistency import (
    comparison_wording,
    contrast_dependent_answers,
    find_comparison_wording,
    is_empty,
    level_outside_region,
    levels_outside_region,
    missing_required,
)
from radreport.domain.rules.levels import SpineRegion
from radreport.domain.rules.messages import Severity
from radreport.domain.study import BodyRegion

# ---------------------------------------------------------------------------
# (a) contrast


def test_contrast_dependent_answers_without_contrast() -> None:
    answers = {
        "enhancement": "ring",
        "enhancing_count": 0,
        "gd_pattern": "not_assessed",
        "dural_tail": None,
        "other": "x",
        "blank": "  ",
        "pattern_fr": "Non évalué",
    }
    fields = ["enhancement", "enhancing_count", "gd_pattern", "dural_tail", "blank", "pattern_fr"]
    messages = contrast_dependent_answers(answers, fields, contrast_given=False)
    assert [m.fields for m in messages] == [("enhancement",), ("enhancing_count",)]
    msg = messages[0]
    assert msg.code == "consistency.contrast_answer_without_contrast"
    assert msg.severity is Severity.WARNING
    assert "no contrast was given" in msg.en
    assert "aucun n'a été injecté" in msg.fr


def test_contrast_dependent_answers_with_contrast() -> None:
    assert contrast_dependent_answers({"enhancement": "ring"}, ["enhancement"], True) == []


def test_contrast_custom_neutral_values() -> None:
    messages = contrast_dependent_answers(
        {"e": "unknown"}, ["e"], False, neutral_values=["Unknown"]
    )
    assert messages == []


# ---------------------------------------------------------------------------
# (b) levels


def test_level_outside_region() -> None:
    assert level_outside_region("lvl", "C5", BodyRegion.CERVICAL) == []
    assert level_outside_region("lvl", "c7/t1", BodyRegion.THORACIC) == []
    assert level_outside_region("lvl", "", BodyRegion.CERVICAL) == []
    [msg] = level_outside_region("lvl", "l4-5", BodyRegion.CERVICAL)
    assert msg.code == "consistency.level_outside_region"
    assert msg.fields == ("lvl",)
    assert msg.en == "L4-L5 is outside the region of this report (cervical spine)."
    assert msg.fr == "L4-L5 est situé hors de la région visée par ce rapport (colonne cervicale)."


def test_invalid_level_is_an_error() -> None:
    [msg] = level_outside_region("lvl", "C8", SpineRegion.CERVICAL)
    assert msg.code == "consistency.level_invalid"
    assert msg.severity is Severity.ERROR
    assert "“C8”" in msg.en and "«\u00a0C8\u00a0»" in msg.fr
    [msg] = level_outside_region("lvl", 5, SpineRegion.CERVICAL)
    assert msg.code == "consistency.level_invalid"


def test_non_spinal_region_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        level_outside_region("lvl", "C5", BodyRegion.BRAIN)


def test_levels_outside_region_with_lists() -> None:
    answers = {"from": "T2", "to": "C5", "levels": ["C3", "T11", "X"], "empty": None}
    messages = levels_outside_region(answers, ["from", "to", "levels", "empty"], "thoracic")
    assert [(m.code, m.fields) for m in messages] == [
        ("consistency.level_outside_region", ("to",)),
        ("consistency.level_outside_region", ("levels",)),
        ("consistency.level_invalid", ("levels",)),
    ]


# ---------------------------------------------------------------------------
# (c) comparison wording


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("New lesion in the left centrum semiovale.", ["new"]),
        ("No new lesions.", ["new"]),
        ("Unchanged disc protrusion at C5-C6.", ["unchanged"]),
        ("Stable appearance.", ["stable"]),
        ("The syrinx has increased in size.", ["increased"]),
        ("Decreased mass effect.", ["decreased"]),
        ("Interval development of a small lacune.", ["interval"]),
        ("As previously described.", ["previously"]),
        ("No change since the prior exam.", ["since the prior"]),
        ("Compared with the previous MRI, smaller.", ["compared with the previous"]),
        ("Nouvelle lésion périventriculaire.", ["nouvelle"]),
        ("Nouvelles lésions médullaires.", ["nouvelles"]),
        ("Nouveau foyer.", ["nouveau"]),
        ("Protrusion discale inchangée.", ["inchangée"]),
        ("Aspect inchange.", ["inchange"]),
        ("Lésions stables.", ["stables"]),
        ("Syrinx augmentée de volume.", ["augmentée"]),
        ("Effet de masse diminué.", ["diminué"]),
        ("Pas de changement depuis l'examen du 3 mars.", ["depuis l'examen"]),
        ("Pas de changement depuis l’IRM précédente.", ["depuis l’irm"]),
        ("Depuis le dernier examen, aucune modification.", ["depuis le dernier examen"]),
        ("Taille en augmentation.", ["en augmentation"]),
        ("NEW and UNCHANGED", ["new", "unchanged"]),
        ("new, new, stable", ["new", "stable"]),
    ],
)
def test_find_comparison_wording(text: str, words: list[str]) -> None:
    assert find_comparison_wording(text) == words


@pytest.mark.parametrize(
    "text",
    [
        "Increased T2 signal in the cord at C5-C6.",
        "Decreased signal intensity of the precentral cortex on SWI.",
        "Increased signal in both corticospinal tracts.",
        "Signal T2 augmenté de la moelle.",
        "Hypersignal FLAIR augmenté.",
        "Intensité de signal diminuée du cortex moteur.",
        "A new MRI with contrast is suggested.",
        "Une nouvelle IRM est recommandée.",
        "Un nouvel examen avec gadolinium pourrait être utile.",
        "Renewed interest; newton; instability; unstable",
        "No prior exam available. Aucun examen antérieur.",
        "",
    ],
)
def test_no_comparison_wording(text: str) -> None:
    assert find_comparison_wording(text) == []


def test_comparison_wording_without_prior() -> None:
    answers = {
        "findings": "Unchanged disc bulge. Increased T2 signal at C4.",
        "impression": "Nouvelle lésion.",
        "comparison": "none",
        "count": 3,
        "new_lesions": 2,
        "new_enhancing": 0,
    }
    messages = comparison_wording(
        answers, comparison_available=False, new_count_fields=["new_lesions", "new_enhancing"]
    )
    assert [(m.code, m.fields) for m in messages] == [
        ("consistency.comparison_wording_without_prior", ("findings",)),
        ("consistency.comparison_wording_without_prior", ("impression",)),
        ("consistency.new_lesions_without_prior", ("new_lesions",)),
    ]
    assert messages[0].en == "Comparison wording (“unchanged”) but no prior exam is recorded."
    assert messages[1].fr == (
        "Termes de comparaison («\u00a0nouvelle\u00a0») alors qu'aucun examen antérieur "
        "n'est indiqué."
    )
    assert "(2)" in messages[2].en and "(2)" in messages[2].fr
    assert all(m.severity is Severity.WARNING for m in messages)


def test_comparison_wording_limited_fields_and_with_prior() -> None:
    answers = {"findings": "Stable.", "history": "New weakness of the left hand."}
    only = comparison_wording(answers, False, text_fields=["findings"])
    assert [m.fields for m in only] == [("findings",)]
    assert comparison_wording(answers, True, new_count_fields=["x"]) == []


@pytest.mark.parametrize(
    ("value", "flagged"),
    [(True, True), ("3", True), (0, False), (False, False), (None, False), ("", False)],
)
def test_new_count_values(value: object, flagged: bool) -> None:
    messages = comparison_wording({"n": value}, False, text_fields=[], new_count_fields=["n"])
    assert bool(messages) is flagged


# ---------------------------------------------------------------------------
# (d) required


def test_missing_required() -> None:
    answers = {"a": "x", "b": "", "c": None, "d": 0, "e": False, "f": [], "g": ["C5"], "h": " "}
    messages = missing_required(answers, ["a", "b", "c", "d", "e", "f", "g", "h", "absent", "b"])
    assert [m.fields for m in messages] == [("b",), ("c",), ("f",), ("h",), ("absent",)]
    assert messages[0].code == "consistency.required_field_empty"
    assert messages[0].severity is Severity.ERROR
    assert messages[0].fr == "Champ obligatoire non rempli."


def test_is_empty() -> None:
    assert is_empty(None) and is_empty("") and is_empty("  ") and is_empty(()) and is_empty({})
    assert not is_empty(0) and not is_empty(False) and not is_empty("0") and not is_empty(b"")
