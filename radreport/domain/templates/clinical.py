"""Clinical-rule hooks: run radreport.domain.rules on validated answers.

Gives the warnings (RuleMessage, EN/FR) and the rule results the report text
uses (McDonald DIS/DIT, Fazekas).  The rules never diagnose: McDonald results
are "criteria met / not met", with the rules' own wording.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from radreport.domain.rules.consistency import (
    comparison_wording,
    contrast_dependent_answers,
    missing_required,
)
from radreport.domain.rules.mcdonald import (
    MS_REGION_LABELS,
    McDonaldResult,
    MSLesionCounts,
    cord_lesion_red_flags,
    evaluate_mcdonald,
)
from radreport.domain.rules.messages import Label, RuleMessage, Severity, define
from radreport.domain.rules.spine import kang_consistency
from radreport.domain.rules.svd import FazekasScore
from radreport.domain.templates.answers import evaluate
from radreport.domain.templates.model import Template
from radreport.domain.templates.schema import FieldType, RuleHook, RuleName

_CONTRAST_CONFLICT = define(
    "template.contrast_conflicts_with_study",
    Severity.WARNING,
    "Contrast is recorded as {answer}, but the study's series say {study}.",
    "Le produit de contraste est indiqué comme {answer}, alors que les séries de l'examen "
    "indiquent : {study}.",
)
_GIVEN = Label("given", "injecté")
_NOT_GIVEN = Label("not given", "non injecté")
_STUDY_GIVEN = Label("post-contrast imaging", "imagerie après injection")
_STUDY_NOT_GIVEN = Label("no post-contrast series", "aucune série après injection")


@dataclass(frozen=True)
class McDonaldView:
    """What the text sees of a McDonald result, in one language."""

    result: McDonaldResult
    lang: str

    @property
    def dis_met(self) -> bool | None:
        return self.result.dis_met

    @property
    def dit_met(self) -> bool | None:
        return self.result.dit_met

    @property
    def version(self) -> str:
        return self.result.version.value

    @property
    def dis_regions(self) -> list[str]:
        return [MS_REGION_LABELS[r].text(self.lang) for r in self.result.dis_regions]

    def text(self, code: str) -> str:
        m = next((m for m in self.result.messages if m.code == code), None)
        return m.text(self.lang) if m else ""


@dataclass(frozen=True)
class FazekasView:
    score: FazekasScore
    lang: str

    @property
    def pv(self) -> int:
        return self.score.periventricular

    @property
    def dwm(self) -> int:
        return self.score.deep

    @property
    def overall(self) -> int:
        return self.score.overall

    @property
    def summary(self) -> str:
        return self.score.summary(self.lang)

    @property
    def description(self) -> str:
        return self.score.description.text(self.lang)


@dataclass
class RuleResults:
    contrast_given: bool | None
    comparison_available: bool
    mcdonald: McDonaldResult | None = None
    fazekas: FazekasScore | None = None
    warnings: list[RuleMessage] = field(default_factory=list)

    def view(self, lang: str) -> dict[str, Any]:
        return {
            "mcdonald": McDonaldView(self.mcdonald, lang) if self.mcdonald else None,
            "fazekas": FazekasView(self.fazekas, lang) if self.fazekas else None,
        }


def _group_values(values: Mapping[str, Any], ref: str) -> list[tuple[str, Any]]:
    """(field ref for messages, value) of a field or of a group child across items."""
    if "." not in ref:
        return [(ref, values.get(ref))]
    group, child = ref.split(".", 1)
    items = values.get(group) or []
    return [(f"{group}[{i}].{child}", item.get(child)) for i, item in enumerate(items)]


def _kang_warnings(hook: RuleHook, values: Mapping[str, Any]) -> list[RuleMessage]:
    """Kang grade vs cord T2 signal for each item of a disc-level group (or plain fields)."""
    assert hook.level_field and hook.kang_field and hook.signal_field
    levels = _group_values(values, hook.level_field)
    grades = _group_values(values, hook.kang_field)
    signals = _group_values(values, hook.signal_field)
    out: list[RuleMessage] = []
    for (_, level), (kref, kang), (sref, signal) in zip(levels, grades, signals, strict=False):
        if isinstance(kang, bool) or not isinstance(kang, int | str) or not isinstance(signal, str):
            continue
        try:
            out += kang_consistency(level or "?", kang, signal, kang_field=kref, signal_field=sref)
        except ValueError:
            continue  # an out-of-range grade is already an answer problem
    return out


def run_rules(
    template: Template,
    values: Mapping[str, Any],
    *,
    study_contrast: bool | None,
    visible: Iterable[str] | None = None,
) -> RuleResults:
    """Contrast and comparison status, rule hooks and consistency checks."""
    contrast_answer = values.get("contrast")
    contrast: bool | None = (
        True
        if contrast_answer == "given"
        else False
        if contrast_answer == "not_given"
        else study_contrast
    )
    comparison = bool(values.get("comparison"))
    res = RuleResults(contrast, comparison)
    if study_contrast is not None and contrast_answer is not None and contrast != study_contrast:
        # The radiologist's answer wins, but a disagreement with the headers is worth a look.
        res.warnings.append(
            _CONTRAST_CONFLICT.make(
                ("contrast",),
                answer=_GIVEN if contrast else _NOT_GIVEN,
                study=_STUDY_GIVEN if study_contrast else _STUDY_NOT_GIVEN,
            )
        )

    for hook in template.hooks:
        if hook.when is not None and not evaluate(hook.when, values):
            continue
        if hook.rule is RuleName.MCDONALD:
            counts: dict[str, int | None] = {}
            ids: dict[str, str] = {}
            for name, refs in (hook.counts or {}).items():
                refs = [refs] if isinstance(refs, str) else refs
                found = [v for r in refs if isinstance(v := values.get(r), int)]
                # Several fields (e.g. cervical + thoracic cord) add up.  A region is
                # lesion-free only if every part was answered; one lesion anywhere counts.
                complete = len(found) == len(refs)
                counts[name] = sum(found) if complete or sum(found) > 0 else None
                ids[name] = refs[0]
            version = values.get(hook.version_field) if hook.version_field else None
            result = evaluate_mcdonald(
                MSLesionCounts(
                    **counts,
                    contrast_given=bool(contrast),
                    comparison_available=comparison,
                ),
                version or "2017",
                field_ids=ids,
            )
            res.mcdonald = result
            res.warnings += list(result.messages)
        elif hook.rule is RuleName.FAZEKAS:
            assert hook.periventricular and hook.deep
            pv, dwm = values.get(hook.periventricular), values.get(hook.deep)
            if isinstance(pv, int | float) and isinstance(dwm, int | float):
                res.fazekas = FazekasScore(int(pv), int(dwm))
        elif hook.rule is RuleName.NMOSD:
            assert hook.range_field
            for ref, r in _group_values(values, hook.range_field):
                if isinstance(r, dict):
                    res.warnings += cord_lesion_red_flags(r["from"], r["to"], fields=(ref,))
        elif hook.rule is RuleName.KANG:
            res.warnings += _kang_warnings(hook, values)

    flat: dict[str, Any] = {}
    contrast_refs: list[str] = []
    comparison_refs: list[str] = []
    text_refs: list[str] = []
    for ref in template.all_field_refs():
        f = template.field(ref)
        assert f is not None
        if f.type is FieldType.GROUP:
            continue
        for key, v in _group_values(values, ref):
            flat[key] = v
            if f.contrast_dependent:
                contrast_refs.append(key)
            if f.comparison_dependent:
                comparison_refs.append(key)
            if f.type is FieldType.TEXT and key not in ("comparison", "technique"):
                text_refs.append(key)
    if contrast is False:
        res.warnings += contrast_dependent_answers(flat, contrast_refs, False)
    res.warnings += comparison_wording(
        flat, comparison, text_fields=text_refs, new_count_fields=comparison_refs
    )
    # Required fields count only where shown (a hidden field cannot be filled in).
    shown = None if visible is None else set(visible)
    required: list[str] = []
    for ref in template.all_field_refs():
        f = template.field(ref)
        if f is None or not f.required:
            continue
        keys = [k for k, _ in _group_values(values, ref)]
        required += [k for k in keys if shown is None or k in shown]
    res.warnings += missing_required({**values, **flat}, required)
    # De-duplicate (McDonald and the consistency check both flag new counts).
    seen: set[tuple[str, tuple[str, ...]]] = set()
    unique: list[RuleMessage] = []
    for m in res.warnings:
        dedup = (m.code, m.fields)
        if dedup not in seen:
            seen.add(dedup)
            unique.append(m)
    res.warnings = unique
    return res
