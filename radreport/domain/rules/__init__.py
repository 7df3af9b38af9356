"""Clinical rules of the report templates: pure Python, no I/O.

Every rule that has something to say returns :class:`RuleMessage` objects
(code, severity, the form fields involved, English and Quebec French text).
All message codes live in one catalogue, :func:`catalog`.

Modules:

* :mod:`.messages` - ``RuleMessage``, ``Severity``, ``Label`` (EN/FR text), the catalogue.
* :mod:`.levels` - spinal levels C1..S1 and disc levels C2-C3..L5-S1: parsing,
  normalisation, ordering, ranges, segments spanned, regions.
* :mod:`.mcdonald` - McDonald 2017/2024 MRI dissemination in space and time,
  NMOSD red flag (cord lesion >= 3 vertebral segments).
* :mod:`.spine` - Kang grade and cord-signal consistency, cervical AP canal
  category, Kim foraminal, Schizas and Lee lumbar grades, disc level vs region.
* :mod:`.svd` - Fazekas grades and summary.
* :mod:`.protocol` - missing series for the requested regions of a ``Study``.
* :mod:`.consistency` - contrast-dependent answers without contrast, levels
  outside the region, comparison wording without a prior exam, required fields.

Clinical content follows docs/clinical.md; a neuroradiologist must review it
before clinical use.  MRI criteria never "diagnose MS" and oligoclonal bands are
never inferred.
"""

from radreport.domain.rules.consistency import (
    DEFAULT_NEUTRAL_ANSWERS,
    comparison_wording,
    contrast_dependent_answers,
    find_comparison_wording,
    is_empty,
    level_outside_region,
    levels_outside_region,
    missing_required,
)
from radreport.domain.rules.levels import (
    DISC_LEVELS,
    REGION_LABELS,
    VERTEBRAL_LEVELS,
    DiscLevel,
    Level,
    LevelLike,
    SpineRegion,
    Vertebra,
    disc_levels_for_region,
    level_in_region,
    level_range_valid,
    normalize_level,
    parse_disc_level,
    parse_level,
    parse_vertebra,
    regions_of,
    segments_spanned,
    sort_levels,
    spine_region,
)
from radreport.domain.rules.mcdonald import (
    DEFAULT_VERSION,
    DIS_REGIONS,
    LETM_MIN_SEGMENTS,
    MS_REGION_LABELS,
    DITBasis,
    McDonaldResult,
    McDonaldVersion,
    MSLesionCounts,
    MSRegion,
    cord_lesion_red_flags,
    dissemination_in_space,
    dissemination_in_time,
    evaluate_mcdonald,
    nmosd_red_flag,
)
from radreport.domain.rules.messages import (
    Label,
    MessageTemplate,
    RuleMessage,
    Severity,
    catalog,
)
from radreport.domain.rules.protocol import BODY_REGION_LABELS, protocol_warnings
from radreport.domain.rules.spine import (
    AP_ABSOLUTE_BELOW_MM,
    AP_RELATIVE_MAX_MM,
    ApCanalCategory,
    CordSignal,
    KangGrade,
    KimGrade,
    LeeGrade,
    SchizasGrade,
    check_disc_level,
    classify_ap_canal,
    disc_level_valid_for_region,
    kang_consistency,
)
from radreport.domain.rules.svd import (
    FAZEKAS_DWM_LABELS,
    FAZEKAS_PV_LABELS,
    FazekasScore,
    fazekas_dwm_description,
    fazekas_pv_description,
    fazekas_summary,
    validate_fazekas,
)

__all__ = [
    "AP_ABSOLUTE_BELOW_MM",
    "AP_RELATIVE_MAX_MM",
    "BODY_REGION_LABELS",
    "DEFAULT_NEUTRAL_ANSWERS",
    "DEFAULT_VERSION",
    "DISC_LEVELS",
    "DIS_REGIONS",
    "FAZEKAS_DWM_LABELS",
    "FAZEKAS_PV_LABELS",
    "LETM_MIN_SEGMENTS",
    "MS_REGION_LABELS",
    "REGION_LABELS",
    "VERTEBRAL_LEVELS",
    "ApCanalCategory",
    "CordSignal",
    "DITBasis",
    "DiscLevel",
    "FazekasScore",
    "KangGrade",
    "KimGrade",
    "Label",
    "LeeGrade",
    "Level",
    "LevelLike",
    "MSLesionCounts",
    "MSRegion",
    "McDonaldResult",
    "McDonaldVersion",
    "MessageTemplate",
    "RuleMessage",
    "SchizasGrade",
    "Severity",
    "SpineRegion",
    "Vertebra",
    "catalog",
    "check_disc_level",
    "classify_ap_canal",
    "comparison_wording",
    "contrast_dependent_answers",
    "cord_lesion_red_flags",
    "disc_level_valid_for_region",
    "disc_levels_for_region",
    "dissemination_in_space",
    "dissemination_in_time",
    "evaluate_mcdonald",
    "fazekas_dwm_description",
    "fazekas_pv_description",
    "fazekas_summary",
    "find_comparison_wording",
    "is_empty",
    "kang_consistency",
    "level_in_region",
    "level_outside_region",
    "level_range_valid",
    "levels_outside_region",
    "missing_required",
    "nmosd_red_flag",
    "normalize_level",
    "parse_disc_level",
    "parse_level",
    "parse_vertebra",
    "protocol_warnings",
    "regions_of",
    "segments_spanned",
    "sort_levels",
    "spine_region",
    "validate_fazekas",
]
