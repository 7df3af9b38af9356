"""PDF preview with QtPdf: page navigation, zoom, rendering in a background job.

``load_bytes(data)`` shows ready PDF bytes (from memory, through a QBuffer);
``render_document(doc)`` lays the report out with reportlab in a worker thread
(``radreport.services.pdf.render_pdf``) so the GUI thread never waits for it.
A broken PDF or a failed rendering shows a clear message instead of a blank page.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QPointF, Qt, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from radreport.domain.report import ReportDocument
from radreport.qt.jobs import start_job

__all__ = ["PdfPreview", "PdfPreviewDialog", "PdfRenderWorker"]

# reportlab keeps global state (font registry, caches): one rendering at a time.
_RENDER_LOCK = threading.Lock()

_ZOOM_STEPS = (0.5, 0.67, 0.8, 1.0, 1.25, 1.5, 2.0, 3.0)


class PdfRenderWorker(QObject):
    """Produces PDF bytes off the GUI thread: renders a ReportDocument, or runs any
    producer (e.g. fetch a signed PDF from the store, or build and render a draft)."""

    sig_done = Signal(object, str)  # bytes or None, error message

    def __init__(
        self,
        doc: ReportDocument | None = None,
        config: Any = None,
        producer: Callable[[], bytes] | None = None,
    ) -> None:
        super().__init__()
        self.doc = doc
        self.config = config
        self.producer = producer
        self.cancel_event = threading.Event()

    def _produce(self) -> bytes:
        if self.producer is not None:
            return self.producer()
        from radreport.services.pdf import render_pdf

        assert self.doc is not None
        return render_pdf(self.doc, config=self.config)

    def run(self) -> None:
        try:
            with _RENDER_LOCK:
                if self.cancel_event.is_set():  # replaced while waiting: skip the work
                    self.sig_done.emit(None, "")
                    return
                data = self._produce()
        except Exception as exc:  # shown to the user; the preview must not crash the app
            self.sig_done.emit(None, f"{type(exc).__name__}: {exc}")
            return
        self.sig_done.emit(None if self.cancel_event.is_set() else data, "")


class PdfPreview(QWidget):
    sig_loaded = Signal(int)  # page count
    sig_failed = Signal(str)  # message shown

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data = QByteArray()
        self._buffer: QBuffer | None = None
        self._worker: PdfRenderWorker | None = None
        self._pdf_bytes: bytes | None = None
        self.document = QPdfDocument(self)
        self.view = QPdfView()
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        # A one-page report that barely fits the height at fit-to-width makes the scroll
        # bar appear and vanish in turn; QPdfView then never paints the page (blank
        # preview).  A permanent scroll bar keeps the width, and the page, stable.
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.view.pageNavigator().currentPageChanged.connect(self._on_page_changed)

        self.message = QLabel()
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.message)
        self.stack.addWidget(self.view)

        def button(text: str, tip: str, slot: Any) -> QToolButton:
            b = QToolButton()
            b.setText(text)
            b.setToolTip(tip)
            b.clicked.connect(slot)
            return b

        self.prev_button = button("\u25b2", self.tr("Previous page (Page Up)"), self.previous_page)
        self.next_button = button("\u25bc", self.tr("Next page (Page Down)"), self.next_page)
        self.page_spin = QSpinBox()
        self.page_spin.setMinimum(1)
        self.page_spin.setMaximum(1)
        self.page_spin.setAccessibleName(self.tr("Page"))
        self.page_spin.valueChanged.connect(lambda v: self.go_to_page(v - 1))
        self.page_label = QLabel()
        self.zoom_out_button = button("\u2212", self.tr("Zoom out (Ctrl+-)"), self.zoom_out)
        self.zoom_in_button = button("+", self.tr("Zoom in (Ctrl++)"), self.zoom_in)
        self.fit_button = button(
            self.tr("Fit width"), self.tr("Fit the page width"), self.fit_width
        )
        self.zoom_label = QLabel()
        for b, seq in (
            (self.zoom_out_button, "Ctrl+-"),
            (self.zoom_in_button, "Ctrl++"),
            (self.prev_button, "PgUp"),
            (self.next_button, "PgDown"),
        ):
            b.setShortcut(seq)
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        for w in (self.prev_button, self.next_button, self.page_spin, self.page_label):
            bar.addWidget(w)
        bar.addStretch(1)
        for w in (self.zoom_out_button, self.zoom_label, self.zoom_in_button, self.fit_button):
            bar.addWidget(w)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        self._show_message(self.tr("No PDF to show."))

    # --------------------------------------------------------------- loading
    def load_bytes(self, data: bytes) -> bool:
        """Show PDF ``data``; False (and a message) when it is not a readable PDF."""
        self._cancel_render()
        self.document.close()
        if self._buffer is not None:
            self._buffer.close()
            # the view may still paint from the old document in its render thread: keep
            # the old buffer and bytes alive until the next load replaces them
            self._previous = (self._buffer, self._data)
        self._pdf_bytes = bytes(data)
        self._data = QByteArray(self._pdf_bytes)
        self._buffer = QBuffer(self._data, self)  # kept alive as long as the document
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        if self.document.status() != QPdfDocument.Status.Ready or self.document.pageCount() < 1:
            err = self.document.error()
            self.document.close()
            self._pdf_bytes = None
            self._show_message(
                self.tr(
                    "This PDF cannot be shown: the file is damaged or is not a PDF ({error})."
                ).format(error=err.name if hasattr(err, "name") else str(err))
            )
            self.sig_failed.emit(self.message.text())
            return False
        pages = self.document.pageCount()
        self.page_spin.blockSignals(True)
        self.page_spin.setMaximum(pages)
        self.page_spin.setValue(1)
        self.page_spin.blockSignals(False)
        self.page_label.setText(self.tr("of {pages}").format(pages=pages))
        self.stack.setCurrentWidget(self.view)
        self.fit_width()
        self._update_nav()
        self.sig_loaded.emit(pages)
        return True

    def render_document(self, doc: ReportDocument, config: Any = None) -> None:
        """Render ``doc`` in the background, then show it; the GUI thread never waits."""
        self._start(PdfRenderWorker(doc, config))

    def load_async(self, producer: Callable[[], bytes]) -> None:
        """Run ``producer`` (which returns PDF bytes) in the background, then show them."""
        self._start(PdfRenderWorker(producer=producer))

    def _start(self, worker: PdfRenderWorker) -> None:
        self._cancel_render()
        self._show_message(self.tr("Preparing the PDF preview\u2026"))
        worker.sig_done.connect(self._on_rendered)
        self._worker = worker
        start_job(worker, worker.run, worker.sig_done)

    def is_rendering(self) -> bool:
        return self._worker is not None

    def pdf_bytes(self) -> bytes | None:
        """The PDF currently shown (None if none)."""
        return self._pdf_bytes

    def page_count(self) -> int:
        return self.document.pageCount() if self.stack.currentWidget() is self.view else 0

    def current_page(self) -> int:
        return self.view.pageNavigator().currentPage()

    def message_text(self) -> str:
        return self.message.text() if self.stack.currentWidget() is self.message else ""

    # ------------------------------------------------------------ navigation
    def go_to_page(self, page: int) -> None:
        if not self.page_count():
            return
        page = max(0, min(page, self.page_count() - 1))
        self.view.pageNavigator().jump(page, QPointF(), self.view.pageNavigator().currentZoom())
        self._update_nav()

    def next_page(self) -> None:
        self.go_to_page(self.current_page() + 1)

    def previous_page(self) -> None:
        self.go_to_page(self.current_page() - 1)

    def zoom(self) -> float:
        return float(self.view.zoomFactor())

    def set_zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(_ZOOM_STEPS[0], min(factor, _ZOOM_STEPS[-1])))
        self._update_nav()

    def zoom_in(self) -> None:
        z = self.zoom()
        self.set_zoom(next((s for s in _ZOOM_STEPS if s > z + 1e-3), _ZOOM_STEPS[-1]))

    def zoom_out(self) -> None:
        z = self.zoom()
        self.set_zoom(next((s for s in reversed(_ZOOM_STEPS) if s < z - 1e-3), _ZOOM_STEPS[0]))

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._update_nav()

    # --------------------------------------------------------------- private
    def _cancel_render(self) -> None:
        if self._worker is not None:
            self._worker.cancel_event.set()
            self._worker.sig_done.disconnect(self._on_rendered)
            self._worker = None

    def _on_rendered(self, data: object, error: str) -> None:
        self._worker = None
        if isinstance(data, bytes):
            self.load_bytes(data)
        else:
            self._show_message(
                self.tr("The PDF could not be prepared: {error}").format(error=error or "?")
            )
            self.sig_failed.emit(self.message.text())

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.stack.setCurrentWidget(self.message)
        self.page_label.setText("")
        self._update_nav()

    def _on_page_changed(self, page: int) -> None:
        self.page_spin.blockSignals(True)
        self.page_spin.setValue(page + 1)
        self.page_spin.blockSignals(False)
        self._update_nav()

    def _update_nav(self) -> None:
        n = self.page_count()
        page = self.current_page() if n else 0
        self.prev_button.setEnabled(n > 0 and page > 0)
        self.next_button.setEnabled(n > 0 and page < n - 1)
        self.page_spin.setEnabled(n > 1)
        for b in (self.zoom_in_button, self.zoom_out_button, self.fit_button):
            b.setEnabled(n > 0)
        fit = self.view.zoomMode() == QPdfView.ZoomMode.FitToWidth
        self.zoom_label.setText(
            self.tr("Fit") if fit or not n else f"{self.zoom() * 100:.0f}\u00a0%"
        )


class PdfPreviewDialog(QDialog):
    """A modal-less window around :class:`PdfPreview` (before signing, before export)."""

    def __init__(self, parent: QWidget | None = None, title: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title or self.tr("PDF preview"))
        self.preview = PdfPreview()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.preview, 1)
        layout.addWidget(buttons)
        self.resize(720, 900)
