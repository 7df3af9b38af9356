"""Golden report texts of the cervical, thoracic, lumbar and combined templates (EN and FR)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from spine_helpers import SPINE_TEMPLATES, check_golden, vignette

from radreport.domain.report import ReportText
from radreport.domain.study import Study
from radreport.services.demo_study import write_demo_study
from radreport.services.scanner import scan_paths
from radreport.services.templates import (
    load_template,
    preset_answers,
    render_report,
    validate_answers,
)

# (template, vignette); "normal" is the template's normal preset.
CASES = [
    *[(t, "normal") for t in SPINE_TEMPLATES],
    ("cervical", "cervical_stenosis_multilevel"),
    ("cervical", "cervical_kang0_foraminal"),
    ("cervical", "cervical_kang2_single"),
    ("cervical", "cervical_syrinx_chiari"),
    ("cervical", "cervical_hirayama"),
    ("cervical", "cervical_scd"),
    ("cervical", "cervical_tumour"),
    ("cervical", "cervical_ms_nmosd"),
    ("cervical", "cervical_als_signs"),
    ("thoracic", "thoracic_amn"),
    ("thoracic", "thoracic_stenosis"),
    ("lumbar", "lumbar_stenosis"),
    ("combined", "combined_ms"),
]


def answers(template_id: str, name: str) -> dict[str, Any]:
    if name == "normal":
        return {
            **preset_answers(load_template(template_id)),
            "indication": "Suspected ALS; exclude a mimic.",
        }
    return vignette(name)


def render(template_id: str, name: str, lang: str, study: Study | None = None) -> ReportText:
    return render_report(
        load_template(template_id), answers(template_id, name), study=study, lang=lang
    )


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize(("template_id", "name"), CASES)
def test_golden(template_id: str, name: str, lang: str) -> None:
    report = render(template_id, name, lang)
    check_golden(f"{template_id}_{name}.{lang}.txt", report.plain_text())


@pytest.mark.parametrize(("template_id", "name"), CASES)
def test_vignettes_are_valid(template_id: str, name: str) -> None:
    problems, _ = validate_answers(load_template(template_id), answers(template_id, name))
    assert problems == []


@pytest.mark.parametrize(("template_id", "name"), CASES)
def test_every_sentence_is_traced_and_french_differs(template_id: str, name: str) -> None:
    en, fr = render(template_id, name, "en"), render(template_id, name, "fr")
    assert [s.id for s in en.sections] == [s.id for s in fr.sections]
    for se, sf in zip(en.sections, fr.sections, strict=True):
        if se.id != "indication":
            assert se.text != sf.text, (name, se.id)
        for p in se.paragraphs:
            for s in p.sentences:
                # Only the engine's fixed caveat and empty-mimic sentence carry no field.
                assert s.fields or se.id in ("als_supportive", "impression"), s.text


@pytest.fixture(scope="module")
def demo_study(tmp_path_factory: pytest.TempPathFactory) -> Study:
    folder: Path = tmp_path_factory.mktemp("demo")
    write_demo_study(folder)
    return scan_paths([folder]).studies[0]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_combined_with_demo_study(demo_study: Study, lang: str) -> None:
    """Brain, cervical and thoracic findings in that order; Technique from the study."""
    vig = vignette("combined_ms")
    report = render_report(load_template("combined"), vig, study=demo_study, lang=lang)
    ids = [s.id for s in report.sections]
    assert ids.index("findings_brain") < ids.index("findings_cervical")
    assert ids.index("findings_cervical") < ids.index("findings_thoracic")
    assert ids.index("findings_thoracic") < ids.index("impression")
    technique = report.section("technique")
    assert technique is not None
    assert demo_study.model.strip() and demo_study.model.strip() in technique.text
    check_golden(f"combined_combined_ms_demo_study.{lang}.txt", report.plain_text())
