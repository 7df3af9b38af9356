"""Finished reports: search, preview the signed PDF, export and record delivery.

The secretary's workspace (radiologists use it as a worklist of signed reports).
It only calls the store, which checks every permission; nothing here edits or signs.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
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

from radreport.domain.report import ReportStatus
from radreport.qt.jobs import start_job
from radreport.qt.pdf_preview import PdfPreview
from radreport.services.atomic import write_atomic
from radreport.services.store import Actor, Store, StoreError
from radreport.services.store.service import ReportSummary

CHANNELS = ("fax", "mail", "email", "hand", "portal", "hl7", "other")


def export_file_name(summary: ReportSummary) -> str:
    """A safe, recognisable file name: accession (or id), patient ID, date."""
    parts = [
        summary.accession_number or f"report-{summary.id}",
        summary.patient_id,
        summary.study_date.isoformat() if summary.study_date else "",
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
            except (StoreError, OSError) as exc:
                results.append((summary.id, f"error: {exc}"))
            except Exception as exc:  # a refusal (permission, workflow) is shown, not raised
                results.append((summary.id, f"error: {exc}"))
            self.sig_progress.emit(done + 1, len(self.reports))
        self.sig_done.emit(results)


class ReportsWorkspace(QWidget):
    sig_export_finished = Signal(object)

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.actor = store, actor
        self.results: list[ReportSummary] = []
        self._export: ExportJob | None = None
        self._previewed: int | None = None

        self.query = QLineEdit()
        self.query.setPlaceholderText(self.tr("Words, patient name or ID, accession number"))
        self.query.returnPressed.connect(self.search)
        search = QPushButton(self.tr("&Search"))
        search.clicked.connect(self.search)
        top = QHBoxLayout()
        top.addWidget(self.query, 1)
        top.addWidget(search)

        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Patient"),
                self.tr("Patient ID"),
                self.tr("Exam date"),
                self.tr("Accession"),
                self.tr("Referring physician"),
                self.tr("Status"),
            ]
        )
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._preview_selected)
        self.preview = PdfPreview()

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
        for w in (self.recipient, self.channel, self.deliver_button, self.export_button):
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
        split.setSizes([700, 560])
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addLayout(actions)
        layout.addWidget(self.status)

    def search(self) -> list[ReportSummary]:
        """Signed reports (final or amended) matching the words, newest first."""
        q = self.query.text().strip()
        signed = [ReportStatus.FINAL, ReportStatus.AMENDED]
        try:
            # one box for what a secretary has at hand: words of the report, the
            # patient's name or ID, or the accession number
            found = {r.id: r for r in self.store.search(self.actor, q, statuses=signed, limit=200)}
            if q:
                for extra in (
                    self.store.search(self.actor, statuses=signed, patient=q, limit=200),
                    self.store.search(self.actor, statuses=signed, accession=q, limit=200),
                ):
                    found.update({r.id: r for r in extra})
            self.results = sorted(found.values(), key=lambda r: r.updated_at, reverse=True)
        except StoreError as exc:
            self.status.setText(self.tr("Search failed: {error}").format(error=exc))
            return []
        self.table.setRowCount(len(self.results))
        for row, r in enumerate(self.results):
            values = (
                r.patient_name,
                r.patient_id,
                r.study_date.isoformat() if r.study_date else "",
                r.accession_number,
                r.referring_physician,
                r.status.value,
            )
            for col, value in enumerate(values):
                self.table.setItem(row, col, QTableWidgetItem(value))
        self.status.setText(self.tr("{n} signed reports").format(n=len(self.results)))
        return self.results

    def selected(self) -> list[ReportSummary]:
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        return [self.results[r] for r in rows if r < len(self.results)]

    def _preview_selected(self) -> None:
        chosen = self.selected()
        if len(chosen) != 1 or chosen[0].id == self._previewed:
            return
        self._previewed = chosen[0].id
        try:
            self.preview.load_bytes(self.store.signed_pdf(self.actor, chosen[0].id))
        except Exception as exc:  # refusals and damaged PDFs alike are shown, not raised
            self.status.setText(self.tr("No preview: {error}").format(error=exc))

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
        self._export = None
        self._busy(False)
        items = list(results) if isinstance(results, list) else []
        failed = [r for r in items if str(r[1]).startswith("error:")]
        self.status.setText(
            self.tr("Exported {n} PDF(s), {f} failed").format(
                n=len(items) - len(failed), f=len(failed)
            )
        )
        self.sig_export_finished.emit(items)

    def _busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.export_button.setEnabled(not busy)
        if busy:
            self.progress.setValue(0)
