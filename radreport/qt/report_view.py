"""The live report text beside the form: click a sentence to reach its field, edit by hand.

One QTextEdit shows the whole report.  Every generated sentence carries, in its
character format, the index of the sentence in a table of field ids, so a click
maps to the fields that produced it.  Every block carries its section id and role
(title, notice, body, generated preview) in its block format.

The text is editable in place.  Typing in a section's body marks that section
"edited by hand" (radreport.services.report_edit keeps the text); later form
changes never overwrite it: the section stays highlighted with a label, and when
the generated text has changed a notice offers "Replace with generated text" or
"Keep my text", with the new generated text shown greyed below for review.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QContextMenuEvent,
    QFont,
    QMouseEvent,
    QPalette,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
    QTextListFormat,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from radreport.domain.report import ReportText, Section
from radreport.services.report_edit import EditState, section_plain_text

__all__ = ["ReportView"]


# Custom properties (QTextFormat.UserProperty and up).
_P_SENTENCE = int(QTextFormat.Property.UserProperty) + 1  # char: index in _fields table
_P_SECTION = int(QTextFormat.Property.UserProperty) + 2  # block: section id
_P_ROLE = int(QTextFormat.Property.UserProperty) + 3  # block: see _ROLE_*
_P_ACTION = int(QTextFormat.Property.UserProperty) + 4  # char: "revert" / "keep"

_ROLE_TITLE = "title"  # report title and section headings: regenerated, not user text
_ROLE_NOTICE = "notice"  # "edited by hand" / "the form changed" line
_ROLE_BODY = "body"  # the section text (generated or typed)
_ROLE_PREVIEW = "preview"  # the new generated text shown for review under a stale edit


def _sprop(fmt: QTextFormat, key: int) -> str:
    """A text property, or "" for an unset one."""
    value = fmt.property(key) if fmt.hasProperty(key) else None
    return value if isinstance(value, str) else ""


def _iprop(fmt: QTextFormat, key: int) -> int | None:
    value = fmt.property(key) if fmt.hasProperty(key) else None
    return value if isinstance(value, int) else None


_EDITED_BG = QColor(255, 196, 0, 46)  # translucent amber: readable in light and dark themes
_PREVIEW_FG = QColor(128, 128, 128)


class _ReportEdit(QTextEdit):
    """The text area; reports clicks (with the text position) to the view."""

    sig_clicked = Signal(int)  # document position
    sig_context_menu = Signal(object, QPoint)  # QMenu, global position

    def mouseReleaseEvent(self, e: QMouseEvent) -> None:
        super().mouseReleaseEvent(e)
        if e.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            self.sig_clicked.emit(self.cursorForPosition(e.position().toPoint()).position())

    def contextMenuEvent(self, e: QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu(e.pos())
        self.sig_context_menu.emit(menu, e.globalPos())
        menu.exec(e.globalPos())
        menu.deleteLater()


class ReportView(QWidget):
    """Live report text.  ``set_report`` shows a generated ReportText; hand edits survive."""

    sig_sentence_clicked = Signal(tuple)  # field ids of the clicked sentence
    sig_language_changed = Signal(str)  # "en" / "fr", from the header toggle
    sig_edits_changed = Signal()  # a section was edited, reverted or kept

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._generated: ReportText | None = None
        self._edits = EditState()
        # sentence index (in the char format) -> fields; indices are never reused, so a
        # section can be replaced alone without renumbering the others
        self._fields: dict[int, tuple[str, ...]] = {}
        self._section_indices: dict[str, list[int]] = {}
        self._next_index = 0
        # what is on screen: report title and, per section, what it was drawn from
        self._shown_title: str | None = None
        self._shown: list[tuple[str, object]] = []
        self._highlight: frozenset[str] = frozenset()
        self._rendering = False
        self._dirty_sections: set[str] = set()

        self._title = QLabel(self.tr("Report"))
        font = self._title.font()
        font.setBold(True)
        self._title.setFont(font)
        self._status = QLabel()
        self._status.setObjectName("reportViewStatus")
        self._lang_group = QButtonGroup(self)
        self._lang_group.setExclusive(True)
        self._lang_buttons: dict[str, QToolButton] = {}
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(self._title)
        header.addWidget(self._status, 1)
        for code, text, tip in (
            ("en", self.tr("EN"), self.tr("Report in English")),
            ("fr", self.tr("FR"), self.tr("Report in French")),
        ):
            b = QToolButton()
            b.setText(text)
            b.setToolTip(tip)
            b.setCheckable(True)
            b.setAutoRaise(True)
            b.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            b.clicked.connect(lambda _=False, c=code: self._on_language_clicked(c))
            self._lang_group.addButton(b)
            self._lang_buttons[code] = b
            header.addWidget(b)
        self._lang_buttons["en"].setChecked(True)

        self.editor = _ReportEdit()
        self.editor.setAcceptRichText(False)
        self.editor.setUndoRedoEnabled(True)
        self.editor.setPlaceholderText(
            self.tr("The report text appears here as you fill the form.")
        )
        self.editor.sig_clicked.connect(self._on_clicked)
        self.editor.sig_context_menu.connect(self._extend_menu)
        self.editor.document().contentsChange.connect(self._on_contents_change)
        self.editor.viewport().installEventFilter(self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(header)
        layout.addWidget(self.editor, 1)

        # Typing is recorded on the next event-loop turn, in one pass per keystroke.
        self._sync_timer = QTimer(self)
        self._sync_timer.setSingleShot(True)
        self._sync_timer.setInterval(0)
        self._sync_timer.timeout.connect(self._after_typing)

    # ----------------------------------------------------------------- public API
    def set_report(self, text: ReportText) -> None:
        """Show a newly generated report; sections edited by hand keep their text."""
        self._collect_typing()
        if text == self._generated and not self._dirty_sections:
            return
        self._generated = text
        self._update()
        if self.language() != text.language:
            self.set_language(text.language)

    def report(self) -> ReportText | None:
        """The last generated report (without the hand edits)."""
        return self._generated

    def current_text(self) -> ReportText | None:
        """The report to save or sign: generated sections merged with the hand-edited ones."""
        self._collect_typing()
        if self._generated is None:
            return None
        return self._edits.merge(self._generated)

    def edited_sections(self) -> dict[str, str]:
        """Section id -> the text typed by hand (one paragraph per line)."""
        self._collect_typing()
        return self._edits.texts()

    def stale_sections(self) -> list[str]:
        """Edited sections whose generated text changed since the edit."""
        self._collect_typing()
        return [] if self._generated is None else self._edits.stale_ids(self._generated)

    def set_edited_sections(self, texts: dict[str, str]) -> None:
        """Restore hand edits (e.g. from a saved draft) onto the current report."""
        if self._generated is None:
            raise RuntimeError("set_report must be called first")
        for sid, t in texts.items():
            if self._generated.section(sid) is not None:
                self._edits.set_text(self._generated, sid, t)
        self._render()
        self.sig_edits_changed.emit()

    def revert_section(self, section_id: str) -> None:
        """Replace the hand-typed text of a section by the generated text."""
        self._collect_typing()
        if self._edits.revert(section_id):
            self._render()
            self.sig_edits_changed.emit()

    def keep_section(self, section_id: str) -> None:
        """Keep the hand-typed text and clear the "the form changed" notice."""
        self._collect_typing()
        if self._generated is not None and section_id in self._edits:
            self._edits.acknowledge(self._generated, section_id)
            self._render()
            self.sig_edits_changed.emit()

    def highlight_fields(self, field_ids: tuple[str, ...] | list[str] | frozenset[str]) -> None:
        """Mark the sentences produced by any of ``field_ids`` (empty: no highlight)."""
        self._highlight = frozenset(field_ids)
        self._apply_highlight()

    def highlighted_sentences(self) -> list[str]:
        """The texts currently highlighted (for tests and accessibility)."""
        return [s.cursor.selectedText() for s in self.editor.extraSelections()]

    def language(self) -> str:
        return "fr" if self._lang_buttons["fr"].isChecked() else "en"

    def set_language(self, lang: str) -> None:
        """Set the toggle without emitting ``sig_language_changed``."""
        self._lang_buttons["fr" if lang.startswith("fr") else "en"].setChecked(True)

    def shown_text(self) -> str:
        """The text on screen, one line per block (keeps no-break spaces, unlike toPlainText)."""
        lines: list[str] = []
        block = self.editor.document().begin()
        while block.isValid():
            lines.append(block.text())
            block = block.next()
        return "\n".join(lines)

    def section_at(self, position: int) -> str | None:
        block = self.editor.document().findBlock(position)
        sid = _sprop(block.blockFormat(), _P_SECTION)
        return str(sid) if sid else None

    def fields_at(self, position: int) -> tuple[str, ...]:
        """Fields of the generated sentence at a document position (() if none)."""
        block = self.editor.document().findBlock(position)
        if _sprop(block.blockFormat(), _P_ROLE) != _ROLE_BODY:
            return ()
        if _sprop(block.blockFormat(), _P_SECTION) in self._edits:
            return ()  # typed text traces to no field, whatever format it inherited
        cursor = QTextCursor(self.editor.document())
        cursor.setPosition(position)
        fmt = cursor.charFormat()
        if position < block.position() + block.length() - 1:
            # charFormat() is the format *before* the cursor: look at the char after it
            cursor.movePosition(QTextCursor.MoveOperation.NextCharacter)
            fmt = cursor.charFormat()
        idx = _iprop(fmt, _P_SENTENCE)
        return self._fields.get(idx, ()) if idx is not None else ()

    # ------------------------------------------------------------------- rendering
    def _section_keys(self, text: ReportText) -> list[tuple[str, object, Section]]:
        """Per section: id, what its drawing depends on, the section to draw."""
        out: list[tuple[str, object, Section]] = []
        for section in self._edits.merge(text).sections:
            stale = section.id in self._edits and self._edits.is_stale(text, section.id)
            key = (section, stale, text.section(section.id) if stale else None)
            out.append((section.id, key, section))
        return out

    def _update(self) -> None:
        """Redraw only the sections that changed (a field change touches one or two)."""
        text = self._generated
        if text is None:
            return
        keys = self._section_keys(text)
        if (
            self._dirty_sections
            or self._shown_title != text.title
            or [sid for sid, _ in self._shown] != [sid for sid, _, _ in keys]
        ):
            self._render()
            return
        changed = [
            (i, section)
            for i, ((_, old), (_, new, section)) in enumerate(zip(self._shown, keys, strict=True))
            if old != new
        ]
        if not changed:
            return
        doc = self.editor.document()
        heads = self._heading_positions()
        self._rendering = True
        try:
            doc.setUndoRedoEnabled(False)
            cur = QTextCursor(doc)
            cur.beginEditBlock()
            # from the last to the first, so earlier positions stay valid
            for i, section in reversed(changed):
                start = heads[section.id] - 1  # end of the previous section's last block
                nxt = self._shown[i + 1][0] if i + 1 < len(self._shown) else None
                end = heads[nxt] - 1 if nxt is not None else doc.characterCount() - 1
                for idx in self._section_indices.pop(section.id, []):
                    self._fields.pop(idx, None)
                cur.setPosition(start)
                cur.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
                cur.removeSelectedText()
                self._render_section(cur, text, section)
            cur.endEditBlock()
        finally:
            doc.setUndoRedoEnabled(True)
            self._rendering = False
        self._shown = [(sid, key) for sid, key, _ in keys]
        self._apply_highlight()
        self._update_status()

    def _heading_positions(self) -> dict[str, int]:
        """Section id -> position of its heading block."""
        out: dict[str, int] = {}
        block = self.editor.document().begin()
        while block.isValid():
            fmt = block.blockFormat()
            if _sprop(fmt, _P_ROLE) == _ROLE_TITLE:
                sid = _sprop(fmt, _P_SECTION)
                if sid and sid not in out:
                    out[sid] = block.position()
            block = block.next()
        return out

    def _render(self) -> None:
        text = self._generated
        if text is None:
            return
        editor = self.editor
        doc = editor.document()
        scroll = editor.verticalScrollBar().value()
        cursor_pos = editor.textCursor().position()
        self._rendering = True
        self._fields = {}
        self._section_indices = {}
        keys = self._section_keys(text)
        try:
            doc.setUndoRedoEnabled(False)  # regenerating is not an undoable user edit
            doc.clear()
            cur = QTextCursor(doc)
            cur.beginEditBlock()
            title_fmt = QTextCharFormat()
            title_fmt.setFontWeight(QFont.Weight.Bold)
            title_fmt.setFontPointSize(doc.defaultFont().pointSizeF() * 1.2)
            block = QTextBlockFormat()
            block.setProperty(_P_ROLE, _ROLE_TITLE)
            block.setProperty(_P_SECTION, "")
            cur.setBlockFormat(block)
            cur.setBlockCharFormat(title_fmt)
            cur.insertText(text.title, title_fmt)
            for _, _, section in keys:
                self._render_section(cur, text, section)
            cur.endEditBlock()
        finally:
            doc.setUndoRedoEnabled(True)
            self._rendering = False
        self._dirty_sections.clear()
        self._shown_title = text.title
        self._shown = [(sid, key) for sid, key, _ in keys]
        pos = min(cursor_pos, doc.characterCount() - 1)
        c = editor.textCursor()
        c.setPosition(max(pos, 0))
        editor.setTextCursor(c)
        editor.verticalScrollBar().setValue(scroll)
        self._apply_highlight()
        self._update_status()

    def _render_section(self, cur: QTextCursor, text: ReportText, section: Section) -> None:
        sid = section.id
        edited = sid in self._edits
        stale = edited and self._edits.is_stale(text, sid)

        head = QTextBlockFormat()
        head.setTopMargin(10)
        head.setProperty(_P_ROLE, _ROLE_TITLE)
        head.setProperty(_P_SECTION, sid)
        hfmt = QTextCharFormat()
        hfmt.setFontWeight(QFont.Weight.Bold)
        hfmt.setFontCapitalization(QFont.Capitalization.AllUppercase)
        if section.emphasis:
            hfmt.setForeground(self.palette().color(QPalette.ColorRole.Link))
        cur.insertBlock(head, hfmt)
        cur.insertText(section.title, hfmt)

        if edited:
            notice = QTextBlockFormat()
            notice.setProperty(_P_ROLE, _ROLE_NOTICE)
            notice.setProperty(_P_SECTION, sid)
            notice.setBackground(QBrush(_EDITED_BG))
            nfmt = QTextCharFormat()
            nfmt.setFontItalic(True)
            nfmt.setFontPointSize(self.editor.document().defaultFont().pointSizeF() * 0.9)
            cur.insertBlock(notice, nfmt)
            cur.insertText("\u270e " + self.tr("Edited by hand"), nfmt)
            if stale:
                warn = QTextCharFormat(nfmt)
                warn.setFontWeight(QFont.Weight.Bold)
                cur.insertText(
                    "  \u26a0 " + self.tr("The form changed since: review the new text below."),
                    warn,
                )
                cur.insertBlock(notice, nfmt)
                self._insert_action(cur, nfmt, "revert", self.tr("Replace with generated text"))
                self._insert_action(cur, nfmt, "keep", self.tr("Keep my text"))
            else:
                self._insert_action(cur, nfmt, "revert", self.tr("Revert to generated text"))

        body = QTextBlockFormat()
        body.setProperty(_P_ROLE, _ROLE_BODY)
        body.setProperty(_P_SECTION, sid)
        if edited:
            body.setBackground(QBrush(_EDITED_BG))
        plain = QTextCharFormat()
        list_fmt = QTextListFormat()
        list_fmt.setStyle(QTextListFormat.Style.ListDecimal)
        paragraphs = section.paragraphs or ()
        if not paragraphs:
            cur.insertBlock(body, plain)  # an emptied section stays editable
        first_item = True
        for para in paragraphs:
            cur.insertBlock(body, plain)
            if section.numbered:
                if first_item:
                    cur.createList(list_fmt)
                    first_item = False
                else:
                    prev = cur.block().previous().textList()
                    if prev is not None:
                        prev.add(cur.block())
            for i, sentence in enumerate(para.sentences):
                if not sentence.text:
                    continue
                if i:
                    cur.insertText(" ", plain)
                if sentence.fields and not edited:
                    fmt = QTextCharFormat()
                    idx = self._next_index
                    self._next_index += 1
                    fmt.setProperty(_P_SENTENCE, idx)
                    self._fields[idx] = sentence.fields
                    self._section_indices.setdefault(sid, []).append(idx)
                    cur.insertText(sentence.text, fmt)
                else:
                    cur.insertText(sentence.text, plain)

        if stale:
            now = text.section(sid)
            pfmt = QTextCharFormat()
            pfmt.setForeground(_PREVIEW_FG)
            pfmt.setFontItalic(True)
            pblock = QTextBlockFormat()
            pblock.setProperty(_P_ROLE, _ROLE_PREVIEW)
            pblock.setProperty(_P_SECTION, sid)
            pblock.setLeftMargin(12)
            cur.insertBlock(pblock, pfmt)
            cur.insertText(self.tr("Generated text now:"), pfmt)
            lines = (
                section_plain_text(now).split("\n")
                if now
                else [self.tr("(section no longer generated)")]
            )
            for line in lines:
                cur.insertBlock(pblock, pfmt)
                cur.insertText(line, pfmt)

    def _insert_action(
        self, cur: QTextCursor, base: QTextCharFormat, action: str, label: str
    ) -> None:
        cur.insertText("  ", base)
        fmt = QTextCharFormat(base)
        fmt.setFontItalic(False)
        fmt.setAnchor(True)
        fmt.setFontUnderline(True)
        fmt.setForeground(self.palette().color(QPalette.ColorRole.Link))
        fmt.setProperty(_P_ACTION, action)
        cur.insertText(label, fmt)

    def _apply_highlight(self) -> None:
        selections: list[QTextEdit.ExtraSelection] = []
        if self._highlight:
            wanted = {i for i, f in self._fields.items() if self._highlight.intersection(f)}
            colour = QColor(self.palette().color(QPalette.ColorRole.Highlight))
            colour.setAlpha(70)
            block = self.editor.document().begin()
            while block.isValid():
                if _sprop(block.blockFormat(), _P_SECTION) not in self._edits:
                    it = block.begin()
                    while not it.atEnd():
                        frag = it.fragment()
                        idx = _iprop(frag.charFormat(), _P_SENTENCE)
                        if isinstance(idx, int) and idx in wanted:
                            sel = QTextEdit.ExtraSelection()
                            c = QTextCursor(self.editor.document())
                            c.setPosition(frag.position())
                            c.setPosition(
                                frag.position() + frag.length(), QTextCursor.MoveMode.KeepAnchor
                            )
                            sel.cursor = c
                            fmt = QTextCharFormat()
                            fmt.setBackground(colour)
                            sel.format = fmt
                            selections.append(sel)
                        it += 1
                block = block.next()
        self.editor.setExtraSelections(selections)

    def _update_status(self) -> None:
        n = len(self._edits.ids())
        stale = len(self.stale_ids_no_sync())
        if not n:
            self._status.setText("")
            return
        msg = (
            self.tr("1 section edited by hand")
            if n == 1
            else self.tr("{n} sections edited by hand").format(n=n)
        )
        if stale:
            msg += " \u2014 " + self.tr("{n} to review").format(n=stale)
        self._status.setText(msg)

    def stale_ids_no_sync(self) -> list[str]:
        return [] if self._generated is None else self._edits.stale_ids(self._generated)

    # ------------------------------------------------------------- user editing
    def _on_contents_change(self, position: int, removed: int, added: int) -> None:
        if self._rendering or self._generated is None:
            return
        doc = self.editor.document()
        first = doc.findBlock(position)
        last = doc.findBlock(position + added)
        block = first
        while block.isValid():
            self._touch_block(block)
            if block == last:
                break
            block = block.next()
        self._sync_timer.start()

    def _touch_block(self, block: QTextBlock) -> None:
        fmt = block.blockFormat()
        sid = _sprop(fmt, _P_SECTION)
        role = _sprop(fmt, _P_ROLE)
        if not sid:
            if role == _ROLE_TITLE:
                self._dirty_sections.add("")
            return
        self._dirty_sections.add(str(sid))
        if role == _ROLE_BODY:
            self._typed_sections.add(str(sid))

    @property
    def _typed_sections(self) -> set[str]:
        if not hasattr(self, "_typed"):
            self._typed: set[str] = set()
        return self._typed

    def _body_text(self, section_id: str) -> str:
        lines: list[str] = []
        block = self.editor.document().begin()
        while block.isValid():
            fmt = block.blockFormat()
            if _sprop(fmt, _P_SECTION) == section_id and _sprop(fmt, _P_ROLE) == _ROLE_BODY:
                lines.append(block.text().replace("\u2028", " "))
            block = block.next()
        return "\n".join(lines).strip("\n")

    def _collect_typing(self) -> bool:
        """Record the typed text of every touched section; True if a section became edited."""
        if self._generated is None or not self._typed_sections:
            return False
        newly = False
        for sid in sorted(self._typed_sections):
            if self._generated.section(sid) is None and sid not in self._edits:
                continue
            text = self._body_text(sid)
            if sid not in self._edits:
                if text == section_plain_text(self._generated.section(sid)):  # type: ignore[arg-type]
                    continue  # typed and undone: nothing changed
                newly = True
            self._edits.set_text(self._generated, sid, text)
        self._typed_sections.clear()
        return newly

    def _after_typing(self) -> None:
        newly = self._collect_typing()
        structural = bool(self._dirty_sections - set(self._edits.ids()))
        if newly or structural:
            # restyle: the section now shows as edited; headings/notices are restored
            self._render()
            self.sig_edits_changed.emit()
        elif self._edits:
            self._dirty_sections.clear()
            self.sig_edits_changed.emit()

    # ------------------------------------------------------------- clicks, menus
    def _action_at(self, position: int) -> tuple[str, str] | None:
        cursor = QTextCursor(self.editor.document())
        cursor.setPosition(position)
        block = cursor.block()
        if position < block.position() + block.length() - 1:
            cursor.movePosition(QTextCursor.MoveOperation.NextCharacter)
        action = _sprop(cursor.charFormat(), _P_ACTION)
        sid = _sprop(block.blockFormat(), _P_SECTION)
        if action and sid:
            return str(action), str(sid)
        return None

    def _on_clicked(self, position: int) -> None:
        act = self._action_at(position)
        if act is not None:
            action, sid = act
            if action == "revert":
                self.revert_section(sid)
            else:
                self.keep_section(sid)
            return
        fields = self.fields_at(position)
        if fields:
            self.sig_sentence_clicked.emit(fields)

    def _extend_menu(self, menu: object, _pos: QPoint) -> None:
        from PySide6.QtWidgets import QMenu

        if not isinstance(menu, QMenu):
            return
        sid = self.section_at(self.editor.textCursor().position())
        if not sid or sid not in self._edits:
            return
        menu.addSeparator()
        menu.addAction(self.tr("Replace with generated text"), lambda: self.revert_section(sid))
        if self._generated is not None and self._edits.is_stale(self._generated, sid):
            menu.addAction(self.tr("Keep my text"), lambda: self.keep_section(sid))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # pointing hand over the action links, as in a browser
        if watched is self.editor.viewport() and event.type() == QEvent.Type.MouseMove:
            assert isinstance(event, QMouseEvent)
            pos = self.editor.cursorForPosition(event.position().toPoint()).position()
            link = self._action_at(pos) is not None
            self.editor.viewport().setCursor(
                Qt.CursorShape.PointingHandCursor if link else Qt.CursorShape.IBeamCursor
            )
        return super().eventFilter(watched, event)

    def _on_language_clicked(self, code: str) -> None:
        self.sig_language_changed.emit(code)
