"""Key presses to a signed report: the three flows of bench/keystrokes.py, and the form's
keyboard shortcuts they rely on (section jumps, check-list keys).

The flows run through the benchmark's own driver (loaded by path), so the test and the
figures in docs/performance.md cannot disagree about what a flow does.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from radreport.qt.form import TemplateForm, type_ahead

BENCH = Path(__file__).resolve().parents[2] / "bench" / "keystrokes.py"
CTRL = Qt.KeyboardModifier.ControlModifier
NO_MODS = Qt.KeyboardModifier.NoModifier


def load_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_keystrokes", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return load_bench()


# --------------------------------------------------------------------------- the flows


@pytest.mark.slow
def test_three_flows_reach_a_signed_report_within_their_targets(
    qapp: QApplication, bench: ModuleType, tmp_path: Path
) -> None:
    # the workspace modules, imported by the first Ctrl+R of a session: byte-compiled at
    # each import in this container (PYTHONDONTWRITEBYTECODE); that one-time cost is in
    # the bench's own output (python3 bench/keystrokes.py), not judged here
    import radreport.qt.report_workspace  # noqa: F401

    results = bench.run_all(tmp_path)
    assert [r.flow.target for r in results] == [12, 40, 40]  # the targets
    for r in results:
        # run_flow already refused anything but sig_signed + a final report in the store
        assert r.count <= r.flow.target, f"{r.flow.name}: {r.count} actions: {r.summary}"
        assert r.missing == [], f"{r.flow.name}: the signed report lacks {r.missing}"
        assert r.count < r.baseline / 40  # far fewer than typing the report
        assert {a.kind for a in r.actions} <= {"key", "text"}  # keyboard only
        # the GUI thread never blocks for 100 ms over the whole flow: Ctrl+R (the form
        # is built in slices), filling it in, the sign dialog and the signature job
        assert r.stalls == [], f"{r.flow.name}: GUI thread stalled: {r.stalls}"
        assert [a.phase for a in r.actions[:2]] == ["open", "form"]
        assert [a.phase for a in r.actions[-5:]] == ["sign"] * 5
    normal, ms, kang = results
    assert normal.summary == (
        "Ctrl+R [indication] Ctrl+Alt+N Ctrl+Shift+S [password] Tab [passphrase] Return"
    )
    assert "Y Tab Tab 6 Tab 2 Tab 1" in ms.summary  # lesion counts typed, not set
    assert "Y Tab C 5 Tab 4 Tab Tab 3 Tab i" in kang.summary


def test_a_wrong_report_does_not_count(bench: ModuleType) -> None:
    flow = bench.FLOWS[2]
    result = bench.FlowResult(flow, [], "C5-C6: disc bulge. Kang 2.", 0.0, [])
    assert result.missing == list(flow.expected)


def test_the_recorder_counts_what_it_sends_and_refuses_what_a_user_cannot_do(
    make_form: Any, bench: ModuleType
) -> None:
    form = make_form("brain")
    rec = bench.Recorder()
    rec.text("Query ALS", "indication")
    rec.key("Ctrl+Alt+N")
    assert rec.count == 2 and [a.presses for a in rec.actions] == [9, 1]
    assert form.answers()["indication"] == "Query ALS" and form.answers()["ms_lesions"] == "no"
    hidden = QPushButton("hidden", form)
    hidden.hide()
    with pytest.raises(bench.DriverError, match="not visible"):
        rec.click(hidden, "a hidden button")
    rec.click(form.normal_button, "All normal")
    assert rec.count == 3
    with pytest.raises(ValueError):
        rec.key("Ctrl+R, Ctrl+S")  # two chords are two actions
    assert rec.count == 3


# --------------------------------------------------------------------------- form keys


def focused_ref(form: TemplateForm) -> str:
    return form._ref_of(QApplication.focusWidget())


def press(qtbot: QtBot, key: Qt.Key, mods: Qt.KeyboardModifier = NO_MODS) -> None:
    widget = QApplication.focusWidget()
    assert widget is not None
    qtbot.keyClick(widget, key, mods)


def test_ctrl_down_and_up_jump_from_section_to_section(make_form: Any, qtbot: QtBot) -> None:
    form = make_form("cervical")
    assert focused_ref(form) == "indication"  # a text editor: Ctrl+Down must not stay in it
    firsts = [s.fields[0]["id"] for s in form.sections if s.fields]
    for ref in firsts[1:]:
        press(qtbot, Qt.Key.Key_Down, CTRL)
        assert focused_ref(form) == ref
    press(qtbot, Qt.Key.Key_Down, CTRL)  # the last section: the focus stays
    assert focused_ref(form) == firsts[-1]
    press(qtbot, Qt.Key.Key_Up, CTRL)
    assert focused_ref(form) == firsts[-2]
    # from a field inside a section, and from a pick list, a level box and a number
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Y)  # an answer opens fields
    assert form.focus_field("c_stenosis")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Y)
    for ref in (
        "c_discs[0].level",
        "c_discs[0].causes",
        "c_discs[0].kang",
        "c_discs[0].cord_signal",
    ):
        assert form.focus_field(ref)
        press(qtbot, Qt.Key.Key_Down, CTRL)
        assert focused_ref(form) == "c_plexus", ref
    assert form.answers()["c_stenosis"] == "yes"  # nothing was answered on the way


def test_ctrl_down_skips_a_section_whose_fields_are_all_hidden(
    make_form: Any, qtbot: QtBot
) -> None:
    form = make_form("brain")
    order = [s.id for s in form.sections]
    assert form.focus_field("additional_findings")
    press(qtbot, Qt.Key.Key_Up, CTRL)
    last_module = form.sections[order.index("_additional") - 1]
    assert form._section_of[focused_ref(form)] == last_module.id


def test_check_list_keys_digits_and_type_ahead(make_form: Any, qtbot: QtBot) -> None:
    form = make_form("cervical")
    assert form.focus_field("c_stenosis")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Y)
    assert form.focus_field("c_discs[0].causes")
    causes = QApplication.focusWidget()
    assert causes is not None
    qtbot.keyClicks(causes, "4")  # the 4th option at once
    assert form.answers()["c_discs"][0]["causes"] == ["disc_osteophyte"]
    qtbot.keyClicks(causes, "4")  # again: unticked (the item is blank again)
    assert "causes" not in form.answers().get("c_discs", [{}])[0]
    qtbot.wait(QApplication.keyboardInputInterval() + 50)
    # from the current option (the 4th, disc-osteophyte, which matches "d"), the same
    # letter again cycles on, round to disc bulge, then disc protrusion
    qtbot.keyClicks(causes, "ddd")
    press(qtbot, Qt.Key.Key_Space)
    assert form.answers()["c_discs"][0]["causes"] == ["protrusion"]
    qtbot.wait(QApplication.keyboardInputInterval() + 50)
    qtbot.keyClicks(causes, "lig")  # a prefix, searched from the current option on
    press(qtbot, Qt.Key.Key_Space)
    assert form.answers()["c_discs"][0]["causes"] == ["protrusion", "ligamentum_flavum"]
    qtbot.keyClicks(causes, "0")  # no option 0: nothing changes
    assert form.answers()["c_discs"][0]["causes"] == ["protrusion", "ligamentum_flavum"]


@pytest.mark.parametrize(
    ("typed", "key", "current", "expected"),
    [
        ("", "d", -1, (0, "d")),  # nothing current: from the top
        ("", "d", 0, (0, "d")),  # the current option matches: it stays
        ("d", "d", 0, (1, "dd")),  # the same letter again: the next one
        ("ddd", "d", 3, (0, "dddd")),  # ... and round again
        ("d", "i", 0, (0, "di")),  # a longer prefix
        ("", "L", 2, (5, "l")),  # case does not matter
        ("", "z", 2, (-1, "z")),  # no match: stay
    ],
)
def test_type_ahead(typed: str, key: str, current: int, expected: tuple[int, str]) -> None:
    labels = ["disc bulge", "disc protrusion", "Disc extrusion", "disc-osteophyte", "x", "lig"]
    assert type_ahead(labels, typed, key, current) == expected
