"""Alembic environment: migrations always run on a connection the ledger hands over."""

from __future__ import annotations

from alembic import context

from watchfloor.ledger.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached by the alembic command line
    raise RuntimeError("run migrations through watchfloor.ledger.open_ledger(), not alembic")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
