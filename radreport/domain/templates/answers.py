"""Answer validation: types, ranges, levels, conditional visibility, groups.

``check_answers`` returns the cleaned values (hidden and unanswered fields are
``None``), every problem (an answer that cannot be used: wrong type, out of
range, unknown option...) and warnings (hidden answers ignored, levels outside
the region).  Problems block rendering; warnings do not.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from radreport.domain.rules.consistency import level_outside_region
from radreport.domain.rules.levels import (
    level_range_valid,
    parse_disc_level,
    parse_level,
    parse_vertebra,
)
from radreport.domain.rules.messages import Label, RuleMessage, Severity, define
from radreport.domain.templates.model import Template
from radreport.domain.templates.schema import Condition, FieldDef, FieldType, LevelKind

_HIDDEN = define(
    "template.hidden_answer_ignored",
    Severity.WARNING,
    "Answer ignored: this field does not apply given the other answers.",
    "Réponse ignorée : ce champ ne s'applique pas compte tenu des autres réponses.",
)


@dataclass(frozen=True)
class AnswerProblem:
    """An unusable answer: which field, what value, why (EN/FR)."""

    field: str
    value: Any
    reason: Label

    def text(self, lang: str = "en") -> str:
        return self.reason.text(lang)

    def to_dict(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "value": _plain(self.value),
            "en": self.reason.en,
            "fr": self.reason.fr,
        }


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return repr(value)


@dataclass(frozen=True)
class CheckResult:
    values: dict[str, Any]
    problems: list[AnswerProblem]
    warnings: list[RuleMessage]
    visible: frozenset[str] = frozenset()
    """Field refs shown given the answers (``id``, or ``group[i].child`` per item)."""


class _Bad(Exception):
    def __init__(self, en: str, fr: str) -> None:
        super().__init__(en)
        self.label = Label(en, fr)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def clean_text(text: str) -> str:
    """NFC, no control characters (kept: newline and tab), trimmed."""
    return _CONTROL.sub("", unicodedata.normalize("NFC", text)).replace("\r", "").strip()


def _number(value: Any, *, integer: bool) -> float:
    if isinstance(value, bool):
        raise _Bad("expected a number, not yes/no", "nombre attendu, pas oui/non")
    if isinstance(value, str):
        text = value.strip().replace(",", ".")
        try:
            value = int(text) if integer and re.fullmatch(r"[+-]?\d+", text) else float(text)
        except ValueError:
            raise _Bad("expected a number", "nombre attendu") from None
    if not isinstance(value, int | float) or not math.isfinite(value):
        raise _Bad("expected a number", "nombre attendu")
    if integer and not float(value).is_integer():
        raise _Bad("expected a whole number", "nombre entier attendu")
    return value


def _range(f: FieldDef, x: float, what: tuple[str, str] = ("", "")) -> None:
    assert f.min is not None and f.max is not None
    if not f.min <= x <= f.max:
        raise _Bad(
            f"{what[0]}out of range: must be between {f.min:g} and {f.max:g}",
            f"{what[1]}hors limites : doit être entre {f.min:g} et {f.max:g}".replace(".", ","),
        )


def _level(f: FieldDef, value: Any) -> str:
    if not isinstance(value, str):
        raise _Bad(
            "expected a spinal level such as C5 or C5-C6",
            "niveau rachidien attendu (p. ex. C5 ou C5-C6)",
        )
    try:
        if f.kind is LevelKind.VERTEBRAL:
            return str(parse_vertebra(value))
        if f.kind is LevelKind.DISC:
            return str(parse_disc_level(value))
        return str(parse_level(value))
    except ValueError as exc:
        raise _Bad(
            f"not a valid {'disc ' if f.kind is LevelKind.DISC else ''}level ({exc})",
            "niveau rachidien invalide"
            + (" (niveau discal attendu)" if f.kind is LevelKind.DISC else ""),
        ) from None


def check_value(f: FieldDef, value: Any) -> Any:
    """The normalised value of one non-group answer; raises _Bad."""
    t = f.type
    if t is FieldType.TEXT:
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise _Bad("expected text", "texte attendu")
        text = clean_text(str(value))
        if len(text) > f.max_length:
            raise _Bad(
                f"too long ({len(text)} characters, at most {f.max_length})",
                f"trop long ({len(text)} caractères, au plus {f.max_length})",
            )
        return text
    if t is FieldType.YES_NO and isinstance(value, bool):
        return "yes" if value else "no"
    if t in (FieldType.CHOICE, FieldType.YES_NO, FieldType.SIDE):
        key = (
            str(value).strip()
            if isinstance(value, str | int) and not isinstance(value, bool)
            else None
        )
        if key is None or f.option(key) is None:
            allowed = ", ".join(o.id for o in f.option_list())
            raise _Bad(
                f"not one of the options ({allowed})", f"ne fait pas partie des choix ({allowed})"
            )
        return key
    if t is FieldType.MULTI_CHOICE:
        items = value if isinstance(value, list) else [value]
        out: list[str] = []
        for item in items:
            if not isinstance(item, str) or f.option(item.strip()) is None:
                allowed = ", ".join(o.id for o in f.option_list())
                raise _Bad(
                    f"{item!r} is not one of the options ({allowed})",
                    f"{item!r} ne fait pas partie des choix ({allowed})",
                )
            if item.strip() not in out:
                out.append(item.strip())
        # keep the option order of the template, so text reads the same however it was entered
        order = [o.id for o in f.option_list()]
        return sorted(out, key=order.index)
    if t is FieldType.INTEGER:
        n = int(_number(value, integer=True))
        _range(f, n)
        return n
    if t is FieldType.DECIMAL:
        x = float(_number(value, integer=False))
        _range(f, x)
        return round(x, f.decimals)
    if t is FieldType.MEASUREMENT:
        items = value if isinstance(value, list) else [value]
        if not 1 <= len(items) <= f.max_diameters:
            raise _Bad(
                f"expected 1 to {f.max_diameters} diameters in mm",
                f"de 1 à {f.max_diameters} diamètres en mm attendus",
            )
        dims: list[float] = []
        for i, item in enumerate(items, 1):
            x = float(_number(item, integer=False))
            _range(f, x, (f"diameter {i} ", f"diamètre {i} "))
            dims.append(round(x, 1))
        return dims
    if t is FieldType.LEVEL:
        return _level(f, value)
    if t is FieldType.LEVEL_RANGE:
        if isinstance(value, Mapping) and set(value) == {"from", "to"}:
            start, end = value["from"], value["to"]
        elif isinstance(value, list) and len(value) == 2:
            start, end = value
        else:
            raise _Bad(
                "expected a level range {from: C3, to: C6}",
                "intervalle de niveaux attendu {from: C3, to: C6}",
            )
        a, b = _level(f, start), _level(f, end)
        if not level_range_valid(a, b):
            raise _Bad(
                f"level range {a} to {b} is reversed (upper level first)",
                f"l'intervalle {a} à {b} est inversé (niveau supérieur en premier)",
            )
        return {"from": a, "to": b}
    if t is FieldType.DATE:
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value.strip())
            except ValueError:
                raise _Bad("expected a date YYYY-MM-DD", "date attendue AAAA-MM-JJ") from None
        if not isinstance(value, dt.date):
            raise _Bad("expected a date YYYY-MM-DD", "date attendue AAAA-MM-JJ")
        if value > dt.date.today() + dt.timedelta(days=1):
            raise _Bad("date is in the future", "la date est dans le futur")
        if value.year < 1900:
            raise _Bad("date is before 1900", "la date est antérieure à 1900")
        return value
    raise _Bad(f"unsupported type {t.value}", f"type non pris en charge {t.value}")


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str | list | dict) and len(value) == 0)


def _as_number(v: Any) -> float | None:
    if isinstance(v, bool) or not isinstance(v, int | float):
        return None
    return float(v)


def evaluate(cond: Condition, lookup: Mapping[str, Any]) -> bool:
    """Whether ``cond`` holds; unanswered fields fail every test but ``answered: false``."""
    if cond.all is not None:
        return all(evaluate(c, lookup) for c in cond.all)
    if cond.any is not None:
        return any(evaluate(c, lookup) for c in cond.any)
    if cond.not_ is not None:
        return not evaluate(cond.not_, lookup)
    assert cond.field is not None
    v = lookup.get(cond.field)
    if cond.answered is not None:
        return (not is_blank(v)) == cond.answered
    if is_blank(v):
        return False
    if cond.is_ is not None:
        if isinstance(cond.is_, bool):
            return v == ("yes" if cond.is_ else "no") or v is cond.is_
        return str(v) == str(cond.is_) if isinstance(v, str) else v == cond.is_
    if cond.in_ is not None:
        return any(str(v) == str(x) if isinstance(v, str) else v == x for x in cond.in_)
    if cond.contains is not None:
        return isinstance(v, list) and cond.contains in v
    n = _as_number(v)
    if isinstance(v, list) and v:  # a measurement: its largest diameter
        n = max(v)
    if n is None:
        return False
    if cond.gte is not None:
        return n >= cond.gte
    if cond.gt is not None:
        return n > cond.gt
    if cond.lte is not None:
        return n <= cond.lte
    assert cond.lt is not None
    return n < cond.lt


class _ItemLookup(Mapping[str, Any]):
    """Conditions inside a group item see the item's children first, then the template."""

    def __init__(self, group: str, item: Mapping[str, Any], outer: Mapping[str, Any]) -> None:
        self.group, self.item, self.outer = group, item, outer

    def __getitem__(self, key: str) -> Any:
        if key.startswith(self.group + "."):
            return self.item.get(key.split(".", 1)[1])
        if key in self.item:
            return self.item[key]
        return self.outer[key]

    def __iter__(self) -> Any:
        return iter(self.outer)

    def __len__(self) -> int:
        return len(self.outer)


def _region_for(template: Template, f: FieldDef, field_id: str) -> str | None:
    if f.region:
        return f.region
    module = template.module_of(field_id)
    if module is not None and module.region != "brain":
        return module.region
    return None


def check_answers(template: Template, answers: object) -> CheckResult:
    """Validate every answer against the template (see the module docstring)."""
    problems: list[AnswerProblem] = []
    warnings: list[RuleMessage] = []
    values: dict[str, Any] = {}
    visible: set[str] = set()
    if not isinstance(answers, Mapping):
        return CheckResult(
            {},
            [
                AnswerProblem(
                    "",
                    answers,
                    Label(
                        "answers must be a mapping of field ids to values",
                        "les réponses doivent associer des identifiants de champ à des valeurs",
                    ),
                )
            ],
            [],
        )
    for key in answers:
        if not isinstance(key, str) or template.index.get(key) is None:
            problems.append(
                AnswerProblem(str(key), answers[key], Label("unknown field", "champ inconnu"))
            )

    def one(f: FieldDef, ref: str, raw: Any, lookup: Mapping[str, Any]) -> Any:
        if f.show_if is not None and not evaluate(f.show_if, lookup):
            if not is_blank(raw):
                warnings.append(_HIDDEN.make((ref,)))
            return None
        visible.add(ref)
        if is_blank(raw) or (isinstance(raw, str) and not raw.strip()):
            return None
        try:
            value = check_value(f, raw)
        except _Bad as bad:
            problems.append(AnswerProblem(ref, raw, bad.label))
            return None
        if f.type in (FieldType.LEVEL, FieldType.LEVEL_RANGE):
            region = _region_for(template, f, ref)
            if region is not None:
                levels = [value] if isinstance(value, str) else [value["from"], value["to"]]
                for lv in levels:
                    warnings.extend(level_outside_region(ref, lv, region))
        if isinstance(value, str) and f.type is FieldType.TEXT and not value:
            return None
        return value

    for f in template.fields:
        raw = answers.get(f.id)
        if f.type is not FieldType.GROUP:
            values[f.id] = one(f, f.id, raw, values)
            continue
        if f.show_if is not None and not evaluate(f.show_if, values):
            if not is_blank(raw):
                warnings.append(_HIDDEN.make((f.id,)))
            values[f.id] = None
            continue
        visible.add(f.id)
        if is_blank(raw):
            values[f.id] = None
            continue
        if not isinstance(raw, list) or not all(isinstance(x, Mapping) for x in raw):
            problems.append(
                AnswerProblem(
                    f.id, raw, Label("expected a list of items", "liste d'éléments attendue")
                )
            )
            values[f.id] = None
            continue
        if not f.min_items <= len(raw) <= f.max_items:
            problems.append(
                AnswerProblem(
                    f.id,
                    f"{len(raw)} items",
                    Label(
                        f"expected {f.min_items} to {f.max_items} items",
                        f"de {f.min_items} à {f.max_items} éléments attendus",
                    ),
                )
            )
        items: list[dict[str, Any]] = []
        for i, item in enumerate(raw[: f.max_items]):
            for key in item:
                if f.child(str(key)) is None:
                    problems.append(
                        AnswerProblem(
                            f"{f.id}[{i}].{key}", item[key], Label("unknown field", "champ inconnu")
                        )
                    )
            clean: dict[str, Any] = {}
            lookup = _ItemLookup(f.id, clean, values)
            for c in f.fields or []:
                clean[c.id] = one(c, f"{f.id}[{i}].{c.id}", item.get(c.id), lookup)
            if any(not is_blank(v) for v in clean.values()):
                items.append(clean)
        values[f.id] = items or None
    return CheckResult(values, problems, warnings, frozenset(visible))
