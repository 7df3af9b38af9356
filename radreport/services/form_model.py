"""Plain-Python side of the structured form (radreport.qt.form): no Qt here.

Turns a template schema (``LoadedTemplate.to_dict()``) into the form's layout,
parses what the radiologist typed into the values the template engine accepts,
and asks the engine which fields are shown (so the form and the report never
disagree about a ``show_if`` condition).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from radreport.domain.rules.levels import (
    DISC_LEVELS,
    VERTEBRAL_LEVELS,
    disc_levels_for_region,
    level_in_region,
)
from radreport.domain.templates.answers import check_answers, is_blank
from radreport.services.templates import LoadedTemplate

# Standard fields that open the form (what the radiologist types first) and the one that
# closes it (free text after the structured findings).
TOP_STANDARD = ("indication", "comparison", "comparison_date", "contrast", "technique")
BOTTOM_STANDARD = ("additional_findings",)
# Long free text gets a multi-line editor.
MULTILINE_MIN_LENGTH = 1000
MAX_MODULE_SHORTCUTS = 9  # Ctrl+Alt+1..9

_REF_RE = re.compile(r"^([a-z][a-z0-9_]*)(?:\[(\d+)\](?:\.([a-z][a-z0-9_]*))?)?$")
_NUMBER_RE = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")


@dataclass(frozen=True)
class Section:
    """One block of the form: the standard fields, or a template module."""

    id: str
    title: dict[str, str]
    fields: list[dict[str, Any]]
    normal: dict[str, Any] = field(default_factory=dict)
    region: str | None = None
    shortcut: str | None = None  # e.g. "Ctrl+Alt+3"; None after the ninth module


def sections(schema: Mapping[str, Any]) -> list[Section]:
    """The form's sections in display order: standard fields, modules, additional findings."""
    by_id = {f["id"]: f for f in schema["fields"]}
    out = [
        Section(
            "_standard",
            {"en": "Examination", "fr": "Examen"},
            [by_id[i] for i in TOP_STANDARD if i in by_id],
        )
    ]
    for n, m in enumerate(schema["modules"], 1):
        out.append(
            Section(
                m["id"],
                dict(m["title"]),
                [by_id[i] for i in m["fields"] if i in by_id],
                dict(m["normal"]),
                m["region"],
                f"Ctrl+Alt+{n}" if n <= MAX_MODULE_SHORTCUTS else None,
            )
        )
    out.append(
        Section(
            "_additional",
            {"en": "Other", "fr": "Autres"},
            [by_id[i] for i in BOTTOM_STANDARD if i in by_id],
        )
    )
    return out


def parse_ref(ref: str) -> tuple[str, int | None, str | None]:
    """``c_discs[1].kang`` -> ("c_discs", 1, "kang"); ``c_ms`` -> ("c_ms", None, None)."""
    m = _REF_RE.match(ref.strip())
    if m is None:
        raise ValueError(f"not a field reference: {ref!r}")
    index = int(m.group(2)) if m.group(2) is not None else None
    return m.group(1), index, m.group(3)


def item_ref(group: str, index: int, child: str) -> str:
    return f"{group}[{index}].{child}"


def level_choices(kind: str, region: str | None) -> list[str]:
    """The levels offered in a level pick list (the field still accepts any typed level)."""
    region = region if region in ("cervical", "thoracic", "lumbar") else None
    discs = [str(d) for d in (disc_levels_for_region(region) if region else DISC_LEVELS)]
    vertebrae = [v for v in VERTEBRAL_LEVELS if region is None or level_in_region(v, region)]
    if kind == "disc":
        return discs
    if kind == "vertebral":
        return vertebrae
    # "any": vertebra then the disc below it, in craniocaudal order
    out: list[str] = []
    for v in vertebrae:
        out.append(v)
        out += [d for d in discs if d.startswith(v + "-")]
    return out


def field_region(f: Mapping[str, Any], section_region: str | None) -> str | None:
    """As the engine: the field's own region, else its module's unless that is the brain."""
    region = f.get("region")
    if region:
        return str(region)
    return section_region if section_region and section_region != "brain" else None


def parse_number(text: str, *, integer: bool) -> int | float | None:
    """A typed number (``2,5`` or ``2.5``); None when it is not a number."""
    t = text.strip().replace(" ", "").replace("\u00a0", "")
    if not _NUMBER_RE.match(t):
        return None
    t = t.replace(",", ".")
    if integer:
        x = float(t)
        return int(x) if x.is_integer() else None
    return float(t)


def number_text(value: Any, lang: str) -> str:
    """How a number is shown in the field: no trailing ``.0``, French decimal comma."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    text = str(int(value)) if float(value).is_integer() else repr(float(value))
    return text.replace(".", ",") if lang == "fr" else text


def number_problem(
    value: int | float | None, text: str, f: Mapping[str, Any], lang: str
) -> str | None:
    """Immediate check of a number field: not a number, or outside min..max."""
    if not text.strip():
        return None
    integer = f["type"] == "integer"
    if value is None:
        if integer:
            return "Nombre entier attendu" if lang == "fr" else "Expected a whole number"
        return "Nombre attendu" if lang == "fr" else "Expected a number"
    lo, hi = f.get("min"), f.get("max")
    if lo is not None and hi is not None and not lo <= value <= hi:
        lo_t, hi_t = number_text(lo, lang), number_text(hi, lang)
        if lang == "fr":
            return f"Hors limites : doit être entre {lo_t} et {hi_t}"
        return f"Out of range: must be between {lo_t} and {hi_t}"
    return None


def parse_date(text: str) -> dt.date | None:
    """ISO dates (YYYY-MM-DD, the Quebec standard form); None when invalid."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None


def date_problem(text: str, lang: str) -> str | None:
    if not text.strip() or parse_date(text) is not None:
        return None
    return "Date attendue AAAA-MM-JJ" if lang == "fr" else "Expected a date YYYY-MM-DD"


def visible_refs(template: LoadedTemplate, raw: Mapping[str, Any]) -> frozenset[str]:
    """The refs the engine shows given the answers (``id`` or ``group[i].child``)."""
    return check_answers(template.template, raw).visible


def public_answers(raw: Mapping[str, Any], visible: frozenset[str]) -> dict[str, Any]:
    """What the form hands to the engine: visible, answered fields only.

    Group items keep their position (an emptied item stays as ``{}`` so item numbers
    match what the radiologist sees); a group whose items are all empty is unanswered.
    """
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in visible or is_blank(value):
            continue
        if isinstance(value, list) and value and all(isinstance(x, Mapping) for x in value):
            items = [
                {
                    c: v
                    for c, v in item.items()
                    if item_ref(key, i, c) in visible and not is_blank(v)
                }
                for i, item in enumerate(value)
            ]
            if any(items):
                out[key] = items
            continue
        out[key] = value
    return out


def module_shortcut_index(schema: Mapping[str, Any], module_id: str) -> int | None:
    """1-based position of a module (its Ctrl+Alt+n shortcut), None past the ninth."""
    for n, m in enumerate(schema["modules"], 1):
        if m["id"] == module_id:
            return n if n <= MAX_MODULE_SHORTCUTS else None
    return None
