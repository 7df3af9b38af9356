"""PDF preview: a real rendered report in the background, navigation, zoom, bad bytes."""

from __future__ import annotations

import gc
import io
import os
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from radreport.qt.pdf_preview import PdfPreview, PdfPreviewDialog
from radreport.qt.watchdog import StallMonitor
from radreport.services.pdf import document_for_text, render_pdf
from radreport.services.pdf.samples import sample_banner, sample_document
from radreport.services.templates import load_template, preset_answers, render_report


def _preview(qtbot: QtBot) -> PdfPreview:
    preview = PdfPreview()
    qtbot.addWidget(preview)
    preview.resize(600, 800)
    preview.show()
    qtbot.waitExposed(preview)
    return preview


def test_background_render_of_a_real_report_without_stalls(
    qtbot: QtBot, request: pytest.FixtureRequest
) -> None:
    tpl = load_template("brain")
    answers = preset_answers(tpl, "normal") | {"indication": "SLA probable."}
    text = render_report(tpl, answers, lang="fr")
    preview = _preview(qtbot)
    # A full (gen2) garbage collection of this test session's big heap takes ~100 ms and
    # blocks every thread, whichever triggers it.  Freeze what earlier tests left (as the
    # app should freeze its start-up heap) so the check measures the preview itself.
    gc.collect()
    gc.freeze()
    request.addfinalizer(gc.unfreeze)
    monitor = StallMonitor(threshold_ms=100)
    monitor.start()
    with qtbot.waitSignal(preview.sig_loaded, timeout=30000) as blocker:
        preview.render_document(document_for_text(text, banner=sample_banner()))
        assert preview.is_rendering()
        assert "Preparing" in preview.message_text()
    stalls = monitor.stop()
    assert stalls == [], f"GUI thread stalled: {stalls}"
    assert blocker.args is not None and blocker.args[0] >= 1
    assert preview.page_count() == blocker.args[0]
    assert preview.message_text() == ""
    data = preview.pdf_bytes()
    assert data is not None and data.startswith(b"%PDF")
    out = subprocess.run(
        ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    assert "SLA probable." in out


def test_navigation_and_zoom_on_a_multi_page_pdf(qtbot: QtBot) -> None:
    doc = sample_document("en", signed=False)
    data = render_pdf(doc)
    preview = _preview(qtbot)
    assert preview.load_bytes(data)
    pages = preview.page_count()
    assert pages >= 1
    assert preview.current_page() == 0
    assert not preview.prev_button.isEnabled()
    assert preview.next_button.isEnabled() == (pages > 1)
    if pages > 1:
        preview.next_page()
        assert preview.current_page() == 1
        assert preview.page_spin.value() == 2
        preview.go_to_page(99)
        assert preview.current_page() == pages - 1
        preview.previous_page()
        assert preview.current_page() == pages - 2
    preview.set_zoom(1.0)
    preview.zoom_in()
    assert preview.zoom() == pytest.approx(1.25)
    preview.zoom_out()
    preview.zoom_out()
    assert preview.zoom() == pytest.approx(0.8)
    for _ in range(10):
        preview.zoom_in()
    assert preview.zoom() == pytest.approx(3.0)
    preview.fit_width()
    assert preview.zoom_label.text() == "Fit"
    # the page really renders (QtPdf reads the bytes we loaded, not just the page count)
    image = preview.document.render(0, QSize(300, 420))
    assert not image.isNull()
    dark = sum(
        1
        for x in range(0, 300, 3)
        for y in range(0, 420, 3)
        if QColor(image.pixel(x, y)).lightness() < 128
    )
    assert dark > 50
    if os.environ.get("RADREPORT_SHOT_DIR"):
        qtbot.wait(1500)  # QPdfView paints pages from a render thread
        preview.grab().save(str(Path(os.environ["RADREPORT_SHOT_DIR"]) / "pdf-preview.png"))


@pytest.mark.parametrize(
    "garbage",
    [b"", b"not a pdf at all", b"%PDF-1.7\n%broken\n1 0 obj <<", b"\x00\xff" * 500],
)
def test_broken_pdf_shows_a_clear_message(qtbot: QtBot, garbage: bytes) -> None:
    preview = _preview(qtbot)
    with qtbot.waitSignal(preview.sig_failed, timeout=2000):
        assert not preview.load_bytes(garbage)
    assert preview.page_count() == 0
    assert "cannot be shown" in preview.message_text()
    assert not preview.next_button.isEnabled() and not preview.zoom_in_button.isEnabled()
    assert preview.pdf_bytes() is None
    # a good PDF afterwards is shown normally
    assert preview.load_bytes(render_pdf(sample_document("fr", signed=False)))
    assert preview.message_text() == ""


def test_failed_rendering_is_reported(qtbot: QtBot) -> None:
    preview = _preview(qtbot)
    with qtbot.waitSignal(preview.sig_failed, timeout=10000) as blocker:
        preview.render_document("not a document")  # type: ignore[arg-type]
    assert blocker.args is not None
    assert "could not be prepared" in preview.message_text()


def test_new_render_replaces_a_pending_one(qtbot: QtBot) -> None:
    preview = _preview(qtbot)
    en = sample_document("en", signed=False)
    fr = sample_document("fr", signed=False)
    preview.render_document(en)
    preview.render_document(fr)  # the first result must be ignored
    qtbot.waitUntil(lambda: not preview.is_rendering(), timeout=30000)
    assert preview.message_text() == ""
    qtbot.wait(50)
    data = preview.pdf_bytes()
    assert data is not None
    # the shown PDF is the French one
    out = subprocess.run(
        ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    assert "Date de naissance" in out


def test_dialog_wraps_the_preview(qtbot: QtBot) -> None:
    dialog = PdfPreviewDialog(title="Preview")
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Preview"
    assert dialog.preview.load_bytes(render_pdf(sample_document("en", signed=False)))


@pytest.mark.parametrize("width", [500, 600, 700])
def test_a_one_page_letter_report_is_painted_at_any_width(qtbot: QtBot, width: int) -> None:
    """A page that just fits at fit-to-width used to stay blank (scroll bar flip-flop)."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=letter)
    c.setFont("Helvetica", 40)
    for y in range(100, 800, 50):
        c.drawString(50, y, "XXXXXXXXXXXXXXXX")
    c.save()
    w = PdfPreview()
    qtbot.addWidget(w)
    w.resize(width, 800)
    w.show()
    qtbot.waitExposed(w)
    qtbot.wait(200)  # the user selects a report once the window is up
    assert w.load_bytes(out.getvalue())

    def inked() -> int:
        image = w.grab().toImage()
        return sum(
            1
            for x in range(0, image.width(), 4)
            for y in range(0, image.height(), 4)
            if image.pixelColor(x, y).lightness() < 128
        )

    qtbot.wait(1500)  # the page is rendered in a thread; no repaint forced meanwhile
    assert inked() > 500
