"""Protocol check: the acquired series against the expected protocol (clinical.md).

For each requested region:

* brain: no SWI/T2* (warning: motor band sign not assessable), no DWI (warning),
  DWI without an ADC map (warning), no FLAIR (warning);
* spine (cervical, thoracic, lumbar): region not covered at all (warning; its
  other checks are then skipped), no axial T2 (warning), no sagittal T2, no
  sagittal T1, no STIR (info; PD also accepted for cervical and thoracic, as in
  the protocol table "STIR/PD");
* contrast: no post-contrast series in the study (one info message), or
  post-contrast imaging of some requested regions but not of this one (info).

Series are read from ``Series.region``, ``Series.family`` and ``Series.plane``;
localizers never count.  A series is post-contrast if its family is
``T1 post-contrast`` or its header names a contrast agent.  Series whose region
is unknown cannot be checked: one info message says how many there are.
What headers cannot show (e.g. whether the cervical coverage reaches the
foramen magnum) is not checked here.
"""

from __future__ import annotations

from collections.abc import Iterable

from radreport.domain.rules.messages import Label, RuleMessage, Severity, define
from radreport.domain.study import BodyRegion, Plane, SequenceFamily, Series, Study

__all__ = ["BODY_REGION_LABELS", "SPINE_BODY_REGIONS", "protocol_warnings"]

BODY_REGION_LABELS: dict[BodyRegion, Label] = {
    BodyRegion.BRAIN: Label("Brain", "Encéphale"),
    BodyRegion.CERVICAL: Label("Cervical spine", "Colonne cervicale"),
    BodyRegion.THORACIC: Label("Thoracic spine", "Colonne dorsale"),
    BodyRegion.LUMBAR: Label("Lumbar spine", "Colonne lombaire"),
}
SPINE_BODY_REGIONS: tuple[BodyRegion, ...] = (
    BodyRegion.CERVICAL,
    BodyRegion.THORACIC,
    BodyRegion.LUMBAR,
)

_NO_SWI = define(
    "protocol.brain_no_swi",
    Severity.WARNING,
    "No SWI or T2* series: the motor band sign cannot be assessed.",
    "Aucune séquence SWI ni T2* : le signe de la bande motrice (hyposignal du cortex "
    "moteur) ne peut être évalué.",
)
_NO_DWI = define(
    "protocol.brain_no_dwi",
    Severity.WARNING,
    "No diffusion-weighted (DWI) series: an acute infarct cannot be excluded.",
    "Aucune séquence de diffusion : un infarctus aigu ne peut être exclu.",
)
_NO_ADC = define(
    "protocol.brain_no_adc",
    Severity.WARNING,
    "No ADC map: restricted diffusion cannot be confirmed.",
    "Aucune carte ADC : une restriction de la diffusion ne peut être confirmée.",
)
_NO_FLAIR = define(
    "protocol.brain_no_flair",
    Severity.WARNING,
    "No FLAIR series: white matter lesions and corticospinal tract signal are poorly assessed.",
    "Aucune séquence FLAIR : les lésions de la substance blanche et le signal des faisceaux "
    "corticospinaux sont mal évalués.",
)
_NO_CONTRAST = define(
    "protocol.no_post_contrast",
    Severity.INFO,
    "No post-contrast series: enhancement cannot be assessed.",
    "Aucune séquence après injection de gadolinium : le rehaussement ne peut être évalué.",
)
_NO_CONTRAST_REGION = define(
    "protocol.region_no_post_contrast",
    Severity.INFO,
    "{region}: no post-contrast series, so enhancement cannot be assessed in this region.",
    "{region} : aucune séquence après gadolinium, le rehaussement ne peut donc pas être "
    "évalué dans cette région.",
)
_NOT_COVERED = define(
    "protocol.region_not_covered",
    Severity.WARNING,
    "{region} not covered: the study has no series of this region.",
    "{region} : région non couverte, l'examen ne comporte aucune série de cette région.",
)
_NO_SAG_T2 = define(
    "protocol.spine_no_sagittal_t2",
    Severity.INFO,
    "{region}: no sagittal T2 series.",
    "{region} : aucune séquence T2 sagittale.",
)
_NO_SAG_T1 = define(
    "protocol.spine_no_sagittal_t1",
    Severity.INFO,
    "{region}: no sagittal T1 series.",
    "{region} : aucune séquence T1 sagittale.",
)
_NO_STIR = define(
    "protocol.spine_no_stir",
    Severity.INFO,
    "{region}: no {sequence} series.",
    "{region} : aucune séquence {sequence}.",
)
_NO_AX_T2 = define(
    "protocol.spine_no_axial_t2",
    Severity.WARNING,
    "{region}: no axial T2 series, so canal and foraminal stenosis cannot be graded "
    "level by level.",
    "{region} : aucune séquence T2 axiale, ce qui empêche d'évaluer la sténose canalaire et "
    "foraminale niveau par niveau.",
)
_UNCLASSIFIED = define(
    "protocol.unclassified_series",
    Severity.INFO,
    "Series not assigned to a body region: {count}. The protocol check may be incomplete.",
    "Séries non associées à une région anatomique : {count}. La vérification du protocole "
    "peut être incomplète.",
)

_STIR_OR_PD = Label("STIR or proton density", "STIR ni en densité protonique")
_STIR_ONLY = Label("STIR", "STIR")
_NON_IMAGING = frozenset({SequenceFamily.LOCALIZER})


def _is_post_contrast(series: Series) -> bool:
    if series.family is SequenceFamily.T1_POST:
        return True
    return bool(series.instances) and bool(series.first.contrast_bolus_agent.strip())


def _has(
    series: Iterable[Series], families: Iterable[SequenceFamily], plane: Plane | None = None
) -> bool:
    wanted = set(families)
    return any(s.family in wanted and (plane is None or s.plane is plane) for s in series)


def _requested(study: Study, regions: Iterable[BodyRegion | str] | None) -> list[BodyRegion]:
    source: Iterable[BodyRegion | str] = study.regions if regions is None else regions
    out: list[BodyRegion] = []
    for r in source:
        region = BodyRegion(r)
        if region in BODY_REGION_LABELS and region not in out:
            out.append(region)
    return out


def protocol_warnings(
    study: Study, regions: Iterable[BodyRegion | str] | None = None
) -> list[RuleMessage]:
    """Messages about missing series for the requested regions (default: the study's).

    Regions other than brain, cervical, thoracic and lumbar are ignored.
    ValueError for a text that is not a BodyRegion value.
    """
    requested = _requested(study, regions)
    imaging = [s for s in study.series if s.family not in _NON_IMAGING]
    by_region: dict[BodyRegion, list[Series]] = {}
    for s in imaging:
        by_region.setdefault(s.region, []).append(s)

    messages: list[RuleMessage] = []
    unclassified = len(by_region.get(BodyRegion.UNKNOWN, []))
    if unclassified:
        messages.append(_UNCLASSIFIED.make(count=unclassified))

    any_contrast = any(_is_post_contrast(s) for s in imaging)
    if requested and not any_contrast:
        messages.append(_NO_CONTRAST.make())

    for region in requested:
        series = by_region.get(region, [])
        label = BODY_REGION_LABELS[region]
        if not series:
            messages.append(_NOT_COVERED.make(region=label))
            continue
        if region is BodyRegion.BRAIN:
            if not _has(series, [SequenceFamily.SWI]):
                messages.append(_NO_SWI.make())
            if not _has(series, [SequenceFamily.DWI]):
                messages.append(_NO_DWI.make())
            elif not _has(series, [SequenceFamily.ADC]):
                messages.append(_NO_ADC.make())
            if not _has(series, [SequenceFamily.FLAIR]):
                messages.append(_NO_FLAIR.make())
        else:
            if not _has(series, [SequenceFamily.T2], Plane.SAGITTAL):
                messages.append(_NO_SAG_T2.make(region=label))
            if not _has(series, [SequenceFamily.T1], Plane.SAGITTAL):
                messages.append(_NO_SAG_T1.make(region=label))
            if region is BodyRegion.LUMBAR:
                if not _has(series, [SequenceFamily.STIR]):
                    messages.append(_NO_STIR.make(region=label, sequence=_STIR_ONLY))
            elif not _has(series, [SequenceFamily.STIR, SequenceFamily.PD]):
                messages.append(_NO_STIR.make(region=label, sequence=_STIR_OR_PD))
            if not _has(series, [SequenceFamily.T2], Plane.AXIAL):
                messages.append(_NO_AX_T2.make(region=label))
        if any_contrast and not any(_is_post_contrast(s) for s in series):
            messages.append(_NO_CONTRAST_REGION.make(region=label))
    return messages
