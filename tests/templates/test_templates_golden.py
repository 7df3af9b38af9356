"""Golden report texts for the brain vignettes, in English and French.

Compared exactly.  To regenerate after a deliberate wording change:
``RADREPORT_UPDATE_GOLDEN=1 python3 -m pytest tests/templates`` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from templates_helpers import GOLDEN, vignette

from radreport.domain.study import Study
from radreport.services.demo_study import write_demo_study
from radreport.services.scanner import scan_paths
from radreport.services.templates import load_template, preset_answers, render_report

VIGNETTES = [
    "normal",
    "ms_dis_met",
    "ms_dis_not_met",
    "ms_dit",
    "ms_dit_contrast",
    "infarct_acute_chronic",
    "svd_fazekas",
    "svd_fazekas_low",
    "tumour_chiari",
]


def answers(name: str) -> dict[str, Any]:
    if name == "normal":
        return {
            **preset_answers(load_template("brain")),
            "indication": "Suspected ALS; exclude a mimic.",
        }
    return vignette(name)


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("RADREPORT_UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}: run with RADREPORT_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("name", VIGNETTES)
def test_golden(name: str, lang: str) -> None:
    report = render_report(load_template("brain"), answers(name), lang=lang)
    check_golden(f"brain_{name}.{lang}.txt", report.plain_text())


@pytest.fixture(scope="module")
def demo_study(tmp_path_factory: pytest.TempPathFactory) -> Study:
    folder: Path = tmp_path_factory.mktemp("demo")
    write_demo_study(folder)
    return scan_paths([folder]).studies[0]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_golden_with_demo_study(demo_study: Study, lang: str) -> None:
    """Technique from the study's headers (scanner, field, sequences and planes, contrast)."""
    report = render_report(load_template("brain"), answers("normal"), study=demo_study, lang=lang)
    check_golden(f"brain_normal_demo_study.{lang}.txt", report.plain_text())


def test_french_is_not_english() -> None:
    t = load_template("brain")
    for name in VIGNETTES:
        en = render_report(t, answers(name), lang="en")
        fr = render_report(t, answers(name), lang="fr")
        assert [s.id for s in en.sections] == [s.id for s in fr.sections]
        for se, sf in zip(en.sections, fr.sections, strict=True):
            if se.id != "indication":
                assert se.text != sf.text, (name, se.id)
