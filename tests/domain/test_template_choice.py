from __future__ import annotations

from dataclasses import dataclass, field

from radreport.domain.template_choice import suggest_templates


@dataclass
class T:
    id: str
    regions: list[str] = field(default_factory=list)


TEMPLATES = [
    T("brain", ["brain"]),
    T("cervical", ["cervical"]),
    T("combined", ["brain", "cervical", "thoracic"]),
    T("lumbar", ["lumbar"]),
    T("thoracic", ["thoracic"]),
]


def test_combined_session_gets_the_combined_template_first() -> None:
    assert suggest_templates(TEMPLATES, ["brain", "cervical", "thoracic"])[0] == "combined"


def test_single_region_gets_its_own_template_first() -> None:
    assert suggest_templates(TEMPLATES, ["cervical"])[:2] == ["cervical", "combined"]
    assert suggest_templates(TEMPLATES, ["lumbar"])[0] == "lumbar"


def test_unknown_regions_prefer_single_region_templates_in_the_given_order() -> None:
    assert suggest_templates(TEMPLATES, []) == [
        "brain",
        "cervical",
        "lumbar",
        "thoracic",
        "combined",
    ]
