"""The spine rule hooks and text helpers: Kang consistency per disc level, AP canal
category, NMOSD red flag from a cord lesion's extent, levels outside the region."""

from __future__ import annotations

from typing import Any

import pytest

from radreport.domain.rules.messages import RuleMessage
from radreport.domain.templates import TemplateDef, build_template
from radreport.services.template_render import _canal_category, _segments
from radreport.services.templates import (
    AnswersInvalid,
    load_template,
    render_report,
    validate_answers,
)


def disc(level: str, kang: int, signal: str, **extra: Any) -> dict[str, Any]:
    return {"level": level, "kang": kang, "cord_signal": signal, **extra}


def warnings_for(template_id: str, answers: dict[str, Any]) -> list[RuleMessage]:
    problems, warnings = validate_answers(load_template(template_id), answers)
    assert problems == []
    return warnings


def codes(warnings: list[RuleMessage], prefix: str = "spine.") -> list[tuple[str, tuple[str, ...]]]:
    return [(w.code, w.fields) for w in warnings if w.code.startswith(prefix)]


@pytest.mark.parametrize(
    ("kang", "signal", "code"),
    [
        (3, "none", "spine.kang3_without_cord_signal"),
        (2, "faint", "spine.cord_signal_requires_kang3"),
        (1, "intense", "spine.cord_signal_requires_kang3"),
        (0, "faint", "spine.cord_signal_without_narrowing"),
    ],
)
def test_kang_inconsistency_is_flagged_at_its_level(kang: int, signal: str, code: str) -> None:
    answers = {
        "c_stenosis": "yes",
        "c_discs": [disc("C4-C5", 1, "none"), disc("C5-C6", kang, signal)],
    }
    warnings = warnings_for("cervical", answers)
    assert codes(warnings) == [(code, ("c_discs[1].kang", "c_discs[1].cord_signal"))]
    w = next(w for w in warnings if w.code == code)
    assert w.en.startswith("C5-C6:") and w.fr.startswith("C5-C6\u00a0:")


@pytest.mark.parametrize(
    ("kang", "signal"), [(0, "none"), (1, "none"), (2, "none"), (3, "faint"), (3, "intense")]
)
def test_consistent_kang_gives_no_warning(kang: int, signal: str) -> None:
    answers = {"c_stenosis": "yes", "c_discs": [disc("C5-C6", kang, signal)]}
    assert codes(warnings_for("cervical", answers)) == []


def test_kang_check_skips_unanswered_signal_and_runs_per_region() -> None:
    assert (
        codes(
            warnings_for(
                "cervical", {"c_stenosis": "yes", "c_discs": [{"level": "C5-C6", "kang": 3}]}
            )
        )
        == []
    )
    thoracic = {"t_stenosis": "yes", "t_discs": [disc("T10-T11", 3, "none")]}
    assert codes(warnings_for("thoracic", thoracic)) == [
        ("spine.kang3_without_cord_signal", ("t_discs[0].kang", "t_discs[0].cord_signal"))
    ]
    # The combined template runs both hooks (distinct names), each naming its own level.
    both = {**thoracic, "c_stenosis": "yes", "c_discs": [disc("C6-C7", 2, "intense")]}
    got = codes(warnings_for("combined", both))
    assert (
        "spine.cord_signal_requires_kang3",
        ("c_discs[0].kang", "c_discs[0].cord_signal"),
    ) in got
    assert ("spine.kang3_without_cord_signal", ("t_discs[0].kang", "t_discs[0].cord_signal")) in got


def test_kang_hook_in_the_schema() -> None:
    hooks = {h.name: h for h in load_template("combined").template.hooks}
    assert hooks["kang_cervical"].kang_field == "c_discs.kang"
    assert hooks["kang_thoracic"].signal_field == "t_discs.cord_signal"
    assert "nmosd_c_cord" in hooks and "nmosd_t_cord" in hooks


def _definition(rule: dict[str, Any]) -> TemplateDef:
    return TemplateDef.model_validate(
        {
            "id": "t",
            "version": "1",
            "title": {"en": "T", "fr": "T"},
            "regions": ["cervical"],
            "modules": [
                {
                    "id": "m",
                    "region": "cervical",
                    "title": {"en": "M", "fr": "M"},
                    "fields": [
                        {
                            "id": "discs",
                            "type": "group",
                            "label": {"en": "D", "fr": "D"},
                            "fields": [
                                {
                                    "id": "level",
                                    "type": "level",
                                    "kind": "disc",
                                    "label": {"en": "L", "fr": "L"},
                                },
                                {
                                    "id": "kang",
                                    "type": "integer",
                                    "min": 0,
                                    "max": 3,
                                    "label": {"en": "K", "fr": "K"},
                                },
                                {"id": "signal", "type": "text", "label": {"en": "S", "fr": "S"}},
                            ],
                        }
                    ],
                    "rules": [rule],
                }
            ],
        }
    )


def test_kang_hook_needs_its_three_fields() -> None:
    with pytest.raises(ValueError, match="a kang hook needs"):
        _definition({"rule": "kang", "name": "k", "level_field": "discs.level"})


def test_kang_hook_field_types_are_checked_on_load() -> None:
    rule = {
        "rule": "kang",
        "name": "k",
        "level_field": "discs.level",
        "kang_field": "discs.kang",
        "signal_field": "discs.signal",
    }
    _, problems = build_template(_definition(rule), {})
    assert [p.message for p in problems] == ["field 'discs.signal' is a text, expected choice"]
    _, problems = build_template(_definition({**rule, "signal_field": "discs.nope"}), {})
    assert [p.message for p in problems] == ["no field 'discs.nope'"]


@pytest.mark.parametrize(
    ("mm", "category"),
    [
        (9.9, "absolute_stenosis"),
        (10, "relative_stenosis"),
        (13.0, "relative_stenosis"),
        (13.1, "normal"),
        (17, "normal"),
        (0, ""),
        (None, ""),
        ("12", ""),
    ],
)
def test_canal_helper(mm: Any, category: str) -> None:
    assert _canal_category(mm) == category


def test_segments_helper() -> None:
    assert _segments({"from": "C2", "to": "C6"}) == 5
    assert _segments({"from": "C5", "to": "C5"}) == 1
    assert _segments({"from": "C6", "to": "C2"}) == 0  # reversed: never a crash in the text
    assert _segments(None) == 0


@pytest.mark.parametrize(("mm", "en"), [(9.5, "(absolute stenosis)"), (12, "(relative stenosis)")])
def test_ap_category_in_the_text(mm: float, en: str) -> None:
    answers = {"c_stenosis": "yes", "c_discs": [disc("C5-C6", 1, "none", ap_mm=mm)]}
    text = render_report(load_template("cervical"), answers).plain_text()
    assert f"{str(mm).rstrip('0').rstrip('.')}\u00a0mm {en}" in text
    normal = {"c_stenosis": "yes", "c_discs": [disc("C5-C6", 0, "none", ap_mm=15)]}
    text = render_report(load_template("cervical"), normal).plain_text()
    assert "15\u00a0mm." in text and "stenosis)" not in text


def test_nmosd_red_flag_from_the_cord_lesion_extent() -> None:
    answers = {
        "c_ms": "yes",
        "c_ms_cord": 2,
        "c_ms_lesions": [
            {"extent": {"from": "C2", "to": "C4"}},
            {"extent": {"from": "C6", "to": "C7"}},
        ],
    }
    warnings = warnings_for("cervical", answers)
    flags = [w for w in warnings if "nmosd" in w.code]
    assert [w.fields for w in flags] == [("c_ms_lesions[0].extent",)]
    for lang, needle in (("en", "NMOSD"), ("fr", "NMOSD")):
        text = render_report(load_template("cervical"), answers, lang=lang).plain_text()
        assert needle in text.split("IMPRESSION" if lang == "en" else "CONCLUSION")[1]
    short = {**answers, "c_ms_lesions": [{"extent": {"from": "C2", "to": "C3"}}]}
    assert not [w for w in warnings_for("cervical", short) if "nmosd" in w.code]
    assert "NMOSD" not in render_report(load_template("cervical"), short).plain_text()


def test_disc_level_outside_the_region_is_a_warning() -> None:
    answers = {"c_stenosis": "yes", "c_discs": [disc("L4-L5", 1, "none")]}
    warnings = warnings_for("cervical", answers)
    outside = [w for w in warnings if w.code == "consistency.level_outside_region"]
    assert [w.fields for w in outside] == [("c_discs[0].level",)]
    lumbar = {"l_stenosis": "yes", "l_discs": [{"level": "C5-C6", "schizas": "a"}]}
    assert [w.fields for w in warnings_for("lumbar", lumbar) if "outside" in w.code] == [
        ("l_discs[0].level",)
    ]


@pytest.mark.parametrize("bad", ["C1-C2", "C5-C7", "disc 5"])
def test_invalid_disc_level_is_a_problem(bad: str) -> None:
    answers = {"c_stenosis": "yes", "c_discs": [disc(bad, 1, "none")]}
    problems, _ = validate_answers(load_template("cervical"), answers)
    assert [p.field for p in problems] == ["c_discs[0].level"]
    with pytest.raises(AnswersInvalid):
        render_report(load_template("cervical"), answers)


def test_kang_out_of_range_is_a_problem_not_a_crash() -> None:
    answers = {"c_stenosis": "yes", "c_discs": [disc("C5-C6", 4, "none")]}
    problems, _ = validate_answers(load_template("cervical"), answers)
    assert [p.field for p in problems] == ["c_discs[0].kang"]


def test_lumbar_roots_named_from_the_disc_level() -> None:
    """Lateral recess = traversing (lower) root; foramen = exiting (upper) root."""
    answers = {
        "l_stenosis": "yes",
        "l_discs": [
            {
                "level": "L4-L5",
                "schizas": "b",
                "recess_left": "compressed",
                "foramen_right": "compressed",
            }
        ],
    }
    text = render_report(load_template("lumbar"), answers).plain_text()
    assert "Compression of the left L5 root in the lateral recess." in text
    assert "Compression of the right L4 root in the foramen." in text


def test_unanswered_modules_write_nothing() -> None:
    for template_id in ("cervical", "thoracic", "lumbar", "combined"):
        report = render_report(load_template(template_id), {"indication": "x"})
        ids = [s.id for s in report.sections]
        assert not any(
            i.startswith("findings") or i in ("incidental", "als_supportive") for i in ids
        )
        impression = report.section("impression")
        assert impression is not None and len(impression.paragraphs) == 1


def test_hirayama_without_flexion_says_so() -> None:
    answers = {"c_hirayama": "no", "c_hir_flexion": "not_performed"}
    en = render_report(load_template("cervical"), answers).plain_text()
    fr = render_report(load_template("cervical"), answers, lang="fr").plain_text()
    assert "no flexion study was performed" in en
    assert "aucune étude en flexion" in fr


def test_combined_mcdonald_counts_the_imaged_cord() -> None:
    """The combined template's McDonald hook adds the cervical and thoracic cord counts."""
    brain = {
        "ms_lesions": "yes",
        "ms_periventricular": 3,
        "ms_juxtacortical": 0,
        "ms_infratentorial": 0,
    }
    cord = {**brain, "c_ms": "yes", "c_ms_cord": 1, "t_ms": "no", "t_ms_cord": 0}
    codes_ = [w.code for w in warnings_for("combined", cord)]
    assert "mcdonald.dis_met" in codes_
    clean = {**brain, "c_ms": "no", "c_ms_cord": 0, "t_ms": "no", "t_ms_cord": 0}
    codes_ = [w.code for w in warnings_for("combined", clean)]
    assert "mcdonald.dis_not_met" in codes_ and "mcdonald.dis_not_assessable" not in codes_
    text = render_report(load_template("combined"), clean).plain_text()
    assert "spinal cord was not examined" not in text


def test_contrast_dependent_cord_answers_warn_without_contrast() -> None:
    answers = {
        "contrast": "not_given",
        "c_ms": "yes",
        "c_ms_cord": 1,
        "c_ms_lesions": [{"extent": {"from": "C3", "to": "C3"}, "enhancement": "nodular"}],
    }
    warnings = warnings_for("cervical", answers)
    assert [
        w.fields for w in warnings if w.code == "consistency.contrast_answer_without_contrast"
    ] == [("c_ms_lesions[0].enhancement",)]


def test_group_refs_find_their_module_and_region() -> None:
    from radreport.services.templates import load_template

    tpl = load_template("cervical").template
    module = tpl.module_of("c_discs[2].level")
    assert module is not None and module.region == "cervical"
    assert tpl.module_of("c_discs.level") is module
    assert tpl.module_of("no_such_field[0].x") is None
