"""Bilingual rule messages and the catalogue of every message the rules can emit.

Each rule module declares its messages once with :func:`define` (code, severity,
English and French text with ``{placeholders}``) and builds instances with
:meth:`MessageTemplate.make`.  Keeping all texts in one catalogue lets a
translator or a neuroradiologist review them in one place, and lets the tests
check every code (French present, different from English, same placeholders).

French texts follow Quebec medical usage (e.g. "rehaussement", "colonne
dorsale", "LCR").  French typography is applied when rendering: a no-break space
before ``:`` and ``%`` and inside guillemets, and a decimal comma for numbers.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Any

__all__ = [
    "Label",
    "MessageTemplate",
    "Param",
    "RuleMessage",
    "Severity",
    "catalog",
    "define",
    "join_labels",
]

NBSP = "\u00a0"


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


def _lang_is_fr(lang: str) -> bool:
    """True for "fr", "fr-CA", "fr_CA"...; anything else is English."""
    return lang.lower().replace("_", "-").split("-")[0] == "fr"


@dataclass(frozen=True, slots=True)
class Label:
    """A short text in English and French (a grade description, a region name)."""

    en: str
    fr: str

    def text(self, lang: str = "en") -> str:
        return self.fr if _lang_is_fr(lang) else self.en

    def lower(self) -> Label:
        """The same label with a lower-case first letter, for use inside a sentence."""
        return Label(self.en[:1].lower() + self.en[1:], self.fr[:1].lower() + self.fr[1:])


@dataclass(frozen=True, slots=True)
class RuleMessage:
    """One finding of a rule: what, how serious, which form fields, in both languages."""

    code: str
    severity: Severity
    fields: tuple[str, ...]
    en: str
    fr: str

    def text(self, lang: str = "en") -> str:
        return self.fr if _lang_is_fr(lang) else self.en

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "fields": list(self.fields),
            "en": self.en,
            "fr": self.fr,
        }


Param = str | int | float | Label
"""A placeholder value: plain text (same in both languages), a number or a Label."""


def _format_number(value: int | float, fr: bool) -> str:
    if isinstance(value, bool):  # bool is an int: print it as a word, not 1/0
        return ("oui" if value else "non") if fr else ("yes" if value else "no")
    if isinstance(value, int):
        return str(value)
    text = f"{value:g}"
    return text.replace(".", ",") if fr else text


def _render_param(value: Param, fr: bool) -> str:
    if isinstance(value, Label):
        return value.fr if fr else value.en
    if isinstance(value, int | float):
        return _format_number(value, fr)
    return value


def french_typography(text: str) -> str:
    """No-break spaces where French typography wants them (OQLF usage)."""
    return (
        text.replace(" :", NBSP + ":")
        .replace(" %", NBSP + "%")
        .replace("« ", "«" + NBSP)
        .replace(" »", NBSP + "»")
    )


def _placeholders(template: str) -> frozenset[str]:
    return frozenset(
        name for _, name, _, _ in string.Formatter().parse(template) if name is not None
    )


@dataclass(frozen=True, slots=True)
class MessageTemplate:
    """A catalogue entry: builds :class:`RuleMessage` objects for one code."""

    code: str
    severity: Severity
    en: str
    fr: str

    @property
    def placeholders(self) -> frozenset[str]:
        return _placeholders(self.en) | _placeholders(self.fr)

    def make(self, fields: Iterable[str] = (), **params: Param) -> RuleMessage:
        """A message naming ``fields``; ``params`` fill the ``{placeholders}``.

        Raises KeyError if a placeholder has no value (a programming error).
        """
        en = self.en.format(**{k: _render_param(v, False) for k, v in params.items()})
        fr = self.fr.format(**{k: _render_param(v, True) for k, v in params.items()})
        return RuleMessage(
            code=self.code,
            severity=self.severity,
            fields=tuple(fields),
            en=en,
            fr=french_typography(fr),
        )


_CATALOG: dict[str, MessageTemplate] = {}


def define(code: str, severity: Severity, en: str, fr: str) -> MessageTemplate:
    """Register a message in the catalogue (codes are unique) and return it."""
    if code in _CATALOG:
        raise ValueError(f"message code {code!r} is already defined")
    if not en.strip() or not fr.strip():
        raise ValueError(f"message {code!r} needs both an English and a French text")
    template = MessageTemplate(code, severity, en, fr)
    _CATALOG[code] = template
    return template


def catalog() -> Mapping[str, MessageTemplate]:
    """Every message code the rules can emit (read-only view)."""
    return MappingProxyType(_CATALOG)


NONE_LABEL = Label("none", "aucune")


def join_labels(labels: Sequence[Label], empty: Label = NONE_LABEL) -> Label:
    """``a, b, c`` in each language; ``empty`` when there is nothing to list."""
    if not labels:
        return empty
    return Label(", ".join(x.en for x in labels), ", ".join(x.fr for x in labels))
