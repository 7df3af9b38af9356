"""Infer plane, body region and sequence family of a series from its headers.

Pure functions on :class:`InstanceHeader` records: no file, no pydicom, no Qt.
Every inference answers "unknown" rather than guess when the headers are silent
or contradict each other: the report and the protocol checks treat a wrong
label as worse than a missing one.

Sequence family, most trusted evidence first:

1. the modality (a non-MR series is "other"), localizer words, ImageType LOCALIZER;
2. ImageType values scanners write for derived images (ADC, TRACEW, SWI, phase, FA...);
3. explicit words in the series description, then in the protocol name;
4. acquisition physics: ScanningSequence, SequenceVariant, ScanOptions, SequenceName,
   TR/TE/TI and the diffusion b-value;
5. a reformat marker (MPR, MIP, subtraction) alone means "other"; else "unknown".

Descriptions are matched after lower-casing, accent stripping and splitting of
camelCase ("AxT2" -> "ax t2"), with word boundaries that treat ``_`` as a
separator: "t1" is found in "t1_mprage", "ax" is not found in "relax".
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum

from radreport.domain.study import BodyRegion, InstanceHeader, Plane, SequenceFamily

__all__ = ["SeriesClass", "classify_series", "plane_from_orientation"]


@dataclass(frozen=True, slots=True)
class SeriesClass:
    plane: Plane
    region: BodyRegion
    family: SequenceFamily


# ---------------------------------------------------------------------------
# Value helpers.  Headers may come from a hand-edited scan index, so every value
# is checked for its type and finiteness instead of trusted.


def _num(value: object) -> float | None:
    """A finite float, or None for None, NaN, infinities, booleans and junk."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _tokens(value: object) -> list[str]:
    """Upper-case items of a multi-valued string attribute (tuple or backslash-joined)."""
    if isinstance(value, str):
        items: list[str] = value.split("\\")
    elif isinstance(value, tuple | list):
        items = [part for item in value if isinstance(item, str) for part in item.split("\\")]
    else:
        return []
    return [item.strip().upper() for item in items if item.strip()]


def _first_text(instances: Sequence[InstanceHeader], attribute: str) -> str:
    for h in instances:
        text = _text(getattr(h, attribute, ""))
        if text.strip():
            return text
    return ""


_SIEMENS_MINIP = re.compile(r"(?<![A-Za-z0-9])mIP(?![A-Za-z0-9])")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def _norm(value: object) -> str:
    """Description text ready for the keyword tables."""
    # Siemens names the SWI minimum-intensity projection "mIP"; lower-casing would
    # turn it into the angiographic "MIP", so it is renamed first.
    text = _SIEMENS_MINIP.sub("minip", _text(value))
    text = _CAMEL.sub(" ", text)  # "AxT2FLAIR" -> "Ax T2FLAIR", "CSpine" -> "C Spine"
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return text.replace("+", " + ")  # "T1+C" -> "t1 + c": "+" then starts a word


def _kw(alternatives: str) -> re.Pattern[str]:
    """A regex matching any of the whitespace-separated alternatives as a whole word.

    Letters and digits are word characters; ``_ - . ^ + *`` and spaces are not.
    """
    body = "|".join(alternatives.split())
    return re.compile(rf"(?<![a-z0-9])(?:{body})(?![a-z0-9])")


def _any(pattern: re.Pattern[str], texts: Iterable[str]) -> bool:
    return any(pattern.search(t) for t in texts)


# ---------------------------------------------------------------------------
# Plane

# |unit normal . axis| >= 0.8 means within ~37 degrees of that axis: a 10-30 degree
# tilt along the AC-PC line or a lumbar disc stays axial; 45 degrees is oblique.
_MAIN_AXIS_COSINE = 0.8

_PLANE_WORDS: tuple[tuple[Plane, re.Pattern[str]], ...] = (
    (Plane.AXIAL, _kw(r"ax axial[a-z]* tra trans transv[a-z]* transax[a-z]*")),
    (Plane.SAGITTAL, _kw(r"sag sagit+al[a-z]*")),
    (Plane.CORONAL, _kw(r"cor coro coronal[a-z]*")),
    (Plane.OBLIQUE, _kw(r"obl obliq[a-z]*")),
)


def plane_from_orientation(iop: Sequence[float] | None) -> Plane:
    """Axial/sagittal/coronal/oblique from ImageOrientationPatient (row and column cosines).

    The slice normal (row x column) is compared with the patient axes; the vectors
    need not be unit length.  A wrong number of values, non-numbers or (nearly)
    parallel row and column give UNKNOWN.
    """
    if iop is None or isinstance(iop, str | bytes):
        return Plane.UNKNOWN
    try:
        values = [_num(v) for v in iop]
    except TypeError:  # not iterable
        return Plane.UNKNOWN
    numbers = [v for v in values if v is not None]
    if len(values) != 6 or len(numbers) != 6:
        return Plane.UNKNOWN
    r0, r1, r2, c0, c1, c2 = numbers
    normal = (r1 * c2 - r2 * c1, r2 * c0 - r0 * c2, r0 * c1 - r1 * c0)
    size = math.hypot(*normal)
    # |row x col| = |row| |col| sin(angle): under half, row and column are within
    # 30 degrees of each other, which no real image is.
    if size == 0 or size < 0.5 * math.hypot(r0, r1, r2) * math.hypot(c0, c1, c2):
        return Plane.UNKNOWN
    axis = max(range(3), key=lambda i: abs(normal[i]))
    if abs(normal[axis]) / size < _MAIN_AXIS_COSINE:
        return Plane.OBLIQUE
    return (Plane.SAGITTAL, Plane.CORONAL, Plane.AXIAL)[axis]


def _plane_from_words(texts: Sequence[str]) -> Plane:
    for text in texts:
        found = {plane for plane, pattern in _PLANE_WORDS if pattern.search(text)}
        if len(found) == 1:
            return found.pop()
    return Plane.UNKNOWN


def _infer_plane(instances: Sequence[InstanceHeader], texts: Sequence[str]) -> Plane:
    """The plane most images share; description words only when no IOP is usable."""
    planes = Counter(plane_from_orientation(h.image_orientation_patient) for h in instances)
    del planes[Plane.UNKNOWN]
    if planes:
        plane, count = planes.most_common(1)[0]
        # A 3-plane localizer has no single plane; a few stray images do not matter.
        return plane if count * 2 > planes.total() else Plane.UNKNOWN
    return _plane_from_words(texts)


# ---------------------------------------------------------------------------
# Body region

_C, _T, _L = BodyRegion.CERVICAL, BodyRegion.THORACIC, BodyRegion.LUMBAR
_SPINE_LEVELS = frozenset({_C, _T, _L})

_REGION_WORDS: tuple[tuple[frozenset[BodyRegion], re.Pattern[str]], ...] = (
    # Spans of two levels name both, which leaves the series ambiguous on purpose.
    (frozenset({_C, _T}), _kw(r"c[\s_-]?t[\s_-]?sp(?:ine)? cervico[\s_-]?(?:thorac|dors)[a-z]*")),
    (frozenset({_T, _L}), _kw(r"t[\s_-]?l[\s_-]?sp(?:ine)? (?:thoraco|dorso)[\s_-]?l[ou]mb[a-z]*")),
    # "NECK" (a BodyPartExamined value) is the cervical spine in this work-up.
    # HWS/BWS/LWS: German abbreviations found on Siemens protocols.
    (frozenset({_C}), _kw(r"c[\s_-]?sp(?:ine)? cervic[a-z]* cerv hws neck")),
    # "dorsal"/"dorsale" is the thoracic spine in French and European usage.
    (frozenset({_T}), _kw(r"t[\s_-]?sp(?:ine)? thorac(?:ic|ique)s? dorsal(?:es?)? bws")),
    (frozenset({_L}), _kw(r"l[\s_-]?(?:s[\s_-]?)?sp(?:ine)? lumb[a-z]* lomb[a-z]* lws")),
    (
        frozenset({BodyRegion.BRAIN}),
        _kw(
            r"brain[a-z]* head aahead cerveau cerebr[a-z]* cerebel[a-z]* encephal[a-z]*"
            r" crane (?:intra)?crani[a-z]* skull tete kopf schadel hirn orbit[a-z]*"
            r" hypophys[a-z]* pituitar[a-z]* sella iac fossa"
        ),
    ),
    (
        frozenset({BodyRegion.OTHER}),
        _kw(
            r"knees? genoux? shoulders? epaules? abdom[a-z]* pelvi[a-z]* bassin hips?"
            r" hanches? ankles? chevilles? wrists? poignets? elbows? coudes? hands? foot feet"
            r" pieds? chest breasts? seins? heart cardia[a-z]* coeur liver foie prostat[a-z]*"
            r" kidneys? renal pancrea[a-z]* thighs? cuisses? legs? jambes? arms? bras"
            r" extremit[a-z]* plexus muscles? musculaire msk mrcp enterograph[a-z]* rectum"
            r" uterus sacro[\s_-]?iliac[a-z]*"
        ),
    ),
)
# Spine without a level ("SPINE", "whole spine", "rachis"): only narrows the choice.
_SPINE_WORDS = _kw(r"[a-z]*spin(?:e|al)s? rachis[a-z]* colonne moelle")


def _region_candidates(text: str) -> frozenset[BodyRegion]:
    found: set[BodyRegion] = set()
    for regions, pattern in _REGION_WORDS:
        if pattern.search(text):
            found |= regions
    if _SPINE_WORDS.search(text) and not found & _SPINE_LEVELS:
        found |= _SPINE_LEVELS
    return frozenset(found)


def _infer_region(instances: Sequence[InstanceHeader]) -> BodyRegion:
    """Series description, protocol name, BodyPartExamined, then study description.

    The first source naming exactly one region wins; a source naming several
    ("BRAIN + C-SPINE", "spine") restricts what later sources may choose, so a
    "Sag T2 spine" series of a "BRAIN + C-SPINE" study is cervical.  The image
    position range is not used: it cannot tell a low brain from a high neck.
    """
    allowed: frozenset[BodyRegion] | None = None
    sources = ("series_description", "protocol_name", "body_part_examined", "study_description")
    for attribute in sources:
        found = _region_candidates(_norm(_first_text(instances, attribute)))
        if allowed is not None:
            found &= allowed
        if len(found) == 1:
            return next(iter(found))
        if found:
            allowed = found
    return BodyRegion.UNKNOWN


# ---------------------------------------------------------------------------
# Sequence family: description keywords

_LOCALIZER_WORDS = _kw(
    r"locali[sz](?:er|ation)[a-z]* loc [a-z]*scout[a-z]* s?survey[a-z]* (?:tri)?pilot"
    r" (?:3|tri)[\s_-]?pl(?:ane)?(?:[\s_-]?loc[a-z]*)?"
    # calibration scans go with localizers: planning aids, not diagnostic images
    r" cal calib[a-z]* sense[\s_-]?ref[a-z]* ref[\s_-]?scan auto[\s_-]?align"
)
# Known MR kinds without a family of their own: phase images, angiography,
# perfusion, BOLD, spectroscopy, parametric maps (T1/T2/field/FA/eADC), tractography,
# flow, balanced SSFP, double IR.  Checked before ADC/DWI ("eADC", "FA") and SWI
# ("SWI phase").  "in phase"/"opposed phase" are Dixon T1 images, not phase images.
_OTHER_WORDS = _kw(
    r"(?<!in[\s_-])(?<!of[\s_-])(?<!opp[\s_-])(?<!out[\s_-])(?<!opposed[\s_-])phase pha"
    r" tof[a-z0-9]* mra mrv angio[a-z]* veno(?:gra)?[a-z]*"
    r" perf[a-z]* dsc dce asl p?[\s_-]?casl pasl r?cbv r?cbf mtt ttp tmax"
    r" (?<!ven[\s_-])bold (?:rs)?[\s_-]?f[\s_-]?mri resting[a-z]* mo[\s_-]?co[a-z]*"
    r" spectro[a-z]* mrs svs[a-z]* csi[a-z]*"
    r" t1[\s_-]?map[a-z]* t2\s?\*?[\s_-]?map[a-z]* relaxometr[a-z]* mapit"
    r" field[\s_-]?map[a-z]* b[01][\s_-]?map[a-z]* qsm"
    r" (?:col[\s_-]?)?fa e[\s_-]?adc exp(?:onential)? tensor tract[a-z]*"
    r" cine q?[\s_-]?flow ciss fiesta[a-z]* true[\s_-]?fisp trufi[a-z]* b[\s_-]?ffe balanced"
    r" dir double[\s_-]?(?:ir|inversion)"
)
_ADC_WORDS = _kw(r"d?[\s_-]?adc apparent[\s_-]?diffusion[a-z]*")  # Philips "dADC"
_DWI_WORDS = _kw(r"[a-z]?dwi[a-z]* dw diff[a-z]* trace[a-z]* b[\s_-]?[1-9][0-9]{2,3} dti resolve")
_SWI_WORDS = _kw(
    r"swi[a-z]* e?swan t2\s?\*[a-z]* t2[\s_-]?star t2[\s_-]?etoile t2w?[\s_-]?(?:ffe|gre)"
    r" gre[\s_-]?t2 medic ha?emo[a-z]* ven[\s_-]?bold suscept[a-z]* minip min[\s_-]?ip mnip"
    r" me[23]d[a-z0-9]*"  # Siemens MEDIC "t2_me2d"
)
_STIR_WORDS = _kw(r"(?:t[12]w?)?stir[a-z]* short[\s_-]?tau[a-z]*")
_FLAIR_WORDS = _kw(r"(?:t[12]w?|3d)?flair[a-z]* dark[\s_-]?fluid fluid[\s_-]?attenuated")
# Inversion recovery of unstated kind: Siemens TIRM is STIR or FLAIR depending on TI.
_IR_WORDS = _kw(r"tirm[a-z]* tir ir inversion[a-z]*")
# "DP": densité protonique
_PD_WORDS = _kw(
    r"s?pd(?:wi?)?(?:fs|tse|fse)? dp(?:fs)? densite[\s_-]?protonique proton[\s_-]?densit[a-z]*"
)
_T2_WORDS = _kw(r"s?t2(?:wi?)?(?:fs|tse|fse)? haste ss[\s_-]?fse ssh[\s_-]?tse drive")
_T1_WORDS = _kw(
    r"s?t1(?:wi?)?(?:fs|se|tse|fse|c|ce|gd)? mp[\s_-]?rage[a-z]* mp2rage[a-z]* bravo"
    r" (?:ir[\s_-]?)?f?spgr (?:star)?vibe lava thrive tfe flash"
)
_PRE_CONTRAST_WORDS = _kw(
    r"pre(?:[\s_-]?(?:contrast[a-z]*|gad[a-z]*|gd|inj[a-z]*|c))?"
    r" sans[\s_-]?(?:inj[a-z]*|gado[a-z]*|contraste?|produit)"
    r" (?:without|non|no)[\s_-]?contrast nativ[a-z]*"
)
_POST_CONTRAST_WORDS = _kw(
    r"post(?![\s_-]?fossa)(?:[\s_-]?(?:contrast[a-z]*|gad[a-z]*|gd|inj[a-z]*|c))? gd gad[ao][a-z]*"
    r" \+\s*(?:c|gd|gad[a-z]*) c\s*\+ t1(?:wi?)?[\s_-]?(?:c|ce|gd)"
    r" apres[\s_-]?(?:inj[a-z]*|gado[a-z]*) inj(?:ection|ected|ecte)? contrast[\s_-]?enhanced"
)
# Post-processing of unstated contrast: "other" only when nothing else is known.
_REFORMAT_WORDS = _kw(r"mpr mips? reformat[a-z]* recon[a-z]* sub subtract[a-z]* projection[a-z]*")

_NO_AGENT = frozenset({"", "none", "no", "non", "n/a", "na", "0", "-", "nil", "null", "aucun"})


@dataclass(frozen=True, slots=True)
class _Words:
    """What one description says: a family, or only "some inversion recovery"."""

    family: SequenceFamily | None = None
    inversion: bool = False


_ORDERED_WORDS: tuple[tuple[SequenceFamily, re.Pattern[str]], ...] = (
    (SequenceFamily.OTHER, _OTHER_WORDS),
    (SequenceFamily.ADC, _ADC_WORDS),  # "ep2d_diff_..._ADC": ADC before DWI
    (SequenceFamily.DWI, _DWI_WORDS),
    (SequenceFamily.SWI, _SWI_WORDS),  # "T2*" before "T2"
    (SequenceFamily.STIR, _STIR_WORDS),  # "T2 STIR" is STIR
    (SequenceFamily.FLAIR, _FLAIR_WORDS),  # "T2 FLAIR" is FLAIR
)


def _family_from_words(text: str) -> _Words:
    for family, pattern in _ORDERED_WORDS:
        if pattern.search(text):
            if family is SequenceFamily.FLAIR and _T1_WORDS.search(text):
                # GE "T1 FLAIR", Siemens "t1 dark-fluid": IR-prepared T1 with TI ~ 800 ms
                return _Words(SequenceFamily.T1)
            return _Words(family)
    if _IR_WORDS.search(text):  # before the weightings: "t2_tirm_sag" is no T2
        return _Words(inversion=True)
    if _PD_WORDS.search(text):
        # a "PD/T2" dual-echo series holds a T2-weighted echo: report it as T2
        return _Words(SequenceFamily.T2 if _T2_WORDS.search(text) else SequenceFamily.PD)
    if _T2_WORDS.search(text):
        return _Words(SequenceFamily.T2)
    if _T1_WORDS.search(text):
        return _Words(SequenceFamily.T1)
    return _Words()


# ---------------------------------------------------------------------------
# Sequence family: ImageType


class _Kind(Enum):
    LOCALIZER = 1
    OTHER = 2
    DIFFUSION_MAP = 3
    ADC = 4
    DWI = 5
    PHASE = 6
    SWI = 7
    REFORMAT = 8
    PLAIN = 9


def _values(text: str) -> frozenset[str]:
    return frozenset(text.split("|"))


# First match wins, per image.  ADC before DWI: Siemens writes DIFFUSION\ADC.
# PHASE before SWI: phase images of an SWI acquisition are "other".
_IMAGE_TYPE_KINDS: tuple[tuple[_Kind, frozenset[str]], ...] = (
    (_Kind.LOCALIZER, _values("LOCALIZER|SCOUT")),
    (
        _Kind.OTHER,
        _values(
            "PERFUSION|ASL|CBF|CBV|RCBF|RCBV|MTT|TTP|FMRI|MOCO|SPECTROSCOPY|ANGIO"
            "|T1 MAP|T2 MAP|T2* MAP|FIELD_MAP|FIELDMAP|B0 MAP"
        ),
    ),
    (_Kind.DIFFUSION_MAP, _values("FA|CFA|EADC|EXP|TENSOR")),
    (_Kind.ADC, _values("ADC")),
    (_Kind.DWI, _values("DIFFUSION|TRACEW|TRACE|DWI|ISODWI")),
    (_Kind.PHASE, _values("P|PHASE|PHASE MAP|REAL|IMAGINARY")),
    (_Kind.SWI, _values("SWI|SWAN|MNIP|MINIP|MIN IP")),
    (
        _Kind.REFORMAT,
        _values(
            "MPR|MIP|PROJECTION IMAGE|REFORMATTED|CSA MPR|CSAPARALLEL|CSA RESAMPLED"
            "|SUBTRACTION|SUB|MPR THICK|MPR THIN"
        ),
    ),
)


def _image_kind(image_type: object) -> _Kind:
    tokens = _tokens(image_type)
    present = set(tokens)
    # Siemens' third value is M/P/R/I: magnitude, phase, real, imaginary.
    if len(tokens) > 2 and tokens[2] in ("R", "I"):
        present.add("PHASE")
    for kind, values in _IMAGE_TYPE_KINDS:
        if present & values:
            return kind
    if any(t.startswith(("MIP", "MPR")) for t in tokens):  # Siemens "MIP_SAG", "MPR_TRA"
        return _Kind.REFORMAT
    return _Kind.PLAIN


def _family_from_image_type(kinds: Counter[_Kind], n: int) -> SequenceFamily | None:
    if kinds[_Kind.LOCALIZER] * 2 > n:
        return SequenceFamily.LOCALIZER
    if kinds[_Kind.ADC] == n:  # every image an ADC map
        return SequenceFamily.ADC
    if kinds[_Kind.DIFFUSION_MAP] and kinds[_Kind.DIFFUSION_MAP] + kinds[_Kind.ADC] == n:
        return SequenceFamily.OTHER  # FA, exponential ADC, tensor
    if kinds[_Kind.DWI] or kinds[_Kind.ADC]:
        return SequenceFamily.DWI  # a diffusion series carrying its own maps (Philips)
    if kinds[_Kind.PHASE] == n:
        return SequenceFamily.OTHER
    if kinds[_Kind.SWI]:
        return SequenceFamily.SWI  # also when mixed with the phase images it came from
    if kinds[_Kind.OTHER] * 2 > n:
        return SequenceFamily.OTHER
    return None


# ---------------------------------------------------------------------------
# Sequence family: physics

# SequenceName (Siemens, Philips), lower case, leading "*" removed
_SEQ_DWI = re.compile(r"^(?:ep|re)_b\d|dwi")  # *ep_b1000t, *re_b1000t (RESOLVE), DwiSE
_SEQ_SWI = re.compile(r"swi|swan|^me[23]d")  # *swi3d1r, *me2d1r3 (MEDIC)
# trueFISP, CISS, TOF (fl3d1r_t70), field map, spectroscopy, gradient-echo EPI (BOLD, DSC)
_SEQ_OTHER = re.compile(r"^(?:tfi|ci3d|fl[23]d\d*r_t|fm2d|svs|csi|epfid)")
_SEQ_INVERSION = re.compile(r"^(?:tir|spcir|tfl3d)")  # turbo IR, SPACE IR, MPRAGE
# only used when ScanningSequence is missing
_SEQ_SPIN_ECHO = re.compile(r"^(?:tse|se|spc|h2d|fse|ssfse)")
_SEQ_GRADIENT = re.compile(r"^(?:fl|tfl|gre|fgre|spgr|ffe|fi\d)")

# TI windows (ms): STIR nulls fat (~150 at 1.5 T, ~230 at 3 T), FLAIR nulls CSF
# (~1600-2800); in between, an IR-prepared short-TE image is T1 (T1 FLAIR, MPRAGE).
_STIR_TI = (80.0, 300.0)
_FLAIR_TI = (1400.0, 3500.0)
_T1_TI = (300.0, 1400.0)


@dataclass(frozen=True, slots=True)
class _Acquisition:
    scanning: frozenset[str]
    variant: frozenset[str]
    options: frozenset[str]
    sequence_name: str
    tr: float | None
    te: float | None
    ti: float | None  # None also when 0: no inversion
    diffusion_weighted: bool


def _median(values: Iterable[object]) -> float | None:
    """Median of the positive finite values (multi-echo series vary in TE)."""
    numbers = sorted(v for v in (_num(x) for x in values) if v is not None and v > 0)
    if not numbers:
        return None
    # statistics.median, written out: importing statistics costs ~2 ms of the app's
    # start (the demo study is classified before it is shown)
    half = len(numbers) // 2
    return numbers[half] if len(numbers) % 2 else (numbers[half - 1] + numbers[half]) / 2


def _acquisition(instances: Sequence[InstanceHeader]) -> _Acquisition:
    def union(attribute: str) -> frozenset[str]:
        found = {t for h in instances for t in _tokens(getattr(h, attribute, ()))}
        return frozenset(found - {"NONE"})

    b_values = (_num(h.diffusion_b_value) for h in instances)
    return _Acquisition(
        scanning=union("scanning_sequence"),
        variant=union("sequence_variant"),
        options=union("scan_options"),
        sequence_name=_first_text(instances, "sequence_name").strip().lstrip("*").lower(),
        tr=_median(h.repetition_time for h in instances),
        te=_median(h.echo_time for h in instances),
        ti=_median(h.inversion_time for h in instances),
        diffusion_weighted=any(b is not None and b > 0 for b in b_values),
    )


def _within(value: float | None, bounds: tuple[float, float]) -> bool:
    return value is not None and bounds[0] <= value <= bounds[1]


def _inversion_family(ti: float | None, te: float | None) -> SequenceFamily | None:
    """Spin-echo inversion recovery, told apart by TI (and TE for FLAIR vs T1 FLAIR)."""
    if _within(ti, _STIR_TI):
        return SequenceFamily.STIR
    if _within(ti, _FLAIR_TI) and te is not None and te >= 60:
        return SequenceFamily.FLAIR
    if _within(ti, _T1_TI) and te is not None and te <= 30:
        return SequenceFamily.T1
    return None


def _family_from_physics(acq: _Acquisition) -> SequenceFamily | None:
    name = acq.sequence_name
    if acq.diffusion_weighted or _SEQ_DWI.search(name):
        return SequenceFamily.DWI
    if _SEQ_SWI.search(name):
        return SequenceFamily.SWI
    if _SEQ_OTHER.search(name):
        return SequenceFamily.OTHER
    # EPI without a b-value is BOLD, perfusion or a b0: cannot tell.  RM: research mode.
    if "EP" in acq.scanning or "RM" in acq.scanning:
        return None
    no_scanning = not acq.scanning
    spin_echo = "SE" in acq.scanning or (no_scanning and bool(_SEQ_SPIN_ECHO.search(name)))
    gradient = not spin_echo and (
        "GR" in acq.scanning or (no_scanning and bool(_SEQ_GRADIENT.search(name)))
    )
    inverted = (
        "IR" in acq.scanning
        or any(o == "IR" or o.startswith("IR_") for o in acq.options)
        or acq.ti is not None
        or bool(_SEQ_INVERSION.search(name))
    )
    tr, te = acq.tr, acq.te
    if gradient:
        if inverted or "MP" in acq.variant:
            # MPRAGE, BRAVO, 3D TFE: a prepared gradient echo read at short TE is T1
            if te is not None and te <= 10 and (acq.ti is None or _within(acq.ti, _T1_TI)):
                return SequenceFamily.T1
            return None
        # A spoiled gradient echo with a long TE is T2*-weighted.  Short-TE gradient
        # echoes (FLASH T1, TOF, SSFP, Dixon) look alike in the header: unknown.
        return SequenceFamily.SWI if te is not None and te >= 15 else None
    if inverted:  # spin-echo IR; some vendors write ScanningSequence "IR" alone
        return _inversion_family(acq.ti, te)
    if not spin_echo or tr is None or te is None:
        return None
    if tr <= 800 and te <= 30:
        return SequenceFamily.T1
    if tr >= 2000 and te >= 60:
        return SequenceFamily.T2
    if tr >= 2000 and te <= 40:
        return SequenceFamily.PD
    return None  # intermediate weighting


# ---------------------------------------------------------------------------
# Sequence family: the evidence together


def _is_post_contrast(texts: Sequence[str], instances: Sequence[InstanceHeader]) -> bool:
    """An explicit "pre"/"post" word wins; else a ContrastBolusAgent value means post."""
    for text in texts:
        if _PRE_CONTRAST_WORDS.search(text):
            return False
        if _POST_CONTRAST_WORDS.search(text):
            return True
    return any(_text(h.contrast_bolus_agent).strip().lower() not in _NO_AGENT for h in instances)


def _infer_family(
    instances: Sequence[InstanceHeader], texts: Sequence[str], region: BodyRegion
) -> SequenceFamily:
    modality = _first_text(instances, "modality").strip().upper()
    if modality and modality != "MR":
        return SequenceFamily.OTHER  # CT, SR, PR...: none of the MR families
    if _any(_LOCALIZER_WORDS, texts):
        return SequenceFamily.LOCALIZER
    kinds = Counter(_image_kind(h.image_type) for h in instances)
    family = _family_from_image_type(kinds, len(instances))
    if family is not None:
        return family

    physics = _family_from_physics(_acquisition(instances))
    for text in texts:
        words = _family_from_words(text)
        family = words.family
        if words.inversion:
            if physics in (SequenceFamily.STIR, SequenceFamily.FLAIR, SequenceFamily.T1):
                family = physics
            elif _T1_WORDS.search(text):
                family = SequenceFamily.T1
            elif region in _SPINE_LEVELS:
                family = SequenceFamily.STIR  # "t2_tirm_sag" of the spine, TI not recorded
        if family is not None:
            break
    if family is None:
        family = physics
    if family is None and (kinds[_Kind.REFORMAT] or _any(_REFORMAT_WORDS, texts)):
        return SequenceFamily.OTHER
    if family is SequenceFamily.T1 and _is_post_contrast(texts, instances):
        return SequenceFamily.T1_POST
    return family or SequenceFamily.UNKNOWN


_SAMPLE = 48


def classify_series(instances: Sequence[InstanceHeader]) -> SeriesClass:
    """Plane, body region and sequence family of one series, from its instances' headers."""
    if not instances:
        return SeriesClass(Plane.UNKNOWN, BodyRegion.UNKNOWN, SequenceFamily.UNKNOWN)
    if len(instances) > _SAMPLE:
        # Votes over an evenly spread sample are as good as over every image, and keep
        # classification cost flat for 2,000-image series (rescans are served in ms).
        n = len(instances)
        instances = [instances[i * n // _SAMPLE] for i in range(_SAMPLE)]
    descriptions = (_first_text(instances, a) for a in ("series_description", "protocol_name"))
    texts = [t for t in map(_norm, descriptions) if t.strip()]
    region = _infer_region(instances)
    return SeriesClass(
        plane=_infer_plane(instances, texts),
        region=region,
        family=_infer_family(instances, texts, region),
    )
