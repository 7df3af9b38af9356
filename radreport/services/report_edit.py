"""Hand edits of the report text: kept per section, merged with the generated text.

The live report view regenerates the text on every form change.  A section the
radiologist has edited by hand must never be overwritten silently: its text is
kept, marked ``edited``, and flagged *stale* when the generated text has changed
since the edit so the view can offer "review / replace with generated text".
Plain Python (no Qt) so the rules are unit-tested on their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from radreport.domain.report import Paragraph, ReportText, Section, Sentence

__all__ = [
    "EditState",
    "ManualEdit",
    "manual_paragraphs",
    "manual_section",
    "merge_report",
    "section_plain_text",
]

# A leading item number the radiologist may type in the Impression ("2. ", "3) ").
_ITEM_NUMBER = re.compile(r"^\s*\d{1,3}\s*[.)]\s+")
# Paragraph separators: a newline, the Unicode line/paragraph separators Qt uses for
# soft breaks, vertical tab.
_LINE_BREAKS = re.compile(r"[\n\r\u2028\u2029\v]+")
_SPACES = re.compile(r"[ \t\f]+")


def section_plain_text(section: Section) -> str:
    """A section's body as the user edits it: one paragraph per line, no numbers."""
    return "\n".join(p.text for p in section.paragraphs)


def manual_paragraphs(text: str, *, numbered: bool = False) -> tuple[Paragraph, ...]:
    """Typed text as paragraphs of one untraced sentence each (no field produced them).

    Each non-blank line is one paragraph (in a numbered section, one item; a typed
    item number is dropped because the layout numbers items itself).
    """
    out: list[Paragraph] = []
    for line in _LINE_BREAKS.split(text):
        # tabs and runs of spaces: one space (not str.split: it would eat the
        # no-break spaces of French typography)
        line = _SPACES.sub(" ", line).strip(" ")
        if numbered:
            line = _ITEM_NUMBER.sub("", line)
        if line:
            out.append(Paragraph((Sentence(line, ()),)))
    return tuple(out)


def manual_section(generated: Section, text: str) -> Section:
    """``generated`` with its body replaced by ``text`` and marked as edited by hand."""
    return replace(
        generated,
        paragraphs=manual_paragraphs(text, numbered=generated.numbered),
        edited=True,
    )


@dataclass(frozen=True, slots=True)
class ManualEdit:
    """The radiologist's text for one section and what it replaced.

    ``base`` is the generated section when the edit was made (or last reviewed):
    when the newly generated section differs, the edit is *stale*.  ``after`` is
    the id of the section that preceded it, to keep an edited section in place if
    the form later stops generating it (its text is never dropped silently).
    """

    text: str
    base: Section
    after: str | None = None


class EditState:
    """Which sections were edited by hand, and the merge with the generated report."""

    def __init__(self) -> None:
        self._edits: dict[str, ManualEdit] = {}

    def __contains__(self, section_id: object) -> bool:
        return section_id in self._edits

    def __bool__(self) -> bool:
        return bool(self._edits)

    def ids(self) -> list[str]:
        return list(self._edits)

    def get(self, section_id: str) -> ManualEdit | None:
        return self._edits.get(section_id)

    def texts(self) -> dict[str, str]:
        return {sid: e.text for sid, e in self._edits.items()}

    def set_text(self, generated: ReportText, section_id: str, text: str) -> None:
        """Record (or update) the hand-typed text of ``section_id``.

        The first edit remembers the generated section it replaced; later
        keystrokes keep that base so a form change in between still shows as stale.
        """
        old = self._edits.get(section_id)
        if old is not None:
            self._edits[section_id] = replace(old, text=text)
            return
        ids = [s.id for s in generated.sections]
        base = generated.section(section_id)
        if base is None:
            raise KeyError(f"no section {section_id!r} in the report")
        idx = ids.index(section_id)
        self._edits[section_id] = ManualEdit(text, base, ids[idx - 1] if idx else None)

    def revert(self, section_id: str) -> bool:
        """Drop the hand edit: the section shows the generated text again."""
        return self._edits.pop(section_id, None) is not None

    def clear(self) -> None:
        self._edits.clear()

    def is_stale(self, generated: ReportText, section_id: str) -> bool:
        """True when the generated text changed since the edit (or the section vanished)."""
        edit = self._edits.get(section_id)
        if edit is None:
            return False
        return generated.section(section_id) != edit.base

    def acknowledge(self, generated: ReportText, section_id: str) -> None:
        """ "Keep my text": the current generated text becomes the new base."""
        edit = self._edits.get(section_id)
        now = generated.section(section_id)
        if edit is not None and now is not None:
            self._edits[section_id] = replace(edit, base=now)

    def merge(self, generated: ReportText) -> ReportText:
        return merge_report(generated, self._edits)

    def stale_ids(self, generated: ReportText) -> list[str]:
        return [sid for sid in self._edits if self.is_stale(generated, sid)]


def merge_report(generated: ReportText, edits: dict[str, ManualEdit]) -> ReportText:
    """The report to save, sign and print: generated sections, hand-edited ones replaced.

    An edited section keeps the current generated title (so it follows the report
    language) and its own text as untraced sentences, ``edited=True``.  An edited
    section the form no longer generates is kept, with its old title, after the
    section that preceded it (or first): typed text is never dropped silently.
    """
    sections: list[Section] = []
    present = {s.id for s in generated.sections}
    orphans = [(sid, e) for sid, e in edits.items() if sid not in present]

    def place_orphans(after: str | None) -> None:
        for _sid, e in orphans:
            if e.after == after or (after is None and e.after not in present):
                sections.append(manual_section(e.base, e.text))

    place_orphans(None)
    for s in generated.sections:
        edit = edits.get(s.id)
        sections.append(manual_section(s, edit.text) if edit is not None else s)
        place_orphans(s.id)
    return replace(generated, sections=tuple(sections))


def fields_of(sections: Iterable[Section]) -> set[str]:
    """Every field id that produced a sentence of ``sections``."""
    return {f for s in sections for p in s.paragraphs for st in p.sentences for f in st.fields}
