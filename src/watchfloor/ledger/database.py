"""Opening a ledger database: URL checks, SQLite pragmas, and migrations to the current schema.

A ledger is chosen by a SQLAlchemy URL: ``sqlite:///watch.db`` (the default, embedded) or
``postgresql+psycopg://user@host/db`` for a team. SQLite runs in WAL mode with foreign keys on
and a busy timeout, so a reader never blocks the writer and a killed writer leaves every
committed transaction intact. The schema is migrated with Alembic on open; the check for "already
current" is one query, so opening a current ledger stays fast.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError, SQLAlchemyError

from watchfloor.errors import LedgerError
from watchfloor.ledger.revision import HEAD_REVISION

__all__ = ["DEFAULT_URL", "HEAD_REVISION", "MIGRATIONS", "connect", "migrate", "shown_url"]

log = logging.getLogger(__name__)

DEFAULT_URL = "sqlite:///watchfloor.db"
"""The ledger used when none is given: a SQLite file in the working directory."""


MIGRATIONS = Path(__file__).with_name("migrations")
_SUPPORTED = ("sqlite", "postgresql")


def shown_url(url: str | URL) -> str:
    """The URL with any password hidden, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return str(url)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def connect(url: str) -> Engine:
    """An engine for ``url``, with its schema migrated to :data:`HEAD_REVISION`.

    Raises :class:`LedgerError` naming the URL (password hidden) when it cannot be parsed, names
    an unsupported database, or cannot be opened.
    """
    shown = shown_url(url)
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise LedgerError(
            f"database URL {url!r} cannot be parsed: use sqlite:///path/to/file.db or "
            "postgresql+psycopg://user@host/dbname"
        ) from None
    if parsed.get_backend_name() not in _SUPPORTED:
        raise LedgerError(
            f"database URL {shown}: {parsed.get_backend_name()!r} is not supported; "
            "use sqlite:///file.db or postgresql+psycopg://..."
        )
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database in ("", ":memory:"):
            raise LedgerError(
                f"database URL {shown} names no file: a ledger must persist, "
                "use sqlite:///path/to/file.db"
            )
        folder = Path(database).expanduser().resolve().parent
        if not folder.is_dir():
            raise LedgerError(
                f"cannot open ledger {shown}: folder {folder} does not exist; create it first"
            )
    try:
        engine = sa.create_engine(parsed, future=True, pool_pre_ping=True)
    except (NoSuchModuleError, ImportError) as exc:
        raise LedgerError(f"cannot open ledger {shown}: no database driver ({exc})") from None
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_pragmas)
    try:
        migrate(engine)
    except OperationalError as exc:
        engine.dispose()
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise LedgerError(f"cannot open ledger {shown}: {reason}") from None
    except SQLAlchemyError as exc:
        engine.dispose()
        raise LedgerError(f"cannot open ledger {shown}: {exc.__class__.__name__}: {exc}") from None
    return engine


def _current_revision(conn: Connection) -> str | None:
    if not sa.inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def migrate(engine: Engine) -> None:
    """Bring the schema to :data:`HEAD_REVISION` with Alembic (a no-op when it is current)."""
    with engine.connect() as conn:
        current = _current_revision(conn)
    if current == HEAD_REVISION:
        return
    from alembic import command
    from alembic.config import Config

    log.info("migrating ledger %s from %s to %s", shown_url(engine.url), current, HEAD_REVISION)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
