"""The settings dialog: edits :class:`radreport.services.settings.Settings`."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from radreport.qt.appearance import apply_language, apply_theme
from radreport.services.settings import Settings, load_settings, save_settings


class SettingsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.settings, problems = load_settings()
        form = QFormLayout(self)
        self.ui_language = self._combo(
            [("en", "English"), ("fr", "Français")], self.settings.ui_language
        )
        self.report_language = self._combo(
            [("en", "English"), ("fr", "Français")], self.settings.report_language
        )
        self.theme = self._combo(
            [("light", self.tr("Light")), ("dark", self.tr("Dark (reading room)"))],
            self.settings.theme,
        )
        self.letterhead = self._path_row(self.settings.letterhead, self.tr("Letterhead file"))
        self.identity = self._path_row(self.settings.signing_identity, self.tr("Signing identity"))
        self.tsa_url = QLineEdit(self.settings.tsa_url)
        self.tsa_url.setPlaceholderText(self.tr("none: signatures without a trusted time stamp"))
        self.database_url = QLineEdit(self.settings.database_url)
        self.database_url.setPlaceholderText(self.tr("empty: this workstation's own database"))
        form.addRow(self.tr("Interface language"), self.ui_language)
        form.addRow(self.tr("Default report language"), self.report_language)
        form.addRow(self.tr("Theme"), self.theme)
        form.addRow(self.tr("Letterhead (PDF)"), self.letterhead[0])
        form.addRow(self.tr("Signing identity (.p12)"), self.identity[0])
        form.addRow(self.tr("Time-stamp authority URL"), self.tsa_url)
        form.addRow(self.tr("Database URL"), self.database_url)
        if problems:
            note = QLabel(
                self.tr("Some saved settings were invalid and were reset:")
                + "\n"
                + "\n".join(problems)
            )
            note.setWordWrap(True)
            form.addRow(note)
        self.problem_label = QLabel()  # problems are shown here, not in a blocking pop-up
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet("color: #d1242f")
        self.problem_label.hide()
        form.addRow(self.problem_label)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _combo(self, items: list[tuple[str, str]], current: str) -> QComboBox:
        box = QComboBox()
        for value, label in items:
            box.addItem(label, value)
        box.setCurrentIndex(max(0, box.findData(current)))
        return box

    def _path_row(self, value: str, title: str) -> tuple[QWidget, QLineEdit]:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        edit = QLineEdit(value)
        browse = QPushButton(self.tr("Browse..."))
        browse.clicked.connect(lambda: self._browse(edit, title))
        layout.addWidget(edit, 1)
        layout.addWidget(browse)
        return row, edit

    def _browse(self, edit: QLineEdit, title: str) -> None:
        path, _ = QFileDialog.getOpenFileName(self, title, edit.text())
        if path:
            edit.setText(path)

    def values(self) -> Settings:
        return Settings(
            ui_language=str(self.ui_language.currentData()),
            report_language=str(self.report_language.currentData()),
            theme=str(self.theme.currentData()),
            letterhead=self.letterhead[1].text().strip(),
            signing_identity=self.identity[1].text().strip(),
            tsa_url=self.tsa_url.text().strip(),
            database_url=self.database_url.text().strip(),
            recent_folders=self.settings.recent_folders,
        )

    def save(self) -> None:
        new = self.values()
        problems = new.validate()
        if not problems:
            try:
                save_settings(new)
            except OSError as exc:
                problems = [self.tr("The settings could not be saved: {error}").format(error=exc)]
        if problems:
            self.problem_label.setText("\n".join(problems))
            self.problem_label.show()
            return
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, new.theme)
            if new.ui_language != self.settings.ui_language:
                apply_language(app, new.ui_language)
        self.settings = new
        self.accept()
