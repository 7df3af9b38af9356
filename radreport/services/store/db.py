"""Engine and session set-up, default location, migrations, integrity check.

SQLite (the embedded default) runs in WAL mode with foreign keys on and
``synchronous=FULL`` so a committed autosave survives a killed process or a
power cut; every transaction starts with ``BEGIN IMMEDIATE`` so two writers
queue on the lock instead of failing half-way (and the audit chain never forks).
PostgreSQL (departments) is reached with ``postgresql+psycopg://`` URLs; the
audit chain is serialised there by locking its head row.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url

DB_ENV = "RADREPORT_DB"
DATA_DIR_ENV = "RADREPORT_DATA_DIR"


class StoreUnavailable(Exception):
    """The database cannot be opened or migrated (the message says what to do)."""


def data_dir() -> Path:
    """``$RADREPORT_DATA_DIR`` or the platform's per-user data folder."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir("radreport"))


def default_url() -> str:
    """``$RADREPORT_DB`` or the embedded SQLite file in the user data folder."""
    env = os.environ.get(DB_ENV)
    if env:
        return env
    return f"sqlite:///{data_dir() / 'radreport.sqlite3'}"


def _normalise(url: str) -> str:
    # "postgresql://" alone would pick psycopg2, which is not installed.
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def make_engine(url: str | None = None, **kwargs: Any) -> Engine:
    url = _normalise(url or default_url())
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            # the database holds patient data: a new folder is private to the user
            Path(parsed.database).parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30}, **kwargs)
        _configure_sqlite(engine)
        return engine
    if parsed.get_backend_name() == "postgresql":
        # No server-side prepared statements: PostgreSQL then plans each search with the
        # actual words (a rare word -> GIN index; a common one -> newest-first scan),
        # where a generic prepared plan would pick one plan for all.
        return create_engine(
            url, pool_pre_ping=True, connect_args={"prepare_threshold": None}, **kwargs
        )
    raise StoreUnavailable(f"unsupported database URL {parsed.render_as_string()!r}")


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own is DEFERRED).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def migrate(engine: Engine) -> None:
    """Bring the schema to the latest Alembic revision (migrations ship inside the package)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def integrity_check(engine: Engine) -> list[str]:
    """Problems found by the backend's own consistency check (empty: all good)."""
    problems: list[str] = []
    with engine.connect() as conn:
        if is_sqlite(engine):
            rows = [r[0] for r in conn.execute(text("PRAGMA integrity_check"))]
            if rows != ["ok"]:
                problems += [str(r) for r in rows]
            problems += [
                f"foreign key violation in {r[0]} row {r[1]}"
                for r in conn.execute(text("PRAGMA foreign_key_check"))
            ]
            try:
                conn.execute(
                    text("INSERT INTO report_fts(report_fts, rank) VALUES('integrity-check', 1)")
                )
            except Exception as exc:
                problems.append(f"full-text index: {exc}")
        else:
            # PostgreSQL has no global check short of amcheck; check what we own.
            conn.execute(text("SELECT count(*) FROM reports")).scalar_one()
    return problems
