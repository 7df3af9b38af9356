"""The main window: open studies, see what is in them.

Thin on purpose: scanning is :func:`radreport.services.scanner.scan_paths`, run
in a worker thread; this module only shows its results.
"""

from __future__ import annotations

import contextlib
import html
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

# Only what the first window needs is imported here: each Qt class costs up to 2 ms
# to import, and start-up is timed (bench/startup.py); dialogs and pictures are
# imported where they are used.
from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QListWidget,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from radreport.domain.study import ScanError, Series, Study
from radreport.qt.jobs import start_job
from radreport.services.resources import resource
from radreport.services.scanner import ScanResult, scan_paths_default

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent

    from radreport.qt.report_workspace import ReportWorkspace
    from radreport.qt.reports_workspace import ReportsWorkspace
    from radreport.services.drafts import DraftSession, Restorable
    from radreport.services.store import Actor, Store


class ScanWorker(QObject):
    """Runs one scan off the GUI thread; talks back only through signals."""

    sig_progress = Signal(int, int)
    sig_finished = Signal(object)  # ScanResult

    def __init__(self, paths: Sequence[str]) -> None:
        super().__init__()
        self.paths = list(paths)
        self.cancel_event = threading.Event()

    @Slot()
    def run(self) -> None:
        result = scan_paths_default(
            self.paths,
            progress=lambda done, total: self.sig_progress.emit(done, total),
            cancel=self.cancel_event.is_set,
        )
        self.sig_finished.emit(result)


N_COLUMNS = 8
THUMB = 60
PAINT_FIRST_S = 0.1  # background jobs of a study wait this long after it is shown


class ThumbnailWorker(QObject):
    """Decodes one middle slice per series off the GUI thread, in series order."""

    sig_thumbnail = Signal(str, object)  # series UID, 8-bit numpy image (or None)
    sig_done = Signal()

    def __init__(self, series: Sequence[Series], size: int = THUMB) -> None:
        super().__init__()
        self.series = list(series)
        self.size = size  # in device pixels: sharp on high-DPI screens
        self.cancel_event = threading.Event()

    @Slot()
    def run(self) -> None:
        # Let the GUI thread paint the study first: the imports below hold the GIL for
        # long stretches, which would delay that paint by up to ~30 ms.
        self.cancel_event.wait(PAINT_FIRST_S)
        # imported here, in the worker thread: numpy and pydicom cost ~250 ms of start-up
        from radreport.services.thumbnails import ThumbnailError, series_thumbnail

        for s in self.series:
            if self.cancel_event.is_set():
                break
            try:
                image = series_thumbnail(s, self.size)
            except ThumbnailError:
                image = None  # the row simply has no picture; the reason is not urgent
            self.sig_thumbnail.emit(s.series_instance_uid, image)
        self.sig_done.emit()


class TemplateWarmup(QObject):
    """Loads and compiles the templates a study will likely need, off the GUI thread,
    so that "New report" opens at once (the combined template takes ~0.8 s to load)."""

    sig_done = Signal()

    def __init__(self, regions: Sequence[str]) -> None:
        super().__init__()
        self.regions = list(regions)
        self.cancel_event = threading.Event()

    @Slot()
    def run(self) -> None:
        try:
            self.cancel_event.wait(PAINT_FIRST_S)  # as ThumbnailWorker: the study first
            # what the first "New report" imports, imported here rather than in the GUI
            # thread at Ctrl+R (~100 ms the first time: the workspace, the store)
            import radreport.qt.report_workspace
            import radreport.services.drafts  # noqa: F401
            from radreport.domain.template_choice import suggest_templates
            from radreport.services.templates import TemplateError, list_templates, load_template

            for tid in suggest_templates(list_templates(), self.regions)[:2]:
                if self.cancel_event.is_set():
                    break
                with contextlib.suppress(TemplateError):  # reported when picked
                    load_template(tid)
        finally:
            self.sig_done.emit()


class OpenReportJob(QObject):
    """Reads a stored report and loads its template off the GUI thread."""

    sig_done = Signal(object)  # (DraftSession, Restorable), or the exception

    def __init__(self, store: Store, actor: Actor, report_id: int) -> None:
        super().__init__()
        self.store, self.actor, self.report_id = store, actor, report_id

    @Slot()
    def run(self) -> None:
        try:
            from radreport.services.drafts import open_for_editing
            from radreport.services.templates import load_template

            session, restorable = open_for_editing(self.store, self.actor, self.report_id)
            load_template(restorable.template_id)  # cached for the GUI thread
            result: object = (session, restorable)
        except Exception as exc:  # every refusal and failure is shown to the user
            result = exc
        self.sig_done.emit(result)


class MainWindow(QMainWindow):
    sig_scan_finished = Signal(object)  # ScanResult, after the window has shown it
    sig_report_opened = Signal(object)  # ReportWorkspace, or None when refused
    sig_thumbnails_done = Signal()

    def __init__(self, store: Store | None = None, actor: Actor | None = None) -> None:
        super().__init__()
        self.store, self.actor = store, actor  # the report store and who is signed in
        self.setWindowTitle("RadReport")
        self.setAcceptDrops(True)
        self.studies: list[Study] = []
        self._series_rows: dict[str, int] = {}
        self._worker: ScanWorker | None = None
        self._warmup: TemplateWarmup | None = None
        self._opening: OpenReportJob | None = None

        self.study_tree = QTreeWidget()
        self.study_tree.itemSelectionChanged.connect(self._show_selected)
        self.study_tree.setColumnCount(2)
        tree_header = self.study_tree.header()
        tree_header.setStretchLastSection(False)
        tree_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        tree_header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.study_tree.setColumnHidden(1, actor is None)  # report states need a sign-in
        self._current: Study | None = None

        self.banner = QLabel()
        self.banner.setTextFormat(Qt.TextFormat.RichText)
        self.banner.setWordWrap(True)
        self.banner.setObjectName("patientBanner")
        self.banner.setMargin(8)

        self.series_table = QTableWidget(0, N_COLUMNS)
        self.series_table.verticalHeader().setVisible(False)
        self.series_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.series_table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.series_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.series_table.setIconSize(QSize(THUMB, THUMB))
        self.series_table.verticalHeader().setDefaultSectionSize(THUMB + 6)
        self._thumb_worker: ThumbnailWorker | None = None

        self.error_list = QListWidget()
        self.error_label = QLabel()

        right = QWidget()
        layout = QVBoxLayout(right)
        layout.addWidget(self.banner)
        layout.addWidget(self.series_table, 3)
        layout.addWidget(self.error_label)
        layout.addWidget(self.error_list, 1)
        splitter = QSplitter()
        splitter.addWidget(self.study_tree)
        splitter.addWidget(right)
        splitter.setSizes([320, 960])
        self.tabs = QTabWidget()
        self.tabs.addTab(splitter, "")
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.workspace: ReportWorkspace | None = None
        self.reports: ReportsWorkspace | None = None
        self.setCentralWidget(self.tabs)

        self.progress = QProgressBar()
        self.progress.setMaximumWidth(240)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.cancel_scan)
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.cancel_button)
        self._errors: list[ScanError] = []
        self._set_busy(False)
        self._build_menus()
        self.retranslate()
        if self.actor is not None:
            self._signed_in()

    def retranslate(self) -> None:
        """Set every visible text; called again when the interface language changes."""
        self.study_tree.setHeaderLabels([self.tr("Patient / study"), self.tr("Report")])
        self._show_report_states()
        self.series_table.setHorizontalHeaderLabels(
            [
                "",
                self.tr("#"),
                self.tr("Description"),
                self.tr("Plane"),
                self.tr("Sequence"),
                self.tr("Region"),
                self.tr("Images"),
                self.tr("Thickness"),
            ]
        )
        self.cancel_button.setText(self.tr("Cancel"))
        self.file_menu.setTitle(self.tr("&File"))
        self.open_folder_action.setText(self.tr("Open &folder..."))
        self.open_files_action.setText(self.tr("Open DICOMDIR, &zip or files..."))
        self.recent_menu.setTitle(self.tr("Open &recent"))
        self.new_report_action.setText(self.tr("&New report for this study"))
        self.login_action.setText(
            self.tr("Sign &in...")
            if self.actor is None
            else self.tr("Signed in as {name}").format(name=self.actor.full_name)
        )
        self.tabs.setTabText(0, self.tr("Studies"))
        if self.workspace is not None:
            self.tabs.setTabText(self.tabs.indexOf(self.workspace), self.tr("Report"))
        if self.reports is not None:
            self.tabs.setTabText(self.tabs.indexOf(self.reports), self.tr("Reports"))
        self.settings_action.setText(self.tr("&Settings..."))
        self.quit_action.setText(self.tr("&Quit"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.about_action.setText(self.tr("&About RadReport"))
        if self._current is not None:
            self.show_study(self._current)
        elif not self.studies:
            self.banner.setText(
                self.tr("Open a DICOM folder, DICOMDIR or zip (File menu or drop it here).")
            )
        self._show_errors(self._errors)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _labels(self) -> dict[str, str]:
        """Interface words for the series table's values (enum values are English ids)."""
        return {
            "axial": self.tr("axial"),
            "sagittal": self.tr("sagittal"),
            "coronal": self.tr("coronal"),
            "oblique": self.tr("oblique"),
            "unknown": self.tr("unknown"),
            "brain": self.tr("brain"),
            "cervical": self.tr("cervical"),
            "thoracic": self.tr("thoracic"),
            "lumbar": self.tr("lumbar"),
            "other": self.tr("other"),
            "T1 post-contrast": self.tr("T1 post-contrast"),
            "localizer": self.tr("localizer"),
        }

    # -- menus ---------------------------------------------------------------

    def _build_menus(self) -> None:
        self.file_menu = self.menuBar().addMenu("")
        self.open_folder_action = QAction(self)
        self.open_folder_action.setShortcut(QKeySequence.StandardKey.Open)
        self.open_folder_action.triggered.connect(self._choose_folder)
        self.open_files_action = QAction(self)
        self.open_files_action.triggered.connect(self._choose_files)
        self.login_action = QAction(self)
        self.login_action.triggered.connect(self.sign_in)
        self.new_report_action = QAction(self)
        self.new_report_action.setShortcut(QKeySequence("Ctrl+R"))
        self.new_report_action.setEnabled(False)
        self.new_report_action.triggered.connect(self.new_report)
        self.settings_action = QAction(self)
        self.settings_action.setShortcut(QKeySequence.StandardKey.Preferences)
        self.settings_action.triggered.connect(self.open_settings)
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.file_menu.addAction(self.open_folder_action)
        self.file_menu.addAction(self.open_files_action)
        self.recent_menu = self.file_menu.addMenu("")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.login_action)
        self.file_menu.addAction(self.new_report_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.settings_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.help_menu = self.menuBar().addMenu("")
        self.about_action = QAction(self)
        self.about_action.triggered.connect(self._about)
        self.help_menu.addAction(self.about_action)

    def open_settings(self) -> None:
        from radreport.qt.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self)
        dialog.open()

    def _choose_folder(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        folder = QFileDialog.getExistingDirectory(self, self.tr("Open a DICOM folder"))
        if folder:
            self.open_paths([folder])

    def _choose_files(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        files, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Open DICOMDIR, zip or DICOM files"), "", self.tr("All files (*)")
        )
        if files:
            self.open_paths(files)

    def open_paths(self, paths: Sequence[str]) -> None:
        """Open what the user chose (menu, drop, recent list) and remember it."""
        if self.scanning:
            return
        self._remember(paths)
        self.start_scan(paths)

    def _remember(self, paths: Sequence[str]) -> None:
        from radreport.services.settings import load_settings, save_settings

        settings = load_settings()[0]
        for path in reversed(list(paths)[:10]):
            settings = settings.with_recent(str(path))
        try:
            save_settings(settings)
        except OSError as exc:  # a read-only profile: the list is a convenience only
            self.statusBar().showMessage(
                self.tr("The recent list could not be saved: {error}").format(error=exc)
            )

    def _fill_recent(self) -> None:
        from pathlib import Path

        from radreport.services.settings import load_settings

        self.recent_menu.clear()
        recent = load_settings()[0].recent_folders
        for path in recent:
            action = self.recent_menu.addAction(path)
            action.setEnabled(Path(path).exists())  # moved or unplugged: shown, not offered
            action.triggered.connect(lambda _=False, p=path: self.open_paths([p]))
        if not recent:
            self.recent_menu.addAction(self.tr("(nothing opened yet)")).setEnabled(False)

    def _about(self) -> None:
        from PySide6.QtCore import QLocale
        from PySide6.QtWidgets import QMessageBox

        lang = "fr" if QLocale().language() == QLocale.Language.French else "en"
        text = resource(f"about_{lang}.txt").read_text(encoding="utf-8")
        QMessageBox.about(self, self.tr("About RadReport"), text)

    # -- drag and drop -------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            self.open_paths(paths)

    # -- scanning ------------------------------------------------------------

    @property
    def scanning(self) -> bool:
        return self._worker is not None

    def start_scan(self, paths: Sequence[str]) -> None:
        if self.scanning:
            return
        self._set_busy(True)
        self.statusBar().showMessage(self.tr("Reading DICOM headers..."))
        worker = ScanWorker(paths)
        worker.sig_progress.connect(self._on_progress)
        worker.sig_finished.connect(self._on_finished)
        self._worker = worker
        start_job(worker, worker.run, worker.sig_finished)

    def cancel_scan(self) -> None:
        if self._worker is not None:
            self._worker.cancel_event.set()

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)

    @Slot(object)
    def _on_finished(self, result: ScanResult) -> None:
        self._worker = None
        self._set_busy(False)
        self.show_result(result)
        self.sig_scan_finished.emit(result)

    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.workspace is not None:
            self.workspace.keep_work()
        self.cancel_scan()
        if self._warmup is not None:
            self._warmup.cancel_event.set()
        self._stop_thumbnails()
        super().closeEvent(event)

    # -- showing results -----------------------------------------------------

    def show_result(self, result: ScanResult) -> None:
        self.studies = result.studies
        self.study_tree.clear()
        for study in result.studies:
            when = study.date.isoformat() if study.date else "?"
            item = QTreeWidgetItem(
                [f"{study.patient.name.display()}  —  {when}  {study.description}"]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, study.study_instance_uid)
            self.study_tree.addTopLevelItem(item)
        self._show_report_states()
        first = self.study_tree.topLevelItem(0)
        if first is not None:
            self.study_tree.setCurrentItem(first)
            self._warm_templates(result.studies[0])
        else:
            self._current = None
            self.banner.setText(self.tr("No DICOM study found."))
            self.series_table.setRowCount(0)
        self._show_errors(result.errors)
        state = self.tr("cancelled") if result.cancelled else self.tr("done")
        self.statusBar().showMessage(
            self.tr("Scan {state}: {n} studies, {e} problem files, {t:.1f} s").format(
                state=state, n=len(result.studies), e=len(result.errors), t=result.elapsed_s
            )
        )

    def _show_report_states(self) -> None:
        """Beside each study, where its report stands (worklist at a glance)."""
        if self.store is None or self.actor is None:
            return  # nobody signed in: no report states (and no import at start-up)
        from radreport.qt.reports_workspace import status_words

        words = {status.value: text for status, text in status_words().items()}
        for index, study in enumerate(self.studies):
            item = self.study_tree.topLevelItem(index)
            if item is not None:
                status = self._report_status(study)
                item.setText(1, words.get(status, status) if status else "")

    def _report_status(self, study: Study) -> str:
        """The status of the newest report of ``study`` in the store ("" when none)."""
        if self.store is None or self.actor is None or not study.accession_number:
            return ""
        from radreport.services.store import PermissionDenied, StoreError

        try:
            found = self.store.search(self.actor, accession=study.accession_number, limit=5)
        except (StoreError, PermissionDenied):  # e.g. an administrator: say nothing
            return ""
        pid = study.patient.patient_id
        mine = [r for r in found if r.patient_id == pid]
        return mine[0].status.value if mine else ""

    def _show_errors(self, errors: Sequence[ScanError]) -> None:
        self._errors = list(errors)
        self.error_list.clear()
        for e in errors:
            self.error_list.addItem(f"{e.path}: {e.reason}")
        self.error_label.setText(self.tr("Problem files: {n}").format(n=len(errors)))
        self.error_list.setVisible(bool(errors))
        self.error_label.setVisible(bool(errors))

    def _show_selected(self) -> None:
        item = self.study_tree.currentItem()
        if item is None:
            return
        uid = item.data(0, Qt.ItemDataRole.UserRole)
        study = next((s for s in self.studies if s.study_instance_uid == uid), None)
        if study is not None:
            self.show_study(study)

    def _warm_templates(self, study: Study) -> None:
        worker = TemplateWarmup([r.value for r in study.regions])
        self._warmup = worker
        start_job(worker, worker.run, worker.sig_done)

    def sign_in(self) -> bool:
        """Open the store named in the settings (or the embedded one) and sign in."""
        from radreport.qt.login_dialog import LoginDialog
        from radreport.services.settings import load_settings
        from radreport.services.store import Store, StoreError

        if self.store is None:
            try:
                self.store = Store.open(load_settings()[0].database_url or None)
            except StoreError as exc:
                self.statusBar().showMessage(
                    self.tr("The report database cannot be opened: {error}").format(error=exc)
                )
                return False
        dialog = LoginDialog(self.store, self)
        if dialog.exec() and dialog.actor is not None:
            self.actor = dialog.actor
            self._signed_in()
            return True
        return False

    def _signed_in(self) -> None:
        """Show what this user may do: secretaries get no report-writing control at all."""
        from radreport.domain.workflow import Role
        from radreport.qt.reports_workspace import ReportsWorkspace

        assert self.store is not None and self.actor is not None
        writer = self.actor.role in (Role.RADIOLOGIST, Role.RESIDENT)
        self.study_tree.setColumnHidden(1, False)
        self.new_report_action.setVisible(writer)
        if self.reports is None:
            self.reports = ReportsWorkspace(self.store, self.actor)
            self.reports.sig_open_report.connect(self.open_report)
            self.tabs.addTab(self.reports, "")
            self.reports.search()
        self.retranslate()

    def new_report(self) -> ReportWorkspace | None:
        """Open the report workspace for the study on screen (template suggested from it).

        With a signed-in user the report is kept in the store, and unsaved work left by a
        crash on this study is restored."""
        if self._current is None:
            return None
        from radreport.qt.report_workspace import ReportWorkspace  # template engine: load late
        from radreport.services.drafts import DraftSession, find_restorable
        from radreport.services.settings import load_settings

        lang = load_settings()[0].report_language
        drafts = None
        restorable = None
        if self.store is not None and self.actor is not None:
            drafts = DraftSession(self.store, self.actor, self._current, "", lang)
            restorable = find_restorable(self.store, self.actor, self._current)
        workspace = ReportWorkspace(self._current, lang=lang, drafts=drafts)
        if restorable is not None:
            workspace.restore(restorable)
        return self._show_workspace(workspace)

    def open_report(self, report_id: int) -> None:
        """Reopen a stored draft (or a resident's preliminary) in the report workspace,
        as it was left: answers, text typed by hand and any unsaved autosaved work.

        The store and the template are read in the background; the workspace appears
        when they are ready (``sig_report_opened``), or the refusal is shown."""
        if self.store is None or self.actor is None or self._opening is not None:
            return
        job = OpenReportJob(self.store, self.actor, report_id)
        job.sig_done.connect(self._on_report_loaded)
        self._opening = job
        self.statusBar().showMessage(self.tr("Opening report {id}...").format(id=report_id))
        start_job(job, job.run, job.sig_done)

    @Slot(object)
    def _on_report_loaded(self, outcome: object) -> None:
        self._opening = None
        if isinstance(outcome, Exception):  # a refusal (status, role) or a damaged record
            self.statusBar().showMessage(
                self.tr("The report cannot be opened: {error}").format(error=outcome)
            )
            self.sig_report_opened.emit(None)
            return
        from radreport.qt.report_workspace import ReportWorkspace

        drafts, restorable = cast("tuple[DraftSession, Restorable]", outcome)
        workspace = ReportWorkspace(drafts.study, lang=drafts.language, drafts=drafts)
        workspace.restore(restorable, reopened=True)
        self._show_workspace(workspace)
        self.statusBar().clearMessage()
        self.sig_report_opened.emit(workspace)

    def _show_workspace(self, workspace: ReportWorkspace) -> ReportWorkspace:
        if self.workspace is not None:
            self.workspace.keep_work()  # the one being replaced keeps its last typing
            self.tabs.removeTab(self.tabs.indexOf(self.workspace))
            self.workspace.deleteLater()
        self.workspace = workspace
        if self.reports is not None:
            workspace.sig_signed.connect(self._on_report_signed)
        self.tabs.addTab(workspace, self.tr("Report"))
        self.tabs.setCurrentWidget(workspace)
        return workspace

    @Slot(int)
    def _on_tab_changed(self, index: int) -> None:
        # what others saved or signed meanwhile shows when the user comes back to a list
        if index == 0:
            self._show_report_states()
        elif self.reports is not None and self.tabs.widget(index) is self.reports:
            self.reports.search()

    @Slot(object)
    def _on_report_signed(self, _info: object) -> None:
        if self.reports is not None:
            self.reports.search()  # the worklist shows the new status
        self._show_report_states()

    def show_study(self, study: Study) -> None:
        self._current = study
        self.new_report_action.setEnabled(True)
        words = self._labels()
        p = study.patient
        esc = html.escape  # names and descriptions are data, never markup
        acc, referring = self.tr("Acc."), self.tr("Referring: {name}")
        born = p.birth_date.isoformat() if p.birth_date else "?"
        scanner = " ".join(
            x
            for x in (
                study.manufacturer,
                study.model,
                f"{study.field_strength_t:g} T" if study.field_strength_t else "",
            )
            if x
        )
        self.banner.setText(
            f"<b style='font-size:14pt'>{esc(p.name.display() or '?')}</b>"
            f" &nbsp; ID {esc(p.patient_id or '?')} &nbsp; {esc(born)}"
            f" ({esc(study.age_at_study or '?')}) &nbsp; {esc(p.sex or '?')}<br>"
            f"{esc(study.date.isoformat() if study.date else '?')} &nbsp; "
            f"{esc(study.description)} &nbsp; "
            f"{acc} {esc(study.accession_number or '?')}"
            f"<br>{esc(referring.format(name=study.referring_physician.display() or '?'))}"
            f" &nbsp; {esc(study.institution)} &nbsp; {esc(scanner)}"
        )
        self._stop_thumbnails()
        self.series_table.setRowCount(len(study.series))
        self._series_rows = {s.series_instance_uid: row for row, s in enumerate(study.series)}
        for row, s in enumerate(study.series):
            values = (
                "",
                "" if s.number is None else str(s.number),
                s.description,
                words.get(s.plane.value, s.plane.value),
                words.get(s.family.value, s.family.value),
                words.get(s.region.value, s.region.value),
                str(s.instance_count),
                f"{s.slice_thickness:g} mm" if s.slice_thickness else "",
            )
            for col, value in enumerate(values):
                cell = QTableWidgetItem(value)
                if col in (1, 6, 7):
                    cell.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.series_table.setItem(row, col, cell)
        self.series_table.resizeColumnsToContents()
        self.series_table.setColumnWidth(0, THUMB + 8)
        self.series_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self._start_thumbnails(study.series)

    # -- thumbnails ----------------------------------------------------------

    def _start_thumbnails(self, series: Sequence[Series]) -> None:
        worker = ThumbnailWorker(series, round(THUMB * self.devicePixelRatioF()))
        worker.sig_thumbnail.connect(self._on_thumbnail)
        worker.sig_done.connect(self._on_thumbnails_done)
        self._thumb_worker = worker
        start_job(worker, worker.run, worker.sig_done)

    def _stop_thumbnails(self) -> None:
        if self._thumb_worker is not None:
            self._thumb_worker.cancel_event.set()
            # its last signals may still arrive: they are for a stale table, so detach
            self._thumb_worker.sig_thumbnail.disconnect(self._on_thumbnail)
            self._thumb_worker.sig_done.disconnect(self._on_thumbnails_done)
        self._thumb_worker = None

    @Slot(str, object)
    def _on_thumbnail(self, series_uid: str, image: object) -> None:
        row = self._series_rows.get(series_uid)
        if row is None or image is None:
            return
        data = image  # numpy uint8 (h, w), C-contiguous
        h, w = data.shape  # type: ignore[attr-defined]
        from PySide6.QtGui import QIcon, QImage, QPixmap

        qimage = QImage(data.data, w, h, w, QImage.Format.Format_Grayscale8).copy()  # type: ignore[attr-defined]
        pixmap = QPixmap.fromImage(qimage)
        pixmap.setDevicePixelRatio(self.devicePixelRatioF())
        cell = QTableWidgetItem()
        cell.setIcon(QIcon(pixmap))
        self.series_table.setItem(row, 0, cell)

    @Slot()
    def _on_thumbnails_done(self) -> None:
        self._thumb_worker = None
        self.sig_thumbnails_done.emit()
