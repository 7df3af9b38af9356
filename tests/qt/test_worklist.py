"""The reports worklist: filters, reopening drafts and preliminaries, addenda, roles."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from pytestqt.qtbot import QtBot
from qt_helpers import PASSWORD

from radreport.domain.report import ReportStatus
from radreport.domain.study import Study
from radreport.qt.main_window import MainWindow
from radreport.qt.report_workspace import ReportWorkspace
from radreport.qt.reports_workspace import ReportsWorkspace, date_range
from radreport.qt.sign_dialog import SignDialog
from radreport.services.demo_study import write_demo_study
from radreport.services.drafts import DraftSession
from radreport.services.pdf import make_demo_identity, verify_pdf
from radreport.services.store import Actor, Store
from radreport.services.templates import load_template, preset_answers


@pytest.fixture
def identity(tmp_path: Path) -> Path:
    path = tmp_path / "id.p12"
    make_demo_identity("Dr Anne Roy", path, b"key-pass-1")
    return path


def answers(indication: str = "Query ALS") -> dict[str, object]:
    return {**preset_answers(load_template("brain"), "normal"), "indication": indication}


def sign_reports(store: Store, study: Study, identity: Path, count: int) -> None:
    """``count`` final reports of the demo study, signed by the radiologist."""
    rad = store.authenticate("rad", PASSWORD)
    for n in range(count):
        DraftSession(store, rad, study, "brain", "en").sign(
            answers(f"Query ALS, report {n}"),
            None,
            password=PASSWORD,
            identity_path=identity,
            passphrase="key-pass-1",
        )


def worklist(qtbot: QtBot, store: Store, actor: Actor) -> tuple[MainWindow, ReportsWorkspace]:
    window = MainWindow(store=store, actor=actor)
    qtbot.addWidget(window)
    window.show()
    assert window.reports is not None
    window.tabs.setCurrentWidget(window.reports)
    return window, window.reports


def reopen(qtbot: QtBot, window: MainWindow, report_id: int) -> ReportWorkspace | None:
    """Open a stored report the way the worklist does (in the background)."""
    with qtbot.waitSignal(window.sig_report_opened, timeout=30000) as opened:
        window.open_report(report_id)
    assert opened.args is not None
    workspace: ReportWorkspace | None = opened.args[0]
    return workspace


def choose(box: object, key: object) -> None:
    index = box.findData(key)  # type: ignore[attr-defined]
    assert index >= 0, key
    box.setCurrentIndex(index)  # type: ignore[attr-defined]


def test_date_range() -> None:
    today = dt.date(2026, 11, 25)
    assert date_range(None, today) == (None, None)
    assert date_range(0, today) == (today, today)
    assert date_range(7, today) == (dt.date(2026, 11, 18), today)


def test_reopen_a_draft_with_its_hand_edits_then_sign_it(
    qtbot: QtBot, store: Store, study: Study, identity: Path
) -> None:
    rad = store.authenticate("rad", PASSWORD)
    # yesterday's draft: saved with a section typed by hand
    session = DraftSession(store, rad, study, "brain", "en")
    report_id = session.save(answers("Weakness of the right hand"))
    window, reports = worklist(qtbot, store, rad)
    ws = reopen(qtbot, window, report_id)
    assert ws is not None and ws.form is not None
    ws.view.set_edited_sections({"impression": "No mimic of ALS. <b>Typed</b> by hand."})
    assert ws.save()

    window, reports = worklist(qtbot, store, rad)  # a new day, a new window
    choose(reports.status_filter, "open")
    assert [r.id for r in reports.search()] == [report_id]
    assert reports.open_button.isVisible() and not reports.addendum_button.isEnabled()
    reports.table.selectRow(0)
    assert reports.open_button.isEnabled() and not reports.export_button.isEnabled()
    with qtbot.waitSignal(window.sig_report_opened, timeout=30000):
        qtbot.keyClick(reports.table, "\r")  # Enter on the row reopens it
    ws = window.workspace
    assert ws is not None and ws.form is not None and ws.drafts is not None
    assert ws.drafts.report_id == report_id and not ws.template_box.isEnabled()
    assert ws.form.answers()["indication"] == "Weakness of the right hand"
    assert ws.view.edited_sections() == {"impression": "No mimic of ALS. <b>Typed</b> by hand."}
    assert "reopened" in ws.state_label.text()

    with qtbot.waitSignal(ws.sig_signed, timeout=60000):
        ws.start_signing(PASSWORD, identity, "key-pass-1")
    view = store.get_report(rad, report_id)
    assert view.status is ReportStatus.FINAL
    assert "<b>Typed</b> by hand." in view.plain_text  # markup stays text
    # the worklist follows: nothing left to finish, the report is among the signed ones
    assert reports.search() == []
    choose(reports.status_filter, "signed")
    assert [r.id for r in reports.results] == [report_id]


def test_resident_preliminary_is_finished_by_the_radiologist(
    qtbot: QtBot, store: Store, study: Study, tmp_path: Path
) -> None:
    res = store.authenticate("res", PASSWORD)
    res_id = tmp_path / "res.p12"
    make_demo_identity("Dr Rémi Résident", res_id, b"res-pass")
    report_id = DraftSession(store, res, study, "brain", "fr").save(answers())
    window, reports = worklist(qtbot, store, res)
    assert not reports.addendum_button.isVisible()  # a resident never amends
    ws = reopen(qtbot, window, report_id)
    assert ws is not None
    with qtbot.waitSignal(ws.sig_signed, timeout=60000):
        ws.start_signing(PASSWORD, res_id, "res-pass")
    assert store.get_report(res, report_id).status is ReportStatus.PRELIMINARY
    choose(reports.status_filter, "open")
    reports.table.selectRow(0)
    assert not reports.open_button.isEnabled()  # the radiologist revises a preliminary
    assert reopen(qtbot, window, report_id) is None
    assert "cannot be opened" in window.statusBar().currentMessage()

    rad = store.authenticate("rad", PASSWORD)
    window, reports = worklist(qtbot, store, rad)
    choose(reports.status_filter, "open")
    assert [r.status for r in reports.results] == [ReportStatus.PRELIMINARY]
    with qtbot.waitSignal(reports.preview.sig_loaded, timeout=30000):
        reports.table.selectRow(0)  # the resident's signed preliminary PDF
    assert reports.open_button.isEnabled()
    with qtbot.waitSignal(window.sig_report_opened, timeout=30000):
        assert reports.open_selected()
    ws = window.workspace
    assert ws is not None and ws.lang == "fr"
    rad_id = tmp_path / "rad.p12"
    make_demo_identity("Dr Anne Roy", rad_id, b"rad-pass")
    with qtbot.waitSignal(ws.sig_signed, timeout=60000):
        ws.start_signing(PASSWORD, rad_id, "rad-pass")
    view = store.get_report(rad, report_id)
    assert view.status is ReportStatus.FINAL
    assert [s.kind for s in view.signatures] == ["preliminary", "final"]
    assert view.signatures[-1].meaning == "Rapport final, signé électroniquement"


def test_signed_addendum_from_the_worklist(
    qtbot: QtBot, store: Store, study: Study, identity: Path
) -> None:
    rad = store.authenticate("rad", PASSWORD)
    DraftSession(store, rad, study, "brain", "en").sign(
        answers(), None, password=PASSWORD, identity_path=identity, passphrase="key-pass-1"
    )
    _window, reports = worklist(qtbot, store, rad)
    choose(reports.status_filter, "signed")
    reports.table.selectRow(0)
    assert reports.addendum_button.isEnabled() and not reports.open_button.isEnabled()
    report_id = reports.results[0].id
    # a wrong password: refused, nothing changes, the radiologist is told why
    with qtbot.waitSignal(reports.sig_addendum_signed, timeout=2000, raising=False) as blocker:
        reports.start_addendum(report_id, "Late finding.", "wrong", identity, "key-pass-1")
        qtbot.waitUntil(lambda: reports._addend is None, timeout=60000)
    assert not blocker.signal_triggered and "not signed" in reports.status.text()
    assert store.get_report(rad, report_id).status is ReportStatus.FINAL

    text = "Comparison with the outside CT: no change. <i>R&D</i> {{ 7*7 }}"
    with qtbot.waitSignal(reports.sig_addendum_signed, timeout=60000):
        reports.start_addendum(report_id, text, PASSWORD, identity, "key-pass-1")
    view = store.get_report(rad, report_id)
    assert view.status is ReportStatus.AMENDED and [a.text for a in view.addenda] == [text]
    assert reports.results[0].status is ReportStatus.AMENDED
    assert [s.kind for s in view.signatures] == ["final", "addendum"]
    # the PDF now sent is the amended document, signed again by the radiologist
    pdf = store.export_pdf(rad, report_id)
    assert verify_pdf(pdf, trust=[identity.with_name("id.ca.pem")]).ok
    assert view.signatures[-1].pdf_sha256 == hashlib.sha256(pdf).hexdigest()


def test_addendum_dialog_asks_for_the_text_first(qtbot: QtBot) -> None:
    d = SignDialog("Dr Anne Roy", "MD", kind="addendum", language="fr")
    qtbot.addWidget(d)
    d.show()
    assert d.meaning_label.text() == "Addenda, signé électroniquement"
    assert d.focusWidget() is d.addendum_edit
    d.password_edit.setText(PASSWORD)
    d.passphrase_edit.setText("key")
    assert not d.can_sign()  # no text, no addendum
    qtbot.keyClicks(d.addendum_edit, "Late finding: see comparison.")
    assert d.can_sign() and d.sign_button.isEnabled()
    assert d.addendum_text() == "Late finding: see comparison."


def test_secretary_sees_signed_reports_only_and_no_writing_control(
    qtbot: QtBot, store: Store, study: Study, identity: Path
) -> None:
    rad = store.authenticate("rad", PASSWORD)
    DraftSession(store, rad, study, "brain", "en").save(answers("a draft, not for her"))
    signed = DraftSession(store, rad, study, "brain", "en")
    signed.sign(answers(), None, password=PASSWORD, identity_path=identity, passphrase="key-pass-1")
    sec = store.authenticate("sec", PASSWORD)
    window, reports = worklist(qtbot, store, sec)
    for control in (reports.status_filter, reports.open_button, reports.addendum_button):
        assert not control.isVisible()
    assert not reports.mine.isVisible()
    assert [r.id for r in reports.search()] == [signed.report_id]
    reports.table.selectRow(0)
    assert reports.export_button.isEnabled() and reports.deliver_button.isEnabled()
    assert not window.new_report_action.isVisible()
    # a crafted request gets the services' refusal, shown, not raised
    assert reopen(qtbot, window, int(signed.report_id or 0)) is None
    assert "cannot be opened" in window.statusBar().currentMessage()


def test_mine_and_date_filters(qtbot: QtBot, store: Store, study: Study) -> None:
    rad = store.authenticate("rad", PASSWORD)
    res = store.authenticate("res", PASSWORD)
    mine = DraftSession(store, rad, study, "brain", "en").save(answers())
    DraftSession(store, res, study, "brain", "en").save(answers())
    _, reports = worklist(qtbot, store, rad)
    assert len(reports.search()) == 2
    reports.mine.setChecked(True)  # re-runs the search
    assert [r.id for r in reports.results] == [mine]
    reports.mine.setChecked(False)
    assert study.date is not None and study.date < dt.date.today()
    choose(reports.date_filter, 0)  # exams of today: the demo exam is older
    assert reports.results == []
    choose(reports.date_filter, None)
    assert len(reports.results) == 2


def test_study_list_shows_where_each_report_stands(
    qtbot: QtBot, store: Store, study: Study, identity: Path, tmp_path: Path
) -> None:
    from radreport.qt.jobs import running_jobs

    folder = tmp_path / "demo"
    write_demo_study(folder)
    rad = store.authenticate("rad", PASSWORD)
    window, _ = worklist(qtbot, store, rad)
    with qtbot.waitSignal(window.sig_scan_finished, timeout=30000):
        window.start_scan([str(folder)])
    qtbot.waitUntil(lambda: running_jobs() == 0, timeout=30000)
    item = window.study_tree.topLevelItem(0)
    assert item is not None and item.text(1) == ""  # nothing written yet
    ws = window.new_report()
    assert ws is not None and ws.form is not None
    ws.form.apply_normal_preset()
    ws.form.set_answers({**ws.form.answers(), "indication": "Query ALS"})
    assert ws.save()
    window.tabs.setCurrentIndex(0)  # back to the studies
    assert item.text(1) == "draft"
    with qtbot.waitSignal(ws.sig_signed, timeout=60000):
        ws.start_signing(PASSWORD, identity, "key-pass-1")
    assert item.text(1) == "final"


def test_discard_a_draft_with_a_reason(qtbot: QtBot, store: Store, study: Study) -> None:
    rad = store.authenticate("rad", PASSWORD)
    res = store.authenticate("res", PASSWORD)
    theirs = DraftSession(store, res, study, "brain", "en").save(answers())
    mine = DraftSession(store, rad, study, "brain", "en").save(answers("wrong patient"))
    _, reports = worklist(qtbot, store, rad)
    choose(reports.status_filter, "open")
    row = [r.id for r in reports.results].index(theirs)
    reports.table.selectRow(row)
    assert not reports.discard_button.isEnabled()  # not someone else's draft
    reports.table.selectRow([r.id for r in reports.results].index(mine))
    assert reports.discard_button.isEnabled()
    assert not reports.discard_selected("   ")  # a reason is required
    assert "why" in reports.status.text()
    assert reports.discard_selected("Opened on the wrong patient")
    assert [r.id for r in reports.results] == [theirs]
    view = store.get_report(rad, mine)
    assert view.summary.status is ReportStatus.DISCARDED
    assert view.discard_reason == "Opened on the wrong patient"


def test_export_many_then_cancel_keeps_only_whole_files(
    qtbot: QtBot, store: Store, study: Study, identity: Path, tmp_path: Path
) -> None:
    sign_reports(store, study, identity, 6)
    sec = store.authenticate("sec", PASSWORD)
    _, reports = worklist(qtbot, store, sec)
    assert len(reports.search()) == 6
    reports.table.selectAll()
    out = tmp_path / "out"
    out.mkdir()
    with qtbot.waitSignal(reports.sig_export_finished, timeout=60000) as done:
        reports.export_to(out)
        assert reports.progress.isVisible() and reports.cancel_button.isVisible()
        reports.cancel_export()  # at once: the job stops before the next report
    assert done.args is not None
    exported = [Path(path) for _, path in done.args[0]]
    assert len(exported) < 6 and "cancelled" in reports.status.text()
    assert sorted(out.iterdir()) == sorted(exported)  # no partial or temporary file left
    for path in exported:
        assert verify_pdf(path, trust=[identity.with_name("id.ca.pem")]).ok
    assert not reports.progress.isVisible() and reports.export_button.isEnabled()


def test_secretary_flow_never_stalls_the_gui(
    qtbot: QtBot, store: Store, study: Study, identity: Path, tmp_path: Path
) -> None:
    from radreport.qt.watchdog import StallMonitor

    sign_reports(store, study, identity, 3)
    sec = store.authenticate("sec", PASSWORD)
    _, reports = worklist(qtbot, store, sec)
    out = tmp_path / "out"
    out.mkdir()
    monitor = StallMonitor(threshold_ms=100)
    monitor.start()
    qtbot.keyClicks(reports.query, "tremblay")
    qtbot.keyClick(reports.query, "\r")
    assert len(reports.results) == 3
    with qtbot.waitSignal(reports.preview.sig_loaded, timeout=30000):
        reports.table.selectRow(1)
    with qtbot.waitSignal(reports.preview.sig_loaded, timeout=30000):
        reports.table.selectRow(0)  # the next one, as she goes down the list
    reports.table.selectAll()
    with qtbot.waitSignal(reports.sig_export_finished, timeout=60000):
        reports.export_to(out)
    reports.recipient.setText("Dr Gagnon")
    assert reports.record_delivery()
    assert monitor.stop() == []
    assert len(list(out.iterdir())) == 3


def test_export_file_names_are_safe_and_one_per_report() -> None:
    from radreport.qt.reports_workspace import export_file_name
    from radreport.services.store.service import ReportSummary

    def summary(report_id: int, accession: str, pid: str) -> ReportSummary:
        return ReportSummary(
            report_id,
            ReportStatus.FINAL,
            "X",
            pid,
            accession,
            dt.date(2024, 6, 12),
            "",
            "",
            "brain",
            "en",
            "rad",
            dt.datetime(2024, 6, 12, tzinfo=dt.UTC),
            1,
        )

    brain, spine = summary(7, "ACC/../1", "<b>P 1</b>"), summary(8, "ACC/../1", "<b>P 1</b>")
    assert export_file_name(brain) != export_file_name(spine)  # same exam, two reports
    for name in (export_file_name(brain), export_file_name(summary(9, "", ""))):
        assert name.endswith(".pdf") and "/" not in name and "<" not in name
        assert not name.startswith(".")
    assert export_file_name(brain) == "ACC-..-1_-b-P-1--b-_2024-06-12_report-7.pdf"


def test_keyboard_only_search_and_open(qtbot: QtBot, store: Store, study: Study) -> None:
    rad = store.authenticate("rad", PASSWORD)
    report_id = DraftSession(store, rad, study, "brain", "en").save(answers())
    window, reports = worklist(qtbot, store, rad)
    reports.table.setFocus()
    # Ctrl+F (offscreen windows are not reliably "active", so the shortcut is fired)
    (find,) = [
        sc
        for sc in reports.findChildren(QShortcut)
        if sc.key() == QKeySequence(QKeySequence.StandardKey.Find)
    ]
    find.activated.emit()
    assert reports.focusWidget() is reports.query
    qtbot.keyClicks(reports.query, "DEMO-000123")
    qtbot.keyClick(reports.query, "\r")
    assert [r.id for r in reports.results] == [report_id]
    reports.table.setFocus()
    qtbot.keyClick(reports.table, Qt.Key.Key_Down)  # the first report
    with qtbot.waitSignal(window.sig_report_opened, timeout=30000):
        qtbot.keyClick(reports.table, "\r")
    assert window.workspace is not None and window.tabs.currentWidget() is window.workspace
