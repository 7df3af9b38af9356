"""Property: any valid answer set of a spine or combined template renders in both languages,
with Impression item 1 first and every module sentence traced to a field."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spine_helpers import SPINE_TEMPLATES

from radreport.domain.rules.levels import DISC_LEVELS, VERTEBRAL_LEVELS
from radreport.domain.templates import FieldDef, FieldType
from radreport.services.templates import load_template, render_report, validate_answers


def value_strategy(f: FieldDef) -> st.SearchStrategy[Any]:
    t = f.type
    if t in (FieldType.CHOICE, FieldType.YES_NO, FieldType.SIDE):
        return st.sampled_from([o.id for o in f.option_list()])
    if t is FieldType.MULTI_CHOICE:
        return st.lists(st.sampled_from([o.id for o in f.option_list()]), unique=True, max_size=4)
    if t is FieldType.INTEGER:
        assert f.min is not None and f.max is not None
        return st.integers(int(f.min), int(f.max))
    if t in (FieldType.DECIMAL, FieldType.MEASUREMENT):
        assert f.min is not None and f.max is not None
        lo, hi = f.min, f.max
        one = st.integers(int(lo * 10), int(hi * 10)).map(lambda x: x / 10)
        if t is FieldType.DECIMAL:
            return one
        return st.lists(one, min_size=1, max_size=f.max_diameters)
    if t is FieldType.LEVEL:
        disc = [str(d) for d in DISC_LEVELS]
        return st.sampled_from(disc if f.kind.value == "disc" else list(VERTEBRAL_LEVELS) + disc)
    if t is FieldType.LEVEL_RANGE:
        return st.lists(st.integers(0, len(VERTEBRAL_LEVELS) - 1), min_size=2, max_size=2).map(
            lambda ij: {"from": VERTEBRAL_LEVELS[min(ij)], "to": VERTEBRAL_LEVELS[max(ij)]}
        )
    if t is FieldType.TEXT:
        # typed text is data: markup and template syntax must come out verbatim
        return st.sampled_from(["", "C8-T1", "<b>x</b> & {{ a }}", "{% raw %}", "niveau C6"])
    if t is FieldType.DATE:
        return st.dates().filter(lambda d: d.year > 1990 and d.toordinal() < 739000)
    assert t is FieldType.GROUP
    item = st.fixed_dictionaries({}, optional={c.id: value_strategy(c) for c in f.fields or []})
    return st.lists(item, min_size=max(f.min_items, 1), max_size=min(f.max_items, 3))


def answers_strategy(template_id: str) -> st.SearchStrategy[dict[str, Any]]:
    t = load_template(template_id).template
    fields = {f.id: value_strategy(f) for f in t.fields if f.type is not FieldType.DATE}
    return st.fixed_dictionaries({}, optional=fields)


@pytest.mark.parametrize("template_id", SPINE_TEMPLATES)
def test_any_valid_answers_render_in_both_languages(template_id: str) -> None:
    loaded = load_template(template_id)

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(answers=answers_strategy(template_id))
    def check(answers: dict[str, Any]) -> None:
        problems, _ = validate_answers(loaded, answers)
        assert problems == []
        for lang in ("en", "fr"):
            report = render_report(loaded, answers, lang=lang)
            impression = report.section("impression")
            assert impression is not None and impression.paragraphs
            for section in report.sections:
                if section.id.startswith("findings_"):
                    for p in section.paragraphs:
                        for s in p.sentences:
                            assert s.fields and s.text.strip(), s
                            assert "{{" not in s.text or "{{ a }}" in s.text

    check()
