"""Hand edits merged with the generated report (no Qt)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from radreport.domain.report import Paragraph, ReportText, Section, Sentence
from radreport.services.report_edit import (
    EditState,
    manual_paragraphs,
    manual_section,
    merge_report,
    section_plain_text,
)
from radreport.services.templates import load_template, preset_answers, render_report


def _brain(lang: str = "fr", **changes: object) -> ReportText:
    tpl = load_template("brain")
    answers = preset_answers(tpl, "normal") | {"indication": "SLA probable."} | changes
    return render_report(tpl, answers, lang=lang)


def test_manual_paragraphs_one_per_line_untraced() -> None:
    paras = manual_paragraphs("First line.\n\n  Second   line\twith tab.\u2028Third.\n")
    assert [p.text for p in paras] == ["First line.", "Second line with tab.", "Third."]
    assert all(s.fields == () for p in paras for s in p.sentences)
    assert manual_paragraphs("Fazekas\u00a0: 1")[0].text == "Fazekas\u00a0: 1"


def test_numbered_section_drops_typed_item_numbers() -> None:
    paras = manual_paragraphs("1. Normal brain.\n2) No lesion.\n2026 MRI", numbered=True)
    assert [p.text for p in paras] == ["Normal brain.", "No lesion.", "2026 MRI"]


def test_markup_is_kept_as_text() -> None:
    sec = Section("x", "X", (Paragraph((Sentence("a", ("f",)),)),))
    out = manual_section(sec, "<b>bold</b> & {{ x }}")
    assert out.edited and out.text == "<b>bold</b> & {{ x }}"
    assert out.sentences() == [Sentence("<b>bold</b> & {{ x }}", ())]


def test_merge_replaces_only_edited_sections_and_follows_language() -> None:
    fr = _brain("fr")
    state = EditState()
    state.set_text(fr, "technique", "IRM 3 T, séquences au choix du radiologiste.")
    merged = state.merge(fr)
    tech = merged.section("technique")
    assert tech is not None and tech.edited
    assert tech.text == "IRM 3 T, séquences au choix du radiologiste."
    assert [s.id for s in merged.sections] == [s.id for s in fr.sections]
    others = [s for s in merged.sections if s.id != "technique"]
    assert others == [s for s in fr.sections if s.id != "technique"]
    en = _brain("en")
    merged_en = state.merge(en)
    tech_en = merged_en.section("technique")
    assert tech_en is not None and tech_en.title == "Technique" and tech_en.edited
    assert merged_en.section("findings_brain") == en.section("findings_brain")


def test_stale_after_form_change_until_acknowledged() -> None:
    before = _brain("en")
    state = EditState()
    state.set_text(before, "findings_brain", "My own findings.")
    assert not state.is_stale(before, "findings_brain")
    after = _brain("en", svd_lacunes=2)
    assert after.section("findings_brain") != before.section("findings_brain")
    assert state.is_stale(after, "findings_brain")
    assert state.stale_ids(after) == ["findings_brain"]
    # the typed text is still what is merged, never the new generated text
    merged = state.merge(after).section("findings_brain")
    assert merged is not None and merged.text == "My own findings."
    # more typing keeps the original base: still stale
    state.set_text(after, "findings_brain", "My own findings, revised.")
    assert state.is_stale(after, "findings_brain")
    state.acknowledge(after, "findings_brain")
    assert not state.is_stale(after, "findings_brain")
    assert state.texts() == {"findings_brain": "My own findings, revised."}


def test_revert_and_unknown_section() -> None:
    text = _brain("en")
    state = EditState()
    state.set_text(text, "comparison", "MRI of 2024-01-02.")
    assert "comparison" in state and state.revert("comparison")
    assert not state.revert("comparison")
    assert state.merge(text) == text
    with pytest.raises(KeyError):
        state.set_text(text, "nope", "x")


def test_edited_section_no_longer_generated_is_kept_in_place() -> None:
    text = _brain("en")
    state = EditState()
    state.set_text(text, "incidental", "Small pineal cyst.")
    shorter = replace(text, sections=tuple(s for s in text.sections if s.id != "incidental"))
    assert state.is_stale(shorter, "incidental")
    merged = merge_report(shorter, {sid: state.get(sid) for sid in state.ids()})  # type: ignore[misc]
    ids = [s.id for s in merged.sections]
    assert ids == [s.id for s in text.sections]
    kept = merged.section("incidental")
    assert kept is not None and kept.edited and kept.text == "Small pineal cyst."


def test_section_plain_text_round_trip() -> None:
    text = _brain("fr")
    for s in text.sections:
        again = manual_section(s, section_plain_text(s))
        assert again.text == s.text
