"""Fixtures for the store tests: every test gets a fresh database, on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy import create_engine, text
from store_doubles import PASSPHRASE, DoubleRenderer, DoubleSigner

from radreport.domain.workflow import Role
from radreport.services.store import Actor, Store

PG_ENV = "RADREPORT_TEST_PG_URL"
PASSWORD = "correct horse 42"
# Cheap argon2 parameters keep the tests fast; production uses the library defaults.
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def pg_url_or_skip() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get("CI"):
            pytest.fail(f"{PG_ENV} is not set in CI (scripts/test.d/20-postgres.sh starts it)")
        pytest.skip(f"{PG_ENV} not set: PostgreSQL store tests skipped (run scripts/test)")
    return url


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL of an empty database: a new SQLite file, or a new PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite3'}"
        return
    base = pg_url_or_skip()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base else "?"
    yield f"{base}{sep}options=-csearch_path%3D{schema}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture
def signer() -> DoubleSigner:
    return DoubleSigner()


@pytest.fixture
def store(db_url: str, signer: DoubleSigner) -> Iterator[Store]:
    s = Store.open(db_url, renderer=DoubleRenderer(), signer=signer, hasher=FAST_HASHER)
    yield s
    s.close()


class People:
    def __init__(self, store: Store) -> None:
        self.admin = store.add_user(None, "admin", Role.ADMIN, "Ada Admin", PASSWORD)
        self.rad = store.add_user(
            self.admin, "rad", Role.RADIOLOGIST, "Dr Marie Curie", PASSWORD, "MD, FRCPC"
        )
        self.res = store.add_user(self.admin, "res", Role.RESIDENT, "Dr Rés Ident", PASSWORD)
        self.sec = store.add_user(self.admin, "sec", Role.SECRETARY, "Sam Secrétaire", PASSWORD)

    def all(self) -> dict[str, Actor]:
        return {"admin": self.admin, "rad": self.rad, "res": self.res, "sec": self.sec}


@pytest.fixture
def people(store: Store) -> People:
    return People(store)


@pytest.fixture
def identity(tmp_path: Path) -> Path:
    p = tmp_path / "signer.p12"
    p.write_bytes(b"not a real PKCS#12: the test signer only hashes it")
    return p


def sign_kwargs(identity: Path) -> dict[str, Any]:
    return {"password": PASSWORD, "identity_path": identity, "passphrase": PASSPHRASE}
