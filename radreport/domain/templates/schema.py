"""The template schema: pydantic models of template.yaml and module.yaml.

Plain data, no I/O: the loader (radreport.services.templates) parses the files,
keeps YAML line numbers and maps validation errors back to them.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

from radreport.domain.rules.mcdonald import COUNT_FIELDS

ID_RE = r"^[a-z][a-z0-9_]*$"
OPTION_RE = r"^[a-z0-9][a-z0-9_]*$"


class FieldType(StrEnum):
    CHOICE = "choice"
    MULTI_CHOICE = "multi_choice"
    YES_NO = "yes_no"
    INTEGER = "integer"
    DECIMAL = "decimal"
    MEASUREMENT = "measurement"
    LEVEL = "level"
    LEVEL_RANGE = "level_range"
    SIDE = "side"
    DATE = "date"
    TEXT = "text"
    GROUP = "group"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Text(_Model):
    """A text in both report languages."""

    en: str = Field(min_length=1)
    fr: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        return self.fr if lang == "fr" else self.en


class Option(_Model):
    id: str = Field(pattern=OPTION_RE)
    label: Text
    help: Text | None = None


YES_NO_OPTIONS: tuple[Option, ...] = (
    Option(id="yes", label=Text(en="Yes", fr="Oui")),
    Option(id="no", label=Text(en="No", fr="Non")),
    Option(id="not_assessed", label=Text(en="Not assessed", fr="Non évalué")),
)
SIDE_OPTIONS: tuple[Option, ...] = (
    Option(id="right", label=Text(en="right", fr="droit")),
    Option(id="left", label=Text(en="left", fr="gauche")),
    Option(id="bilateral", label=Text(en="bilateral", fr="bilatéral")),
)
NEUTRAL_OPTIONS = frozenset({"not_assessed", "not_assessable", "not_applicable"})


class Condition(_Model):
    """``show_if``: one test on a field, or all/any/not of conditions."""

    field: str | None = None
    is_: str | int | float | bool | None = Field(default=None, alias="is")
    in_: list[str | int | float] | None = Field(default=None, alias="in")
    contains: str | None = None
    gte: float | None = None
    gt: float | None = None
    lte: float | None = None
    lt: float | None = None
    answered: bool | None = None
    all: list[Condition] | None = None
    any: list[Condition] | None = None
    not_: Condition | None = Field(default=None, alias="not")

    @model_validator(mode="after")
    def _one_test(self) -> Condition:
        tests = [
            n
            for n in ("is_", "in_", "contains", "gte", "gt", "lte", "lt", "answered")
            if getattr(self, n) is not None
        ]
        combos = [n for n in ("all", "any", "not_") if getattr(self, n) is not None]
        if self.field is not None:
            if combos:
                raise ValueError("a condition has either 'field' or all/any/not, not both")
            if len(tests) != 1:
                raise ValueError(
                    "a field condition needs exactly one test: "
                    "is, in, contains, gte, gt, lte, lt or answered"
                )
        elif len(combos) != 1 or tests:
            raise ValueError("a condition needs 'field' and one test, or one of all/any/not")
        return self

    def fields(self) -> list[str]:
        out = [self.field] if self.field else []
        for sub in (self.all or []) + (self.any or []) + ([self.not_] if self.not_ else []):
            out += sub.fields()
        return out


class LevelKind(StrEnum):
    VERTEBRAL = "vertebral"
    DISC = "disc"
    ANY = "any"


class FieldDef(_Model):
    id: str = Field(pattern=ID_RE)
    type: FieldType
    label: Text
    help: Text | None = None
    show_if: Condition | None = None
    required: bool = False
    contrast_dependent: bool = False
    comparison_dependent: bool = False
    options: list[Option] | None = None
    min: float | None = None
    max: float | None = None
    unit: Text | None = None
    decimals: int = Field(default=1, ge=0, le=3)
    max_diameters: int = Field(default=3, ge=1, le=3)
    kind: LevelKind = LevelKind.ANY
    region: Literal["cervical", "thoracic", "lumbar"] | None = None
    max_length: int = Field(default=4000, ge=1, le=100000)
    fields: list[FieldDef] | None = None
    min_items: int = Field(default=0, ge=0)
    max_items: int = Field(default=50, ge=1, le=500)
    item_label: Text | None = None

    @model_validator(mode="after")
    def _per_type(self) -> FieldDef:
        t = self.type
        if t in (FieldType.CHOICE, FieldType.MULTI_CHOICE):
            if not self.options:
                raise ValueError(f"a {t.value} field needs 'options'")
            ids = [o.id for o in self.options]
            dup = sorted({i for i in ids if ids.count(i) > 1})
            if dup:
                raise ValueError(f"duplicate option ids: {', '.join(dup)}")
        elif self.options is not None:
            raise ValueError(f"'options' is not allowed for a {t.value} field")
        numeric = (FieldType.INTEGER, FieldType.DECIMAL, FieldType.MEASUREMENT)
        if t not in numeric and (self.min is not None or self.max is not None):
            raise ValueError(f"'min'/'max' are not allowed for a {t.value} field")
        if t in numeric:
            if self.min is None or self.max is None:
                raise ValueError(f"a {t.value} field needs 'min' and 'max'")
            if self.max < self.min:
                raise ValueError(f"'max' ({self.max:g}) must be >= 'min' ({self.min:g})")
            if t is FieldType.INTEGER and not (
                float(self.min).is_integer() and float(self.max).is_integer()
            ):
                raise ValueError("an integer field needs whole-number 'min' and 'max'")
        if t is FieldType.GROUP:
            if not self.fields:
                raise ValueError("a group field needs 'fields'")
            if any(f.type is FieldType.GROUP for f in self.fields):
                raise ValueError("groups cannot be nested")
            if self.min_items > self.max_items:
                raise ValueError("'min_items' must be <= 'max_items'")
        elif self.fields is not None:
            raise ValueError(f"'fields' is only allowed for a group, not a {t.value} field")
        return self

    def option_list(self) -> tuple[Option, ...]:
        if self.type is FieldType.YES_NO:
            return YES_NO_OPTIONS
        if self.type is FieldType.SIDE:
            return SIDE_OPTIONS
        return tuple(self.options or ())

    def option(self, option_id: object) -> Option | None:
        return next((o for o in self.option_list() if o.id == option_id), None)

    def child(self, child_id: str) -> FieldDef | None:
        return next((f for f in self.fields or [] if f.id == child_id), None)


class Mimic(_Model):
    name: Text
    gate: str = Field(pattern=ID_RE)


class RuleName(StrEnum):
    MCDONALD = "mcdonald"
    FAZEKAS = "fazekas"
    NMOSD = "nmosd"
    KANG = "kang"  # spine: Kang grade vs cord T2 signal, per disc-level group item


MCDONALD_COUNTS = COUNT_FIELDS


class RuleHook(_Model):
    rule: RuleName
    name: str = Field(pattern=ID_RE)
    when: Condition | None = None
    # mcdonald
    version_field: str | None = None
    counts: dict[str, str | list[str]] | None = None
    # fazekas
    periventricular: str | None = None
    deep: str | None = None
    # nmosd
    range_field: str | None = None
    # kang (group children such as c_discs.level; see radreport.domain.rules.spine)
    level_field: str | None = None
    kang_field: str | None = None
    signal_field: str | None = None

    @model_validator(mode="after")
    def _per_rule(self) -> RuleHook:
        if self.rule is RuleName.MCDONALD:
            if not self.counts:
                raise ValueError("a mcdonald hook needs 'counts'")
            bad = sorted(set(self.counts) - set(MCDONALD_COUNTS))
            if bad:
                raise ValueError(
                    f"unknown McDonald count(s) {', '.join(bad)}; "
                    f"expected: {', '.join(MCDONALD_COUNTS)}"
                )
        if self.rule is RuleName.FAZEKAS and not (self.periventricular and self.deep):
            raise ValueError("a fazekas hook needs 'periventricular' and 'deep'")
        if self.rule is RuleName.NMOSD and not self.range_field:
            raise ValueError("a nmosd hook needs 'range_field'")
        if self.rule is RuleName.KANG and not (
            self.level_field and self.kang_field and self.signal_field
        ):
            raise ValueError("a kang hook needs 'level_field', 'kang_field' and 'signal_field'")
        return self

    def field_refs(self) -> list[str]:
        refs = [self.version_field, self.periventricular, self.deep, self.range_field]
        refs += [self.level_field, self.kang_field, self.signal_field]
        for v in (self.counts or {}).values():
            refs += [v] if isinstance(v, str) else v
        return [r for r in refs if r]


Region = Literal["brain", "cervical", "thoracic", "lumbar"]


class ModuleDef(_Model):
    id: str = Field(pattern=ID_RE)
    region: Region
    title: Text
    mimic: Mimic | None = None
    fields: list[FieldDef] = Field(default_factory=list)
    normal: dict[str, Any] = Field(default_factory=dict)
    rules: list[RuleHook] = Field(default_factory=list)


class Include(_Model):
    include: str = Field(pattern=ID_RE)


def _module_kind(value: Any) -> str:
    if isinstance(value, dict):
        return "Include" if "include" in value else "Module"
    return "Include" if isinstance(value, Include) else "Module"


ModuleEntry = Annotated[
    Annotated[Include, Tag("Include")] | Annotated[ModuleDef, Tag("Module")],
    Discriminator(_module_kind),
]


class Preset(_Model):
    label: Text | None = None
    answers: dict[str, Any] = Field(default_factory=dict)


class TemplateDef(_Model):
    id: str = Field(pattern=ID_RE)
    version: str = Field(min_length=1)
    title: Text
    regions: list[Region] = Field(min_length=1)
    sources: list[str] = Field(default_factory=list)
    modules: list[ModuleEntry] = Field(min_length=1)
    rules: list[RuleHook] = Field(default_factory=list)
    presets: dict[str, Preset] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _regions_unique(self) -> TemplateDef:
        if len(set(self.regions)) != len(self.regions):
            raise ValueError("'regions' lists a region twice")
        for name in self.presets:
            if not re.match(ID_RE, name):
                raise ValueError(f"preset name {name!r} must match {ID_RE}")
        return self
