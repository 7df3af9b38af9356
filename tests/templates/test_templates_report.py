"""Report structure, sentence tracing, normal-only-when-chosen, rules and warnings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from templates_helpers import vignette
from test_templates_golden import VIGNETTES, answers

from radreport.domain.report import ReportText
from radreport.services.templates import (
    AnswersInvalid,
    load_template,
    preset_answers,
    render_report,
    validate_answers,
)

FIXED_TEXT_START = (
    "These findings are non-specific",
    "Ces signes ne sont pas spécifiques",
    "No alternative",
    "Aucun module",
)


def all_reports() -> list[tuple[str, ReportText]]:
    t = load_template("brain")
    return [
        (f"{n}.{lang}", render_report(t, answers(n), lang=lang))
        for n in VIGNETTES
        for lang in ("en", "fr")
    ]


@pytest.mark.parametrize(("name", "report"), all_reports())
def test_every_generated_sentence_is_traced_to_existing_fields(
    name: str, report: ReportText
) -> None:
    t = load_template("brain").template
    for section in report.sections:
        for s in section.sentences():
            assert s.text.strip(), name
            if not s.fields:
                assert s.text.startswith(FIXED_TEXT_START), (name, s.text)
            for ref in s.fields:
                base = ref.split("[")[0]
                child = ref.split("].", 1)[1] if "]." in ref else None
                assert t.field(f"{base}.{child}" if child else base) is not None, (name, ref)


def test_sections_order_and_impression_numbered() -> None:
    r = render_report(load_template("brain"), vignette("svd_fazekas"), lang="en")
    assert [s.id for s in r.sections] == [
        "indication",
        "comparison",
        "technique",
        "findings_brain",
        "als_supportive",
        "impression",
    ]
    imp = r.section("impression")
    assert imp is not None and imp.numbered and imp.emphasis
    assert imp.text.startswith("1. No demyelinating lesion, mass or infarct: no alternative cause")
    als = r.section("als_supportive")
    assert als is not None and not als.emphasis and "non-specific" in als.title
    assert als.sentences()[-1].text.startswith("These findings are non-specific")
    assert r.template_id == "brain" and r.template_version == "1.0"


def test_nothing_reads_normal_unless_chosen() -> None:
    t = load_template("brain")
    r = render_report(t, {"indication": "ALS?"}, lang="en")
    text = r.plain_text()
    assert [s.id for s in r.sections] == ["indication", "comparison", "technique", "impression"]
    assert "No alternative-diagnosis (mimic) module was completed." in text
    for phrase in (
        "No white matter",
        "No intracranial",
        "normally positioned",
        "non-specific",
        "Fazekas",
    ):
        assert phrase not in text
    # one module answered: only that one is named in the impression
    r = render_report(t, {"tumour": "no"}, lang="en")
    assert r.section("impression").text == (  # type: ignore[union-attr]
        "1. No mass: no alternative cause of the motor signs is shown on this examination."
    )
    assert "demyelinat" not in r.plain_text()


def test_module_normal_shortcuts_make_the_normal_preset() -> None:
    t = load_template("brain")
    normal = preset_answers(t)
    for ref in t.template.modules:
        for key, value in ref.module.normal.items():
            assert normal[key] == value
    assert "indication" not in normal


def test_render_refuses_invalid_answers_listing_all() -> None:
    with pytest.raises(AnswersInvalid) as exc:
        render_report(
            load_template("brain"), {"ms_lesions": "perhaps", "svd_fazekas_pv": 4, "zzz": 1}
        )
    assert sorted(p.field for p in exc.value.problems) == ["ms_lesions", "svd_fazekas_pv", "zzz"]


def codes(answers: dict[str, Any]) -> list[str]:
    _, warnings = validate_answers(load_template("brain"), answers)
    return [w.code for w in warnings]


def test_consistency_warnings() -> None:
    # enhancing count without contrast, new lesions without comparison
    c = codes(
        {
            "indication": "x",
            "contrast": "not_given",
            "ms_lesions": "yes",
            "ms_enhancing": 2,
            "ms_new_t2": 1,
        }
    )
    assert "consistency.contrast_answer_without_contrast" in c
    assert "consistency.new_lesions_without_prior" in c
    assert "mcdonald.enhancing_without_contrast" in c
    # comparison wording in free text
    c = codes({"indication": "x", "additional_findings": "Unchanged pineal cyst."})
    assert "consistency.comparison_wording_without_prior" in c
    assert "consistency.comparison_wording_without_prior" not in codes(
        {
            "indication": "x",
            "comparison": "MRI 2024",
            "additional_findings": "Unchanged pineal cyst.",
        }
    )
    # required: indication, and a visible required field; hidden required fields are not flagged
    c = codes({"chiari": "yes"})
    _, w = validate_answers(load_template("brain"), {"chiari": "yes"})
    assert [m.fields for m in w if m.code == "consistency.required_field_empty"] == [
        ("indication",),
        ("chiari_descent_mm",),
    ]
    _, w = validate_answers(load_template("brain"), {"indication": "x", "chiari": "no"})
    assert not [m for m in w if m.code == "consistency.required_field_empty"]
    # required children of group items
    _, w = validate_answers(
        load_template("brain"),
        {"indication": "x", "infarct": "yes", "infarcts": [{"side": "left"}]},
    )
    assert {m.fields for m in w if m.code == "consistency.required_field_empty"} == {
        ("infarcts[0].territory",),
        ("infarcts[0].acuity",),
    }


def test_contrast_answer_conflicting_with_the_study_is_flagged(tmp_path: Path) -> None:
    from radreport.services.demo_study import write_demo_study
    from radreport.services.scanner import scan_paths

    write_demo_study(tmp_path)
    study = scan_paths([tmp_path]).studies[0]  # no post-contrast series
    _, w = validate_answers(load_template("brain"), {"indication": "x", "contrast": "given"}, study)
    conflict = [m for m in w if m.code == "template.contrast_conflicts_with_study"]
    assert [m.fields for m in conflict] == [("contrast",)]
    assert "no post-contrast series" in conflict[0].en
    _, w = validate_answers(
        load_template("brain"), {"indication": "x", "contrast": "not_given"}, study
    )
    assert not [m for m in w if m.code == "template.contrast_conflicts_with_study"]


def test_mcdonald_results_drive_the_text_and_never_diagnose_ms() -> None:
    t = load_template("brain")
    for name in ("ms_dis_met", "ms_dis_not_met", "ms_dit"):
        for lang in ("en", "fr"):
            text = render_report(t, vignette(name), lang=lang).plain_text().lower()
            assert (
                "compatible with multiple sclerosis" not in text and "diagnosis of ms" not in text
            )
    met = render_report(t, vignette("ms_dis_met")).section("impression").text  # type: ignore[union-attr]
    assert "dissemination in space criteria (McDonald 2017) are met: 3 of 4" in met
    not_met = render_report(t, vignette("ms_dis_not_met")).section("impression").text  # type: ignore[union-attr]
    assert "are not met" in not_met
    dit = render_report(t, vignette("ms_dit")).section("impression").text  # type: ignore[union-attr]
    assert "McDonald 2024" in dit and "simultaneous gadolinium-enhancing and non-enhancing" in dit
    # brain only, spinal cord unknown: DIS cannot be complete
    ans = {**vignette("ms_dis_met"), "ms_juxtacortical": 0, "ms_infratentorial": 0}
    imp = render_report(t, ans).section("impression").text  # type: ignore[union-attr]
    assert "cannot be fully assessed: 1 region involved on this exam (periventricular)" in imp


def test_fazekas_text_per_grade() -> None:
    t = load_template("brain")
    for pv, dwm, expected in (
        (0, 0, "Fazekas 0"),
        (2, 1, "Fazekas 2 (PV 2, DWM 1)"),
        (1, 3, "Fazekas 3 (PV 1, DWM 3)"),
    ):
        r = render_report(t, {"svd_fazekas_pv": pv, "svd_fazekas_dwm": dwm})
        assert expected in r.section("findings_brain").text  # type: ignore[union-attr]
        fr = render_report(t, {"svd_fazekas_pv": pv, "svd_fazekas_dwm": dwm}, lang="fr")
        assert expected.replace("DWM", "SBP") in fr.plain_text()


def test_dates_and_numbers_use_the_locale() -> None:
    t = load_template("brain")
    fr = render_report(t, vignette("ms_dit"), lang="fr").plain_text()
    en = render_report(t, vignette("ms_dit"), lang="en").plain_text()
    assert "du 14 mars 2025" in fr and "dated March 14, 2025" in en
    fr = render_report(t, vignette("tumour_chiari"), lang="fr").plain_text()
    assert "de 6,5\u00a0mm" in fr and "22 × 18 × 15\u00a0mm" in fr


def test_store_renderer_adapter() -> None:
    from radreport.services.store.engines import ReportRenderer
    from radreport.services.templates import TemplateRenderer

    renderer: ReportRenderer = TemplateRenderer()  # mypy checks the protocol
    normal = renderer.preset("brain", "normal")
    assert normal["ms_lesions"] == "no"
    blocking = renderer.validate("brain", normal, None)  # type: ignore[arg-type]
    assert blocking == ["indication: Required field left empty."]
    assert renderer.validate("brain", {**normal, "indication": "x"}, None) == []  # type: ignore[arg-type]
    bad = renderer.validate("brain", {"indication": "x", "svd_lacunes": -1}, None)  # type: ignore[arg-type]
    assert bad == ["svd_lacunes: out of range: must be between 0 and 50 (value -1)"]
    text = renderer.render("brain", {**normal, "indication": "x"}, None, "fr")  # type: ignore[arg-type]
    assert text.template_id == "brain" and text.language == "fr"


def test_spine_text_helpers() -> None:
    from radreport.services.template_render import _canal_category, _segments

    assert [_canal_category(x) for x in (9.5, 10, 13, 13.5, 0, 130, None)] == [
        "absolute_stenosis",
        "relative_stenosis",
        "relative_stenosis",
        "normal",
        "",
        "",
        "",
    ]
    assert _segments({"from": "C3", "to": "C6"}) == 4
    assert _segments({"from": "C6", "to": "C3"}) == 0
    assert _segments(None) == 0
