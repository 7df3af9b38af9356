"""The reports worklist: find reports, preview them, reopen, amend, export, deliver.

The secretary's workspace (signed reports only: search, preview the signed PDF,
export, record delivery) and the radiologist's worklist (also drafts and
preliminary reports to reopen for editing, and signed ones to amend with a signed
addendum).  Controls follow the role and the selected report's status, and the
store checks every permission again: nothing here edits or signs by itself.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from radreport.domain.report import ExamBanner, ReportStatus
from radreport.domain.workflow import Action, Role, allowed, role_allows, statuses_for
from radreport.qt.jobs import start_job
from radreport.qt.pdf_preview import PdfPreview
from radreport.services.atomic import write_atomic
from radreport.services.store import Actor, Store, StoreError
from radreport.services.store.service import ReportSummary

CHANNELS = ("fax", "mail", "email", "hand", "portal", "hl7", "other")

# the worklist's status filter: which statuses each choice shows
STATUS_FILTERS: dict[str, tuple[ReportStatus, ...]] = {
    "open": (ReportStatus.DRAFT, ReportStatus.PRELIMINARY),
    "signed": (ReportStatus.FINAL, ReportStatus.AMENDED),
    "all": (
        ReportStatus.DRAFT,
        ReportStatus.PRELIMINARY,
        ReportStatus.FINAL,
        ReportStatus.AMENDED,
    ),
}
# the exam-date filter: how many days back (None: any date)
DATE_FILTERS: tuple[int | None, ...] = (None, 0, 7, 30, 365)


def status_words() -> dict[ReportStatus, str]:
    """Report statuses in the interface language (the enum values are English ids)."""

    return {
        ReportStatus.DRAFT: QCoreApplication.translate("ReportStatus", "draft"),
        ReportStatus.PRELIMINARY: QCoreApplication.translate("ReportStatus", "preliminary"),
        ReportStatus.FINAL: QCoreApplication.translate("ReportStatus", "final"),
        ReportStatus.AMENDED: QCoreApplication.translate("ReportStatus", "amended"),
        ReportStatus.DISCARDED: QCoreApplication.translate("ReportStatus", "discarded"),
    }


def date_range(days: int | None, today: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """Exam dates from ``days`` ago to today (both None: no date filter)."""
    if days is None:
        return None, None
    return today - dt.timedelta(days=days), today


def export_file_name(summary: ReportSummary) -> str:
    """A safe, recognisable file name: accession, patient ID, date and the report number
    (one exam may have several reports, e.g. brain and spine: each keeps its own file)."""
    parts = [
        summary.accession_number,
        summary.patient_id,
        summary.study_date.isoformat() if summary.study_date else "",
        f"report-{summary.id}",
    ]
    safe = "_".join(p for p in parts if p)
    return "".join(c if c.isalnum() or c in "-_." else "-" for c in safe) + ".pdf"


class ExportJob(QObject):
    """Exports signed PDFs to a folder off the GUI thread; each export is recorded."""

    sig_progress = Signal(int, int)
    sig_done = Signal(object)  # list of (report id, path or error message)

    def __init__(
        self, store: Store, actor: Actor, reports: Sequence[ReportSummary], folder: Path, to: str
    ) -> None:
        super().__init__()
        self.store, self.actor, self.reports, self.folder, self.to = (
            store,
            actor,
            list(reports),
            folder,
            to,
        )
        self.cancel_event = threading.Event()

    @Slot()
    def run(self) -> None:
        results: list[tuple[int, str]] = []
        for done, summary in enumerate(self.reports):
            if self.cancel_event.is_set():
                break
            try:
                data = self.store.export_pdf(
                    self.actor, summary.id, recipient=self.to, channel="export"
                )
                path = write_atomic(self.folder / export_file_name(summary), data)
                results.append((summary.id, str(path)))
            except Exception as exc:  # a refusal, a store or disk error: shown, not raised
                results.append((summary.id, f"error: {exc}"))
            self.sig_progress.emit(done + 1, len(self.reports))
        self.sig_done.emit(results)


class AddendJob(QObject):
    """Signs an addendum off the GUI thread (password hashing and PAdES take a while)."""

    sig_done = Signal(object)  # SignatureInfo, or the exception

    def __init__(
        self,
        store: Store,
        actor: Actor,
        report_id: int,
        text: str,
        password: str,
        identity: Path,
        passphrase: str,
    ) -> None:
        super().__init__()
        self.store, self.actor, self.report_id = store, actor, report_id
        self.args = (text, password, identity, passphrase)

    @Slot()
    def run(self) -> None:
        text, password, identity, passphrase = self.args
        self.args = ()  # type: ignore[assignment]  # do not keep the secrets
        try:
            result: object = self.store.addend(
                self.actor,
                self.report_id,
                text,
                password=password,
                identity_path=identity,
                passphrase=passphrase,
            )
        except Exception as exc:  # every refusal and failure is shown to the user
            result = exc
        self.sig_done.emit(result)


class ReportsWorkspace(QWidget):
    sig_export_finished = Signal(object)
    sig_open_report = Signal(int)  # reopen this draft or preliminary for editing
    sig_addendum_signed = Signal(object)  # SignatureInfo

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.actor = store, actor
        self.results: list[ReportSummary] = []
        self._export: ExportJob | None = None
        self._previewed: int | None = None

        self._addend: AddendJob | None = None
        role = actor.role
        self.writer = role in (Role.RADIOLOGIST, Role.RESIDENT)

        self.query = QLineEdit()
        self.query.setPlaceholderText(self.tr("Words, patient name or ID, accession number"))
        self.query.setMinimumWidth(180)
        self.query.returnPressed.connect(self.search)
        find = QShortcut(QKeySequence.StandardKey.Find, self)  # Ctrl+F: back to the search box
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self._focus_query)
        search = QPushButton(self.tr("&Search"))
        search.clicked.connect(self.search)
        # status: a secretary only ever sees signed reports, so she gets no choice
        self.status_filter = QComboBox()
        labels = {
            "open": self.tr("To finish (draft, preliminary)"),
            "signed": self.tr("Signed (final, amended)"),
            "all": self.tr("All statuses"),
        }
        visible = statuses_for(role, Action.SEARCH)
        for key, statuses in STATUS_FILTERS.items():
            if set(statuses) <= visible:
                self.status_filter.addItem(labels[key], key)
        # writers see everything they may act on; a secretary, signed reports
        self.status_filter.setCurrentIndex(
            max(self.status_filter.findData("all" if self.writer else "signed"), 0)
        )
        self.status_filter.setVisible(self.status_filter.count() > 1)
        self.date_filter = QComboBox()
        for days, label in zip(
            DATE_FILTERS,
            (
                self.tr("Any exam date"),
                self.tr("Exams of today"),
                self.tr("Last 7 days"),
                self.tr("Last 30 days"),
                self.tr("Last 12 months"),
            ),
            strict=True,
        ):
            self.date_filter.addItem(label, days)
        self.mine = QCheckBox(self.tr("&Mine only"))
        self.mine.setVisible(self.writer)
        for box in (self.status_filter, self.date_filter):
            box.currentIndexChanged.connect(self.search)
            # long (French) labels must not widen the window past a 1280-pixel screen
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            box.setMinimumContentsLength(12)
        self.mine.toggled.connect(self.search)
        top = QHBoxLayout()
        top.addWidget(self.query, 1)
        top.addWidget(self.status_filter)
        top.addWidget(self.date_filter)
        top.addWidget(self.mine)
        top.addWidget(search)

        self.table = QTableWidget(0, 9)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Patient"),
                self.tr("Patient ID"),
                self.tr("Exam date"),
                self.tr("Accession"),
                self.tr("Template"),
                self.tr("Status"),
                self.tr("Author"),
                self.tr("Updated"),
                self.tr("Referring physician"),
            ]
        )
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._on_selection)
        self.table.itemActivated.connect(lambda _item: self.open_selected())
        self.preview = PdfPreview()

        self.open_button = QPushButton(self.tr("&Open for editing"))
        self.open_button.setToolTip(self.tr("Go on writing this draft or preliminary (Enter)"))
        self.open_button.clicked.connect(self.open_selected)
        self.open_button.setVisible(self.writer)
        self.discard_button = QPushButton(self.tr("Disc&ard draft..."))
        self.discard_button.setToolTip(
            self.tr("Discard a draft written by mistake (a reason is kept)")
        )
        self.discard_button.clicked.connect(self._ask_discard)
        self.discard_button.setVisible(self.writer)
        self.addendum_button = QPushButton(self.tr("Add a signed add&endum..."))
        self.addendum_button.clicked.connect(self.add_addendum)
        self.addendum_button.setVisible(role_allows(role, Action.ADDEND))

        self.recipient = QLineEdit()
        self.recipient.setPlaceholderText(self.tr("Recipient (e.g. Dr Gagnon, neurology)"))
        self.channel = QComboBox()
        for c in CHANNELS:
            self.channel.addItem(c, c)
        self.deliver_button = QPushButton(self.tr("Record &delivery"))
        self.deliver_button.clicked.connect(self.record_delivery)
        self.export_button = QPushButton(self.tr("&Export selected..."))
        self.export_button.clicked.connect(self._choose_export_folder)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.cancel_export)
        self.progress = QProgressBar()
        self.status = QLabel()
        actions = QHBoxLayout()
        for w in (
            self.open_button,
            self.discard_button,
            self.addendum_button,
            self.recipient,
            self.channel,
            self.deliver_button,
            self.export_button,
        ):
            actions.addWidget(w)
        actions.addWidget(self.progress)
        actions.addWidget(self.cancel_button)
        self._busy(False)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(top)
        left_layout.addWidget(self.table, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.preview)
        split.setSizes([760, 500])
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addLayout(actions)
        layout.addWidget(self.status)

    def _focus_query(self) -> None:
        self.query.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.query.selectAll()

    def statuses(self) -> list[ReportStatus]:
        key = self.status_filter.currentData() or "signed"
        return list(STATUS_FILTERS[str(key)])

    def search(self) -> list[ReportSummary]:
        """Reports matching the words and filters, most recently changed first."""
        q = self.query.text().strip()
        statuses = self.statuses()
        days = self.date_filter.currentData()
        date_from, date_to = date_range(days if isinstance(days, int) else None, dt.date.today())

        def find(
            words: str = "", patient: str | None = None, accession: str | None = None
        ) -> list[ReportSummary]:
            return self.store.search(
                self.actor,
                words,
                statuses=statuses,
                date_from=date_from,
                date_to=date_to,
                patient=patient,
                accession=accession,
                mine=self.writer and self.mine.isChecked(),
                limit=200,
            )

        try:
            # one box for what a secretary has at hand: words of the report, the
            # patient's name or ID, or the accession number
            found = {r.id: r for r in find(q)}
            if q:
                for extra in (find(patient=q), find(accession=q)):
                    found.update({r.id: r for r in extra})
        except StoreError as exc:
            self.status.setText(self.tr("Search failed: {error}").format(error=exc))
            return []
        results = sorted(found.values(), key=lambda r: (r.updated_at, r.id), reverse=True)
        self.results = results
        words = status_words()
        self.table.setRowCount(len(results))
        for row, r in enumerate(results):
            values = (
                r.patient_name,
                r.patient_id,
                r.study_date.isoformat() if r.study_date else "",
                r.accession_number,
                r.template_id,
                words.get(r.status, r.status.value),
                r.author,
                r.updated_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                r.referring_physician,
            )
            for col, value in enumerate(values):
                self.table.setItem(row, col, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        self.status.setText(self.tr("{n} reports").format(n=len(results)))
        self._previewed = None
        self._update_actions()
        return results

    def selected(self) -> list[ReportSummary]:
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        return [self.results[r] for r in rows if r < len(self.results)]

    def _on_selection(self) -> None:
        self._update_actions()
        self._preview_selected()

    def _update_actions(self) -> None:
        """Enable what the role may do to the selected reports in their status."""
        chosen = self.selected()
        role = self.actor.role
        one = chosen[0] if len(chosen) == 1 else None
        self.open_button.setEnabled(
            one is not None and allowed(role, Action.EDIT, one.status) and self._can_reopen(one)
        )
        self.discard_button.setEnabled(
            one is not None
            and allowed(role, Action.DISCARD, one.status)
            and one.author == self.actor.login
        )
        self.addendum_button.setEnabled(
            one is not None and allowed(role, Action.ADDEND, one.status) and self._addend is None
        )
        exportable = bool(chosen) and all(allowed(role, Action.EXPORT, r.status) for r in chosen)
        self.export_button.setEnabled(exportable and self._export is None)
        self.deliver_button.setEnabled(
            bool(chosen) and all(allowed(role, Action.RECORD_DELIVERY, r.status) for r in chosen)
        )

    def _can_reopen(self, summary: ReportSummary) -> bool:
        # a draft is its author's to go on with; a preliminary is revised by a radiologist
        return summary.status is not ReportStatus.DRAFT or summary.author == self.actor.login

    def _preview_selected(self) -> None:
        chosen = self.selected()
        if len(chosen) != 1 or chosen[0].id == self._previewed:
            return
        summary = chosen[0]
        self._previewed = summary.id
        store, actor = self.store, self.actor
        if summary.status is ReportStatus.DRAFT:
            # not signed yet: the PDF as it would print now, marked DRAFT
            def produce() -> bytes:
                from radreport.services.pdf import document_for_text, render_pdf

                view = store.get_report(actor, summary.id)
                doc = document_for_text(
                    view.text, banner=ExamBanner.from_study(view.study), report_id=str(summary.id)
                )
                return render_pdf(doc)
        else:

            def produce() -> bytes:
                return store.signed_pdf(actor, summary.id)

        # the store and the PDF engine work off the GUI thread; refusals and damaged
        # PDFs come back as a message in the preview
        self.preview.load_async(produce)

    def open_selected(self) -> bool:
        """Ask the main window to reopen the selected draft or preliminary for editing."""
        chosen = self.selected()
        if len(chosen) != 1 or not self.open_button.isEnabled():
            return False
        self.sig_open_report.emit(chosen[0].id)
        return True

    def _ask_discard(self) -> None:
        reason, ok = QInputDialog.getText(
            self,
            self.tr("Discard the draft"),
            self.tr("Why is this draft discarded? (kept in the audit trail)"),
        )
        if ok:
            self.discard_selected(reason)

    def discard_selected(self, reason: str) -> bool:
        """Discard the selected draft (its versions stay in the store, with the reason)."""
        chosen = self.selected()
        if len(chosen) != 1 or not self.discard_button.isEnabled():
            return False
        if not reason.strip():
            self.status.setText(self.tr("Say why the draft is discarded."))
            return False
        summary = chosen[0]
        try:
            self.store.discard(
                self.actor, summary.id, reason, expected_lock_version=summary.lock_version
            )
        except Exception as exc:  # a refusal or a conflict is shown, not raised
            self.status.setText(self.tr("Not discarded: {error}").format(error=exc))
            return False
        self.search()
        self.status.setText(self.tr("Draft {id} discarded").format(id=summary.id))
        return True

    def add_addendum(self) -> None:
        """Type the addendum and re-authenticate in the sign dialog, then sign it."""
        chosen = self.selected()
        if len(chosen) != 1 or not self.addendum_button.isEnabled():
            return
        from radreport.qt.sign_dialog import SignDialog
        from radreport.services.settings import load_settings

        identity = load_settings()[0].signing_identity
        if not identity:
            self.status.setText(self.tr("Choose your signing identity in File > Settings"))
            return
        summary = chosen[0]
        dialog = SignDialog(
            self.actor.full_name,
            self.actor.credentials,
            language=summary.language,
            kind="addendum",
            parent=self,
        )
        if dialog.exec() != SignDialog.DialogCode.Accepted:
            return
        text = dialog.addendum_text()
        secrets = dialog.take_secrets()
        self.start_addendum(summary.id, text, secrets.password, Path(identity), secrets.passphrase)

    def start_addendum(
        self, report_id: int, text: str, password: str, identity: Path, passphrase: str
    ) -> None:
        if self._addend is not None:
            return
        job = AddendJob(self.store, self.actor, report_id, text, password, identity, passphrase)
        job.sig_done.connect(self._addendum_done)
        self._addend = job
        self.status.setText(self.tr("Signing the addendum..."))
        self._update_actions()
        start_job(job, job.run, job.sig_done)

    @Slot(object)
    def _addendum_done(self, outcome: object) -> None:
        self._addend = None
        if isinstance(outcome, Exception):
            self.status.setText(self.tr("Addendum not signed: {error}").format(error=outcome))
            self._update_actions()
            return
        self.search()  # the report is amended now, with a new signed PDF
        self.status.setText(self.tr("Addendum signed"))
        self.sig_addendum_signed.emit(outcome)

    def record_delivery(self) -> bool:
        chosen, to = self.selected(), self.recipient.text().strip()
        if not chosen or not to:
            self.status.setText(self.tr("Select reports and say to whom they were delivered."))
            return False
        channel = str(self.channel.currentData())
        try:
            for r in chosen:
                self.store.record_delivery(self.actor, r.id, recipient=to, channel=channel)
        except Exception as exc:
            self.status.setText(self.tr("Delivery not recorded: {error}").format(error=exc))
            return False
        self.status.setText(
            self.tr("Delivery recorded: {n} report(s) to {to}").format(n=len(chosen), to=to)
        )
        return True

    def _choose_export_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Export the PDFs to"))
        if folder:
            self.export_to(Path(folder))

    def export_to(self, folder: Path) -> None:
        chosen = self.selected()
        if not chosen or self._export is not None:
            return
        job = ExportJob(self.store, self.actor, chosen, folder, self.recipient.text().strip())
        # a bound slot of this widget, so Qt queues it to the GUI thread (a lambda would
        # run in the worker thread and touch the progress bar from there)
        job.sig_progress.connect(self._on_export_progress)
        job.sig_done.connect(self._exported)
        self._export = job
        self._busy(True)
        start_job(job, job.run, job.sig_done)

    @Slot(int, int)
    def _on_export_progress(self, done: int, total: int) -> None:
        self.progress.setValue(done * 100 // max(total, 1))

    def cancel_export(self) -> None:
        if self._export is not None:
            self._export.cancel_event.set()

    def _exported(self, results: object) -> None:
        job, self._export = self._export, None
        self._busy(False)
        items = list(results) if isinstance(results, list) else []
        failed = [r for r in items if str(r[1]).startswith("error:")]
        done = len(items) - len(failed)
        if job is not None and job.cancel_event.is_set() and len(items) < len(job.reports):
            self.status.setText(
                self.tr("Export cancelled: {n} of {total} PDF(s) exported, {f} failed").format(
                    n=done, total=len(job.reports), f=len(failed)
                )
            )
        else:
            self.status.setText(
                self.tr("Exported {n} PDF(s), {f} failed").format(n=done, f=len(failed))
            )
        self.sig_export_finished.emit(items)

    def _busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        if busy:
            self.progress.setValue(0)
            self.export_button.setEnabled(False)
        else:
            self._update_actions()
