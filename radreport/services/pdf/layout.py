"""Lay out a :class:`ReportDocument` as a PDF with reportlab platypus.

Page 1: letterhead, patient/exam banner, title, sections.  Later pages: a short
header that repeats who the report is about.  Every page: "Page x of y", report
id and status; a diagonal DRAFT/PRELIMINARY watermark until the report is signed.
The signature block reserves a box for the visible signature stamp; its position
is returned to the signer and also written in the PDF catalog (/RRSignatureBox)
so that a PDF rendered elsewhere can be signed without re-rendering.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import FrameBG

from radreport.domain.report import (
    ExamBanner,
    ReportDocument,
    Section,
    SignatureManifestation,
)
from radreport.services.pdf import labels as L
from radreport.services.pdf.config import PdfConfig, load_config
from radreport.services.pdf.fonts import FontSet, load_fonts

MARGIN = 18 * mm
LETTERHEAD_H = 30 * mm
SHORT_HEADER_H = 13 * mm
FOOTER_H = 12 * mm
STAMP_W = 78 * mm
STAMP_H = 27 * mm
BANNER_MAX = 160  # characters of one banner value; beyond is bogus input, shortened
SIGNATURE_BOX_KEY = "RRSignatureBox"
ADDENDUM_AREA_KEY = "RRAddendumArea"

GREY = colors.HexColor("#555555")
LIGHT = colors.HexColor("#F2F4F7")


@dataclass(frozen=True, slots=True)
class StampBox:
    """Where the visible signature goes: 0-based page index and (x1, y1, x2, y2) in pt."""

    page: int
    box: tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class RenderedPdf:
    data: bytes
    pages: int
    stamp_box: StampBox | None
    free_below: StampBox | None  # empty area under the signature block (for addenda)


_IMAGES: dict[tuple[str, float], ImageReader] = {}


@contextlib.contextmanager
def binary_streams() -> Iterator[None]:
    """Write streams as binary: reportlab's ASCII85 step is pure Python and a third of the
    render time (the process-wide switch is restored; an overlapping render in another
    thread at worst writes ASCII85 streams, which are equally valid)."""
    old = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = old


def _image(path: str) -> ImageReader:
    """The logo, decoded once per process (and again when the file changes)."""
    key = (path, os.stat(path).st_mtime)
    img = _IMAGES.get(key)
    if img is None:
        img = _IMAGES[key] = ImageReader(path)
    return img


def render_pdf(doc: ReportDocument, *, config: PdfConfig | None = None) -> bytes:
    """The report as PDF bytes (unsigned; sign with :func:`sign_pdf`)."""
    return render_report(doc, config=config).data


# reportlab keeps process-wide state (the decoded logo's ImageReader, rl_config, font
# tables) that two renders in different threads would share: a preview rendered in the
# background while the store signs once failed with an ImageReader error.  One render
# at a time (a render takes tens of ms).
RENDER_LOCK = threading.RLock()


def render_report(doc: ReportDocument, *, config: PdfConfig | None = None) -> RenderedPdf:
    config = config or load_config()
    with RENDER_LOCK:
        return _Renderer(doc, config).build()


def _age(age: str, lang: str) -> str:
    # DICOM AS ("061Y") or the domain's normalised form ("61 y", "11 mo")
    m = re.fullmatch(r"0*(\d+)\s*(D|W|M|Y|d|wk|mo|y)", age.strip())
    if not m:
        return age.strip()
    n = m.group(1)
    unit = {"d": "D", "wk": "W", "mo": "M", "y": "Y"}.get(m.group(2), m.group(2))
    words = {
        "en": {"D": "d", "W": "wk", "M": "mo", "Y": "y"},
        "fr": {"D": "j", "W": "sem", "M": "mois", "Y": "ans"},
    }[lang]
    return f"{n} {words[unit]}"


def _sex(sex: str, lang: str) -> str:
    words = {
        "en": {"M": "Male", "F": "Female", "O": "Other"},
        "fr": {"M": "Masculin", "F": "Féminin", "O": "Autre"},
    }[lang]
    return words.get(sex.strip().upper(), sex.strip()) or "—"


def _short(text: str, limit: int = BANNER_MAX) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class _Renderer:
    def __init__(self, doc: ReportDocument, config: PdfConfig) -> None:
        self.doc = doc
        self.config = config
        self.lang = L.lang_of(doc.text.language)
        self.fonts: FontSet = load_fonts(config.fonts)
        self.accent = colors.HexColor(config.letterhead.accent_color)
        self.page_w, self.page_h = config.page
        self.stamp_box: StampBox | None = None
        self.free_below: StampBox | None = None
        f = self.fonts
        self.body = ParagraphStyle(
            "body",
            fontName=f.regular,
            bulletFontName=f.regular,
            fontSize=10,
            leading=13.6,
            spaceAfter=5,
            alignment=TA_LEFT,
        )
        self.heading = ParagraphStyle(
            "heading",
            parent=self.body,
            fontName=f.bold,
            fontSize=10,
            leading=13,
            textColor=self.accent,
            spaceBefore=9,
            spaceAfter=3,
            keepWithNext=1,  # a section title never ends a page on its own
        )
        self.title = ParagraphStyle(
            "title",
            parent=self.body,
            fontName=f.bold,
            fontSize=13,
            leading=16,
            spaceBefore=8,
            spaceAfter=4,
            textColor=self.accent,
        )
        self.cell_label = ParagraphStyle(
            "cell_label", parent=self.body, fontSize=7.5, leading=9.5, textColor=GREY, spaceAfter=0
        )
        self.cell = ParagraphStyle("cell", parent=self.body, fontSize=9, leading=11, spaceAfter=0)
        self.cell_big = ParagraphStyle(
            "cell_big", parent=self.cell, fontName=f.bold, fontSize=11.5, leading=14
        )
        self.item = ParagraphStyle(
            "item",
            parent=self.body,
            fontSize=10.5,
            leading=14.2,
            leftIndent=22,
            rightIndent=6,
            bulletIndent=6,
            bulletFontName=f.bold,
            spaceAfter=4,
        )
        self.emph_heading = ParagraphStyle(
            "emph_heading", parent=self.heading, leftIndent=6, spaceBefore=4
        )
        self.emph_body = ParagraphStyle("emph_body", parent=self.body, leftIndent=6, rightIndent=6)

    # -- story ---------------------------------------------------------------------
    def build(self) -> RenderedPdf:
        out = io.BytesIO()
        frame_w = self.page_w - 2 * MARGIN

        def body_frame(frame_id: str, header_h: float) -> Frame:
            """The text area between a page's header and its footer."""
            height = self.page_h - 2 * MARGIN - header_h - FOOTER_H
            return Frame(
                MARGIN, MARGIN + FOOTER_H, frame_w, height, id=frame_id,
                leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
            )  # fmt: skip

        first = body_frame("first", LETTERHEAD_H)
        later = body_frame("later", SHORT_HEADER_H)
        sig = self.doc.signature
        template = BaseDocTemplate(
            out,
            pagesize=(self.page_w, self.page_h),
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN,
            title=self.doc.text.title,
            author=sig.signer_name if sig else self.config.letterhead.clinic_name,
            subject=f"{L.label(self.lang, 'report_id')} {self.doc.report_id}",
            creator="RadReport",
            lang=self.lang,
            initialFontName=self.fonts.regular,
            initialFontSize=10,
        )
        template.addPageTemplates(
            [
                PageTemplate(id="first", frames=[first], onPage=self._letterhead),
                PageTemplate(id="later", frames=[later], onPage=self._short_header),
            ]
        )
        story: list[Flowable] = [NextPageTemplate("later"), self._banner(frame_w)]
        story.append(Paragraph(self.fonts.markup(self.doc.text.title), self.title))
        for section in self.doc.text.sections:
            story.extend(self._section(section))
        story.append(Spacer(1, 8))
        story.append(_SignatureBlock(self, sig, frame_w))
        for manifestation, text in self.doc.addenda:
            story.extend(self._addendum(manifestation, text, frame_w))
        with binary_streams():
            template.build(story, canvasmaker=self._canvas_maker())
        data = out.getvalue()
        return RenderedPdf(data, self._pages, self.stamp_box, self.free_below)

    def _banner(self, width: float) -> Table:
        b: ExamBanner = self.doc.banner
        lang = self.lang
        m = self.fonts.markup

        def lab(key: str) -> Paragraph:
            return Paragraph(m(L.label(lang, key)), self.cell_label)

        def val(text: str, big: bool = False) -> Paragraph:
            return Paragraph(m(_short(text) or "—"), self.cell_big if big else self.cell)

        born = L.format_date(b.birth_date)
        if b.age:
            born += f" ({L.label(lang, 'age')} {_age(b.age, lang)})"
        rows = [
            [lab("patient"), val(b.patient_name, big=True), lab("patient_id"), val(b.patient_id)],
            [lab("birth_date"), val(born), lab("sex"), val(_sex(b.sex, lang))],
            [
                lab("exam"),
                val(b.exam_description),
                lab("exam_date"),
                val(L.format_date(b.exam_date)),
            ],
            [
                lab("referring"),
                val(b.referring_physician),
                lab("accession"),
                val(b.accession_number),
            ],
        ]
        widths = [0.16 * width, 0.44 * width, 0.15 * width, 0.25 * width]
        table = Table(rows, colWidths=widths, hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), self.fonts.regular),
                    ("BACKGROUND", (0, 0), (-1, -1), LIGHT),
                    ("LINEABOVE", (0, 0), (-1, 0), 1.2, self.accent),
                    ("LINEBELOW", (0, -1), (-1, -1), 0.6, self.accent),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                    ("LEFTPADDING", (0, 0), (-1, -1), 5),
                ]
            )
        )
        return table

    def _section(self, section: Section) -> list[Flowable]:
        paragraphs = [p for p in section.paragraphs if p.text.strip()]
        if not paragraphs:
            return []
        title = self.fonts.markup(section.title.upper())
        out: list[Flowable] = [CondPageBreak(72)]  # title + about three lines
        if section.emphasis:
            out.append(FrameBG(color=colors.HexColor("#EAF1F8"), left=0, right=0, start=True))
            out.append(Spacer(1, 3))
            out.append(Paragraph(title, self.emph_heading))
        else:
            out.append(Paragraph(title, self.heading))
        for i, para in enumerate(paragraphs, 1):
            text = self.fonts.markup(para.text)
            if section.numbered:
                out.append(Paragraph(text, self.item, bulletText=f"{i}."))
            else:
                out.append(Paragraph(text, self.emph_body if section.emphasis else self.body))
        if section.emphasis:
            out.append(Spacer(1, 2))
            out.append(FrameBG(start=False))
            out.append(Spacer(1, 4))
        return out

    def _addendum(self, man: SignatureManifestation, text: str, width: float) -> list[Flowable]:
        title = f"{L.label(self.lang, 'addendum')} — {L.format_datetime(man.signed_at)}"
        out: list[Flowable] = [
            CondPageBreak(60),
            Paragraph(self.fonts.markup(title.upper()), self.heading),
        ]
        for chunk in text.split("\n\n"):
            if chunk.strip():
                out.append(Paragraph(self.fonts.markup(chunk), self.body))
        signed = (
            f"{L.label(self.lang, 'addendum_signed')} {man.signer_name}, {man.credentials} · "
            f"{man.meaning} · {L.format_datetime(man.signed_at)}"
        )
        out.append(Paragraph(f"<i>{self.fonts.markup(signed)}</i>", self.cell))
        return out

    # -- page decorations ------------------------------------------------------------
    def _letterhead(self, canv: Canvas, _doc: Any) -> None:
        lh = self.config.letterhead
        f = self.fonts
        top = self.page_h - MARGIN
        x = MARGIN
        logo_h = 17 * mm
        if lh.logo:
            canv.drawImage(
                _image(lh.logo),
                x,
                top - logo_h,
                width=logo_h,
                height=logo_h,
                preserveAspectRatio=True,
                mask="auto",
            )
            x += logo_h + 4 * mm
        right = self.page_w - MARGIN
        half = (right - x) * 0.58
        canv.setFillColor(self.accent)
        name_lines = self._wrap_name(lh.clinic_name, half)
        size = 14.0 if len(name_lines) == 1 else 12.0
        y = top - 6 * mm
        for line in name_lines:
            f.draw(canv, x, y, line, size, bold=True, max_width=half)
            y -= size + 1.5
        canv.setFillColor(GREY)
        if lh.department:
            f.draw(canv, x, y - 2, lh.department, 9, max_width=half)
        y = top - 3.5 * mm
        lines = [*lh.address_lines]
        contact = " · ".join(
            p
            for p in (
                f"Tél. {lh.phone}" if lh.phone and self.lang == "fr" else "",
                f"Tel. {lh.phone}" if lh.phone and self.lang == "en" else "",
                f"{'Téléc.' if self.lang == 'fr' else 'Fax'} {lh.fax}" if lh.fax else "",
            )
            if p
        )
        if contact:
            lines.append(contact)
        if lh.website:
            lines.append(lh.website)
        for line in lines[:5]:
            f.draw(canv, right, y, line, 8, align="right", max_width=(right - x) * 0.42)
            y -= 10
        canv.setStrokeColor(self.accent)
        canv.setLineWidth(1.5)
        rule_y = self.page_h - MARGIN - LETTERHEAD_H + 5 * mm
        canv.line(MARGIN, rule_y, right, rule_y)
        canv.setFillColor(colors.black)

    def _wrap_name(self, name: str, width: float) -> list[str]:
        """The clinic name on one line at 14 pt, else on two at 12 pt (then shortened)."""
        if self.fonts.width(name, 14, bold=True) <= width:
            return [name]
        words = name.split()
        for cut in range(len(words) - 1, 0, -1):
            first = " ".join(words[:cut])
            if self.fonts.width(first, 12, bold=True) <= width:
                return [first, " ".join(words[cut:])]
        return [name]

    def _short_header(self, canv: Canvas, _doc: Any) -> None:
        b = self.doc.banner
        f = self.fonts
        right = self.page_w - MARGIN
        y = self.page_h - MARGIN - 4 * mm
        canv.setFillColor(colors.black)
        who = " · ".join(
            x
            for x in (
                _short(b.patient_name, 60),
                f"{L.label(self.lang, 'patient_id')} {_short(b.patient_id, 30)}",
                L.format_date(b.exam_date),
                f"{L.label(self.lang, 'accession')} {_short(b.accession_number, 30)}"
                if b.accession_number
                else "",
            )
            if x
        )
        # who the page is about matters more than the clinic name (on page 1 and the footer)
        f.draw(canv, MARGIN, y, who, 8.5, bold=True, max_width=right - MARGIN)
        canv.setStrokeColor(self.accent)
        canv.setLineWidth(0.8)
        canv.line(MARGIN, y - 2.5 * mm, right, y - 2.5 * mm)
        canv.setFillColor(colors.black)

    def _footer(self, canv: Canvas, page: int, total: int) -> None:
        f = self.fonts
        right = self.page_w - MARGIN
        y = MARGIN
        canv.setStrokeColor(colors.HexColor("#AAAAAA"))
        canv.setLineWidth(0.5)
        canv.line(MARGIN, y + 9, right, y + 9)
        canv.setFillColor(GREY)
        left = (
            f"{L.label(self.lang, 'report_id')} {_short(self.doc.report_id, 60)} · "
            f"{L.label(self.lang, 'status')}{L.label(self.lang, 'colon')}"
            f"{L.status_label(self.lang, self.doc.status)}"
        )
        f.draw(canv, MARGIN, y, left, 7.5, max_width=(right - MARGIN) * 0.7)
        f.draw(
            canv, right, y, L.label(self.lang, "page").format(x=page, y=total), 7.5, align="right"
        )
        mark = L.watermark(self.lang, self.doc.status, self.doc.signature is not None)
        if mark:
            canv.saveState()
            canv.setFillColor(colors.HexColor("#C00000"))
            canv.setFillAlpha(0.16)
            canv.translate(self.page_w / 2, self.page_h / 2)
            canv.rotate(50)
            size = min(96.0, 0.9 * (self.page_h * 0.95) / max(f.width(mark, 1, bold=True), 1))
            f.draw(canv, 0, -size / 3, mark, size, bold=True, align="center")
            canv.restoreState()
        canv.setFillColor(colors.black)

    def _canvas_maker(self) -> Callable[..., Canvas]:
        renderer = self

        class _NumberedCanvas(Canvas):  # type: ignore[misc]
            """Keeps each page's drawing until the end so the footer knows the page count."""

            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                self._pages: list[dict[str, Any]] = []

            def showPage(self) -> None:
                self._pages.append(dict(self.__dict__))
                self._startPage()

            def save(self) -> None:
                total = len(self._pages)
                renderer._pages = total
                # reportlab's catalog writes only the keys it knows: let it write ours too
                cat = self._doc.Catalog
                cat.__NoDefault__ = [*type(cat).__NoDefault__, SIGNATURE_BOX_KEY, ADDENDUM_AREA_KEY]
                if renderer.stamp_box is not None:
                    sb = renderer.stamp_box
                    self.setCatalogEntry(
                        SIGNATURE_BOX_KEY, [sb.page, *(round(v, 2) for v in sb.box)]
                    )
                if renderer.free_below is not None:
                    fb = renderer.free_below
                    self.setCatalogEntry(
                        ADDENDUM_AREA_KEY, [fb.page, *(round(v, 2) for v in fb.box)]
                    )
                for i, state in enumerate(self._pages, 1):
                    self.__dict__.update(state)
                    renderer._footer(self, i, total)
                    super().showPage()
                super().save()

        return _NumberedCanvas

    _pages = 0


class _SignatureBlock(Flowable):  # type: ignore[misc]
    """The human-readable signature manifestation, and the box for the visible stamp."""

    def __init__(
        self, renderer: _Renderer, sig: SignatureManifestation | None, width: float
    ) -> None:
        super().__init__()
        self.r = renderer
        self.sig = sig
        self.width = width
        self.height = STAMP_H + 8 if sig else 26.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        r = self.r
        f = r.fonts
        lang = r.lang
        c.setStrokeColor(r.accent)
        c.setLineWidth(0.8)
        c.line(0, self.height - 1, self.width, self.height - 1)
        if self.sig is None:
            c.setFillColor(colors.HexColor("#C00000"))
            f.draw(
                c,
                0,
                self.height - 16,
                L.label(lang, "not_signed"),
                9.5,
                bold=True,
                max_width=self.width,
            )
            c.setFillColor(colors.black)
            return
        s = self.sig
        text_w = self.width - STAMP_W - 6 * mm
        y = self.height - 14
        c.setFillColor(GREY)
        f.draw(c, 0, y, L.label(lang, "signed_by"), 8, max_width=text_w)
        c.setFillColor(colors.black)
        y -= 14
        f.draw(c, 0, y, s.signer_name, 11, bold=True, max_width=text_w)
        y -= 12
        f.draw(c, 0, y, s.credentials, 9, max_width=text_w)
        y -= 12
        f.draw(c, 0, y, s.meaning, 9, max_width=text_w)
        y -= 12
        f.draw(
            c,
            0,
            y,
            f"{L.label(lang, 'signed_at')} {L.format_datetime(s.signed_at)}",
            9,
            max_width=text_w,
        )
        # the signer puts the visible stamp exactly here
        x1 = self.width - STAMP_W
        y1 = 2.0
        ax1, ay1 = c.absolutePosition(x1, y1)
        ax2, ay2 = c.absolutePosition(self.width, y1 + STAMP_H)
        page = c.getPageNumber() - 1
        r.stamp_box = StampBox(page, (ax1, ay1, ax2, ay2))
        bottom = MARGIN + FOOTER_H
        if ay1 - bottom > 30:
            ml = MARGIN
            r.free_below = StampBox(page, (ml, bottom, r.page_w - MARGIN, ay1 - 6))
