"""A loaded template: its modules resolved, fields indexed, hooks merged, presets built.

``build_template`` checks everything that a single pydantic model cannot see
(unique ids across modules, conditions and hooks naming existing fields, the
normal answers being valid).  Problems are :class:`DefinitionProblem` objects
that name the source file (``"template"`` or a module id) and the YAML path,
so the loader can point at a file and a line.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from radreport.domain.templates.schema import (
    Condition,
    FieldDef,
    FieldType,
    Include,
    ModuleDef,
    Option,
    Preset,
    RuleHook,
    RuleName,
    TemplateDef,
    Text,
)

Path = tuple[str | int, ...]

STANDARD_FIELDS: tuple[FieldDef, ...] = (
    FieldDef(
        id="indication",
        type=FieldType.TEXT,
        label=Text(en="Clinical indication", fr="Renseignements cliniques"),
        help=Text(
            en="UMN/LMN regions, bulbar signs, EMG status and the question asked.",
            fr="Régions atteintes (NMS/NMI), signes bulbaires, résultat de l'EMG "
            "et question posée.",
        ),
        required=True,
    ),
    FieldDef(
        id="comparison",
        type=FieldType.TEXT,
        label=Text(en="Comparison (prior exam)", fr="Examen antérieur de comparaison"),
        help=Text(
            en="Leave empty when there is no prior exam.",
            fr="Laisser vide en l'absence d'examen antérieur.",
        ),
        max_length=500,
    ),
    FieldDef(
        id="comparison_date",
        type=FieldType.DATE,
        label=Text(en="Date of the prior exam", fr="Date de l'examen antérieur"),
        show_if=Condition(field="comparison", answered=True),
    ),
    FieldDef(
        id="contrast",
        type=FieldType.CHOICE,
        label=Text(en="Gadolinium contrast", fr="Produit de contraste (gadolinium)"),
        help=Text(
            en="Taken from the study's series when left empty.",
            fr="Déduit des séries de l'examen si laissé vide.",
        ),
        options=[
            Option(id="given", label=Text(en="Given", fr="Injecté")),
            Option(id="not_given", label=Text(en="Not given", fr="Non injecté")),
        ],
    ),
    FieldDef(
        id="technique",
        type=FieldType.TEXT,
        label=Text(
            en="Technique (replaces the generated text)", fr="Technique (remplace le texte généré)"
        ),
        max_length=4000,
    ),
    FieldDef(
        id="additional_findings",
        type=FieldType.TEXT,
        label=Text(en="Additional findings", fr="Autres constatations"),
    ),
)
STANDARD_IDS = frozenset(f.id for f in STANDARD_FIELDS)


@dataclass(frozen=True)
class DefinitionProblem:
    source: str  # "template" or the id of an included module
    path: Path
    message: str


class TemplateDefinitionError(Exception):
    def __init__(self, problems: Sequence[DefinitionProblem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class ModuleRef:
    module: ModuleDef
    source: str  # "template" for an inline module, else the module id
    path: Path  # path of the module inside its source file


@dataclass(frozen=True)
class Template:
    definition: TemplateDef
    modules: tuple[ModuleRef, ...]
    fields: tuple[FieldDef, ...]
    field_module: Mapping[str, str]
    hooks: tuple[RuleHook, ...]
    presets: Mapping[str, Preset]
    index: Mapping[str, FieldDef] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.definition.id

    @property
    def version(self) -> str:
        return self.definition.version

    @property
    def title(self) -> Text:
        return self.definition.title

    @property
    def regions(self) -> list[str]:
        return list(self.definition.regions)

    def field(self, ref: str) -> FieldDef | None:
        """A field by id, or a group child by ``group.child``."""
        if "." in ref:
            group_id, child = ref.split(".", 1)
            group = self.index.get(group_id)
            return group.child(child) if group else None
        return self.index.get(ref)

    def module_of(self, field_id: str) -> ModuleDef | None:
        """The module declaring a field; ``field_id`` may be a group ref like ``g[0].child``."""
        mid = self.field_module.get(field_id.split(".", 1)[0].split("[", 1)[0])
        return next((m.module for m in self.modules if m.module.id == mid), None)

    def all_field_refs(self) -> Iterator[str]:
        for f in self.fields:
            yield f.id
            for c in f.fields or []:
                yield f"{f.id}.{c.id}"

    def to_dict(self) -> dict[str, Any]:
        d = self.definition
        return {
            "id": d.id,
            "version": d.version,
            "title": d.title.model_dump(),
            "regions": list(d.regions),
            "sources": list(d.sources),
            "modules": [
                {
                    "id": m.module.id,
                    "region": m.module.region,
                    "title": m.module.title.model_dump(),
                    "mimic": m.module.mimic.model_dump() if m.module.mimic else None,
                    "fields": [f.id for f in m.module.fields],
                    "normal": dict(m.module.normal),
                }
                for m in self.modules
            ],
            "standard_fields": [f.id for f in STANDARD_FIELDS],
            "fields": [_field_dict(f) for f in self.fields],
            "rules": [h.model_dump(by_alias=True, exclude_none=True) for h in self.hooks],
            "presets": {
                name: {
                    "label": p.label.model_dump() if p.label else None,
                    "answers": _jsonable(p.answers),
                }
                for name, p in self.presets.items()
            },
        }


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _field_dict(f: FieldDef) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": f.id,
        "type": f.type.value,
        "label": f.label.model_dump(),
        "help": f.help.model_dump() if f.help else None,
        "required": f.required,
    }
    if f.show_if is not None:
        out["show_if"] = f.show_if.model_dump(by_alias=True, exclude_none=True)
    opts = f.option_list()
    if opts:
        out["options"] = [o.model_dump(exclude_none=True) for o in opts]
    if f.type in (FieldType.INTEGER, FieldType.DECIMAL, FieldType.MEASUREMENT):
        out["min"], out["max"] = f.min, f.max
        out["unit"] = (
            {"en": "mm", "fr": "mm"}
            if f.type is FieldType.MEASUREMENT
            else (f.unit.model_dump() if f.unit else None)
        )
    if f.type is FieldType.DECIMAL:
        out["decimals"] = f.decimals
    if f.type is FieldType.MEASUREMENT:
        out["max_diameters"] = f.max_diameters
    if f.type in (FieldType.LEVEL, FieldType.LEVEL_RANGE):
        out["kind"] = f.kind.value
        out["region"] = f.region
    if f.type is FieldType.TEXT:
        out["max_length"] = f.max_length
    if f.contrast_dependent:
        out["contrast_dependent"] = True
    if f.comparison_dependent:
        out["comparison_dependent"] = True
    if f.type is FieldType.GROUP:
        out["min_items"], out["max_items"] = f.min_items, f.max_items
        out["item_label"] = f.item_label.model_dump() if f.item_label else None
        out["fields"] = [_field_dict(c) for c in f.fields or []]
    return out


_NUMERIC = (FieldType.INTEGER, FieldType.DECIMAL)
_BEFORE = "condition refers to {name!r}, which is not a field declared before it"


def build_template(
    definition: TemplateDef, included: Mapping[str, ModuleDef]
) -> tuple[Template, list[DefinitionProblem]]:
    """Resolve includes and cross-check; returns the template and every problem found."""
    problems: list[DefinitionProblem] = []
    refs: list[ModuleRef] = []
    for i, entry in enumerate(definition.modules):
        if isinstance(entry, Include):
            mod = included.get(entry.include)
            if mod is None:
                problems.append(
                    DefinitionProblem(
                        "template", ("modules", i, "include"), f"no module {entry.include!r}"
                    )
                )
                continue
            refs.append(ModuleRef(mod, entry.include, ()))
        else:
            refs.append(ModuleRef(entry, "template", ("modules", i)))

    index: dict[str, FieldDef] = {f.id: f for f in STANDARD_FIELDS}
    owner: dict[str, str] = {}
    fields: list[FieldDef] = list(STANDARD_FIELDS)
    seen_modules: set[str] = set()
    for ref in refs:
        m = ref.module
        if m.id in seen_modules:
            problems.append(
                DefinitionProblem(ref.source, (*ref.path, "id"), f"module {m.id!r} is used twice")
            )
            continue
        seen_modules.add(m.id)
        if m.region not in definition.regions:
            problems.append(
                DefinitionProblem(
                    ref.source,
                    (*ref.path, "region"),
                    f"module region {m.region!r} is not one of the template's regions "
                    f"({', '.join(definition.regions)})",
                )
            )
        for j, f in enumerate(m.fields):
            fpath = (*ref.path, "fields", j)
            if f.id in index:
                where = "a standard field" if f.id in STANDARD_IDS else f"module {owner[f.id]!r}"
                problems.append(
                    DefinitionProblem(
                        ref.source, (*fpath, "id"), f"field id {f.id!r} already used by {where}"
                    )
                )
                continue
            if f.show_if is not None:
                for name in f.show_if.fields():
                    if name not in index:
                        problems.append(
                            DefinitionProblem(
                                ref.source,
                                (*fpath, "show_if"),
                                _BEFORE.format(name=name),
                            )
                        )
            for k, c in enumerate(f.fields or []):
                if c.show_if is not None:
                    for name in c.show_if.fields():
                        local = name.split(".", 1)[-1] if name.startswith(f.id + ".") else name
                        earlier = [x.id for x in (f.fields or [])[:k]]
                        if local not in earlier and name not in index:
                            problems.append(
                                DefinitionProblem(
                                    ref.source,
                                    (*fpath, "fields", k, "show_if"),
                                    _BEFORE.format(name=name),
                                )
                            )
            index[f.id] = f
            owner[f.id] = m.id
            fields.append(f)

    tmp = Template(definition, tuple(refs), tuple(fields), owner, (), {}, index)

    for ref in refs:
        m = ref.module
        if m.mimic is not None:
            gate = index.get(m.mimic.gate)
            if gate is None or owner.get(m.mimic.gate) != m.id or gate.type is not FieldType.YES_NO:
                problems.append(
                    DefinitionProblem(
                        ref.source,
                        (*ref.path, "mimic", "gate"),
                        f"mimic gate {m.mimic.gate!r} must be a yes_no field of this module",
                    )
                )
        for key in m.normal:
            if owner.get(key) != m.id:
                problems.append(
                    DefinitionProblem(
                        ref.source,
                        (*ref.path, "normal", key),
                        f"{key!r} is not a field of this module",
                    )
                )

    # Hooks: modules first, then the template's (same name replaces).
    hooks: dict[str, tuple[RuleHook, str, Path]] = {}
    for ref in refs:
        for j, h in enumerate(ref.module.rules):
            hooks[h.name] = (h, ref.source, (*ref.path, "rules", j))
    for j, h in enumerate(definition.rules):
        hooks[h.name] = (h, "template", ("rules", j))
    for h, source, hpath in hooks.values():
        problems += _check_hook(tmp, h, source, hpath)

    normal: dict[str, Any] = {}
    for ref in refs:
        normal.update(ref.module.normal)
    presets = dict(definition.presets)
    if "normal" in presets:
        normal.update(presets["normal"].answers)
    presets["normal"] = Preset(
        label=(presets["normal"].label if "normal" in presets else None)
        or Text(en="Normal", fr="Normal"),
        answers=normal,
    )
    template = Template(
        definition,
        tuple(refs),
        tuple(fields),
        owner,
        tuple(h for h, _, _ in hooks.values()),
        presets,
        index,
    )
    return template, problems


def _check_hook(t: Template, h: RuleHook, source: str, path: Path) -> list[DefinitionProblem]:
    out: list[DefinitionProblem] = []

    def need(ref: str | None, key: Path, types: tuple[FieldType, ...]) -> None:
        if ref is None:
            return
        f = t.field(ref)
        if f is None:
            out.append(DefinitionProblem(source, (*path, *key), f"no field {ref!r}"))
        elif f.type not in types:
            wanted = " or ".join(x.value for x in types)
            out.append(
                DefinitionProblem(
                    source, (*path, *key), f"field {ref!r} is a {f.type.value}, expected {wanted}"
                )
            )

    if h.when is not None:
        for name in h.when.fields():
            need(name, ("when",), tuple(FieldType))
    if h.rule is RuleName.MCDONALD:
        need(h.version_field, ("version_field",), (FieldType.CHOICE,))
        vf = t.field(h.version_field) if h.version_field else None
        if vf is not None and vf.type is FieldType.CHOICE:
            bad = [o.id for o in vf.option_list() if o.id not in ("2017", "2024")]
            if bad:
                out.append(
                    DefinitionProblem(
                        source,
                        (*path, "version_field"),
                        "the version field's options must be 2017 and 2024",
                    )
                )
        for name, refs in (h.counts or {}).items():
            for k, ref in enumerate([refs] if isinstance(refs, str) else refs):
                need(
                    ref,
                    ("counts", name) if isinstance(refs, str) else ("counts", name, k),
                    (FieldType.INTEGER,),
                )
    elif h.rule is RuleName.FAZEKAS:
        need(h.periventricular, ("periventricular",), _NUMERIC)
        need(h.deep, ("deep",), _NUMERIC)
    elif h.rule is RuleName.NMOSD:
        need(h.range_field, ("range_field",), (FieldType.LEVEL_RANGE,))
    elif h.rule is RuleName.KANG:
        need(h.level_field, ("level_field",), (FieldType.LEVEL,))
        need(h.kang_field, ("kang_field",), (FieldType.INTEGER, FieldType.CHOICE))
        need(h.signal_field, ("signal_field",), (FieldType.CHOICE,))
    return out
