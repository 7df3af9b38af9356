"""The CLI end to end: ``python -m radreport templates / template show / render``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from templates_helpers import GOLDEN, VIGNETTES

from radreport.services.demo_study import write_demo_study

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "radreport", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd or ROOT,
        env=env,
        timeout=60,
        check=False,
    )


pytestmark = pytest.mark.slow


def test_templates_list_json() -> None:
    r = run("templates", "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    brain = next(t for t in data if t["id"] == "brain")
    assert brain["regions"] == ["brain"] and brain["title"]["fr"].startswith("IRM")
    r = run("templates")
    assert r.returncode == 0 and "brain" in r.stdout


def test_template_show_json_has_the_full_schema() -> None:
    r = run("template", "show", "brain", "--json")
    assert r.returncode == 0, r.stderr
    schema = json.loads(r.stdout)
    fields = {f["id"]: f for f in schema["fields"]}
    assert {"indication", "comparison", "additional_findings"} <= set(fields)
    assert fields["ms_periventricular"]["min"] == 0 and fields["ms_periventricular"]["max"] == 100
    assert fields["ms_enhancing_pattern"]["show_if"] == {"field": "ms_enhancing", "gte": 1.0}
    assert fields["chiari_descent_mm"]["unit"] == {"en": "mm", "fr": "mm"}
    assert [o["id"] for o in fields["motor_band"]["options"]][-1] == "not_assessable"
    assert (
        fields["infarcts"]["type"] == "group"
        and fields["infarcts"]["fields"][0]["id"] == "territory"
    )
    assert schema["presets"]["normal"]["answers"]["ms_lesions"] == "no"
    assert fields["ms_lesions"]["label"]["fr"].startswith("Lésions")
    r = run("template", "show", "nope")
    assert r.returncode == 2 and "no template 'nope'" in r.stderr


def test_render_preset_matches_golden_and_writes_atomically(tmp_path: Path) -> None:
    r = run(
        "render", "--template", "brain", "--answers", str(VIGNETTES / "ms_dit.yaml"), "--lang", "fr"
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout == (GOLDEN / "brain_ms_dit.fr.txt").read_text(encoding="utf-8")
    out = tmp_path / "report.txt"
    r = run("render", "--template", "brain", "--preset", "normal", "--out", str(out))
    assert r.returncode == 0 and r.stdout == ""
    assert "no alternative cause of the motor signs is shown on this examination" in out.read_text(
        encoding="utf-8"
    )
    # warnings (indication left empty) go to stderr and do not fail
    assert "consistency.required_field_empty" in r.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]  # no temporary file left


def test_render_json_format_keeps_sentence_fields(tmp_path: Path) -> None:
    answers = tmp_path / "a.json"
    answers.write_text(
        json.dumps({"indication": "ALS?", "chiari": "yes", "chiari_descent_mm": 7}),
        encoding="utf-8",
    )
    r = run("render", "--template", "brain", "--answers", str(answers), "--format", "json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    findings = next(s for s in doc["sections"] if s["id"] == "findings_brain")
    assert findings["paragraphs"][0]["sentences"][0]["fields"] == ["chiari", "chiari_descent_mm"]


def test_invalid_answers_exit_2_listing_every_problem(tmp_path: Path) -> None:
    answers = tmp_path / "bad.yaml"
    answers.write_text(
        "ms_lesions: perhaps\nsvd_fazekas_pv: 7\nnot_a_field: 1\ninfarct: 'yes'\n"
        "infarcts:\n  - territory: mca\n    size: [1, 2]\n",
        encoding="utf-8",
    )
    r = run("render", "--template", "brain", "--answers", str(answers))
    assert r.returncode == 2
    assert r.stdout == ""
    assert "4 invalid answers" in r.stderr
    for text in (
        'ms_lesions: "perhaps": not one of the options (yes, no, not_assessed)',
        "svd_fazekas_pv: 7: out of range: must be between 0 and 3",
        "not_a_field: 1: unknown field",
        "infarcts[0].size: [1, 2]: expected 1 to 1 diameters in mm",
    ):
        assert text in r.stderr
    r = run("render", "--template", "brain", "--answers", str(answers), "--lang", "fr")
    assert "svd_fazekas_pv: 7: hors limites" in r.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [("a: [unclosed", "not valid YAML"), ("- just\n- a list\n", "expected a mapping")],
)
def test_bad_answers_file(tmp_path: Path, content: str, message: str) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text(content, encoding="utf-8")
    r = run("render", "--template", "brain", "--answers", str(answers))
    assert r.returncode == 2 and message in r.stderr and "Traceback" not in r.stderr
    r = run("render", "--template", "brain", "--answers", str(tmp_path / "missing.yaml"))
    assert r.returncode == 2 and "answers file not found" in r.stderr
    r = run("render", "--template", "brain", "--preset", "abnormal")
    assert r.returncode == 2 and "no preset 'abnormal'" in r.stderr


def test_render_with_study(tmp_path: Path) -> None:
    write_demo_study(tmp_path / "study")
    r = run(
        "render", "--template", "brain", "--preset", "normal", "--study", str(tmp_path / "study")
    )
    assert r.returncode == 0, r.stderr
    assert "SIGNA Artist, 1.5" in r.stdout and "axial diffusion with ADC map" in r.stdout
    assert "protocol.no_post_contrast" in r.stderr
    r = run(
        "render", "--template", "brain", "--preset", "normal", "--study", str(tmp_path / "nothing")
    )
    assert r.returncode == 2 and "no DICOM study found" in r.stderr


def test_render_with_several_studies_uses_the_first_and_says_so(tmp_path: Path) -> None:
    from factory import write_mr
    from pydicom.uid import generate_uid

    for name in ("a", "b"):
        write_mr(tmp_path / name / "IM1.dcm", study_uid=generate_uid(), series_uid=generate_uid())
    r = run("render", "--template", "brain", "--preset", "normal", "--study", str(tmp_path))
    assert r.returncode == 0, r.stderr
    assert "2 studies found" in r.stderr and "using the first" in r.stderr
