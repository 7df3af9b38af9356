"""The audit trail is hash-chained: editing or deleting any row is detected and named."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from conftest import People, sign_kwargs
from sqlalchemy import Engine, text
from store_doubles import make_study

from radreport.services.store import Store


def _populate(store: Store, people: People, identity: Path) -> None:
    rid = store.create_report(people.rad, make_study(), "als-mri", {"brain": "x"}, "en")
    store.sign(people.rad, rid, **sign_kwargs(identity))
    store.export_pdf(people.sec, rid, recipient="Dr Who")


def _tamper(engine: Engine, sql: str) -> None:
    """What a rogue DBA could do: disable the append-only triggers, then edit rows."""
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.execute(text("DROP TRIGGER audit_events_no_update"))
            conn.execute(text("DROP TRIGGER audit_events_no_delete"))
        else:
            conn.execute(text("ALTER TABLE audit_events DISABLE TRIGGER USER"))
        for statement in sql.split("; "):
            conn.execute(text(statement))


def test_intact_trail_verifies_and_records_who_did_what(
    store: Store, people: People, identity: Path
) -> None:
    _populate(store, people, identity)
    result = store.verify_audit(people.admin)
    assert result.ok and result.first_broken is None
    with store.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT actor, action, entity_type FROM audit_events ORDER BY seq")
        ).all()
    assert ("rad", "report_create", "report") in rows
    assert ("rad", "report_sign_final", "report") in rows
    assert ("sec", "report_export", "report") in rows


@pytest.mark.parametrize(
    ("sql", "broken", "words"),
    [
        ("UPDATE audit_events SET actor = 'mallory' WHERE seq = 3", 3, "altered"),
        ("UPDATE audit_events SET details = '{}' WHERE seq = 5", 5, "altered"),
        ("DELETE FROM audit_events WHERE seq = 4", 4, "missing"),
        # delete and renumber so the sequence looks contiguous: the chain still breaks
        (
            "DELETE FROM audit_events WHERE seq = 2; "
            "UPDATE audit_events SET seq = seq - 1 WHERE seq > 2",
            2,
            "does not follow",
        ),
        (
            "DELETE FROM audit_events WHERE seq = (SELECT max(seq) FROM audit_events)",
            None,
            "deleted from the end",
        ),
    ],
)
def test_tampering_is_detected(
    store: Store, people: People, identity: Path, sql: str, broken: int | None, words: str
) -> None:
    _populate(store, people, identity)
    last = store.verify_audit(people.admin).entries
    _tamper(store.engine, sql)
    result = store.verify_audit(people.admin)
    assert not result.ok
    assert words in result.problem
    assert result.first_broken == (broken if broken is not None else last)


def test_export_csv(store: Store, people: People, identity: Path, tmp_path: Path) -> None:
    _populate(store, people, identity)
    out = tmp_path / "audit.csv"
    n = store.export_audit(people.admin, out)
    with out.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == n > 5
    assert [int(r["seq"]) for r in rows] == list(range(1, n + 1))
    assert rows[0]["at_utc"].endswith("+00:00")
    assert all(rows[i]["prev_hash"] == rows[i - 1]["hash"] for i in range(1, n))
    assert store.verify_audit(people.admin).ok  # the export itself was audited, chain intact
