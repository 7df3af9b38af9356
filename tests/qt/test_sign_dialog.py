"""Sign dialog: manifestation shown, re-authentication, blocked on errors, PDF preview."""

from __future__ import annotations

import datetime as dt
import gc
import os
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from radreport.domain.rules.messages import RuleMessage, Severity
from radreport.qt.sign_dialog import SignDialog, signature_meaning
from radreport.qt.watchdog import StallMonitor
from radreport.services.pdf.samples import sample_document

MONTREAL = ZoneInfo("America/Montreal")
NOW = dt.datetime(2026, 3, 14, 16, 42, 7, 123456, tzinfo=MONTREAL)
ERROR = RuleMessage(
    "consistency.required_field_empty",
    Severity.ERROR,
    ("indication",),
    "Required field left empty.",
    "Champ obligatoire non rempli.",
)
WARNING = RuleMessage("t.w", Severity.WARNING, (), "A warning.", "Un avertissement.")


def _dialog(qtbot: QtBot, **kwargs: object) -> SignDialog:
    kwargs.setdefault("clock", lambda: NOW)
    dialog = SignDialog("Dre Hélène Côté-Laframboise", "M.D., FRCPC", **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    return dialog


def test_shows_the_manifestation_in_the_report_language(qtbot: QtBot) -> None:
    d = _dialog(qtbot, language="fr")
    assert d.name_label.text() == "Dre Hélène Côté-Laframboise, M.D., FRCPC"
    assert d.meaning_label.text() == "Rapport final, signé électroniquement"
    assert d.time_label.text() == "2026-03-14 16:42 EDT (UTC−04:00)"
    assert signature_meaning("en-CA") == "Final report, electronically signed"
    assert d.password_edit.echoMode() == d.password_edit.EchoMode.Password
    assert d.passphrase_edit.echoMode() == d.passphrase_edit.EchoMode.Password
    if os.environ.get("RADREPORT_SHOT_DIR"):
        d.grab().save(str(Path(os.environ["RADREPORT_SHOT_DIR"]) / "sign-dialog.png"))


def test_sign_enabled_only_with_both_secrets_typed(qtbot: QtBot) -> None:
    d = _dialog(qtbot, messages=[WARNING])  # warnings do not block
    assert not d.sign_button.isEnabled()
    assert d.focusWidget() is d.password_edit, d.focusWidget()
    qtbot.keyClicks(d.password_edit, "s3cret&<pw>")
    assert not d.sign_button.isEnabled()
    qtbot.keyClick(d.password_edit, Qt.Key.Key_Tab)
    assert d.focusWidget() is d.passphrase_edit
    qtbot.keyClicks(d.passphrase_edit, "key pass")
    assert d.sign_button.isEnabled()
    qtbot.keyClick(d.passphrase_edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(d.passphrase_edit, "s")
    with qtbot.waitSignal(d.accepted, timeout=1000):
        qtbot.keyClick(d.passphrase_edit, Qt.Key.Key_Return)
    assert d.result() == QDialog.DialogCode.Accepted
    m = d.manifestation()
    assert m.signer_name == "Dre Hélène Côté-Laframboise" and m.credentials == "M.D., FRCPC"
    assert m.meaning == "Final report, electronically signed"
    assert m.signed_at == NOW.replace(microsecond=0) and m.signed_at.tzinfo is not None
    secrets = d.take_secrets()
    assert (secrets.password, secrets.passphrase) == ("s3cret&<pw>", "key pass")
    assert "s3cret" not in repr(secrets)
    # handed out once: the dialog keeps nothing
    assert d.password_edit.text() == "" and d.passphrase_edit.text() == ""
    assert d.take_secrets().password == ""


def test_errors_block_signing(qtbot: QtBot) -> None:
    d = _dialog(qtbot, messages=[WARNING, ERROR], language="fr")
    assert d.blocked()
    assert d.error_label.isVisible()
    assert "Champ obligatoire non rempli." in d.error_label.text()
    assert "Un avertissement." not in d.error_label.text()
    qtbot.keyClicks(d.password_edit, "pw")
    qtbot.keyClicks(d.passphrase_edit, "pp")
    assert not d.sign_button.isEnabled()
    with qtbot.assertNotEmitted(d.accepted):
        qtbot.keyClick(d.passphrase_edit, Qt.Key.Key_Return)
        d.accept()
    assert d.isVisible()


def test_cancel_clears_the_fields(qtbot: QtBot) -> None:
    d = _dialog(qtbot)
    qtbot.keyClicks(d.password_edit, "pw")
    qtbot.keyClicks(d.passphrase_edit, "pp")
    with qtbot.waitSignal(d.rejected, timeout=1000):
        qtbot.keyClick(d, Qt.Key.Key_Escape)
    assert d.password_edit.text() == "" and d.passphrase_edit.text() == ""


def test_time_shown_is_live_until_signing(qtbot: QtBot) -> None:
    times = [NOW]
    d = _dialog(qtbot, clock=lambda: times[-1])
    times.append(NOW + dt.timedelta(minutes=3))
    qtbot.waitUntil(lambda: "16:45" in d.time_label.text(), timeout=3000)


def test_preview_pdf_renders_in_the_background(
    qtbot: QtBot, request: pytest.FixtureRequest
) -> None:
    d = _dialog(qtbot, document=sample_document("fr", signed=False), language="fr")
    # A full (gen2) garbage collection of this test session's big heap takes ~100 ms and
    # blocks every thread, whichever triggers it.  Freeze what earlier tests left (as the
    # app should freeze its start-up heap) so the check measures the preview itself.
    gc.collect()
    gc.freeze()
    request.addfinalizer(gc.unfreeze)
    monitor = StallMonitor(threshold_ms=100)
    monitor.start()
    with qtbot.waitSignal(d.sig_preview_requested, timeout=1000):
        qtbot.mouseClick(d.preview_button, Qt.MouseButton.LeftButton)
    preview = d.preview_dialog()
    assert preview is not None and preview.isVisible()
    qtbot.waitUntil(lambda: preview.preview.page_count() >= 1, timeout=30000)
    assert monitor.stop() == []
    if os.environ.get("RADREPORT_SHOT_DIR"):
        preview.grab().save(str(Path(os.environ["RADREPORT_SHOT_DIR"]) / "sign-preview.png"))


def test_the_pdf_to_be_signed_is_shown_beside_the_password_fields(
    qtbot: QtBot, tmp_path: Path
) -> None:
    d = _dialog(qtbot, document=sample_document("en", signed=False))
    preview = d.inline_preview
    assert preview is not None and preview.isVisible()
    qtbot.waitUntil(lambda: preview.page_count() >= 1, timeout=30000)
    assert d.focusWidget() is d.password_edit  # reading it does not take the focus away
    assert d.width() >= 1000  # room for a readable page
    d.grab().save(str(tmp_path / "sign.png"))
    if os.environ.get("RADREPORT_SHOT_DIR"):
        d.grab().save(str(Path(os.environ["RADREPORT_SHOT_DIR"]) / "sign-dialog.png"))


def test_a_resident_signs_preliminary(qtbot: QtBot) -> None:
    d = _dialog(qtbot, kind="preliminary")
    assert d.meaning_label.text() == "Preliminary report, electronically signed"
    assert signature_meaning("fr", "preliminary") == "Rapport préliminaire, signé électroniquement"
    assert d.inline_preview is None and not d.addendum_edit.isVisible()
    with pytest.raises(ValueError, match="kind"):
        SignDialog("x", "", kind="countersign")
