"""The structured form, offscreen and driven from the keyboard like a radiologist would."""

from __future__ import annotations

import time
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QComboBox, QWidget
from pytestqt.qtbot import QtBot

from radreport.qt.form import FieldRow, TemplateForm
from radreport.qt.watchdog import StallMonitor
from radreport.services import form_model as fm
from radreport.services.templates import (
    LoadedTemplate,
    load_template,
    preset_answers,
    validate_answers,
)

CTRL_ALT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


def editor_of(form: TemplateForm, ref: str) -> QWidget:
    row = form.row(ref)
    assert row is not None, ref
    target: QWidget = row.editor.focus_target()  # type: ignore[attr-defined]
    return target


def no_problems(tpl: LoadedTemplate, answers: dict[str, Any]) -> None:
    problems, _ = validate_answers(tpl, answers)
    assert problems == [], [p.to_dict() for p in problems]


@pytest.mark.parametrize(
    "template_id", ["brain", "cervical", "thoracic", "lumbar", "combined", "brain_cervical"]
)
def test_every_template_builds_with_nothing_answered(make_form: Any, template_id: str) -> None:
    form = make_form(template_id)
    assert form.answers() == {}  # clinical safety: no default answer anywhere
    for f in form.schema["fields"]:
        assert form.row(f["id"]) is not None
    assert QApplication.focusWidget() is editor_of(form, "indication")


def test_tab_follows_the_visual_order(make_form: Any, qtbot: QtBot) -> None:
    form = make_form("brain")
    visible = fm.visible_refs(form.template, {})
    expected = [f["id"] for s in form.sections for f in s.fields if f["id"] in visible]
    seen: list[str] = ["indication"]
    form.sig_field_focused.connect(seen.append)
    for _ in range(len(expected) - 1):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert seen == expected


def test_type_ahead_in_a_pick_list_and_conditional_field(make_form: Any, qtbot: QtBot) -> None:
    form = make_form("brain")
    predominance = form.row("cst_predominance")
    assert predominance is not None and predominance.isHidden()
    combo = editor_of(form, "cst_signal")
    assert isinstance(combo, QComboBox)
    assert form.focus_field("cst_signal")
    qtbot.keyClicks(combo, "as")
    assert form.answers() == {"cst_signal": "asymmetric"}
    assert not predominance.isHidden()
    qtbot.wait(QApplication.keyboardInputInterval() + 50)  # a new search, not "assy"
    qtbot.keyClicks(combo, "sy")
    assert form.answers() == {"cst_signal": "symmetric"}
    assert predominance.isHidden()


def test_yes_no_keys_and_unanswered(make_form: Any, qtbot: QtBot) -> None:
    form = make_form("brain")
    changes: list[dict[str, Any]] = []
    form.sig_answers_changed.connect(changes.append)
    bar = editor_of(form, "ms_lesions")
    assert form.focus_field("ms_lesions")
    periventricular = form.row("ms_periventricular")
    assert periventricular is not None and periventricular.isHidden()
    qtbot.keyClick(bar, Qt.Key.Key_Y)
    assert form.answers() == {"ms_lesions": "yes"} and changes[-1] == {"ms_lesions": "yes"}
    assert not periventricular.isHidden()
    qtbot.keyClick(bar, Qt.Key.Key_N)
    assert form.answers() == {"ms_lesions": "no"} and periventricular.isHidden()
    qtbot.keyClick(bar, Qt.Key.Key_A)
    assert form.answers() == {"ms_lesions": "not_assessed"}
    qtbot.keyClick(bar, Qt.Key.Key_Delete)
    assert form.answers() == {} and changes[-1] == {}


def test_side_keys(make_form: Any, qtbot: QtBot) -> None:
    form = make_form("cervical")
    form.set_answers({"c_plexus": "yes"})
    bar = editor_of(form, "c_plexus_side")
    assert form.focus_field("c_plexus_side")
    qtbot.keyClick(bar, Qt.Key.Key_L)
    assert form.answers()["c_plexus_side"] == "left"
    qtbot.keyClick(bar, Qt.Key.Key_B)
    assert form.answers()["c_plexus_side"] == "bilateral"


@pytest.mark.parametrize("template_id", ["brain", "cervical"])
def test_module_shortcuts_fill_exactly_the_module_normal(
    make_form: Any, qtbot: QtBot, template_id: str
) -> None:
    form = make_form(template_id)
    for n, module in enumerate(form.schema["modules"][:9], 1):
        form.set_answers({})
        form.focus_field("indication")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key(Qt.Key.Key_0 + n), CTRL_ALT)
        assert form.answers() == module["normal"], module["id"]


def test_current_module_shortcut_past_the_ninth(make_form: Any, qtbot: QtBot) -> None:
    form = make_form("combined")
    module = form.schema["modules"][-1]
    assert form.focus_field(module["fields"][0])
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_M, CTRL_ALT)
    assert form.answers() == module["normal"]


def test_normal_preset_shortcut_keeps_the_indication(make_form: Any, qtbot: QtBot) -> None:
    form = make_form("brain")
    preset = preset_answers(form.template, "normal")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_N, CTRL_ALT)
    assert form.answers() == preset
    form.set_answers({})
    qtbot.keyClicks(editor_of(form, "indication"), "Right hand weakness.")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_N, CTRL_ALT)
    assert form.answers() == {"indication": "Right hand weakness.", **preset}
    no_problems(form.template, form.answers())


@pytest.mark.parametrize(
    "template_id", ["brain", "cervical", "thoracic", "lumbar", "combined", "brain_cervical"]
)
def test_preset_round_trip(make_form: Any, template_id: str) -> None:
    form = make_form(template_id)
    preset = preset_answers(form.template, "normal")
    assert form.set_answers(preset) == []
    assert form.answers() == preset


def test_conditional_field_appears_and_hidden_values_are_left_out(
    make_form: Any, qtbot: QtBot
) -> None:
    form = make_form("brain")
    date_row = form.row("comparison_date")
    assert date_row is not None and date_row.isHidden()
    assert form.focus_field("comparison")
    qtbot.keyClicks(editor_of(form, "comparison"), "MRI brain 2023")
    assert not date_row.isHidden()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is editor_of(form, "comparison_date")
    qtbot.keyClicks(QApplication.focusWidget(), "2023-05-04")
    assert form.answers()["comparison_date"] == "2023-05-04"
    editor_of(form, "comparison").clear()  # type: ignore[attr-defined]
    assert date_row.isHidden()
    assert "comparison_date" not in form.answers()  # kept in the widget, not reported


def test_kang_3_stenosis_from_the_keyboard_validates(make_form: Any, qtbot: QtBot) -> None:
    form = make_form("cervical")
    qtbot.keyClicks(editor_of(form, "indication"), "Weak right hand, UMN signs.")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_N, CTRL_ALT)
    assert form.focus_field("c_stenosis")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Y)
    # the required group opens its first (empty) item by itself
    assert form.row("c_discs[0].level") is not None
    assert "c_discs" not in form.answers()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is editor_of(form, "c_discs[0].level")
    qtbot.keyClicks(QApplication.focusWidget(), "c5-c6")
    assert form.focus_field("c_discs[0].kang")
    qtbot.keyClicks(QApplication.focusWidget(), "3")
    assert form.focus_field("c_discs[0].cord_signal")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_I)  # "intense"
    t1 = form.row("c_discs[0].t1_hypo")
    assert t1 is not None and not t1.isHidden()
    answers = form.answers()
    assert answers["c_discs"] == [{"level": "C5-C6", "kang": 3, "cord_signal": "intense"}]
    no_problems(form.template, answers)


def test_ms_positive_brain_validates(make_form: Any) -> None:
    form = make_form("brain")
    answers = {
        **preset_answers(form.template, "normal"),
        "indication": "Optic neuritis 2019, now limb weakness.",
        "ms_lesions": "yes",
        "ms_periventricular": 4,
        "ms_juxtacortical": 2,
        "ms_infratentorial": 1,
        "ms_enhancing": 1,
    }
    form.set_answers(answers)
    out = form.answers()
    assert {k: out[k] for k in answers} == answers
    no_problems(form.template, out)


def test_add_and_remove_items_from_the_keyboard(make_form: Any, qtbot: QtBot) -> None:
    form = make_form("cervical")
    form.set_answers({"c_stenosis": "yes", "c_discs": [{"level": "C4-C5"}, {"level": "C6-C7"}]})
    group = form.row("c_discs")
    assert group is not None
    add = group.editor.add_button  # type: ignore[attr-defined]
    add.setFocus()
    qtbot.keyClick(add, Qt.Key.Key_Space)
    # the new, empty item keeps its place (item numbers = refs) and answers nothing
    assert form.answers()["c_discs"] == [{"level": "C4-C5"}, {"level": "C6-C7"}, {}]
    assert QApplication.focusWidget() is editor_of(form, "c_discs[2].level")
    qtbot.keyClicks(QApplication.focusWidget(), "C3-C4")
    first_remove = group.editor.items[0].remove  # type: ignore[attr-defined]
    first_remove.setFocus()
    qtbot.keyClick(first_remove, Qt.Key.Key_Space)
    assert form.answers()["c_discs"] == [{"level": "C6-C7"}, {"level": "C3-C4"}]
    assert form.row("c_discs[2].level") is None  # refs follow the item numbers


def test_show_problems_marks_the_field_and_clears_old_marks(make_form: Any) -> None:
    form = make_form("cervical", "fr")
    form.set_answers({"c_stenosis": "yes", "c_discs": [{"level": "C5-C6"}, {"level": "L4-L5"}]})
    answers = form.answers()
    answers["c_discs"][0]["kang"] = 7
    problems, _ = validate_answers(form.template, answers)
    assert {p.field for p in problems} == {"c_discs[0].kang"}
    assert form.show_problems(problems) == []
    row = form.row("c_discs[0].kang")
    assert row is not None and "hors limites" in row.message.text()
    assert not row.message.isHidden()
    assert "hors limites" in editor_of(form, "c_discs[0].kang").accessibleDescription()
    from radreport.domain.rules.messages import Label
    from radreport.domain.templates.answers import AnswerProblem

    level_problem = AnswerProblem("c_discs[1].level", "C9", Label("bad level", "niveau invalide"))
    unplaced = AnswerProblem("", None, Label("answers", "réponses"))
    assert form.show_problems([level_problem, unplaced]) == [unplaced]
    assert form.problems_shown() == {"c_discs[1].level": "niveau invalide"}
    form.show_problems([])
    assert form.problems_shown() == {}


def test_out_of_range_number_is_flagged_while_typing(make_form: Any, qtbot: QtBot) -> None:
    form = make_form("cervical")
    form.set_answers({"c_chiari": "yes"})
    edit = editor_of(form, "c_chiari_descent_mm")
    qtbot.keyClicks(edit, "55")
    assert "between 0 and 40" in form.problems_shown()["c_chiari_descent_mm"]
    # the typed value still reaches the engine, which refuses it: nothing silently dropped
    problems, _ = validate_answers(form.template, form.answers())
    assert [p.field for p in problems] == ["c_chiari_descent_mm"]
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    assert form.problems_shown() == {}
    assert form.answers()["c_chiari_descent_mm"] == 5


def test_focus_field_on_a_group_child(make_form: Any, qtbot: QtBot) -> None:
    form = make_form("cervical")
    form.set_answers({"c_stenosis": "yes", "c_discs": [{"level": "C4-C5"}, {"level": "C5-C6"}]})
    seen: list[str] = []
    form.sig_field_focused.connect(seen.append)
    assert form.focus_field("c_discs[1].kang")
    assert QApplication.focusWidget() is editor_of(form, "c_discs[1].kang")
    assert seen == ["c_discs[1].kang"]
    row = form.row("c_discs[1].kang")
    assert isinstance(row, FieldRow)
    qtbot.waitUntil(lambda: not row.visibleRegion().isEmpty(), timeout=2000)
    assert not form.focus_field("c_discs[5].kang")
    assert not form.focus_field("c_chiari_descent_mm")  # hidden
    assert not form.focus_field("no such field")


def test_wheel_over_an_unfocused_pick_list_changes_nothing(make_form: Any) -> None:
    form = make_form("brain")
    combo = editor_of(form, "frontotemporal_atrophy")
    event = QWheelEvent(
        QPointF(5, 5),
        QPointF(combo.mapToGlobal(QPoint(5, 5))),
        QPoint(0, 0),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(combo, event)
    assert form.answers() == {}


def test_combined_form_does_not_stall_the_gui(qtbot: QtBot, make_form: Any) -> None:
    tpl = load_template("combined")
    start = time.perf_counter()
    form = TemplateForm(tpl, "en")
    build_ms = (time.perf_counter() - start) * 1000
    qtbot.addWidget(form)
    form.resize(700, 900)
    with qtbot.waitExposed(form):
        form.show()
    assert tpl.info().field_count == 186
    changes: list[dict[str, Any]] = []
    form.sig_answers_changed.connect(changes.append)
    monitor = StallMonitor(threshold_ms=100)
    monitor.start()
    start = time.perf_counter()
    form.apply_normal_preset()
    qtbot.wait(20)
    form.set_answers(form.answers())
    qtbot.wait(20)
    work_ms = (time.perf_counter() - start) * 1000 - 40
    stalls = monitor.stop()
    print(f"combined form: build {build_ms:.0f} ms, preset + reload {work_ms:.0f} ms")
    assert stalls == [], f"GUI thread stalled: {stalls}"
    assert changes and changes[-1] == preset_answers(tpl, "normal")


def test_measurement_multi_choice_and_level_range_from_the_keyboard(
    make_form: Any, qtbot: QtBot
) -> None:
    form = make_form("cervical")
    assert form.focus_field("c_tumour")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Y)
    assert form.focus_field("c_masses[0].extent")
    qtbot.keyClicks(QApplication.focusWidget(), "C3")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "C5")
    assert form.focus_field("c_masses[0].size")
    qtbot.keyClicks(QApplication.focusWidget(), "12")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "8,5")
    item = form.answers()["c_masses"][0]
    assert item["extent"] == {"from": "C3", "to": "C5"}
    assert item["size"] == [12, 8.5]
    form.set_answers({"c_plexus": "yes"})
    assert form.focus_field("c_plexus_findings")
    lst = QApplication.focusWidget()
    qtbot.keyClick(lst, Qt.Key.Key_Down)
    qtbot.keyClick(lst, Qt.Key.Key_Space)
    assert form.answers()["c_plexus_findings"] == ["stir"]
    qtbot.keyClick(lst, Qt.Key.Key_Space)
    assert "c_plexus_findings" not in form.answers()


def test_a_second_click_on_the_chosen_answer_clears_it(make_form: Any, qtbot: QtBot) -> None:
    form = make_form("brain")
    row = form.row("tumour")
    assert row is not None
    yes = row.editor._buttons[0]  # type: ignore[attr-defined]
    qtbot.mouseClick(yes, Qt.MouseButton.LeftButton)
    assert form.answers() == {"tumour": "yes"}
    qtbot.mouseClick(yes, Qt.MouseButton.LeftButton)
    assert form.answers() == {}


def test_full_round_trip_of_every_value_type(make_form: Any) -> None:
    form = make_form("cervical")
    answers = {
        "indication": "Bulbar onset, <b>&amp; {{ x }}</b>",
        "comparison": "MRI 2022",
        "comparison_date": "2022-03-01",
        "contrast": "given",
        "c_stenosis": "yes",
        "c_discs": [
            {"level": "C5-C6", "causes": ["bulge", "facet"], "ap_mm": 7.5, "kang": 3},
            {"level": "C6-C7", "kang": 1, "cord_signal": "none"},
        ],
        "c_tumour": "yes",
        "c_masses": [{"compartment": "extradural", "extent": {"from": "C3", "to": "C4"}}],
        "c_plexus": "yes",
        "c_plexus_side": "right",
        "c_plexus_segments": ["roots", "trunks"],
    }
    assert form.set_answers(answers) == []
    assert form.answers() == answers
    no_problems(form.template, answers)
    # something the form cannot show is reported, never silently dropped
    assert form.set_answers({"c_chiari": "maybe", "gone_field": 1}) == ["c_chiari", "gone_field"]


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("template_id", ["combined", "lumbar"])
def test_form_fits_a_narrow_pane_without_sideways_scrolling(
    make_form: Any, template_id: str, lang: str
) -> None:
    """At 1280 pixels the form gets ~600; long module names (French ones above all) wrap
    instead of widening the form, which scrolled its labels out of sight."""
    form = make_form(template_id, lang)
    form.build_all()
    assert form.scroll_area.widget().minimumSizeHint().width() <= 560
