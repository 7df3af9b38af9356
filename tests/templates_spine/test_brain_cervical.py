"""The brain + cervical spine template (``brain_cervical``): picked first for a brain +
cervical session, the brain and cervical modules of ``combined``, McDonald counting the
cervical cord imaged in the same session, golden texts in English and French."""

from __future__ import annotations

from typing import Any

from radreport.domain.template_choice import suggest_templates
from radreport.services.templates import (
    list_templates,
    load_template,
    validate_answers,
)

INDICATION = "Suspected ALS; exclude a mimic."


def test_suggested_first_for_a_brain_and_cervical_session_only() -> None:
    infos = list_templates()
    assert suggest_templates(infos, ["brain", "cervical"])[:2] == ["brain_cervical", "combined"]
    assert suggest_templates(infos, ["brain", "cervical", "thoracic"])[0] == "combined"
    assert suggest_templates(infos, ["cervical"])[0] == "cervical"
    assert suggest_templates(infos, ["brain"])[0] == "brain"


def test_it_is_combined_without_the_thoracic_modules() -> None:
    ours = load_template("brain_cervical").to_dict()
    combined = load_template("combined").to_dict()
    assert ours["regions"] == ["brain", "cervical"]
    assert [m["id"] for m in ours["modules"]] == [
        m["id"] for m in combined["modules"] if not m["id"].startswith("thoracic_")
    ]
    fields = {f["id"] for f in ours["fields"]}
    assert fields == {f["id"] for f in combined["fields"]} - {
        f["id"] for f in combined["fields"] if f["id"].startswith("t_")
    }


def warnings_for(answers: dict[str, Any]) -> list[str]:
    problems, warnings = validate_answers(load_template("brain_cervical"), answers)
    assert problems == []
    return [w.code for w in warnings]


def test_mcdonald_counts_the_cervical_cord_of_the_same_session() -> None:
    brain = {
        "ms_lesions": "yes",
        "ms_periventricular": 3,
        "ms_juxtacortical": 0,
        "ms_infratentorial": 0,
    }
    assert "mcdonald.dis_met" in warnings_for({**brain, "c_ms": "yes", "c_ms_cord": 1})
    clean = {**brain, "c_ms": "no", "c_ms_cord": 0}
    codes = warnings_for(clean)
    assert "mcdonald.dis_not_met" in codes and "mcdonald.dis_not_assessable" not in codes
    # "known from a spine MRI" is the brain-only field: not counted here
    assert "mcdonald.dis_met" not in warnings_for({**clean, "ms_spinal_cord": 2})
