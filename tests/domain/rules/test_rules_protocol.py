"""Protocol warnings from a Study's series."""

from __future__ import annotations

import itertools

import pytest

from radreport.domain.rules.messages import RuleMessage, Severity
from radreport.domain.rules.protocol import protocol_warnings
from radreport.domain.study import (
    BodyRegion,
    InstanceHeader,
    Patient,
    PersonName,
    Plane,
    SequenceFamily,
    Series,
    Study,
    build_studies,
)

F = SequenceFamily
_uid = itertools.count(1)


def series(
    region: BodyRegion, family: SequenceFamily, plane: Plane = Plane.AXIAL, contrast: str = ""
) -> Series:
    n = next(_uid)
    header = InstanceHeader(
        path=f"/data/{n}.dcm",
        sop_instance_uid=f"1.2.3.{n}.1",
        series_instance_uid=f"1.2.3.{n}",
        contrast_bolus_agent=contrast,
        modality="MR",
    )
    return Series(
        series_instance_uid=f"1.2.3.{n}",
        instances=[header],
        plane=plane,
        region=region,
        family=family,
    )


def study(*items: Series) -> Study:
    return Study(
        study_instance_uid="1.2.3",
        patient=Patient("P1", PersonName("DOE^JANE"), None, "F"),
        series=list(items),
    )


def complete_brain() -> list[Series]:
    b = BodyRegion.BRAIN
    return [
        series(b, F.T1, Plane.SAGITTAL),
        series(b, F.FLAIR, Plane.SAGITTAL),
        series(b, F.T2),
        series(b, F.DWI),
        series(b, F.ADC),
        series(b, F.SWI),
    ]


def complete_spine(region: BodyRegion) -> list[Series]:
    return [
        series(region, F.T1, Plane.SAGITTAL),
        series(region, F.T2, Plane.SAGITTAL),
        series(region, F.STIR, Plane.SAGITTAL),
        series(region, F.T2, Plane.AXIAL),
    ]


def codes(messages: list[RuleMessage]) -> list[str]:
    return [m.code for m in messages]


def only(messages: list[RuleMessage], code: str) -> RuleMessage:
    found = [m for m in messages if m.code == code]
    assert len(found) == 1, codes(messages)
    return found[0]


def test_complete_protocol_with_contrast_has_no_warnings() -> None:
    s = study(
        *complete_brain(),
        *complete_spine(BodyRegion.CERVICAL),
        series(BodyRegion.BRAIN, F.T1_POST),
        series(BodyRegion.CERVICAL, F.T1_POST, Plane.SAGITTAL),
    )
    assert protocol_warnings(s, [BodyRegion.BRAIN, BodyRegion.CERVICAL]) == []
    # default regions: those of the study
    assert protocol_warnings(s) == []


def test_no_contrast_is_one_info_message() -> None:
    s = study(*complete_brain(), *complete_spine(BodyRegion.CERVICAL))
    messages = protocol_warnings(s, [BodyRegion.BRAIN, BodyRegion.CERVICAL])
    msg = only(messages, "protocol.no_post_contrast")
    assert msg.severity is Severity.INFO
    assert msg.en == "No post-contrast series: enhancement cannot be assessed."
    assert msg.fr == (
        "Aucune séquence après injection de gadolinium\u00a0: le rehaussement ne peut être évalué."
    )
    assert codes(messages) == ["protocol.no_post_contrast"]


def test_contrast_header_counts_as_post_contrast() -> None:
    s = study(*complete_brain(), series(BodyRegion.BRAIN, F.T1, contrast="GADOVIST"))
    assert protocol_warnings(s, [BodyRegion.BRAIN]) == []


def test_post_contrast_of_one_region_only() -> None:
    s = study(
        *complete_brain(),
        series(BodyRegion.BRAIN, F.T1_POST),
        *complete_spine(BodyRegion.CERVICAL),
    )
    messages = protocol_warnings(s, [BodyRegion.BRAIN, BodyRegion.CERVICAL])
    msg = only(messages, "protocol.region_no_post_contrast")
    assert msg.en.startswith("Cervical spine: no post-contrast series")
    assert msg.fr.startswith("Colonne cervicale\u00a0: aucune séquence après gadolinium")
    assert "protocol.no_post_contrast" not in codes(messages)


def test_brain_without_swi() -> None:
    s = study(*[x for x in complete_brain() if x.family is not F.SWI])
    messages = protocol_warnings(s, [BodyRegion.BRAIN])
    msg = only(messages, "protocol.brain_no_swi")
    assert msg.severity is Severity.WARNING
    assert msg.en == "No SWI or T2* series: the motor band sign cannot be assessed."
    assert "signe de la bande motrice" in msg.fr


def test_brain_without_dwi_or_adc() -> None:
    no_dwi = study(*[x for x in complete_brain() if x.family not in (F.DWI, F.ADC)])
    messages = protocol_warnings(no_dwi, [BodyRegion.BRAIN])
    assert only(messages, "protocol.brain_no_dwi").severity is Severity.WARNING
    assert "protocol.brain_no_adc" not in codes(messages)

    no_adc = study(*[x for x in complete_brain() if x.family is not F.ADC])
    messages = protocol_warnings(no_adc, [BodyRegion.BRAIN])
    assert only(messages, "protocol.brain_no_adc").severity is Severity.WARNING
    assert "protocol.brain_no_dwi" not in codes(messages)


def test_brain_without_flair() -> None:
    s = study(*[x for x in complete_brain() if x.family is not F.FLAIR])
    assert "protocol.brain_no_flair" in codes(protocol_warnings(s, [BodyRegion.BRAIN]))


def test_requested_region_not_covered() -> None:
    s = study(*complete_spine(BodyRegion.CERVICAL), series(BodyRegion.CERVICAL, F.T1_POST))
    messages = protocol_warnings(s, [BodyRegion.CERVICAL, BodyRegion.THORACIC])
    msg = only(messages, "protocol.region_not_covered")
    assert msg.severity is Severity.WARNING
    assert msg.en.startswith("Thoracic spine not covered")
    assert msg.fr.startswith("Colonne dorsale\u00a0: région non couverte")
    # nothing else is said about a region that is absent
    assert codes(messages) == ["protocol.region_not_covered"]


def test_localizer_does_not_count_as_coverage() -> None:
    s = study(series(BodyRegion.THORACIC, F.LOCALIZER, Plane.SAGITTAL))
    assert "protocol.region_not_covered" in codes(protocol_warnings(s, ["thoracic"]))


def test_spine_sequences() -> None:
    lumbar = BodyRegion.LUMBAR
    s = study(series(lumbar, F.T2, Plane.AXIAL), series(lumbar, F.T1_POST, Plane.SAGITTAL))
    messages = protocol_warnings(s, [lumbar])
    assert codes(messages) == [
        "protocol.spine_no_sagittal_t2",
        "protocol.spine_no_sagittal_t1",
        "protocol.spine_no_stir",
    ]
    assert all(m.severity is Severity.INFO for m in messages)
    assert only(messages, "protocol.spine_no_stir").en == "Lumbar spine: no STIR series."


def test_spine_without_axial_t2_is_a_warning() -> None:
    region = BodyRegion.THORACIC
    s = study(*[x for x in complete_spine(region) if x.plane is not Plane.AXIAL])
    msg = only(protocol_warnings(s, [region]), "protocol.spine_no_axial_t2")
    assert msg.severity is Severity.WARNING
    assert msg.en.startswith("Thoracic spine: no axial T2 series")


def test_pd_replaces_stir_in_cervical_but_not_lumbar() -> None:
    def spine_with_pd(region: BodyRegion) -> Study:
        items = [x for x in complete_spine(region) if x.family is not F.STIR]
        return study(*items, series(region, F.PD, Plane.SAGITTAL), series(region, F.T1_POST))

    assert protocol_warnings(spine_with_pd(BodyRegion.CERVICAL)) == []
    messages = protocol_warnings(spine_with_pd(BodyRegion.LUMBAR))
    assert codes(messages) == ["protocol.spine_no_stir"]
    cervical_no_stir = study(
        *complete_spine(BodyRegion.CERVICAL)[:2],
        series(BodyRegion.CERVICAL, F.T2, Plane.AXIAL),
        series(BodyRegion.CERVICAL, F.T1_POST),
    )
    msg = only(protocol_warnings(cervical_no_stir), "protocol.spine_no_stir")
    assert msg.en == "Cervical spine: no STIR or proton density series."
    assert msg.fr == "Colonne cervicale\u00a0: aucune séquence STIR ni en densité protonique."


def test_sagittal_t2_must_be_sagittal() -> None:
    region = BodyRegion.CERVICAL
    s = study(
        series(region, F.T1, Plane.SAGITTAL),
        series(region, F.STIR, Plane.SAGITTAL),
        series(region, F.T2, Plane.AXIAL),
        series(region, F.T2, Plane.CORONAL),
        series(region, F.T1_POST),
    )
    assert codes(protocol_warnings(s)) == ["protocol.spine_no_sagittal_t2"]


def test_unclassified_series_and_ignored_regions() -> None:
    s = study(*complete_brain(), series(BodyRegion.UNKNOWN, F.T2), series(BodyRegion.OTHER, F.T2))
    messages = protocol_warnings(s, [BodyRegion.BRAIN, BodyRegion.OTHER, BodyRegion.UNKNOWN])
    msg = only(messages, "protocol.unclassified_series")
    assert msg.en.startswith("Series not assigned to a body region: 1.")
    assert codes(messages) == ["protocol.unclassified_series", "protocol.no_post_contrast"]


def test_duplicate_regions_are_reported_once() -> None:
    s = study(*complete_brain())
    messages = protocol_warnings(s, [BodyRegion.BRAIN, "thoracic", BodyRegion.THORACIC])
    assert codes(messages).count("protocol.region_not_covered") == 1


def test_invalid_region_text() -> None:
    with pytest.raises(ValueError):
        protocol_warnings(study(), ["knee"])


def test_empty_request_says_nothing() -> None:
    assert protocol_warnings(study(), []) == []


def test_with_build_studies() -> None:
    headers = [
        InstanceHeader(
            path=f"/d/{i}.dcm",
            sop_instance_uid=f"9.{i}",
            study_instance_uid="9",
            series_instance_uid=f"9.{i}",
            modality="MR",
            series_number=i,
            image_orientation_patient=(1.0, 0.0, 0.0, 0.0, 1.0, 0.0),
        )
        for i in (1, 2)
    ]
    [built] = build_studies(headers)
    # set what the classifier would infer, so this test does not depend on its heuristics
    for s, family in zip(built.series, (F.T2, F.T1), strict=True):
        s.plane, s.region, s.family = Plane.AXIAL, BodyRegion.CERVICAL, family
    found = codes(protocol_warnings(built, [BodyRegion.CERVICAL]))
    assert "protocol.spine_no_sagittal_t2" in found
    assert "protocol.spine_no_axial_t2" not in found
