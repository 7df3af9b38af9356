"""The form's plain-Python side: layout, typed numbers and levels, visibility, answers."""

from __future__ import annotations

import pytest

from radreport.services import form_model as fm
from radreport.services.templates import load_template


def test_sections_put_the_indication_first_and_free_findings_last() -> None:
    schema = load_template("cervical").to_dict()
    secs = fm.sections(schema)
    assert [f["id"] for f in secs[0].fields] == list(fm.TOP_STANDARD)
    assert [f["id"] for f in secs[-1].fields] == ["additional_findings"]
    modules = secs[1:-1]
    assert [s.id for s in modules] == [m["id"] for m in schema["modules"]]
    assert modules[0].shortcut == "Ctrl+Alt+1"
    assert modules[8].shortcut == "Ctrl+Alt+9" and modules[9].shortcut is None
    every = [f["id"] for s in secs for f in s.fields]
    assert sorted(every) == sorted(f["id"] for f in schema["fields"])


@pytest.mark.parametrize(
    ("text", "integer", "expected"),
    [
        ("2,5", False, 2.5),
        (" 2.5 ", False, 2.5),
        ("3", True, 3),
        ("3.0", True, 3),
        ("3.5", True, None),
        ("abc", False, None),
        ("", False, None),
        ("1e3", False, None),
        ("-2", True, -2),
    ],
)
def test_parse_number(text: str, integer: bool, expected: float | None) -> None:
    assert fm.parse_number(text, integer=integer) == expected


def test_number_problem_in_both_languages() -> None:
    spec = {"type": "decimal", "min": 1.0, "max": 25.0}
    assert fm.number_problem(2.5, "2.5", spec, "en") is None
    assert fm.number_problem(None, "", spec, "en") is None
    assert "between 1 and 25" in (fm.number_problem(30.0, "30", spec, "en") or "")
    assert "entre 1 et 25" in (fm.number_problem(30.0, "30", spec, "fr") or "")
    assert fm.number_problem(None, "x", {"type": "integer"}, "en") == "Expected a whole number"
    assert fm.number_text(2.5, "fr") == "2,5" and fm.number_text(3.0, "en") == "3"


def test_level_choices() -> None:
    assert fm.level_choices("disc", "cervical") == [
        "C2-C3",
        "C3-C4",
        "C4-C5",
        "C5-C6",
        "C6-C7",
        "C7-T1",
    ]
    assert fm.level_choices("vertebral", "cervical")[0] == "C1"
    assert fm.level_choices("any", "cervical")[:3] == ["C1", "C2", "C2-C3"]
    assert "L5-S1" in fm.level_choices("disc", None)
    assert fm.field_region({"region": None}, "brain") is None
    assert fm.field_region({"region": None}, "thoracic") == "thoracic"


def test_parse_ref() -> None:
    assert fm.parse_ref("c_discs[1].kang") == ("c_discs", 1, "kang")
    assert fm.parse_ref("c_ms") == ("c_ms", None, None)
    with pytest.raises(ValueError):
        fm.parse_ref("c_discs[x]")


def test_hidden_and_unanswered_fields_are_left_out() -> None:
    tpl = load_template("cervical")
    raw = {
        "c_chiari": "no",
        "c_chiari_descent_mm": 7.0,  # hidden: c_chiari is no
        "c_stenosis": "yes",
        "c_discs": [{"level": "C5-C6", "kang": 3, "ap_mm": None}, {"level": None}],
        "comparison": None,
    }
    visible = fm.visible_refs(tpl, raw)
    assert "c_chiari_descent_mm" not in visible and "c_discs[0].kang" in visible
    assert fm.public_answers(raw, visible) == {
        "c_chiari": "no",
        "c_stenosis": "yes",
        "c_discs": [{"level": "C5-C6", "kang": 3}, {}],
    }
    empty_items = {"c_stenosis": "yes", "c_discs": [{"level": None}]}
    assert fm.public_answers(empty_items, fm.visible_refs(tpl, empty_items)) == {
        "c_stenosis": "yes"
    }
    assert fm.parse_date("2024-02-30") is None
    assert fm.date_problem("30/01/2024", "fr") == "Date attendue AAAA-MM-JJ"
