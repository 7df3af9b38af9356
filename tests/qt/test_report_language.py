"""EN/FR report switching in the report workspace: what is on screen is what is saved and signed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from qt_helpers import PASSWORD

from radreport.domain.report import ReportStatus
from radreport.qt.jobs import running_jobs
from radreport.qt.main_window import MainWindow
from radreport.services.demo_study import write_demo_study
from radreport.services.pdf import make_demo_identity, verify_pdf
from radreport.services.store import Store


def test_switching_to_french_after_a_save_is_what_gets_signed(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    write_demo_study(tmp_path / "demo")
    rad = store.authenticate("rad", PASSWORD)
    window = MainWindow(store=store, actor=rad)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.sig_scan_finished, timeout=30000):
        window.start_scan([str(tmp_path / "demo")])
    qtbot.waitUntil(lambda: running_jobs() == 0, timeout=30000)
    ws = window.new_report()
    assert ws is not None and ws.form is not None and ws.drafts is not None
    ws.template_box.setCurrentIndex(ws.template_box.findData("brain"))
    ws.form.apply_normal_preset()
    ws.form.set_answers({**ws.form.answers(), "indication": "Fasciculations; query ALS"})
    assert ws.save()
    assert ws.report is not None and ws.report.language == "en"
    saved_answers = ws.form.answers()

    qtbot.mouseClick(ws.view._lang_buttons["fr"], Qt.MouseButton.LeftButton)
    assert ws.lang == "fr" and ws.report is not None and ws.report.language == "fr"
    assert ws.form.answers() == saved_answers  # switching never loses an answer
    assert "Renseignements cliniques" in ws.view.shown_text()
    french = ws.report.plain_text()
    assert "Fasciculations; query ALS" in french and french != ""
    assert ws.save()
    assert ws.drafts.report_id is not None
    view = store.get_report(rad, ws.drafts.report_id)
    assert view.summary.language == "fr" and view.plain_text == french

    identity = tmp_path / "roy.p12"
    make_demo_identity("Dr Anne Roy", identity, b"key-pass-1")
    with qtbot.waitSignal(ws.sig_signed, timeout=60000):
        ws.start_signing(PASSWORD, identity, "key-pass-1")
    view = store.get_report(rad, ws.drafts.report_id)
    assert view.status is ReportStatus.FINAL and view.plain_text == french
    assert view.signatures[0].meaning == "Rapport final, signé électroniquement"
    pdf = store.export_pdf(rad, ws.drafts.report_id)
    assert verify_pdf(pdf, trust=[identity.with_name("roy.ca.pem")]).ok
