"""The sign dialog: what the signature means, re-authentication, PDF preview.

It shows the manifestation the signed report will carry (21 CFR 11.50: signer's
printed name and credentials, the meaning of the signature, the date and time
with its time zone), asks for the user's password (re-authentication, 11.200)
and the signing key's passphrase.  The secrets are handed out once by
:meth:`SignDialog.take_secrets` and the fields are cleared; nothing is kept.
Error-level warnings block signing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from radreport.domain.report import ReportDocument, SignatureManifestation
from radreport.domain.rules.messages import RuleMessage, Severity
from radreport.qt.pdf_preview import PdfPreviewDialog
from radreport.services.pdf.labels import format_datetime

__all__ = ["SignDialog", "SignSecrets", "signature_meaning"]

_MEANING = {
    "en": "Final report, electronically signed",
    "fr": "Rapport final, signé électroniquement",
}


def signature_meaning(lang: str) -> str:
    """The printed meaning of a final signature, in the report language."""
    return _MEANING["fr" if lang.lower().startswith("fr") else "en"]


@dataclass(frozen=True, slots=True)
class SignSecrets:
    password: str  # re-authentication of the logged-in user
    passphrase: str  # unlocks the signing key

    def __repr__(self) -> str:  # never print secrets in logs or tracebacks
        return "SignSecrets(password=***, passphrase=***)"


class SignDialog(QDialog):
    """Ask for re-authentication before signing; show what will be recorded."""

    sig_preview_requested = Signal()

    def __init__(
        self,
        signer_name: str,
        credentials: str,
        *,
        language: str = "en",
        messages: Sequence[RuleMessage] = (),
        document: ReportDocument | None = None,
        clock: Callable[[], dt.datetime] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sign the report"))
        self.setModal(True)
        self._clock = clock or (lambda: dt.datetime.now().astimezone())
        self._signer = signer_name
        self._credentials = credentials
        self._meaning = signature_meaning(language)
        self._document = document
        self._errors = [m for m in messages if m.severity is Severity.ERROR]
        self._lang = language
        self._signed_at: dt.datetime | None = None
        self._preview: PdfPreviewDialog | None = None

        intro = QLabel(
            self.tr(
                "By signing, you confirm that you reviewed this report and that it is final. "
                "The following will be recorded with the signature:"
            )
        )
        intro.setWordWrap(True)
        self.name_label = QLabel()
        self.name_label.setTextFormat(Qt.TextFormat.PlainText)
        self.name_label.setText(f"{signer_name}, {credentials}" if credentials else signer_name)
        self.meaning_label = QLabel(self._meaning)
        self.meaning_label.setTextFormat(Qt.TextFormat.PlainText)
        self.time_label = QLabel()
        manifest = QFormLayout()
        manifest.addRow(self.tr("Signer:"), self.name_label)
        manifest.addRow(self.tr("Meaning:"), self.meaning_label)
        manifest.addRow(self.tr("Date and time:"), self.time_label)

        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("Your RadReport password"))
        self.passphrase_edit = QLineEdit()
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_edit.setPlaceholderText(self.tr("Passphrase of your signing key"))
        for e in (self.password_edit, self.passphrase_edit):
            e.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
            e.textChanged.connect(self._update_buttons)
        auth = QFormLayout()
        auth.addRow(self.tr("&Password:"), self.password_edit)
        auth.addRow(self.tr("Key pass&phrase:"), self.passphrase_edit)

        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setStyleSheet("color: #d63031; font-weight: bold;")
        if self._errors:
            lines = [self.tr("Signing is blocked until these errors are corrected:")]
            lines += ["\u2022 " + m.text(language) for m in self._errors]
            self.error_label.setText("\n".join(lines))
        self.error_label.setVisible(bool(self._errors))

        self.buttons = QDialogButtonBox()
        self.sign_button = self.buttons.addButton(
            self.tr("&Sign"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.preview_button = QPushButton(self.tr("Preview P&DF"))
        self.buttons.addButton(self.preview_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.preview_button.clicked.connect(self._on_preview)
        self.preview_button.setAutoDefault(False)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(manifest)
        layout.addSpacing(8)
        layout.addLayout(auth)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._update_time)
        self._tick.start()
        self._update_time()
        self._update_buttons()
        self.password_edit.setFocus()  # keyboard first: type the password right away

    # ------------------------------------------------------------------ API
    def can_sign(self) -> bool:
        return (
            not self._errors
            and bool(self.password_edit.text())
            and bool(self.passphrase_edit.text())
        )

    def blocked(self) -> bool:
        """True when error-level warnings forbid signing."""
        return bool(self._errors)

    def manifestation(self) -> SignatureManifestation:
        """What the signature will record; the time is fixed when the user clicks Sign."""
        return SignatureManifestation(
            signer_name=self._signer,
            credentials=self._credentials,
            meaning=self._meaning,
            signed_at=self._signed_at or self._clock(),
        )

    def take_secrets(self) -> SignSecrets:
        """The password and passphrase, once: the fields are cleared afterwards."""
        secrets = SignSecrets(self.password_edit.text(), self.passphrase_edit.text())
        self._wipe()
        return secrets

    def accept(self) -> None:
        if not self.can_sign():
            return  # Enter in a field must not sign a blocked or incomplete dialog
        self._signed_at = self._clock().replace(microsecond=0)
        self._tick.stop()
        super().accept()

    def reject(self) -> None:
        self._wipe()
        super().reject()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.passphrase_edit.hasFocus():
            self.password_edit.setFocus()

    # -------------------------------------------------------------- private
    def _wipe(self) -> None:
        for e in (self.password_edit, self.passphrase_edit):
            e.clear()

    def _update_time(self) -> None:
        now = self._signed_at or self._clock()
        self.time_label.setText(format_datetime(now))

    def _update_buttons(self) -> None:
        self.sign_button.setEnabled(self.can_sign())
        if self._errors:
            self.sign_button.setToolTip(self.tr("Correct the errors listed first."))
        elif not self.can_sign():
            self.sign_button.setToolTip(self.tr("Enter your password and key passphrase."))
        else:
            self.sign_button.setToolTip("")

    def _on_preview(self) -> None:
        self.sig_preview_requested.emit()
        if self._document is None:
            return
        if self._preview is None:
            self._preview = PdfPreviewDialog(self, self.tr("PDF preview before signing"))
        self._preview.preview.render_document(self._document)
        self._preview.show()
        self._preview.raise_()

    def preview_dialog(self) -> PdfPreviewDialog | None:
        return self._preview
