"""Infer plane, body region and sequence family of a series from its headers.

Placeholder: only the plane is inferred; region and family are "unknown".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from radreport.domain.study import BodyRegion, InstanceHeader, Plane, SequenceFamily


@dataclass(frozen=True, slots=True)
class SeriesClass:
    plane: Plane
    region: BodyRegion
    family: SequenceFamily


def plane_from_orientation(iop: Sequence[float] | None) -> Plane:
    """Axial/sagittal/coronal from ImageOrientationPatient (row and column cosines)."""
    if not iop or len(iop) != 6:
        return Plane.UNKNOWN
    r, c = iop[:3], iop[3:]
    normal = (
        r[1] * c[2] - r[2] * c[1],
        r[2] * c[0] - r[0] * c[2],
        r[0] * c[1] - r[1] * c[0],
    )
    axis = max(range(3), key=lambda i: abs(normal[i]))
    if abs(normal[axis]) < 0.8:  # more than ~37 degrees off every main axis
        return Plane.OBLIQUE
    return (Plane.SAGITTAL, Plane.CORONAL, Plane.AXIAL)[axis]


def classify_series(instances: Sequence[InstanceHeader]) -> SeriesClass:
    first = instances[0]
    return SeriesClass(
        plane=plane_from_orientation(first.image_orientation_patient),
        region=BodyRegion.UNKNOWN,
        family=SequenceFamily.UNKNOWN,
    )
