"""Benchmark: render + sign a typical two-page report vs bare reportlab + bare pyHanko.

    python3 bench/pdf.py [--runs 30] [--batch 200]

Target (issue 4): RadReport's render + sign of the typical two-page report takes at
most 1.5x the bare sum (reportlab rendering the same text with the same fonts and
no letterhead/banner/footer, plus pyHanko's invisible default signature), measured
in the same run; a batch export of 200 reports uses both cores
(ProcessPoolExecutor), with the speed-up over one process shown.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from xml.sax.saxutils import escape

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from radreport.domain.report import ReportDocument
from radreport.services.pdf import (
    SigningIdentity,
    load_fonts,
    load_identity,
    make_demo_identity,
    render_report,
    sign_pdf,
    write_atomic,
)
from radreport.services.pdf.samples import sample_document

PASSPHRASE = b"benchmark passphrase"


def bare_render(doc: ReportDocument) -> bytes:
    """The same text with reportlab alone: same fonts, title, headings, paragraphs."""
    fonts = load_fonts()
    body = ParagraphStyle("b", fontName=fonts.regular, fontSize=10, leading=13.6, spaceAfter=5)
    head = ParagraphStyle("h", parent=body, fontName=fonts.bold, spaceBefore=9)
    out = io.BytesIO()
    story = [Paragraph(escape(doc.text.title), head)]
    for s in doc.text.sections:
        story.append(Paragraph(escape(s.title.upper()), head))
        story += [Paragraph(escape(p.text), body) for p in s.paragraphs]
    SimpleDocTemplate(out, initialFontName=fonts.regular).build(story)
    return out.getvalue()


def bare_sign(pdf: bytes, signer: signers.SimpleSigner) -> bytes:
    meta = signers.PdfSignatureMetadata(
        field_name="Signature1", md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES
    )
    out = io.BytesIO()
    signers.PdfSigner(meta, signer=signer).sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(pdf)), output=out
    )
    return out.getvalue()


def ours(doc: ReportDocument, identity: SigningIdentity) -> bytes:
    rendered = render_report(doc)
    assert doc.signature is not None
    return sign_pdf(
        rendered.data,
        identity,
        doc.signature,
        language=doc.text.language,
        stamp_box=rendered.stamp_box,
    ).data


def timed(fn: Callable[[], object], runs: int) -> float:
    fn()  # warm-up: font registration, imports
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t)
    return statistics.median(samples)


# -- batch export -------------------------------------------------------------------

_identity: SigningIdentity | None = None


def _init_worker(p12: str) -> None:
    global _identity
    _identity = load_identity(p12, PASSPHRASE)
    load_fonts()


def _export_one(args: tuple[int, str]) -> int:
    i, out_dir = args
    assert _identity is not None
    doc = sample_document("fr" if i % 2 else "en", report_id=f"R-BENCH-{i:04d}")
    data = ours(doc, _identity)
    write_atomic(Path(out_dir) / f"report-{i:04d}.pdf", data)
    return len(data)


def batch(n: int, workers: int, p12: str, out_dir: str) -> tuple[float, float]:
    """Wall time, and the CPU seconds the worker processes used per wall second."""
    before = os.times()
    t = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(p12,)) as ex:
        sizes = list(ex.map(_export_one, [(i, out_dir) for i in range(n)], chunksize=4))
    elapsed = time.perf_counter() - t
    after = os.times()
    assert len(sizes) == n and all(sizes)
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return elapsed, cpu / elapsed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--batch", type=int, default=200)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        demo = make_demo_identity("Dr. Bench Mark", Path(tmp) / "bench.p12", PASSPHRASE)
        identity = load_identity(demo.p12_path, PASSPHRASE)
        doc = sample_document("en")
        pages = render_report(doc).pages
        t_bare_render = timed(lambda: bare_render(doc), args.runs)
        bare_pdf = bare_render(doc)
        # bare pyHanko: its own PKCS#12 loader and SimpleSigner, invisible signature
        bare_signer = signers.SimpleSigner.load_pkcs12_data(
            demo.p12_path.read_bytes(), other_certs=(), passphrase=PASSPHRASE
        )
        assert bare_signer is not None
        t_bare_sign = timed(lambda: bare_sign(bare_pdf, bare_signer), args.runs)
        # stricter: the same bare signature with the key parsed once (as RadReport does)
        t_bare_sign_cached = timed(lambda: bare_sign(bare_pdf, identity.signer), args.runs)
        t_ours = timed(lambda: ours(doc, identity), args.runs)
        t_render = timed(lambda: render_report(doc), args.runs)
        bare_sum = t_bare_render + t_bare_sign
        ratio = t_ours / bare_sum
        cores = os.cpu_count() or 1
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"typical report: {pages} pages, RSA-3072 demo key, median of {args.runs} runs")
        print(f"  bare reportlab render        {t_bare_render * 1000:8.1f} ms")
        print(f"  bare pyHanko sign            {t_bare_sign * 1000:8.1f} ms")
        print(f"  bare sum                     {bare_sum * 1000:8.1f} ms")
        print(f"  RadReport render             {t_render * 1000:8.1f} ms")
        print(f"  RadReport render + sign      {t_ours * 1000:8.1f} ms")
        verdict = "OK" if ratio <= 1.5 else "OVER TARGET"
        print(f"  ratio                        {ratio:8.2f} x   (target <= 1.5: {verdict})")
        strict = t_ours / (t_bare_render + t_bare_sign_cached)
        print(f"  bare sign, key parsed once   {t_bare_sign_cached * 1000:8.1f} ms  (stricter)")
        print(
            f"  ratio against it             {strict:8.2f} x   (letterhead, banner, footer, stamp)"
        )
        out1 = Path(tmp) / "one"
        out2 = Path(tmp) / "all"
        out1.mkdir()
        out2.mkdir()
        t1, busy1 = batch(args.batch, 1, str(demo.p12_path), str(out1))
        tn, busyn = batch(args.batch, cores, str(demo.p12_path), str(out2))
        print(
            f"batch export of {args.batch} signed reports (render + sign + atomic write); "
            f"load average before: {load:.2f} (other work on the machine slows the batch)"
        )
        print(
            f"  1 process                    {t1:8.2f} s  ({args.batch / t1:6.1f} reports/s, "
            f"{busy1:.2f} cores busy)"
        )
        print(
            f"  {cores} processes                  {tn:8.2f} s  ({args.batch / tn:6.1f} reports/s, "
            f"{busyn:.2f} cores busy)"
        )
        print(f"  speed-up                     {t1 / tn:8.2f} x on {cores} cores")
        return 0 if ratio <= 1.5 else 1


if __name__ == "__main__":
    sys.exit(main())
