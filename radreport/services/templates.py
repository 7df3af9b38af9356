"""Report templates: load and validate them, check answers, render report text.

The service API the CLI, the GUI, the store and the PDF layer call::

    list_templates() -> list[TemplateInfo]
    load_template(template_id) -> LoadedTemplate          # TemplateError(file, line, problem)
    preset_answers(template, "normal") -> dict
    validate_answers(template, answers, study=None) -> (problems, warnings)
    render_report(template, answers, *, study=None, lang="en") -> ReportText   # AnswersInvalid

Templates are data in ``templates/`` (format: docs/templates.md), found through
:func:`radreport.services.resources.templates_dir`.  jinja2 runs in an
``ImmutableSandboxedEnvironment`` with ``StrictUndefined``; answers are data,
never template source.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment
from pydantic import ValidationError

from radreport.domain.report import ReportText
from radreport.domain.rules.messages import RuleMessage, Severity
from radreport.domain.rules.protocol import protocol_warnings
from radreport.domain.study import Study
from radreport.domain.templates import (
    AnswerProblem,
    ModuleDef,
    RuleResults,
    Template,
    TemplateDef,
    build_template,
    check_answers,
    run_rules,
)
from radreport.services.resources import templates_dir
from radreport.services.template_files import (
    FileProblem,
    TemplateError,
    YamlDoc,
    pydantic_problems,
    read_yaml,
)
from radreport.services.template_render import RenderError, TextUnit, build_report

__all__ = [
    "LANGUAGES",
    "AnswersInvalid",
    "LoadedTemplate",
    "RenderError",
    "TemplateError",
    "TemplateInfo",
    "TemplateRenderer",
    "check",
    "clear_cache",
    "list_templates",
    "load_template",
    "preset_answers",
    "render_report",
    "validate_answers",
]

LANGUAGES = ("en", "fr")
TEMPLATE_FILE = "template.yaml"
MODULE_FILE = "module.yaml"
MODULES_DIR = "_modules"


class AnswersInvalid(Exception):
    """Answers that cannot be rendered; ``problems`` lists every one."""

    def __init__(self, problems: list[AnswerProblem]) -> None:
        self.problems = problems
        super().__init__(
            "; ".join(f"{p.field}: {p.reason.en} (value {p.value!r})" for p in problems)
        )


@dataclass(frozen=True)
class TemplateInfo:
    id: str
    title: dict[str, str]
    regions: list[str]
    version: str
    field_count: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "regions": self.regions,
            "version": self.version,
            "field_count": self.field_count,
        }


@dataclass(frozen=True)
class LoadedTemplate:
    """A validated template with its compiled text, per language."""

    template: Template
    root: Path
    units: Mapping[str, tuple[TextUnit, ...]]

    @property
    def id(self) -> str:
        return self.template.id

    def info(self) -> TemplateInfo:
        return TemplateInfo(
            self.id,
            self.template.title.model_dump(),
            self.template.regions,
            self.template.version,
            sum(1 + len(f.fields or []) for f in self.template.fields),
        )

    def to_dict(self) -> dict[str, Any]:
        return self.template.to_dict()


def _env(root: Path) -> ImmutableSandboxedEnvironment:
    # No loader: each file is compiled from its own text, so no template can
    # include arbitrary files; autoescape off because the output is plain text.
    return ImmutableSandboxedEnvironment(
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


_CALLS_WITH_FIELDS = ("sentence", "lbl", "unit")


def _static_check(ast: nodes.Template, template: Template, display: str) -> list[FileProblem]:
    """Field ids named in sentence()/lbl()/unit() and a.<id> must exist in the template."""
    problems: list[FileProblem] = []
    for call in ast.find_all(nodes.Call):
        if not isinstance(call.node, nodes.Name) or call.node.name not in _CALLS_WITH_FIELDS:
            continue
        args = call.args if call.node.name == "sentence" else call.args[:1]
        for arg in args:
            if isinstance(arg, nodes.Const):
                if not isinstance(arg.value, str) or template.field(arg.value) is None:
                    problems.append(
                        FileProblem(
                            display, call.lineno, f"{call.node.name}(): unknown field {arg.value!r}"
                        )
                    )
            else:
                problems.append(
                    FileProblem(
                        display,
                        call.lineno,
                        f"{call.node.name}(): field ids must be quoted strings",
                    )
                )
    for get in ast.find_all(nodes.Getattr):
        if (
            isinstance(get.node, nodes.Name)
            and get.node.name == "a"
            and template.field(get.attr) is None
        ):
            problems.append(
                FileProblem(display, get.lineno, f"a.{get.attr}: unknown field {get.attr!r}")
            )
    return problems


def _compile(
    env: ImmutableSandboxedEnvironment,
    path: Path,
    display: str,
    template: Template,
    region: str | None,
) -> tuple[TextUnit | None, list[FileProblem]]:
    try:
        source = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [
            FileProblem(display, None, "file not found (one text file per language is required)")
        ]
    except (OSError, UnicodeDecodeError) as exc:
        return None, [FileProblem(display, None, f"cannot read: {exc}")]
    try:
        ast = env.parse(source, name=display, filename=display)
        problems = _static_check(ast, template, display)
        compiled = env.from_string(source)
    except TemplateSyntaxError as exc:
        return None, [FileProblem(display, exc.lineno, f"jinja2 syntax error: {exc.message}")]
    return TextUnit(display, region, compiled), problems


def _load(root: Path, template_id: str) -> LoadedTemplate:
    folder = root / template_id
    display = f"{template_id}/{TEMPLATE_FILE}"
    if not (folder / TEMPLATE_FILE).is_file():
        known = ", ".join(t.id for t in list_templates(root)) if root.is_dir() else ""
        raise TemplateError(
            [FileProblem(display, None, f"no template {template_id!r} (known: {known or 'none'})")]
        )
    doc = read_yaml(folder / TEMPLATE_FILE, display)
    try:
        definition = TemplateDef.model_validate(doc.data)
    except ValidationError as exc:
        raise TemplateError(pydantic_problems(doc, exc)) from None
    problems: list[FileProblem] = []
    if definition.id != template_id:
        problems.append(
            doc.problem(("id",), f"id {definition.id!r} must equal the folder name {template_id!r}")
        )
    docs: dict[str, YamlDoc] = {"template": doc}
    modules: dict[str, ModuleDef] = {}
    for entry in doc.data.get("modules", []) if isinstance(doc.data, dict) else []:
        name = entry.get("include") if isinstance(entry, dict) else None
        if not isinstance(name, str) or name in modules:
            continue
        mdisplay = f"{MODULES_DIR}/{name}/{MODULE_FILE}"
        try:
            mdoc = read_yaml(root / MODULES_DIR / name / MODULE_FILE, mdisplay)
        except TemplateError as exc:
            problems += exc.problems
            continue
        try:
            module = ModuleDef.model_validate(mdoc.data)
        except ValidationError as exc:
            problems += pydantic_problems(mdoc, exc)
            continue
        if module.id != name:
            problems.append(
                mdoc.problem(("id",), f"id {module.id!r} must equal the folder name {name!r}")
            )
        modules[name] = module
        docs[name] = mdoc
    if problems:
        raise TemplateError(problems)
    template, defs = build_template(definition, modules)
    problems += [docs[p.source].problem(p.path, p.message) for p in defs]
    # The normal preset must be a valid answer set.
    for name, preset in template.presets.items():
        result = check_answers(template, preset.answers)
        for p in result.problems:
            owner = template.field_module.get(p.field.split("[")[0].split(".")[0], "")
            src = owner if owner in docs else "template"
            path: tuple[str | int, ...] = (
                ("normal", p.field) if src != "template" else ("presets", name)
            )
            problems.append(docs[src].problem(path, f"preset {name!r}: {p.field}: {p.reason.en}"))
    if problems:
        raise TemplateError(problems)

    env = _env(root)
    units: dict[str, list[TextUnit]] = {lang: [] for lang in LANGUAGES}
    for ref in template.modules:
        if ref.source == "template":
            continue
        for lang in LANGUAGES:
            unit, probs = _compile(
                env,
                root / MODULES_DIR / ref.source / f"{lang}.j2",
                f"{MODULES_DIR}/{ref.source}/{lang}.j2",
                template,
                ref.module.region,
            )
            problems += probs
            if unit is not None:
                units[lang].append(unit)
    inline = any(ref.source == "template" for ref in template.modules)
    for lang in LANGUAGES:
        path_ = folder / f"{lang}.j2"
        if path_.is_file() or inline:
            regions = template.regions
            unit, probs = _compile(
                env,
                path_,
                f"{template_id}/{lang}.j2",
                template,
                regions[0] if len(regions) == 1 else None,
            )
            problems += probs
            if unit is not None:
                units[lang].append(unit)
    if problems:
        raise TemplateError(problems)
    return LoadedTemplate(template, root, {k: tuple(v) for k, v in units.items()})


_CACHE: dict[tuple[Path, str], tuple[float, LoadedTemplate]] = {}
_LOCK = threading.Lock()


def _stamp(root: Path, template_id: str) -> float:
    """Newest modification time of the files a template may use.

    Runs on every load (the GUI thread opens a report with it), so it walks with
    ``os.scandir``, whose entries carry their own stat: a few ms for all modules.
    """
    newest = 0.0
    stack = [str(root / template_id), str(root / MODULES_DIR)]
    while stack:
        try:
            entries = os.scandir(stack.pop())
        except OSError:  # missing folder: nothing to stamp
            continue
        with entries:
            for entry in entries:
                try:
                    newest = max(newest, entry.stat().st_mtime)
                    if entry.is_dir(follow_symlinks=False):
                        stack.append(entry.path)
                except OSError:
                    continue
    return newest


def load_template(template_id: str, root: Path | None = None) -> LoadedTemplate:
    """Load and validate a template (cached until one of its files changes)."""
    base = (root or templates_dir()).resolve()
    stamp = _stamp(base, template_id)
    with _LOCK:
        hit = _CACHE.get((base, template_id))
        if hit is not None and hit[0] == stamp:
            return hit[1]
    loaded = _load(base, template_id)
    with _LOCK:
        _CACHE[(base, template_id)] = (stamp, loaded)
    return loaded


def clear_cache() -> None:
    with _LOCK:
        _CACHE.clear()


def list_templates(root: Path | None = None) -> list[TemplateInfo]:
    """Every template folder that loads; broken ones are skipped (``check`` reports them)."""
    base = root or templates_dir()
    out: list[TemplateInfo] = []
    for folder in sorted(base.iterdir()):
        if folder.name.startswith(("_", ".")) or not (folder / TEMPLATE_FILE).is_file():
            continue
        try:
            out.append(load_template(folder.name, base).info())
        except TemplateError:
            continue
    return out


def check(root: Path | None = None) -> dict[str, TemplateError]:
    """Every template folder that does not load, with its errors."""
    base = root or templates_dir()
    broken: dict[str, TemplateError] = {}
    for folder in sorted(base.iterdir()):
        if folder.name.startswith(("_", ".")) or not (folder / TEMPLATE_FILE).is_file():
            continue
        try:
            load_template(folder.name, base)
        except TemplateError as exc:
            broken[folder.name] = exc
    return broken


def preset_answers(template: LoadedTemplate, name: str = "normal") -> dict[str, Any]:
    preset = template.template.presets.get(name)
    if preset is None:
        raise KeyError(f"template {template.id!r} has no preset {name!r}")
    return dict(preset.answers)


def _study_contrast(study: Study | None) -> bool | None:
    if study is None:
        return None
    from radreport.domain.study import SequenceFamily

    return bool(study.contrast_agents) or any(
        s.family is SequenceFamily.T1_POST for s in study.series
    )


def _evaluate(
    template: LoadedTemplate, answers: Mapping[str, Any], study: Study | None
) -> tuple[list[AnswerProblem], list[RuleMessage], dict[str, Any], RuleResults]:
    result = check_answers(template.template, answers)
    rules = run_rules(
        template.template,
        result.values,
        study_contrast=_study_contrast(study),
        visible=result.visible,
    )
    warnings = list(result.warnings) + rules.warnings
    if study is not None:
        warnings += protocol_warnings(study, template.template.regions)
    return result.problems, warnings, result.values, rules


def validate_answers(
    template: LoadedTemplate, answers: Mapping[str, Any], study: Study | None = None
) -> tuple[list[AnswerProblem], list[RuleMessage]]:
    """Every problem (blocks rendering) and every warning (EN/FR RuleMessage)."""
    problems, warnings, _, _ = _evaluate(template, answers, study)
    return problems, warnings


def render_report(
    template: LoadedTemplate,
    answers: Mapping[str, Any],
    *,
    study: Study | None = None,
    lang: str = "en",
) -> ReportText:
    """The report text; AnswersInvalid if any answer is unusable."""
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    problems, _, values, rules = _evaluate(template, answers, study)
    if problems:
        raise AnswersInvalid(problems)
    return build_report(template.template, template.units[lang], values, rules, study, lang)


class TemplateRenderer:
    """The template engine as the store's ``ReportRenderer`` (radreport.services.store.engines).

    ``validate`` lists what blocks signing: unusable answers and error-level rule
    messages (a required field left empty, an invalid level); warnings do not block.
    """

    def render(
        self, template_id: str, answers: Mapping[str, Any], study: Study | None, lang: str
    ) -> ReportText:
        return render_report(load_template(template_id), answers, study=study, lang=lang)

    def validate(
        self, template_id: str, answers: Mapping[str, Any], study: Study | None
    ) -> list[str]:
        problems, warnings = validate_answers(load_template(template_id), answers, study)
        out = [f"{p.field or '(answers)'}: {p.reason.en} (value {p.value!r})" for p in problems]
        out += [
            f"{', '.join(w.fields) or '(report)'}: {w.en}"
            for w in warnings
            if w.severity is Severity.ERROR
        ]
        return out

    def preset(self, template_id: str, name: str) -> dict[str, Any]:
        return preset_answers(load_template(template_id), name)
