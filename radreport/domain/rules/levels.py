"""Spinal levels: vertebrae C1..S1 and the disc levels between them.

* Vertebral levels: C1-C7, T1-T12, L1-L5 and S1 (the only sacral level the
  templates use).  ``"c5"``, ``" C5 "`` and ``"C05"`` all parse to ``C5``.
* Disc levels join two adjacent vertebrae, C2-C3 to L5-S1 (C1-C2 has no disc).
  ``"C5-C6"``, ``"C5-6"``, ``"c5/6"``, ``"C5/C6"``, ``"C5 - C6"`` and ``"C5–C6"``
  all normalise to ``"C5-C6"``; ``"C7-T1"``, ``"T12-L1"``, ``"L5-S1"`` cross
  regions.
* Ordering is cranio-caudal on one scale for both kinds: vertebra *k* sits at
  position ``2k`` and the disc below it at ``2k + 1`` (C5 < C5-C6 < C6).
* Regions: each vertebra belongs to its own region.  A disc level belongs to the
  regions of both its vertebrae, so the junction levels C7-T1 and T12-L1 are
  valid in both adjacent regions (and L5-S1 is lumbar and sacral).  For
  validation, the *lumbar* region also accepts S1: a lumbar spine MRI is
  lumbosacral and S1 is the only sacral level modelled.

Invalid text raises :class:`ValueError` with a message that says what is wrong
("'C8' is not a vertebral level: the cervical spine has C1 to C7").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from radreport.domain.rules.messages import Label
from radreport.domain.study import BodyRegion

__all__ = [
    "DISC_LEVELS",
    "REGION_LABELS",
    "VERTEBRAL_LEVELS",
    "DiscLevel",
    "Level",
    "LevelLike",
    "SpineRegion",
    "Vertebra",
    "disc_levels_for_region",
    "level_in_region",
    "level_range_valid",
    "normalize_level",
    "parse_disc_level",
    "parse_level",
    "parse_vertebra",
    "regions_of",
    "segments_spanned",
    "sort_levels",
    "spine_region",
]


class SpineRegion(StrEnum):
    CERVICAL = "cervical"
    THORACIC = "thoracic"
    LUMBAR = "lumbar"
    SACRAL = "sacral"


REGION_LABELS: dict[SpineRegion, Label] = {
    SpineRegion.CERVICAL: Label("Cervical spine", "Colonne cervicale"),
    SpineRegion.THORACIC: Label("Thoracic spine", "Colonne dorsale"),
    SpineRegion.LUMBAR: Label("Lumbar spine", "Colonne lombaire"),
    SpineRegion.SACRAL: Label("Sacrum", "Sacrum"),
}

_SEGMENTS: tuple[tuple[str, int, SpineRegion, str], ...] = (
    ("C", 7, SpineRegion.CERVICAL, "the cervical spine has C1 to C7"),
    ("T", 12, SpineRegion.THORACIC, "the thoracic spine has T1 to T12"),
    ("L", 5, SpineRegion.LUMBAR, "the lumbar spine has L1 to L5"),
    ("S", 1, SpineRegion.SACRAL, "only S1 is used for the sacrum"),
)

VERTEBRAL_LEVELS: tuple[str, ...] = tuple(
    f"{letter}{n}" for letter, count, _, _ in _SEGMENTS for n in range(1, count + 1)
)
_INDEX: dict[str, int] = {name: i for i, name in enumerate(VERTEBRAL_LEVELS)}
_REGION_OF_LETTER: dict[str, SpineRegion] = {s[0]: s[2] for s in _SEGMENTS}
_RANGE_HINT: dict[str, str] = {s[0]: s[3] for s in _SEGMENTS}
_FIRST_DISC_INDEX = _INDEX["C2"]  # C1-C2 (atlanto-axial) has no intervertebral disc
_LAST_DISC_INDEX = _INDEX["L5"]  # L5-S1

_EXPECTED = "expected a vertebral level such as C5, T12 or S1, or a disc level such as C5-C6"
_VERTEBRA_RE = re.compile(r"([CTLS])\s*(\d{1,2})", re.IGNORECASE)
_DISC_RE = re.compile(r"([CTLS])\s*(\d{1,2})\s*[-‐‑–—/]\s*([CTLS])?\s*(\d{1,2})", re.IGNORECASE)
_SEPARATORS = re.compile(r"[-‐‑–—/]")


class _Ordered:
    """Cranio-caudal ordering shared by vertebrae and disc levels."""

    __slots__ = ()

    @property
    def position(self) -> int:  # pragma: no cover - overridden
        raise NotImplementedError

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, _Ordered):
            return NotImplemented
        return self.position < other.position

    def __le__(self, other: object) -> bool:
        if not isinstance(other, _Ordered):
            return NotImplemented
        return self.position <= other.position

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, _Ordered):
            return NotImplemented
        return self.position > other.position

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, _Ordered):
            return NotImplemented
        return self.position >= other.position


@dataclass(frozen=True, slots=True)
class Vertebra(_Ordered):
    """A vertebral level; ``index`` 0 is C1, 25 is S1."""

    index: int

    def __post_init__(self) -> None:
        if not 0 <= self.index < len(VERTEBRAL_LEVELS):
            raise ValueError(f"vertebra index {self.index} is outside C1..S1")

    @classmethod
    def parse(cls, text: str) -> Vertebra:
        return parse_vertebra(text)

    @property
    def name(self) -> str:
        return VERTEBRAL_LEVELS[self.index]

    @property
    def letter(self) -> str:
        return self.name[0]

    @property
    def number(self) -> int:
        return int(self.name[1:])

    @property
    def region(self) -> SpineRegion:
        return _REGION_OF_LETTER[self.letter]

    @property
    def position(self) -> int:
        return 2 * self.index

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True, slots=True)
class DiscLevel(_Ordered):
    """The disc level below vertebra ``upper`` (``DiscLevel(C5)`` is C5-C6)."""

    upper: Vertebra

    def __post_init__(self) -> None:
        if self.upper.index < _FIRST_DISC_INDEX:
            raise ValueError("C1-C2 has no intervertebral disc (disc levels start at C2-C3)")
        if self.upper.index > _LAST_DISC_INDEX:
            raise ValueError(f"there is no disc level below {self.upper} (the last is L5-S1)")

    @classmethod
    def parse(cls, text: str) -> DiscLevel:
        return parse_disc_level(text)

    @property
    def lower(self) -> Vertebra:
        return Vertebra(self.upper.index + 1)

    @property
    def name(self) -> str:
        return f"{self.upper}-{self.lower}"

    @property
    def position(self) -> int:
        return 2 * self.upper.index + 1

    def __str__(self) -> str:
        return self.name


Level = Vertebra | DiscLevel
LevelLike = str | Vertebra | DiscLevel

VERTEBRAE: tuple[Vertebra, ...] = tuple(Vertebra(i) for i in range(len(VERTEBRAL_LEVELS)))
DISC_LEVELS: tuple[DiscLevel, ...] = tuple(
    DiscLevel(Vertebra(i)) for i in range(_FIRST_DISC_INDEX, _LAST_DISC_INDEX + 1)
)


# ---------------------------------------------------------------------------
# Parsing


def _vertebra_from_parts(letter: str, number: int) -> Vertebra | None:
    index = _INDEX.get(f"{letter.upper()}{number}")
    return None if index is None else Vertebra(index)


def _invalid_vertebra(letter: str, number: int) -> str:
    name = f"{letter.upper()}{number}"
    return f"{name!r} is not a vertebral level: {_RANGE_HINT[letter.upper()]}"


def _no_such_vertebra(letter: str, number: int) -> str:
    return f"there is no {letter.upper()}{number} ({_RANGE_HINT[letter.upper()]})"


def _require_str(text: object) -> str:
    if not isinstance(text, str):
        raise ValueError(f"{text!r} is not a spinal level: {_EXPECTED}")
    return text


def parse_vertebra(text: str | Vertebra) -> Vertebra:
    """``"c5"`` -> C5.  ValueError for "C8", "T13", "L6", "S2", "X1"..."""
    if isinstance(text, Vertebra):
        return text
    text = _require_str(text)
    m = _VERTEBRA_RE.fullmatch(text.strip())
    if m is None:
        raise ValueError(f"{text!r} is not a vertebral level: {_EXPECTED}")
    letter, number = m.group(1), int(m.group(2))
    vertebra = _vertebra_from_parts(letter, number)
    if vertebra is None:
        raise ValueError(_invalid_vertebra(letter, number))
    return vertebra


def parse_disc_level(text: str | DiscLevel) -> DiscLevel:
    """``"C5-6"``, ``"c5/c6"``, ``"C5–C6"`` -> C5-C6.  ValueError when not a disc level."""
    if isinstance(text, DiscLevel):
        return text
    text = _require_str(text)
    m = _DISC_RE.fullmatch(text.strip())
    if m is None:
        raise ValueError(f"{text!r} is not a disc level: expected e.g. C5-C6, C5-6 or C5/6")
    letter1, number1 = m.group(1), int(m.group(2))
    letter2, number2 = m.group(3) or letter1, int(m.group(4))
    upper = _vertebra_from_parts(letter1, number1)
    if upper is None:
        raise ValueError(f"{text!r} is not a disc level: {_no_such_vertebra(letter1, number1)}")
    lower = _vertebra_from_parts(letter2, number2)
    if lower is None:
        hint = ""
        if number2 == number1 + 1 and upper.index + 1 < len(VERTEBRAE):
            hint = f"; did you mean {DiscLevel(upper)}?"
        raise ValueError(
            f"{text!r} is not a disc level: {_no_such_vertebra(letter2, number2)}{hint}"
        )
    if lower.index == upper.index - 1 and lower.index >= _FIRST_DISC_INDEX:
        raise ValueError(
            f"{text!r} is written caudal to cranial: write the upper vertebra first "
            f"({DiscLevel(lower)})"
        )
    if lower.index != upper.index + 1:
        raise ValueError(
            f"{text!r} is not a disc level: {upper} and {lower} are not adjacent vertebrae "
            "(a disc level joins two adjacent vertebrae, e.g. C5-C6)"
        )
    try:
        return DiscLevel(upper)
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a disc level: {exc}") from None


def parse_level(text: LevelLike) -> Level:
    """A vertebral or disc level from text (a disc level when it has a separator)."""
    if isinstance(text, Vertebra | DiscLevel):
        return text
    text = _require_str(text)
    if _SEPARATORS.search(text):
        return parse_disc_level(text)
    if _VERTEBRA_RE.fullmatch(text.strip()) is None:
        raise ValueError(f"{text!r} is not a spinal level: {_EXPECTED}")
    return parse_vertebra(text)


def normalize_level(text: LevelLike) -> str:
    """The canonical spelling: ``"c5/6"`` -> ``"C5-C6"``, ``"t12"`` -> ``"T12"``."""
    return str(parse_level(text))


def sort_levels(levels: Iterable[LevelLike]) -> list[Level]:
    """Parsed levels in cranio-caudal order."""
    return sorted((parse_level(x) for x in levels), key=lambda lv: lv.position)


# ---------------------------------------------------------------------------
# Ranges


def level_range_valid(start: LevelLike, end: LevelLike) -> bool:
    """True when ``start`` is at or above ``end`` (a range is written cranial to caudal).

    Raises ValueError when either end is not a spinal level.
    """
    return parse_level(start).position <= parse_level(end).position


def segments_spanned(start: LevelLike, end: LevelLike) -> int:
    """Vertebral segments covered by a lesion from ``start`` to ``end``, inclusive.

    C3 to C5 spans 3 segments; C5 to C5 spans 1.  A disc-level end counts only
    the vertebrae inside the range (C3-C4 to C5-C6 spans C4 and C5: 2), so the
    count never overstates a lesion's length; a lesion confined to one disc level
    counts as 1.  ValueError if a level is invalid or the range is caudal to
    cranial.
    """
    a, b = parse_level(start), parse_level(end)
    if a.position > b.position:
        raise ValueError(f"level range {a} to {b} is reversed: give the upper level first")
    first = (a.position + 1) // 2  # ceil: first vertebra at or below start
    last = b.position // 2  # floor: last vertebra at or above end
    return max(1, last - first + 1)


# ---------------------------------------------------------------------------
# Regions


_BODY_TO_SPINE: dict[BodyRegion, SpineRegion] = {
    BodyRegion.CERVICAL: SpineRegion.CERVICAL,
    BodyRegion.THORACIC: SpineRegion.THORACIC,
    BodyRegion.LUMBAR: SpineRegion.LUMBAR,
}


def spine_region(region: SpineRegion | BodyRegion | str) -> SpineRegion:
    """A SpineRegion from a SpineRegion, a spinal BodyRegion or their value text."""
    if isinstance(region, SpineRegion):
        return region
    if isinstance(region, BodyRegion):
        if region in _BODY_TO_SPINE:
            return _BODY_TO_SPINE[region]
        raise ValueError(f"{region.value!r} is not a spinal region")
    try:
        return SpineRegion(str(region).strip().lower())
    except ValueError:
        raise ValueError(
            f"{region!r} is not a spinal region: expected cervical, thoracic, lumbar or sacral"
        ) from None


def regions_of(level: LevelLike) -> frozenset[SpineRegion]:
    """The anatomical region(s) of a level; junction disc levels belong to both."""
    lv = parse_level(level)
    if isinstance(lv, Vertebra):
        return frozenset({lv.region})
    return frozenset({lv.upper.region, lv.lower.region})


def level_in_region(level: LevelLike, region: SpineRegion | BodyRegion | str) -> bool:
    """Whether a level is valid in a region's report (see the module docstring).

    Raises ValueError for an invalid level or a non-spinal region.
    """
    target = spine_region(region)
    found = regions_of(level)
    if target is SpineRegion.LUMBAR and SpineRegion.SACRAL in found:
        return True
    return target in found


def disc_levels_for_region(region: SpineRegion | BodyRegion | str) -> tuple[DiscLevel, ...]:
    """Disc levels listed in a region's template.

    Cervical C2-C3..C7-T1, thoracic T1-T2..T12-L1, lumbar L1-L2..L5-S1.
    """
    target = spine_region(region)
    bounds = {
        SpineRegion.CERVICAL: ("C2", "C7"),
        SpineRegion.THORACIC: ("T1", "T12"),
        SpineRegion.LUMBAR: ("L1", "L5"),
    }
    if target not in bounds:
        raise ValueError(f"no disc levels are listed for the {target.value} region")
    first, last = (_INDEX[name] for name in bounds[target])
    return tuple(d for d in DISC_LEVELS if first <= d.upper.index <= last)
