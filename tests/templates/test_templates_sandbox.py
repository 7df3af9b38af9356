"""Typed text is data, never template code; template code runs in a sandbox."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from radreport.services.resources import templates_dir
from radreport.services.templates import RenderError, TemplateError, load_template, render_report

NASTY = "Weakness {{ 7*7 }} {% raw %}x{% endraw %} <b>bold</b> & {# c #} ${x} %s \\n"


def test_user_text_is_rendered_literally_everywhere() -> None:
    t = load_template("brain")
    answers = {
        "indication": NASTY,
        "comparison": "MRI {{ 1+1 }}",
        "additional_findings": "<script>alert(1)</script> {% if true %}yes{% endif %}",
        "tumour": "yes",
        "tumour_lesions": [{"location": "{{ a.indication }}", "size": 12}],
        "tumour_diagnosis": "{{ lbl('tumour') }}",
        "incidental": "yes",
        "incidental_items": [{"kind": "other", "description": "{% raw %}"}],
    }
    for lang in ("en", "fr"):
        # French typography may turn a space before ":" or "%" into a no-break space
        text = render_report(t, answers, lang=lang).plain_text().replace("\u00a0", " ")
        assert (
            "Weakness {{ 7*7 }} {% raw %}x{% endraw %} <b>bold</b> & {# c #} ${x} %s \\n." in text
        )
        assert "49" not in text
        assert "MRI {{ 1+1 }}" in text
        assert "<script>alert(1)</script> {% if true %}yes{% endif %}." in text
        assert "{{ a.indication }}" in text and "{{ lbl('tumour') }}" in text
        assert "{% raw %}" in text


def test_control_characters_are_removed_from_user_text() -> None:
    t = load_template("brain")
    r = render_report(t, {"indication": "a\x00b\x1ec\x1f\x7fd\u2028e\x85f"})
    assert r.section("indication").text == "abcdef."  # type: ignore[union-attr]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    dest = tmp_path / "templates"
    shutil.copytree(templates_dir(), dest)
    return dest


def with_text(root: Path, body: str) -> Path:
    """Make the chiari module's English text ``body`` (other files unchanged)."""
    (root / "_modules/brain_chiari/en.j2").write_text(body, encoding="utf-8")
    return root


@pytest.mark.parametrize(
    "body",
    [
        '{{ "".__class__.__mro__ }}',
        "{{ a.__class__ }}",
        "{% set x = [1] %}{{ x.append(2) }}",
        "{{ lbl.__globals__ }}",
    ],
)
def test_template_code_is_sandboxed(root: Path, body: str) -> None:
    with pytest.raises((TemplateError, RenderError)) as exc:  # at load or at render
        render_report(load_template("brain", with_text(root, body)), {"chiari": "no"})
    assert "brain_chiari/en.j2" in str(exc.value)


def test_undefined_names_are_errors(root: Path) -> None:
    t = load_template("brain", with_text(root, "{% if nosuch %}{% endif %}"))
    with pytest.raises(TemplateError) as exc:
        render_report(t, {})
    assert "_modules/brain_chiari/en.j2" in str(exc.value) and "nosuch" in str(exc.value)


def test_text_outside_a_sentence_is_a_template_error(root: Path) -> None:
    t = load_template(
        "brain", with_text(root, '{% call section("findings") %}loose words{% endcall %}')
    )
    with pytest.raises(RenderError, match="text outside a sentence"):
        render_report(t, {})
    t = load_template("brain", with_text(root, "stray"))
    with pytest.raises(RenderError, match="outside a section"):
        render_report(t, {})


def test_sentence_needs_fields_and_a_section(root: Path) -> None:
    t = load_template(
        "brain",
        with_text(
            root, '{% call section("findings") %}{% call sentence() %}x{% endcall %}{% endcall %}'
        ),
    )
    with pytest.raises(RenderError, match="at least one field"):
        render_report(t, {})
    t = load_template("brain", with_text(root, '{% call sentence("chiari") %}x{% endcall %}'))
    with pytest.raises(RenderError, match="outside a section"):
        render_report(t, {})
    t = load_template("brain", with_text(root, '{% call section("nowhere") %}{% endcall %}'))
    with pytest.raises(RenderError, match="unknown section 'nowhere'"):
        render_report(t, {})
