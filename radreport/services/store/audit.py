"""Append-only, hash-chained audit trail (21 CFR 11.10(e), HIPAA 164.312(b)).

Each entry stores ``hash = SHA-256(canonical JSON of its fields + prev_hash)``;
``audit_head`` holds the last sequence number and hash.  Editing a row breaks its
own hash, deleting one breaks the next row's ``prev_hash`` (or the head, for the
last row), so :func:`verify` names the first broken entry.  Appends lock the head
row so concurrent writers never fork the chain.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from radreport.services.store.codec import canonical_json, sha256_hex
from radreport.services.store.models import AuditEvent, AuditHead

GENESIS = "0" * 64


def entry_hash(
    seq: int,
    at: dt.datetime,
    actor: str,
    action: str,
    entity_type: str,
    entity_id: str,
    details: str,
    prev_hash: str,
) -> str:
    return sha256_hex(
        canonical_json(
            {
                "seq": seq,
                "at": at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
                "actor": actor,
                "action": action,
                "entity_type": entity_type,
                "entity_id": entity_id,
                "details": details,
                "prev_hash": prev_hash,
            }
        )
    )


def append(
    session: Session,
    *,
    actor: str,
    action: str,
    entity_type: str,
    entity_id: object,
    details: Mapping[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> AuditEvent:
    """Add one entry in the caller's transaction (so it commits or rolls back with the change)."""
    head = session.execute(
        select(AuditHead).where(AuditHead.id == 1).with_for_update()
    ).scalar_one()
    at = at or dt.datetime.now(dt.UTC)
    seq = head.seq + 1
    prev = head.hash or GENESIS
    body = canonical_json(dict(details or {}))
    event = AuditEvent(
        seq=seq,
        at=at,
        actor=actor,
        action=action,
        entity_type=entity_type,
        entity_id=str(entity_id),
        details=body,
        prev_hash=prev,
        hash=entry_hash(seq, at, actor, action, entity_type, str(entity_id), body, prev),
    )
    session.add(event)
    head.seq, head.hash = seq, event.hash
    session.flush()
    return event


@dataclass(frozen=True, slots=True)
class Verification:
    ok: bool
    entries: int
    first_broken: int | None = None  # sequence number of the first bad entry
    problem: str = ""


def verify(session: Session) -> Verification:
    prev = GENESIS
    expected_seq = 1
    count = 0
    rows = session.execute(select(AuditEvent).order_by(AuditEvent.seq)).scalars()
    for e in rows:
        if e.seq != expected_seq:
            return Verification(
                False, count, expected_seq, f"entry {expected_seq} is missing (deleted)"
            )
        if e.prev_hash != prev:
            return Verification(
                False,
                count,
                e.seq,
                f"entry {e.seq} does not follow entry {e.seq - 1} "
                "(an entry was deleted or altered)",
            )
        recomputed = entry_hash(
            e.seq, e.at, e.actor, e.action, e.entity_type, e.entity_id, e.details, e.prev_hash
        )
        if recomputed != e.hash:
            return Verification(False, count, e.seq, f"entry {e.seq} was altered")
        prev = e.hash
        expected_seq += 1
        count += 1
    head = session.get(AuditHead, 1)
    if head is None or head.seq != count or (count and head.hash != prev):
        return Verification(
            False,
            count,
            count + 1,
            f"the trail ends at entry {count} but entry {head.seq if head else '?'} was "
            "recorded as the last (entries were deleted from the end)",
        )
    return Verification(True, count)


CSV_COLUMNS = (
    "seq",
    "at_utc",
    "actor",
    "action",
    "entity_type",
    "entity_id",
    "details",
    "prev_hash",
    "hash",
)


def export_csv(session: Session, path: Path) -> int:
    """Write every entry to a CSV file (written to a temporary name, then renamed)."""
    tmp = path.with_name(path.name + ".part")
    n = 0
    with tmp.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(CSV_COLUMNS)
        for e in session.execute(select(AuditEvent).order_by(AuditEvent.seq)).scalars():
            w.writerow(
                [
                    e.seq,
                    e.at.isoformat(timespec="microseconds"),
                    e.actor,
                    e.action,
                    e.entity_type,
                    e.entity_id,
                    e.details,
                    e.prev_hash,
                    e.hash,
                ]
            )
            n += 1
    tmp.replace(path)
    return n
