"""Series classification (plane, body region, sequence family) from hand-made headers.

The vendor cases use header values as GE, Siemens and Philips scanners write them:
ScanningSequence, SequenceVariant, ScanOptions, TR/TE/TI in ms, ImageType and, for
Siemens, SequenceName.
"""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from radreport.domain.classify import SeriesClass, classify_series, plane_from_orientation
from radreport.domain.study import BodyRegion, InstanceHeader, Plane, SequenceFamily

F = SequenceFamily
R = BodyRegion

AXIAL = (1.0, 0.0, 0.0, 0.0, 1.0, 0.0)
SAGITTAL = (0.0, 1.0, 0.0, 0.0, 0.0, -1.0)
CORONAL = (1.0, 0.0, 0.0, 0.0, 0.0, -1.0)


def h(**kw: Any) -> InstanceHeader:
    base: dict[str, Any] = {
        "path": "x.dcm",
        "sop_instance_uid": "1.2.3",
        "study_instance_uid": "S",
        "series_instance_uid": "A",
        "modality": "MR",
    }
    base.update(kw)
    return InstanceHeader(**base)


def classify(**kw: Any) -> SeriesClass:
    return classify_series([h(**kw)])


def acq(
    ss: str,
    sv: str,
    so: str,
    tr: float | None,
    te: float | None,
    ti: float | None = None,
    *,
    it: str = "ORIGINAL\\PRIMARY\\OTHER",
    **extra: Any,
) -> dict[str, Any]:
    """Acquisition header values; multi-valued ones written the DICOM way (backslashes)."""

    def split(value: str) -> tuple[str, ...]:
        return tuple(value.split("\\")) if value else ()

    return {
        "scanning_sequence": split(ss),
        "sequence_variant": split(sv),
        "scan_options": split(so),
        "repetition_time": tr,
        "echo_time": te,
        "inversion_time": ti,
        "image_type": split(it),
        **extra,
    }


def rotated_axial(degrees: float) -> tuple[float, ...]:
    """An axial slice tilted about the left-right axis (like an AC-PC or disc angulation)."""
    a = math.radians(degrees)
    return (1.0, 0.0, 0.0, 0.0, math.cos(a), -math.sin(a))


# ---------------------------------------------------------------------------
# Vendor series: (description, protocol name, header values) -> family

GE_FSE = "FAST_GEMS\\EDR_GEMS\\FILTERED_GEMS\\ACC_GEMS"
GE_IT = "ORIGINAL\\PRIMARY\\OTHER"

GE_CASES = [
    pytest.param(
        "Sag T1 CUBE", acq("SE", "SK\\SS", GE_FSE, 602, 14.5, mr_acquisition_type="3D"), F.T1
    ),
    pytest.param(
        "3D BRAVO",
        acq("GR", "SS\\SK", "FAST_GEMS\\EDR_GEMS\\ACC_GEMS", 8.2, 3.2, 450, flip_angle=12.0),
        F.T1,
    ),
    pytest.param("Ax T2 FRFSE", acq("SE", "SK", GE_FSE, 5800, 102), F.T2),
    pytest.param("Sag T2 FSE", acq("SE", "SK", GE_FSE, 3000, 110), F.T2),
    pytest.param(
        "Sag CUBE FLAIR",
        acq("SE\\IR", "SK\\SS", GE_FSE, 6000, 119, 1860, mr_acquisition_type="3D"),
        F.FLAIR,
    ),
    pytest.param("Ax T2 FLAIR", acq("SE\\IR", "SK", GE_FSE, 9000, 140, 2250), F.FLAIR),
    pytest.param(
        "Ax DWI b1000",
        acq("EP\\SE", "SK\\SS", "EPI_GEMS\\ACC_GEMS", 6000, 70, diffusion_b_value=1000.0),
        F.DWI,
    ),
    pytest.param(
        "Apparent Diffusion Coefficient (mm2/s)",
        acq("EP\\SE", "SK\\SS", "EPI_GEMS", 6000, 70, it="DERIVED\\PRIMARY\\ADC"),
        F.ADC,
    ),
    pytest.param(  # ADC image type not written, b-value copied from the source: words win
        "Apparent Diffusion Coefficient (mm2/s)",
        acq(
            "EP\\SE",
            "SK\\SS",
            "EPI_GEMS",
            6000,
            70,
            it="DERIVED\\SECONDARY\\OTHER",
            diffusion_b_value=1000.0,
        ),
        F.ADC,
    ),
    pytest.param(
        "Exponential Apparent Diffusion Coefficient",
        acq("EP\\SE", "SK\\SS", "EPI_GEMS", 6000, 70, it="DERIVED\\SECONDARY\\OTHER"),
        F.OTHER,
    ),
    pytest.param("Ax SWAN", acq("GR", "SS\\SK", "FAST_GEMS\\ACC_GEMS", 40, 24), F.SWI),
    pytest.param("Ax GRE T2*", acq("GR", "SS\\SP", "", 650, 15, flip_angle=20.0), F.SWI),
    pytest.param("Sag STIR", acq("SE\\IR", "SK", GE_FSE, 4000, 45, 150), F.STIR),
    pytest.param("Sag T1 FLAIR", acq("SE\\IR", "SK", GE_FSE, 2300, 9, 860), F.T1),
    pytest.param(
        "Ax T1 +C", acq("SE", "SK", GE_FSE, 550, 10, contrast_bolus_agent="GADAVIST"), F.T1_POST
    ),
    pytest.param("Ax T1 +C", acq("SE", "SK", GE_FSE, 550, 10), F.T1_POST),  # words alone
    pytest.param("Sag T1 FLAIR +C", acq("SE\\IR", "SK", GE_FSE, 2300, 9, 860), F.T1_POST),
    pytest.param("3D BRAVO C+", acq("GR", "SS\\SK", "", 8.2, 3.2, 450), F.T1_POST),
    pytest.param(
        "3-Plane Loc",
        acq("GR", "SS", "FAST_GEMS", 5.0, 1.6, it="ORIGINAL\\PRIMARY\\LOCALIZER"),
        F.LOCALIZER,
    ),
    pytest.param("ASSET Cal", acq("GR", "SS", "", 150, 1.5), F.LOCALIZER),
    pytest.param("Ax PD FSE", acq("SE", "SK", GE_FSE, 3200, 28), F.PD),
    pytest.param("Ax 3D TOF", acq("GR", "SS\\SK", "FAST_GEMS\\MT_GEMS", 23, 3.4), F.OTHER),
    pytest.param("Ax FIESTA-C", acq("GR", "SS", "", 5.4, 2.6), F.OTHER),
    pytest.param("Ax 3D ASL", acq("SE", "SK", "", 4800, 10.5), F.OTHER),
    pytest.param("Cor T2 IR", acq("SE\\IR", "SK", GE_FSE, 4500, 42, 165), F.STIR),
]

SIEMENS_CASES = [
    pytest.param(
        "t1_mprage_sag_p2_iso",
        acq(
            "GR\\IR",
            "SK\\SP\\MP",
            "IR",
            2300,
            2.32,
            900,
            it="ORIGINAL\\PRIMARY\\M\\ND\\NORM",
            sequence_name="*tfl3d1_16ns",
            mr_acquisition_type="3D",
        ),
        F.T1,
    ),
    pytest.param(
        "t1_mprage_sag_p2_iso POST",
        acq(
            "GR\\IR",
            "SK\\SP\\MP",
            "IR",
            2300,
            2.32,
            900,
            sequence_name="*tfl3d1_16ns",
            contrast_bolus_agent="Dotarem",
        ),
        F.T1_POST,
    ),
    pytest.param(
        "t1_mprage_sag_p2_iso_MPR_Tra",
        acq("GR\\IR", "SK\\SP\\MP", "IR", 2300, 2.32, 900, it="DERIVED\\PRIMARY\\MPR\\NORM"),
        F.T1,
    ),
    pytest.param(
        "t2_tse_tra_p2",
        acq("SE", "SK\\SP\\OSP", "PFP\\SAT2", 6000, 99, sequence_name="*tse2d1_15"),
        F.T2,
    ),
    pytest.param(
        "t2_space_dark-fluid_sag_p2_iso",
        acq(
            "SE\\IR",
            "SK\\SP\\MP",
            "IR",
            5000,
            387,
            1800,
            sequence_name="*spcir_278",
            mr_acquisition_type="3D",
        ),
        F.FLAIR,
    ),
    pytest.param(
        "t2_tirm_tra_dark-fluid",
        acq("SE\\IR", "SK\\SP\\MP", "IR", 9000, 81, 2500, sequence_name="*tir2d1_15"),
        F.FLAIR,
    ),
    pytest.param(
        "ep2d_diff_3scan_trace_p2",
        acq(
            "EP",
            "SK\\SP",
            "PFP\\FS",
            5100,
            89,
            it="DERIVED\\PRIMARY\\DIFFUSION\\TRACEW\\ND",
            sequence_name="*ep_b1000t",
            diffusion_b_value=1000.0,
        ),
        F.DWI,
    ),
    pytest.param(
        "ep2d_diff_3scan_trace_p2_ADC",
        acq(
            "EP",
            "SK\\SP",
            "PFP\\FS",
            5100,
            89,
            it="DERIVED\\PRIMARY\\DIFFUSION\\ADC\\ND",
            sequence_name="*ep_b0_1000",
        ),
        F.ADC,
    ),
    pytest.param(
        "ep2d_diff_mddw_20_p2_FA",
        acq("EP", "SK\\SP", "PFP\\FS", 8000, 95, it="DERIVED\\PRIMARY\\DIFFUSION\\FA\\ND"),
        F.OTHER,
    ),
    pytest.param(
        "t2_swi_tra_p2_1.5mm",
        acq("GR", "SK\\SP", "", 27, 20, it="ORIGINAL\\PRIMARY\\M\\ND", sequence_name="*swi3d1r"),
        F.SWI,
    ),
    pytest.param(
        "SWI_Images",
        acq(
            "GR",
            "SK\\SP",
            "",
            27,
            20,
            it="DERIVED\\PRIMARY\\M\\SWI\\ND\\NORM",
            sequence_name="*swi3d1r",
            protocol_name="t2_swi_tra_p2_1.5mm",
        ),
        F.SWI,
    ),
    pytest.param(
        "Mag_Images",
        acq(
            "GR",
            "SK\\SP",
            "",
            27,
            20,
            it="ORIGINAL\\PRIMARY\\M\\ND",
            sequence_name="*swi3d1r",
            protocol_name="t2_swi_tra_p2_1.5mm",
        ),
        F.SWI,
    ),
    pytest.param(
        "Pha_Images",
        acq(
            "GR",
            "SK\\SP",
            "",
            27,
            20,
            it="ORIGINAL\\PRIMARY\\P\\ND",
            sequence_name="*swi3d1r",
            protocol_name="t2_swi_tra_p2_1.5mm",
        ),
        F.OTHER,
    ),
    pytest.param(
        "mIP_Images(SW)",
        acq(
            "GR",
            "SK\\SP",
            "",
            27,
            20,
            it="DERIVED\\PRIMARY\\OTHER",
            protocol_name="t2_swi_tra_p2_1.5mm",
        ),
        F.SWI,
    ),
    pytest.param(
        "t2_tirm_sag",
        acq(
            "SE\\IR",
            "SK\\SP\\MP",
            "IR",
            4000,
            57,
            220,
            sequence_name="*tir2d1_15",
            body_part_examined="CSPINE",
        ),
        F.STIR,
    ),
    pytest.param(
        "t1_tse_sag", acq("SE", "SK\\SP\\OSP", "", 650, 11, sequence_name="*tse2d1_3"), F.T1
    ),
    pytest.param(
        "t2_me2d_tra",
        acq("GR", "SP\\OSP", "", 700, 17, sequence_name="*me2d1r3", flip_angle=30.0),
        F.SWI,
    ),
    pytest.param(
        "AAHead_Scout_64ch-head-coil",
        acq("GR", "SP", "", 3.15, 1.37, sequence_name="*fl3d1_ns"),
        F.LOCALIZER,
    ),
    pytest.param(
        "AAHead_Scout_MPR_sag",
        acq("GR", "SP", "", 3.15, 1.37, it="DERIVED\\PRIMARY\\MPR\\ND"),
        F.LOCALIZER,
    ),
    pytest.param("localizer", acq("GR", "SP", "", 8.6, 4.0, sequence_name="*fl2d1"), F.LOCALIZER),
    pytest.param(
        "t1_fl2d_tra",
        acq("GR", "SP", "", 250, 2.5, sequence_name="*fl2d1", flip_angle=70.0),
        F.T1,
    ),
    pytest.param(
        "t1_vibe_fs_tra_post",
        acq("GR", "SP", "FS", 4.4, 2.0, sequence_name="*fl3d1", contrast_bolus_agent="Gd"),
        F.T1_POST,
    ),
    pytest.param(
        "TOF_3D_multi-slab", acq("GR", "SP", "", 22, 3.6, sequence_name="*fl3d1r_t70"), F.OTHER
    ),
    pytest.param(
        "TOF_3D_multi-slab_MIP_SAG",
        acq("GR", "SP", "", 22, 3.6, it="DERIVED\\PRIMARY\\MIP_SAG"),
        F.OTHER,
    ),
    pytest.param(
        "ep2d_perf", acq("EP\\GR", "SK", "FS", 1500, 30, sequence_name="*epfid2d1_64"), F.OTHER
    ),
    pytest.param(
        "gre_field_mapping", acq("GR", "SP", "", 520, 4.92, sequence_name="*fm2d2r"), F.OTHER
    ),
    pytest.param("svs_se_30", acq("SE", "NONE", "", 2000, 30, sequence_name="*svs_se"), F.OTHER),
    pytest.param("t2_spc_ciss_tra", acq("GR", "SK", "", 5.5, 2.6, sequence_name="*ci3d1"), F.OTHER),
    pytest.param("pd_tse_sag", acq("SE", "SK\\SP\\OSP", "", 3000, 33), F.PD),
    pytest.param("VenBOLD", acq("GR", "SP", "", 30, 20), F.SWI),
    pytest.param("ep2d_bold_resting", acq("EP", "SK", "FS", 2000, 30), F.OTHER),
]

PHILIPS_IT = "ORIGINAL\\PRIMARY\\M_SE\\M\\SE"
PHILIPS_FFE = "ORIGINAL\\PRIMARY\\M_FFE\\M\\FFE"

PHILIPS_CASES = [
    pytest.param("3D_T1W_TFE", acq("GR", "MP", "OTHER", 8.1, 3.7, it=PHILIPS_FFE), F.T1),
    pytest.param("T2W_TSE", acq("SE", "SK", "OTHER", 3000, 80, it=PHILIPS_IT), F.T2),
    pytest.param("T1W_SE", acq("SE", "SK", "OTHER", 550, 15, it=PHILIPS_IT), F.T1),
    pytest.param(
        "FLAIR_longTR", acq("SE\\IR", "SK", "OTHER", 11000, 125, 2800, it=PHILIPS_IT), F.FLAIR
    ),
    pytest.param("T2W_FLAIR", acq("IR", "SK", "OTHER", 11000, 125, 2800), F.FLAIR),
    pytest.param("DWI_SENSE", acq("SE", "SK", "OTHER", 3500, 90, diffusion_b_value=1000.0), F.DWI),
    pytest.param(
        "dADC", acq("SE", "SK", "OTHER", 3500, 90, it="DERIVED\\PRIMARY\\DIFFUSION\\ADC"), F.ADC
    ),
    pytest.param("dADC", acq("SE", "SK", "OTHER", 3500, 90, it="DERIVED\\PRIMARY\\OTHER"), F.ADC),
    pytest.param("eADC", acq("SE", "SK", "OTHER", 3500, 90, it="DERIVED\\PRIMARY\\OTHER"), F.OTHER),
    pytest.param("SWIp", acq("GR", "SP", "OTHER", 31, 7.2, it=PHILIPS_FFE), F.SWI),
    pytest.param("T2*_FFE", acq("GR", "SP", "OTHER", 800, 16, it=PHILIPS_FFE), F.SWI),
    pytest.param(
        "sT1W_3D_TFE Gd",
        acq("GR", "MP", "OTHER", 8.1, 3.7, it=PHILIPS_FFE, contrast_bolus_agent="Gadovist"),
        F.T1_POST,
    ),
    pytest.param("sT1W_3D_TFE Gd", acq("GR", "MP", "OTHER", 8.1, 3.7), F.T1_POST),
    pytest.param("STIR_SENSE", acq("IR", "SK", "OTHER", 3500, 60, 200), F.STIR),
    pytest.param("PDW_TSE", acq("SE", "SK", "OTHER", 3000, 30, it=PHILIPS_IT), F.PD),
    pytest.param("Survey", acq("GR", "SP", "OTHER", 11, 4.6, it=PHILIPS_FFE), F.LOCALIZER),
    pytest.param("SmartSurvey", acq("GR", "SP", "OTHER", 11, 4.6), F.LOCALIZER),
    pytest.param("SENSE_Ref", acq("GR", "SP", "OTHER", 4, 1.0), F.LOCALIZER),
    pytest.param("3D_T2_DRIVE", acq("SE", "SK", "OTHER", 1500, 200), F.T2),
    pytest.param("T1W_mDIXON_in_phase", acq("GR", "SP", "OTHER", 6, 2.3), F.T1),
    pytest.param("T2_TSE PD", acq("SE", "SK", "OTHER", 3000, 30), F.T2),  # dual echo
]

FRENCH_CASES = [
    pytest.param("SAG T1", acq("SE", "SK", "", 500, 12), F.T1),
    pytest.param("AX T2 FLAIR", acq("SE\\IR", "SK", "", 9000, 120, 2500), F.FLAIR),
    pytest.param("DIFFUSION", acq("EP", "SK", "", 5000, 80, diffusion_b_value=1000.0), F.DWI),
    pytest.param("T1 GADO", acq("SE", "SK", "", 500, 12), F.T1_POST),
    pytest.param("AX T1 APRÈS INJECTION", acq("SE", "SK", "", 500, 12), F.T1_POST),
    pytest.param("SAG T1 post gado", acq("SE", "SK", "", 500, 12), F.T1_POST),
    pytest.param(
        "T1 SANS INJECTION", acq("SE", "SK", "", 500, 12, contrast_bolus_agent="DOTAREM"), F.T1
    ),
    pytest.param("T1 pré gado", acq("SE", "SK", "", 500, 12, contrast_bolus_agent="DOTAREM"), F.T1),
    pytest.param("DP FS SAG", acq("SE", "SK", "FS", 3000, 30), F.PD),
    pytest.param("densité protonique cor", acq("SE", "SK", "", 3000, 30), F.PD),
    pytest.param("T2* AXIAL", acq("GR", "SP", "", 600, 18), F.SWI),
    pytest.param("T2 ÉTOILE", acq("GR", "SP", "", 600, 18), F.SWI),
    pytest.param("SAG STIR RACHIS", acq("SE\\IR", "SK", "", 4000, 50, 160), F.STIR),
    pytest.param("T2 STIR SAG", acq("SE\\IR", "SK", "", 4000, 50, 160), F.STIR),
    pytest.param("CARTO ADC", acq("EP", "SK", "", 5000, 80), F.ADC),
    pytest.param("HEMO AX", acq("GR", "SP", "", 600, 18), F.SWI),
]


@pytest.mark.parametrize(
    ("description", "values", "expected"), GE_CASES + SIEMENS_CASES + PHILIPS_CASES + FRENCH_CASES
)
def test_vendor_series_family(description: str, values: dict[str, Any], expected: F) -> None:
    assert classify(series_description=description, **values).family is expected


@pytest.mark.parametrize(
    ("description", "values", "expected"), GE_CASES + SIEMENS_CASES + PHILIPS_CASES
)
def test_protocol_name_alone_is_enough(
    description: str, values: dict[str, Any], expected: F
) -> None:
    """Some exports leave SeriesDescription empty; the protocol name then speaks."""
    values = {**values, "protocol_name": description}
    assert classify(series_description="", **values).family is expected


# ---------------------------------------------------------------------------
# Physics only: empty descriptions


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        pytest.param(acq("SE", "SK", "", 550, 10), F.T1, id="SE short TR short TE"),
        pytest.param(acq("SE", "SK\\SP", "", 800, 30), F.T1, id="SE T1 limits"),
        pytest.param(acq("SE", "SK", "", 4000, 100), F.T2, id="TSE long TR long TE"),
        pytest.param(acq("SE", "SK", "", 2000, 60), F.T2, id="SE T2 limits"),
        pytest.param(acq("SE", "SK", "", 3000, 30), F.PD, id="TSE long TR short TE"),
        pytest.param(acq("SE\\IR", "SK\\MP", "IR", 9000, 120, 2500), F.FLAIR, id="2D FLAIR"),
        pytest.param(acq("SE\\IR", "SK\\MP", "IR", 5000, 390, 1650), F.FLAIR, id="3D FLAIR"),
        pytest.param(acq("SE\\IR", "SK", "", 4000, 50, 160), F.STIR, id="STIR 1.5T"),
        pytest.param(acq("SE\\IR", "SK", "", 4500, 40, 230), F.STIR, id="STIR 3T"),
        pytest.param(acq("IR", "", "", 3500, 60, 200), F.STIR, id="IR alone short TI"),
        pytest.param(acq("SE\\IR", "SK", "", 2300, 9, 860), F.T1, id="T1 FLAIR"),
        pytest.param(acq("SE", "SK", "IR", 2300, 9, 860), F.T1, id="T1 FLAIR IR as option"),
        pytest.param(acq("GR\\IR", "SK\\SP\\MP", "IR", 2300, 2.3, 900), F.T1, id="MPRAGE"),
        pytest.param(acq("GR", "SS\\SK", "", 8.2, 3.2, 450), F.T1, id="BRAVO TI only"),
        pytest.param(acq("GR", "MP", "", 8.1, 3.7), F.T1, id="TFE prepared"),
        pytest.param(
            acq("", "", "", 2300, 2.3, None, sequence_name="*tfl3d1_16ns"), F.T1, id="tfl3d name"
        ),
        pytest.param(acq("GR", "SP", "", 650, 20, flip_angle=20.0), F.SWI, id="GRE T2*"),
        pytest.param(acq("GR", "SP", "", 27, 20, sequence_name="*swi3d1r"), F.SWI, id="swi name"),
        pytest.param(acq("GR", "SP", "", 700, 8, sequence_name="*me2d1r3"), F.SWI, id="MEDIC"),
        pytest.param(
            acq("EP", "SK", "", 5000, 80, diffusion_b_value=1000.0), F.DWI, id="EPI b1000"
        ),
        pytest.param(
            acq("EP", "SK", "", 5000, 80, sequence_name="*ep_b1000t"), F.DWI, id="ep_b name"
        ),
        pytest.param(
            acq("SE\\IR", "SK", "", 4000, 57, None, sequence_name="*tir2d1_15"),
            F.UNKNOWN,
            id="turbo IR without TI",
        ),
        pytest.param(acq("SE", "SK", "", 3000, 30, contrast_bolus_agent="Gd"), F.PD, id="PD + Gd"),
        pytest.param(
            acq("SE", "SK", "", 550, 10, contrast_bolus_agent="MULTIHANCE"), F.T1_POST, id="T1 + Gd"
        ),
        pytest.param(
            acq("SE", "SK", "", 550, 10, contrast_bolus_agent="NONE"), F.T1, id="agent NONE"
        ),
        pytest.param(acq("", "", "", None, None, sequence_name="*ci3d1"), F.OTHER, id="CISS name"),
    ],
)
def test_physics_without_description(values: dict[str, Any], expected: F) -> None:
    assert classify(**values).family is expected


@pytest.mark.parametrize(
    "values",
    [
        pytest.param(acq("SE", "SK", "", 1200, 20), id="intermediate TR"),
        pytest.param(acq("SE", "SK", "", 2500, 50), id="intermediate TE"),
        pytest.param(acq("GR", "SP", "", 22, 3.6), id="short-TE GRE (TOF or T1)"),
        pytest.param(acq("GR", "SP", "", 12, 8), id="GRE TE between T1 and T2*"),
        pytest.param(acq("GR", "SS", "", 5.4, 2.6), id="balanced SSFP"),
        pytest.param(acq("EP", "SK", "FS", 2000, 30), id="EPI without b-value"),
        pytest.param(acq("EP", "SK", "", 5000, 80, diffusion_b_value=0.0), id="EPI b0"),
        pytest.param(acq("SE\\IR", "SK", "", 9000, 120, None), id="IR without TI"),
        pytest.param(acq("SE\\IR", "SK", "", 3000, 100, 1000), id="IR mid TI long TE"),
        pytest.param(acq("SE\\IR", "SK", "", 9000, 20, 2500), id="IR long TI short TE"),
        pytest.param(acq("SE\\IR", "SK", "", 4000, 50, 40), id="IR very short TI"),
        pytest.param(acq("GR\\IR", "SK\\MP", "", 3000, 30, 900), id="IR GRE long TE"),
        pytest.param(acq("RM", "", "", 500, 10), id="research mode"),
        pytest.param(acq("SE", "SK", "", None, 100), id="no TR"),
        pytest.param(acq("SE", "SK", "", 4000, None), id="no TE"),
        pytest.param(acq("", "", "", 550, 10), id="no scanning sequence"),
        pytest.param(acq("", "", "", None, None), id="nothing at all"),
    ],
)
def test_physics_unsure_is_unknown(values: dict[str, Any]) -> None:
    assert classify(**values).family is F.UNKNOWN


# ---------------------------------------------------------------------------
# Words: precedence and boundaries


@pytest.mark.parametrize(
    ("description", "expected"),
    [
        ("T2 STIR", F.STIR),
        ("Sag T2 FS", F.T2),
        ("Cor T2 SPAIR", F.T2),
        ("Ax T2FLAIR", F.FLAIR),
        ("AxT2", F.T2),
        ("SagT1 CSpine", F.T1),
        ("3DFLAIR", F.FLAIR),
        ("Sag T1 dark-fluid", F.T1),
        ("T1_FLAIR_SAG", F.T1),
        ("Ax T2* GRE", F.SWI),
        ("T2 star", F.SWI),
        ("MEDIC", F.SWI),
        ("ESWAN", F.SWI),
        ("Susceptibility weighted", F.SWI),
        ("MinIP", F.SWI),
        ("Ax DWI", F.DWI),
        ("Ax DWI b1000", F.DWI),
        ("Ax DW", F.DWI),
        ("DTI_30dir", F.DWI),
        ("RESOLVE", F.DWI),
        ("ADC", F.ADC),
        ("Ax DWI ADC", F.ADC),
        ("ColFA", F.OTHER),
        ("FA map", F.OTHER),
        ("Tractography", F.OTHER),
        ("MRA Circle of Willis", F.OTHER),
        ("3D TOF", F.OTHER),
        ("Perfusion", F.OTHER),
        ("pCASL", F.OTHER),
        ("rCBV", F.OTHER),
        ("fMRI motor", F.OTHER),
        ("MoCoSeries", F.OTHER),
        ("Spectroscopy", F.OTHER),
        ("T1 map", F.OTHER),
        ("T2 mapping", F.OTHER),
        ("phase", F.OTHER),
        ("SWI phase", F.OTHER),
        ("cine", F.OTHER),
        ("CSF flow", F.OTHER),
        ("DIR", F.OTHER),
        ("3D TrueFISP", F.OTHER),
        ("Ax T1 opposed phase", F.T1),
        ("Ax T1 in-phase", F.T1),
        ("Sag T1 CUBE", F.T1),
        ("MPRAGE", F.T1),
        ("MP-RAGE", F.T1),
        ("MP2RAGE_UNI", F.T1),
        ("IR-FSPGR", F.T1),
        ("Ax 3D SPGR", F.T1),
        ("Ax LAVA", F.T1),
        ("Ax VIBE", F.T1),
        ("Ax T1 posterior fossa", F.T1),  # "posterior" is not "post"
        ("Ax T1 post fossa", F.T1),  # nor is "post fossa"
        ("Ax T1 post fossa +C", F.T1_POST),
        ("Ax T1 pre", F.T1),
        ("T1 Gd", F.T1_POST),
        ("T1+Gd", F.T1_POST),
        ("T1C+", F.T1_POST),
        ("T1 C+", F.T1_POST),
        ("T1 post-contrast", F.T1_POST),
        ("Ax T1 FS POST", F.T1_POST),
        ("Ax FLAIR +C", F.FLAIR),  # post-contrast FLAIR stays FLAIR
        ("PD", F.PD),
        ("PDW SPAIR", F.PD),
        ("Proton density", F.PD),
        ("PD/T2", F.T2),
        ("HASTE", F.T2),
        ("SSFSE", F.T2),
        ("Localizer", F.LOCALIZER),
        ("localiser", F.LOCALIZER),
        ("3-plane loc", F.LOCALIZER),
        ("Scout", F.LOCALIZER),
        ("AAHScout", F.LOCALIZER),
        ("Tri-Pilot", F.LOCALIZER),
        ("Calibration", F.LOCALIZER),
        ("PURE cal", F.LOCALIZER),
        ("MPR", F.OTHER),
        ("MIP", F.OTHER),
        ("Subtraction", F.OTHER),
        ("3D Reformat", F.OTHER),
        ("Series 5", F.UNKNOWN),
        ("Ax", F.UNKNOWN),
        ("relax", F.UNKNOWN),
        ("Ax FSE", F.UNKNOWN),  # no weighting and no physics: unknown
        ("Ax IR FSE", F.UNKNOWN),  # brain region unknown, no TI
        ("posterior", F.UNKNOWN),
        ("", F.UNKNOWN),
    ],
)
def test_description_words(description: str, expected: F) -> None:
    assert classify(series_description=description).family is expected


def test_description_beats_protocol_name() -> None:
    got = classify(series_description="Ax FLAIR", protocol_name="t2_tse_tra").family
    assert got is F.FLAIR


def test_protocol_name_used_when_description_says_nothing() -> None:
    got = classify(series_description="Series 7", protocol_name="t2_tse_tra").family
    assert got is F.T2


def test_explicit_words_beat_physics() -> None:
    # T1-like physics, but the description says FLAIR: trust the words
    assert classify(series_description="FLAIR", **acq("SE", "SK", "", 500, 10)).family is F.FLAIR


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (acq("SE\\IR", "SK", "", 4000, 57, 220), F.STIR),  # TI decides
        (acq("SE\\IR", "SK", "", 9000, 85, 2500), F.FLAIR),
        (acq("SE\\IR", "SK", "", 4000, 57, None), F.STIR),  # spine, no TI: STIR
    ],
)
def test_tirm_in_the_spine(values: dict[str, Any], expected: F) -> None:
    got = classify(series_description="t2_tirm_sag", body_part_examined="CSPINE", **values)
    assert got.family is expected


def test_tirm_in_the_brain_without_ti_is_unknown() -> None:
    values = acq("SE\\IR", "SK", "", 4000, 57, None)
    got = classify(series_description="t2_tirm_cor", body_part_examined="HEAD", **values)
    assert got.family is F.UNKNOWN


def test_t1_ir_without_ti_is_t1() -> None:
    assert (
        classify(series_description="t1_tir_tra", **acq("SE\\IR", "SK", "", 2000, 10)).family
        is F.T1
    )


@pytest.mark.parametrize(
    ("pre_or_post", "agent", "expected"),
    [
        ("", "", F.T1),
        ("", "Gadovist", F.T1_POST),
        ("", "  ", F.T1),
        ("", "none", F.T1),
        (" pre", "Gadovist", F.T1),
        (" post", "", F.T1_POST),
        (" +C", "", F.T1_POST),
        (" native", "Dotarem", F.T1),
    ],
)
def test_t1_contrast(pre_or_post: str, agent: str, expected: F) -> None:
    values = acq("SE", "SK", "", 550, 10, contrast_bolus_agent=agent)
    assert classify(series_description="Ax T1" + pre_or_post, **values).family is expected


def test_contrast_agent_does_not_make_t2_post() -> None:
    values = acq("SE", "SK", "", 4000, 100, contrast_bolus_agent="Gadovist")
    assert classify(series_description="Ax T2", **values).family is F.T2


@pytest.mark.parametrize("modality", ["CT", "SR", "PR", "OT"])
def test_non_mr_series_is_other(modality: str) -> None:
    assert classify(modality=modality, series_description="Ax T1").family is F.OTHER


# ---------------------------------------------------------------------------
# Several instances


def _dwi(image_type: str, b: float | None = None) -> InstanceHeader:
    return h(
        series_description="DWI_SENSE",
        image_type=tuple(image_type.split("\\")),
        diffusion_b_value=b,
        scanning_sequence=("SE",),
        repetition_time=3500.0,
        echo_time=90.0,
    )


def test_mixed_trace_and_adc_series_is_dwi() -> None:
    instances = [_dwi("DERIVED\\PRIMARY\\DIFFUSION\\TRACEW") for _ in range(20)]
    instances += [_dwi("DERIVED\\PRIMARY\\DIFFUSION\\ADC") for _ in range(20)]
    assert classify_series(instances).family is F.DWI


def test_philips_dwi_with_b0_b1000_and_adc_images_is_dwi() -> None:
    instances = [_dwi(PHILIPS_IT, 0.0), _dwi(PHILIPS_IT, 1000.0), _dwi("DERIVED\\PRIMARY\\ADC", 0)]
    assert classify_series(instances).family is F.DWI


def test_series_of_adc_images_only_is_adc() -> None:
    instances = [_dwi("DERIVED\\PRIMARY\\DIFFUSION\\ADC", 1000.0) for _ in range(25)]
    assert classify_series(instances).family is F.ADC


def test_swi_series_mixing_magnitude_and_phase_is_swi() -> None:
    mag = h(image_type=("ORIGINAL", "PRIMARY", "M", "SWI"), series_description="SWIp")
    phase = h(image_type=("ORIGINAL", "PRIMARY", "P", "SWI"), series_description="SWIp")
    assert classify_series([mag, phase, mag]).family is F.SWI


def test_all_phase_images_are_other() -> None:
    phase = h(image_type=("ORIGINAL", "PRIMARY", "P", "ND"), series_description="")
    assert classify_series([phase, phase]).family is F.OTHER


def test_three_plane_localizer() -> None:
    it = ("ORIGINAL", "PRIMARY", "LOCALIZER")
    instances = [
        h(image_orientation_patient=iop, image_type=it, series_description="3-Plane Loc")
        for iop in (AXIAL, AXIAL, SAGITTAL, SAGITTAL, CORONAL, CORONAL)
    ]
    got = classify_series(instances)
    assert got.family is F.LOCALIZER
    assert got.plane is Plane.UNKNOWN  # no single plane


def test_localizer_by_image_type_majority() -> None:
    loc = h(image_type=("ORIGINAL", "PRIMARY", "LOCALIZER"))
    assert classify_series([loc, loc, loc]).family is F.LOCALIZER
    assert classify_series([loc, h(), h()]).family is F.UNKNOWN


def test_median_echo_time_of_a_multi_echo_series() -> None:
    instances = [
        h(scanning_sequence=("GR",), repetition_time=50.0, echo_time=te) for te in (5, 15, 25, 35)
    ]
    assert classify_series(instances).family is F.SWI


def test_contrast_agent_on_any_instance() -> None:
    values = acq("SE", "SK", "", 550, 10)
    instances = [h(**values), h(**values, contrast_bolus_agent="Gadovist")]
    assert classify_series(instances).family is F.T1_POST


# ---------------------------------------------------------------------------
# Plane


@pytest.mark.parametrize(
    ("iop", "expected"),
    [
        (AXIAL, Plane.AXIAL),
        (SAGITTAL, Plane.SAGITTAL),
        (CORONAL, Plane.CORONAL),
        ((0.0, 1.0, 0.0, 1.0, 0.0, 0.0), Plane.AXIAL),  # swapped rows/columns
        ((-1.0, 0.0, 0.0, 0.0, -1.0, 0.0), Plane.AXIAL),
        (rotated_axial(10), Plane.AXIAL),
        (rotated_axial(15), Plane.AXIAL),
        (rotated_axial(-15), Plane.AXIAL),
        (rotated_axial(30), Plane.AXIAL),  # steep lumbar disc angulation
        (rotated_axial(45), Plane.OBLIQUE),
        (rotated_axial(50), Plane.OBLIQUE),
        (rotated_axial(60), Plane.CORONAL),  # 30 degrees off coronal
        (rotated_axial(80), Plane.CORONAL),
        (rotated_axial(90), Plane.CORONAL),
        # sagittal tilted 12 degrees (a spine following the lordosis)
        ((0.0, math.cos(0.21), math.sin(0.21), 0.0, 0.0, -1.0), Plane.SAGITTAL),
        # 45 degrees between sagittal and coronal
        ((0.7071, 0.7071, 0.0, 0.0, 0.0, -1.0), Plane.OBLIQUE),
        # double oblique
        ((0.866, 0.5, 0.0, -0.3536, 0.6124, -0.7071), Plane.OBLIQUE),
        ((2.0, 0.0, 0.0, 0.0, 3.0, 0.0), Plane.AXIAL),  # not unit length
        ((1, 0, 0, 0, 1, 0), Plane.AXIAL),  # ints
        (("1", "0", "0", "0", "1", "0"), Plane.AXIAL),  # decoded text
        (None, Plane.UNKNOWN),
        ((), Plane.UNKNOWN),
        ((1.0, 0.0, 0.0, 0.0, 1.0), Plane.UNKNOWN),
        ((1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0), Plane.UNKNOWN),
        ((0.0,) * 6, Plane.UNKNOWN),
        ((1.0, 0.0, 0.0, 1.0, 0.0, 0.0), Plane.UNKNOWN),  # parallel
        ((1.0, 0.0, 0.0, 0.99, 0.1, 0.0), Plane.UNKNOWN),  # nearly parallel
        ((math.nan, 0.0, 0.0, 0.0, 1.0, 0.0), Plane.UNKNOWN),
        ((math.inf, 0.0, 0.0, 0.0, 1.0, 0.0), Plane.UNKNOWN),
        (("a", "b", "c", "d", "e", "f"), Plane.UNKNOWN),
        ("1\\0\\0\\0\\1\\0", Plane.UNKNOWN),
        (42, Plane.UNKNOWN),
    ],
)
def test_plane_from_orientation(iop: Any, expected: Plane) -> None:
    assert plane_from_orientation(iop) is expected


@pytest.mark.parametrize(
    ("description", "expected"),
    [
        ("Ax T2", Plane.AXIAL),
        ("AXIAL FLAIR", Plane.AXIAL),
        ("T2 axiale", Plane.AXIAL),
        ("t2_tse_tra_p2", Plane.AXIAL),
        ("TRA T1", Plane.AXIAL),
        ("AxT2", Plane.AXIAL),
        ("Sag T1", Plane.SAGITTAL),
        ("t1_mprage_sag_p2_iso", Plane.SAGITTAL),
        ("sagittal STIR", Plane.SAGITTAL),
        ("SAGITTALE T2", Plane.SAGITTAL),
        ("Cor STIR", Plane.CORONAL),
        ("coronal T2", Plane.CORONAL),
        ("T2 CORONALE", Plane.CORONAL),
        ("Obl T2 hippocampus", Plane.OBLIQUE),
        ("relax", Plane.UNKNOWN),  # "ax" inside a word
        ("ep2d_diff_3scan_trace_p2", Plane.UNKNOWN),  # "tra" inside "trace"
        ("extra", Plane.UNKNOWN),
        ("maximum", Plane.UNKNOWN),
        ("cord", Plane.UNKNOWN),
        ("massage", Plane.UNKNOWN),
        ("Ax Sag Cor", Plane.UNKNOWN),
        ("", Plane.UNKNOWN),
    ],
)
def test_plane_from_words_without_orientation(description: str, expected: Plane) -> None:
    assert classify(series_description=description).plane is expected


def test_orientation_beats_words() -> None:
    got = classify(series_description="Ax T2", image_orientation_patient=SAGITTAL)
    assert got.plane is Plane.SAGITTAL


def test_words_used_when_orientation_is_garbage() -> None:
    got = classify(series_description="Sag T2", image_orientation_patient=(1.0, 2.0))
    assert got.plane is Plane.SAGITTAL


def test_protocol_name_gives_plane() -> None:
    assert classify(protocol_name="t2_tse_cor").plane is Plane.CORONAL


def test_plane_majority_over_stray_images() -> None:
    instances = [h(image_orientation_patient=SAGITTAL) for _ in range(9)]
    instances.append(h(image_orientation_patient=AXIAL))
    assert classify_series(instances).plane is Plane.SAGITTAL


def test_3d_acquisition_keeps_acquired_plane() -> None:
    got = classify(
        series_description="t1_mprage_sag_p2_iso",
        image_orientation_patient=SAGITTAL,
        mr_acquisition_type="3D",
    )
    assert got.plane is Plane.SAGITTAL


# ---------------------------------------------------------------------------
# Body region


@pytest.mark.parametrize(
    ("series", "protocol", "body_part", "study", "expected"),
    [
        ("Sag T2 C-SPINE", "", "", "", R.CERVICAL),
        ("Sag T2 CSP", "", "", "", R.CERVICAL),
        ("Sag T1 C Spine", "", "", "", R.CERVICAL),
        ("SagT2 CSpine", "", "", "", R.CERVICAL),
        ("Sag STIR cervical", "", "", "", R.CERVICAL),
        ("Sag T2 cerv", "", "", "", R.CERVICAL),
        ("SAG T2 RACHIS CERVICAL", "", "", "", R.CERVICAL),
        ("t2_tse_sag_HWS", "", "", "", R.CERVICAL),
        ("Sag T2 T-spine", "", "", "", R.THORACIC),
        ("Sag T2 thoracic", "", "", "", R.THORACIC),
        ("SAG T2 RACHIS DORSAL", "", "", "", R.THORACIC),
        ("Sag T1 dorsale", "", "", "", R.THORACIC),
        ("SAG T2 rachis thoracique", "", "", "", R.THORACIC),
        ("Sag T2 L-spine", "", "", "", R.LUMBAR),
        ("Sag T2 lumbar", "", "", "", R.LUMBAR),
        ("SAG T2 RACHIS LOMBAIRE", "", "", "", R.LUMBAR),
        ("Ax T2 lumbosacral", "", "", "", R.LUMBAR),
        ("Ax FLAIR brain", "", "", "", R.BRAIN),
        ("Ax T2 post fossa", "", "", "", R.BRAIN),
        ("AAHead_Scout", "", "", "", R.BRAIN),
        ("", "", "HEAD", "", R.BRAIN),
        ("", "", "BRAIN", "", R.BRAIN),
        ("", "", "CSPINE", "", R.CERVICAL),
        ("", "", "TSPINE", "", R.THORACIC),
        ("", "", "LSPINE", "", R.LUMBAR),
        ("", "", "LSSPINE", "", R.LUMBAR),
        ("", "", "NECK", "", R.CERVICAL),
        ("", "", "KNEE", "", R.OTHER),
        ("", "", "SHOULDER", "", R.OTHER),
        ("", "", "ABDOMEN", "", R.OTHER),
        ("", "", "PELVIS", "", R.OTHER),
        ("", "", "", "NEURO^HEAD", R.BRAIN),
        ("", "", "", "IRM ENCÉPHALIQUE", R.BRAIN),
        ("", "", "", "IRM cérébrale", R.BRAIN),
        ("", "", "", "IRM du cerveau", R.BRAIN),
        ("", "", "", "CRÂNE", R.BRAIN),
        ("", "", "", "MRI HEAD W/WO", R.BRAIN),
        ("", "", "", "IRM GENOU DROIT", R.OTHER),
        ("", "", "", "IRM de l'épaule", R.OTHER),
        ("Cor PD FS shoulder", "", "", "", R.OTHER),
        ("", "", "", "MRI PLEXUS BRACHIAL", R.OTHER),
        ("", "t2_tse_sag_C-spine", "", "", R.CERVICAL),
        # series description beats study description and body part
        ("Sag T2 C-SPINE", "", "HEAD", "BRAIN + C-SPINE", R.CERVICAL),
        ("Ax FLAIR brain", "", "", "BRAIN + C-SPINE", R.BRAIN),
        ("Ax T2 brain", "", "LSPINE", "", R.BRAIN),
        ("Ax FLAIR", "", "HEAD", "BRAIN + C-SPINE", R.BRAIN),
        # a study of two regions cannot decide a silent series...
        ("Ax T2", "", "", "BRAIN + C-SPINE", R.UNKNOWN),
        # ...but "spine" in the series narrows it to the study's spine level
        ("Sag T2 spine", "", "", "BRAIN + C-SPINE", R.CERVICAL),
        ("Sag T2", "", "SPINE", "IRM RACHIS CERVICAL", R.CERVICAL),
        ("Sag T2 spine", "", "HEAD", "", R.UNKNOWN),
        # spine without a level, or spanning levels
        ("Sag T2", "", "SPINE", "", R.UNKNOWN),
        ("Sag T2 whole spine", "", "", "", R.UNKNOWN),
        ("Sag T2 C-T spine", "", "", "", R.UNKNOWN),
        ("Sag T2 cervicothoracic", "", "", "", R.UNKNOWN),
        ("Sag STIR rachis cervico-dorsal", "", "", "", R.UNKNOWN),
        ("", "", "TLSPINE", "", R.UNKNOWN),
        ("", "", "CTSPINE", "", R.UNKNOWN),
        ("", "", "HEADNECK", "", R.UNKNOWN),
        ("t2_tse_sag", "t2_tse_sag", "", "", R.UNKNOWN),
        ("Ax spin echo", "", "", "", R.UNKNOWN),
        ("Ax T2", "", "", "", R.UNKNOWN),
        ("", "", "", "", R.UNKNOWN),
    ],
)
def test_body_region(series: str, protocol: str, body_part: str, study: str, expected: R) -> None:
    got = classify(
        series_description=series,
        protocol_name=protocol,
        body_part_examined=body_part,
        study_description=study,
        image_position_patient=(-100.0, -120.0, 30.0),
    )
    assert got.region is expected


# ---------------------------------------------------------------------------
# Nonsense never raises and gives unknown


def test_empty_series() -> None:
    assert classify_series([]) == SeriesClass(Plane.UNKNOWN, R.UNKNOWN, F.UNKNOWN)


@pytest.mark.parametrize(
    "values",
    [
        pytest.param({}, id="defaults"),
        pytest.param({"repetition_time": math.nan, "echo_time": math.nan}, id="NaN TR TE"),
        pytest.param({"scanning_sequence": ("SE",), "repetition_time": math.inf}, id="inf TR"),
        pytest.param(
            {"scanning_sequence": ("SE",), "repetition_time": -500.0, "echo_time": -10.0},
            id="negative TR TE",
        ),
        pytest.param({"inversion_time": math.nan, "scanning_sequence": ("IR",)}, id="NaN TI"),
        pytest.param({"diffusion_b_value": math.nan}, id="NaN b"),
        pytest.param({"image_orientation_patient": (1.0, 0.0)}, id="IOP too short"),
        pytest.param({"image_orientation_patient": (math.nan,) * 6}, id="IOP NaN"),
        pytest.param({"image_orientation_patient": ()}, id="IOP empty"),
        pytest.param({"image_type": ()}, id="empty image type"),
        pytest.param({"image_type": ("", " ")}, id="blank image type"),
        pytest.param({"scanning_sequence": ("???",), "sequence_variant": ("",)}, id="junk codes"),
        pytest.param({"series_description": "   ", "protocol_name": "\t"}, id="blank text"),
        pytest.param({"series_description": "!!!###", "body_part_examined": "???"}, id="symbols"),
        pytest.param({"modality": ""}, id="no modality"),
        # wrong types, as a hand-edited scan index could hold
        pytest.param({"series_description": None, "protocol_name": 5}, id="text not str"),
        pytest.param({"repetition_time": "abc", "echo_time": [1]}, id="numbers not numbers"),
        pytest.param({"image_type": None, "scanning_sequence": None}, id="tuples None"),
        pytest.param({"image_orientation_patient": "garbage"}, id="IOP str"),
        pytest.param({"contrast_bolus_agent": None}, id="agent None"),
    ],
)
def test_nonsense_is_unknown(values: dict[str, Any]) -> None:
    assert classify(**values) == SeriesClass(Plane.UNKNOWN, R.UNKNOWN, F.UNKNOWN)


_text = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["T1", "t2_tirm", "ADC", "Sag", "+C", "SPINE", "mIP", "", "Ax DWI"]),
)
_number = st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True))
_codes = st.lists(st.sampled_from(["SE", "GR", "IR", "EP", "RM", "MP", "SK", "", "X"]), max_size=3)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.builds(
            h,
            series_description=_text,
            protocol_name=_text,
            body_part_examined=_text,
            study_description=_text,
            contrast_bolus_agent=_text,
            image_type=st.lists(_text, max_size=5).map(tuple),
            scanning_sequence=_codes.map(tuple),
            sequence_variant=_codes.map(tuple),
            scan_options=_codes.map(tuple),
            sequence_name=_text,
            repetition_time=_number,
            echo_time=_number,
            inversion_time=_number,
            diffusion_b_value=_number,
            image_orientation_patient=st.one_of(
                st.none(), st.lists(st.floats(), max_size=7).map(tuple)
            ),
        ),
        max_size=4,
    )
)
def test_never_raises(instances: list[InstanceHeader]) -> None:
    got = classify_series(instances)
    assert isinstance(got.plane, Plane)
    assert isinstance(got.region, R)
    assert isinstance(got.family, F)
