"""Render a template's jinja2 text into a structured ReportText.

The jinja2 files only *call* builder blocks (``section``, ``paragraph``,
``sentence``, ``fixed``, ``impression``, ``mimic_found``); the builder collects
sentences with the field ids that produced them.  The rendered string itself is
discarded, and any non-blank text outside a sentence is a template error, so no
text reaches the report without its source fields.  User answers are passed as
data: jinja2 never parses them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Template as JinjaTemplate
from jinja2 import TemplateError as JinjaError

from radreport.domain.report import (
    ALS_SUPPORTIVE,
    COMPARISON,
    IMPRESSION,
    INCIDENTAL,
    INDICATION,
    TECHNIQUE,
    Paragraph,
    ReportText,
    Section,
    Sentence,
)
from radreport.domain.rules.levels import segments_spanned
from radreport.domain.rules.messages import french_typography
from radreport.domain.rules.spine import classify_ap_canal
from radreport.domain.study import BodyRegion, Plane, SequenceFamily, Study
from radreport.domain.templates import RuleResults, Template
from radreport.domain.templates.answers import is_blank
from radreport.services.template_files import FileProblem, TemplateError
from radreport.services.template_format import NBSP, Formatter, lc

SECTION_TITLES: dict[str, tuple[str, str]] = {
    INDICATION: ("Clinical indication", "Renseignements cliniques"),
    COMPARISON: ("Comparison", "Comparaison"),
    TECHNIQUE: ("Technique", "Technique"),
    "findings_brain": ("Findings: brain", "Constatations : encéphale"),
    "findings_cervical": ("Findings: cervical spine", "Constatations : colonne cervicale"),
    "findings_thoracic": ("Findings: thoracic spine", "Constatations : colonne dorsale"),
    "findings_lumbar": ("Findings: lumbar spine", "Constatations : colonne lombaire"),
    INCIDENTAL: ("Incidental and other findings", "Trouvailles fortuites et autres constatations"),
    ALS_SUPPORTIVE: (
        "Findings sometimes seen in ALS (non-specific)",
        "Signes parfois observés dans la SLA (non spécifiques)",
    ),
    IMPRESSION: ("Impression", "Conclusion"),
}
WRITABLE = frozenset(
    {"findings_brain", "findings_cervical", "findings_thoracic", "findings_lumbar"}
    | {INCIDENTAL, ALS_SUPPORTIVE, IMPRESSION}
)
ALS_CAVEAT = (
    "These findings are non-specific: they support but do not establish a diagnosis of ALS. "
    "Isolated corticospinal tract hyperintensity and precentral cortical hypointensity occur "
    "in healthy people, and anterior horn signal (“snake eyes”) also occurs in spondylotic "
    "myelopathy, anterior spinal artery infarction and Hirayama disease.",
    "Ces signes ne sont pas spécifiques : ils sont compatibles avec une SLA mais ne permettent "
    "pas d'en poser le diagnostic. Un hypersignal isolé des faisceaux corticospinaux et un "
    "hyposignal du cortex précentral s'observent chez des sujets sains, et l'hypersignal des "
    "cornes antérieures (« yeux de serpent ») se voit aussi dans la myélopathie cervicarthrosique, "
    "l'infarctus de l'artère spinale antérieure et la maladie de Hirayama.",
)


class RenderError(Exception):
    """A template bug found while rendering (not a user error)."""


@dataclass
class TextUnit:
    """One compiled jinja2 file and where its text goes."""

    display: str
    region: str | None  # "findings" in this file means findings_<region>
    jinja: JinjaTemplate


_SPACE_BEFORE = re.compile(r"\s+([.,;)])")
_SPACE_AFTER_PAREN = re.compile(r"\(\s+")
_DOUBLE_DOT = re.compile(r"\.\.+$")
_NUMBER_UNIT = re.compile(r"(\d) (mm|cm)\b")


def polish(text: str, lang: str) -> str:
    """Whitespace collapsed, no space before punctuation, capitalised, French typography."""
    s = " ".join(text.split())
    s = _SPACE_BEFORE.sub(r"\1", s)
    s = _SPACE_AFTER_PAREN.sub("(", s)
    s = _DOUBLE_DOT.sub(".", s)
    s = _NUMBER_UNIT.sub("\\1" + NBSP + "\\2", s)  # never break "6.5 | mm" across lines
    if s[:1].islower():
        s = s[0].upper() + s[1:]
    if lang == "fr":
        s = french_typography(re.sub(r"\s*([:;])", r" \1", s)).replace(" ;", NBSP + ";")
    return s.strip()


@dataclass
class _Section:
    paragraphs: list[list[Sentence]] = field(default_factory=list)


class Builder:
    """Collects sentences from the sandboxed text; one per render."""

    def __init__(self, template: Template, lang: str) -> None:
        self.template = template
        self.lang = lang
        self.sections: dict[str, _Section] = {}
        self.mimic: list[Sentence] = []
        self._section: str | None = None
        self._para: list[Sentence] | None = None
        self._mimic_open = False
        self.unit: TextUnit | None = None

    # -- helpers -------------------------------------------------------------
    def _fail(self, message: str) -> RenderError:
        where = self.unit.display if self.unit else "?"
        return RenderError(f"{where}: {message}")

    def _body(self, caller: Callable[[], str] | None, what: str) -> None:
        if caller is None:
            raise self._fail(f"{what}() must be used as {{% call {what}(...) %}}...{{% endcall %}}")
        stray = caller().strip()
        if stray:
            raise self._fail(f"text outside a sentence() block in {what}(): {stray[:60]!r}")

    def _section_id(self, section_id: str) -> str:
        if section_id == "findings":
            region = self.unit.region if self.unit else None
            if region is None:
                raise self._fail(
                    'section("findings") needs a module region: use "findings_<region>"'
                )
            section_id = f"findings_{region}"
        if section_id not in WRITABLE:
            raise self._fail(
                f"unknown section {section_id!r} (allowed: {', '.join(sorted(WRITABLE))})"
            )
        return section_id

    def _add(self, sentence: Sentence) -> None:
        if self._mimic_open:
            self.mimic.append(sentence)
            return
        if self._section is None:
            raise self._fail("sentence() outside a section() block")
        if self._para is None:
            self._para = []
            self.sections[self._section].paragraphs.append(self._para)
        self._para.append(sentence)

    # -- blocks called from jinja2 --------------------------------------------
    def section(self, section_id: str, caller: Callable[[], str] | None = None) -> str:
        sid = self._section_id(section_id)
        saved = (self._section, self._para)
        self._section, self._para = sid, None
        self.sections.setdefault(sid, _Section())
        try:
            self._body(caller, "section")
        finally:
            self._section, self._para = saved
        return ""

    def paragraph(self, caller: Callable[[], str] | None = None) -> str:
        if self._section is None:
            raise self._fail("paragraph() outside a section() block")
        saved = self._para
        self._para = []
        self.sections[self._section].paragraphs.append(self._para)
        try:
            self._body(caller, "paragraph")
        finally:
            self._para = saved
        return ""

    def impression(self, caller: Callable[[], str] | None = None) -> str:
        saved = (self._section, self._para)
        self._section, self._para = IMPRESSION, []
        self.sections.setdefault(IMPRESSION, _Section()).paragraphs.append(self._para)
        try:
            self._body(caller, "impression")
        finally:
            self._section, self._para = saved
        return ""

    def mimic_found(self, caller: Callable[[], str] | None = None) -> str:
        self._mimic_open = True
        try:
            self._body(caller, "mimic_found")
        finally:
            self._mimic_open = False
        return ""

    def sentence(
        self, *fields: str, item: int | None = None, caller: Callable[[], str] | None = None
    ) -> str:
        if caller is None:
            raise self._fail("sentence() must be used as {% call sentence(...) %}...{% endcall %}")
        if not fields:
            raise self._fail(
                "sentence() needs at least one field id (use fixed() for fixed wording)"
            )
        refs: list[str] = []
        for ref in fields:
            if not isinstance(ref, str) or self.template.field(ref) is None:
                raise self._fail(f"sentence(): unknown field {ref!r}")
            if item is not None and "." in ref:
                group, child = ref.split(".", 1)
                ref = f"{group}[{int(item)}].{child}"
            refs.append(ref)
        text = polish(caller(), self.lang)
        if text:
            self._add(Sentence(text, tuple(refs)))
        return ""

    def fixed(self, caller: Callable[[], str] | None = None) -> str:
        if caller is None:
            raise self._fail("fixed() must be used as {% call fixed() %}...{% endcall %}")
        text = polish(caller(), self.lang)
        if text:
            self._add(Sentence(text, ()))
        return ""


class _Answers(Mapping[str, Any]):
    """``a.<id>`` in templates: a misspelt id is an error, not a silent None."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self._values = values

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __getattr__(self, key: str) -> Any:
        if key.startswith("_"):
            raise AttributeError(key)
        try:
            return self._values[key]
        except KeyError:
            raise AttributeError(f"no field {key!r} in this template") from None

    def __iter__(self) -> Any:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


def _canal_category(diameter_mm: Any) -> str:
    """Spine text helper: cervical AP canal category id ("normal", "relative_stenosis",
    "absolute_stenosis") from radreport.domain.rules.spine; "" when not a plausible value."""
    try:
        return classify_ap_canal(diameter_mm).value
    except ValueError:
        return ""


def _segments(level_range: Any) -> int:
    """Spine text helper: vertebral segments spanned by a level range ({from, to}); 0 if none."""
    if not isinstance(level_range, dict):
        return 0
    try:
        return segments_spanned(level_range["from"], level_range["to"])
    except (KeyError, ValueError):
        return 0


def _context(
    template: Template, values: Mapping[str, Any], rules: RuleResults, lang: str, b: Builder
) -> dict[str, Any]:
    fmt = Formatter(lang)

    def lbl(field_id: str, value: Any = None) -> str:
        f = template.field(field_id)
        if f is None:
            raise b._fail(f"lbl(): unknown field {field_id!r}")
        v = values.get(field_id) if value is None and "." not in field_id else value
        if v is None:
            return ""
        if isinstance(v, list):
            return fmt.join([lbl(field_id, x) for x in v])
        opt = f.option(v)
        return opt.label.get(lang) if opt else str(v)

    def unit(field_id: str) -> str:
        f = template.field(field_id)
        return f.unit.get(lang) if f is not None and f.unit else ""

    return {
        "a": _Answers(values),
        "answered": lambda x: not is_blank(x),
        "lbl": lbl,
        "unit": unit,
        "lc": lc,
        "num": fmt.num,
        "mm": fmt.mm,
        "date": fmt.date,
        "join": fmt.join,
        "lrange": fmt.lrange,
        "canal": _canal_category,
        "segments": _segments,
        "plural": fmt.plural,
        "contrast": rules.contrast_given,
        "comparison": rules.comparison_available,
        "rules": rules.view(lang),
        "lang": lang,
        "section": b.section,
        "paragraph": b.paragraph,
        "sentence": b.sentence,
        "fixed": b.fixed,
        "impression": b.impression,
        "mimic_found": b.mimic_found,
    }


# ---------------------------------------------------------------------------
# Standard sections


_PLANES = {
    Plane.AXIAL: ("axial", "axial"),
    Plane.SAGITTAL: ("sagittal", "sagittal"),
    Plane.CORONAL: ("coronal", "coronal"),
    Plane.OBLIQUE: ("oblique", "oblique"),
}
_FAMILIES = {
    SequenceFamily.T1: ("T1", "T1"),
    SequenceFamily.T1_POST: ("T1 post-gadolinium", "T1 après gadolinium"),
    SequenceFamily.T2: ("T2", "T2"),
    SequenceFamily.FLAIR: ("FLAIR", "FLAIR"),
    SequenceFamily.STIR: ("STIR", "STIR"),
    SequenceFamily.PD: ("proton density", "densité protonique"),
    SequenceFamily.DWI: ("diffusion", "diffusion"),
    SequenceFamily.SWI: ("SWI/T2*", "SWI/T2*"),
    SequenceFamily.OTHER: ("other", "autre"),
}
_REGION_NAMES = {
    "brain": ("brain", "l'encéphale", "Brain", "Encéphale"),
    "cervical": ("cervical spine", "la colonne cervicale", "Cervical spine", "Colonne cervicale"),
    "thoracic": ("thoracic spine", "la colonne dorsale", "Thoracic spine", "Colonne dorsale"),
    "lumbar": ("lumbar spine", "la colonne lombaire", "Lumbar spine", "Colonne lombaire"),
}


def _sequence_name(series: Any, fr: bool) -> str:
    fam = _FAMILIES.get(series.family)
    if fam is None:
        return ""
    name = fam[1] if fr else fam[0]
    three_d = series.is_3d and series.family not in (SequenceFamily.DWI, SequenceFamily.SWI)
    plane = _PLANES.get(series.plane)
    if fr:
        name += " 3D" if three_d else ""
        if plane is None:
            return name
        # "diffusion" is feminine; the other sequence names are used as masculine nouns
        return (
            f"{name} {plane[1]}e" if series.family is SequenceFamily.DWI else f"{name} {plane[1]}"
        )
    name = f"3D {name}" if three_d else name
    return f"{plane[0]} {name}" if plane else name


def technique_sentences(
    template: Template,
    study: Study | None,
    rules: RuleResults,
    lang: str,
    values_contrast: object = None,
) -> list[Sentence]:
    fr = lang == "fr"
    fmt = Formatter(lang)
    regions = [r for r in template.regions if r in _REGION_NAMES]
    # French repeats the preposition: "de l'encéphale et de la colonne cervicale"
    region_text = fmt.join(
        [f"de {_REGION_NAMES[r][1]}" if fr else _REGION_NAMES[r][0] for r in regions]
    )
    out: list[Sentence] = []
    src = ("technique",)
    if study is None:
        text = (
            f"IRM multiséquentielle et multiplanaire {region_text}."
            if fr
            else f"Multisequence, multiplanar MRI of the {region_text}."
        )
        out.append(Sentence(text, src))
    else:
        scanner = " ".join(x for x in (study.manufacturer.strip(), study.model.strip()) if x)
        strength = f"{fmt.num(study.field_strength_t)}{NBSP}T" if study.field_strength_t else ""
        when = f" {'le' if fr else 'on'} {fmt.date(study.date)}" if study.date else ""
        machine = ", ".join(x for x in (scanner, strength) if x)
        if fr:
            text = f"IRM {region_text}{when}" + (f" (appareil {machine})" if machine else "") + "."
        else:
            text = f"MRI of the {region_text}{when}" + (f" ({machine})" if machine else "") + "."
        out.append(Sentence(polish(text, lang), src))
        for r in regions:
            names: list[str] = []
            series = [s for s in study.series if s.region is BodyRegion(r)]
            has_adc = any(s.family is SequenceFamily.ADC for s in series)
            for s in series:
                if s.family in (
                    SequenceFamily.LOCALIZER,
                    SequenceFamily.ADC,
                    SequenceFamily.UNKNOWN,
                ):
                    continue
                name = _sequence_name(s, fr)
                if s.family is SequenceFamily.DWI and has_adc:
                    name += " avec carte ADC" if fr else " with ADC map"
                if name and name not in names:
                    names.append(name)
            label = _REGION_NAMES[r][3 if fr else 2]
            if names:
                out.append(
                    Sentence(
                        polish(f"{label} : {', '.join(names)}.", lang)
                        if fr
                        else f"{label}: {', '.join(names)}.",
                        src,
                    )
                )
            else:
                none = (
                    "aucune série de cette région dans l'examen"
                    if fr
                    else "no series of this region in the study"
                )
                out.append(
                    Sentence(polish(f"{label} : {none}.", lang) if fr else f"{label}: {none}.", src)
                )
        agents = study.contrast_agents
        if agents:
            text = (
                f"Injection intraveineuse de gadolinium ({', '.join(agents)})."
                if fr
                else f"Intravenous gadolinium ({', '.join(agents)})."
            )
            out.append(Sentence(text, ("technique", "contrast")))
    from_study = study is not None and values_contrast is None
    if (
        from_study
        and not (study is not None and study.contrast_agents)
        and rules.contrast_given is False
    ):
        out.append(
            Sentence(
                "Aucune série après injection de gadolinium." if fr else "No post-contrast series.",
                ("technique", "contrast"),
            )
        )
    elif not (study is not None and study.contrast_agents):
        if rules.contrast_given is True:
            out.append(
                Sentence(
                    "Injection intraveineuse de gadolinium."
                    if fr
                    else "Intravenous gadolinium was given.",
                    ("contrast",),
                )
            )
        elif rules.contrast_given is False:
            out.append(
                Sentence(
                    "Aucune injection de produit de contraste."
                    if fr
                    else "No intravenous contrast was given.",
                    ("contrast",),
                )
            )
    return out


def _standard_sections(
    template: Template,
    values: Mapping[str, Any],
    study: Study | None,
    rules: RuleResults,
    lang: str,
) -> list[Section]:
    fr = lang == "fr"
    fmt = Formatter(lang)

    def sec(sid: str, sentences: Sequence[Sentence]) -> Section:
        title = SECTION_TITLES[sid][1 if fr else 0]
        return Section(sid, title, (Paragraph(tuple(sentences)),))

    out: list[Section] = []
    if values.get("indication"):
        out.append(
            sec(INDICATION, [Sentence(polish_user(values["indication"], lang), ("indication",))])
        )
    if values.get("comparison"):
        text = polish_user(values["comparison"], lang)
        fields: tuple[str, ...] = ("comparison",)
        if values.get("comparison_date"):
            text = (
                text.rstrip(".")
                + (" du " if fr else " dated ")
                + fmt.date(values["comparison_date"])
                + "."
            )
            fields = ("comparison", "comparison_date")
        out.append(sec(COMPARISON, [Sentence(text, fields)]))
    else:
        out.append(
            sec(
                COMPARISON,
                [
                    Sentence(
                        "Aucun examen antérieur disponible." if fr else "None available.",
                        ("comparison",),
                    )
                ],
            )
        )
    if values.get("technique"):
        out.append(
            sec(TECHNIQUE, [Sentence(polish_user(values["technique"], lang), ("technique",))])
        )
    else:
        out.append(
            sec(
                TECHNIQUE, technique_sentences(template, study, rules, lang, values.get("contrast"))
            )
        )
    return out


def polish_user(text: str, lang: str) -> str:
    """Typed text: kept as written (line breaks become spaces), with a final full stop."""
    s = " ".join(str(text).split())
    if s and s[-1] not in '.!?…»)"”':
        s += "."
    return s


def _mimic_item(
    template: Template, values: Mapping[str, Any], b: Builder, lang: str
) -> list[Sentence]:
    fr = lang == "fr"
    fmt = Formatter(lang)
    excluded: list[tuple[str, str]] = []
    found: list[str] = []
    for ref in template.modules:
        m = ref.module
        if m.mimic is None:
            continue
        gate = values.get(m.mimic.gate)
        if gate == "no":
            excluded.append((m.mimic.name.get(lang), m.mimic.gate))
        elif gate == "yes":
            found.append(m.mimic.gate)
    out = list(b.mimic)
    if excluded:
        names = [n for n, _ in excluded]
        gates = tuple(g for _, g in excluded)
        # "Absence de X, de Y et de Z": each French name carries its own "de/d'"
        text = "Absence " + fmt.join(names, "and") if fr else "No " + fmt.join(names, "or")
        if not found and not b.mimic:
            text += (
                # limited to what this examination covers: a brain MRI cannot exclude
                # a cervical cause, so never "no alternative diagnosis" outright
                " : aucune autre cause des signes moteurs n'est mise en évidence à cet examen."
                if fr
                else ": no alternative cause of the motor signs is shown on this examination."
            )
        else:
            text += "."
        out.append(Sentence(polish(text, lang), gates))
    if not out:
        out.append(
            Sentence(
                "Aucun module de recherche d'un autre diagnostic n'a été rempli."
                if fr
                else "No alternative-diagnosis (mimic) module was completed.",
                (),
            )
        )
    return out


def build_report(
    template: Template,
    units: Sequence[TextUnit],
    values: Mapping[str, Any],
    rules: RuleResults,
    study: Study | None,
    lang: str,
) -> ReportText:
    b = Builder(template, lang)
    ctx = _context(template, values, rules, lang, b)
    for unit in units:
        b.unit = unit
        try:
            stray = unit.jinja.render(ctx).strip()
        except RenderError:
            raise
        except JinjaError as exc:
            line = getattr(exc, "lineno", None)
            raise TemplateError(
                [FileProblem(unit.display, line, f"{type(exc).__name__}: {exc}")]
            ) from None
        except (
            TypeError,
            ValueError,
            AttributeError,
            KeyError,
            IndexError,
            ZeroDivisionError,
        ) as exc:
            raise RenderError(f"{unit.display}: {type(exc).__name__}: {exc}") from None
        if stray:
            raise RenderError(
                f"{unit.display}: text outside a section()/sentence() block: {stray[:60]!r}"
            )
    fr = lang == "fr"
    sections = _standard_sections(template, values, study, rules, lang)
    for region in template.regions:
        sid = f"findings_{region}"
        s = b.sections.get(sid)
        if s is not None and any(s.paragraphs):
            sections.append(_section(sid, s.paragraphs, lang))
    inc = b.sections.get(INCIDENTAL, _Section())
    paras = [p for p in inc.paragraphs if p]
    if values.get("additional_findings"):
        paras.append(
            [Sentence(polish_user(values["additional_findings"], lang), ("additional_findings",))]
        )
    if paras:
        sections.append(_section(INCIDENTAL, paras, lang))
    als = b.sections.get(ALS_SUPPORTIVE)
    if als is not None and any(als.paragraphs):
        caveat = [Sentence(french_typography(ALS_CAVEAT[1]) if fr else ALS_CAVEAT[0], ())]
        # secondary and non-specific: never styled to stand out more than the findings
        sections.append(_section(ALS_SUPPORTIVE, [*als.paragraphs, caveat], lang))
    items = [_mimic_item(template, values, b, lang)]
    items += [p for p in b.sections.get(IMPRESSION, _Section()).paragraphs if p]
    sections.append(_section(IMPRESSION, items, lang, numbered=True, emphasis=True))
    return ReportText(
        language=lang,
        title=template.title.get(lang),
        sections=tuple(sections),
        template_id=template.id,
        template_version=template.version,
    )


def _section(
    sid: str,
    paragraphs: Sequence[Sequence[Sentence]],
    lang: str,
    *,
    numbered: bool = False,
    emphasis: bool = False,
) -> Section:
    title = SECTION_TITLES[sid][1 if lang == "fr" else 0]
    return Section(
        sid,
        title,
        tuple(Paragraph(tuple(p)) for p in paragraphs if p),
        numbered=numbered,
        emphasis=emphasis,
    )
