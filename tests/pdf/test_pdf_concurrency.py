"""Renders from several threads at once (a preview while the store signs) all succeed."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from radreport.services.pdf import render_pdf
from radreport.services.pdf.samples import sample_document


def test_parallel_renders_with_the_letterhead_logo() -> None:
    docs = [sample_document(lang, signed=False) for lang in ("en", "fr")] * 20
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(render_pdf, docs))
    assert all(r.startswith(b"%PDF-") for r in results)
