"""The app with the report store: sign in, save, autosave, restore after a crash, sign."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from qt_helpers import PASSWORD, open_demo

from radreport.domain.report import ReportStatus
from radreport.qt.login_dialog import LoginDialog
from radreport.qt.main_window import MainWindow
from radreport.services.demo_study import write_demo_study
from radreport.services.pdf import make_demo_identity, verify_pdf
from radreport.services.store import Actor, Store


def test_login_dialog(qtbot: QtBot, store: Store) -> None:
    dialog = LoginDialog(store)
    qtbot.addWidget(dialog)
    dialog.login.setText("rad")
    dialog.password.setText("wrong")
    assert not dialog.try_login() and dialog.actor is None
    assert dialog.problem.isVisibleTo(dialog) and dialog.password.text() == ""
    dialog.password.setText(PASSWORD)
    assert dialog.try_login() and dialog.actor is not None
    assert dialog.actor.full_name == "Dr Anne Roy" and dialog.password.text() == ""


def test_save_crash_restore_then_sign(
    qtbot: QtBot, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_demo_study(tmp_path / "demo")
    rad: Actor = store.authenticate("rad", PASSWORD)
    window = MainWindow(store=store, actor=rad)
    qtbot.addWidget(window)
    open_demo(qtbot, window, tmp_path / "demo")
    ws = window.new_report()
    assert ws is not None and ws.form is not None and ws.drafts is not None
    ws.form.apply_normal_preset()
    assert ws.save()
    report_id = ws.drafts.report_id
    assert report_id is not None
    assert store.get_report(rad, report_id).status is ReportStatus.DRAFT
    assert not ws.template_box.isEnabled()  # the draft is of this template now
    # typed after the save, then autosaved, then the workstation crashes
    ws.form.focus_field("indication")
    ws.form.focusWidget().insertPlainText("UMN and LMN signs in the arms")  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: ws._dirty)
    assert ws.autosave()
    window.close()

    again = MainWindow(store=store, actor=rad)
    qtbot.addWidget(again)
    open_demo(qtbot, again, tmp_path / "demo")
    restored = again.new_report()
    assert restored is not None and restored.form is not None and restored.drafts is not None
    assert restored.drafts.report_id == report_id
    assert restored.form.answers()["indication"] == "UMN and LMN signs in the arms"

    # sign in the background with the demo identity
    identity = tmp_path / "roy.p12"
    make_demo_identity("Dr Anne Roy", identity, b"key-pass-1")
    with qtbot.waitSignal(restored.sig_signed, timeout=60000):
        restored.start_signing(PASSWORD, identity, "key-pass-1")
    assert store.get_report(rad, report_id).status is ReportStatus.FINAL
    assert not restored.save_button.isEnabled() and not restored.form_area.isEnabled()
    pdf = store.export_pdf(rad, report_id)
    assert verify_pdf(pdf, trust=[identity.with_name("roy.ca.pem")]).ok


def test_wrong_password_at_signing_is_refused(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    write_demo_study(tmp_path / "demo")
    rad = store.authenticate("rad", PASSWORD)
    window = MainWindow(store=store, actor=rad)
    qtbot.addWidget(window)
    open_demo(qtbot, window, tmp_path / "demo")
    ws = window.new_report()
    assert ws is not None and ws.form is not None
    ws.form.apply_normal_preset()
    ws.form.set_answers({**ws.form.answers(), "indication": "Query ALS"})
    identity = tmp_path / "roy.p12"
    make_demo_identity("Dr Anne Roy", identity, b"key-pass-1")
    with qtbot.waitSignal(ws.sig_signed, timeout=2000, raising=False) as blocker:
        ws.start_signing("not my password", identity, "key-pass-1")
        qtbot.waitUntil(lambda: ws._signing is None, timeout=60000)
    assert not blocker.signal_triggered
    assert "Not signed" in ws.state_label.text()
    assert ws.drafts is not None and ws.drafts.report_id is not None
    assert store.get_report(rad, ws.drafts.report_id).status is ReportStatus.DRAFT
    assert ws.save_button.isEnabled()  # the radiologist can go on


def test_pdf_preview_of_the_report_being_written(qtbot: QtBot, tmp_path: Path) -> None:
    write_demo_study(tmp_path / "demo")
    window = MainWindow()
    qtbot.addWidget(window)
    open_demo(qtbot, window, tmp_path / "demo")
    ws = window.new_report()
    assert ws is not None and ws.form is not None
    ws.form.apply_normal_preset()
    dialog = ws.preview_pdf()
    assert dialog is not None
    with qtbot.waitSignal(dialog.preview.sig_loaded, timeout=60000) as loaded:
        pass
    assert loaded.args is not None and loaded.args[0] >= 1  # pages
    data = dialog.preview.pdf_bytes()
    assert data.startswith(b"%PDF")
    doc = ws.document()
    assert doc is not None and doc.banner.patient_name.startswith("TREMBLAY")


def test_secretary_finds_previews_exports_and_records_delivery(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    from radreport.services.drafts import DraftSession
    from radreport.services.scanner import scan_paths
    from radreport.services.templates import load_template, preset_answers

    rad = store.authenticate("rad", PASSWORD)
    write_demo_study(tmp_path / "demo")
    study = scan_paths([tmp_path / "demo"]).studies[0]
    identity = tmp_path / "roy.p12"
    make_demo_identity("Dr Anne Roy", identity, b"key-pass-1")
    answers = {**preset_answers(load_template("brain"), "normal"), "indication": "Query ALS"}
    DraftSession(store, rad, study, "brain", "en").sign(
        answers, None, password=PASSWORD, identity_path=identity, passphrase="key-pass-1"
    )

    sec = store.authenticate("sec", PASSWORD)
    window = MainWindow(store=store, actor=sec)
    qtbot.addWidget(window)
    window.show()
    assert not window.new_report_action.isVisible()  # no writing control for a secretary
    reports = window.reports
    assert reports is not None
    window.tabs.setCurrentWidget(reports)
    reports.query.setText("TREMBLAY")
    assert len(reports.search()) == 1
    with qtbot.waitSignal(reports.preview.sig_loaded, timeout=30000):
        reports.table.selectRow(0)
    out = tmp_path / "out"
    out.mkdir()
    reports.recipient.setText("Dr Gagnon, neurology")
    with qtbot.waitSignal(reports.sig_export_finished, timeout=60000) as done:
        reports.export_to(out)
    assert done.args is not None
    ((_, path),) = done.args[0]
    assert verify_pdf(Path(path), trust=[identity.with_name("roy.ca.pem")]).ok
    assert reports.record_delivery()
    view = store.get_report(sec, reports.results[0].id)
    assert len(view.deliveries) == 2  # the export and the recorded delivery


def test_the_radiologist_flow_of_the_issue_end_to_end(
    qtbot: QtBot, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Open the demo study, choose the brain template, normal preset, type an indication,
    sign in the sign dialog (keyboard), export from the worklist, verify the PDF with
    the app's verifier and, when installed, poppler's pdfsig and qpdf."""
    import shutil
    import subprocess

    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from radreport.qt.sign_dialog import SignDialog
    from radreport.services.settings import Settings, save_settings

    monkeypatch.setenv("RADREPORT_CONFIG_DIR", str(tmp_path / "config"))
    identity = tmp_path / "roy.p12"
    make_demo_identity("Dr Anne Roy", identity, b"key-pass-1")
    save_settings(Settings(signing_identity=str(identity), report_language="en"))
    write_demo_study(tmp_path / "demo")
    window = MainWindow(store=store, actor=store.authenticate("rad", PASSWORD))
    qtbot.addWidget(window)
    open_demo(qtbot, window, tmp_path / "demo")
    ws = window.new_report()
    assert ws is not None
    ws.template_box.setCurrentIndex(ws.template_box.findData("brain"))
    assert ws.form is not None and ws.template_id == "brain"
    ctrl_alt = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    qtbot.keyClick(ws.form, Qt.Key.Key_N, ctrl_alt)  # the normal preset
    assert ws.form.focus_field("indication")
    qtbot.keyClicks(ws.form.focusWidget(), "Fasciculations of both hands; query ALS")

    seen: list[SignDialog] = []

    def fill_the_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, SignDialog):
            QTimer.singleShot(20, fill_the_dialog)
            return
        seen.append(dialog)
        assert dialog.inline_preview is not None  # the PDF is shown beside the fields
        qtbot.keyClicks(dialog.password_edit, PASSWORD)
        qtbot.keyClicks(dialog.passphrase_edit, "key-pass-1")
        qtbot.keyClick(dialog.passphrase_edit, Qt.Key.Key_Return)

    QTimer.singleShot(0, fill_the_dialog)
    with qtbot.waitSignal(ws.sig_signed, timeout=60000):
        ws.sign()
    assert seen and seen[0].meaning_label.text() == "Final report, electronically signed"

    reports = window.reports
    assert reports is not None
    window.tabs.setCurrentWidget(reports)
    reports.query.setText("fasciculations")
    assert len(reports.search()) == 1 and reports.results[0].status is ReportStatus.FINAL
    reports.table.selectRow(0)
    out = tmp_path / "out"
    out.mkdir()
    with qtbot.waitSignal(reports.sig_export_finished, timeout=60000) as done:
        reports.export_to(out)
    assert done.args is not None
    ((_, path),) = done.args[0]
    report = verify_pdf(Path(path), trust=[identity.with_name("roy.ca.pem")])
    assert report.ok and report.signatures[0].signer == "Dr Anne Roy"
    if shutil.which("pdfsig"):
        checked = subprocess.run(["pdfsig", path], capture_output=True, text=True, check=False)
        assert "Signature Validation: Signature is Valid." in checked.stdout
    if shutil.which("qpdf"):
        assert subprocess.run(["qpdf", "--check", path], capture_output=True).returncode == 0
