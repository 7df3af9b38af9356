"""McDonald MRI criteria for dissemination in space and time, and the NMOSD red flag.

What is computed (Thompson et al., Lancet Neurol 2018 - McDonald 2017; Montalban
et al., Lancet Neurol 2025 - McDonald 2024):

* Dissemination in space (DIS): >= 1 T2-hyperintense lesion (>= 3 mm) in >= 2 of
  the regions periventricular, cortical/juxtacortical, infratentorial and spinal
  cord (2017); the 2024 revision adds the optic nerve as a fifth region (2 of 5).
  The version is a choice; the default is 2017 until the templates are reviewed.
* Dissemination in time (DIT) on MRI: simultaneous gadolinium-enhancing and
  non-enhancing lesions (only when contrast was given), or a new T2 or enhancing
  lesion compared with a prior MRI (only when a comparison exists).

What is deliberately *not* computed: oligoclonal bands are never inferred, and
the other 2024 provisions (central vein sign, paramagnetic rim lesions,
situations where DIT is no longer required) are left to the radiologist and the
clinician.  MRI criteria alone never diagnose multiple sclerosis: the messages
say "MRI dissemination in space criteria (McDonald 2017) are met", never "MS".

Tri-state results: ``True`` met, ``False`` not met with the information given,
``None`` cannot be assessed (a needed count is missing, or no contrast and no
prior exam for DIT).  DIS is ``False`` only when even the unassessed regions
could not bring it to 2 regions, so adding lesions never turns "met" into "not
met".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from radreport.domain.rules.levels import LevelLike, parse_level, segments_spanned
from radreport.domain.rules.messages import Label, RuleMessage, Severity, define, join_labels

__all__ = [
    "DEFAULT_VERSION",
    "DIS_MIN_REGIONS",
    "DIS_REGIONS",
    "LETM_MIN_SEGMENTS",
    "MS_REGION_LABELS",
    "DITBasis",
    "MSLesionCounts",
    "MSRegion",
    "McDonaldResult",
    "McDonaldVersion",
    "cord_lesion_red_flags",
    "dissemination_in_space",
    "dissemination_in_time",
    "evaluate_mcdonald",
    "nmosd_red_flag",
]


class McDonaldVersion(StrEnum):
    V2017 = "2017"
    V2024 = "2024"


DEFAULT_VERSION = McDonaldVersion.V2017


class MSRegion(StrEnum):
    PERIVENTRICULAR = "periventricular"
    CORTICAL_JUXTACORTICAL = "cortical_juxtacortical"
    INFRATENTORIAL = "infratentorial"
    SPINAL_CORD = "spinal_cord"
    OPTIC_NERVE = "optic_nerve"


MS_REGION_LABELS: dict[MSRegion, Label] = {
    MSRegion.PERIVENTRICULAR: Label("periventricular", "périventriculaire"),
    MSRegion.CORTICAL_JUXTACORTICAL: Label("cortical/juxtacortical", "corticale/juxtacorticale"),
    MSRegion.INFRATENTORIAL: Label("infratentorial", "sous-tentorielle"),
    MSRegion.SPINAL_CORD: Label("spinal cord", "moelle épinière"),
    MSRegion.OPTIC_NERVE: Label("optic nerve", "nerf optique"),
}

DIS_REGIONS: dict[McDonaldVersion, tuple[MSRegion, ...]] = {
    McDonaldVersion.V2017: (
        MSRegion.PERIVENTRICULAR,
        MSRegion.CORTICAL_JUXTACORTICAL,
        MSRegion.INFRATENTORIAL,
        MSRegion.SPINAL_CORD,
    ),
    McDonaldVersion.V2024: tuple(MSRegion),
}
DIS_MIN_REGIONS = 2
LETM_MIN_SEGMENTS = 3
"""A cord lesion spanning this many contiguous vertebral segments is longitudinally extensive."""


class DITBasis(StrEnum):
    SIMULTANEOUS_ENHANCING = "simultaneous_enhancing_and_non_enhancing"
    NEW_LESION_ON_PRIOR = "new_lesion_compared_with_prior"


# ---------------------------------------------------------------------------
# Messages

_DIS_MET = define(
    "mcdonald.dis_met",
    Severity.INFO,
    "MRI dissemination in space criteria (McDonald {version}) are met: "
    "{count} of {total} regions involved ({regions}).",
    "Les critères IRM de dissémination spatiale (McDonald {version}) sont remplis : "
    "{count} régions atteintes sur {total} ({regions}).",
)
_DIS_NOT_MET = define(
    "mcdonald.dis_not_met",
    Severity.INFO,
    "MRI dissemination in space criteria (McDonald {version}) are not met. "
    "Regions involved: {count} of {total} ({regions}); at least 2 are required.",
    "Les critères IRM de dissémination spatiale (McDonald {version}) ne sont pas remplis. "
    "Régions atteintes : {count} sur {total} ({regions}). Il en faut au moins 2.",
)
_DIS_NOT_ASSESSABLE = define(
    "mcdonald.dis_not_assessable",
    Severity.WARNING,
    "MRI dissemination in space (McDonald {version}) cannot be assessed: "
    "no lesion count for {regions}.",
    "La dissémination spatiale à l'IRM (McDonald {version}) ne peut être évaluée, faute du "
    "nombre de lésions pour les régions suivantes : {regions}.",
)
_OPTIC_NOT_IN_2017 = define(
    "mcdonald.optic_nerve_not_counted_2017",
    Severity.INFO,
    "Optic nerve lesions are not a dissemination in space region in McDonald 2017; "
    "they are in the 2024 revision.",
    "Les lésions du nerf optique ne sont pas retenues pour la dissémination spatiale "
    "selon McDonald 2017. Elles le sont dans la révision de 2024.",
)
_DIT_MET_SIMULTANEOUS = define(
    "mcdonald.dit_met_simultaneous",
    Severity.INFO,
    "MRI dissemination in time criteria are met: simultaneous gadolinium-enhancing "
    "and non-enhancing lesions.",
    "Les critères IRM de dissémination temporelle sont remplis : présence simultanée "
    "de lésions rehaussées par le gadolinium et de lésions non rehaussées.",
)
_DIT_MET_NEW = define(
    "mcdonald.dit_met_new_lesion",
    Severity.INFO,
    "MRI dissemination in time criteria are met: new T2 or gadolinium-enhancing lesion "
    "compared with the prior MRI.",
    "Les critères IRM de dissémination temporelle sont remplis : nouvelle lésion en T2 "
    "ou nouvelle lésion rehaussée par le gadolinium par rapport à l'IRM antérieure.",
)
_DIT_NOT_MET = define(
    "mcdonald.dit_not_met",
    Severity.INFO,
    "MRI dissemination in time criteria are not met on this exam ({reason}).",
    "Les critères IRM de dissémination temporelle ne sont pas remplis sur cet examen ({reason}).",
)
_DIT_NO_BASIS = define(
    "mcdonald.dit_not_assessable",
    Severity.INFO,
    "MRI dissemination in time cannot be assessed without contrast or a prior exam.",
    "La dissémination temporelle ne peut être évaluée à l'IRM sans injection de "
    "gadolinium ni examen antérieur de comparaison.",
)
_DIT_COUNTS_MISSING = define(
    "mcdonald.dit_counts_missing",
    Severity.WARNING,
    "MRI dissemination in time cannot be fully assessed: {missing} not recorded.",
    "La dissémination temporelle ne peut être entièrement évaluée à l'IRM, faute des "
    "données suivantes : {missing}.",
)
_ENHANCING_WITHOUT_CONTRAST = define(
    "mcdonald.enhancing_without_contrast",
    Severity.WARNING,
    "Enhancing lesions are recorded but no contrast was given: they are not used for "
    "dissemination in time.",
    "Des lésions rehaussées sont signalées alors qu'aucun gadolinium n'a été injecté : "
    "elles ne sont pas retenues pour la dissémination temporelle.",
)
_NEW_WITHOUT_PRIOR = define(
    "mcdonald.new_lesions_without_prior",
    Severity.WARNING,
    "New lesions are recorded but no prior exam is available: they are not used for "
    "dissemination in time.",
    "De nouvelles lésions sont signalées alors qu'aucun examen antérieur n'est disponible : "
    "elles ne sont pas retenues pour la dissémination temporelle.",
)
_MRI_ONLY = define(
    "mcdonald.mri_criteria_only",
    Severity.INFO,
    "MRI criteria alone do not establish a diagnosis of multiple sclerosis: it also rests "
    "on the clinical picture, other tests and the exclusion of alternative diagnoses. "
    "Oligoclonal bands are not taken into account here.",
    "Les critères IRM ne suffisent pas à eux seuls à poser un diagnostic de sclérose en "
    "plaques : celui-ci repose aussi sur le tableau clinique, les autres examens et "
    "l'exclusion des autres diagnostics. Les bandes oligoclonales ne sont pas prises en "
    "compte ici.",
)
_NMOSD = define(
    "mcdonald.nmosd_red_flag",
    Severity.WARNING,
    "Spinal cord lesion spanning {segments} vertebral segments{where}: a longitudinally "
    "extensive lesion (3 or more segments) is a red flag for neuromyelitis optica spectrum "
    "disorder (NMOSD) rather than multiple sclerosis.",
    "Lésion médullaire s'étendant sur {segments} segments vertébraux{where} : une lésion "
    "longitudinalement étendue (3 segments ou plus) est un signal d'alerte en faveur d'un "
    "trouble du spectre de la neuromyélite optique (NMOSD) plutôt que d'une sclérose en "
    "plaques.",
)
_CORD_RANGE_INVALID = define(
    "mcdonald.cord_lesion_range_invalid",
    Severity.ERROR,
    "Spinal cord lesion extent “{start}” to “{end}” is not a valid level range "
    "(upper level first).",
    "L'étendue de la lésion médullaire, de « {start} » à « {end} », n'est pas un intervalle "
    "de niveaux valide (niveau supérieur en premier).",
)

_REASON_NO_ENHANCING = Label("no enhancing lesion", "aucune lésion rehaussée")
_REASON_NO_NON_ENHANCING = Label(
    "no non-enhancing lesion recorded", "aucune lésion non rehaussée n'est indiquée"
)
_REASON_NO_NEW = Label("no new lesion", "aucune nouvelle lésion")
_MISSING_ENHANCING = Label("enhancing lesion count", "nombre de lésions rehaussées")
_MISSING_NON_ENHANCING = Label("non-enhancing lesion count", "nombre de lésions non rehaussées")
_MISSING_NEW = Label("new lesion count", "nombre de nouvelles lésions")


# ---------------------------------------------------------------------------
# Input and result


def _check_count(name: str, value: int | None) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be a whole number or None, not {value!r}")
    if value < 0:
        raise ValueError(f"{name} cannot be negative ({value})")


# The MSLesionCounts attributes that are lesion counts (template hooks map fields to these).
COUNT_FIELDS = (
    "periventricular",
    "cortical_juxtacortical",
    "infratentorial",
    "spinal_cord",
    "optic_nerve",
    "enhancing",
    "non_enhancing",
    "new_t2",
    "new_enhancing",
    "longest_cord_lesion_segments",
)


@dataclass(frozen=True, slots=True)
class MSLesionCounts:
    """Lesion counts from the demyelination module; ``None`` means not assessed.

    Region counts are T2-hyperintense lesions >= 3 mm.  ``enhancing`` counts
    gadolinium-enhancing lesions anywhere; ``non_enhancing`` is optional: when it
    is ``None`` a non-enhancing lesion is known to exist if the region counts add
    up to more than the enhancing count.  ``new_t2`` and ``new_enhancing``
    compare with the prior exam.
    """

    periventricular: int | None = None
    cortical_juxtacortical: int | None = None
    infratentorial: int | None = None
    spinal_cord: int | None = None
    optic_nerve: int | None = None
    enhancing: int | None = None
    non_enhancing: int | None = None
    new_t2: int | None = None
    new_enhancing: int | None = None
    contrast_given: bool = False
    comparison_available: bool = False
    longest_cord_lesion_segments: int | None = None

    def __post_init__(self) -> None:
        for name in COUNT_FIELDS:
            _check_count(name, getattr(self, name))

    def count(self, region: MSRegion) -> int | None:
        value: int | None = getattr(self, region.value)
        return value


@dataclass(frozen=True, slots=True)
class McDonaldResult:
    version: McDonaldVersion
    dis_met: bool | None
    dis_regions: tuple[MSRegion, ...]
    """Regions of this version with >= 1 lesion."""
    dis_unassessed: tuple[MSRegion, ...]
    """Regions of this version whose count is None."""
    dit_met: bool | None
    dit_basis: tuple[DITBasis, ...]
    """The grounds on which DIT is met (empty unless ``dit_met``)."""
    messages: tuple[RuleMessage, ...] = field(default=())

    @property
    def dis_regions_total(self) -> int:
        return len(DIS_REGIONS[self.version])


# ---------------------------------------------------------------------------
# Rules


def dissemination_in_space(
    counts: MSLesionCounts, version: McDonaldVersion | str = DEFAULT_VERSION
) -> tuple[bool | None, tuple[MSRegion, ...], tuple[MSRegion, ...]]:
    """``(met, involved regions, unassessed regions)`` for one criteria version."""
    regions = DIS_REGIONS[McDonaldVersion(version)]
    involved = tuple(r for r in regions if (counts.count(r) or 0) >= 1)
    unassessed = tuple(r for r in regions if counts.count(r) is None)
    met: bool | None
    if len(involved) >= DIS_MIN_REGIONS:
        met = True
    elif len(involved) + len(unassessed) < DIS_MIN_REGIONS:
        met = False
    else:
        met = None
    return met, involved, unassessed


def _non_enhancing_present(counts: MSLesionCounts) -> bool | None:
    if counts.non_enhancing is not None:
        return counts.non_enhancing > 0
    if counts.enhancing is None:
        return None
    known = [c for r in MSRegion if (c := counts.count(r)) is not None]
    # Every enhancing lesion is at most one of the counted lesions, so more counted
    # lesions than enhancing ones means at least one does not enhance.
    if sum(known) > counts.enhancing:
        return True
    if len(known) < len(MSRegion):  # an unassessed region may hold one
        return None
    return False


def _simultaneous(counts: MSLesionCounts) -> bool | None:
    if not counts.contrast_given or counts.enhancing is None:
        return None
    if counts.enhancing == 0:
        return False
    return _non_enhancing_present(counts)


def _new_lesion(counts: MSLesionCounts) -> bool | None:
    if not counts.comparison_available:
        return None
    values = [v for v in (counts.new_t2, counts.new_enhancing) if v is not None]
    if not values:
        return None
    return any(v > 0 for v in values)


def dissemination_in_time(counts: MSLesionCounts) -> tuple[bool | None, tuple[DITBasis, ...]]:
    """``(met, bases)``: met if any basis is met, False if one was assessed, else None."""
    simultaneous = _simultaneous(counts)
    new = _new_lesion(counts)
    basis: list[DITBasis] = []
    if simultaneous:
        basis.append(DITBasis.SIMULTANEOUS_ENHANCING)
    if new:
        basis.append(DITBasis.NEW_LESION_ON_PRIOR)
    if basis:
        return True, tuple(basis)
    if simultaneous is False or new is False:
        return False, ()
    return None, ()


def nmosd_red_flag(
    segments: int,
    *,
    fields: Sequence[str] = (),
    start: LevelLike | None = None,
    end: LevelLike | None = None,
) -> list[RuleMessage]:
    """A warning when a cord lesion spans >= 3 vertebral segments (LETM), else ``[]``."""
    if segments < LETM_MIN_SEGMENTS:
        return []
    where = Label("", "")
    if start is not None and end is not None:
        where = Label(f" ({start} to {end})", f" (de {start} à {end})")
    return [_NMOSD.make(fields, segments=segments, where=where)]


def cord_lesion_red_flags(
    start: LevelLike, end: LevelLike, *, fields: Sequence[str] = ()
) -> list[RuleMessage]:
    """NMOSD red flag from a cord lesion's upper and lower levels (e.g. "C3", "C6").

    An invalid or reversed range gives an error message instead.
    """
    try:
        a, b = parse_level(start), parse_level(end)
        segments = segments_spanned(a, b)
    except ValueError:
        return [_CORD_RANGE_INVALID.make(fields, start=str(start), end=str(end))]
    return nmosd_red_flag(segments, fields=fields, start=a, end=b)


def _region_list(regions: Sequence[MSRegion]) -> Label:
    return join_labels([MS_REGION_LABELS[r] for r in regions])


def evaluate_mcdonald(
    counts: MSLesionCounts,
    version: McDonaldVersion | str = DEFAULT_VERSION,
    *,
    field_ids: Mapping[str, str] | None = None,
) -> McDonaldResult:
    """DIS, DIT and the NMOSD red flag, with messages explaining each result.

    ``field_ids`` maps :class:`MSLesionCounts` attribute names to the template's
    field ids (default: the attribute names themselves), so messages name the
    fields the user sees.
    """
    ver = McDonaldVersion(version)
    ids = field_ids or {}

    def f(*names: str) -> tuple[str, ...]:
        return tuple(ids.get(n, n) for n in names)

    messages: list[RuleMessage] = []
    regions = DIS_REGIONS[ver]
    total = len(regions)

    dis_met, involved, unassessed = dissemination_in_space(counts, ver)
    if dis_met is True:
        messages.append(
            _DIS_MET.make(
                f(*(r.value for r in involved)),
                version=ver.value,
                count=len(involved),
                total=total,
                regions=_region_list(involved),
            )
        )
    elif dis_met is False:
        messages.append(
            _DIS_NOT_MET.make(
                f(*(r.value for r in regions)),
                version=ver.value,
                count=len(involved),
                total=total,
                regions=_region_list(involved),
            )
        )
    else:
        messages.append(
            _DIS_NOT_ASSESSABLE.make(
                f(*(r.value for r in unassessed)),
                version=ver.value,
                regions=_region_list(unassessed),
            )
        )
    if ver is McDonaldVersion.V2017 and (counts.optic_nerve or 0) > 0:
        messages.append(_OPTIC_NOT_IN_2017.make(f("optic_nerve")))

    # Counts entered without the exam that makes them meaningful
    if not counts.contrast_given and (counts.enhancing or 0) > 0:
        messages.append(_ENHANCING_WITHOUT_CONTRAST.make(f("enhancing")))
    if not counts.comparison_available and ((counts.new_t2 or 0) + (counts.new_enhancing or 0)):
        new_fields = [n for n in ("new_t2", "new_enhancing") if getattr(counts, n)]
        messages.append(_NEW_WITHOUT_PRIOR.make(f(*new_fields)))

    dit_met, basis = dissemination_in_time(counts)
    if not counts.contrast_given and not counts.comparison_available:
        messages.append(_DIT_NO_BASIS.make())
    else:
        missing: list[Label] = []
        missing_fields: list[str] = []
        if counts.contrast_given and counts.enhancing is None:
            missing.append(_MISSING_ENHANCING)
            missing_fields.append("enhancing")
        elif counts.contrast_given and _simultaneous(counts) is None:
            missing.append(_MISSING_NON_ENHANCING)
            missing_fields.append("non_enhancing")
        if counts.comparison_available and counts.new_t2 is None and counts.new_enhancing is None:
            missing.append(_MISSING_NEW)
            missing_fields += ["new_t2", "new_enhancing"]
        if missing and not dit_met:
            messages.append(
                _DIT_COUNTS_MISSING.make(f(*missing_fields), missing=join_labels(missing))
            )
        if DITBasis.SIMULTANEOUS_ENHANCING in basis:
            messages.append(_DIT_MET_SIMULTANEOUS.make(f("enhancing")))
        if DITBasis.NEW_LESION_ON_PRIOR in basis:
            messages.append(_DIT_MET_NEW.make(f("new_t2", "new_enhancing")))
        if dit_met is False:
            reasons: list[Label] = []
            if _simultaneous(counts) is False:
                reasons.append(
                    _REASON_NO_ENHANCING if counts.enhancing == 0 else _REASON_NO_NON_ENHANCING
                )
            if _new_lesion(counts) is False:
                reasons.append(_REASON_NO_NEW)
            messages.append(
                _DIT_NOT_MET.make(
                    f("enhancing", "new_t2", "new_enhancing"), reason=join_labels(reasons)
                )
            )

    if counts.longest_cord_lesion_segments is not None:
        messages += nmosd_red_flag(
            counts.longest_cord_lesion_segments, fields=f("longest_cord_lesion_segments")
        )

    if dis_met or dit_met:
        messages.append(_MRI_ONLY.make())

    return McDonaldResult(
        version=ver,
        dis_met=dis_met,
        dis_regions=involved,
        dis_unassessed=unassessed,
        dit_met=dit_met,
        dit_basis=basis,
        messages=tuple(messages),
    )
