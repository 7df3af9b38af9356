"""Benchmark: the live report view updating after a field change.

Uses the largest template (``combined``) with every module filled, as
bench/render.py does, and alternates two answer sets (one answer differs) so each
update really changes the text.  Timed in the same run, in the same offscreen
window size (600x900):

* baseline: ``QTextEdit.setPlainText`` of the same report's plain text;
* ``ReportView.set_report`` (builds the document: formats, sentence table, list);
* each of the two followed by a synchronous repaint of the viewport (layout + paint),
  which is what the user waits for;
* the same with one section edited by hand;
* the worst case: EN/FR switch, every section redrawn (a field change redraws only
  the sections whose text changed);
* end to end: ``render_report`` + ``set_report`` + repaint.

Target: median preview update (set_report + repaint) under 16 ms (one frame at 60 Hz).

Usage: ``QT_QPA_PLATFORM=offscreen python3 bench/preview.py [--runs 200] [--append FILE]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QTextEdit  # noqa: E402
from render import full_value  # noqa: E402

from radreport.qt.report_view import ReportView  # noqa: E402
from radreport.services.templates import list_templates, load_template, render_report  # noqa: E402

TARGET_MS = 16.0


def timed(fn: Callable[[int], object], runs: int) -> tuple[float, float]:
    for i in range(5):
        fn(i)  # warm-up
    times = []
    for i in range(runs):
        t0 = time.perf_counter()
        fn(i)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=200)
    ap.add_argument("--lang", default="fr")
    ap.add_argument("--append", metavar="FILE", help="append the results (Markdown) to FILE")
    args = ap.parse_args()
    app = QApplication.instance() or QApplication([])

    info = max(list_templates(), key=lambda i: i.field_count)
    loaded = load_template(info.id)
    answers = {f.id: full_value(f) for f in loaded.template.fields}
    answers["comparison"] = "MRI 2024-01-10"
    answers["contrast"] = "given"
    changed = dict(answers, indication="Changed indication, " + str(answers["indication"]))
    variants = [answers, changed]
    reports = [render_report(loaded, a, lang=args.lang) for a in variants]
    plains = [r.plain_text() for r in reports]
    other = "en" if args.lang == "fr" else "fr"
    both_langs = [reports[0], render_report(loaded, answers, lang=other)]
    sentences = sum(len(s.sentences()) for s in reports[0].sections)

    bare = QTextEdit()
    bare.resize(600, 900)
    bare.show()
    view = ReportView()
    view.resize(600, 900)
    view.show()
    edited = ReportView()
    edited.resize(600, 900)
    edited.show()
    app.processEvents()
    edited.set_report(reports[0])
    first = reports[0].sections[3]
    edited.set_edited_sections({first.id: "Typed by hand.\nSecond line."})

    def bare_set(i: int) -> None:
        bare.setPlainText(plains[i % 2])

    def bare_paint(i: int) -> None:
        bare.setPlainText(plains[i % 2])
        bare.viewport().repaint()

    def view_set(i: int) -> None:
        view.set_report(reports[i % 2])

    def view_paint(i: int) -> None:
        view.set_report(reports[i % 2])
        view.editor.viewport().repaint()

    def full_paint(i: int) -> None:
        view.set_report(both_langs[i % 2])
        view.editor.viewport().repaint()

    def edited_paint(i: int) -> None:
        edited.set_report(reports[i % 2])
        edited.editor.viewport().repaint()

    def end_to_end(i: int) -> None:
        view.set_report(render_report(loaded, variants[i % 2], lang=args.lang))
        view.editor.viewport().repaint()

    rows = [
        ("baseline: QTextEdit.setPlainText (same text)", bare_set),
        ("baseline: setPlainText + repaint", bare_paint),
        ("ReportView.set_report", view_set),
        ("**ReportView.set_report + repaint** (the preview update)", view_paint),
        ("set_report + repaint, one section edited by hand", edited_paint),
        ("worst case: language switch, every section redrawn, + repaint", full_paint),
        ("end to end: render_report + set_report + repaint", end_to_end),
    ]
    results = [(name, *timed(fn, args.runs)) for name, fn in rows]
    base = results[0][1]
    lines = [
        f"Template `{info.id}`, every module filled ({sentences} sentences, "
        f"{len(plains[0])} characters), language {args.lang}, 600x900 offscreen, "
        f"{args.runs} runs each, two answer sets alternating:",
        "",
        "| operation | median | p95 | vs setPlainText |",
        "|---|---|---|---|",
    ]
    for name, med, p95 in results:
        lines.append(f"| {name} | {med:.2f} ms | {p95:.2f} ms | {med / base:.1f}x |")
    update = results[3][1]
    verdict = "met" if update < TARGET_MS else "NOT met"
    lines += [
        "",
        f"Target (median preview update under {TARGET_MS:.0f} ms): {verdict} "
        f"({update:.2f} ms).  Machine: {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} CPUs, {dt.date.today().isoformat()}.",
    ]
    text = "\n".join(lines)
    print(text)
    if args.append:
        with open(args.append, "a", encoding="utf-8") as fh:
            fh.write("\n## Live report view: preview update after a field change\n\n")
            fh.write(
                "`bench/preview.py` (command: "
                f"`QT_QPA_PLATFORM=offscreen python3 bench/preview.py --runs {args.runs}`):\n\n"
            )
            fh.write(text + "\n")
    return 0 if update < TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
