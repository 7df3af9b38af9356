"""Alembic environment: always run programmatically with a connection (see db.migrate)."""

from __future__ import annotations

from alembic import context

from radreport.services.store.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reachable from the alembic command line
    raise RuntimeError("run migrations through radreport.services.store.db.migrate()")

context.configure(connection=connection, target_metadata=Base.metadata)
with context.begin_transaction():
    context.run_migrations()
