"""Sign in to the report store (the workstation's SQLite, or the department's server)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from radreport.services.store import Actor, AuthenticationFailed, Store


class LoginDialog(QDialog):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.actor: Actor | None = None
        self.setWindowTitle(self.tr("Sign in"))
        form = QFormLayout(self)
        self.login = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("&User name:"), self.login)
        form.addRow(self.tr("&Password:"), self.password)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #d1242f")
        self.problem.hide()
        form.addRow(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def try_login(self) -> bool:
        try:
            self.actor = self.store.authenticate(self.login.text().strip(), self.password.text())
        except AuthenticationFailed:
            self.problem.setText(self.tr("Unknown user name or wrong password."))
            self.problem.show()
            self.password.clear()
            return False
        finally:
            if self.actor is not None:
                self.password.clear()  # never keep the password around
        self.accept()
        return True
