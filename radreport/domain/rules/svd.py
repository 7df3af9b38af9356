"""Fazekas grading of white matter hyperintensities (Fazekas et al., AJR 1987).

Periventricular (PV): 0 none; 1 caps or pencil-thin lining; 2 smooth halo;
3 irregular, extending into the deep white matter.
Deep white matter (DWM): 0 none; 1 punctate foci; 2 beginning confluence;
3 large confluent areas.

Fazekas scored the two separately.  For a one-number summary this module uses
the *maximum* of the two (not their sum, which some studies use as a 0-6
scale); the summary always shows both, e.g. "Fazekas 2 (PV 2, DWM 1)".
"""

from __future__ import annotations

from dataclasses import dataclass

from radreport.domain.rules.messages import Label

__all__ = [
    "FAZEKAS_DWM_LABELS",
    "FAZEKAS_PV_LABELS",
    "FazekasScore",
    "fazekas_dwm_description",
    "fazekas_pv_description",
    "fazekas_summary",
    "validate_fazekas",
]

FAZEKAS_PV_LABELS: tuple[Label, ...] = (
    Label("No periventricular hyperintensity", "Aucun hypersignal périventriculaire"),
    Label("Caps or pencil-thin lining", "Coiffes ou fin liseré périventriculaire"),
    Label("Smooth halo", "Halo périventriculaire régulier"),
    Label(
        "Irregular periventricular hyperintensity extending into the deep white matter",
        "Hypersignal périventriculaire irrégulier s'étendant à la substance blanche profonde",
    ),
)
FAZEKAS_DWM_LABELS: tuple[Label, ...] = (
    Label(
        "No deep white matter hyperintensity", "Aucun hypersignal de la substance blanche profonde"
    ),
    Label("Punctate foci", "Foyers punctiformes"),
    Label("Beginning confluence of foci", "Début de confluence des foyers"),
    Label("Large confluent areas", "Larges plages confluentes"),
)


def validate_fazekas(grade: object, *, name: str = "Fazekas grade") -> int:
    """The grade as an int; ValueError unless it is a whole number from 0 to 3."""
    if isinstance(grade, bool) or not isinstance(grade, int) or not 0 <= grade <= 3:
        raise ValueError(f"{name} must be a whole number from 0 to 3, not {grade!r}")
    return grade


def fazekas_pv_description(grade: int) -> Label:
    return FAZEKAS_PV_LABELS[validate_fazekas(grade, name="Fazekas periventricular grade")]


def fazekas_dwm_description(grade: int) -> Label:
    return FAZEKAS_DWM_LABELS[validate_fazekas(grade, name="Fazekas deep white matter grade")]


@dataclass(frozen=True, slots=True)
class FazekasScore:
    periventricular: int
    deep: int

    def __post_init__(self) -> None:
        validate_fazekas(self.periventricular, name="Fazekas periventricular grade")
        validate_fazekas(self.deep, name="Fazekas deep white matter grade")

    @property
    def overall(self) -> int:
        """The higher of the two grades (see the module docstring)."""
        return max(self.periventricular, self.deep)

    @property
    def summary_label(self) -> Label:
        return Label(
            f"Fazekas {self.overall} (PV {self.periventricular}, DWM {self.deep})",
            f"Fazekas {self.overall} (PV {self.periventricular}, SBP {self.deep})",
        )

    def summary(self, lang: str = "en") -> str:
        """``"Fazekas 2 (PV 2, DWM 1)"``; in French DWM is SBP (substance blanche profonde)."""
        return self.summary_label.text(lang)

    @property
    def description(self) -> Label:
        """Both grades in words, e.g. for the findings section."""
        pv = fazekas_pv_description(self.periventricular)
        dwm = fazekas_dwm_description(self.deep)
        return Label(
            f"Periventricular: {pv.en.lower()}. Deep white matter: {dwm.en.lower()}.",
            f"Région périventriculaire : {pv.fr.lower()}. Substance blanche profonde : "
            f"{dwm.fr.lower()}.",
        )


def fazekas_summary(periventricular: int, deep: int, lang: str = "en") -> str:
    """Shortcut for ``FazekasScore(periventricular, deep).summary(lang)``."""
    return FazekasScore(periventricular, deep).summary(lang)
