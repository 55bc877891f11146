"""The ledger: documents and claims stored durably, with the stories and grades built from them.

SQLite by default (one file, WAL mode), PostgreSQL for a team, one schema through SQLAlchemy
Core, migrated with Alembic. See ``docs/ledger.md``. The names below load SQLAlchemy on first
use (PEP 562), so that ``ledger.quick`` can answer ``watchfloor stories`` without it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from watchfloor.ledger.database import DEFAULT_URL
    from watchfloor.ledger.store import Ledger, Stored, open_ledger

__all__ = ["DEFAULT_URL", "Ledger", "Stored", "open_ledger"]

_HOMES = {
    "DEFAULT_URL": "watchfloor.ledger.database",
    "Ledger": "watchfloor.ledger.store",
    "Stored": "watchfloor.ledger.store",
    "open_ledger": "watchfloor.ledger.store",
}


def __getattr__(name: str) -> object:
    if name in _HOMES:
        value = getattr(importlib.import_module(_HOMES[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'watchfloor.ledger' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOMES))
