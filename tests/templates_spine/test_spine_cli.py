"""The CLI with the spine and combined templates, end to end (subprocess)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from radreport.services.demo_study import write_demo_study

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "radreport", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env=env,
        timeout=120,
        check=False,
    )


def test_templates_json_lists_the_spine_templates() -> None:
    r = run("templates", "--json")
    assert r.returncode == 0, r.stderr
    data = {t["id"]: t for t in json.loads(r.stdout)}
    assert data["cervical"]["regions"] == ["cervical"]
    assert data["thoracic"]["title"]["fr"] == "IRM de la colonne dorsale - bilan de SLA"
    assert data["lumbar"]["regions"] == ["lumbar"]
    assert data["combined"]["regions"] == ["brain", "cervical", "thoracic"]
    assert data["combined"]["field_count"] > data["cervical"]["field_count"]


def test_template_show_cervical_json() -> None:
    r = run("template", "show", "cervical", "--json")
    assert r.returncode == 0, r.stderr
    schema = json.loads(r.stdout)
    fields = {f["id"]: f for f in schema["fields"]}
    discs = {c["id"]: c for c in fields["c_discs"]["fields"]}
    assert discs["level"]["kind"] == "disc"
    assert (discs["kang"]["min"], discs["kang"]["max"]) == (0, 3)
    assert [o["id"] for o in discs["cord_signal"]["options"]] == ["none", "faint", "intense"]
    assert {"bulge", "opll", "listhesis"} <= {o["id"] for o in discs["causes"]["options"]}
    rules = {h["name"]: h for h in schema["rules"]}
    assert rules["kang_cervical"]["rule"] == "kang"
    assert rules["nmosd_c_cord"]["range_field"] == "c_ms_lesions.extent"
    assert schema["presets"]["normal"]["answers"]["c_stenosis"] == "no"


def test_render_combined_normal_with_the_demo_study_in_french(tmp_path: Path) -> None:
    write_demo_study(tmp_path)
    r = run(
        "render", "--template", "combined", "--preset", "normal",
        "--study", str(tmp_path), "--lang", "fr",
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    out = r.stdout
    order = [
        out.index("TECHNIQUE"),
        out.index("CONSTATATIONS : ENCÉPHALE"),
        out.index("CONSTATATIONS : COLONNE CERVICALE"),
        out.index("CONSTATATIONS : COLONNE DORSALE"),
        out.index("CONCLUSION"),
    ]
    assert order == sorted(order)
    technique = out[order[0] : order[1]]
    assert "Colonne cervicale\u00a0:" in technique and "Colonne dorsale\u00a0:" in technique
    assert "Pas de sténose canalaire ni foraminale cervicale." in out
    assert "aucune autre cause des signes moteurs n'est mise en évidence à cet examen" in out


def test_render_reports_kang_inconsistency_on_stderr(tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text(
        'c_stenosis: "yes"\nc_discs:\n  - {level: C5-C6, kang: 3, cord_signal: none}\n',
        encoding="utf-8",
    )
    r = run("render", "--template", "cervical", "--answers", str(answers))
    assert r.returncode == 0, r.stderr
    assert "spine.kang3_without_cord_signal" in r.stderr and "C5-C6" in r.stderr
