"""The structured report form, generated from a template schema.

Keyboard first: Tab follows the visual order, Ctrl+Down / Ctrl+Up jump to the next /
previous section, pick lists and check lists search as you type (digits tick a check
list's option n), yes/no and side answers take one key (Y/N/A, R/L/B), each module has a
"normal" shortcut (Ctrl+Alt+1..9, Ctrl+Alt+M for the module holding the focus) and
Ctrl+Alt+N fills the template's normal preset.  Unanswered is a real state in every
widget: nothing is pre-filled, so "normal" only appears when the radiologist asks for it.

Visibility (``show_if``) is decided by the template engine itself
(radreport.services.form_model.visible_refs), so the form never shows a field the
report would ignore, and ``answers()`` leaves hidden fields out.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from PySide6.QtCore import (
    QAbstractAnimation,
    QEasingCurve,
    QObject,
    QPropertyAnimation,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
    QShortcut,
    QShowEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QCompleter,
    QFrame,
    QGraphicsOpacityEffect,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from radreport.domain.templates.answers import AnswerProblem
from radreport.services import form_model as fm
from radreport.services.templates import LoadedTemplate, preset_answers

log = logging.getLogger(__name__)

_INVALID_COLOUR = "#d32f2f"

# Build budget per GUI-thread slice: the form of a large template (186 fields) is built
# section by section, a few at a time from the event loop, so opening it never blocks
# the GUI thread for long (see TemplateForm).
_BUILD_SLICE_S = 0.012


def _set_font(widget: QWidget, *, weight: QFont.Weight, point_size: float = 0) -> None:
    # a font, not a per-widget style sheet: under the app's style sheet each widget with
    # its own sheet gets its own style object and costs a full re-polish
    font = widget.font()
    font.setWeight(weight)
    if point_size:
        font.setPointSizeF(point_size)
    widget.setFont(font)


def _text(label: Mapping[str, str] | None, lang: str) -> str:
    if not label:
        return ""
    return str(label.get(lang) or label.get("en") or "")


# --------------------------------------------------------------------------- editors


class _Editor(QWidget):
    """One field's input.  ``value()`` is the raw answer (None when unanswered)."""

    changed = Signal()
    local_problem = Signal(str)  # "" when the typed value is fine

    def __init__(self, spec: Mapping[str, Any], lang: str) -> None:
        super().__init__()
        self.spec = spec
        self.lang = lang
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> bool:
        """Show ``value``; False when it cannot be shown (the field is left unanswered)."""
        raise NotImplementedError

    def focus_target(self) -> QWidget:
        return self

    def tab_widgets(self) -> list[QWidget]:
        return [self.focus_target()]


class _NoWheelCombo(QComboBox):
    """Scrolling the form over a pick list must never change an answer."""

    def __init__(self) -> None:
        super().__init__()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, e: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(e)
        else:
            e.ignore()


class _ChoiceCombo(_Editor):
    """A pick list; the first entry "—" is the unanswered state.  Typing selects."""

    def __init__(self, spec: Mapping[str, Any], lang: str) -> None:
        super().__init__(spec, lang)
        self.combo = _NoWheelCombo()
        self.combo.addItem("—", None)
        for o in spec.get("options") or []:
            self.combo.addItem(_text(o["label"], lang), o["id"])
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.setMinimumContentsLength(12)
        self.combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self._layout.addWidget(self.combo)
        self._layout.addStretch(1)

    def value(self) -> Any:
        return self.combo.currentData()

    def set_value(self, value: Any) -> bool:
        index = 0 if value is None else self.combo.findData(value)
        self.combo.setCurrentIndex(max(index, 0))
        return index >= 0

    def focus_target(self) -> QWidget:
        return self.combo


_KEYS = {
    "yes_no": {"y": "yes", "o": "yes", "n": "no", "a": "not_assessed", "e": "not_assessed"},
    "side": {"r": "right", "d": "right", "l": "left", "g": "left", "b": "bilateral"},
}


class _ButtonChoice(_Editor):
    """Yes/No/Not assessed, right/left/bilateral or a short pick list as one Tab stop.

    Keys: Y/O yes, N no, A not assessed; R/D right, L/G left, B bilateral; otherwise
    the first letter of an option or its number; Left/Right move; Delete/Backspace
    clears.  Clicking the chosen button again clears it too.
    """

    def __init__(self, spec: Mapping[str, Any], lang: str) -> None:
        super().__init__(spec, lang)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setObjectName("choiceBar")
        self._layout.setContentsMargins(2, 2, 2, 2)
        self._options: list[str] = []
        self._buttons: list[_ChoiceButton] = []
        self._current: str | None = None
        keys = _KEYS.get(str(spec["type"]), {})
        for n, o in enumerate(spec.get("options") or [], 1):
            b = _ChoiceButton(_text(o["label"], lang), self)
            b.clicked.connect(lambda _c=False, oid=o["id"]: self._click(oid))
            hint = [k.upper() for k, v in keys.items() if v == o["id"] and k.isalpha()]
            b.setToolTip(self.tr("Key: {keys}").format(keys=" / ".join(hint or [str(n)])))
            self._options.append(o["id"])
            self._buttons.append(b)
            self._layout.addWidget(b)
        self._layout.addStretch(1)
        self._keys = keys
        self.setAccessibleName(_text(spec.get("label"), lang))

    def value(self) -> Any:
        return self._current

    def set_value(self, value: Any) -> bool:
        if isinstance(value, bool) and self.spec["type"] == "yes_no":
            value = "yes" if value else "no"
        ok = value is None or value in self._options
        self._set(value if ok else None, emit=False)
        return ok

    def _click(self, option: str) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self._set(None if option == self._current else option)

    def _set(self, option: str | None, emit: bool = True) -> None:
        for oid, b in zip(self._options, self._buttons, strict=True):
            b.setChecked(oid == option)
        if option != self._current:
            self._current = option
            label = next(
                (
                    b.text()
                    for oid, b in zip(self._options, self._buttons, strict=True)
                    if oid == option
                ),
                self.tr("unanswered"),
            )
            self.setAccessibleDescription(label)
            if emit:
                self.changed.emit()

    def keyPressEvent(self, e: QKeyEvent) -> None:
        key, text = e.key(), e.text().lower()
        mods = e.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods not in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier):
            super().keyPressEvent(e)
            return
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self._set(None)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            i = self._options.index(self._current) if self._current in self._options else -1
            step = 1 if key == Qt.Key.Key_Right else -1
            self._set(self._options[(i + step) % len(self._options)])
        elif text and text in self._keys:
            self._set(self._keys[text])
        elif text.isdigit() and 1 <= int(text) <= len(self._options):
            self._set(self._options[int(text) - 1])
        elif text and text.isalpha():
            # type-ahead on the first letter, cycling through options that share it
            starts = [
                oid
                for oid, b in zip(self._options, self._buttons, strict=True)
                if b.text().lower().startswith(text)
            ]
            if starts:
                nxt = starts[0]
                if self._current in starts:
                    nxt = starts[(starts.index(self._current) + 1) % len(starts)]
                self._set(nxt)
        else:
            super().keyPressEvent(e)
            return
        e.accept()

    def paintEvent(self, e: QPaintEvent) -> None:
        super().paintEvent(e)
        if self.hasFocus():  # the whole bar is one Tab stop: frame it when it has the keyboard
            p = QPainter(self)
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            pen = p.pen()
            pen.setColor(self.palette().color(QPalette.ColorRole.Highlight))
            pen.setWidthF(2.0)
            p.setPen(pen)
            p.drawRoundedRect(self.rect().adjusted(1, 1, -1, -1), 4, 4)

    def focusInEvent(self, e: QFocusEvent) -> None:
        super().focusInEvent(e)
        self.update()

    def focusOutEvent(self, e: QFocusEvent) -> None:
        super().focusOutEvent(e)
        self.update()


class _ChoiceButton(QToolButton):
    """One option of a choice bar; the chosen one is filled with the highlight colour
    (painted here: a style sheet per button would cost a re-polish of each)."""

    def __init__(self, text: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setText(text)
        self.setCheckable(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.setMinimumWidth(64)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        bold = QFont(self.font())
        bold.setWeight(QFont.Weight.DemiBold)
        width = QFontMetrics(bold).horizontalAdvance(self.text()) + 22
        return QSize(max(hint.width(), width), max(hint.height(), self.fontMetrics().height() + 8))

    def paintEvent(self, e: QPaintEvent) -> None:
        if not self.isChecked():
            super().paintEvent(e)
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        p.setPen(pal.color(QPalette.ColorRole.Highlight))
        p.setBrush(pal.color(QPalette.ColorRole.Highlight))
        p.drawRoundedRect(self.rect().adjusted(0, 0, -1, -1), 3, 3)
        bold = QFont(self.font())
        bold.setWeight(QFont.Weight.DemiBold)
        p.setFont(bold)
        p.setPen(pal.color(QPalette.ColorRole.HighlightedText))
        p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.text())


def type_ahead(labels: list[str], typed: str, key: str, current: int) -> tuple[int, str]:
    """Where a type-ahead key moves in a list of labels: (index or -1, new typed text).

    ``typed`` is what was typed since the last pause.  A new prefix is searched from the
    current item on (it stays if it matches); the same letter again cycles through the
    labels starting with it, as in Qt's own lists.
    """
    key = key.lower()
    typed += key
    repeat = len(typed) > 1 and set(typed) == {key}
    prefix, start = (key, current + 1) if repeat else (typed, max(current, 0))
    n = len(labels)
    for k in range(n):
        i = (start + k) % n
        if labels[i].lower().startswith(prefix):
            return i, typed
    return -1, typed


class _CheckList(QListWidget):
    """A list of check items (not selectable, where Qt's own type-ahead stalls): letters
    find an option, the same letter again goes to the next one, Space ticks the current
    option, digits 1-9 tick option 1-9 at once."""

    def __init__(self) -> None:
        super().__init__()
        self._typed = ""
        self._typed_at = 0.0

    def keyPressEvent(self, e: QKeyEvent) -> None:
        text = e.text()
        mods = e.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        plain = mods in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier)
        if not plain or len(text) != 1 or not text.isprintable() or text.isspace():
            super().keyPressEvent(e)
            return
        if text.isdigit():
            n = int(text)
            if 1 <= n <= self.count():
                item = self.item(n - 1)
                self.setCurrentItem(item)
                checked = item.checkState() == Qt.CheckState.Checked
                item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)
        else:
            now = time.monotonic()
            if (now - self._typed_at) * 1000 > QApplication.keyboardInputInterval():
                self._typed = ""
            self._typed_at = now
            labels = [self.item(i).text() for i in range(self.count())]
            index, self._typed = type_ahead(labels, self._typed, text, self.currentRow())
            if index >= 0:
                self.setCurrentRow(index)
        e.accept()


class _MultiChoice(_Editor):
    """Check boxes in a list: one Tab stop, arrows + Space, type-ahead, digits."""

    def __init__(self, spec: Mapping[str, Any], lang: str) -> None:
        super().__init__(spec, lang)
        self.list = _CheckList()
        self.list.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for n, o in enumerate(spec.get("options") or [], 1):
            item = QListWidgetItem(_text(o["label"], lang))
            item.setData(Qt.ItemDataRole.UserRole, o["id"])
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            if n <= 9:
                item.setToolTip(self.tr("Key: {keys}").format(keys=n))
            self.list.addItem(item)
        rows = self.list.count()
        # sizeHintForRow is unreliable before the list is polished: use the font
        row_h = max(self.list.sizeHintForRow(0), self.list.fontMetrics().lineSpacing() + 8)
        for i in range(rows):
            self.list.item(i).setSizeHint(QSize(0, row_h))
        self.list.setFixedHeight(row_h * rows + 2 * self.list.frameWidth() + 2)
        self.list.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.list.itemChanged.connect(lambda _i: self.changed.emit())
        self._layout.addWidget(self.list)

    def _items(self) -> list[QListWidgetItem]:
        return [self.list.item(i) for i in range(self.list.count())]

    def value(self) -> Any:
        out = [
            str(i.data(Qt.ItemDataRole.UserRole))
            for i in self._items()
            if i.checkState() == Qt.CheckState.Checked
        ]
        return out or None

    def set_value(self, value: Any) -> bool:
        wanted = [value] if isinstance(value, str) else list(value or [])
        known = {str(i.data(Qt.ItemDataRole.UserRole)) for i in self._items()}
        self.list.blockSignals(True)
        for i in self._items():
            checked = i.data(Qt.ItemDataRole.UserRole) in wanted
            i.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.list.blockSignals(False)
        return all(w in known for w in wanted)

    def focus_target(self) -> QWidget:
        return self.list


class _NumberEdit(QLineEdit):
    def __init__(self, spec: Mapping[str, Any], lang: str, width: int = 70) -> None:
        super().__init__()
        lo, hi = spec.get("min"), spec.get("max")
        if lo is not None and hi is not None:
            self.setPlaceholderText(f"{fm.number_text(lo, lang)}–{fm.number_text(hi, lang)}")
        self.setFixedWidth(width)
        self.setAlignment(Qt.AlignmentFlag.AlignRight)


class _Number(_Editor):
    """Integer or decimal as typed text: empty is unanswered, range checked at once."""

    def __init__(self, spec: Mapping[str, Any], lang: str) -> None:
        super().__init__(spec, lang)
        self.integer = spec["type"] == "integer"
        self.edit = _NumberEdit(spec, lang, 90)
        self.edit.textChanged.connect(self._edited)
        self._layout.addWidget(self.edit)
        unit = _text(spec.get("unit"), lang)
        if unit:
            self._layout.addWidget(QLabel(unit))
        self._layout.addStretch(1)

    def _edited(self, text: str) -> None:
        self.local_problem.emit(fm.number_problem(self._parsed(), text, self.spec, self.lang) or "")
        self.changed.emit()

    def _parsed(self) -> int | float | None:
        return fm.parse_number(self.edit.text(), integer=self.integer)

    def value(self) -> Any:
        text = self.edit.text().strip()
        if not text:
            return None
        n = self._parsed()
        return text if n is None else n  # unparsable text goes to the engine, which flags it

    def set_value(self, value: Any) -> bool:
        self.edit.blockSignals(True)
        self.edit.setText("" if value is None else fm.number_text(value, self.lang))
        self.edit.blockSignals(False)
        self.local_problem.emit(
            fm.number_problem(self._parsed(), self.edit.text(), self.spec, self.lang) or ""
        )
        return True

    def focus_target(self) -> QWidget:
        return self.edit


class _Measurement(_Editor):
    """Up to three diameters: [ ] × [ ] × [ ] mm."""

    def __init__(self, spec: Mapping[str, Any], lang: str) -> None:
        super().__init__(spec, lang)
        self.edits: list[QLineEdit] = []
        for n in range(int(spec.get("max_diameters") or 3)):
            if n:
                self._layout.addWidget(QLabel("×"))
            e = _NumberEdit(spec, lang, 64)
            e.setAccessibleName(self.tr("Diameter {n}").format(n=n + 1))
            e.textChanged.connect(self._edited)
            self.edits.append(e)
            self._layout.addWidget(e)
        self._layout.addWidget(QLabel("mm"))
        self._layout.addStretch(1)

    def _edited(self, _text: str = "") -> None:
        problem = ""
        for e in self.edits:
            n = fm.parse_number(e.text(), integer=False)
            problem = problem or fm.number_problem(n, e.text(), self.spec, self.lang) or ""
        self.local_problem.emit(problem)
        self.changed.emit()

    def value(self) -> Any:
        out: list[Any] = []
        for e in self.edits:
            text = e.text().strip()
            if text:
                n = fm.parse_number(text, integer=False)
                out.append(text if n is None else n)
        return out or None

    def set_value(self, value: Any) -> bool:
        values = (
            list(value) if isinstance(value, list | tuple) else [] if value is None else [value]
        )
        for i, e in enumerate(self.edits):
            e.blockSignals(True)
            e.setText(fm.number_text(values[i], self.lang) if i < len(values) else "")
            e.blockSignals(False)
        return len(values) <= len(self.edits)

    def focus_target(self) -> QWidget:
        return self.edits[0]

    def tab_widgets(self) -> list[QWidget]:
        return list(self.edits)


class _LevelCombo(_NoWheelCombo):
    def __init__(self, levels: list[str]) -> None:
        super().__init__()
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.addItem("")
        self.addItems(levels)
        self.setMinimumContentsLength(6)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        completer = QCompleter(levels, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.InlineCompletion)
        self.setCompleter(completer)
        edit = self.lineEdit()
        if edit is not None:
            edit.setPlaceholderText("—")

    def level(self) -> str | None:
        text = self.currentText().strip().upper()
        return text or None

    def set_level(self, value: Any) -> None:
        self.blockSignals(True)
        self.setCurrentText("" if value is None else str(value))
        self.blockSignals(False)


class _Level(_Editor):
    """A spinal level: the region's levels to pick from, or any level typed."""

    def __init__(self, spec: Mapping[str, Any], lang: str, region: str | None) -> None:
        super().__init__(spec, lang)
        self.levels = fm.level_choices(str(spec.get("kind") or "any"), region)
        self.combos = [_LevelCombo(self.levels)]
        if spec["type"] == "level_range":
            self.combos.append(_LevelCombo(self.levels))
        for n, c in enumerate(self.combos):
            if n:
                self._layout.addWidget(QLabel(self.tr("to")))
            c.setAccessibleName([self.tr("Upper level"), self.tr("Lower level")][n])
            c.currentTextChanged.connect(lambda _t: self.changed.emit())
            self._layout.addWidget(c)
        self._layout.addStretch(1)

    def value(self) -> Any:
        if len(self.combos) == 1:
            return self.combos[0].level()
        a, b = (c.level() for c in self.combos)
        if a is None and b is None:
            return None
        # a half-filled range goes to the engine, which flags the missing level
        return {"from": a or "", "to": b or ""}

    def set_value(self, value: Any) -> bool:
        if len(self.combos) == 1:
            self.combos[0].set_level(value if isinstance(value, str) else None)
            return value is None or isinstance(value, str)
        if isinstance(value, Mapping):
            pair = [value.get("from"), value.get("to")]
        elif isinstance(value, list | tuple) and len(value) == 2:
            pair = list(value)
        else:
            pair = [None, None]
        for c, v in zip(self.combos, pair, strict=True):
            c.set_level(v)
        return value is None or pair != [None, None]

    def focus_target(self) -> QWidget:
        return self.combos[0]

    def tab_widgets(self) -> list[QWidget]:
        return list(self.combos)


class _Date(_Editor):
    """A date typed as YYYY-MM-DD; empty is unanswered."""

    def __init__(self, spec: Mapping[str, Any], lang: str) -> None:
        super().__init__(spec, lang)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(self.tr("YYYY-MM-DD"))
        self.edit.setFixedWidth(120)
        self.edit.textChanged.connect(self._edited)
        self._layout.addWidget(self.edit)
        self._layout.addStretch(1)

    def _edited(self, text: str) -> None:
        self.local_problem.emit(fm.date_problem(text, self.lang) or "")
        self.changed.emit()

    def value(self) -> Any:
        text = self.edit.text().strip()
        if not text:
            return None
        d = fm.parse_date(text)
        return text if d is None else d.isoformat()

    def set_value(self, value: Any) -> bool:
        text = (
            value.isoformat() if isinstance(value, dt.date) else "" if value is None else str(value)
        )
        self.edit.blockSignals(True)
        self.edit.setText(text)
        self.edit.blockSignals(False)
        return True

    def focus_target(self) -> QWidget:
        return self.edit


class _PlainText(QPlainTextEdit):
    def __init__(self, lines: int) -> None:
        super().__init__()
        self.setTabChangesFocus(True)  # Tab moves on; the report text is not a code editor
        metrics = self.fontMetrics()
        self.setFixedHeight(metrics.lineSpacing() * lines + 14)


class _Text(_Editor):
    """Free text: several lines for long texts (indication, technique, findings)."""

    def __init__(self, spec: Mapping[str, Any], lang: str) -> None:
        super().__init__(spec, lang)
        self.multi = int(spec.get("max_length") or 4000) >= fm.MULTILINE_MIN_LENGTH
        self.plain: _PlainText | None = None
        self.line: QLineEdit | None = None
        if self.multi:
            self.plain = _PlainText(3)
            self.plain.textChanged.connect(self.changed.emit)
            self._layout.addWidget(self.plain)
        else:
            self.line = QLineEdit()
            self.line.setMaxLength(int(spec.get("max_length") or 4000))
            self.line.textChanged.connect(lambda _t: self.changed.emit())
            self._layout.addWidget(self.line)

    def value(self) -> Any:
        text = self.plain.toPlainText() if self.plain is not None else self.line.text()  # type: ignore[union-attr]
        return text if text.strip() else None

    def set_value(self, value: Any) -> bool:
        text = "" if value is None else str(value)
        w: QWidget = self.plain if self.plain is not None else self.line  # type: ignore[assignment]
        w.blockSignals(True)
        if self.plain is not None:
            self.plain.setPlainText(text)
        elif self.line is not None:
            self.line.setText(text)
        w.blockSignals(False)
        return isinstance(value, str | int | float) or value is None

    def focus_target(self) -> QWidget:
        return self.plain if self.plain is not None else self.line  # type: ignore[return-value]


# --------------------------------------------------------------------------- rows


class FieldRow(QWidget):
    """Label, editor and the message under it; a red bar marks an invalid value.

    The bar is painted and the message label made on the first problem: most rows
    never show either, and every widget saved makes a large form open faster."""

    _MARKER_W = 3

    def __init__(self, ref: str, spec: Mapping[str, Any], editor: QWidget, lang: str) -> None:
        super().__init__()
        self.ref = ref
        self.spec = spec
        self.editor = editor
        self.setProperty("fieldRef", ref)
        self._local = ""
        self._engine = ""
        self._message: QLabel | None = None
        grid = QGridLayout(self)
        # the marker bar is painted in the left margin (its width + the column spacing)
        grid.setContentsMargins(self._MARKER_W + 8, 2, 0, 2)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(1)
        self._grid = grid
        label_text = _text(spec.get("label"), lang) + (" *" if spec.get("required") else "")
        self.label = QLabel(label_text, self)
        self.label.setWordWrap(True)
        help_text = _text(spec.get("help"), lang)
        if help_text:
            self.label.setToolTip(help_text)
            editor.setToolTip(help_text)
        self._group = spec["type"] == "group"
        if self._group:
            _set_font(self.label, weight=QFont.Weight.DemiBold)
            grid.addWidget(self.label, 0, 0, 1, 2)
            grid.addWidget(editor, 1, 0, 1, 2)
        else:
            self.label.setMinimumWidth(150)
            grid.addWidget(self.label, 0, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(editor, 0, 1)
            grid.setColumnStretch(0, 2)
            grid.setColumnStretch(1, 3)
        if isinstance(editor, _Editor):
            self.label.setBuddy(editor.focus_target())
            editor.focus_target().setAccessibleName(_text(spec.get("label"), lang))
            if help_text:
                editor.focus_target().setAccessibleDescription(help_text)
            editor.local_problem.connect(self.set_local_problem)
            editor.changed.connect(self._edited)
        self._help = help_text

    @property
    def message(self) -> QLabel:
        """The message under the editor (made when first needed)."""
        if self._message is None:
            message = QLabel(self)
            message.setWordWrap(True)
            palette = message.palette()
            palette.setColor(QPalette.ColorRole.WindowText, QColor(_INVALID_COLOUR))
            message.setPalette(palette)
            message.hide()
            if self._group:
                self._grid.addWidget(message, 2, 0, 1, 2)
            else:
                self._grid.addWidget(message, 1, 1)
            self._message = message
        return self._message

    def paintEvent(self, e: QPaintEvent) -> None:
        super().paintEvent(e)
        if self.problem:
            p = QPainter(self)
            p.fillRect(0, 0, self._MARKER_W, self.height(), QColor(_INVALID_COLOUR))

    def _edited(self) -> None:
        if self._engine:  # the radiologist is fixing it: drop the stale engine message
            self.set_engine_problem("")

    def set_local_problem(self, text: str) -> None:
        self._local = text
        self._show()

    def set_engine_problem(self, text: str) -> None:
        self._engine = text
        self._show()

    @property
    def problem(self) -> str:
        return self._local or self._engine

    def _show(self) -> None:
        text = self.problem
        if self._message is None and not text:
            return  # nothing shown, nothing to clear
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.setProperty("invalid", bool(text))
        self.update()  # the marker bar
        if isinstance(self.editor, _Editor):
            target = self.editor.focus_target()
            target.setAccessibleDescription(
                self.tr("Invalid: {reason}").format(reason=text) if text else self._help
            )


_RowFactory = Callable[[str, Mapping[str, Any]], FieldRow]


class _GroupItem(QFrame):
    def __init__(self, title: str) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.rows: dict[str, FieldRow] = {}
        box = QVBoxLayout(self)
        box.setContentsMargins(8, 4, 8, 6)
        box.setSpacing(2)
        head = QHBoxLayout()
        self.title = QLabel(title)
        _set_font(self.title, weight=QFont.Weight.DemiBold)
        self.remove = QPushButton(self.tr("Remove"))
        self.remove.setToolTip(self.tr("Remove this item"))
        self.remove.setAccessibleName(self.tr("Remove {item}").format(item=title))
        head.addWidget(self.title)
        head.addStretch(1)
        head.addWidget(self.remove)
        box.addLayout(head)
        self.box = box


class _Group(_Editor):
    """Repeatable items of child fields, each numbered, with Add / Remove buttons."""

    items_changed = Signal()

    def __init__(self, spec: Mapping[str, Any], lang: str, make_row: _RowFactory) -> None:
        super().__init__(spec, lang)
        self._make_row = make_row
        self.items: list[_GroupItem] = []
        outer = QVBoxLayout()
        outer.setContentsMargins(12, 0, 0, 0)
        outer.setSpacing(4)
        self._layout.addLayout(outer)
        self._items_box = QVBoxLayout()
        self._items_box.setSpacing(4)
        outer.addLayout(self._items_box)
        item_word = _text(spec.get("item_label"), lang) or self.tr("item")
        self.add_button = QPushButton(self.tr("Add {item}").format(item=item_word.lower()))
        self.add_button.clicked.connect(self._add_clicked)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addStretch(1)
        outer.addLayout(row)
        self._item_word = item_word

    def item_title(self, index: int) -> str:
        return f"{self._item_word} {index + 1}"

    def value(self) -> Any:
        if not self.items:
            return None
        return [{cid: r.editor.value() for cid, r in item.rows.items()} for item in self.items]  # type: ignore[attr-defined]

    def set_value(self, value: Any) -> bool:
        values = value if isinstance(value, list) else []
        ok = value is None or (
            isinstance(value, list) and all(isinstance(v, Mapping) for v in value)
        )
        self._rebuild([v if isinstance(v, Mapping) else {} for v in values])
        return ok

    def add_item(self, values: Mapping[str, Any] | None = None) -> _GroupItem | None:
        if len(self.items) >= int(self.spec.get("max_items") or 50):
            return None
        index = len(self.items)
        item = _GroupItem(self.item_title(index))
        for child in self.spec.get("fields") or []:
            row = self._make_row(fm.item_ref(str(self.spec["id"]), index, child["id"]), child)
            if values is not None and child["id"] in values:
                row.editor.set_value(values[child["id"]])  # type: ignore[attr-defined]
            row.editor.changed.connect(self.changed.emit)  # type: ignore[attr-defined]
            item.rows[child["id"]] = row
            item.box.addWidget(row)
        item.remove.clicked.connect(lambda _c=False, it=item: self._remove(it))
        self.items.append(item)
        self._items_box.addWidget(item)
        item.show()  # now, not at the next event loop: Tab may reach it at once
        self.add_button.setEnabled(len(self.items) < int(self.spec.get("max_items") or 50))
        return item

    def _add_clicked(self) -> None:
        item = self.add_item()
        self.items_changed.emit()
        self.changed.emit()
        if item is not None and item.rows:
            first = next(iter(item.rows.values()))
            first.editor.focus_target().setFocus(Qt.FocusReason.OtherFocusReason)  # type: ignore[attr-defined]

    def _remove(self, item: _GroupItem) -> None:
        index = self.items.index(item)
        values = self.value() or []
        del values[index]
        self._rebuild(values)
        self.items_changed.emit()
        self.changed.emit()
        # keep the keyboard user where they were: the next item's Remove, else Add
        if self.items:
            self.items[min(index, len(self.items) - 1)].remove.setFocus()
        else:
            self.add_button.setFocus()

    def _rebuild(self, values: list[Mapping[str, Any]]) -> None:
        # refs carry the item index: rebuilding keeps them equal to the item numbers
        for item in self.items:
            item.setParent(None)
            item.deleteLater()
        self.items = []
        for v in values:
            self.add_item(v)
        self.add_button.setEnabled(len(self.items) < int(self.spec.get("max_items") or 50))

    def focus_target(self) -> QWidget:
        if self.items and self.items[0].rows:
            return next(iter(self.items[0].rows.values())).editor.focus_target()  # type: ignore[attr-defined,no-any-return]
        return self.add_button

    def tab_widgets(self) -> list[QWidget]:
        out: list[QWidget] = []
        for item in self.items:
            for row in item.rows.values():
                out += row.editor.tab_widgets()  # type: ignore[attr-defined]
            out.append(item.remove)
        out.append(self.add_button)
        return out


# --------------------------------------------------------------------------- the form


class TemplateForm(QWidget):
    """The structured form for one template, in the UI language ``lang`` ("en"/"fr").

    A large template's form (186 fields) is built section by section: the first
    sections at once (the indication has the keyboard straight away), the others in
    slices of about 12 ms from the event loop, so opening a report never blocks the GUI
    thread.  Until the last slice, answers of fields not built yet are kept here
    (``_pending``) and given to their widgets when they are built; every method
    behaves as on a fully built form (those that need a widget build up to it first).
    """

    sig_answers_changed = Signal(dict)
    sig_field_focused = Signal(str)
    sig_built = Signal()  # the last section is built

    def __init__(
        self, template: LoadedTemplate, lang: str = "en", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.template = template
        self.lang = lang if lang in ("en", "fr") else "en"
        self.schema = template.to_dict()
        self.sections = fm.sections(self.schema)
        self._rows: dict[str, FieldRow] = {}  # built rows only
        self._section_of = {spec["id"]: s.id for s in self.sections for spec in s.fields}
        self._section_index = {
            spec["id"]: i for i, s in enumerate(self.sections) for spec in s.fields
        }
        self._spec_of = {spec["id"]: spec for s in self.sections for spec in s.fields}
        self._pending: dict[str, Any] = {}  # answers of fields not built yet
        self._engine_problems: dict[str, str] = {}  # marks for rows not built yet
        self._built = 0  # sections built so far
        self._loading = False
        self._visible: frozenset[str] = frozenset()
        self._last_focus_ref = ""
        self._shown = False

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        bar = QHBoxLayout()
        bar.setContentsMargins(8, 6, 8, 6)
        title = QLabel(_text(self.schema["title"], self.lang))
        _set_font(title, weight=QFont.Weight.Bold, point_size=13)
        bar.addWidget(title)
        bar.addStretch(1)
        self.normal_button = QPushButton(self.tr("All normal"))
        self.normal_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.normal_button.setToolTip(
            self.tr("Fill the template's normal answers ({key})").format(key="Ctrl+Alt+N")
        )
        self.normal_button.clicked.connect(self.apply_normal_preset)
        self.normal_button.setEnabled("normal" in self.schema["presets"])
        bar.addWidget(self.normal_button)
        outer.addLayout(bar)

        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        self._body = QVBoxLayout(body)
        self._body.setContentsMargins(10, 4, 10, 10)
        self._body.setSpacing(6)
        self._body.addStretch(1)
        # attached while still empty: reparenting a built tree re-polishes all of it
        self.scroll_area.setWidget(body)
        outer.addWidget(self.scroll_area)

        shortcut = QShortcut(QKeySequence("Ctrl+Alt+N"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.apply_normal_preset)
        current = QShortcut(QKeySequence("Ctrl+Alt+M"), self)
        current.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        current.activated.connect(self.apply_current_module_normal)
        for section in self.sections:
            if section.shortcut:  # also when empty: the keys must not type text
                sc = QShortcut(QKeySequence(section.shortcut), self)
                sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                sc.activated.connect(lambda mid=section.id: self.apply_module_normal(mid))
        for keys, step in (("Ctrl+Down", 1), ("Ctrl+Up", -1)):
            jump = QShortcut(QKeySequence(keys), self)
            jump.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            jump.activated.connect(lambda step=step: self.focus_next_section(step))

        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
        self._visible = fm.visible_refs(self.template, self._raw())
        # at once: the first section only (the indication, typed first); the rest from
        # the event loop, after the workspace is on screen
        self._build_until(0)
        if not self.fully_built:
            QTimer.singleShot(0, self, self._build_slice)

    @property
    def fully_built(self) -> bool:
        return self._built == len(self.sections)

    def build_all(self) -> None:
        """Build the sections not built yet, now (the tests, and callers in a hurry)."""
        self._build_until(len(self.sections) - 1)

    def _build_slice(self) -> None:
        """Build sections for about _BUILD_SLICE_S (at least one), then yield to the
        event loop; the next slice runs from a zero timer."""
        if self.fully_built:
            return
        before = self.answers()
        deadline = time.perf_counter() + _BUILD_SLICE_S
        start = self._built
        while not self.fully_built and (self._built == start or time.perf_counter() < deadline):
            self._build_section()
        self._after_build(before)
        if not self.fully_built:
            QTimer.singleShot(0, self, self._build_slice)

    def _build_until(self, index: int) -> None:
        if self._built > index:
            return
        before = self.answers()
        while self._built <= min(index, len(self.sections) - 1):
            self._build_section()
        self._after_build(before)

    def _build_section(self) -> None:
        section = self.sections[self._built]
        box = self._section_widget(section)
        self._body.insertWidget(self._built, box)
        self._built += 1
        loading, self._loading = self._loading, True
        try:
            for spec in section.fields:
                fid = spec["id"]
                row = self._rows[fid]
                if fid in self._pending and not row.editor.set_value(self._pending.pop(fid)):  # type: ignore[attr-defined]
                    log.warning("answer not loaded into the form: %s", fid)
                    row.editor.set_value(None)  # type: ignore[attr-defined]
                mark = self._engine_problems.pop(fid, "")
                if mark:
                    row.set_engine_problem(mark)
                # hidden before it is first shown: no flicker, no fade-in
                row.setVisible(fid in self._visible)
        finally:
            self._loading = loading
        body = box.parentWidget()
        if body is not None and body.isVisible():
            box.show()  # now, in this slice, not at the next event-loop turn

    def _after_build(self, before: dict[str, Any]) -> None:
        """After new sections: visibility (a built group may open its first item), Tab
        order, the focus proxy; answers that changed by being shown are announced."""
        self._refresh(animate=False)
        self._fix_tab_order()
        if "indication" in self._rows and self.focusProxy() is None:
            # the first thing typed; focus lands there
            self.setFocusProxy(self._rows["indication"].editor.focus_target())  # type: ignore[attr-defined]
        if self.answers() != before and not self._loading:
            self.sig_answers_changed.emit(self.answers())
        if self.fully_built:
            self.sig_built.emit()

    def showEvent(self, e: QShowEvent) -> None:
        super().showEvent(e)
        if not self._shown:  # the radiologist starts by typing the indication
            self._shown = True
            if "indication" in self._rows:
                self._rows["indication"].editor.focus_target().setFocus()  # type: ignore[attr-defined]

    def focusNextPrevChild(self, next: bool) -> bool:
        # Tab from the last section built so far: build the next one(s) first, so Tab
        # goes on to the next shown field as on a fully built form
        if next and not self.fully_built:
            ref = self._ref_of(QApplication.focusWidget())
            here = self._section_index.get(fm.parse_ref(ref)[0], -1) if ref else -1
            if here == self._built - 1:
                while not self.fully_built:
                    self._build_until(self._built)
                    if any(fid in self._visible for fid in self._last_section_fids()):
                        break
        return super().focusNextPrevChild(next)

    def _last_section_fids(self) -> list[str]:
        return [spec["id"] for spec in self.sections[self._built - 1].fields]

    # ------------------------------------------------------------------ building

    def _section_widget(self, section: fm.Section) -> QWidget:
        box = QFrame()
        box.setObjectName("formSection")
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 6, 0, 2)
        lay.setSpacing(2)
        head = QHBoxLayout()
        names = {"_standard": self.tr("Examination"), "_additional": self.tr("Other findings")}
        title = QLabel(names.get(section.id) or _text(section.title, self.lang))
        _set_font(title, weight=QFont.Weight.Bold, point_size=11)
        title.setAccessibleName(title.text())
        title.setToolTip(self.tr("Ctrl+Down / Ctrl+Up: next / previous section"))
        # long module names wrap: the form must fit its pane (no sideways scrolling)
        title.setWordWrap(True)
        head.addWidget(title, 1)
        if section.normal:
            b = QToolButton()
            b.setText(self.tr("Normal"))
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # reached by its shortcut instead
            key = section.shortcut or "Ctrl+Alt+M"
            b.setToolTip(self.tr("Fill this section's normal answers ({key})").format(key=key))
            b.setAccessibleName(
                self.tr("Normal: {section}").format(section=_text(section.title, self.lang))
            )
            b.clicked.connect(lambda _c=False, mid=section.id: self.apply_module_normal(mid))
            head.addWidget(b)
        lay.addLayout(head)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        lay.addWidget(line)
        for spec in section.fields:
            row = self._make_row(spec["id"], spec, section.region)
            self._rows[spec["id"]] = row
            lay.addWidget(row)
        return box

    def _make_row(self, ref: str, spec: Mapping[str, Any], region: str | None) -> FieldRow:
        t = spec["type"]
        editor: _Editor
        if t == "group":
            group = _Group(spec, self.lang, lambda r, s: self._make_row(r, s, region))
            group.items_changed.connect(self._fix_tab_order)
            editor = group
        elif t in ("yes_no", "side") or (t == "choice" and self._short_choice(spec)):
            editor = _ButtonChoice(spec, self.lang)
        elif t == "choice":
            editor = _ChoiceCombo(spec, self.lang)
        elif t == "multi_choice":
            editor = _MultiChoice(spec, self.lang)
        elif t in ("integer", "decimal"):
            editor = _Number(spec, self.lang)
        elif t == "measurement":
            editor = _Measurement(spec, self.lang)
        elif t in ("level", "level_range"):
            editor = _Level(spec, self.lang, fm.field_region(spec, region))
        elif t == "date":
            editor = _Date(spec, self.lang)
        else:
            editor = _Text(spec, self.lang)
        row = FieldRow(ref, spec, editor, self.lang)
        if "[" not in ref:  # group children report through their group
            editor.changed.connect(self._edited)
        return row

    def _short_choice(self, spec: Mapping[str, Any]) -> bool:
        """Up to three short options read best as buttons; longer ones as a pick list."""
        labels = [_text(o["label"], self.lang) for o in spec.get("options") or []]
        return len(labels) <= 3 and sum(len(x) for x in labels) <= 40

    def _fix_tab_order(self) -> None:
        chain: list[QWidget] = []
        for section in self.sections[: self._built]:
            for spec in section.fields:
                chain += self._rows[spec["id"]].editor.tab_widgets()  # type: ignore[attr-defined]
        for a, b in itertools.pairwise(chain):
            QWidget.setTabOrder(a, b)

    # ------------------------------------------------------------------ answers

    def _raw(self) -> dict[str, Any]:
        rows = self._rows
        return {
            fid: rows[fid].editor.value() if fid in rows else self._pending.get(fid)  # type: ignore[attr-defined]
            for fid in self._section_of
        }

    def answers(self) -> dict[str, Any]:
        """The shown, answered fields, as validate_answers/render_report take them."""
        return fm.public_answers(self._raw(), self._visible)

    def set_answers(self, answers: Mapping[str, Any]) -> list[str]:
        """Replace every answer; returns the refs that could not be shown (left unanswered)."""
        self._pending.clear()
        self._loading = True
        rejected: list[str] = []
        try:
            for fid in self._section_of:
                value = answers.get(fid)
                row = self._rows.get(fid)
                if row is None:  # not built yet: kept for its widget, if it can show it
                    if value is not None and self.can_show(self._spec_of[fid], value):
                        self._pending[fid] = value
                    elif value is not None:
                        rejected.append(fid)
                elif not row.editor.set_value(value):  # type: ignore[attr-defined]
                    rejected.append(fid)
                    row.editor.set_value(None)  # type: ignore[attr-defined]
            rejected += [k for k in answers if k not in self._section_of]
        finally:
            self._loading = False
        self._fix_tab_order()
        self._edited(animate=False)
        if rejected:
            log.warning("answers not loaded into the form: %s", ", ".join(rejected))
        return rejected

    def can_show(self, spec: Mapping[str, Any], value: Any) -> bool:
        """Whether the editor ``_make_row`` makes for ``spec`` accepts ``value`` (its
        ``set_value`` result), without making it: set_answers on fields not built yet.
        tests/qt/test_open_and_sign_stalls.py checks it against the editors."""
        t = spec["type"]
        if value is None or t in ("integer", "decimal", "date"):
            return True
        ids = [o["id"] for o in spec.get("options") or []]
        if t == "group":
            return isinstance(value, list) and all(isinstance(v, Mapping) for v in value)
        if t in ("yes_no", "side") or (t == "choice" and self._short_choice(spec)):
            if isinstance(value, bool) and t == "yes_no":
                value = "yes" if value else "no"
            return value in ids
        if t == "choice":
            return isinstance(value, str) and value in ids
        if t == "multi_choice":
            try:
                wanted = [value] if isinstance(value, str) else list(value or [])
                return all(isinstance(w, str) and w in ids for w in wanted)
            except TypeError:  # not a list of options: left unanswered
                return False
        if t == "measurement":
            values = list(value) if isinstance(value, list | tuple) else [value]
            return len(values) <= int(spec.get("max_diameters") or 3)
        if t == "level":
            return isinstance(value, str)
        if t == "level_range":
            if isinstance(value, Mapping):
                return [value.get("from"), value.get("to")] != [None, None]
            return (
                isinstance(value, list | tuple) and len(value) == 2 and list(value) != [None, None]
            )
        return isinstance(value, str | int | float)

    def _merge(self, values: Mapping[str, Any]) -> None:
        self._loading = True
        try:
            for fid, value in values.items():
                row = self._rows.get(fid)
                if row is not None:
                    row.editor.set_value(value)  # type: ignore[attr-defined]
                elif fid in self._section_of:  # not built yet: given to it when built
                    self._pending[fid] = value
        finally:
            self._loading = False
        self._fix_tab_order()
        self._edited()

    def apply_module_normal(self, module_id: str) -> None:
        """Fill one module's normal answers; nothing else changes."""
        section = next((s for s in self.sections if s.id == module_id), None)
        if section is not None and section.normal:
            self._merge(section.normal)

    def apply_current_module_normal(self) -> None:
        ref = self._ref_of(QApplication.focusWidget())
        if ref:
            self.apply_module_normal(self._section_of.get(fm.parse_ref(ref)[0], ""))

    def apply_normal_preset(self) -> None:
        """Fill the template's normal preset over the current answers (indication stays)."""
        if "normal" in self.schema["presets"]:
            self._merge(preset_answers(self.template, "normal"))

    def _edited(self, animate: bool = True) -> None:
        if self._loading:
            return
        self._refresh(animate)
        self.sig_answers_changed.emit(self.answers())

    def _refresh(self, animate: bool = True) -> None:
        """Show exactly the fields the engine shows; open a first item of a needed group."""
        for _ in range(2):
            visible = fm.visible_refs(self.template, self._raw())
            opened = False
            for fid, row in self._rows.items():
                self._show_row(row, fid in visible, animate)
                group = row.editor
                if isinstance(group, _Group):
                    if fid in visible and not group.items and int(group.spec.get("min_items") or 0):
                        group.add_item()  # an empty item: no answer is invented
                        opened = True
                    for i, item in enumerate(group.items):
                        for cid, child in item.rows.items():
                            self._show_row(child, fm.item_ref(fid, i, cid) in visible, animate)
            self._visible = visible
            if not opened:
                break
            self._fix_tab_order()

    def _show_row(self, row: FieldRow, show: bool, animate: bool) -> None:
        if row.isHidden() != show:
            return
        row.setVisible(show)
        if show and animate:
            # fade in, so a field appearing under the cursor is noticed, not jarring
            effect = QGraphicsOpacityEffect(row)
            row.setGraphicsEffect(effect)
            anim = QPropertyAnimation(effect, b"opacity", row)
            anim.setDuration(180)
            anim.setStartValue(0.0)
            anim.setEndValue(1.0)
            anim.setEasingCurve(QEasingCurve.Type.OutCubic)
            anim.finished.connect(lambda r=row: r.setGraphicsEffect(None))
            anim.start(QAbstractAnimation.DeletionPolicy.DeleteWhenStopped)

    # ------------------------------------------------------------------ focus

    def row(self, ref: str) -> FieldRow | None:
        """The row of a field ref (``c_ms`` or ``c_discs[1].kang``), None if absent."""
        try:
            fid, index, child = fm.parse_ref(ref)
        except ValueError:
            return None
        if fid in self._section_index:
            self._build_until(self._section_index[fid])
        row = self._rows.get(fid)
        if row is None or index is None:
            return row
        group = row.editor
        if not isinstance(group, _Group) or index >= len(group.items):
            return None
        return group.items[index].rows.get(child or "")

    def focus_field(self, ref: str) -> bool:
        """Scroll to a field and give it the keyboard; False if absent or hidden."""
        row = self.row(ref)
        if row is None or not row.isVisibleTo(self):
            return False
        row.editor.focus_target().setFocus(Qt.FocusReason.OtherFocusReason)  # type: ignore[attr-defined]
        self.scroll_area.ensureWidgetVisible(row, 0, 40)
        # rows just created (a group item) get their geometry at the next layout pass
        # the row as context: the call is dropped if the row is deleted first
        QTimer.singleShot(0, row, lambda: self._scroll_to(row))
        return True

    def focus_next_section(self, step: int = 1) -> bool:
        """Give the keyboard to the first shown field of the next (``step`` 1) or previous
        (-1) section: Ctrl+Down / Ctrl+Up, so a module far down is a few keys away, not
        dozens of Tabs.  False when there is no such section."""
        ref = self._ref_of(QApplication.focusWidget())
        ids = [s.id for s in self.sections]
        here = ids.index(self._section_of[fm.parse_ref(ref)[0]]) if ref else -1
        i = here + step
        while 0 <= i < len(self.sections):
            if any(self.focus_field(spec["id"]) for spec in self.sections[i].fields):
                return True
            i += step
        return False

    def _scroll_to(self, row: FieldRow) -> None:
        if row.isVisibleTo(self):
            self.scroll_area.ensureWidgetVisible(row, 0, 40)

    def _ref_of(self, widget: QWidget | None) -> str:
        w: QObject | None = widget
        while w is not None and w is not self:
            ref = w.property("fieldRef")
            if ref:
                return str(ref)
            w = w.parent()
        return ""

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        ref = self._ref_of(new) if new is not None and self.isAncestorOf(new) else ""
        if ref and ref != self._last_focus_ref:
            self._last_focus_ref = ref
            self.sig_field_focused.emit(ref)

    # ------------------------------------------------------------------ problems

    def show_problems(self, problems: Iterable[AnswerProblem]) -> list[AnswerProblem]:
        """Mark each problem at its field (old marks are cleared); returns those not shown."""
        by_ref: dict[str, list[str]] = {}
        unplaced: list[AnswerProblem] = []
        self._engine_problems.clear()
        for p in problems:
            fid = p.field.split("[", 1)[0].split(".", 1)[0] if p.field else ""
            if fid in self._section_of and fid not in self._rows and fid == p.field:
                # a field not built yet: marked when it is built
                text = self._engine_problems.get(fid, "")
                self._engine_problems[fid] = "; ".join(x for x in (text, p.text(self.lang)) if x)
            elif self.row(p.field) is None:
                unplaced.append(p)
            else:
                by_ref.setdefault(p.field, []).append(p.text(self.lang))
        for row in self._all_rows():
            row.set_engine_problem("; ".join(by_ref.get(row.ref, [])))
        return unplaced

    def _all_rows(self) -> Iterable[FieldRow]:
        for row in self._rows.values():
            yield row
            if isinstance(row.editor, _Group):
                for item in row.editor.items:
                    yield from item.rows.values()

    def problems_shown(self) -> dict[str, str]:
        """Field refs currently flagged, with their message (local checks included)."""
        self.build_all()
        return {r.ref: r.problem for r in self._all_rows() if r.problem}
