"""The ledger: documents and claims stored durably, with the stories and grades built from them.

SQLite by default (one file, WAL mode), PostgreSQL for a team, one schema through SQLAlchemy
Core, migrated with Alembic. See ``docs/ledger.md``.
"""

from __future__ import annotations

from watchfloor.ledger.database import DEFAULT_URL
from watchfloor.ledger.store import Ledger, Stored, open_ledger

__all__ = ["DEFAULT_URL", "Ledger", "Stored", "open_ledger"]
