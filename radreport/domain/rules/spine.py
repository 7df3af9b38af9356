"""Degenerative spine grading: Kang, cervical AP canal diameter, Kim, Schizas, Lee.

* Kang et al., AJR 2011 (cervical central canal): 0 no narrowing; 1 > 50 %
  obliteration of the subarachnoid space without cord deformity; 2 cord
  deformity without signal change; 3 cord T2 hyperintensity near the compressed
  level.  Consistency: grade 3 requires a cord T2 signal change and a cord T2
  signal change at a narrowed level means grade 3.  A signal change where the
  canal is *not* narrowed (grade 0) is not compressive and points to another
  cause, which matters in the ALS work-up (demyelination, myelitis...).
* Cervical AP canal diameter (about 17 mm normal; 10-13 mm relative; < 10 mm
  absolute stenosis).  Boundaries: ``< 10`` absolute, ``10 <= d <= 13``
  relative, ``> 13`` normal; so 10.0 and 13.0 are relative, 9.9 absolute and
  13.1 normal.
* Kim et al., Korean J Radiol 2015 (foramina, axial): 0 foramen wider than the
  root; 1 narrower but > 50 % of the root width; 2 <= 50 %.
* Lumbar central canal: Schizas et al. 2010 (A-D) or Lee et al. 2011 (0-3).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from enum import IntEnum, StrEnum

from radreport.domain.rules.levels import (
    REGION_LABELS,
    DiscLevel,
    LevelLike,
    SpineRegion,
    disc_levels_for_region,
    parse_disc_level,
    parse_level,
    spine_region,
)
from radreport.domain.rules.messages import Label, RuleMessage, Severity, define
from radreport.domain.study import BodyRegion

__all__ = [
    "AP_ABSOLUTE_BELOW_MM",
    "AP_RELATIVE_MAX_MM",
    "ApCanalCategory",
    "CordSignal",
    "KangGrade",
    "KimGrade",
    "LeeGrade",
    "SchizasGrade",
    "check_disc_level",
    "classify_ap_canal",
    "disc_level_valid_for_region",
    "kang_consistency",
]


# ---------------------------------------------------------------------------
# Kang


class KangGrade(IntEnum):
    NONE = 0
    SUBARACHNOID_OBLITERATION = 1
    CORD_DEFORMITY = 2
    CORD_SIGNAL_CHANGE = 3

    @property
    def label(self) -> Label:
        return _KANG_LABELS[self]

    @classmethod
    def parse(cls, value: int | str) -> KangGrade:
        return KangGrade(_grade(value, "Kang grade", 0, 3))


_KANG_LABELS: dict[KangGrade, Label] = {
    KangGrade.NONE: Label("No canal narrowing", "Aucun rétrécissement canalaire"),
    KangGrade.SUBARACHNOID_OBLITERATION: Label(
        "Obliteration of more than 50% of the subarachnoid space, without cord deformity",
        "Effacement de plus de 50 % de l'espace sous-arachnoïdien, sans déformation médullaire",
    ),
    KangGrade.CORD_DEFORMITY: Label(
        "Cord deformity, without cord signal change",
        "Déformation de la moelle, sans anomalie de signal médullaire",
    ),
    KangGrade.CORD_SIGNAL_CHANGE: Label(
        "Cord T2 hyperintensity at the compressed level",
        "Hypersignal T2 médullaire en regard de la compression",
    ),
}


class CordSignal(StrEnum):
    """Cord T2 signal at a level, as the template asks it (none / faint / intense)."""

    NONE = "none"
    FAINT = "faint"
    INTENSE = "intense"

    @property
    def label(self) -> Label:
        return _CORD_SIGNAL_LABELS[self]


_CORD_SIGNAL_LABELS: dict[CordSignal, Label] = {
    CordSignal.NONE: Label("No cord signal change", "Aucune anomalie de signal médullaire"),
    CordSignal.FAINT: Label("Faint cord T2 hyperintensity", "Discret hypersignal T2 médullaire"),
    CordSignal.INTENSE: Label("Intense cord T2 hyperintensity", "Franc hypersignal T2 médullaire"),
}

_KANG3_WITHOUT_SIGNAL = define(
    "spine.kang3_without_cord_signal",
    Severity.WARNING,
    "{level}: Kang grade 3 requires a cord T2 signal change, but none is recorded.",
    "{level} : un grade 3 de Kang suppose un hypersignal T2 médullaire, mais aucun n'est indiqué.",
)
_SIGNAL_REQUIRES_KANG3 = define(
    "spine.cord_signal_requires_kang3",
    Severity.WARNING,
    "{level}: a cord T2 signal change at a narrowed level is Kang grade 3 "
    "(grade recorded: {grade}).",
    "{level} : un hypersignal T2 médullaire à un niveau rétréci correspond à un grade 3 de "
    "Kang (grade indiqué : {grade}).",
)
_SIGNAL_WITHOUT_NARROWING = define(
    "spine.cord_signal_without_narrowing",
    Severity.WARNING,
    "{level}: cord T2 signal change without canal narrowing (Kang 0) is not explained by "
    "compression; consider another cause (demyelination, myelitis, ischaemia, tumour).",
    "{level} : un hypersignal T2 médullaire sans rétrécissement canalaire (Kang 0) n'est "
    "pas expliqué par une compression. Envisager une autre cause (démyélinisation, myélite, "
    "ischémie, tumeur).",
)


def _grade(value: object, name: str, low: int, high: int) -> int:
    """An int grade from an int or digit text; ValueError outside ``low..high``."""
    if isinstance(value, bool):
        raise ValueError(f"{name} must be a whole number from {low} to {high}, not {value!r}")
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        value = int(value.strip())
    if not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{name} must be a whole number from {low} to {high}, not {value!r}")
    return value


def _cord_signal(value: CordSignal | str | bool | None) -> bool | None:
    """True if a cord T2 signal change is recorded, False if "none", None if unanswered."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if not text:
        return None
    try:
        return CordSignal(text) is not CordSignal.NONE
    except ValueError:
        raise ValueError(
            f"cord T2 signal must be one of none, faint, intense, not {value!r}"
        ) from None


def _level_text(level: LevelLike) -> str:
    try:
        return str(parse_level(level))
    except ValueError:
        return str(level)


def kang_consistency(
    level: LevelLike,
    kang: int | str | None,
    cord_signal: CordSignal | str | bool | None,
    *,
    kang_field: str = "kang_grade",
    signal_field: str = "cord_t2_signal",
) -> list[RuleMessage]:
    """Warnings when the Kang grade and the cord T2 signal at one level disagree.

    ``cord_signal`` is a :class:`CordSignal` (or its text), or a bool (signal change
    present).  ``None`` or ``""`` (unanswered) on either side skips the check.
    Raises ValueError for a grade outside 0-3 or an unknown signal value.
    """
    if kang is None or (isinstance(kang, str) and not kang.strip()):
        return []
    grade = KangGrade.parse(kang)
    signal = _cord_signal(cord_signal)
    if signal is None:
        return []
    fields = (kang_field, signal_field)
    where = _level_text(level)
    if grade is KangGrade.CORD_SIGNAL_CHANGE and not signal:
        return [_KANG3_WITHOUT_SIGNAL.make(fields, level=where)]
    if signal and grade is KangGrade.NONE:
        return [_SIGNAL_WITHOUT_NARROWING.make(fields, level=where)]
    if signal and grade is not KangGrade.CORD_SIGNAL_CHANGE:
        return [_SIGNAL_REQUIRES_KANG3.make(fields, level=where, grade=int(grade))]
    return []


# ---------------------------------------------------------------------------
# Cervical AP canal diameter

AP_ABSOLUTE_BELOW_MM = 10.0
"""A diameter strictly below this is absolute stenosis."""
AP_RELATIVE_MAX_MM = 13.0
"""A diameter from 10 up to and including this is relative stenosis; above it, normal."""
_AP_PLAUSIBLE_MAX_MM = 30.0


class ApCanalCategory(StrEnum):
    NORMAL = "normal"
    RELATIVE_STENOSIS = "relative_stenosis"
    ABSOLUTE_STENOSIS = "absolute_stenosis"

    @property
    def label(self) -> Label:
        return _AP_LABELS[self]


_AP_LABELS: dict[ApCanalCategory, Label] = {
    ApCanalCategory.NORMAL: Label(
        "Normal AP canal diameter (> 13 mm)", "Diamètre antéropostérieur du canal normal (> 13 mm)"
    ),
    ApCanalCategory.RELATIVE_STENOSIS: Label(
        "Relative canal stenosis (AP diameter 10 to 13 mm)",
        "Sténose canalaire relative (diamètre antéropostérieur de 10 à 13 mm)",
    ),
    ApCanalCategory.ABSOLUTE_STENOSIS: Label(
        "Absolute canal stenosis (AP diameter < 10 mm)",
        "Sténose canalaire absolue (diamètre antéropostérieur < 10 mm)",
    ),
}


def classify_ap_canal(diameter_mm: float) -> ApCanalCategory:
    """Category of the narrowest cervical AP canal diameter (see module docstring).

    ValueError for a non-number, a non-finite value, <= 0 or > 30 mm (implausible,
    probably a typing error such as 130 for 13.0).
    """
    if isinstance(diameter_mm, bool) or not isinstance(diameter_mm, int | float):
        raise ValueError(f"AP canal diameter must be a number of millimetres, not {diameter_mm!r}")
    if not math.isfinite(diameter_mm) or diameter_mm <= 0:
        raise ValueError(f"AP canal diameter must be a positive number of mm, not {diameter_mm}")
    if diameter_mm > _AP_PLAUSIBLE_MAX_MM:
        raise ValueError(
            f"AP canal diameter {diameter_mm} mm is implausible (more than "
            f"{_AP_PLAUSIBLE_MAX_MM:g} mm): check the value"
        )
    if diameter_mm < AP_ABSOLUTE_BELOW_MM:
        return ApCanalCategory.ABSOLUTE_STENOSIS
    if diameter_mm <= AP_RELATIVE_MAX_MM:
        return ApCanalCategory.RELATIVE_STENOSIS
    return ApCanalCategory.NORMAL


# ---------------------------------------------------------------------------
# Foramina and lumbar canal


class KimGrade(IntEnum):
    NONE = 0
    MILD = 1
    SEVERE = 2

    @property
    def label(self) -> Label:
        return _KIM_LABELS[self]

    @classmethod
    def parse(cls, value: int | str) -> KimGrade:
        return KimGrade(_grade(value, "Kim foraminal grade", 0, 2))


_KIM_LABELS: dict[KimGrade, Label] = {
    KimGrade.NONE: Label(
        "No foraminal stenosis: the foramen is wider than the nerve root",
        "Aucune sténose foraminale : le foramen est plus large que la racine",
    ),
    KimGrade.MILD: Label(
        "Foramen narrower than the nerve root but more than 50% of its width",
        "Foramen plus étroit que la racine, mais de plus de 50 % de sa largeur",
    ),
    KimGrade.SEVERE: Label(
        "Foramen 50% of the nerve root width or less",
        "Foramen égal ou inférieur à 50 % de la largeur de la racine",
    ),
}


class SchizasGrade(StrEnum):
    A = "A"
    B = "B"
    C = "C"
    D = "D"

    @property
    def label(self) -> Label:
        return _SCHIZAS_LABELS[self]

    @classmethod
    def parse(cls, value: str) -> SchizasGrade:
        text = str(value).strip().upper()
        # Schizas subgrades A1-A4 are all grade A
        if len(text) == 2 and text[0] == "A" and text[1] in "1234":
            text = "A"
        try:
            return SchizasGrade(text)
        except ValueError:
            raise ValueError(f"Schizas grade must be A, B, C or D, not {value!r}") from None


_SCHIZAS_LABELS: dict[SchizasGrade, Label] = {
    SchizasGrade.A: Label(
        "Grade A: CSF clearly visible inside the dural sac",
        "Grade A : LCR clairement visible dans le sac dural",
    ),
    SchizasGrade.B: Label(
        "Grade B: rootlets fill the dural sac but can still be told apart; some CSF visible",
        "Grade B : les radicelles occupent tout le sac dural mais restent individualisables, "
        "avec un peu de LCR visible",
    ),
    SchizasGrade.C: Label(
        "Grade C: no rootlets recognisable, homogeneous grey dural sac; posterior epidural "
        "fat present",
        "Grade C : radicelles non individualisables, sac dural d'aspect homogène, graisse "
        "épidurale postérieure présente",
    ),
    SchizasGrade.D: Label(
        "Grade D: no rootlets recognisable and no posterior epidural fat",
        "Grade D : radicelles non individualisables et absence de graisse épidurale postérieure",
    ),
}


class LeeGrade(IntEnum):
    NONE = 0
    MILD = 1
    MODERATE = 2
    SEVERE = 3

    @property
    def label(self) -> Label:
        return _LEE_LABELS[self]

    @classmethod
    def parse(cls, value: int | str) -> LeeGrade:
        return LeeGrade(_grade(value, "Lee grade", 0, 3))


_LEE_LABELS: dict[LeeGrade, Label] = {
    LeeGrade.NONE: Label(
        "Grade 0: no stenosis, anterior CSF space preserved",
        "Grade 0 : aucune sténose, espace antérieur du LCR préservé",
    ),
    LeeGrade.MILD: Label(
        "Grade 1, mild: anterior CSF space mildly obliterated, all cauda equina roots "
        "clearly separated",
        "Grade 1, légère : espace antérieur du LCR légèrement effacé, toutes les racines de la "
        "queue de cheval bien distinctes",
    ),
    LeeGrade.MODERATE: Label(
        "Grade 2, moderate: some cauda equina roots aggregated and impossible to separate",
        "Grade 2, modérée : certaines racines de la queue de cheval sont agglutinées et ne "
        "peuvent être distinguées",
    ),
    LeeGrade.SEVERE: Label(
        "Grade 3, severe: no separation, the cauda equina appears as one bundle",
        "Grade 3, sévère : aucune séparation, la queue de cheval forme un seul faisceau",
    ),
}


# ---------------------------------------------------------------------------
# Disc level versus template region

_DISC_INVALID = define(
    "spine.disc_level_invalid",
    Severity.ERROR,
    "“{value}” is not a valid disc level (e.g. C5-C6).",
    "« {value} » n'est pas un niveau discal valide (p. ex. C5-C6).",
)
_DISC_OUTSIDE_REGION = define(
    "spine.disc_level_outside_region",
    Severity.WARNING,
    "{level} is not a disc level of this report's region ({region}: {first} to {last}).",
    "{level} ne fait pas partie des niveaux discaux de la région du rapport ({region} : "
    "de {first} à {last}).",
)


def disc_level_valid_for_region(
    level: str | DiscLevel, region: SpineRegion | BodyRegion | str
) -> bool:
    """True when ``level`` is a disc level listed in the region's template.

    ValueError when ``level`` is not a disc level or ``region`` has no disc list.
    """
    return parse_disc_level(level) in disc_levels_for_region(region)


def check_disc_level(
    level: str | DiscLevel,
    region: SpineRegion | BodyRegion | str,
    *,
    field: str = "level",
) -> list[RuleMessage]:
    """Messages when a template's disc level field is invalid or outside its region."""
    try:
        disc = parse_disc_level(level)
    except ValueError:
        return [_DISC_INVALID.make((field,), value=str(level))]
    target = spine_region(region)
    allowed: Sequence[DiscLevel] = disc_levels_for_region(target)
    if disc in allowed:
        return []
    return [
        _DISC_OUTSIDE_REGION.make(
            (field,),
            level=str(disc),
            region=REGION_LABELS[target].lower(),
            first=str(allowed[0]),
            last=str(allowed[-1]),
        )
    ]
