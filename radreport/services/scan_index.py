"""A small on-disk index of headers already read, keyed by path, size and mtime.

Rescanning a folder that has not changed then costs a ``stat`` per file and one
SQLite range query, instead of opening every file.  Records are stored as
``marshal``-ed tuples (a few microseconds to load, no code execution on load,
unlike pickle).  The index is a cache: if it is missing, corrupt, locked or
read-only, scanning carries on without it and says so in the log.
"""

from __future__ import annotations

import dataclasses
import logging
import marshal
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from radreport.domain.study import InstanceHeader, PersonName

log = logging.getLogger(__name__)

_FIELDS = [f.name for f in dataclasses.fields(InstanceHeader)]
_PN_FIELDS = frozenset(
    i for i, f in enumerate(dataclasses.fields(InstanceHeader)) if f.type == "PersonName"
)
# Any change to InstanceHeader's fields changes this, and old indexes are dropped.
SCHEMA = "v1:" + ",".join(_FIELDS)


def _encode(h: InstanceHeader) -> bytes:
    values: list[Any] = []
    for name in _FIELDS:
        v = getattr(h, name)
        if isinstance(v, PersonName):
            v = (v.alphabetic, v.ideographic, v.phonetic)
        values.append(v)
    return marshal.dumps(tuple(values))


def _decode(blob: bytes) -> InstanceHeader:
    values = list(marshal.loads(blob))
    for i in _PN_FIELDS:
        values[i] = PersonName(*values[i])
    return InstanceHeader(*values)


@dataclasses.dataclass(frozen=True, slots=True)
class IndexEntry:
    size: int
    mtime_ns: int
    header: InstanceHeader | None
    error: str | None


class ScanIndex:
    """SQLite-backed cache of :class:`InstanceHeader` records and per-file errors."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db: sqlite3.Connection | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = self._open()
        except (OSError, sqlite3.Error) as exc:
            log.warning("scan index unavailable (%s); scanning without it", exc)
            self._db = None

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=5, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            row = db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
            if row is None or row[0] != SCHEMA:
                db.execute("DROP TABLE IF EXISTS files")
                db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA,))
            db.execute(
                "CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, size INTEGER,"
                " mtime_ns INTEGER, header BLOB, error TEXT) WITHOUT ROWID"
            )
        except sqlite3.DatabaseError:
            db.close()
            # A damaged cache is worthless: start a new one rather than fail the scan.
            log.warning("scan index was damaged and has been reset")
            self.path.unlink(missing_ok=True)
            return self._open_fresh()
        return db

    def _open_fresh(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=5, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        db.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA,))
        db.execute(
            "CREATE TABLE files (path TEXT PRIMARY KEY, size INTEGER,"
            " mtime_ns INTEGER, header BLOB, error TEXT) WITHOUT ROWID"
        )
        return db

    @property
    def available(self) -> bool:
        return self._db is not None

    def load_prefix(self, prefix: str) -> dict[str, IndexEntry]:
        """Every entry whose path starts with ``prefix`` (a folder path ending in a separator,
        a file path, or an archive path)."""
        if self._db is None:
            return {}
        try:
            rows = self._db.execute(
                "SELECT path, size, mtime_ns, header, error FROM files"
                " WHERE path >= ? AND path < ?",
                (prefix, prefix + "\U0010ffff"),
            ).fetchall()
        except sqlite3.Error as exc:
            log.warning("scan index read failed (%s)", exc)
            return {}
        out: dict[str, IndexEntry] = {}
        for path, size, mtime_ns, blob, error in rows:
            try:
                header = _decode(blob) if blob is not None else None
            except (ValueError, EOFError, TypeError):
                continue  # unreadable entry: the file will simply be read again
            out[path] = IndexEntry(size, mtime_ns, header, error)
        return out

    def store(
        self, rows: Iterable[tuple[str, int, int, InstanceHeader | None, str | None]]
    ) -> None:
        if self._db is None:
            return
        data = [
            (path, size, mtime, _encode(h) if h is not None else None, err)
            for path, size, mtime, h, err in rows
        ]
        if not data:
            return
        try:
            with self._db:
                self._db.execute("BEGIN")
                self._db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)", data)
        except sqlite3.Error as exc:
            log.warning("scan index write failed (%s); results are still correct", exc)

    def forget(self, paths: Iterable[str]) -> None:
        """Drop entries of files that no longer exist, so the index does not grow forever."""
        gone = [(p,) for p in paths]
        if self._db is None or not gone:
            return
        try:
            with self._db:
                self._db.execute("BEGIN")
                self._db.executemany("DELETE FROM files WHERE path = ?", gone)
        except sqlite3.Error as exc:
            log.warning("scan index clean-up failed (%s)", exc)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def default_index_path() -> Path:
    """``scan-index.sqlite3`` in the user cache folder (see radreport.services.paths)."""
    from radreport.services.paths import cache_dir

    return cache_dir() / "scan-index.sqlite3"
