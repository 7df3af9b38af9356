"""Benchmark: rendering the largest template with every module filled.

Picks the template with the most fields, builds an answer set that fills every
field and module (groups with several items), and times, in the same run:

* baseline: a trivial jinja2 render (one line per answer) in the same kind of
  sandboxed environment - the floor for "jinja2 turns answers into text";
* ``validate_answers`` alone (types, conditions, clinical rules);
* ``render_report`` (validation + rules + every module's text + ReportText), in
  English and in French;
* the same with a study (technique from the headers, protocol check).

Target: median ``render_report`` under 16 ms (one frame at 60 Hz), so the GUI
can re-render on every keystroke.

Usage: ``python bench/render.py [--runs 200] [--append docs/performance.md]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from radreport.domain.templates import FieldDef, FieldType  # noqa: E402
from radreport.services.demo_study import write_demo_study  # noqa: E402
from radreport.services.scanner import scan_paths  # noqa: E402
from radreport.services.templates import (  # noqa: E402
    list_templates,
    load_template,
    render_report,
    validate_answers,
)

TARGET_MS = 16.0
_NEUTRAL = {"not_assessed", "not_assessable", "none", "absent", "no", "not_given"}


def full_value(f: FieldDef, items: int = 3) -> Any:
    """A valid, "abnormal" answer for every field, so every module writes text."""
    t = f.type
    if t in (FieldType.CHOICE, FieldType.SIDE):
        opts = [o.id for o in f.option_list()]
        return next((o for o in opts if o not in _NEUTRAL), opts[0])
    if t is FieldType.YES_NO:
        return "yes"
    if t is FieldType.MULTI_CHOICE:
        return [o.id for o in f.option_list()]
    if t in (FieldType.INTEGER, FieldType.DECIMAL):
        assert f.min is not None and f.max is not None
        value = min(f.max, max(f.min, 3 if f.max <= 10 else 7))
        return int(value) if t is FieldType.INTEGER else float(value)
    if t is FieldType.MEASUREMENT:
        assert f.min is not None and f.max is not None
        return [min(f.max, max(f.min, 12.5))] * f.max_diameters
    if t is FieldType.LEVEL:
        return "C5-C6" if f.kind.value == "disc" else "C5"
    if t is FieldType.LEVEL_RANGE:
        return {"from": "C4", "to": "C6"}
    if t is FieldType.DATE:
        return dt.date(2025, 1, 15).isoformat()
    if t is FieldType.TEXT:
        return "Free text typed by the radiologist, with <b>markup</b> & {{ braces }}"
    assert t is FieldType.GROUP
    return [{c.id: full_value(c) for c in f.fields or []} for _ in range(items)]


def median_ms(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    for _ in range(5):
        fn()  # warm-up (template compilation and caches)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=200)
    ap.add_argument("--append", metavar="FILE", help="append the results (Markdown) to FILE")
    args = ap.parse_args()

    info = max(list_templates(), key=lambda i: i.field_count)
    loaded = load_template(info.id)
    answers = {f.id: full_value(f) for f in loaded.template.fields}
    answers["comparison"] = "MRI 2024-01-10"
    answers["contrast"] = "given"
    problems, warnings = validate_answers(loaded, answers)
    if problems:
        print("the generated answers are invalid:", problems, file=sys.stderr)
        return 1
    report = render_report(loaded, answers, lang="en")
    sentences = sum(len(s.sentences()) for s in report.sections)

    env = ImmutableSandboxedEnvironment(undefined=StrictUndefined, autoescape=False)
    trivial = env.from_string("{% for k, v in answers.items() %}{{ k }}: {{ v }}\n{% endfor %}")
    with tempfile.TemporaryDirectory() as tmp:
        write_demo_study(Path(tmp))
        study = scan_paths([tmp]).studies[0]

    rows = [
        (
            "baseline: trivial jinja2 render of the same answers",
            lambda: trivial.render(answers=answers),
        ),
        ("validate_answers (types, conditions, rules)", lambda: validate_answers(loaded, answers)),
        ("render_report, English", lambda: render_report(loaded, answers, lang="en")),
        ("render_report, French", lambda: render_report(loaded, answers, lang="fr")),
        (
            "render_report, French, with a study",
            lambda: render_report(loaded, answers, study=study, lang="fr"),
        ),
    ]
    results = [(name, *median_ms(fn, args.runs)) for name, fn in rows]
    base = results[0][1]
    n_fields = info.field_count
    lines = [
        f"Template `{info.id}` ({n_fields} fields incl. group children; groups with 3 items; "
        f"{len(answers)} top-level answers; {sentences} sentences, {len(warnings)} warnings), "
        f"{args.runs} runs each:",
        "",
        "| operation | median | p95 | vs baseline |",
        "|---|---|---|---|",
    ]
    for name, med, p95 in results:
        lines.append(f"| {name} | {med:.2f} ms | {p95:.2f} ms | {med / base:.1f}x |")
    worst = max(r[1] for r in results[2:])
    verdict = "met" if worst < TARGET_MS else "NOT met"
    lines += [
        "",
        f"Target: median render under {TARGET_MS:g} ms: **{verdict}**"
        f" (worst median {worst:.2f} ms).",
    ]
    text = "\n".join(lines)
    print(text)
    if args.append:
        with open(args.append, "a", encoding="utf-8") as fh:
            fh.write(
                "\n## Report rendering (`bench/render.py`)\n\n"
                f"Command: `python bench/render.py --runs {args.runs}`"
                f" (run on {dt.date.today().isoformat()}).\n\n" + text + "\n"
            )
    return 0 if worst < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
