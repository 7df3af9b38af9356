"""Synthetic demo MRI study for RadReport's demo mode.

Nothing written by this module comes from a real patient. The patient, the referring
physician, the institution and every header value are fictitious, and the pixels are drawn
by this module from a simple mathematical model of a head, neck and thorax (ellipsoids,
tubes and sine patterns), sampled on the image planes, given a tissue contrast per pulse
sequence, blurred a little and overlaid with seeded noise. Everything is deterministic:
two calls write byte-identical files.

The study imitates what a 1.5 T GE SIGNA Artist writes for an ALS (SLA) work-up done in one
session: brain (3-plane localizer, sagittal 3D T1 BRAVO, sagittal 3D CUBE T2 FLAIR, axial
T2 FRFSE, axial DWI with its ADC map, axial SWAN), then cervical and thoracic spine
(3-plane localizer, sagittal T1 FSE, T2 FRFSE and STIR, axial T2 FRFSE). No contrast agent
is given. To keep the demo small (about 200 files, a few MB) the matrices are small and
the 3D series keep only every few-th partition: their SliceThickness is the acquired
partition thickness and SpacingBetweenSlices the spacing of the partitions kept.

The model shows a few findings that suit the work-up: a mild T2/FLAIR hyperintensity of
the corticospinal tracts, a low SWAN signal of the precentral cortex ("motor band") and
a couple of desiccated cervical and thoracic discs.

Files are written as ``DEMO/S{series:03d}/I{instance:04d}.dcm`` (Explicit VR Little
Endian, UTF-8 "ISO_IR 192"). Series are numbered as GE does (1, 2, 3..., ADC map 500);
the spine series, acquired after a new landmark, have their own frame of reference.
``DEMO_SERIES`` lists the series; the ``DEMO_*`` constants give the fictitious identities.

This module is plain Python (numpy + pydicom) and never imports Qt.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np
import numpy.typing as npt
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import UID, ExplicitVRLittleEndian, MRImageStorage

__all__ = [
    "DEMO_ACCESSION",
    "DEMO_DIR_NAME",
    "DEMO_INSTITUTION",
    "DEMO_INSTITUTION_ADDRESS",
    "DEMO_MANUFACTURER",
    "DEMO_MODEL",
    "DEMO_PATIENT_AGE",
    "DEMO_PATIENT_BIRTH_DATE",
    "DEMO_PATIENT_ID",
    "DEMO_PATIENT_NAME",
    "DEMO_PATIENT_SEX",
    "DEMO_REFERRING_PHYSICIAN",
    "DEMO_SERIES",
    "DEMO_STUDY_DATE",
    "DEMO_STUDY_DESCRIPTION",
    "DEMO_STUDY_INSTANCE_UID",
    "DemoSeries",
    "write_demo_study",
]

# --------------------------------------------------------------------------------------
# Public constants (all fictitious)
# --------------------------------------------------------------------------------------

DEMO_PATIENT_NAME: Final = "TREMBLAY^Hélène"
DEMO_PATIENT_ID: Final = "DEMO-000123"
DEMO_PATIENT_BIRTH_DATE: Final = "19630418"
DEMO_PATIENT_SEX: Final = "F"
DEMO_PATIENT_AGE: Final = "061Y"
DEMO_REFERRING_PHYSICIAN: Final = "GAGNON^Marc-André^^Dr"
DEMO_INSTITUTION: Final = "Clinique d'imagerie démo (fictive)"
DEMO_INSTITUTION_ADDRESS: Final = "123 rue de la Démo, Démoville (Québec), Canada"
DEMO_ACCESSION: Final = "DEMO2406120042"
DEMO_STUDY_ID: Final = "4242"
DEMO_STUDY_DATE: Final = "20240612"
DEMO_STUDY_TIME: Final = "083410"
DEMO_STUDY_DESCRIPTION: Final = "IRM ENCEPHALE + MOELLE (SLA)"
DEMO_MANUFACTURER: Final = "GE MEDICAL SYSTEMS"
DEMO_MODEL: Final = "SIGNA Artist"
DEMO_DIR_NAME: Final = "DEMO"

_UID_SEED: Final = "RadReport synthetic demo study v1"


def _uid(*parts: str) -> UID:
    """A fixed UID derived from the parts, the same on every run: "2.25." followed by the
    integer of a name-based (SHA-1) UUID, as ISO/IEC 9834-8 allows."""
    return UID(f"2.25.{uuid.uuid5(uuid.NAMESPACE_URL, '/'.join((_UID_SEED, *parts))).int}")


DEMO_STUDY_INSTANCE_UID: Final = _uid("study")
_IMPLEMENTATION_CLASS_UID: Final = _uid("implementation")
_FOR_BRAIN: Final = _uid("frame-of-reference", "brain")
_FOR_SPINE: Final = _uid("frame-of-reference", "spine")

# The spine exam was landmarked lower than the brain exam: the model's coordinates are
# those of the brain frame; spine images are written in a frame shifted by this vector.
_SPINE_FRAME_OFFSET: Final = (0.0, 0.0, -200.0)

FArr = npt.NDArray[np.float32]
BArr = npt.NDArray[np.bool_]
LArr = npt.NDArray[np.int8]
Vec = tuple[float, float, float]

# --------------------------------------------------------------------------------------
# Tissues and their signal per contrast
# --------------------------------------------------------------------------------------

(
    AIR,
    FAT,
    MUSCLE,
    PE,  # small, cortex-rich bones (posterior arches, mandible, ribs)
    BONE,  # cortical bone
    MARROW,  # fatty marrow (skull diploe)
    CSF,
    GM,
    WM,
    DGM,  # deep grey nuclei
    PALLIDUM,
    CST,  # corticospinal tract (mild T2/FLAIR hyperintensity)
    MOTOR_GM,  # precentral cortex (low SWAN signal)
    STEM,
    VEIN,
    FLUID,  # vitreous
    VB,  # vertebral body marrow
    DISC,
    DISC_DRY,
    ANNULUS,
    CORD,
    CORD_GM,
    LUNG,
    VESSEL,  # flowing blood
    HEART,
    FAT_PLANE,  # thin fat between muscles (partial volume of fat and muscle)
) = range(26)

_CONTRASTS: Final = ("T1GRE", "T1FSE", "T2", "FLAIR", "B0", "ADC", "SWAN", "STIR", "LOC")
# Relative signal (0..1) per tissue; ADC column in 10^-6 mm²/s.
_TISSUE_SIGNAL: Final[dict[int, tuple[float, ...]]] = {
    #           T1GRE T1FSE  T2   FLAIR  B0    ADC   SWAN  STIR  LOC
    AIR: (0.00, 0.00, 0.00, 0.00, 0.00, 0.0, 0.00, 0.00, 0.00),
    FAT: (0.85, 0.95, 0.72, 0.55, 0.06, 400.0, 0.55, 0.04, 0.85),
    MUSCLE: (0.32, 0.38, 0.20, 0.22, 0.18, 1500.0, 0.30, 0.20, 0.35),
    PE: (0.40, 0.50, 0.30, 0.25, 0.08, 500.0, 0.25, 0.12, 0.40),
    BONE: (0.03, 0.04, 0.03, 0.03, 0.02, 0.0, 0.03, 0.03, 0.03),
    MARROW: (0.70, 0.80, 0.50, 0.42, 0.06, 400.0, 0.45, 0.06, 0.65),
    CSF: (0.07, 0.10, 1.00, 0.04, 1.00, 3100.0, 0.80, 0.95, 0.25),
    GM: (0.42, 0.48, 0.55, 0.62, 0.62, 850.0, 0.52, 0.52, 0.40),
    WM: (0.70, 0.62, 0.36, 0.42, 0.45, 720.0, 0.58, 0.32, 0.50),
    DGM: (0.50, 0.52, 0.45, 0.52, 0.52, 760.0, 0.44, 0.42, 0.45),
    PALLIDUM: (0.55, 0.54, 0.35, 0.42, 0.42, 740.0, 0.24, 0.35, 0.45),
    CST: (0.68, 0.60, 0.47, 0.57, 0.50, 740.0, 0.57, 0.42, 0.50),
    MOTOR_GM: (0.42, 0.48, 0.52, 0.60, 0.60, 850.0, 0.26, 0.52, 0.40),
    STEM: (0.62, 0.58, 0.40, 0.48, 0.48, 740.0, 0.52, 0.38, 0.48),
    VEIN: (0.35, 0.08, 0.06, 0.06, 0.10, 1000.0, 0.03, 0.06, 0.70),
    FLUID: (0.06, 0.10, 0.95, 0.05, 0.95, 3000.0, 0.75, 0.92, 0.25),
    VB: (0.62, 0.72, 0.45, 0.40, 0.12, 500.0, 0.40, 0.14, 0.55),
    DISC: (0.33, 0.36, 0.80, 0.55, 0.60, 1800.0, 0.50, 0.72, 0.35),
    DISC_DRY: (0.30, 0.32, 0.30, 0.25, 0.30, 1200.0, 0.30, 0.28, 0.30),
    ANNULUS: (0.22, 0.25, 0.12, 0.12, 0.10, 1000.0, 0.15, 0.12, 0.25),
    CORD: (0.58, 0.55, 0.40, 0.45, 0.45, 900.0, 0.50, 0.42, 0.45),
    CORD_GM: (0.55, 0.52, 0.48, 0.52, 0.50, 900.0, 0.50, 0.50, 0.45),
    LUNG: (0.02, 0.02, 0.02, 0.02, 0.02, 0.0, 0.01, 0.03, 0.02),
    VESSEL: (0.80, 0.06, 0.06, 0.06, 0.08, 0.0, 0.45, 0.06, 0.80),
    HEART: (0.40, 0.45, 0.30, 0.30, 0.25, 1400.0, 0.30, 0.32, 0.40),
    FAT_PLANE: (0.55, 0.62, 0.42, 0.36, 0.12, 1000.0, 0.40, 0.12, 0.55),
}
_SIGNAL_TABLE: Final = np.array(
    [_TISSUE_SIGNAL[i] for i in range(len(_TISSUE_SIGNAL))], dtype=np.float32
)

# --------------------------------------------------------------------------------------
# Geometry helpers of the anatomical model (millimetres, DICOM patient axes: x to the
# patient's left, y posterior, z superior; origin near the centre of the brain)
# --------------------------------------------------------------------------------------


def _ell_dist(x: FArr, y: FArr, z: FArr, c: Vec, r: Vec) -> FArr:
    """Approximate signed distance (mm) to an ellipsoid surface, negative inside."""
    px = (x - c[0]) / r[0]
    py = (y - c[1]) / r[1]
    pz = (z - c[2]) / r[2]
    k0 = np.sqrt(px * px + py * py + pz * pz)
    k1 = np.sqrt((px / r[0]) ** 2 + (py / r[1]) ** 2 + (pz / r[2]) ** 2)
    ratio = np.where(k1 > 1e-6, k0 / np.maximum(k1, 1e-6), min(r))
    return np.asarray((k0 - 1.0) * ratio, dtype=np.float32)


def _in_ell(x: FArr, y: FArr, z: FArr, c: Vec, r: Vec) -> BArr:
    px = (x - c[0]) / r[0]
    py = (y - c[1]) / r[1]
    pz = (z - c[2]) / r[2]
    return np.asarray(px * px + py * py + pz * pz < 1.0)


def _ell2_dist(u: FArr, v: FArr, ru: FArr | float, rv: FArr | float) -> FArr:
    """Approximate signed distance to an ellipse centred at 0 (2-D, cross-sections)."""
    pu = u / ru
    pv = v / rv
    k0 = np.sqrt(pu * pu + pv * pv)
    k1 = np.sqrt((pu / ru) ** 2 + (pv / rv) ** 2)
    return np.asarray((k0 - 1.0) * k0 / np.maximum(k1, 1e-6), dtype=np.float32)


def _sigmoid(t: FArr) -> FArr:
    return np.asarray(1.0 / (1.0 + np.exp(-t)), dtype=np.float32)


def _smooth_table(ctrl: list[tuple[float, float]], sigma: float) -> tuple[FArr, FArr]:
    zs = np.arange(-750.0, 150.0, 1.0, dtype=np.float32)
    cz = np.array([p[0] for p in ctrl], dtype=np.float32)
    cv = np.array([p[1] for p in ctrl], dtype=np.float32)
    order = np.argsort(cz)
    vals = np.interp(zs, cz[order], cv[order])
    k = np.arange(-3 * sigma, 3 * sigma + 1.0)
    kern = np.exp(-0.5 * (k / sigma) ** 2)
    kern /= kern.sum()
    pad = len(k) // 2
    smooth = np.convolve(np.pad(vals, pad, mode="edge"), kern, mode="valid")
    return zs, smooth.astype(np.float32)


# Centre of the spinal canal (y as a function of z): cervical lordosis, thoracic kyphosis.
_CANAL_Z, _CANAL_Y = _smooth_table(
    [
        (150.0, 20.0),
        (-60.0, 20.0),
        (-95.0, 18.0),
        (-135.0, 12.0),
        (-175.0, 18.0),
        (-210.0, 30.0),
        (-270.0, 46.0),
        (-340.0, 55.0),
        (-410.0, 50.0),
        (-480.0, 38.0),
        (-560.0, 30.0),
        (-750.0, 30.0),
    ],
    sigma=14.0,
)


def _canal_y(z: FArr) -> FArr:
    return np.asarray(np.interp(z, _CANAL_Z, _CANAL_Y), dtype=np.float32)


def _zinterp(z: FArr, pts: list[tuple[float, float]]) -> FArr:
    """Piecewise-linear profile along z (control points given from top to bottom)."""
    zz = np.array([p[0] for p in reversed(pts)], dtype=np.float32)
    vv = np.array([p[1] for p in reversed(pts)], dtype=np.float32)
    return np.asarray(np.interp(z, zz, vv), dtype=np.float32)


def _canal_semi(z: FArr) -> tuple[FArr, FArr]:
    ap = _zinterp(z, [(-60, 8.0), (-100, 7.2), (-190, 6.6), (-300, 6.0), (-480, 6.6), (-560, 8)])
    lr = _zinterp(
        z, [(-60, 13.0), (-100, 12.0), (-190, 11.0), (-230, 8.5), (-480, 9.0), (-560, 11)]
    )
    return ap, lr


def _cord_semi(z: FArr) -> tuple[FArr, FArr]:
    ap = _zinterp(z, [(-60, 4.6), (-100, 4.2), (-150, 4.3), (-200, 3.8), (-300, 3.4), (-490, 3.6)])
    lr = _zinterp(z, [(-60, 6.5), (-100, 6.3), (-150, 7.0), (-200, 5.5), (-300, 4.4), (-490, 4.6)])
    taper = np.clip((z + 535.0) / 35.0, 0.0, 1.0)  # conus medullaris near L1
    return ap * taper, lr * taper


@dataclass(frozen=True)
class _Vertebra:
    name: str
    top: float
    bottom: float
    depth: float  # antero-posterior depth of the body
    width: float  # half width (left-right) of the body
    spinous: float  # length of the spinous process
    slope: float  # caudal slope of the posterior elements
    disc_below: int  # DISC or DISC_DRY


def _build_vertebrae() -> list[_Vertebra]:
    out = [_Vertebra("C2", -80.0, -101.0, 15.0, 9.0, 30.0, 0.25, DISC)]
    z = -101.0
    dry = {"C5", "C6", "T7"}
    for i in range(3, 8):
        name = f"C{i}"
        z -= 5.0
        top = z
        z -= 13.0 + 0.3 * (i - 3)
        sp = 22.0 + 2.5 * (i - 3) + (10.0 if i == 7 else 0.0)
        out.append(
            _Vertebra(
                name,
                top,
                z,
                15.0 + 0.4 * (i - 3),
                9.5 + 0.4 * (i - 3),
                sp,
                0.3,
                DISC_DRY if name in dry else DISC,
            )
        )
    for i in range(1, 13):
        name = f"T{i}"
        z -= 4.0 + 0.25 * i
        top = z
        z -= 16.0 + 0.6 * i
        out.append(
            _Vertebra(
                name,
                top,
                z,
                18.0 + 0.9 * i,
                12.0 + 0.6 * i,
                36.0,
                0.9,
                DISC_DRY if name in dry else DISC,
            )
        )
    for i in range(1, 5):
        z -= 9.0
        top = z
        z -= 26.0
        out.append(_Vertebra(f"L{i}", top, z, 30.0, 22.0, 30.0, 0.1, DISC))
    return out


_VERTEBRAE: Final = _build_vertebrae()


def _vertebra_tables() -> tuple[FArr, npt.NDArray[np.int16], npt.NDArray[np.int16]]:
    """Interval edges (ascending z), each interval's kind (0 none, 1 body, 2 disc) and
    the index of its vertebra (for a disc: the vertebra above)."""
    edges: list[float] = []
    kind: list[int] = []
    owner: list[int] = []
    for i, v in enumerate(_VERTEBRAE):
        edges += [v.top, v.bottom]
        kind += [1, 2]
        owner += [i, i]
    # edges are descending; reverse to ascending intervals
    e = np.array(edges[::-1], dtype=np.float32)
    # interval j spans e[j]..e[j+1]; build kinds for ascending order
    k_desc = kind[:-1]
    o_desc = owner[:-1]
    k = np.array([0, *k_desc[::-1], 0], dtype=np.int16)
    o = np.array([0, *o_desc[::-1], 0], dtype=np.int16)
    return e, k, o


_V_EDGES, _V_KIND, _V_OWNER = _vertebra_tables()
_V_DEPTH: Final = np.array([v.depth for v in _VERTEBRAE], dtype=np.float32)
_V_WIDTH: Final = np.array([v.width for v in _VERTEBRAE], dtype=np.float32)
_V_SPIN: Final = np.array([v.spinous for v in _VERTEBRAE], dtype=np.float32)
_V_DISC: Final = np.array([v.disc_below for v in _VERTEBRAE], dtype=np.int8)
_V_SLOPE: Final = np.array([v.slope for v in _VERTEBRAE], dtype=np.float32)


def _level(z: FArr) -> tuple[npt.NDArray[np.int16], npt.NDArray[np.int16], FArr]:
    """Kind (0/1/2) and vertebra index at height z, and the distance to the nearest edge."""
    j = np.searchsorted(_V_EDGES, z, side="right")
    kind = _V_KIND[j]
    owner = _V_OWNER[j]
    lo = _V_EDGES[np.clip(j - 1, 0, len(_V_EDGES) - 1)]
    hi = _V_EDGES[np.clip(j, 0, len(_V_EDGES) - 1)]
    edge = np.minimum(np.abs(z - lo), np.abs(hi - z)).astype(np.float32)
    return kind, owner, edge


# --------------------------------------------------------------------------------------
# The anatomical model: tissue label at each point
# --------------------------------------------------------------------------------------

# Smooth outline of the neck and trunk, relative to the canal centre (u: posterior +).
_TRUNK_Z, _TRUNK_SEMI_X = _smooth_table(
    [(150.0, 58.0), (-150.0, 58.0), (-200.0, 75.0), (-250.0, 150.0), (-750.0, 140.0)], 16.0
)
_, _TRUNK_SEMI_U = _smooth_table(
    [(150.0, 56.0), (-170.0, 56.0), (-215.0, 80.0), (-265.0, 105.0), (-750.0, 105.0)], 16.0
)
_, _TRUNK_BACK = _smooth_table([(150.0, 56.0), (-180.0, 58.0), (-250.0, 70.0), (-750, 70)], 16.0)


def _trunk(z: FArr) -> tuple[FArr, FArr, FArr]:
    """Half width, half depth and posterior skin offset of the neck/trunk at height z."""
    return (
        np.asarray(np.interp(z, _TRUNK_Z, _TRUNK_SEMI_X), dtype=np.float32),
        np.asarray(np.interp(z, _TRUNK_Z, _TRUNK_SEMI_U), dtype=np.float32),
        np.asarray(np.interp(z, _TRUNK_Z, _TRUNK_BACK), dtype=np.float32),
    )


def _cerebrum_floor(y: FArr) -> FArr:
    """Floor of the cerebrum outside the temporal lobes: anterior cranial fossa in front,
    diencephalon in the middle, tentorium behind."""
    w_ant = _sigmoid((-38.0 - y) / 6.0)
    floor = -12.0 * (1.0 - w_ant) - 5.0 * w_ant
    return np.asarray(np.maximum(floor, -26.0 + 0.3 * (y - 20.0)), dtype=np.float32)


def _cc_top(y: FArr) -> FArr:
    """Upper surface of the corpus callosum (mid-sagittal); -1000 outside its extent."""
    t = 1.0 - (y / 37.0) ** 2
    top = 6.0 + 19.0 * np.sqrt(np.maximum(t, 0.0))
    return np.asarray(np.where(t > 0, top, -1e3), dtype=np.float32)


# brainstem profile: height, centre (y), half depth, half width
_BS_Z: Final = np.array([-66.0, -55.0, -44.0, -33.0, -22.0, -12.0, 0.0], dtype=np.float32)
_BS_Y: Final = np.array([20.0, 17.0, 11.0, 6.0, 6.0, 8.0, 6.0], dtype=np.float32)
_BS_AP: Final = np.array([7.0, 9.0, 11.0, 15.0, 13.0, 11.0, 11.0], dtype=np.float32)
_BS_LR: Final = np.array([8.0, 10.0, 12.0, 16.0, 14.0, 12.0, 13.0], dtype=np.float32)


def _brain_distances(x: FArr, y: FArr, z: FArr) -> tuple[FArr, FArr, FArr]:
    """Signed distances to the cerebral hemispheres, the cerebellum and the brainstem."""
    d_ell = _ell_dist(x, y, z, (0, 0, 8), (68, 86, 60))
    d_cer = np.maximum(d_ell, _cerebrum_floor(y) - z)
    ax = np.abs(x)
    d_temporal = _ell_dist(ax, y, z, (43, -6, -16), (23, 36, 19))
    d_cer = np.minimum(d_cer, np.maximum(d_temporal, d_ell))
    # suprasellar cistern under the hypothalamus
    d_cer = np.maximum(d_cer, -_ell_dist(x, y, z, (0, -14, -15), (10, 9, 5)))
    # the interhemispheric fissure splits the hemispheres above the corpus callosum
    d_cer = np.where(z > _cc_top(y) + 1.0, np.maximum(d_cer, 1.2 - np.abs(x)), d_cer)
    d_cb = _ell_dist(x, y, z, (0, 50, -40), (50, 32, 23))
    d_cb = np.maximum(d_cb, np.where(y > 74.0, 1.0 - np.abs(x), -1e3))  # posterior notch
    # brainstem: a tube along a curved axis (midbrain, pons, medulla)
    zc = np.clip(z, -66.0, 0.0)
    yb = np.interp(zc, _BS_Z, _BS_Y).astype(np.float32)
    lr = np.interp(zc, _BS_Z, _BS_LR).astype(np.float32)
    ap = np.interp(zc, _BS_Z, _BS_AP).astype(np.float32)
    d_bs = _ell2_dist(x, y - yb, lr, ap)
    d_bs = np.maximum(np.maximum(d_bs, -66.0 - z), z)
    return (np.asarray(d_cer, dtype=np.float32), d_cb, np.asarray(d_bs, dtype=np.float32))


def _sulcus_field(x: FArr, y: FArr, z: FArr) -> FArr:
    vx, vy, vz = x, y, z - 6.0
    r = np.sqrt(vx * vx + vy * vy + vz * vz) + 1e-3
    nx, ny, nz = vx / r, vy / r, vz / r
    radial = (
        np.sin(14.0 * (0.8 * nx + 0.6 * ny) + 1.6 * np.sin(9.0 * nz))
        + np.sin(15.0 * (0.7 * ny - 0.7 * nz) + 1.4 * np.sin(8.0 * nx) + 1.0)
        + np.sin(13.0 * (0.6 * nz + 0.8 * nx) + 1.5 * np.sin(10.0 * ny) + 2.0)
    )
    # near the medial surface the sulci run across it (sheets along x)
    medial = (
        np.sin(0.20 * y + 1.3 * np.sin(0.14 * z))
        + np.sin(0.19 * z + 1.2 * np.sin(0.16 * y) + 1.0)
        + np.sin(0.15 * (y - z) + 0.9 * np.sin(0.12 * (y + z)) + 2.0)
    )
    w = np.clip((np.abs(x) - 6.0) / 12.0, 0.0, 1.0)
    return np.asarray(w * radial + (1.0 - w) * medial, dtype=np.float32)


def _sulci(x: FArr, y: FArr, z: FArr) -> FArr:
    """Distance (mm, approximate) to the nearest sulcus: the sulci are the zero set of a
    field made of sheets radiating from the brain centre, seen in any section as lines
    running in from the surface."""
    h = np.float32(0.5)
    f = _sulcus_field(x, y, z)
    gx = _sulcus_field(x + h, y, z) - f
    gy = _sulcus_field(x, y + h, z) - f
    gz = _sulcus_field(x, y, z + h) - f
    grad = np.sqrt(gx * gx + gy * gy + gz * gz) / h
    return np.asarray(np.abs(f) / np.maximum(grad, 1e-3), dtype=np.float32)


def _brain_interior(x: FArr, y: FArr, z: FArr, d_cer: FArr, d_cb: FArr, d_bs: FArr) -> LArr:
    lab = np.full(x.shape, WM, dtype=np.int8)
    ax = np.abs(x)
    in_cer = d_cer < 0
    # --- cerebrum: cortical ribbon and sulci
    lab[in_cer & (d_cer > -3.0)] = GM
    core = (ax < 18) & (np.abs(y) < 30) & (z < 15)
    d_out = _ell_dist(x, y, z, (0, 0, 8), (68, 86, 60))
    zone = in_cer & ~core & (d_cer > -21.0) & (d_out > -34.0)
    if np.any(zone):
        dist = _sulci(x[zone], y[zone], z[zone])
        dz = d_cer[zone]
        sub = lab[zone]
        sub[(dist < 3.2) & (dz > -19.0)] = GM
        sub[dist < 1.1 * np.clip(1.0 + dz / 16.0, 0.0, 1.0)] = CSF
        lab[zone] = sub
    # cingulate sulcus, parallel to the corpus callosum
    cct = _cc_top(y)
    cing = in_cer & (ax < 8) & (np.abs(z - cct - 11.0) < 1.0) & (y > -45) & (y < 30)
    lab[cing] = CSF
    # Sylvian fissure
    s = -4.0 + 0.15 * y
    syl = in_cer & (ax > 33) & (y > -30) & (y < 28)
    lab[syl & (np.abs(z - s) < 4.0)] = GM
    lab[syl & (np.abs(z - s) < 1.4)] = CSF
    # precentral cortex: low SWAN signal (motor band sign)
    lab[(lab == GM) & (y > -22) & (y < -6) & (z > 28)] = MOTOR_GM
    # deep grey nuclei
    for sx in (-1.0, 1.0):
        lab[_in_ell(x, y, z, (13 * sx, -16, 9), (5, 9, 8))] = DGM  # caudate head
        lab[_in_ell(x, y, z, (8 * sx, 8, 0), (9, 13, 9))] = DGM  # thalamus
        lab[_in_ell(x, y, z, (25 * sx, -4, 0), (6, 13, 9))] = DGM  # putamen
        lab[_in_ell(x, y, z, (21 * sx, -3, -1), (2.8, 8, 6))] = PALLIDUM
    lab[_in_ell(x, y, z, (0, -10, -8), (6, 8, 5))] = DGM  # hypothalamus
    # corticospinal tracts: corona radiata -> posterior limb -> cerebral peduncle
    t = np.clip((z + 14.0) / 50.0, 0.0, 1.0)
    cst = ((ax - 10.0 - 10.0 * t) ** 2 + (y - 2.0 + 4.0 * t) ** 2 < 3.2**2) & (z > -20) & (z < 42)
    lab[cst & ((lab == WM) | (lab == DGM))] = CST
    # --- cerebellum: grey folia around a white core
    in_cb = (d_cb < 0) & ~in_cer
    lab[in_cb] = GM
    for sx in (-1.0, 1.0):
        lab[_in_ell(x, y, z, (17 * sx, 47, -38), (13, 13, 8)) & in_cb] = WM
    theta = np.arctan2(z + 36.0, y - 30.0)
    leaf = np.sin(9.0 * theta + 0.15 * d_cb)
    lab[in_cb & (d_cb > -15) & (leaf > 0.955)] = CSF
    lab[in_cb & (d_cb < -5) & (np.abs(leaf + 0.1) < 0.22)] = WM
    # --- brainstem and ventricles
    in_bs = (d_bs < 0) & (z < -5)
    lab[in_bs] = STEM
    lab[in_bs & ((ax - 7.0) ** 2 + (y - 1.0) ** 2 < 9.0) & (z > -24)] = CST
    vent = np.zeros(x.shape, dtype=np.bool_)
    for sx in (-1.0, 1.0):
        vent |= _in_ell(x, y, z, (7 * sx, -2, 14), (6.5, 28, 5))  # body
        vent |= _in_ell(x, y, z, (10 * sx, -25, 10), (6, 11, 8))  # frontal horn
        vent |= _in_ell(x, y, z, (18 * sx, 27, 8), (7, 14, 8))  # atrium
        vent |= _in_ell(x, y, z, (15 * sx, 42, 10), (4, 10, 4))  # occipital horn
        vent |= _in_ell(x, y, z, (30 * sx, -2, -16), (3.5, 14, 3.5))  # temporal horn
    vent &= ax > 1.2  # septum pellucidum
    vent |= _in_ell(x, y, z, (0, 0, -6), (2.5, 12, 8))  # third ventricle
    vent |= _in_ell(x, y, z, (0, 27, -36), (6, 4, 8))  # fourth ventricle
    vent |= (ax < 1.2) & (np.abs(y - 17.0 - 0.35 * (z + 12)) < 1.2) & (z > -30) & (z < -8)
    lab[vent] = CSF
    # internal cerebral veins
    lab[(np.abs(ax - 2.5) < 1.5) & (np.abs(z - 7.0) < 1.5) & (y > 5) & (y < 36)] = VEIN
    return lab


def _head_labels(lab: LArr, x: FArr, y: FArr, z: FArr, d_cer: FArr, d_cb: FArr, d_bs: FArr) -> LArr:
    """Skull, meninges, veins and brain (points of the head zone; lab modified in place)."""
    d_ic = np.minimum(np.minimum(d_cer, d_cb), d_bs)
    # keep the spinal canal open through the foramen magnum
    yc = _canal_y(z)
    cap, clr = _canal_semi(z)
    canal = (z < -56) & ((x / clr) ** 2 + ((y - yc) / cap) ** 2 < 1.0)
    shell = (d_ic >= 0) & (d_ic < 10.0) & ~canal
    lab[shell & (d_ic < 2.5)] = CSF
    lab[shell & (d_ic >= 2.5) & (d_ic < 4.5)] = BONE
    lab[shell & (d_ic >= 4.5) & (d_ic < 8.0)] = MARROW
    lab[shell & (d_ic >= 8.0)] = BONE
    lab[(d_ic >= 0) & (d_bs < 5.0) & ~canal] = CSF  # basal cisterns
    # clivus and sphenoid body with its sinus
    d_clv = _ell_dist(x, y, z, (0, -14, -40), (13, 11, 20))
    clivus = (d_clv < 0) & (d_bs > 5.0) & (d_ic > 3.0)
    lab[clivus] = MARROW
    lab[clivus & (d_clv > -1.5)] = BONE
    lab[_in_ell(x, y, z, (0, -30, -33), (12, 9, 9)) & (d_ic > 3.0)] = AIR
    lab[_in_ell(x, y, z, (0, -15, -24), (6, 5, 3.5))] = DGM  # pituitary in the sella
    # superior sagittal and transverse sinuses, cortical veins on the surface
    lab[shell & (d_ic < 5.0) & (np.abs(x) < 4.0) & (z > 0)] = VEIN
    lab[shell & (d_ic < 4.5) & (np.abs(z + 18.0 - 0.1 * np.abs(x)) < 3.0) & (y > 60)] = VEIN
    g1 = np.abs(np.sin(0.21 * x + 0.6 * np.sin(0.13 * z)) - np.sin(0.23 * y + 1.7))
    g2 = np.abs(np.sin(0.19 * z + 0.5 * np.sin(0.17 * y) + 0.4) - np.cos(0.2 * x))
    lab[(d_ic >= -1.0) & (d_ic < 2.5) & (g1 < 0.08) & (g2 < 0.6) & (z > -10)] = VEIN
    inside = d_ic < 0
    if np.any(inside):
        xi, yi, zi = x[inside], y[inside], z[inside]
        sub = _brain_interior(xi, yi, zi, d_cer[inside], d_cb[inside], d_bs[inside])
        # medullary veins (dots on SWAN) in the white matter
        h1 = np.abs(np.sin(0.31 * xi + 0.8 * np.sin(0.07 * zi)) - np.sin(0.29 * yi + 0.3))
        h2 = np.abs(np.sin(0.27 * yi + 0.7 * np.sin(0.09 * xi)) + np.sin(0.33 * zi))
        sub[(sub == WM) & (h1 < 0.05) & (h2 < 0.25)] = VEIN
        lab[inside] = sub
    return lab


def _face_labels(lab: LArr, x: FArr, y: FArr, z: FArr) -> LArr:
    for sx in (-1.0, 1.0):
        lab[_in_ell(x, y, z, (30 * sx, -54, -30), (17, 22, 15))] = FAT  # orbit
        lab[_in_ell(x, y, z, (32 * sx, -66, -30), (12, 12, 12))] = FLUID  # globe
        lab[_in_ell(x, y, z, (28 * sx, -52, -60), (12, 14, 15))] = AIR  # maxillary sinus
    nasal = _in_ell(x, y, z, (0, -66, -48), (11, 22, 15)) & (np.abs(x) > 3.5)
    lab[nasal] = AIR
    lab[nasal & (np.sin(0.45 * z + 0.05 * y) > 0.2) & (np.abs(x) > 5.0)] = MUSCLE  # turbinates
    lab[(z < -100) & (z > -112) & (y < -20) & (y > -80) & (lab == MUSCLE)] = FAT  # mouth floor
    lab[_in_ell(x, y, z, (0, -16, -72), (13, 10, 9))] = AIR  # nasopharynx
    lab[(np.abs(z + 70.0) < 2.5) & (y < -28) & (y > -92) & (np.abs(x) < 30)] = PE  # palate
    d_face = _ell_dist(x, y, z, (0, -48, -62), (52, 50, 52))
    lab[(d_face > -10) & (d_face < -4) & (z < -88) & (y < -30)] = PE  # mandible
    return lab


def _spine_labels(lab: LArr, x: FArr, y: FArr, z: FArr) -> LArr:
    """Spine, neck and thorax (points below the skull base; lab modified in place)."""
    yc = _canal_y(z)
    u = y - yc  # antero-posterior offset from the canal centre, posterior positive
    ax = np.abs(x)
    cap, clr = _canal_semi(z)
    kind, owner, edge = _level(z)
    depth = _V_DEPTH[owner]
    width = _V_WIDTH[owner]
    front = -(cap + 1.0 + depth)  # anterior surface of the bodies
    ubc = -(cap + 1.0 + depth / 2.0)
    thorax = z < -215.0
    neck = ~thorax & (z < -70)
    semi_x, semi_u, back = _trunk(z)
    # --- muscles of the back: fat planes between the groups, fat under the skin
    bend = 0.004 * (u - cap) ** 2
    lab[(np.abs(ax - 8.0 - 0.3 * (u - cap) - bend) < 0.9) & (u > cap + 4) & (u < back - 8)] = (
        FAT_PLANE
    )
    lab[(np.abs(ax - 34.0 - 0.15 * (u - cap)) < 0.9) & (u > cap) & (u < back - 8)] = FAT_PLANE
    # --- neck: airway, vessels in their fatty sheath
    pharynx = z > -140
    air_u = np.where(pharynx, front - 11.0, front - 15.0)
    air_rx = np.where(pharynx, 13.0, 9.0)
    airway = ((x / air_rx) ** 2 + ((u - air_u) / 6.5) ** 2 < 1.0) & (z > -290) & (z < -70)
    for sx in (-1.0, 1.0):
        lab[neck & ((x - 27 * sx) ** 2 + (u - front + 8.0) ** 2 < 8.0**2)] = FAT
    lab[airway] = AIR
    for sx in (-1.0, 1.0):
        carotid = ((x - 22 * sx) ** 2 + (u - front + 6.0) ** 2 < 3.5**2) & neck
        jugular = ((x - 31 * sx) ** 2 + (u - front + 9.0) ** 2 < 5.0**2) & neck
        lab[carotid | jugular] = VESSEL
    # --- thorax: lungs between the chest wall, the ribs and the mediastinum
    if np.any(thorax):
        ut = u - back + semi_u  # offset from the trunk's centre
        wall = _ell2_dist(x, ut, semi_x - 14.0, semi_u - 14.0)
        rib_u = np.interp(
            ax,
            [0.0, 14.0, 24.0, 36.0, 60.0, 90.0, 110.0],
            [-12.0, -10.0, -6.0, 14.0, 30.0, 34.0, 20.0],
        ).astype(np.float32)
        body_zone = (x / (width + 5.0)) ** 2 + ((u - ubc) / (depth / 2 + 5.0)) ** 2 < 1.0
        mediast = ((x - 4.0) / 15.0) ** 2 + ((u - front + 40.0) / 45.0) ** 2 < 1.0
        heart_d = _ell_dist(x, u, z, (18.0, -90.0, -380.0), (60.0, 50.0, 62.0))
        aorta = ((x - width - 9.0) ** 2 + (u - ubc + 6.0) ** 2 < 11.0**2) & (z < -255)
        lung = (wall < 0) & (u < rib_u - 6.0) & ~body_zone & ~mediast & (heart_d > 0)
        lung &= ~aorta
        lab[thorax & lung] = LUNG
        lab[thorax & mediast & ~body_zone & (u < rib_u)] = FAT
        lab[thorax & (heart_d < 0)] = HEART
        lab[thorax & (heart_d < -10.0)] = VESSEL
        lab[thorax & aorta] = VESSEL
        lab[thorax & ((x - 4.0) ** 2 + (u - front + 8.0) ** 2 < 6.0**2)] = MUSCLE  # oesophagus
        lab[thorax & (z > -300) & (x**2 + (u - front + 22.0) ** 2 < 8.0**2)] = AIR  # trachea
        zmid = np.array([(v.top + v.bottom) / 2 for v in _VERTEBRAE], dtype=np.float32)
        ribs = np.zeros(x.shape, dtype=np.bool_)
        along_rib = (np.abs(u - rib_u) < 4.0) & (ax > width) & (ax < 100.0)
        lateral = (np.abs(wall + 4.0) < 4.0) & (ax >= 100.0)
        for k in range(6, 18):
            zr = zmid[k] + 4.0 - 0.22 * np.maximum(ax - float(_V_WIDTH[k]), 0.0)
            ribs |= (np.abs(z - zr) < 5.0) & (along_rib | lateral)
        lab[ribs & thorax] = PE
    # --- vertebral bodies and discs
    du = u - ubc
    q_body = (x / width) ** 2 + (du / (depth / 2.0)) ** 4
    body = (kind == 1) & (q_body < 1.0)
    lab[body] = VB
    lab[body & ((q_body > 0.80) | (edge < 1.1))] = BONE
    q_disc = (x / (width * 1.04)) ** 2 + (du / (depth / 2.0 * 1.04)) ** 2
    disc = (kind == 2) & (q_disc < 1.0)
    lab[disc] = ANNULUS
    nucleus = disc & (q_disc < 0.45) & (edge > 0.7)
    lab[nucleus] = _V_DISC[owner][nucleus]
    # C2 dens and C1 arches
    lab[(ax < 5.0) & (np.abs(du - depth * 0.15) < 5.5) & (z > -80) & (z < -63)] = VB
    c1a = (x / 9.0) ** 2 + ((du + depth * 0.45 + 6.0) / 4.0) ** 2 + ((z + 71) / 5.0) ** 2 < 1
    c1p = (np.abs(ax - 14.0) < 14.0) & (np.abs(u - cap - 6.0) < 4.0) & (np.abs(z + 73.0) < 4.5)
    lab[c1a | c1p] = PE
    # --- posterior elements: pedicles and laminae around the canal, facets, processes
    slope = _V_SLOPE[owner]
    z_post = z + slope * np.maximum(u - cap, 0.0)
    kind_p, owner_p, edge_p = _level(z_post)
    post_level = (kind_p == 1) | ((kind_p == 2) & (edge_p < 1.5))
    cq = np.sqrt((x / clr) ** 2 + (u / cap) ** 2)
    ring = (cq > 1.0) & (cq < 1.0 + 5.0 / cap)
    lamina = post_level & ring & (u > 0.25 * cap)
    pedicle = (kind == 1) & ring & (u > -cap) & (u <= 0.25 * cap)
    spinous = (kind_p == 1) & (edge_p > 2.0) & (ax < 3.0 + 0.05 * (u - cap)) & (u > cap)
    spinous &= u < cap + _V_SPIN[owner_p]
    facets = neck & post_level & (((ax - clr - 7.0) / 6.0) ** 2 + ((u - 1.0) / 7.0) ** 2 < 1.0)
    tp = post_level & thorax & (np.abs(u - cap - 2.0 - 0.3 * (ax - clr)) < 3.5) & (ax > clr)
    tp &= ax < clr + 26.0
    lab[lamina | pedicle | spinous | facets | tp] = PE
    vert_a = neck & (z < -75) & ((ax - width - 7.0) ** 2 + (u - ubc * 0.35) ** 2 < 2.4**2)
    lab[vert_a] = VESSEL
    # --- canal: CSF, epidural fat, cord with its grey matter
    canal = cq < 1.0
    lab[canal] = CSF
    lab[canal & thorax & (u > cap - 2.0) & (ax < 5.0)] = FAT
    c_ap, c_lr = _cord_semi(z)
    uo = u + 1.0
    cord_q = (x / np.maximum(c_lr, 0.01)) ** 2 + (uo / np.maximum(c_ap, 0.01)) ** 2
    cord = canal & (cord_q < 1.0) & (c_lr > 0.3)
    lab[cord] = CORD
    rx = ax / np.maximum(c_lr, 0.01)
    ry = np.abs(uo) / np.maximum(c_ap, 0.01)
    horns = ((rx > 0.12) & (rx < 0.45) & (ry < 0.75)) | ((rx <= 0.12) & (ry < 0.22))
    lab[cord & horns] = CORD_GM
    return lab


def _labels(x: FArr, y: FArr, z: FArr) -> LArr:
    """Tissue label of each point (1-D arrays of model coordinates)."""
    n = x.size
    lab = np.full(n, AIR, dtype=np.int8)
    depth = np.full(n, -1e3, dtype=np.float32)
    head = np.flatnonzero(z > -110.0)
    hd: tuple[FArr, FArr, FArr] | None = None
    if head.size:
        hd = _brain_distances(x[head], y[head], z[head])
        depth[head] = 13.0 - np.minimum(np.minimum(hd[0], hd[1]), hd[2])
    face = np.flatnonzero((z > -125.0) & (z < 0.0) & (y < 20.0))
    if face.size:
        d_face = _ell_dist(x[face], y[face], z[face], (0, -48, -62), (52, 50, 52))
        depth[face] = np.maximum(depth[face], -d_face)
    trunk = np.flatnonzero(z < -40.0)
    if trunk.size:
        tz = z[trunk]
        semi_x, semi_u, back = _trunk(tz)
        ut = y[trunk] - _canal_y(tz) - back + semi_u
        depth[trunk] = np.maximum(depth[trunk], -_ell2_dist(x[trunk], ut, semi_x, semi_u))
    body = depth > 0
    lab[body] = MUSCLE
    lab[body & (depth < 4.5)] = FAT
    if face.size:
        sel = face[body[face]]
        lab[sel] = _face_labels(lab[sel], x[sel], y[sel], z[sel])
    spine = np.flatnonzero(body & (z < -50.0))
    if spine.size:
        lab[spine] = _spine_labels(lab[spine], x[spine], y[spine], z[spine])
    if head.size and hd is not None:
        keep = body[head]
        sel = head[keep]
        lab[sel] = _head_labels(
            lab[sel], x[sel], y[sel], z[sel], hd[0][keep], hd[1][keep], hd[2][keep]
        )
    return lab


# --------------------------------------------------------------------------------------
# Series definitions
# --------------------------------------------------------------------------------------

_AXIAL: Final = ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0))
_SAGITTAL: Final = ((0.0, 1.0, 0.0), (0.0, 0.0, -1.0))
_CORONAL: Final = ((1.0, 0.0, 0.0), (0.0, 0.0, -1.0))


@dataclass(frozen=True)
class _Geom:
    """A stack of parallel slices, in model coordinates."""

    center: Vec
    orientation: tuple[Vec, Vec]
    rows: int
    cols: int
    fov_row_mm: float  # extent along the column direction (rows * pixel)
    n_slices: int
    spacing: float
    thickness: float
    step: float = 1.0  # +1: slices advance along the normal; -1 against it
    partial_volume: int = 1  # planes sampled across the slice thickness

    @property
    def pixel(self) -> float:
        return self.fov_row_mm / self.rows

    @property
    def normal(self) -> Vec:
        (r0, r1, r2), (c0, c1, c2) = self.orientation
        return (r1 * c2 - r2 * c1, r2 * c0 - r0 * c2, r0 * c1 - r1 * c0)

    def slice_center(self, k: int) -> Vec:
        off = (k - (self.n_slices - 1) / 2.0) * self.spacing * self.step
        n = self.normal
        return (
            self.center[0] + off * n[0],
            self.center[1] + off * n[1],
            self.center[2] + off * n[2],
        )

    def corner(self, k: int) -> Vec:
        """Centre of the first (top left) pixel of slice k."""
        c = self.slice_center(k)
        r, col = self.orientation
        px = self.pixel
        a = (self.cols - 1) / 2.0 * px
        b = (self.rows - 1) / 2.0 * px
        return (
            c[0] - a * r[0] - b * col[0],
            c[1] - a * r[1] - b * col[1],
            c[2] - a * r[2] - b * col[2],
        )

    def grid(self, offset: float = 0.0) -> tuple[FArr, FArr, FArr]:
        """Model coordinates of every pixel, each of shape (n_slices, rows, cols), on
        planes shifted by ``offset`` mm along the normal."""
        px = self.pixel
        r, col = self.orientation
        n = self.normal
        jj = np.arange(self.cols, dtype=np.float32) * px
        ii = np.arange(self.rows, dtype=np.float32) * px
        out: list[FArr] = []
        for axis in range(3):
            starts = np.array(
                [self.corner(k)[axis] + offset * n[axis] for k in range(self.n_slices)],
                dtype=np.float32,
            )
            out.append(
                starts[:, None, None]
                + ii[None, :, None] * np.float32(col[axis])
                + jj[None, None, :] * np.float32(r[axis])
            )
        return out[0], out[1], out[2]


@dataclass(frozen=True)
class _Acq:
    """Acquisition parameters written in the headers (GE-like values)."""

    scanning_sequence: tuple[str, ...]
    sequence_variant: tuple[str, ...]
    scan_options: tuple[str, ...]
    acq_type: str
    sequence_name: str
    tr: float
    te: float
    ti: float | None
    flip: float
    etl: int
    nex: float
    bandwidth: float
    acq_matrix: tuple[int, int]  # frequency, phase
    phase_dir: str  # ROW or COL
    image_type: tuple[str, ...] = ("ORIGINAL", "PRIMARY", "OTHER")


@dataclass(frozen=True)
class DemoSeries:
    """One series of the demo study (public summary for the GUI and tests)."""

    number: int
    description: str
    body_part: str
    n_images: int


@dataclass(frozen=True)
class _Spec:
    number: int
    description: str
    body_part: str  # HEAD, CSPINE, TSPINE
    contrast: str  # a column of _CONTRASTS, or "DWI" / "ADC"
    geoms: tuple[_Geom, ...]
    acq: _Acq
    start_s: int  # seconds after the study start
    coil: str
    scale: float
    noise: float

    @property
    def spine(self) -> bool:
        return self.body_part != "HEAD"

    @property
    def n_images(self) -> int:
        n = sum(g.n_slices for g in self.geoms)
        return 2 * n if self.contrast == "DWI" else n


def _loc(center: Vec, fov: float) -> tuple[_Geom, ...]:
    return tuple(
        _Geom(center, o, 128, 128, fov, 1, 0.0, 8.0, partial_volume=3)
        for o in (_AXIAL, _SAGITTAL, _CORONAL)
    )


def _acq(
    seq: str,
    variant: str,
    options: str,
    kind: str,
    name: str,
    tr_te_ti: tuple[float, float, float | None],
    flip: float,
    etl: int,
    nex: float,
    bandwidth: float,
    matrix: tuple[int, int],
    phase_dir: str,
    image_type: str = "ORIGINAL\\PRIMARY\\OTHER",
) -> _Acq:
    """_Acq from DICOM-style multi-valued strings ("SE\\IR")."""
    tr, te, ti = tr_te_ti
    return _Acq(
        tuple(seq.split("\\")),
        tuple(variant.split("\\")),
        tuple(options.split("\\")),
        kind,
        name,
        tr,
        te,
        ti,
        flip,
        etl,
        nex,
        bandwidth,
        matrix,
        phase_dir,
        tuple(image_type.split("\\")),
    )


def _specs() -> tuple[_Spec, ...]:
    ax, sag = _AXIAL, _SAGITTAL
    brain: Vec = (0.0, 4.0, 8.0)
    sag_brain: Vec = (0.0, 6.0, -8.0)
    c_sag: Vec = (0.0, 10.0, -135.0)
    t_sag: Vec = (0.0, 18.0, -355.0)
    fse = ("SE", "SK", "FAST_GEMS\\EDR_GEMS", "2D")
    stir = ("IR\\SE", "SK", "FAST_GEMS\\IR_GEMS", "2D", "fse-ir")
    epi = ("EP\\SE", "SS", "EPI_GEMS\\FS", "2D", "epi2", (6000.0, 82.0, None), 90.0, 1, 2.0)
    loc = _acq("GR", "SS", "FAST_GEMS", "2D", "fgre", (5.2, 1.6, None), 30.0, 1, 1.0, 244.1,
               (256, 128), "ROW", "ORIGINAL\\PRIMARY\\LOCALIZER")  # fmt: skip
    dwi_geom = (_Geom(brain, ax, 128, 128, 240.0, 12, 7.0, 5.0),)
    c_sag_geom = (_Geom(c_sag, sag, 160, 160, 240.0, 9, 3.5, 3.0, -1.0),)
    t_sag_geom = (_Geom(t_sag, sag, 256, 128, 380.0, 9, 3.5, 3.0, -1.0),)
    # Geometry: centre, orientation, rows, columns, FOV along the columns (mm), slices,
    # spacing, thickness, direction of the slice order.
    # fmt: off
    return (
        _Spec(1, "3-Plane Loc", "HEAD", "LOC", _loc((0.0, 0.0, 0.0), 280.0), loc,
              0, "HNU", 1300.0, 0.03),
        _Spec(2, "Sag 3D T1 BRAVO", "HEAD", "T1GRE",
              (_Geom(sag_brain, sag, 160, 160, 240.0, 24, 5.6, 1.2, -1.0),),
              _acq("GR\\IR", "SS\\SK\\MP", "FAST_GEMS\\EDR_GEMS\\SEQ_GEMS", "3D", "efgre3d",
                   (7.8, 3.1, 450.0), 12.0, 1, 1.0, 244.1, (256, 256), "ROW"),
              40, "HNU", 1800.0, 0.018),
        _Spec(3, "Sag CUBE T2 FLAIR", "HEAD", "FLAIR",
              (_Geom(sag_brain, sag, 128, 128, 240.0, 16, 8.0, 1.4, -1.0),),
              _acq("SE\\IR", "SK\\SS", "FAST_GEMS\\EDR_GEMS", "3D", "Cube",
                   (6000.0, 120.0, 1800.0), 90.0, 160, 1.0, 488.3, (224, 224), "ROW"),
              330, "HNU", 1500.0, 0.025),
        _Spec(4, "Ax T2 FRFSE", "HEAD", "T2",
              (_Geom(brain, ax, 128, 128, 240.0, 18, 6.0, 5.0),),
              _acq(*fse, "frfse", (4800.0, 102.0, None), 111.0, 18, 2.0, 195.3, (320, 256),
                   "ROW"),
              640, "HNU", 1550.0, 0.022),
        _Spec(5, "Ax DWI b1000", "HEAD", "DWI", dwi_geom,
              _acq(*epi, 1953.1, (128, 128), "ROW"),
              820, "HNU", 1200.0, 0.028),
        _Spec(500, "Apparent Diffusion Coefficient (mm2/s)", "HEAD", "ADC", dwi_geom,
              _acq(*epi, 1953.1, (128, 128), "ROW", "DERIVED\\SECONDARY\\ADC"),
              880, "HNU", 1.0, 0.0),
        _Spec(6, "Ax SWAN", "HEAD", "SWAN",
              (_Geom((0.0, 4.0, 14.0), ax, 128, 128, 240.0, 16, 6.0, 2.4),),
              _acq("GR", "SS\\SP", "FAST_GEMS\\EDR_GEMS", "3D", "swan", (40.0, 25.0, None),
                   15.0, 1, 0.7, 325.5, (320, 224), "ROW"),
              920, "HNU", 1400.0, 0.022),
        _Spec(7, "3-Plane Loc", "CSPINE", "LOC", _loc((0.0, 20.0, -240.0), 440.0), loc,
              1500, "PA", 1300.0, 0.03),
        _Spec(8, "Sag T1 FSE", "CSPINE", "T1FSE", c_sag_geom,
              _acq(*fse, "fse", (620.0, 9.0, None), 90.0, 3, 2.0, 244.1, (352, 224), "COL"),
              1560, "PA", 1500.0, 0.025),
        _Spec(9, "Sag T2 FRFSE", "CSPINE", "T2", c_sag_geom,
              _acq(*fse, "frfse", (3200.0, 110.0, None), 111.0, 24, 3.0, 244.1, (352, 256),
                   "COL"),
              1740, "PA", 1500.0, 0.025),
        _Spec(10, "Sag STIR", "CSPINE", "STIR", c_sag_geom,
              _acq(*stir, (3600.0, 42.0, 150.0), 90.0, 10, 2.0, 325.5, (320, 192), "COL"),
              1920, "PA", 1400.0, 0.035),
        _Spec(11, "Ax T2 FRFSE", "CSPINE", "T2",
              (_Geom((0.0, 12.0, -140.0), ax, 128, 128, 160.0, 14, 8.0, 4.0, -1.0),),
              _acq(*fse, "frfse", (4200.0, 100.0, None), 111.0, 20, 3.0, 244.1, (288, 224),
                   "ROW"),
              2100, "PA", 1500.0, 0.025),
        _Spec(12, "Sag T1 FSE", "TSPINE", "T1FSE", t_sag_geom,
              _acq(*fse, "fse", (600.0, 9.0, None), 90.0, 3, 2.0, 244.1, (448, 224), "COL"),
              2340, "PA", 1500.0, 0.025),
        _Spec(13, "Sag T2 FRFSE", "TSPINE", "T2", t_sag_geom,
              _acq(*fse, "frfse", (3400.0, 110.0, None), 111.0, 24, 3.0, 244.1, (448, 256),
                   "COL"),
              2520, "PA", 1500.0, 0.025),
        _Spec(14, "Sag STIR", "TSPINE", "STIR", t_sag_geom,
              _acq(*stir, (3800.0, 42.0, 150.0), 90.0, 10, 2.0, 325.5, (384, 192), "COL"),
              2700, "PA", 1400.0, 0.035),
        _Spec(15, "Ax T2 FRFSE", "TSPINE", "T2",
              (_Geom((0.0, 40.0, -340.0), ax, 128, 128, 180.0, 14, 20.0, 5.0, -1.0),),
              _acq(*fse, "frfse", (4500.0, 100.0, None), 111.0, 20, 3.0, 244.1, (288, 224),
                   "ROW"),
              2880, "PA", 1500.0, 0.025),
    )
    # fmt: on


_SPECS: Final = _specs()

DEMO_SERIES: Final = tuple(
    DemoSeries(s.number, s.description, s.body_part, s.n_images) for s in _SPECS
)

# --------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------


def _blur(img: FArr) -> FArr:
    """3x3 binomial blur of each slice (point spread of the acquisition)."""
    p = np.pad(img, ((0, 0), (1, 1), (1, 1)), mode="edge")
    rows = 0.25 * p[:, :-2, :] + 0.5 * p[:, 1:-1, :] + 0.25 * p[:, 2:, :]
    out = 0.25 * rows[:, :, :-2] + 0.5 * rows[:, :, 1:-1] + 0.25 * rows[:, :, 2:]
    return np.asarray(out, dtype=np.float32)


def _coil_gain(spec: _Spec, x: FArr, y: FArr, z: FArr) -> FArr:
    if spec.spine:
        u = y - _canal_y(z)
        back = _trunk(z)[2]
        gain = 0.5 + 0.6 * np.exp(-np.maximum(back - u, 0.0) / 100.0)
        return np.asarray(gain, dtype=np.float32)
    r2 = (x * x + y * y + (z - 8.0) ** 2) / 100.0**2
    return np.asarray(1.0 + 0.2 * r2, dtype=np.float32)


def _rician(sig: FArr, sigma: float, rng: np.random.Generator) -> FArr:
    n1 = rng.standard_normal(sig.shape, dtype=np.float32) * sigma
    n2 = rng.standard_normal(sig.shape, dtype=np.float32) * sigma
    return np.asarray(np.sqrt((sig + n1) ** 2 + n2 * n2), dtype=np.float32)


def _to_u12(img: FArr) -> npt.NDArray[np.uint16]:
    return np.clip(np.rint(img), 0, 4095).astype(np.uint16)


@dataclass(frozen=True)
class _Image:
    geom: _Geom
    slice_index: int
    pixels: npt.NDArray[np.uint16]
    b_value: float | None = None


class _Renderer:
    """Renders series, sharing tissue label maps between series of the same geometry."""

    def __init__(self) -> None:
        self._labels: dict[tuple[_Geom, float], tuple[LArr, FArr, FArr, FArr]] = {}
        self._dwi: dict[_Geom, tuple[FArr, FArr]] = {}

    def labels(self, geom: _Geom, offset: float = 0.0) -> tuple[LArr, FArr, FArr, FArr]:
        key = (geom, offset)
        if key not in self._labels:
            x, y, z = geom.grid(offset)
            lab = _labels(x.ravel(), y.ravel(), z.ravel()).reshape(x.shape)
            self._labels[key] = (lab, x, y, z)
        return self._labels[key]

    def signal(self, spec: _Spec, geom: _Geom, contrast: str) -> FArr:
        """Noise-free signal, averaged across the slice thickness where asked."""
        col = _CONTRASTS.index(contrast)
        n = geom.partial_volume
        total = np.zeros((geom.n_slices, geom.rows, geom.cols), dtype=np.float32)
        for i in range(n):
            offset = (i - (n - 1) / 2.0) * geom.thickness / n
            lab, x, y, z = self.labels(geom, offset)
            total += _SIGNAL_TABLE[lab, col] * _coil_gain(spec, x, y, z)
        return _blur(total / np.float32(n))

    def render(self, spec: _Spec) -> list[_Image]:
        rng = np.random.default_rng(20240612 + spec.number)
        images: list[_Image] = []
        for geom in spec.geoms:
            if spec.contrast == "DWI":
                b0, b1000 = self._diffusion(spec, geom, rng)
                for k in range(geom.n_slices):
                    images.append(_Image(geom, k, _to_u12(b0[k] * spec.scale), 0.0))
                    images.append(_Image(geom, k, _to_u12(b1000[k] * spec.scale), 1000.0))
            elif spec.contrast == "ADC":
                b0, b1000 = self._dwi[geom]
                ok = b0 > 0.12
                ratio = np.maximum(b0, 1e-3) / np.maximum(b1000, 1e-3)
                adc = np.where(ok, np.log(ratio) / 1000.0 * 1e6, 0.0).astype(np.float32)
                for k in range(geom.n_slices):
                    images.append(_Image(geom, k, _to_u12(adc[k])))
            else:
                sig = _rician(self.signal(spec, geom, spec.contrast), spec.noise, rng)
                for k in range(geom.n_slices):
                    images.append(_Image(geom, k, _to_u12(sig[k] * spec.scale)))
        return images

    def _diffusion(self, spec: _Spec, geom: _Geom, rng: np.random.Generator) -> tuple[FArr, FArr]:
        lab, x, y, z = self.labels(geom)
        gain = _coil_gain(spec, x, y, z)
        s0 = _SIGNAL_TABLE[lab, _CONTRASTS.index("B0")] * gain
        adc = _SIGNAL_TABLE[lab, _CONTRASTS.index("ADC")] * 1e-6
        s1 = s0 * np.exp(-1000.0 * adc)
        # EPI: lower true resolution, hence a stronger blur
        b0 = _rician(_blur(_blur(np.asarray(s0, dtype=np.float32))), spec.noise, rng)
        b1 = _rician(_blur(_blur(np.asarray(s1, dtype=np.float32))), spec.noise * 0.8, rng)
        self._dwi[geom] = (b0, b1)
        return b0, b1


# --------------------------------------------------------------------------------------
# Headers
# --------------------------------------------------------------------------------------


def _clock(seconds: int) -> str:
    h, m, s = 8, 34, 10
    total = h * 3600 + m * 60 + s + seconds
    return f"{total // 3600:02d}{total // 60 % 60:02d}{total % 60:02d}"


def _ds_num(v: float) -> str:
    """A DS value with at most 16 characters."""
    txt = f"{v:.6f}".rstrip("0").rstrip(".")
    return "0" if txt in ("-0", "") else txt


def _window(spec: _Spec, images: list[_Image]) -> tuple[int, int]:
    """Window of a series (or of the images of one b-value): up to the 99.5th centile."""
    if spec.contrast == "ADC":
        return 1600, 3200
    allpix = np.concatenate([im.pixels.ravel() for im in images])
    hi = float(np.percentile(allpix[allpix > 40], 99.5)) if np.any(allpix > 40) else 1000.0
    width = max(int(hi * 1.05), 100)
    return width // 2, width


def _dataset(
    spec: _Spec, img: _Image, instance: int, n_images: int, window: tuple[int, int]
) -> Dataset:
    geom = img.geom
    acq = spec.acq
    offset = _SPINE_FRAME_OFFSET if spec.spine else (0.0, 0.0, 0.0)
    corner = geom.corner(img.slice_index)
    ipp = [corner[i] - offset[i] for i in range(3)]
    normal = geom.normal
    slice_loc = sum(ipp[i] * normal[i] for i in range(3))
    series_time = _clock(spec.start_s)
    acq_time = _clock(spec.start_s + 5)
    content_time = _clock(spec.start_s + 180)
    sop_uid = _uid("image", str(spec.number), str(instance))

    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = MRImageStorage
    meta.MediaStorageSOPInstanceUID = sop_uid
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    meta.ImplementationClassUID = _IMPLEMENTATION_CLASS_UID
    meta.ImplementationVersionName = "RADREPORT_DEMO"

    ds = Dataset()
    ds.file_meta = meta
    ds.SpecificCharacterSet = "ISO_IR 192"
    ds.ImageType = list(acq.image_type)
    ds.InstanceCreationDate = DEMO_STUDY_DATE
    ds.InstanceCreationTime = content_time
    ds.SOPClassUID = MRImageStorage
    ds.SOPInstanceUID = sop_uid
    ds.StudyDate = DEMO_STUDY_DATE
    ds.SeriesDate = DEMO_STUDY_DATE
    ds.AcquisitionDate = DEMO_STUDY_DATE
    ds.ContentDate = DEMO_STUDY_DATE
    ds.StudyTime = DEMO_STUDY_TIME
    ds.SeriesTime = series_time
    ds.AcquisitionTime = acq_time
    ds.ContentTime = content_time
    ds.AccessionNumber = DEMO_ACCESSION
    ds.Modality = "MR"
    ds.Manufacturer = DEMO_MANUFACTURER
    ds.InstitutionName = DEMO_INSTITUTION
    ds.InstitutionAddress = DEMO_INSTITUTION_ADDRESS
    ds.ReferringPhysicianName = DEMO_REFERRING_PHYSICIAN
    ds.StationName = "DEMOARTIST15"
    ds.StudyDescription = DEMO_STUDY_DESCRIPTION
    ds.SeriesDescription = spec.description
    ds.InstitutionalDepartmentName = "Radiologie (démo)"
    ds.ManufacturerModelName = DEMO_MODEL
    ds.PatientName = DEMO_PATIENT_NAME
    ds.PatientID = DEMO_PATIENT_ID
    ds.IssuerOfPatientID = "DEMO"
    ds.PatientBirthDate = DEMO_PATIENT_BIRTH_DATE
    ds.PatientSex = DEMO_PATIENT_SEX
    ds.PatientAge = DEMO_PATIENT_AGE
    ds.PatientSize = "1.63"
    ds.PatientWeight = "61"
    ds.PatientComments = (
        "Patiente fictive - étude de démonstration synthétique (aucune donnée réelle)"
    )
    ds.BodyPartExamined = spec.body_part
    ds.ScanningSequence = list(acq.scanning_sequence)
    ds.SequenceVariant = list(acq.sequence_variant)
    ds.ScanOptions = list(acq.scan_options)
    ds.MRAcquisitionType = acq.acq_type
    ds.SequenceName = acq.sequence_name
    ds.AngioFlag = "N"
    ds.SliceThickness = _ds_num(geom.thickness)
    ds.RepetitionTime = _ds_num(acq.tr)
    ds.EchoTime = _ds_num(acq.te)
    if acq.ti is not None:
        ds.InversionTime = _ds_num(acq.ti)
    ds.NumberOfAverages = _ds_num(acq.nex)
    ds.ImagingFrequency = "63.86"
    ds.ImagedNucleus = "1H"
    ds.EchoNumbers = "1"
    ds.MagneticFieldStrength = "1.5"
    if geom.n_slices > 1:
        ds.SpacingBetweenSlices = _ds_num(geom.spacing)
    ds.NumberOfPhaseEncodingSteps = str(acq.acq_matrix[1])
    ds.EchoTrainLength = str(acq.etl)
    ds.PercentSampling = "100"
    ds.PercentPhaseFieldOfView = _ds_num(
        100.0 * geom.cols / geom.rows if geom.cols < geom.rows else 100.0
    )
    ds.PixelBandwidth = _ds_num(acq.bandwidth)
    ds.DeviceSerialNumber = "0000DEMO15T"
    ds.SoftwareVersions = ["29", "LX", "MR29.1_R01_2232.c"]
    ds.ProtocolName = "SLA ENCEPHALE + MOELLE C-D"
    ds.ReceiveCoilName = spec.coil
    ds.TransmitCoilName = "BODY"
    freq, phase = acq.acq_matrix
    ds.AcquisitionMatrix = [0, freq, phase, 0] if acq.phase_dir == "ROW" else [freq, 0, 0, phase]
    ds.InPlanePhaseEncodingDirection = acq.phase_dir
    ds.FlipAngle = _ds_num(acq.flip)
    ds.VariableFlipAngleFlag = "Y" if acq.sequence_name == "Cube" else "N"
    ds.SAR = "0.62"
    ds.dBdt = "0"
    ds.PatientPosition = "HFS"
    if img.b_value is not None:
        ds.DiffusionBValue = img.b_value
    if acq.image_type[0] == "DERIVED":
        ds.DerivationDescription = "Apparent diffusion coefficient map from series 5 (b 0/1000)"
    ds.StudyInstanceUID = DEMO_STUDY_INSTANCE_UID
    ds.SeriesInstanceUID = _uid("series", str(spec.number))
    ds.StudyID = DEMO_STUDY_ID
    ds.SeriesNumber = str(spec.number)
    ds.AcquisitionNumber = "1"
    ds.InstanceNumber = str(instance)
    ds.ImagePositionPatient = [_ds_num(v) for v in ipp]
    ds.ImageOrientationPatient = [_ds_num(v) for pair in geom.orientation for v in pair]
    ds.FrameOfReferenceUID = _FOR_SPINE if spec.spine else _FOR_BRAIN
    ds.PositionReferenceIndicator = ""
    ds.ImagesInAcquisition = str(n_images)
    ds.SliceLocation = _ds_num(slice_loc)
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.Rows = geom.rows
    ds.Columns = geom.cols
    ds.PixelSpacing = [_ds_num(geom.pixel), _ds_num(geom.pixel)]
    ds.BitsAllocated = 16
    ds.BitsStored = 12
    ds.HighBit = 11
    ds.PixelRepresentation = 0
    ds.ImageComments = "SYNTHETIC DEMO IMAGE - not patient data, not for diagnosis"
    ds.BurnedInAnnotation = "NO"
    ds.LossyImageCompression = "00"
    ds.WindowCenter = str(window[0])
    ds.WindowWidth = str(window[1])
    ds.PixelData = img.pixels.astype("<u2").tobytes()
    return ds


def _iter_images() -> Iterator[tuple[_Spec, list[_Image]]]:
    renderer = _Renderer()
    for spec in _SPECS:
        yield spec, renderer.render(spec)


def write_demo_study(out_dir: Path) -> list[Path]:
    """Write the synthetic demo study under ``out_dir / "DEMO"`` and return the file paths.

    The layout is ``DEMO/S{series:03d}/I{instance:04d}.dcm``. ``out_dir`` is created if
    needed; demo files already there are overwritten and nothing else is touched.
    """
    root = Path(out_dir) / DEMO_DIR_NAME
    written: list[Path] = []
    for spec, images in _iter_images():
        folder = root / f"S{spec.number:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        windows = {
            b: _window(spec, [im for im in images if im.b_value == b])
            for b in {im.b_value for im in images}
        }
        for inst, img in enumerate(images, start=1):
            ds = _dataset(spec, img, inst, len(images), windows[img.b_value])
            path = folder / f"I{inst:04d}.dcm"
            ds.save_as(path, enforce_file_format=True)
            written.append(path)
    return written
