"""Generic consistency checks on a report's answers (field id -> value).

The template engine calls these with the answers of a report and the field ids
its template declares as contrast-dependent, level-valued, required, etc.  Each
check returns :class:`RuleMessage` objects naming the fields involved (one
message per field, so the form can show each next to its field).

* :func:`contrast_dependent_answers` - an answer that needs contrast (enhancement,
  enhancing lesion count...) given when no contrast was injected.  Answers such
  as "not assessed" are the right answer then and are not flagged.
* :func:`level_outside_region` / :func:`levels_outside_region` - a spinal level
  outside the report's region, or not a level at all.
* :func:`comparison_wording` - wording that implies a comparison ("new",
  "unchanged", "stable", "increased", "interval", "nouvelle", "inchangé",
  "depuis l'examen"...) in free text, or a positive "new lesion" count, when
  there is no prior exam.  "Increased T2 signal" / "signal T2 augmenté" describe
  signal, not change, and follow-up advice ("a new MRI", "une nouvelle IRM") is
  not a comparison: both are ignored.
* :func:`missing_required` - required fields left empty.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sized

from radreport.domain.rules.levels import REGION_LABELS, SpineRegion, level_in_region, parse_level
from radreport.domain.rules.levels import spine_region as _spine_region
from radreport.domain.rules.messages import Label, RuleMessage, Severity, define
from radreport.domain.study import BodyRegion

__all__ = [
    "DEFAULT_NEUTRAL_ANSWERS",
    "comparison_wording",
    "contrast_dependent_answers",
    "find_comparison_wording",
    "is_empty",
    "level_outside_region",
    "levels_outside_region",
    "missing_required",
]

_CONTRAST = define(
    "consistency.contrast_answer_without_contrast",
    Severity.WARNING,
    "This answer depends on contrast enhancement, but no contrast was given.",
    "Cette réponse suppose l'injection d'un produit de contraste, mais aucun n'a été injecté.",
)
_LEVEL_INVALID = define(
    "consistency.level_invalid",
    Severity.ERROR,
    "“{value}” is not a valid spinal level (e.g. C5, T12, L5-S1).",
    "« {value} » n'est pas un niveau rachidien valide (p. ex. C5, T12, L5-S1).",
)
_LEVEL_OUTSIDE = define(
    "consistency.level_outside_region",
    Severity.WARNING,
    "{level} is outside the region of this report ({region}).",
    "{level} est situé hors de la région visée par ce rapport ({region}).",
)
_COMPARISON_WORDING = define(
    "consistency.comparison_wording_without_prior",
    Severity.WARNING,
    "Comparison wording ({words}) but no prior exam is recorded.",
    "Termes de comparaison ({words}) alors qu'aucun examen antérieur n'est indiqué.",
)
_NEW_COUNT = define(
    "consistency.new_lesions_without_prior",
    Severity.WARNING,
    "New lesions are counted ({count}) but no prior exam is recorded.",
    "De nouvelles lésions sont dénombrées ({count}) alors qu'aucun examen antérieur n'est indiqué.",
)
_REQUIRED = define(
    "consistency.required_field_empty",
    Severity.ERROR,
    "Required field left empty.",
    "Champ obligatoire non rempli.",
)

DEFAULT_NEUTRAL_ANSWERS: frozenset[str] = frozenset(
    {
        "not_assessed",
        "not assessed",
        "not_assessable",
        "not assessable",
        "not_applicable",
        "not applicable",
        "n/a",
        "na",
        "non évalué",
        "non évaluable",
        "sans objet",
    }
)
"""Answers that say "could not be assessed": correct when no contrast was given."""


def is_empty(value: object) -> bool:
    """None, blank text and empty collections are empty; 0 and False are answers."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, Sized) and not isinstance(value, bytes | bytearray):
        return len(value) == 0
    return False


# ---------------------------------------------------------------------------
# (a) contrast


def contrast_dependent_answers(
    answers: Mapping[str, object],
    contrast_fields: Iterable[str],
    contrast_given: bool,
    *,
    neutral_values: Iterable[str] = DEFAULT_NEUTRAL_ANSWERS,
) -> list[RuleMessage]:
    """A warning for each contrast-dependent field answered although no contrast was given."""
    if contrast_given:
        return []
    neutral = {v.strip().lower() for v in neutral_values}
    messages: list[RuleMessage] = []
    for field_id in dict.fromkeys(contrast_fields):
        value = answers.get(field_id)
        if is_empty(value):
            continue
        if isinstance(value, str) and value.strip().lower() in neutral:
            continue
        messages.append(_CONTRAST.make((field_id,)))
    return messages


# ---------------------------------------------------------------------------
# (b) levels


def level_outside_region(
    field_id: str, level: object, region: SpineRegion | BodyRegion | str
) -> list[RuleMessage]:
    """An error if ``level`` is not a spinal level, a warning if outside ``region``.

    Empty values give nothing (see :func:`missing_required`).  ValueError if
    ``region`` is not a spinal region.
    """
    target = _spine_region(region)
    if is_empty(level):
        return []
    if not isinstance(level, str):
        return [_LEVEL_INVALID.make((field_id,), value=str(level))]
    try:
        parsed = parse_level(level)
    except ValueError:
        return [_LEVEL_INVALID.make((field_id,), value=level.strip())]
    if level_in_region(parsed, target):
        return []
    return [
        _LEVEL_OUTSIDE.make((field_id,), level=str(parsed), region=REGION_LABELS[target].lower())
    ]


def levels_outside_region(
    answers: Mapping[str, object],
    level_fields: Iterable[str],
    region: SpineRegion | BodyRegion | str,
) -> list[RuleMessage]:
    """:func:`level_outside_region` for each level field; a value may be a list of levels."""
    messages: list[RuleMessage] = []
    for field_id in dict.fromkeys(level_fields):
        value = answers.get(field_id)
        values: Iterable[object] = (
            value if isinstance(value, list | tuple | set | frozenset) else (value,)
        )
        for item in values:
            messages += level_outside_region(field_id, item, region)
    return messages


# ---------------------------------------------------------------------------
# (c) comparison wording

_APOS = "['’]"
_FLAGS = re.IGNORECASE
_IGNORED = [
    re.compile(p, _FLAGS)
    for p in (
        # signal descriptions, not change over time
        r"\b(?:increased|decreased)\s+(?:(?:t1|t2\*?|flair|stir|dwi|diffusion)\s+)?"
        r"(?:signal|intensity)\b",
        r"\b(?:hyper|hypo)?signal(?:\s+(?:t1|t2\*?|flair|stir))?\s+(?:augment|diminu)[ée]e?s?\b",
        r"\bintensit[ée](?:\s+de)?(?:\s+signal)?\s+(?:augment|diminu)[ée]e?s?\b",
        # follow-up advice, not comparison
        r"\bnew\s+(?:mri|mr|exam(?:ination)?|scan|study|imaging)\b",
        r"\bnouv(?:eau|el|elle)\s+(?:irm|examen|contr[ôo]le|imagerie|[ée]tude)\b",
    )
]
_TERMS = re.compile(
    "|".join(
        (
            r"\bnew(?:ly)?\b",
            r"\bunchanged\b",
            r"\bstables?\b",
            r"\b(?:increased|decreased)\b",
            r"\binterval\b",
            r"\bpreviously\b",
            r"\b(?:since|compared\s+(?:with|to))\s+(?:the\s+)?(?:prior|previous|last|preceding)\b",
            r"\bnouv(?:eaux?|el|elles?)\b",
            r"\binchang[ée]e?s?\b",
            r"\baugment[ée]e?s?\b",
            r"\bdiminu[ée]e?s?\b",
            r"\ben\s+(?:augmentation|diminution|progression|r[ée]gression)\b",
            rf"\bdepuis\s+(?:l{_APOS}\s*|le\s+|la\s+)"
            r"(?:derni[eè]re?\s+|pr[ée]c[ée]dente?\s+)?(?:examen|irm|[ée]tude)\b",
            rf"\bpar\s+rapport\s+(?:[àa]\s+l{_APOS}\s*|au\s+|[àa]\s+la\s+)"
            r"(?:examen|irm|[ée]tude)\b",
        )
    ),
    _FLAGS,
)


def find_comparison_wording(text: str) -> list[str]:
    """The words in ``text`` that imply a comparison, lower-cased, first occurrence order."""
    masked = text
    for pattern in _IGNORED:
        masked = pattern.sub(lambda m: " " * len(m.group(0)), masked)
    found: dict[str, None] = {}
    for m in _TERMS.finditer(masked):
        found.setdefault(" ".join(m.group(0).lower().split()), None)
    return list(found)


def _positive_count(value: object) -> int | None:
    if value is True:
        return 1
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and value > 0:
        return value
    if isinstance(value, str) and value.strip().isdigit() and int(value) > 0:
        return int(value)
    return None


def comparison_wording(
    answers: Mapping[str, object],
    comparison_available: bool,
    *,
    text_fields: Iterable[str] | None = None,
    new_count_fields: Iterable[str] = (),
) -> list[RuleMessage]:
    """Warnings for comparison wording or new-lesion counts when there is no prior exam.

    ``text_fields`` limits the scan to those fields (default: every text answer).
    A ``new_count_fields`` value counts when it is a positive integer (or True).
    """
    if comparison_available:
        return []
    messages: list[RuleMessage] = []
    ids = list(answers) if text_fields is None else list(dict.fromkeys(text_fields))
    for field_id in ids:
        value = answers.get(field_id)
        if not isinstance(value, str):
            continue
        words = find_comparison_wording(value)
        if words:
            quoted = Label(", ".join(f"“{w}”" for w in words), ", ".join(f"« {w} »" for w in words))
            messages.append(_COMPARISON_WORDING.make((field_id,), words=quoted))
    for field_id in dict.fromkeys(new_count_fields):
        count = _positive_count(answers.get(field_id))
        if count is not None:
            messages.append(_NEW_COUNT.make((field_id,), count=count))
    return messages


# ---------------------------------------------------------------------------
# (d) required


def missing_required(answers: Mapping[str, object], required: Iterable[str]) -> list[RuleMessage]:
    """An error for each required field that is absent or empty (see :func:`is_empty`)."""
    return [
        _REQUIRED.make((field_id,))
        for field_id in dict.fromkeys(required)
        if is_empty(answers.get(field_id))
    ]
