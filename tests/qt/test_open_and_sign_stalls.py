"""Opening a report and signing it without GUI-thread stalls.

The form of a large template is built in slices from the event loop: every API must
behave as on a fully built form while slices are still pending.  The signing identity
is opened without cryptography's GIL-holding RSA key check (PBES2 files), and still
refuses a wrong passphrase or a key that does not match its certificate.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from radreport.qt.form import TemplateForm
from radreport.qt.watchdog import FairStallMonitor
from radreport.services import form_model as fm
from radreport.services.templates import load_template, preset_answers


def fresh_form(qtbot: QtBot, template_id: str = "combined") -> TemplateForm:
    form = TemplateForm(load_template(template_id), "en")
    qtbot.addWidget(form)
    form.resize(700, 900)
    return form


def built(template_id: str, qtbot: QtBot) -> TemplateForm:
    form = fresh_form(qtbot, template_id)
    form.build_all()
    return form


# --------------------------------------------------------------------------- the form


def test_a_large_form_is_built_in_slices_with_the_indication_first(qtbot: QtBot) -> None:
    form = fresh_form(qtbot)
    assert not form.fully_built  # 27 sections: not all at once
    assert "indication" in form._rows  # the first thing typed exists at once
    assert form.answers() == {}
    with qtbot.waitSignal(form.sig_built, timeout=10000):
        form.show()
    assert form.fully_built
    assert all(form.row(f["id"]) is not None for f in form.schema["fields"])


def test_answers_given_before_the_last_slice_reach_their_widgets(qtbot: QtBot) -> None:
    reference = built("combined", qtbot)
    reference.apply_normal_preset()
    reference.apply_module_normal("cervical_hirayama")
    expected = reference.answers()
    assert expected  # the preset answers many fields

    form = fresh_form(qtbot)
    changes: list[dict[str, Any]] = []
    form.sig_answers_changed.connect(changes.append)
    form.apply_normal_preset()  # Ctrl+Alt+N right after Ctrl+R
    form.apply_module_normal("cervical_hirayama")
    assert not form.fully_built
    assert form.answers() == expected  # the report is rendered from these at once
    with qtbot.waitSignal(form.sig_built, timeout=10000):
        form.show()
    assert form.answers() == expected
    # the widgets of the last sections show them
    last = next(s for s in reversed(form.sections) if s.normal)
    for fid, value in last.normal.items():
        row = form.row(fid)
        assert row is not None and row.editor.value() is not None, fid  # type: ignore[attr-defined]
        assert form.answers().get(fid) == expected.get(fid), (fid, value)
    assert changes and changes[-1] == expected


def test_set_answers_and_problems_before_the_last_slice(qtbot: QtBot) -> None:
    tpl = load_template("combined")
    answers = preset_answers(tpl, "normal") | {"indication": "Query ALS", "nonsense": 1}
    reference = built("combined", qtbot)
    expected_rejected = reference.set_answers(answers)
    assert "nonsense" in expected_rejected

    form = fresh_form(qtbot)
    assert form.set_answers(answers) == expected_rejected  # same refusals as built
    assert form.answers() == reference.answers()
    assert form.set_answers({}) == [] and form.answers() == {}

    form = fresh_form(qtbot)
    last_field = form.sections[-2].fields[0]["id"]
    from radreport.domain.templates.answers import AnswerProblem

    problems: list[AnswerProblem] = _problems_for(tpl, last_field)
    assert form.show_problems(problems) == []  # placed, even though not built yet
    form.build_all()
    assert last_field in form.problems_shown()


def _problems_for(tpl: Any, field: str) -> list[Any]:
    """A real engine problem for ``field`` (an answer of the wrong type)."""
    from radreport.services.templates import validate_answers

    problems, _ = validate_answers(tpl, {field: {"not": "valid"}})
    found = [p for p in problems if p.field == field]
    assert found, [p.field for p in problems]
    return found


@pytest.mark.parametrize("template_id", ["combined", "lumbar"])
def test_can_show_says_what_the_editors_accept(qtbot: QtBot, template_id: str) -> None:
    """set_answers decides for fields not built yet with can_show: it must agree with
    the editors' own set_value for every field type."""
    form = built(template_id, qtbot)
    preset = preset_answers(form.template, "normal")
    odd: list[Any] = [True, False, 0, 1, 2.5, "", "maybe", "yes", "right", "C5", "C5-C6"]
    odd += [[], ["x"], [1, 2], [1, 2, 3, 4], ["C5", "C6"], [None, None], [{"a": 1}], [{}, 3]]
    odd += [{"from": "C5", "to": None}, {"from": None}, {"x": 1}]

    def shown(row: Any, value: Any) -> bool:
        try:
            return bool(row.editor.set_value(value))
        except TypeError:  # e.g. unhashable options: a value it cannot take
            return False

    seen_types = set()
    for fid, spec in form._spec_of.items():
        row = form.row(fid)
        assert row is not None
        seen_types.add(spec["type"])
        values = [*odd, *(o["id"] for o in spec.get("options") or [])]
        if fid in preset:
            values.append(preset[fid])
        for value in values:
            assert form.can_show(spec, value) == shown(row, value), (fid, value)
    assert len(seen_types) >= 5, seen_types


def test_focus_and_section_jumps_build_what_they_need(qtbot: QtBot) -> None:
    form = fresh_form(qtbot)
    with qtbot.waitActive(form):
        form.show()
        form.activateWindow()
    last = next(s for s in reversed(form.sections) if s.fields)
    assert form.focus_field(last.fields[0]["id"])
    assert form._ref_of(QApplication.focusWidget()) == last.fields[0]["id"]


def test_tab_goes_on_past_the_sections_not_built_yet(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QVBoxLayout

    window = QWidget()  # active before the form exists, as the main window is
    qtbot.addWidget(window)
    window.resize(700, 900)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    form = TemplateForm(load_template("combined"), "en", parent=window)
    QVBoxLayout(window).addWidget(form)
    form.show()
    form.row("indication").editor.focus_target().setFocus()  # type: ignore[union-attr]
    assert not form.fully_built  # Tab is pressed while slices are pending
    visible = fm.visible_refs(form.template, {})
    expected = [f["id"] for s in form.sections for f in s.fields if f["id"] in visible][:40]
    seen = ["indication"]
    form.sig_field_focused.connect(seen.append)
    for _ in range(len(expected) - 1):
        widget = QApplication.focusWidget()
        assert widget is not None
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    assert seen == expected


def test_no_style_sheet_per_widget(qtbot: QtBot) -> None:
    """Under the app's style sheet, each widget with its own sheet costs a re-polish."""
    form = built("combined", qtbot)
    form.set_answers({"c_ms": "yes"})
    with_sheet = [w for w in form.findChildren(QWidget) if w.styleSheet()]
    assert with_sheet == []


# --------------------------------------------------------------------------- opening


@pytest.fixture
def themed_app(qapp: QApplication) -> Iterator[QApplication]:
    from radreport.qt.appearance import apply_theme

    sheet, palette, style = qapp.styleSheet(), qapp.palette(), qapp.style().name()
    apply_theme(qapp, "light")  # the app's style sheet: where opening was slowest
    yield qapp
    qapp.setStyleSheet(sheet)
    qapp.setStyle(style)
    qapp.setPalette(palette)


def test_opening_the_workspace_under_the_theme_never_stalls(
    themed_app: QApplication, qtbot: QtBot, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QTabWidget

    from radreport.qt.report_workspace import ReportWorkspace
    from radreport.services.demo_study import write_demo_study
    from radreport.services.scanner import scan_paths
    from radreport.services.templates import list_templates

    write_demo_study(tmp_path)
    (study,) = scan_paths([tmp_path]).studies
    list_templates()  # the main window's warm-up loads and compiles the templates
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    tabs.resize(1400, 900)
    tabs.show()
    qtbot.waitExposed(tabs)
    for _ in range(2):  # the second time without any first-use cost
        # CPU time given to other processes is not counted
        monitor = FairStallMonitor(threshold_ms=100)
        monitor.start()
        workspace = ReportWorkspace(study, lang="en")
        tabs.addTab(workspace, "Report")
        tabs.setCurrentWidget(workspace)
        assert workspace.form is not None
        with qtbot.waitSignal(workspace.form.sig_built, timeout=10000):
            pass
        qtbot.wait(50)
        stalls = monitor.stop()
        assert stalls == [], f"GUI thread blocked for {max(stalls):.0f} ms"
        assert workspace.report is not None
        assert (
            workspace.form.focusWidget() is workspace.form.row("indication").editor.focus_target()
        )  # type: ignore[union-attr]


# --------------------------------------------------------------------------- signing


def test_identities_open_once_checked_and_sign_without_a_second_key_check(
    tmp_path: Path,
) -> None:
    """The key is validated once, by cryptography, when the PKCS#12 is opened (modern and
    legacy encryptions, wrong passphrase and mismatched key refused); signing then skips
    the second ~90 ms GIL-holding validation and still gives a valid signature."""
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import PrivateFormat, pkcs12

    from radreport.services.pdf import (
        load_identity,
        make_demo_identity,
        render_pdf,
        sign_pdf,
        verify_pdf,
    )
    from radreport.services.pdf.samples import sample_document
    from radreport.services.pdf.signing import SigningError

    p12 = tmp_path / "id.p12"
    make_demo_identity("Dr Anne Roy", p12, b"pass-1")
    identity = load_identity(p12, "pass-1")
    assert identity.common_name == "Dr Anne Roy"
    with pytest.raises(SigningError, match="wrong passphrase"):
        load_identity(p12, "wrong")
    doc = sample_document("en", signed=True)
    assert doc.signature is not None
    signed = sign_pdf(render_pdf(sample_document("en", signed=False)), identity, doc.signature)
    assert verify_pdf(signed.data, trust=[p12.with_name("id.ca.pem")]).ok

    key, cert, _ = pkcs12.load_key_and_certificates(p12.read_bytes(), b"pass-1")
    assert key is not None and cert is not None
    legacy = (
        PrivateFormat.PKCS12.encryption_builder()
        .kdf_rounds(2048)
        .key_cert_algorithm(pkcs12.PBES.PBESv1SHA1And3KeyTripleDESCBC)
        .build(b"pass-1")
    )
    old = tmp_path / "old.p12"
    old.write_bytes(pkcs12.serialize_key_and_certificates(b"x", key, cert, None, legacy))  # type: ignore[arg-type]
    assert load_identity(old, "pass-1").common_name == "Dr Anne Roy"

    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    modern = PrivateFormat.PKCS12.encryption_builder().build(b"pass-1")
    wrong = tmp_path / "wrong.p12"
    # a key with someone else's certificate beside it
    wrong.write_bytes(pkcs12.serialize_key_and_certificates(b"x", other, None, [cert], modern))
    with pytest.raises(SigningError, match="no certificate"):
        load_identity(wrong, "pass-1")


# --------------------------------------------------------------------------- the watchdog


def test_the_fair_monitor_still_counts_work_and_gil_waits(qtbot: QtBot) -> None:
    """Only the time the kernel gave the CPU to others is left out: work on the GUI
    thread, a sleep on it, or a worker holding the GIL in a long C call all count."""
    import re
    import threading
    import time

    from PySide6.QtCore import QTimer

    def busy() -> None:
        end = time.perf_counter() + 0.25
        while time.perf_counter() < end:
            pass

    def gil_held_by_a_worker() -> None:
        # a backtracking regular expression is one C call that keeps the GIL (~0.4 s
        # here); the GUI thread is idle meanwhile, but its timer slot needs the GIL
        pattern = re.compile(r"(a+)+$")
        threading.Thread(target=lambda: pattern.match("a" * 24 + "b")).start()

    for block in (lambda: time.sleep(0.25), busy, gil_held_by_a_worker):
        monitor = FairStallMonitor(threshold_ms=100)
        monitor.start()
        QTimer.singleShot(20, block)
        qtbot.wait(800)
        stalls = monitor.stop()
        assert len(stalls) == 1 and stalls[0] >= 100, (block, stalls)
