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
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from radreport.domain.report import ReportDocument, SignatureManifestation
from radreport.domain.rules.messages import RuleMessage, Severity
from radreport.domain.workflow import Action
from radreport.domain.workflow import signature_meaning as workflow_meaning
from radreport.qt.pdf_preview import PdfPreview, PdfPreviewDialog
from radreport.services.pdf.labels import format_datetime

__all__ = ["SignDialog", "SignSecrets", "signature_meaning"]

# the kinds of signature this dialog asks for, and the workflow action of each
_ACTIONS = {
    "final": Action.SIGN_FINAL,
    "preliminary": Action.SIGN_PRELIMINARY,
    "addendum": Action.ADDEND,
}
KINDS = tuple(_ACTIONS)


def signature_meaning(lang: str, kind: str = "final") -> str:
    """The printed meaning of a signature of this kind, in the report language."""
    return workflow_meaning(_ACTIONS[kind], lang)


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
        kind: str = "final",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        if kind not in KINDS:
            raise ValueError(f"unknown signature kind {kind!r}")
        self.kind = kind
        self.setWindowTitle(
            self.tr("Sign an addendum") if kind == "addendum" else self.tr("Sign the report")
        )
        self.setModal(True)
        self._clock = clock or (lambda: dt.datetime.now().astimezone())
        self._signer = signer_name
        self._credentials = credentials
        self._meaning = signature_meaning(language, kind)
        self._document = document
        self._errors = [m for m in messages if m.severity is Severity.ERROR]
        self._lang = language
        self._signed_at: dt.datetime | None = None
        self._preview: PdfPreviewDialog | None = None

        intro = QLabel(
            {
                "final": self.tr(
                    "By signing, you confirm that you reviewed this report and that it is final. "
                    "The following will be recorded with the signature:"
                ),
                "preliminary": self.tr(
                    "By signing, you confirm that you reviewed this report. It becomes a "
                    "preliminary report, to be reviewed and signed by a radiologist. "
                    "The following will be recorded with the signature:"
                ),
                "addendum": self.tr(
                    "The signed report never changes: the addendum is appended to it, "
                    "signed, and sent with it from now on. "
                    "The following will be recorded with the signature:"
                ),
            }[kind]
        )
        intro.setWordWrap(True)
        # an addendum's text is typed here (plain text: markup stays text in the PDF)
        self.addendum_edit = QPlainTextEdit()
        self.addendum_edit.setTabChangesFocus(True)
        self.addendum_edit.setPlaceholderText(self.tr("Text of the addendum"))
        self.addendum_edit.setVisible(kind == "addendum")
        self.addendum_edit.textChanged.connect(self._update_buttons)
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

        form = QWidget()
        layout = QVBoxLayout(form)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(intro)
        layout.addWidget(self.addendum_edit, 1)
        layout.addLayout(manifest)
        layout.addSpacing(8)
        layout.addLayout(auth)
        layout.addWidget(self.error_label)
        layout.addStretch(0 if kind == "addendum" else 1)
        layout.addWidget(self.buttons)
        outer = QHBoxLayout(self)
        outer.addWidget(form, 2)
        # the PDF as it will be signed, beside the fields: read it before typing the secrets
        self.inline_preview: PdfPreview | None = None
        if document is not None:
            self.inline_preview = PdfPreview()
            self.inline_preview.setMinimumWidth(460)
            outer.addWidget(self.inline_preview, 3)
            self.inline_preview.render_document(document)
            self.resize(1180, 820)

        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._update_time)
        self._tick.start()
        self._update_time()
        self._update_buttons()
        # keyboard first: type the password (or the addendum) right away
        self._first_field().setFocus()

    # ------------------------------------------------------------------ API
    def can_sign(self) -> bool:
        return (
            not self._errors
            and bool(self.password_edit.text())
            and bool(self.passphrase_edit.text())
            and (self.kind != "addendum" or bool(self.addendum_text()))
        )

    def addendum_text(self) -> str:
        return self.addendum_edit.toPlainText().strip()

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
            self._first_field().setFocus()

    # -------------------------------------------------------------- private
    def _first_field(self) -> QWidget:
        if self.kind == "addendum" and not self.addendum_text():
            return self.addendum_edit
        return self.password_edit

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
        elif self.kind == "addendum" and not self.addendum_text():
            self.sign_button.setToolTip(self.tr("Type the addendum first."))
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
