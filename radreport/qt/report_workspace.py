"""The radiologist's report workspace: form | live report text, warnings below.

Wires the widgets to each other and to the template services: every change of
an answer validates and re-renders (a few ms), problems are flagged at their
field, clicking a sentence or a warning jumps to the field that produced it.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from radreport.domain.report import ReportText
from radreport.domain.rules.messages import RuleMessage, Severity
from radreport.domain.study import Study
from radreport.domain.template_choice import suggest_templates
from radreport.qt.form import TemplateForm
from radreport.qt.report_view import ReportView
from radreport.qt.warnings_pane import WarningsPane
from radreport.services.templates import (
    AnswersInvalid,
    list_templates,
    load_template,
    render_report,
    validate_answers,
)

log = logging.getLogger(__name__)


def problems_as_messages(problems: Sequence[Any]) -> list[RuleMessage]:
    """Unusable answers, shown in the warnings pane like the rules' own errors."""
    return [
        RuleMessage(
            code="answer.invalid",
            severity=Severity.ERROR,
            fields=(p.field,) if p.field else (),
            en=f"{p.field}: {p.reason.en}" if p.field else p.reason.en,
            fr=f"{p.field} : {p.reason.fr}" if p.field else p.reason.fr,
        )
        for p in problems
    ]


class ReportWorkspace(QWidget):
    sig_report_changed = Signal(object)  # ReportText, after each re-render

    def __init__(
        self, study: Study | None, *, lang: str = "en", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.study = study
        self.lang = lang
        self.report: ReportText | None = None
        self.messages: list[RuleMessage] = []

        infos = list_templates()
        regions = [r.value for r in study.regions] if study is not None else []
        order = suggest_templates(infos, regions)
        by_id = {i.id: i for i in infos}
        self.template_box = QComboBox()
        for tid in order:
            self.template_box.addItem(by_id[tid].title.get(lang, tid), tid)
        self.template_label = QLabel(self.tr("&Template:"))
        self.template_label.setBuddy(self.template_box)
        header = QHBoxLayout()
        header.addWidget(self.template_label)
        header.addWidget(self.template_box, 1)

        self.form_area = QWidget()  # the form scrolls by itself
        self._form_layout = QVBoxLayout(self.form_area)
        self._form_layout.setContentsMargins(0, 0, 0, 0)
        self.view = ReportView()
        self.warnings = WarningsPane()
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.view)
        right.addWidget(self.warnings)
        right.setSizes([640, 160])
        split = QSplitter()
        split.addWidget(self.form_area)
        split.addWidget(right)
        split.setSizes([620, 620])
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(split, 1)

        self.form: TemplateForm | None = None
        self.view.sig_sentence_clicked.connect(self._focus_first)
        self.warnings.sig_warning_clicked.connect(self._focus_first)
        self.view.sig_language_changed.connect(self.set_language)
        self.template_box.currentIndexChanged.connect(lambda _: self._load_template())
        self._load_template()

    @property
    def template_id(self) -> str:
        return str(self.template_box.currentData())

    def _load_template(self) -> None:
        """Build the form of the chosen template, keeping the answers it shares."""
        old: Mapping[str, Any] = self.form.answers() if self.form is not None else {}
        self.template = load_template(self.template_id)
        form = TemplateForm(self.template, self.lang)
        form.sig_answers_changed.connect(self.update_report)
        form.sig_field_focused.connect(lambda ref: self.view.highlight_fields((ref,)))
        if old:
            form.set_answers(dict(old))
        if self.form is not None:
            self._form_layout.removeWidget(self.form)
            self.form.deleteLater()
        self._form_layout.addWidget(form)
        self.form = form
        # the form lives as long as the workspace: spare it from full GC passes, which
        # would otherwise scan its thousands of objects and stall the GUI (see app.py)
        gc.freeze()
        self.update_report(form.answers())

    def set_language(self, lang: str) -> None:
        if lang == self.lang or lang not in ("en", "fr"):
            return
        self.lang = lang
        self.view.set_language(lang)
        self._load_template()  # labels in the new language; answers are kept

    def update_report(self, answers: Mapping[str, Any]) -> None:
        problems, warnings = validate_answers(self.template, dict(answers), self.study)
        assert self.form is not None
        unplaced = self.form.show_problems(problems)
        if unplaced:
            log.debug("%d answer problems without a field", len(unplaced))
        self.messages = [*problems_as_messages(problems), *warnings]
        self.warnings.set_messages(self.messages, self.lang)
        if problems:
            return  # the text keeps its last valid state while a value is being typed
        try:
            report = render_report(self.template, dict(answers), study=self.study, lang=self.lang)
        except AnswersInvalid:  # validated just above: only a race with a template edit
            return
        self.report = report
        self.view.set_report(report)
        self.sig_report_changed.emit(report)

    def _focus_first(self, fields: tuple[str, ...]) -> None:
        if self.form is not None:
            for ref in fields:
                if self.form.focus_field(ref):
                    return

    def current_text(self) -> ReportText | None:
        """The report as the radiologist sees it, manual edits included."""
        return self.view.current_text()
