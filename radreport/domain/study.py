"""Study metadata as the report needs it: Patient -> Study -> Series.

Everything here is built from :class:`InstanceHeader` records, plain values
extracted from one DICOM file's header by the scanning service.  The domain
never sees a file or a pydicom object, so the grouping and every inference
(plane, region, sequence family) are testable with hand-made records.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

# ---------------------------------------------------------------------------
# Enumerations shared by the classifier, the Technique section and protocol checks


class Plane(StrEnum):
    AXIAL = "axial"
    SAGITTAL = "sagittal"
    CORONAL = "coronal"
    OBLIQUE = "oblique"
    UNKNOWN = "unknown"


class BodyRegion(StrEnum):
    BRAIN = "brain"
    CERVICAL = "cervical"
    THORACIC = "thoracic"
    LUMBAR = "lumbar"
    OTHER = "other"
    UNKNOWN = "unknown"


class SequenceFamily(StrEnum):
    T1 = "T1"
    T1_POST = "T1 post-contrast"
    T2 = "T2"
    FLAIR = "FLAIR"
    STIR = "STIR"
    PD = "PD"
    DWI = "DWI"
    ADC = "ADC"
    SWI = "SWI/T2*"
    LOCALIZER = "localizer"
    OTHER = "other"
    UNKNOWN = "unknown"


# ---------------------------------------------------------------------------
# Values


@dataclass(frozen=True, slots=True)
class PersonName:
    """A DICOM PN value already decoded to text, one string per component group.

    Each group keeps DICOM's ``^``-separated components (family^given^middle^prefix^suffix)
    so nothing is lost; :meth:`display` formats it for people.
    """

    alphabetic: str = ""
    ideographic: str = ""
    phonetic: str = ""

    def __bool__(self) -> bool:
        return bool(self.alphabetic or self.ideographic or self.phonetic)

    @staticmethod
    def _pretty(group: str) -> str:
        parts = [p.strip() for p in group.split("^")]
        parts += [""] * (5 - len(parts))
        family, given, middle, prefix, suffix = parts[:5]
        head = ", ".join(p for p in (family, " ".join(x for x in (given, middle) if x)) if p)
        return " ".join(p for p in (prefix, head, suffix) if p)

    @property
    def family_name(self) -> str:
        return self.alphabetic.split("^")[0].strip()

    @property
    def given_name(self) -> str:
        parts = self.alphabetic.split("^")
        return parts[1].strip() if len(parts) > 1 else ""

    def display(self) -> str:
        """``FAMILY, Given`` plus the ideographic form in brackets when there is one."""
        main = self._pretty(self.alphabetic) or self._pretty(self.phonetic)
        ideo = self._pretty(self.ideographic).replace(", ", "")
        if main and ideo:
            return f"{main} ({ideo})"
        return main or ideo

    def to_dict(self) -> dict[str, str]:
        return {
            "alphabetic": self.alphabetic,
            "ideographic": self.ideographic,
            "phonetic": self.phonetic,
            "display": self.display(),
        }


@dataclass(frozen=True, slots=True)
class InstanceHeader:
    """The header values of one DICOM instance that RadReport uses.

    Strings are decoded text ("" when absent); numbers are ``None`` when absent
    or unparseable.  Dates and times keep their DICOM form (YYYYMMDD, HHMMSS.f).
    """

    path: str
    sop_instance_uid: str
    sop_class_uid: str = ""
    study_instance_uid: str = ""
    series_instance_uid: str = ""
    specific_character_set: str = ""
    # patient
    patient_name: PersonName = PersonName()
    patient_id: str = ""
    patient_birth_date: str = ""
    patient_sex: str = ""
    patient_age: str = ""
    # study
    accession_number: str = ""
    study_id: str = ""
    study_date: str = ""
    study_time: str = ""
    study_description: str = ""
    referring_physician: PersonName = PersonName()
    institution_name: str = ""
    station_name: str = ""
    manufacturer: str = ""
    manufacturer_model_name: str = ""
    magnetic_field_strength: float | None = None
    contrast_bolus_agent: str = ""
    # series
    modality: str = ""
    series_number: int | None = None
    series_description: str = ""
    protocol_name: str = ""
    body_part_examined: str = ""
    series_date: str = ""
    series_time: str = ""
    # instance / acquisition
    instance_number: int | None = None
    image_type: tuple[str, ...] = ()
    image_orientation_patient: tuple[float, ...] | None = None
    image_position_patient: tuple[float, ...] | None = None
    slice_thickness: float | None = None
    pixel_spacing: tuple[float, ...] | None = None
    rows: int | None = None
    columns: int | None = None
    number_of_frames: int | None = None
    scanning_sequence: tuple[str, ...] = ()
    sequence_variant: tuple[str, ...] = ()
    scan_options: tuple[str, ...] = ()
    mr_acquisition_type: str = ""
    sequence_name: str = ""
    repetition_time: float | None = None
    echo_time: float | None = None
    inversion_time: float | None = None
    flip_angle: float | None = None
    diffusion_b_value: float | None = None
    has_pixel_data: bool = False

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able dict (used by the on-disk scan index)."""
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if isinstance(value, PersonName):
                value = [value.alphabetic, value.ideographic, value.phonetic]
            elif isinstance(value, tuple):
                value = list(value)
            out[f.name] = value
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> InstanceHeader:
        kwargs: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            if f.name not in data:
                continue
            value = data[f.name]
            if f.name in ("patient_name", "referring_physician"):
                value = PersonName(*value)
            elif isinstance(value, list):
                value = tuple(value)
            kwargs[f.name] = value
        return cls(**kwargs)


@dataclass(frozen=True, slots=True)
class ScanError:
    """A file that could not be used, and why, in words a user understands."""

    path: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "reason": self.reason}


# ---------------------------------------------------------------------------
# Dates and ages


def parse_da(value: str) -> dt.date | None:
    """A DICOM DA (YYYYMMDD, or the old YYYY.MM.DD) as a date, None if invalid."""
    text = value.strip().replace(".", "").replace("-", "")
    if len(text) != 8 or not text.isdigit():
        return None
    try:
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None


def parse_tm(value: str) -> dt.time | None:
    """A DICOM TM (HH[MM[SS[.F]]], or the old HH:MM:SS) as a time, None if invalid."""
    text = value.strip().replace(":", "")
    main, _, frac = text.partition(".")
    if not main.isdigit() or len(main) not in (2, 4, 6):
        return None
    try:
        micro = int((frac + "000000")[:6]) if frac.isdigit() else 0
        return dt.time(
            int(main[0:2]),
            int(main[2:4] or 0),
            min(int(main[4:6] or 0), 59),  # leap second 60 is legal in DICOM
            micro,
        )
    except ValueError:
        return None


def age_from_dicom(age: str) -> str:
    """Normalise an AS value ("067Y", "011M") to "67 y" / "11 mo" / "3 wk" / "5 d"."""
    text = age.strip().upper()
    if len(text) != 4 or not text[:3].isdigit() or text[3] not in "DWMY":
        return ""
    unit = {"D": "d", "W": "wk", "M": "mo", "Y": "y"}[text[3]]
    return f"{int(text[:3])} {unit}"


def age_between(birth: dt.date, on: dt.date) -> str:
    """Completed age on a date, in the unit a clinician uses for that age."""
    if on < birth:
        return ""
    years = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
    if years >= 2:
        return f"{years} y"
    months = (on.year - birth.year) * 12 + on.month - birth.month - (on.day < birth.day)
    if months >= 1:
        return f"{months} mo"
    return f"{(on - birth).days} d"


# ---------------------------------------------------------------------------
# Aggregates


@dataclass(slots=True)
class Series:
    series_instance_uid: str
    instances: list[InstanceHeader] = field(default_factory=list)
    plane: Plane = Plane.UNKNOWN
    region: BodyRegion = BodyRegion.UNKNOWN
    family: SequenceFamily = SequenceFamily.UNKNOWN

    @property
    def first(self) -> InstanceHeader:
        return self.instances[0]

    @property
    def number(self) -> int | None:
        return self.first.series_number

    @property
    def description(self) -> str:
        return self.first.series_description or self.first.protocol_name

    @property
    def modality(self) -> str:
        return self.first.modality

    @property
    def instance_count(self) -> int:
        return len(self.instances)

    @property
    def slice_thickness(self) -> float | None:
        return self.first.slice_thickness

    @property
    def is_3d(self) -> bool:
        return self.first.mr_acquisition_type.upper() == "3D"

    def middle_instance(self) -> InstanceHeader:
        """The instance in the middle of the stack (by instance number), for thumbnails."""
        ordered = sorted(self.instances, key=lambda h: (h.instance_number or 0, h.path))
        return ordered[len(ordered) // 2]

    def to_dict(self) -> dict[str, Any]:
        h = self.first
        return {
            "series_instance_uid": self.series_instance_uid,
            "number": self.number,
            "description": self.description,
            "modality": self.modality,
            "instance_count": self.instance_count,
            "plane": self.plane.value,
            "slice_thickness_mm": self.slice_thickness,
            "acquisition": h.mr_acquisition_type or None,
            "body_region": self.region.value,
            "sequence_family": self.family.value,
            "repetition_time_ms": h.repetition_time,
            "echo_time_ms": h.echo_time,
            "inversion_time_ms": h.inversion_time,
            "contrast_agent": h.contrast_bolus_agent or None,
        }


@dataclass(slots=True)
class Patient:
    patient_id: str
    name: PersonName
    birth_date: dt.date | None
    sex: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.patient_id,
            "name": self.name.to_dict(),
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
            "sex": self.sex or None,
        }


@dataclass(slots=True)
class Study:
    study_instance_uid: str
    patient: Patient
    series: list[Series] = field(default_factory=list)
    accession_number: str = ""
    study_id: str = ""
    date: dt.date | None = None
    time: dt.time | None = None
    description: str = ""
    referring_physician: PersonName = PersonName()
    institution: str = ""
    manufacturer: str = ""
    model: str = ""
    field_strength_t: float | None = None
    age_at_study: str = ""

    @property
    def modalities(self) -> list[str]:
        return sorted({s.modality for s in self.series if s.modality})

    @property
    def contrast_agents(self) -> list[str]:
        """Contrast agents named in any series header (empty: none recorded)."""
        seen: dict[str, None] = {}
        for s in self.series:
            for h in s.instances[:1]:
                if h.contrast_bolus_agent:
                    seen.setdefault(h.contrast_bolus_agent, None)
        return list(seen)

    @property
    def regions(self) -> list[BodyRegion]:
        order = list(BodyRegion)
        found = {s.region for s in self.series} - {BodyRegion.UNKNOWN}
        return sorted(found, key=order.index)

    @property
    def instance_count(self) -> int:
        return sum(s.instance_count for s in self.series)

    def to_dict(self) -> dict[str, Any]:
        return {
            "study_instance_uid": self.study_instance_uid,
            "patient": self.patient.to_dict(),
            "accession_number": self.accession_number or None,
            "study_id": self.study_id or None,
            "date": self.date.isoformat() if self.date else None,
            "time": self.time.isoformat() if self.time else None,
            "description": self.description or None,
            "referring_physician": self.referring_physician.to_dict()
            if self.referring_physician
            else None,
            "institution": self.institution or None,
            "modalities": self.modalities,
            "scanner": {
                "manufacturer": self.manufacturer or None,
                "model": self.model or None,
                "field_strength_t": self.field_strength_t,
            },
            "contrast_agent": "; ".join(self.contrast_agents) or None,
            "age_at_study": self.age_at_study or None,
            "regions": [r.value for r in self.regions],
            "instance_count": self.instance_count,
            "series": [s.to_dict() for s in self.series],
        }


def _first_nonempty(values: Iterable[Any]) -> Any:
    for v in values:
        if v:
            return v
    return None


def build_studies(headers: Sequence[InstanceHeader]) -> list[Study]:
    """Group instance headers into studies and series, sorted for display.

    Studies sort by patient then date; series by number then description.
    Series attributes are classified with :mod:`radreport.domain.classify`.
    """
    from radreport.domain.classify import classify_series

    by_study: dict[str, dict[str, list[InstanceHeader]]] = {}
    for h in headers:
        by_study.setdefault(h.study_instance_uid, {}).setdefault(h.series_instance_uid, []).append(
            h
        )

    studies: list[Study] = []
    for study_uid, series_map in by_study.items():
        all_headers = [h for hs in series_map.values() for h in hs]
        first = all_headers[0]
        birth = parse_da(first.patient_birth_date)
        date = parse_da(first.study_date) or parse_da(
            _first_nonempty(h.series_date for h in all_headers) or ""
        )
        age = age_from_dicom(first.patient_age)
        if not age and birth and date:
            age = age_between(birth, date)
        series_list: list[Series] = []
        for series_uid, items in series_map.items():
            items.sort(key=lambda h: (h.instance_number is None, h.instance_number or 0, h.path))
            s = Series(series_uid, items)
            cls = classify_series(items)
            s.plane, s.region, s.family = cls.plane, cls.region, cls.family
            series_list.append(s)
        series_list.sort(
            key=lambda s: (s.number is None, s.number or 0, s.description, s.series_instance_uid)
        )
        mr = [h for h in all_headers if h.modality == "MR"] or all_headers
        studies.append(
            Study(
                study_instance_uid=study_uid,
                patient=Patient(
                    patient_id=first.patient_id,
                    name=first.patient_name,
                    birth_date=birth,
                    sex=first.patient_sex,
                ),
                series=series_list,
                accession_number=first.accession_number,
                study_id=first.study_id,
                date=date,
                time=parse_tm(first.study_time),
                description=first.study_description,
                referring_physician=first.referring_physician,
                institution=_first_nonempty(h.institution_name for h in all_headers) or "",
                manufacturer=_first_nonempty(h.manufacturer for h in mr) or "",
                model=_first_nonempty(h.manufacturer_model_name for h in mr) or "",
                field_strength_t=_first_nonempty(h.magnetic_field_strength for h in mr),
                age_at_study=age,
            )
        )
    studies.sort(
        key=lambda s: (
            s.patient.name.alphabetic,
            s.patient.patient_id,
            s.date or dt.date.min,
            s.study_instance_uid,
        )
    )
    return studies


@dataclass(frozen=True, slots=True)
class PatientGroup:
    patient: Patient
    studies: tuple[Study, ...]


def group_by_patient(studies: Sequence[Study]) -> list[PatientGroup]:
    """Patient -> Studies, keyed on (patient ID, name) since IDs are not unique across sites."""
    groups: dict[tuple[str, str], list[Study]] = {}
    for s in studies:
        groups.setdefault((s.patient.patient_id, s.patient.name.alphabetic), []).append(s)
    return [PatientGroup(v[0].patient, tuple(v)) for v in groups.values()]
