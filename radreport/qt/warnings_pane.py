"""The warnings pane: consistency and protocol messages of the current report.

Errors first (they block signing), then warnings, then notes; each line has a
severity icon and colour and the text in the report language.  Clicking a line
(or Enter on it) emits the form fields it concerns so the form can focus them.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from radreport.domain.rules.messages import RuleMessage, Severity

__all__ = ["WarningsPane", "severity_counts"]

_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
# Darkish hues that stay legible on light and dark backgrounds.
_COLOURS = {
    Severity.ERROR: QColor(214, 48, 49),
    Severity.WARNING: QColor(206, 130, 0),
    Severity.INFO: QColor(41, 128, 185),
}
_FIELDS_ROLE = Qt.ItemDataRole.UserRole + 1
_CODE_ROLE = Qt.ItemDataRole.UserRole + 2


def severity_counts(messages: Sequence[RuleMessage]) -> dict[Severity, int]:
    counts = dict.fromkeys(Severity, 0)
    for m in messages:
        counts[m.severity] += 1
    return counts


class WarningsPane(QWidget):
    sig_warning_clicked = Signal(tuple)  # field ids of the clicked message

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._messages: list[RuleMessage] = []
        self._lang = "en"
        self.summary = QLabel()
        font = self.summary.font()
        font.setBold(True)
        self.summary.setFont(font)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        self.list.setAlternatingRowColors(False)
        self.list.itemClicked.connect(self._on_item)
        self.list.itemActivated.connect(self._on_item)  # Enter / double-click
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        style = self.style()
        self._icons: dict[Severity, QIcon] = {
            Severity.ERROR: style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical),
            Severity.WARNING: style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning),
            Severity.INFO: style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation),
        }
        self._refresh()

    def set_messages(self, messages: Sequence[RuleMessage], lang: str | None = None) -> None:
        """Show ``messages`` (text in ``lang``, or the current language)."""
        if lang is not None:
            self._lang = lang
        # stable sort: same-severity messages keep the rules' order
        self._messages = sorted(messages, key=lambda m: _ORDER[m.severity])
        self._refresh()

    def set_language(self, lang: str) -> None:
        self._lang = lang
        self._refresh()

    def messages(self) -> list[RuleMessage]:
        return list(self._messages)

    def counts(self) -> dict[Severity, int]:
        return severity_counts(self._messages)

    def has_errors(self) -> bool:
        return self.counts()[Severity.ERROR] > 0

    def summary_text(self) -> str:
        return self.summary.text()

    def _refresh(self) -> None:
        self.list.clear()
        names = {
            Severity.ERROR: self.tr("Error"),
            Severity.WARNING: self.tr("Warning"),
            Severity.INFO: self.tr("Note"),
        }
        for m in self._messages:
            item = QListWidgetItem(self._icons[m.severity], m.text(self._lang))
            item.setForeground(_COLOURS[m.severity])
            item.setData(_FIELDS_ROLE, list(m.fields))
            item.setData(_CODE_ROLE, m.code)
            tip = names[m.severity]
            if m.fields:
                tip += " \u2014 " + self.tr("fields: {fields}").format(fields=", ".join(m.fields))
            item.setToolTip(tip)
            self.list.addItem(item)
        c = self.counts()
        parts = []
        if c[Severity.ERROR]:
            n = c[Severity.ERROR]
            parts.append(self.tr("1 error") if n == 1 else self.tr("{n} errors").format(n=n))
        if c[Severity.WARNING]:
            n = c[Severity.WARNING]
            parts.append(self.tr("1 warning") if n == 1 else self.tr("{n} warnings").format(n=n))
        if c[Severity.INFO]:
            n = c[Severity.INFO]
            parts.append(self.tr("1 note") if n == 1 else self.tr("{n} notes").format(n=n))
        self.summary.setText(", ".join(parts) if parts else self.tr("No warnings"))
        colour = _COLOURS[Severity.ERROR] if c[Severity.ERROR] else None
        self.summary.setStyleSheet(f"color: {colour.name()};" if colour else "")

    def _on_item(self, item: QListWidgetItem) -> None:
        fields = item.data(_FIELDS_ROLE) or []
        self.sig_warning_clicked.emit(tuple(str(f) for f in fields))
