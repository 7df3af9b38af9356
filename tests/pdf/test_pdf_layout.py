"""Layout: real text, embedded fonts, non-Latin names, user text as text, stress input."""

from __future__ import annotations

import dataclasses
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from radreport.domain.report import Paragraph, ReportStatus, Section, Sentence
from radreport.services.pdf import (
    ConfigError,
    document_from_dict,
    document_to_dict,
    load_config,
    load_fonts,
    render_pdf,
    render_report,
)
from radreport.services.pdf.config import config_from_dict
from radreport.services.pdf.samples import sample_document

Run = Callable[..., subprocess.CompletedProcess[str]]


def _write(tmp_path: Path, data: bytes, name: str = "r.pdf") -> str:
    p = tmp_path / name
    p.write_bytes(data)
    return str(p)


def _text(run_tool: Run, path: str, *extra: str) -> str:
    return run_tool("pdftotext", *extra, path, "-", check=True).stdout


def _assert_fonts_embedded(run_tool: Run, path: str) -> list[str]:
    out = run_tool("pdffonts", path, check=True).stdout.splitlines()[2:]
    assert out, "no fonts at all?"
    for line in out:
        # columns: name type encoding emb sub uni object ID
        assert re.search(r"\syes\s+yes\s+(yes|no)\s+\d+\s+\d+\s*$", line), line
    return out


@pytest.mark.parametrize(
    ("lang", "impression", "page_label"),
    [
        ("en", "No demyelination, mass, infarct, syrinx or compressive", "Page 1 of 2"),
        ("fr", "Pas de démyélinisation, de masse, d'infarctus", "Page 1 de 2"),
    ],
)
def test_typical_report_two_pages_real_text_embedded_fonts(
    tmp_path: Path, run_tool: Run, lang: str, impression: str, page_label: str
) -> None:
    rendered = render_report(sample_document(lang))
    assert rendered.pages == 2
    path = _write(tmp_path, rendered.data)
    text = " ".join(_text(run_tool, path).split())
    assert impression in text
    assert page_label in text
    assert "R-2026-000137" in text
    assert "Dr. Marc-André Gagnon" in text
    assert ("IMPRESSION" if lang == "en" else "OPINION") in text
    fonts = _assert_fonts_embedded(run_tool, path)
    assert not any("Helvetica" in f for f in fonts)
    check = run_tool("qpdf", "--check", path)
    assert check.returncode == 0, check.stdout + check.stderr
    # the signature block prints the whole manifestation, time zone included
    assert "Côté-Laframboise" in text
    assert "EDT (UTC−04:00)" in text
    # the box for the visible stamp sits on the last page, inside the page
    assert rendered.stamp_box is not None and rendered.stamp_box.page == 1
    x1, y1, x2, y2 = rendered.stamp_box.box
    assert 0 < x1 < x2 <= 612 and 0 < y1 < y2 <= 792


@pytest.mark.parametrize(
    "name",
    [
        "山田 太郎",  # Japanese
        "Иванов Иван Иванович",  # Cyrillic
        "Παπαδόπουλος Νίκος",  # Greek
        "Ñúñez-Œuvrard, Zoë Ångström",  # accented Latin
    ],
)
def test_non_latin_patient_names_are_text(tmp_path: Path, run_tool: Run, name: str) -> None:
    path = _write(tmp_path, render_pdf(sample_document("en", patient_name=name)))
    text = _text(run_tool, path)
    assert name in text, text[:500]
    _assert_fonts_embedded(run_tool, path)
    # repeated short header on page 2 too
    page2 = run_tool("pdftotext", "-f", "2", "-l", "2", path, "-", check=True).stdout
    assert name in page2


def test_font_fallback_picks_a_cjk_face_and_never_boxes() -> None:
    fonts = load_fonts()
    runs = fonts.runs("Dr 山田 😀 🧠\ufe0f x")
    faces = {face for face, _ in runs}
    assert len(faces) >= 2, runs  # the Japanese run uses another face
    joined = "".join(t for _, t in runs)
    assert "山田" in joined
    assert "😀" in joined  # DejaVu has the basic emoticons
    assert "🧠" not in joined and "\ufffd" in joined  # no font has it: visible replacement
    for face, run in runs:  # every character drawn has a glyph in its face
        assert all(ord(c) in fonts.faces[face].chars for c in run), run


def test_right_to_left_runs_are_laid_out_in_visual_order() -> None:
    from radreport.services.pdf.fonts import visual_order

    assert visual_order("plain Latin (x)") == "plain Latin (x)"
    assert visual_order("Hebrew: שלום עולם. end") == "Hebrew: םלוע םולש. end"
    assert visual_order("שָׁלוֹם") == "םוֹלשָׁ"  # points stay on their letter
    runs = load_fonts().runs("ID 42 مرحبا")
    assert "".join(t for _, t in runs) == "ID 42 ابحرم"


def test_user_markup_is_rendered_literally(tmp_path: Path, run_tool: Run) -> None:
    hostile = [
        "<b>not bold</b> & <font name='Courier' size='40'>x</font> {{ patient.name }}",
        "</para><para>&amp; &lt; &#x41; <br/> <img src='/etc/passwd'/>",
    ]
    doc = sample_document("en", patient_name="<b>O'Brien & Sons</b>")
    sec = Section(
        "findings_other",
        "Notes <i>&</i>",
        tuple(Paragraph((Sentence(h),)) for h in hostile),
    )
    doc = dataclasses.replace(doc, text=dataclasses.replace(doc.text, sections=(sec,)))
    path = _write(tmp_path, render_pdf(doc))
    text = " ".join(_text(run_tool, path).split())
    assert "<b>not bold</b> & <font name='Courier' size='40'>x</font> {{ patient.name }}" in text
    assert "</para><para>&amp; &lt; &#x41; <br/> <img src='/etc/passwd'/>" in text
    assert "<b>O'Brien & Sons</b>" in text
    assert "NOTES <I>&</I>" in text
    _assert_fonts_embedded(run_tool, path)


def test_stress_text_never_crashes_nor_overflows(tmp_path: Path, run_tool: Run) -> None:
    long_word = "".join("abcdefghij"[i % 10] for i in range(300))
    words = [f"word{i}" for i in range(10_000)]
    sentences = [
        Sentence(f"Before {long_word} after."),
        Sentence(" ".join(words)),
        Sentence("Arabic: مرحبا بالعالم. Hebrew: שלום עולם. Emoji: 😀🧠👍🏽 end."),
        Sentence("Tabs\tand\nnewlines\r\nand controls \x00\x07 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢."),
    ]
    doc = sample_document("fr", patient_name="X" * 500)
    big = Section("findings_brain", "Observations", (Paragraph(tuple(sentences)),))
    imp = Section("impression", "Opinion", (Paragraph((Sentence(long_word * 2),)),), True, True)
    banner = dataclasses.replace(doc.banner, exam_description="Y " * 3000, patient_id="Z" * 400)
    doc = dataclasses.replace(
        doc, banner=banner, text=dataclasses.replace(doc.text, sections=(big, imp))
    )
    rendered = render_report(doc)
    assert rendered.pages > 10
    path = _write(tmp_path, rendered.data)
    text = _text(run_tool, path)
    flat = "".join(text.split())
    assert long_word in flat  # broken over lines, nothing lost
    assert "word0" in text and "word9999" in text
    assert "שלום" in text or "םולש" in text
    assert "\ufffd" in text  # the emoji degrade to a visible replacement
    _assert_fonts_embedded(run_tool, path)
    assert run_tool("qpdf", "--check", path).returncode == 0
    # nothing is drawn beyond the right margin or off the page
    bbox = run_tool("pdftotext", "-bbox", path, "-", check=True).stdout
    xmax = [float(x) for x in re.findall(r'xMax="([\d.]+)"', bbox)]
    assert xmax and max(xmax) <= 612 - 18 * 72 / 25.4 + 2


def _reddish_pixels(run_tool: Run, path: str, page: int) -> int:
    """Count the watermark's pink pixels on a rendered page (pdftotext skips diagonal text)."""
    from PIL import Image

    out = Path(path).with_suffix("")
    run_tool(
        "pdftoppm",
        "-png",
        "-r",
        "40",
        "-f",
        str(page),
        "-l",
        str(page),
        "-singlefile",
        path,
        str(out),
        check=True,
    )
    img = Image.open(f"{out}.png").convert("RGB")
    colours = img.getcolors(maxcolors=1 << 20) or []
    return sum(n for n, (r, g, b) in colours if r > 200 and g < 215 and b < 215 and r - g > 25)


def test_watermarks_follow_status_and_language(tmp_path: Path, run_tool: Run) -> None:
    from radreport.services.pdf.labels import watermark

    assert watermark("en", ReportStatus.DRAFT, False) == "DRAFT"
    assert watermark("fr", ReportStatus.DRAFT, False) == "BROUILLON"
    assert watermark("fr", ReportStatus.PRELIMINARY, False) == "PRÉLIMINAIRE"
    assert watermark("en", ReportStatus.PRELIMINARY, True) == "PRELIMINARY"
    assert watermark("en", ReportStatus.FINAL, False) == "DRAFT"  # final but unsigned
    assert watermark("fr", ReportStatus.FINAL, True) == ""
    draft = _write(tmp_path, render_pdf(sample_document("fr", signed=False)), "d.pdf")
    final = _write(tmp_path, render_pdf(sample_document("fr")), "f.pdf")
    for page in (1, 2):  # on every page of a draft, on none of a signed report
        assert _reddish_pixels(run_tool, draft, page) > 500
        assert _reddish_pixels(run_tool, final, page) == 0
    text = _text(run_tool, draft)
    assert "Non signé" in text and "Statut : Brouillon" in text


def test_output_is_reproducible_under_invariant() -> None:
    doc = sample_document("fr", patient_name="山田 太郎")
    assert render_pdf(doc) == render_pdf(doc)


def test_letterhead_configuration(tmp_path: Path, run_tool: Run) -> None:
    cfg = load_config()
    assert cfg.letterhead.clinic_name and Path(cfg.letterhead.logo).is_file()
    custom = config_from_dict(
        {"letterhead": {"clinic_name": "Hôpital Test", "phone": "555-0100"}, "page_size": "a4"},
        base=tmp_path,
    )
    data = render_pdf(sample_document("en"), config=custom)
    text = _text(run_tool, _write(tmp_path, data))
    assert "Hôpital Test" in text and "555-0100" in text
    info = run_tool("pdfinfo", _write(tmp_path, data, "a4.pdf"), check=True).stdout
    assert "595.276 x 841.89" in info
    with pytest.raises(ConfigError, match="clinic_name"):
        config_from_dict({"letterhead": {}}, base=tmp_path)
    with pytest.raises(ConfigError, match="logo"):
        config_from_dict({"clinic_name": "X", "logo": "missing.png"}, base=tmp_path)
    bad = tmp_path / "bad.yaml"
    bad.write_text("letterhead: [unclosed", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid"):
        load_config(bad)


def test_report_json_round_trip() -> None:
    doc = sample_document("fr")
    assert document_from_dict(document_to_dict(doc)) == doc
