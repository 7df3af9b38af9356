"""The radiologist's report workspace: form | live report text, warnings below.

Wires the widgets to each other and to the template services: every change of
an answer validates and re-renders (a few ms), problems are flagged at their
field, clicking a sentence or a warning jumps to the field that produced it.
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from radreport.domain.report import ExamBanner, ReportDocument, ReportStatus, ReportText
from radreport.domain.rules.messages import RuleMessage, Severity
from radreport.domain.study import Study
from radreport.domain.template_choice import suggest_templates
from radreport.domain.workflow import Role
from radreport.qt.form import TemplateForm
from radreport.qt.jobs import start_job
from radreport.qt.report_view import ReportView
from radreport.qt.warnings_pane import WarningsPane
from radreport.services.drafts import DraftSession, Restorable, edited_sections
from radreport.services.store import StoreError
from radreport.services.templates import (
    AnswersInvalid,
    list_templates,
    load_template,
    render_report,
    validate_answers,
)

if TYPE_CHECKING:
    from radreport.qt.pdf_preview import PdfPreviewDialog

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

    sig_signed = Signal(object)  # SignatureInfo
    AUTOSAVE_MS = 5000

    def __init__(
        self,
        study: Study | None,
        *,
        lang: str = "en",
        drafts: DraftSession | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.study = study
        self.lang = lang
        self.drafts = drafts
        self._dirty = False
        self._signing: SignJob | None = None
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
        self.state_label = QLabel()
        self.save_button = QPushButton(self.tr("&Save draft"))
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.save_button.setToolTip(self.tr("Save draft (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        self.sign_button = QPushButton(self.tr("Si&gn..."))
        self.sign_button.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.sign_button.setToolTip(self.tr("Sign the report (Ctrl+Shift+S)"))
        self.sign_button.clicked.connect(self.sign)
        self.preview_button = QPushButton(self.tr("&Preview PDF"))
        self.preview_button.setShortcut(QKeySequence("Ctrl+P"))
        self.preview_button.setToolTip(self.tr("The PDF the referring physician will get (Ctrl+P)"))
        self.preview_button.clicked.connect(self.preview_pdf)
        self._preview: PdfPreviewDialog | None = None
        for w in (self.state_label, self.preview_button, self.save_button, self.sign_button):
            header.addWidget(w)
        # without a signed-in user there is nowhere to save: the buttons say so
        for b in (self.save_button, self.sign_button):
            b.setEnabled(drafts is not None)
        self.state_label.setText(
            self.tr("Not saved") if drafts is not None else self.tr("Sign in to save and sign")
        )
        self._autosave_timer = QTimer(self)
        self._autosave_timer.setInterval(self.AUTOSAVE_MS)
        self._autosave_timer.timeout.connect(self.autosave)
        if drafts is not None:
            self._autosave_timer.start()

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
        self._warmup: SigningWarmup | None = None
        self._warm_done = False
        self._sign_requested = False
        self._load_template()

    def _warm_signing(self) -> None:
        if self._warmup is None and SigningWarmup.needed():
            self._warmup = SigningWarmup()
            self._warmup.sig_done.connect(self._signing_warm)  # queued: from its thread
            start_job(self._warmup, self._warmup.run, self._warmup.sig_done)

    def _signing_warm(self) -> None:
        self._warm_done = True
        if self._sign_requested:  # Ctrl+Shift+S came first: open the dialog now
            self._sign_requested = False
            self.sign()

    @property
    def template_id(self) -> str:
        return str(self.template_box.currentData())

    def _load_template(self) -> None:
        """Build the form of the chosen template, keeping the answers it shares."""
        old: Mapping[str, Any] = self.form.answers() if self.form is not None else {}
        self.template = load_template(self.template_id)
        if self.drafts is not None and not self.drafts.saved:
            self.drafts.template_id, self.drafts.language = self.template_id, self.lang
        # made in place: moving a built form into the workspace would re-polish it all
        form = TemplateForm(self.template, self.lang, parent=self.form_area)
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
        # would otherwise scan its thousands of objects and stall the GUI (see app.py);
        # a large form is built in slices: freeze again when its last slice is built
        gc.freeze()
        form.sig_built.connect(gc.freeze)
        if self.drafts is not None and SigningWarmup.needed():
            # after the form's last slice: both at once would share the GIL
            if form.fully_built:
                self._warm_signing()
            else:
                form.sig_built.connect(self._warm_signing)
        self.update_report(form.answers())

    def set_language(self, lang: str) -> None:
        if lang == self.lang or lang not in ("en", "fr"):
            return
        self.lang = lang
        if self.drafts is not None:
            self.drafts.language = lang  # saved and signed in the language on screen
        self.view.set_language(lang)
        self._load_template()  # labels in the new language; answers are kept

    def update_report(self, answers: Mapping[str, Any]) -> None:
        problems, warnings = validate_answers(self.template, dict(answers), self.study)
        assert self.form is not None
        unplaced = self.form.show_problems(problems)
        if unplaced:
            log.debug("%d answer problems without a field", len(unplaced))
        self._dirty = True
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

    def document(self) -> ReportDocument | None:
        """What the PDF will show: banner from the study, the text as edited, draft status."""
        text = self.current_text()
        if text is None:
            return None
        banner = ExamBanner.from_study(self.study) if self.study is not None else None
        report_id = (
            str(self.drafts.report_id) if self.drafts and self.drafts.report_id else "unsaved"
        )
        # what radreport.services.pdf.document_for_text makes, without importing the PDF
        # package (reportlab, pyHanko: ~0.3 s) on the GUI thread
        return ReportDocument(
            report_id=report_id,
            banner=banner or ExamBanner(patient_name="", patient_id=""),
            text=text,
            status=ReportStatus.DRAFT,
        )

    def preview_pdf(self) -> PdfPreviewDialog | None:
        """Show the PDF (marked DRAFT) in a window; rendered in the background."""
        doc = self.document()
        if doc is None:
            return None
        from radreport.qt.pdf_preview import PdfPreviewDialog

        if self._preview is None:
            self._preview = PdfPreviewDialog(self)
        self._preview.preview.render_document(doc)
        self._preview.show()
        self._preview.raise_()
        return self._preview

    # -- the store: save, autosave, restore, sign --------------------------------

    def _answers(self) -> dict[str, Any]:
        return self.form.answers() if self.form is not None else {}

    def save(self) -> bool:
        if self.drafts is None:
            return False
        try:
            self.drafts.save(self._answers(), self.current_text())
        except StoreError as exc:
            self.state_label.setText(self.tr("Not saved: {error}").format(error=exc))
            return False
        self._dirty = False
        self.template_box.setEnabled(False)  # the draft is of this template now
        self.state_label.setText(
            self.tr("Saved {time}").format(time=dt.datetime.now().strftime("%H:%M:%S"))
        )
        return True

    def autosave(self) -> bool:
        """Keep the working copy every few seconds (after the first save), so a crash
        loses nothing; cheap: one row overwritten, no version."""
        if self.drafts is None or not self._dirty or not self.drafts.saved:
            return False
        try:
            done = self.drafts.autosave(self._answers(), self.current_text())
        except StoreError as exc:
            self.state_label.setText(self.tr("Autosave failed: {error}").format(error=exc))
            return False
        if done:
            self._dirty = False
            self.state_label.setText(
                self.tr("Autosaved {time}").format(time=dt.datetime.now().strftime("%H:%M:%S"))
            )
        return done

    def keep_work(self) -> None:
        """Before the workspace goes away (another report opened, the app closed): keep
        what was typed.  A saved draft gets its working copy; a report never saved is
        saved as a draft if anything was answered (it can be discarded later)."""
        if self.drafts is None or self._signing is not None or not self.form_area.isEnabled():
            return
        if self.drafts.saved:
            self.autosave()
        elif any(v not in (None, "", [], {}) for v in self._answers().values()):
            self.save()

    def restore(self, restorable: Restorable, *, reopened: bool = False) -> None:
        """Continue a draft: one left with unsaved work (after a crash), or one reopened
        from the worklist.  The answers and the text typed by hand both come back."""
        assert self.drafts is not None
        self.drafts.resume(restorable)
        index = self.template_box.findData(restorable.template_id)
        if index < 0:  # a template the study's regions would not suggest: still offer it
            self.template_box.addItem(restorable.template_id, restorable.template_id)
            index = self.template_box.count() - 1
        if index != self.template_box.currentIndex():
            self.template_box.setCurrentIndex(index)  # rebuilds the form
        assert self.form is not None
        self.form.set_answers(dict(restorable.answers))
        edits = edited_sections(restorable.text)
        if edits and self.view.report() is not None:
            self.view.set_edited_sections(edits)
        self._dirty = False
        self.template_box.setEnabled(False)
        self.state_label.setText(
            self.tr("Report {id} reopened").format(id=restorable.report_id)
            if reopened
            else self.tr("Unsaved work restored")
        )

    def sign(self) -> None:
        """Ask for re-authentication in the sign dialog, then sign in the background."""
        if self.drafts is None:
            return
        self._warm_signing()
        if self._warmup is not None and not self._warm_done:
            # the first signature of the session: its code (reportlab, pyHanko) is still
            # loading off the GUI thread; importing it here would wait for that
            self._sign_requested = True
            return
        from radreport.qt.sign_dialog import SignDialog
        from radreport.services.settings import load_settings

        identity = load_settings()[0].signing_identity
        if not identity:
            self.state_label.setText(self.tr("Choose your signing identity in File > Settings"))
            return
        actor = self.drafts.actor
        kind = "preliminary" if actor.role is Role.RESIDENT else "final"
        dialog = SignDialog(
            actor.full_name,
            actor.credentials,
            language=self.lang,
            messages=self.messages,
            document=self.document(),  # previewed beside the password fields
            kind=kind,
            parent=self,
        )
        if dialog.exec() != SignDialog.DialogCode.Accepted:
            return
        secrets = dialog.take_secrets()
        if secrets is not None:
            self.start_signing(secrets.password, Path(identity), secrets.passphrase)

    def start_signing(self, password: str, identity: Path, passphrase: str) -> None:
        assert self.drafts is not None
        if self._signing is not None:
            return
        self._autosave_timer.stop()
        self.state_label.setText(self.tr("Signing..."))
        self.setEnabled(False)
        job = SignJob(
            self.drafts, self._answers(), self.current_text(), password, identity, passphrase
        )
        job.sig_done.connect(self._signed)
        self._signing = job
        start_job(job, job.run, job.sig_done)

    def _signed(self, outcome: object) -> None:
        self._signing = None
        self.setEnabled(True)
        if isinstance(outcome, Exception):
            self.state_label.setText(self.tr("Not signed: {error}").format(error=outcome))
            self._autosave_timer.start()
            return
        self.form_area.setEnabled(False)  # a final report's content never changes
        self.view.setEnabled(False)
        for w in (self.save_button, self.sign_button, self.template_box):
            w.setEnabled(False)
        self.state_label.setText(self.tr("Signed"))
        self.sig_signed.emit(outcome)


class SigningWarmup(QObject):
    """Imports the sign dialog and the PDF code (reportlab, pyHanko: ~0.3 s) and loads
    the report fonts off the GUI thread, so that the first Ctrl+Shift+S of a session
    opens the dialog at once and its preview render does not run beside the signature
    (two busy workers starved the GUI thread of the GIL for 100-200 ms)."""

    sig_done = Signal()

    @staticmethod
    def needed() -> bool:
        return "radreport.qt.sign_dialog" not in sys.modules

    @Slot()
    def run(self) -> None:
        try:
            import radreport.qt.sign_dialog  # noqa: F401  (imports radreport.services.pdf)
            from radreport.services.pdf import render_pdf

            text = ReportText(language="en", title="", sections=())
            blank = ExamBanner(patient_name="", patient_id="")
            render_pdf(ReportDocument(report_id="warm-up", banner=blank, text=text))
        except Exception:  # a broken letterhead or font is reported when really rendering
            log.debug("PDF warm-up failed", exc_info=True)
        finally:
            self.sig_done.emit()


class SignJob(QObject):
    """Signs off the GUI thread: password hashing and the PAdES signature take a while."""

    sig_done = Signal(object)  # SignatureInfo, or the exception

    def __init__(
        self,
        drafts: DraftSession,
        answers: dict[str, Any],
        text: ReportText | None,
        password: str,
        identity: Path,
        passphrase: str,
    ) -> None:
        super().__init__()
        self.args = (drafts, answers, text, password, identity, passphrase)

    @Slot()
    def run(self) -> None:
        drafts, answers, text, password, identity, passphrase = self.args
        self.args = ()  # type: ignore[assignment]  # do not keep the secrets
        try:
            result: object = drafts.sign(
                answers, text, password=password, identity_path=identity, passphrase=passphrase
            )
        except Exception as exc:  # every refusal and failure is shown to the user
            result = exc
        self.sig_done.emit(result)
