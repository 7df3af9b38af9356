"""Answer validation: each field type, ranges, levels (order, region), conditions, groups."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError
from templates_helpers import label, small_template

from radreport.domain.templates import TemplateDef, build_template, check_answers


def one(
    field: dict[str, Any], value: Any, region: str = "cervical"
) -> tuple[Any, list[str], list[str]]:
    t = small_template([{"id": "f", "label": label(), **field}], region)
    r = check_answers(t, {"f": value})
    return r.values["f"], [p.reason.en for p in r.problems], [w.code for w in r.warnings]


CHOICE = {
    "type": "choice",
    "options": [{"id": "a", "label": label("A")}, {"id": "b", "label": label("B")}],
}


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        (CHOICE, "a", "a"),
        ({**CHOICE, "type": "multi_choice"}, ["b", "a", "b"], ["a", "b"]),
        ({"type": "yes_no"}, "not_assessed", "not_assessed"),
        ({"type": "yes_no"}, True, "yes"),
        ({"type": "yes_no"}, False, "no"),
        ({"type": "integer", "min": 0, "max": 10}, 10, 10),
        ({"type": "integer", "min": 0, "max": 10}, "3", 3),
        ({"type": "decimal", "min": 0, "max": 40, "unit": label("mm")}, "6,5", 6.5),
        ({"type": "measurement", "min": 1, "max": 200}, [12, 8.5, 10], [12.0, 8.5, 10.0]),
        ({"type": "measurement", "min": 1, "max": 200}, 7, [7.0]),
        ({"type": "level"}, " c5 ", "C5"),
        ({"type": "level", "kind": "disc"}, "c5/6", "C5-C6"),
        ({"type": "level_range"}, {"from": "C3", "to": "C6"}, {"from": "C3", "to": "C6"}),
        ({"type": "level_range"}, ["C4", "C4"], {"from": "C4", "to": "C4"}),
        ({"type": "side"}, "bilateral", "bilateral"),
        ({"type": "date"}, "2025-03-14", dt.date(2025, 3, 14)),
        ({"type": "date"}, dt.date(2024, 1, 2), dt.date(2024, 1, 2)),
        ({"type": "text"}, "  a\x00b\x1b c  ", "ab c"),
    ],
)
def test_valid_values_are_normalised(field: dict[str, Any], value: Any, expected: Any) -> None:
    got, problems, _ = one(field, value)
    assert problems == []
    assert got == expected


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        (CHOICE, "c", "not one of the options (a, b)"),
        ({**CHOICE, "type": "multi_choice"}, ["a", "zz"], "'zz' is not one of the options"),
        ({"type": "yes_no"}, "maybe", "not one of the options"),
        ({"type": "integer", "min": 0, "max": 10}, 11, "out of range: must be between 0 and 10"),
        ({"type": "integer", "min": 0, "max": 10}, -1, "out of range"),
        ({"type": "integer", "min": 0, "max": 10}, 2.5, "expected a whole number"),
        ({"type": "integer", "min": 0, "max": 10}, True, "expected a number, not yes/no"),
        ({"type": "integer", "min": 0, "max": 10}, "many", "expected a number"),
        ({"type": "decimal", "min": 0, "max": 40}, 40.5, "out of range"),
        ({"type": "decimal", "min": 0, "max": 40}, float("nan"), "expected a number"),
        ({"type": "measurement", "min": 1, "max": 200}, [1, 2, 3, 4], "expected 1 to 3 diameters"),
        (
            {"type": "measurement", "min": 1, "max": 200, "max_diameters": 1},
            [5, 6],
            "expected 1 to 1",
        ),
        ({"type": "measurement", "min": 1, "max": 200}, [10, 0], "diameter 2 out of range"),
        ({"type": "level"}, "C9", "not a valid level"),
        ({"type": "level", "kind": "disc"}, "C5", "not a valid disc level"),
        ({"type": "level", "kind": "vertebral"}, "C5-C6", "not a valid level"),
        ({"type": "level_range"}, {"from": "C6", "to": "C3"}, "reversed (upper level first)"),
        ({"type": "level_range"}, "C3", "expected a level range"),
        ({"type": "side"}, "both", "not one of the options (right, left, bilateral)"),
        ({"type": "date"}, "14/03/2025", "expected a date YYYY-MM-DD"),
        ({"type": "date"}, "2999-01-01", "date is in the future"),
        ({"type": "text", "max_length": 5}, "abcdefg", "too long (7 characters, at most 5)"),
        ({"type": "text"}, {"x": 1}, "expected text"),
    ],
)
def test_invalid_values_are_problems(field: dict[str, Any], value: Any, reason: str) -> None:
    got, problems, _ = one(field, value)
    assert got is None
    assert len(problems) == 1
    assert reason in problems[0]


def test_problems_have_french_reasons() -> None:
    t = small_template([{"id": "f", "label": label(), "type": "integer", "min": 0, "max": 3}])
    p = check_answers(t, {"f": 4}).problems[0]
    assert p.field == "f" and p.value == 4
    assert p.text("fr") == "hors limites : doit être entre 0 et 3"


def test_level_outside_region_is_a_warning_not_a_problem() -> None:
    got, problems, warnings = one({"type": "level"}, "T8", region="cervical")
    assert got == "T8" and problems == []
    assert warnings == ["consistency.level_outside_region"]
    _, _, warnings = one({"type": "level_range"}, {"from": "C6", "to": "T2"}, region="cervical")
    assert warnings == ["consistency.level_outside_region"]  # T2 only
    _, _, warnings = one({"type": "level", "region": "lumbar"}, "L4-L5", region="cervical")
    assert warnings == []  # the field's own region wins


def test_unknown_fields_and_every_problem_are_reported() -> None:
    t = small_template(
        [
            {"id": "n", "label": label(), "type": "integer", "min": 0, "max": 3},
            {"id": "s", "label": label(), "type": "side"},
        ]
    )
    r = check_answers(t, {"n": 9, "s": "up", "nope": 1})
    assert sorted(p.field for p in r.problems) == ["n", "nope", "s"]


CONDITIONAL: list[dict[str, Any]] = [
    {"id": "g", "label": label(), "type": "yes_no"},
    {
        "id": "n",
        "label": label(),
        "type": "integer",
        "min": 0,
        "max": 50,
        "show_if": {"field": "g", "is": "yes"},
    },
    {"id": "p", "label": label(), "type": "text", "show_if": {"field": "n", "gte": 5}},
    {
        "id": "q",
        "label": label(),
        "type": "text",
        "show_if": {"any": [{"field": "g", "is": "no"}, {"not": {"field": "n", "answered": True}}]},
    },
]


def test_hidden_answers_are_ignored_and_reported() -> None:
    t = small_template(CONDITIONAL)
    r = check_answers(t, {"g": "no", "n": 7, "p": "x", "q": "shown"})
    assert r.values["n"] is None and r.values["p"] is None and r.values["q"] == "shown"
    hidden = [w.fields for w in r.warnings if w.code == "template.hidden_answer_ignored"]
    assert hidden == [("n",), ("p",)]
    assert r.problems == []


def test_conditions_chain_and_invalid_hidden_values_are_not_checked() -> None:
    t = small_template(CONDITIONAL)
    r = check_answers(t, {"g": "yes", "n": 7, "p": "x"})
    assert r.values["p"] == "x" and r.values["q"] is None
    r = check_answers(t, {"g": "yes", "n": 4, "p": "x"})
    assert r.values["p"] is None
    # a hidden field's invalid value is not a problem (it is ignored)
    r = check_answers(t, {"g": "no", "n": 999})
    assert r.problems == [] and r.values["n"] is None


GROUP = {
    "id": "lesions",
    "label": label(),
    "type": "group",
    "min_items": 1,
    "max_items": 3,
    "fields": [
        {"id": "extent", "label": label(), "type": "level_range"},
        {"id": "enh", "label": label(), "type": "yes_no"},
        {
            "id": "pattern",
            "label": label(),
            "type": "text",
            "show_if": {"field": "enh", "is": "yes"},
        },
    ],
}


def test_groups_validate_each_item_with_item_conditions() -> None:
    t = small_template([GROUP])
    r = check_answers(
        t,
        {
            "lesions": [
                {"extent": ["C3", "C5"], "enh": "yes", "pattern": "ring"},
                {"extent": {"from": "C7", "to": "C5"}, "enh": "no", "pattern": "ignored"},
                {"bogus": 1},
            ]
        },
    )
    assert [p.field for p in r.problems] == ["lesions[1].extent", "lesions[2].bogus"]
    assert r.values["lesions"][0] == {
        "extent": {"from": "C3", "to": "C5"},
        "enh": "yes",
        "pattern": "ring",
    }
    assert [w.fields for w in r.warnings] == [("lesions[1].pattern",)]


def test_group_item_count_limits() -> None:
    t = small_template([GROUP])
    r = check_answers(t, {"lesions": [{"enh": "no"}] * 4})
    assert any("expected 1 to 3 items" in p.reason.en for p in r.problems)
    r = check_answers(t, {"lesions": "C5"})
    assert r.problems[0].reason.en == "expected a list of items"


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ({"type": "integer", "min": 5, "max": 1}, "'max' (1) must be >= 'min' (5)"),
        ({"type": "integer"}, "needs 'min' and 'max'"),
        ({"type": "choice"}, "needs 'options'"),
        (
            {"type": "choice", "options": [{"id": "a", "label": label()}] * 2},
            "duplicate option ids: a",
        ),
        ({"type": "text", "min": 1, "max": 2}, "'min'/'max' are not allowed"),
        ({"type": "group"}, "needs 'fields'"),
        ({"type": "text", "colour": "red"}, "Extra inputs are not permitted"),
        ({"type": "wibble"}, "Input should be"),
    ],
)
def test_schema_rejects_bad_field_definitions(field: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError) as exc:
        small_template([{"id": "f", "label": label(), **field}])
    assert message in str(exc.value)


def test_build_template_cross_checks() -> None:
    definition = TemplateDef.model_validate(
        {
            "id": "t",
            "version": "1",
            "title": label(),
            "regions": ["brain"],
            "modules": [
                {
                    "id": "m",
                    "region": "cervical",
                    "title": label(),
                    "mimic": {"name": label(), "gate": "x"},
                    "fields": [
                        {"id": "indication", "label": label(), "type": "text"},
                        {
                            "id": "y",
                            "label": label(),
                            "type": "text",
                            "show_if": {"field": "later", "is": "a"},
                        },
                        {"id": "later", "label": label(), "type": "text"},
                    ],
                    "normal": {"zz": 1},
                    "rules": [
                        {"rule": "fazekas", "name": "fz", "periventricular": "y", "deep": "nope"}
                    ],
                }
            ],
        }
    )
    _, problems = build_template(definition, {})
    messages = sorted(p.message for p in problems)
    assert any("already used by a standard field" in m for m in messages)
    assert any("'later', which is not a field declared before it" in m for m in messages)
    assert any("mimic gate 'x' must be a yes_no field" in m for m in messages)
    assert any("'zz' is not a field of this module" in m for m in messages)
    assert any("region 'cervical' is not one of the template's regions" in m for m in messages)
    assert any("field 'y' is a text, expected integer or decimal" in m for m in messages)
    assert any("no field 'nope'" in m for m in messages)


def _hooked(rules: list[dict[str, Any]], fields: list[dict[str, Any]]) -> Any:
    definition = TemplateDef.model_validate(
        {
            "id": "t",
            "version": "1",
            "title": label(),
            "regions": ["cervical", "thoracic"],
            "modules": [{"id": "m", "region": "cervical", "title": label(), "fields": fields}],
            "rules": rules,
        }
    )
    template, problems = build_template(definition, {})
    assert not problems, problems
    return template


def test_nmosd_hook_on_a_group_level_range() -> None:
    from radreport.domain.templates import run_rules

    t = _hooked(
        [{"rule": "nmosd", "name": "cord", "range_field": "cord.extent"}],
        [
            {
                "id": "cord",
                "label": label(),
                "type": "group",
                "fields": [{"id": "extent", "label": label(), "type": "level_range"}],
            }
        ],
    )
    values = check_answers(t, {"cord": [{"extent": ["C2", "C3"]}, {"extent": ["C3", "C6"]}]}).values
    res = run_rules(t, values, study_contrast=None)
    flags = [m for m in res.warnings if m.code == "mcdonald.nmosd_red_flag"]
    assert [m.fields for m in flags] == [("cord[1].extent",)]
    assert "4 vertebral segments (C3 to C6)" in flags[0].en and "NMOSD" in flags[0].fr


def test_mcdonald_counts_from_several_fields_add_up() -> None:
    """The combined template can count cervical + thoracic cord lesions as one region."""
    from radreport.domain.templates import run_rules

    count = {"type": "integer", "min": 0, "max": 50}
    t = _hooked(
        [
            {
                "rule": "mcdonald",
                "name": "mcdonald",
                "counts": {"periventricular": "pv", "spinal_cord": ["c_cord", "t_cord"]},
            }
        ],
        [{"id": i, "label": label(), **count} for i in ("pv", "c_cord", "t_cord")],
    )
    res = run_rules(
        t, check_answers(t, {"pv": 2, "c_cord": 0, "t_cord": 1}).values, study_contrast=False
    )
    assert res.mcdonald is not None and res.mcdonald.dis_met is True
    res = run_rules(t, check_answers(t, {"pv": 2, "c_cord": 1}).values, study_contrast=False)
    assert res.mcdonald is not None and res.mcdonald.dis_met is True  # one lesion is enough
    # thoracic cord not answered: the cord is not known to be lesion-free
    res = run_rules(t, check_answers(t, {"pv": 2, "c_cord": 0}).values, study_contrast=False)
    assert res.mcdonald is not None and res.mcdonald.dis_met is None
    assert "spinal_cord" in [r.value for r in res.mcdonald.dis_unassessed]


def test_kang_hook_checks_each_disc_level() -> None:
    from radreport.domain.templates import run_rules

    t = _hooked(
        [
            {
                "rule": "kang",
                "name": "kang",
                "level_field": "discs.level",
                "kang_field": "discs.kang",
                "signal_field": "discs.signal",
            }
        ],
        [
            {
                "id": "discs",
                "label": label(),
                "type": "group",
                "fields": [
                    {"id": "level", "label": label(), "type": "level", "kind": "disc"},
                    {"id": "kang", "label": label(), "type": "integer", "min": 0, "max": 3},
                    {
                        "id": "signal",
                        "label": label(),
                        "type": "choice",
                        "options": [
                            {"id": o, "label": label(o)} for o in ("none", "faint", "intense")
                        ],
                    },
                ],
            }
        ],
    )
    answers = {
        "discs": [
            {"level": "C4-C5", "kang": 3, "signal": "none"},
            {"level": "C5-C6", "kang": 2, "signal": "intense"},
            {"level": "C6-C7", "kang": 3, "signal": "faint"},
        ]
    }
    res = run_rules(t, check_answers(t, answers).values, study_contrast=None)
    assert [(m.code, m.fields) for m in res.warnings if m.code.startswith("spine.")] == [
        ("spine.kang3_without_cord_signal", ("discs[0].kang", "discs[0].signal")),
        ("spine.cord_signal_requires_kang3", ("discs[1].kang", "discs[1].signal")),
    ]
