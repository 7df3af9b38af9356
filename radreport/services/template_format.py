"""Locale-aware formatting for report text (Babel): numbers, measurements, dates, lists.

Locales: en_CA and fr_CA (Canadian English and Quebec French): dates read
"November 25, 2026" / "25 novembre 2026"; decimals "3.5" / "3,5".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal

LOCALES = {"en": "en_CA", "fr": "fr_CA"}
NBSP = "\u00a0"
_CONJ = {
    "en": {"and": "and", "or": "or", "nor": "or"},
    "fr": {"and": "et", "or": "ou", "nor": "ni"},
}


class Formatter:
    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.locale = LOCALES[lang]

    def num(self, value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, int | float):
            return str(value)
        return str(format_decimal(value, format="#,##0.##", locale=self.locale))

    def mm(self, value: Any) -> str:
        if value is None:
            return ""
        dims = value if isinstance(value, list | tuple) else [value]
        return " × ".join(self.num(d) for d in dims) + NBSP + "mm"

    def date(self, value: Any) -> str:
        if isinstance(value, dt.datetime):
            value = value.date()
        if not isinstance(value, dt.date):
            return "" if value is None else str(value)
        return str(format_date(value, format="long", locale=self.locale))

    def join(self, items: Iterable[Any], conj: str = "and") -> str:
        parts = [str(x) for x in items if x not in (None, "")]
        word = _CONJ[self.lang].get(conj, conj)
        if len(parts) <= 1:
            return "".join(parts)
        return ", ".join(parts[:-1]) + f" {word} " + parts[-1]

    def plural(self, n: Any, singular: str, plural: str) -> str:
        """The word for ``n``: French takes the singular for 0 and 1, English only for 1."""
        if isinstance(n, int | float) and (n < 2 if self.lang == "fr" else n == 1):
            return singular
        return plural

    def lrange(self, value: Any) -> str:
        if not isinstance(value, dict):
            return ""
        a, b = value.get("from"), value.get("to")
        if a == b:
            return str(a)
        return f"{a} to {b}" if self.lang == "en" else f"{a} à {b}"


def lc(text: Any) -> str:
    """Lower-case the first letter unless the word is an acronym (ACA, SWI...)."""
    s = "" if text is None else str(text)
    if len(s) > 1 and s[1].isupper():
        return s
    return s[:1].lower() + s[1:]
