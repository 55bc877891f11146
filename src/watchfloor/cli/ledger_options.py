"""Options shared by the ledger commands, and opening the ledger they name."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from watchfloor.corroborate import Registry
    from watchfloor.ledger import Ledger

__all__ = [
    "DB_OPTION",
    "REGISTRY_OPTION",
    "existing_ledger",
    "fresh_ledger",
    "load_registry_option",
]

_DEFAULT_DB = "sqlite:///watchfloor.db"

DB_OPTION = typer.Option(
    _DEFAULT_DB,
    "--db",
    envvar="WATCHFLOOR_DB",
    help="Ledger database URL: sqlite:///file.db (default) or postgresql+psycopg://user@host/db.",
)
REGISTRY_OPTION = typer.Option(
    None,
    "--registry",
    envvar="WATCHFLOOR_REGISTRY",
    help="Your source registry (YAML) grading claimants A-F; unknown claimants are F.",
)


def load_registry_option(path: str | None) -> Registry | None:
    if not path:
        return None
    from watchfloor.corroborate import load_registry

    return load_registry(path)


def existing_ledger(db: str) -> Ledger:
    """Open the ledger at ``db``, refusing to create a SQLite file that is not there (a typo in
    --db must not give a reader an empty ledger, nor a new one its first token)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from watchfloor.errors import LedgerError
    from watchfloor.ledger import open_ledger

    try:
        parsed = make_url(db)
    except ArgumentError:
        parsed = None
    if (
        parsed is not None
        and parsed.get_backend_name() == "sqlite"
        and parsed.database
        and not Path(parsed.database).exists()
    ):
        raise LedgerError(
            f"no ledger at {db}: run `watchfloor ingest ... --db {db}` first, "
            "or pass the --db of an existing ledger"
        )
    return open_ledger(db)


def fresh_ledger(db: str, registry_path: str | None = None) -> Ledger:
    """Open the existing ledger at ``db``; rebuild stories and grades first if they are stale
    (a run was killed before corroborating) or a registry other than the one they were graded
    with is given."""
    registry = load_registry_option(registry_path)
    ledger = existing_ledger(db)
    if ledger.stories_stale() or registry is not None:
        from watchfloor.corroborate import needs_rebuild, rebuild

        if needs_rebuild(ledger, registry):
            rebuild(ledger, registry=registry)
    return ledger
