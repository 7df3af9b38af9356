"""Sample reports (fictitious patient): PDF tests, benchmark, ``radreport pdf --demo``.

Typical two-page ALS work-up content (brain and cervical spine), English and
Quebec French, built directly as :class:`ReportText` so the PDF layer does not
depend on the template engine.  Not clinical advice: demonstration wording.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from radreport.domain.report import (
    ExamBanner,
    Paragraph,
    ReportDocument,
    ReportStatus,
    ReportText,
    Section,
    Sentence,
    SignatureManifestation,
)
from radreport.domain.workflow import Action, signature_meaning

MONTREAL = ZoneInfo("America/Montreal")


def _p(*sentences: str) -> Paragraph:
    return Paragraph(tuple(Sentence(s, ("demo",)) for s in sentences))


_EN: dict[str, Any] = {
    "title": "MRI of the brain and cervical spine — motor neuron disease work-up",
    "sections": [
        (
            "indication",
            "Clinical indication",
            [
                _p(
                    "Progressive asymmetric weakness of the right hand over eight months with "
                    "fasciculations of both upper limbs and brisk reflexes.",
                    "EMG shows active and chronic denervation in cervical and lumbosacral "
                    "segments.",
                    "Suspected amyotrophic lateral sclerosis: exclude a structural or "
                    "inflammatory mimic.",
                )
            ],
        ),
        ("comparison", "Comparison", [_p("None available.")]),
        (
            "technique",
            "Technique",
            [
                _p(
                    "3 T MRI (Siemens MAGNETOM Prisma).",
                    "Brain: sagittal 3D T1 MPRAGE 1 mm, 3D FLAIR 1 mm, axial T2 TSE, DWI "
                    "(b 0/1000) with ADC map, SWI.",
                    "Cervical spine from the foramen magnum to T2: sagittal T1, T2 and STIR; "
                    "axial T2 from C2 to T1, contiguous 3 mm.",
                    "No gadolinium-based contrast agent was given.",
                )
            ],
        ),
        (
            "findings_brain",
            "Findings — brain",
            [
                _p(
                    "No acute infarct on diffusion-weighted imaging.",
                    "Three punctate T2/FLAIR hyperintense foci in the frontal deep white matter "
                    "(Fazekas grade 1), nonspecific and in keeping with age.",
                    "No lesion with a demyelinating pattern: no periventricular ovoid lesion, "
                    "no juxtacortical or infratentorial lesion, no Dawson finger.",
                ),
                _p(
                    "No mass, no extra-axial collection, no hydrocephalus.",
                    "No microbleed and no superficial siderosis on SWI.",
                    "The brainstem, the cerebellum and the craniocervical junction are normal; "
                    "the cerebellar tonsils are in normal position.",
                ),
            ],
        ),
        (
            "findings_cervical",
            "Findings — cervical spine",
            [
                _p(
                    "Normal cervical alignment.",
                    "C5-C6: disc-osteophyte complex with uncovertebral hypertrophy; narrowest "
                    "anteroposterior canal diameter 10.5 mm; effacement of the anterior "
                    "subarachnoid space without cord deformity (Kang grade 1); moderate right "
                    "foraminal stenosis (grade 1), left foramen patent.",
                    "C6-C7: small central disc protrusion without canal stenosis (Kang grade 0).",
                ),
                _p(
                    "No intramedullary T2 signal abnormality and no cord atrophy from the "
                    "medulla to T2.",
                    "No syrinx.",
                    "No intradural or extradural mass.",
                ),
            ],
        ),
        (
            "als_supportive",
            "Findings that may support motor neuron disease (non-specific)",
            [
                _p(
                    "Bilateral symmetric T2/FLAIR hyperintensity of the corticospinal tracts "
                    "in the posterior limbs of the internal capsules.",
                    "Subtle hypointensity of the left precentral cortex on SWI (motor band sign).",
                    "These signs are non-specific: they are seen in healthy people and do not "
                    "establish the diagnosis of ALS.",
                )
            ],
        ),
        (
            "impression",
            "Impression",
            [
                _p(
                    "No demyelination, mass, infarct, syrinx or compressive myelopathy to "
                    "explain the upper and lower motor neuron signs."
                ),
                _p(
                    "C5-C6 spondylosis with relative canal stenosis (10.5 mm, Kang grade 1) "
                    "and moderate right foraminal stenosis, without cord compression or cord "
                    "signal change; it does not explain the widespread signs."
                ),
                _p(
                    "Non-specific corticospinal tract hyperintensity and left motor band sign, "
                    "compatible with but not specific for motor neuron disease."
                ),
                _p("Mild small vessel disease (Fazekas 1), in keeping with age."),
            ],
        ),
    ],
}

_FR: dict[str, Any] = {
    "title": "IRM cérébrale et cervicale — bilan de maladie du motoneurone",
    "sections": [
        (
            "indication",
            "Renseignements cliniques",
            [
                _p(
                    "Faiblesse asymétrique progressive de la main droite depuis huit mois, "
                    "fasciculations aux deux membres supérieurs et réflexes vifs.",
                    "L'EMG montre une dénervation active et chronique dans les segments "
                    "cervicaux et lombosacrés.",
                    "Suspicion de sclérose latérale amyotrophique : éliminer une cause "
                    "structurelle ou inflammatoire.",
                )
            ],
        ),
        ("comparison", "Comparaison", [_p("Aucune disponible.")]),
        (
            "technique",
            "Technique",
            [
                _p(
                    "IRM 3 T (Siemens MAGNETOM Prisma).",
                    "Encéphale : 3D T1 MPRAGE sagittal 1 mm, 3D FLAIR 1 mm, T2 TSE axial, "
                    "diffusion (b 0/1000) avec carte ADC, SWI.",
                    "Rachis cervical du foramen magnum à T2 : T1, T2 et STIR sagittaux; T2 "
                    "axial de C2 à T1, coupes contiguës de 3 mm.",
                    "Aucun agent de contraste à base de gadolinium n'a été administré.",
                )
            ],
        ),
        (
            "findings_brain",
            "Observations — encéphale",
            [
                _p(
                    "Pas d'infarctus aigu en diffusion.",
                    "Trois foyers ponctiformes hyperintenses T2/FLAIR de la substance blanche "
                    "profonde frontale (Fazekas 1), non spécifiques et compatibles avec l'âge.",
                    "Aucune lésion d'allure démyélinisante : pas de lésion ovoïde "
                    "périventriculaire, juxtacorticale ou sous-tentorielle, pas de doigt de "
                    "Dawson.",
                ),
                _p(
                    "Pas de masse, pas de collection extra-axiale, pas d'hydrocéphalie.",
                    "Pas de microsaignement ni de sidérose superficielle en SWI.",
                    "Le tronc cérébral, le cervelet et la jonction craniocervicale sont "
                    "normaux; les amygdales cérébelleuses sont en position normale.",
                ),
            ],
        ),
        (
            "findings_cervical",
            "Observations — rachis cervical",
            [
                _p(
                    "Alignement cervical normal.",
                    "C5-C6 : complexe disco-ostéophytique avec uncarthrose; diamètre "
                    "antéropostérieur minimal du canal de 10,5 mm; effacement de l'espace "
                    "sous-arachnoïdien antérieur sans déformation de la moelle (Kang 1); "
                    "sténose foraminale droite modérée (grade 1), foramen gauche libre.",
                    "C6-C7 : petite protrusion discale centrale sans sténose canalaire (Kang 0).",
                ),
                _p(
                    "Pas d'anomalie de signal intramédullaire T2 ni d'atrophie médullaire du "
                    "bulbe à T2.",
                    "Pas de syringomyélie.",
                    "Pas de masse intradurale ou extradurale.",
                ),
            ],
        ),
        (
            "als_supportive",
            "Signes pouvant appuyer une maladie du motoneurone (non spécifiques)",
            [
                _p(
                    "Hypersignal T2/FLAIR bilatéral et symétrique des faisceaux "
                    "corticospinaux dans les bras postérieurs des capsules internes.",
                    "Discret hyposignal du cortex précentral gauche en SWI (signe de la "
                    "bande motrice).",
                    "Ces signes ne sont pas spécifiques : on les observe chez des sujets sains "
                    "et ils ne posent pas le diagnostic de SLA.",
                )
            ],
        ),
        (
            "impression",
            "Opinion",
            [
                _p(
                    "Pas de démyélinisation, de masse, d'infarctus, de syringomyélie ni de "
                    "myélopathie compressive expliquant les signes d'atteinte des motoneurones "
                    "central et périphérique."
                ),
                _p(
                    "Spondylose C5-C6 avec sténose canalaire relative (10,5 mm, Kang 1) et "
                    "sténose foraminale droite modérée, sans compression ni anomalie de signal "
                    "médullaire; elle n'explique pas l'atteinte diffuse."
                ),
                _p(
                    "Hypersignal non spécifique des faisceaux corticospinaux et signe de la "
                    "bande motrice gauche, compatibles avec une maladie du motoneurone sans "
                    "être spécifiques."
                ),
                _p("Maladie des petits vaisseaux légère (Fazekas 1), compatible avec l'âge."),
            ],
        ),
    ],
}


def sample_text(language: str = "en") -> ReportText:
    data = _FR if language.startswith("fr") else _EN
    sections = []
    for sid, title, paragraphs in data["sections"]:
        imp = sid == "impression"
        sections.append(Section(sid, title, tuple(paragraphs), numbered=imp, emphasis=imp))
    return ReportText(
        language="fr" if language.startswith("fr") else "en",
        title=str(data["title"]),
        sections=tuple(sections),
        template_id="als-brain-cspine",
        template_version="demo",
    )


def sample_manifestation(language: str = "en") -> SignatureManifestation:
    fr = language.startswith("fr")
    return SignatureManifestation(
        signer_name="Dre Hélène Côté-Laframboise" if fr else "Dr. Hélène Côté-Laframboise",
        credentials="M.D., FRCPC, neuroradiologiste" if fr else "MD, FRCPC, Neuroradiologist",
        meaning=signature_meaning(Action.SIGN_FINAL, "fr" if fr else "en"),
        signed_at=dt.datetime(2026, 3, 14, 16, 42, tzinfo=MONTREAL),
    )


def sample_banner(patient_name: str = "TREMBLAY, Jean-François") -> ExamBanner:
    return ExamBanner(
        patient_name=patient_name,
        patient_id="RR-0042137",
        birth_date=dt.date(1957, 5, 21),
        age="068Y",
        sex="M",
        accession_number="ACC-2026-031477",
        exam_date=dt.date(2026, 3, 14),
        exam_description="MRI brain and cervical spine without contrast (ALS protocol)",
        referring_physician="Dr. Marc-André Gagnon (neurology)",
        institution="Clinique d'imagerie neuromusculaire Saint-Laurent",
    )


def sample_document(
    language: str = "en",
    *,
    signed: bool = True,
    patient_name: str = "TREMBLAY, Jean-François",
    report_id: str = "R-2026-000137",
) -> ReportDocument:
    return ReportDocument(
        report_id=report_id,
        banner=sample_banner(patient_name),
        text=sample_text(language),
        status=ReportStatus.FINAL if signed else ReportStatus.DRAFT,
        signature=sample_manifestation(language) if signed else None,
    )
