"""Benchmark: report store queries on 100,000 reports, against a plain indexed lookup.

Builds a store (migrated schema, FTS triggers and indexes live) and bulk-inserts
N studies and N reports (executemany through SQLAlchemy Core: the same columns and
folding the service writes; FTS5 rows by its triggers, the tsvector by PostgreSQL),
then times through the public ``Store`` API (authorisation and row mapping included),
median over many runs with varying arguments:

* baseline: one report by accession number (B-tree index) -- ``search(accession=...)``;
* full-text search, a rare term (a few dozen hits) and a common term (~30 % of reports),
  each returning the 50 most recent matches, and one with a date filter;
* the worklist page: a radiologist's 50 most recent drafts with patient/study columns.

Targets: full-text median < 50 ms, worklist < 20 ms.

Usage: ``python bench/store.py [--reports 100000] [--runs 41] [--backend sqlite|postgres|all]``.
PostgreSQL runs when ``RADREPORT_TEST_PG_URL`` is set (``--backend all`` is the default).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from argon2 import PasswordHasher  # noqa: E402
from sqlalchemy import create_engine, insert, text  # noqa: E402

from radreport.domain.report import ReportStatus  # noqa: E402
from radreport.domain.workflow import Role  # noqa: E402
from radreport.services.store import Actor, Store  # noqa: E402
from radreport.services.store.codec import canonical_json, fold  # noqa: E402
from radreport.services.store.models import ReportRow, StudyRow  # noqa: E402

PASSWORD = "benchmark password"
FAMILY = [
    "Tremblay",
    "Gagnon",
    "Roy",
    "Côté",
    "Bouchard",
    "Gauthier",
    "Morin",
    "Lavoie",
    "Fortin",
    "Gagné",
    "Ouellet",
    "Pelletier",
    "Bélanger",
    "Lévesque",
    "Bergeron",
]
GIVEN = ["Marie", "Jean", "Émile", "Zoé", "Luc", "Hélène", "François", "Léa", "Noah", "Chloé"]
PHRASES_EN = [
    "No abnormal signal in the corticospinal tracts.",
    "Bilateral T2/FLAIR hyperintensity along the corticospinal tracts.",
    "Hypointense rim of the precentral gyrus on SWI (motor band sign).",
    "Mild chronic small vessel disease, Fazekas grade 1.",
    "No cervical cord compression; mild spondylosis at C5-C6.",
    "Cervical cord atrophy without signal abnormality.",
    "No restricted diffusion. No abnormal enhancement.",
    "Frontotemporal atrophy, predominantly left.",
]
PHRASES_FR = [
    "Aucun signal anormal le long des faisceaux corticospinaux.",
    "Hypersignal T2/FLAIR bilatéral des faisceaux pyramidaux.",
    "Liseré hypo-intense du gyrus précentral en SWI (signe du ruban moteur).",
    "Leucopathie vasculaire discrète, Fazekas 1.",
    "Pas de compression médullaire cervicale ; discrète uncodiscarthrose C5-C6.",
    "Atrophie médullaire cervicale sans anomalie de signal.",
    "Pas de restriction de la diffusion. Pas de rehaussement anormal.",
    "Atrophie frontotemporale à prédominance gauche.",
]
RARE = ["syringomyelia", "syringomyélie", "schwannoma", "cavernome", "meningioma"]


def _report_text(rng: random.Random, lang: str) -> str:
    phrases = PHRASES_FR if lang == "fr" else PHRASES_EN
    body = " ".join(rng.sample(phrases, 4))
    if rng.random() < 0.0005:
        body += f" Incidental {rng.choice(RARE)}."
    title = "Rapport d'IRM" if lang == "fr" else "MRI report"
    return f"{title}\n\nFINDINGS\n{body}\n\nIMPRESSION\n1. {rng.choice(phrases)}\n"


def populate(store: Store, n: int, seed: int = 1) -> tuple[list[Actor], list[str]]:
    rng = random.Random(seed)
    admin = store.add_user(None, "admin", Role.ADMIN, "Admin", PASSWORD)
    rads = [
        store.add_user(admin, f"rad{i}", Role.RADIOLOGIST, f"Dr Rad {i}", PASSWORD)
        for i in range(8)
    ]
    store.add_user(admin, "sec", Role.SECRETARY, "Secretary", PASSWORD)
    start = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    statuses = (
        [ReportStatus.FINAL] * 85
        + [ReportStatus.DRAFT] * 10
        + [ReportStatus.PRELIMINARY] * 3
        + [ReportStatus.AMENDED] * 2
    )
    accessions: list[str] = []
    batch = 5000
    with store.engine.begin() as conn:
        for lo in range(0, n, batch):
            studies: list[dict[str, Any]] = []
            reports: list[dict[str, Any]] = []
            for i in range(lo, min(n, lo + batch)):
                name = f"{rng.choice(FAMILY).upper()}^{rng.choice(GIVEN)}"
                ref = f"{rng.choice(FAMILY).upper()}^{rng.choice(GIVEN)}"
                acc = f"ACC{i:08d}"
                accessions.append(acc)
                when = start + dt.timedelta(minutes=7 * i + rng.randint(0, 6))
                snapshot = {"study_instance_uid": f"1.2.826.0.1.{i}", "accession_number": acc}
                studies.append(
                    {
                        "id": i + 1,
                        "study_instance_uid": f"1.2.826.0.1.{i}",
                        "patient_name": name,
                        "patient_name_folded": fold(name),
                        "patient_id": f"P{rng.randint(1, n // 3):07d}",
                        "accession_number": acc,
                        "study_date": when.date(),
                        "description": "IRM cerveau et moelle",
                        "referring_physician": ref,
                        "referring_folded": fold(ref),
                        "snapshot": canonical_json(snapshot),
                        "headers": "[]",
                        "created_at": when,
                    }
                )
                lang = "fr" if rng.random() < 0.6 else "en"
                plain = _report_text(rng, lang)
                author = rng.choice(rads)
                reports.append(
                    {
                        "id": i + 1,
                        "study_id": i + 1,
                        "template_id": "als-mri",
                        "template_version": "1.0",
                        "language": lang,
                        "status": rng.choice(statuses).value,
                        "answers": "{}",
                        "text_json": json.dumps({"plain": plain}),
                        "plain_text": plain,
                        "search_text": fold(plain),
                        "content_version": 1,
                        "lock_version": 1,
                        "created_by": author.id,
                        "created_at": when,
                        "updated_by": author.id,
                        "updated_at": when,
                    }
                )
            conn.execute(insert(StudyRow), studies)
            conn.execute(insert(ReportRow), reports)
        if store.engine.dialect.name == "postgresql":
            conn.execute(
                text("SELECT setval(pg_get_serial_sequence('reports','id'), :n)"), {"n": n}
            )
            conn.execute(
                text("SELECT setval(pg_get_serial_sequence('studies','id'), :n)"), {"n": n}
            )
    with store.engine.begin() as conn:
        conn.execute(text("ANALYZE"))
    return rads, accessions


def timed(fn: Callable[[int], object], runs: int) -> tuple[float, float]:
    fn(0)  # warm-up (plans, caches)
    times = []
    for i in range(runs):
        t0 = time.perf_counter()
        fn(i + 1)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.9) - 1]


def bench(url: str, n: int, runs: int, label: str) -> list[tuple[str, float, float, int]]:
    # Cheap argon2 for the bench users only: login cost is not what is measured here.
    store = Store.open(url, hasher=PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    t0 = time.perf_counter()
    rads, accessions = populate(store, n)
    load_s = time.perf_counter() - t0
    print(f"[{label}] inserted {n} studies + {n} reports in {load_s:.1f} s", file=sys.stderr)
    rng = random.Random(7)
    rows: list[tuple[str, float, float, int]] = []
    hits: dict[str, int] = {}

    def run(name: str, fn: Callable[[int], list[Any]]) -> None:
        def call(i: int) -> object:
            result = fn(i)
            hits[name] = len(result)
            return result

        med, p90 = timed(call, runs)
        rows.append((name, med, p90, hits[name]))

    run(
        "baseline: lookup by accession (B-tree)",
        lambda i: store.search(rads[0], "", accession=rng.choice(accessions)),
    )
    run("full-text, rare term (top 50)", lambda i: store.search(rads[0], RARE[i % len(RARE)]))
    run(
        "full-text, common term (~30 % of reports match, top 50)",
        lambda i: store.search(rads[0], "ruban moteur"),
    )
    run(
        "full-text + date range (1 month)",
        lambda i: store.search(
            rads[0], "atrophie", date_from=dt.date(2024, 1, 15), date_to=dt.date(2024, 2, 14)
        ),
    )
    run(
        "full-text + patient name filter",
        lambda i: store.search(rads[0], "fazekas", patient="tremblay"),
    )
    run(
        "worklist: my 50 most recent drafts",
        lambda i: store.list_reports(
            rads[i % len(rads)], statuses=[ReportStatus.DRAFT], mine=True, limit=50
        ),
    )
    run(
        "worklist: all 50 most recent drafts",
        lambda i: store.list_reports(rads[0], statuses=[ReportStatus.DRAFT], limit=50),
    )
    store.close()
    return rows


def _sqlite_url() -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="rr-bench-") as d:
        yield f"sqlite:///{Path(d) / 'bench.sqlite3'}"


def _pg_url(base: str) -> Iterator[str]:
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        sep = "&" if "?" in base else "?"
        yield f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as c:
            c.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=41)
    ap.add_argument("--backend", choices=("sqlite", "postgres", "all"), default="all")
    args = ap.parse_args()
    targets: list[tuple[str, Iterator[str]]] = []
    if args.backend in ("sqlite", "all"):
        targets.append(("SQLite", _sqlite_url()))
    pg = os.environ.get("RADREPORT_TEST_PG_URL")
    if args.backend in ("postgres", "all"):
        if pg:
            targets.append(("PostgreSQL", _pg_url(pg)))
        elif args.backend == "postgres":
            print("set RADREPORT_TEST_PG_URL to benchmark PostgreSQL", file=sys.stderr)
            return 2
    failed = False
    for label, urls in targets:
        url = next(urls)
        try:
            rows = bench(url, args.reports, args.runs, label)
        finally:
            for _ in urls:  # close the generator: removes the temp dir / schema
                pass
        base = rows[0][1]
        print(f"\n### {label}, {args.reports:,} reports, median of {args.runs} runs\n")
        print("| query | median | p90 | rows | vs baseline | target |")
        print("|---|---|---|---|---|---|")
        for name, med, p90, n in rows:
            target = 50.0 if name.startswith("full-text") else 20.0 if "worklist" in name else None
            ok = "" if target is None else ("met" if med < target else "**MISSED**")
            failed |= ok == "**MISSED**"
            tgt = "" if target is None else f"< {target:g} ms {ok}"
            print(f"| {name} | {med:.2f} ms | {p90:.2f} ms | {n} | {med / base:.1f}x | {tgt} |")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
