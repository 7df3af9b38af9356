"""A broken template is reported with its file, its line and the problem."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from radreport.services.resources import templates_dir
from radreport.services.templates import TemplateError, check, list_templates, load_template


@pytest.fixture
def root(tmp_path: Path) -> Path:
    dest = tmp_path / "templates"
    shutil.copytree(templates_dir(), dest)
    return dest


def edit(path: Path, old: str, new: str) -> int:
    """Replace the first ``old`` by ``new``; return the 1-based line of the change."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


def problems(root: Path, template_id: str = "brain") -> list[tuple[str, int | None, str]]:
    with pytest.raises(TemplateError) as exc:
        load_template(template_id, root)
    return [(p.file, p.line, p.message) for p in exc.value.problems]


MS = "_modules/brain_ms/module.yaml"


def test_shipped_templates_load() -> None:
    assert {k: str(v) for k, v in check().items()} == {}
    ids = [t.id for t in list_templates()]
    assert "brain" in ids


def test_range_error_points_at_max_line(root: Path) -> None:
    line = edit(
        root / MS,
        "    min: 0\n    max: 100\n    unit: {en: lesions",
        "    min: 0\n    max: -1\n    unit: {en: lesions",
    )
    [(file, got, message)] = problems(root)
    assert file == MS and got == line + 1
    assert "'max' (-1) must be >= 'min' (0)" in message


def test_unknown_key_and_missing_french(root: Path) -> None:
    line = edit(root / MS, "    type: yes_no\n", "    type: yes_no\n    colour: red\n")
    line2 = edit(
        root / "_modules/brain_tumour/module.yaml", "fr: Tumeur / processus expansif", "de: x"
    )
    found = problems(root)
    assert (
        MS,
        line + 1,
        "fields[0].colour: unknown key (check the spelling; see docs/templates.md)",
    ) in found
    tum = [p for p in found if p[0] == "_modules/brain_tumour/module.yaml"]
    # the missing key is reported at its parent (title:), the unknown one at its own line
    assert ("_modules/brain_tumour/module.yaml", line2 - 2, "title.fr: missing required key") in tum
    assert any(p[1] == line2 and "title.de: unknown key" in p[2] for p in tum)


def test_yaml_syntax_error_has_line(root: Path) -> None:
    line = edit(root / "brain/template.yaml", "regions: [brain]", "regions: [brain")
    [(file, got, message)] = problems(root)
    assert file == "brain/template.yaml" and message.startswith("YAML syntax error")
    assert got is not None and got >= line


def test_duplicate_key(root: Path) -> None:
    line = edit(
        root / "brain/template.yaml", 'version: "1.0"\n', 'version: "1.0"\nversion: "2.0"\n'
    )
    [(file, got, message)] = problems(root)
    assert (file, got) == ("brain/template.yaml", line + 1)
    assert "duplicate key 'version'" in message


def test_condition_on_unknown_field(root: Path) -> None:
    line = edit(
        root / MS,
        'show_if: {field: ms_lesions, is: "yes"}',
        'show_if: {field: ms_lesion, is: "yes"}',
    )
    [(file, got, message)] = problems(root)
    assert (file, got) == (MS, line)
    assert "condition refers to 'ms_lesion'" in message


def test_jinja_syntax_error_has_its_line(root: Path) -> None:
    path = root / "_modules/brain_chiari/fr.j2"
    line = edit(
        path,
        "{% set chiari1 = a.chiari_descent_mm >= 5 %}",
        "{% set chiari1 = a.chiari_descent_mm >= 5 }",
    )
    [(file, got, message)] = problems(root)
    assert file == "_modules/brain_chiari/fr.j2"
    assert got in (line, line + 1)
    assert message.startswith("jinja2 syntax error")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'sentence("chiari_syrinx")',
            'sentence("chiari_sirinx")',
            "sentence(): unknown field 'chiari_sirinx'",
        ),
        (
            "a.chiari_descent_mm is not none",
            "a.chiari_descent is not none",
            "a.chiari_descent: unknown field",
        ),
        ('lbl("cst_segments")', 'lbl("cst_segment")', "lbl(): unknown field 'cst_segment'"),
    ],
)
def test_unknown_field_in_text_is_caught_at_load(
    root: Path, old: str, new: str, expected: str
) -> None:
    target = root / ("_modules/brain_als/en.j2" if "cst" in old else "_modules/brain_chiari/en.j2")
    line = edit(target, old, new)
    found = problems(root)
    assert any(f.endswith("en.j2") and ln == line and expected in m for f, ln, m in found), found


def test_missing_language_file(root: Path) -> None:
    (root / "_modules/brain_chiari/fr.j2").unlink()
    [(file, got, message)] = problems(root)
    assert file == "_modules/brain_chiari/fr.j2" and got is None
    assert "file not found" in message


def test_unknown_include_and_id_mismatch(root: Path) -> None:
    line = edit(root / "brain/template.yaml", "include: brain_chiari", "include: brain_chiary")
    found = problems(root)
    assert ("_modules/brain_chiary/module.yaml", None, "file not found") in found
    shutil.copytree(root / "brain", root / "brain2")
    found = problems(root, "brain2")
    assert any(
        p[0] == "brain2/template.yaml" and "must equal the folder name" in p[2] for p in found
    )
    assert line > 0


def test_invalid_normal_answer_in_module(root: Path) -> None:
    line = edit(
        root / "_modules/brain_vascular/module.yaml", "  svd_lacunes: 0\n", "  svd_lacunes: 99\n"
    )
    [(file, got, message)] = problems(root)
    assert (file, got) == ("_modules/brain_vascular/module.yaml", line)
    assert "preset 'normal': svd_lacunes: out of range" in message


def test_broken_template_is_skipped_by_list_and_reported_by_check(root: Path) -> None:
    edit(root / MS, "type: yes_no", "type: yes_or_no")
    assert "brain" not in [t.id for t in list_templates(root)]
    broken = check(root)
    assert "brain" in broken
    assert "_modules/brain_ms/module.yaml:" in str(broken["brain"])


def test_new_template_from_data_only(root: Path) -> None:
    """A template made of files only (no Python), reusing a module: the combined-template path."""
    (root / "mini").mkdir()
    (root / "mini/template.yaml").write_text(
        "id: mini\nversion: '0.1'\ntitle: {en: Mini, fr: Mini}\nregions: [brain, cervical]\n"
        "modules:\n  - include: brain_chiari\n",
        encoding="utf-8",
    )
    loaded = load_template("mini", root)
    assert loaded.info().regions == ["brain", "cervical"]
    mod: Callable[[], object] = loaded.to_dict
    assert "chiari" in [f["id"] for f in mod()["fields"]]  # type: ignore[index]


def test_cache_follows_edits_of_a_shared_module(tmp_path: Path) -> None:
    """Editing a module's text on disk is picked up by the next load (no restart)."""
    import os
    import time

    from radreport.services.resources import templates_dir
    from radreport.services.templates import load_template as load

    root = tmp_path / "templates"
    shutil.copytree(templates_dir(), root)
    first = load("brain", root)
    assert load("brain", root) is first  # cached
    en = next((root / "_modules").glob("*/en.j2"))
    en.write_text(en.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    later = time.time() + 5  # newer than anything copied, whatever the clock granularity
    os.utime(en, (later, later))
    assert load("brain", root) is not first
