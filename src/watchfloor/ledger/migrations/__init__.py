"""Alembic migrations of the ledger schema (run by :func:`watchfloor.ledger.open_ledger`)."""
