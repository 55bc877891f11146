"""A fast, read-only path for listing stories from a SQLite ledger without SQLAlchemy.

``watchfloor stories`` is the command an analyst runs most. Importing SQLAlchemy alone takes
longer than the 200 ms the command is allowed; the query itself takes a few milliseconds. So for a
SQLite ledger whose schema is current and whose stories are not stale, the listing is read with
the standard library's ``sqlite3``, read-only. In every other case (PostgreSQL, an old schema,
stale stories that need a rebuild, any error) :func:`quick_stories` returns ``None`` and the
caller goes the normal way through :class:`watchfloor.ledger.Ledger`. A test checks that both
paths return the same stories.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path
from urllib.parse import quote

from watchfloor.ledger.codec import story_of_row
from watchfloor.ledger.revision import HEAD_REVISION
from watchfloor.records import Story

__all__ = ["quick_stories"]

_COLUMNS = (
    "id",
    "key",
    "title",
    "event_type",
    "event_mode",
    "actor",
    "target",
    "first_seen",
    "last_seen",
    "claims",
    "documents",
    "origins",
    "stance_counts",
    "figures",
    "credibility",
    "credibility_reasons",
)
_JSON = frozenset({"stance_counts", "figures", "credibility_reasons"})
_TIMES = frozenset({"first_seen", "last_seen"})


def _sqlite_path(url: str) -> Path | None:
    for prefix in ("sqlite:///", "sqlite+pysqlite:///"):
        if url.startswith(prefix):
            rest = url[len(prefix) :]
            return Path(rest) if rest and "?" not in rest else None
    return None


def quick_stories(url: str, *, limit: int | None = 50) -> tuple[Story, ...] | None:
    """Story summaries, newest activity first, or ``None`` when the fast path does not apply."""
    path = _sqlite_path(url)
    if path is None or not path.is_file():
        return None
    try:
        conn = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error:
        return None
    try:
        (version,) = conn.execute("SELECT version_num FROM alembic_version").fetchone() or ("",)
        state = dict(conn.execute("SELECT name, value FROM ledger_state").fetchall())
        if version != HEAD_REVISION or state.get("claims_version", 0) != state.get(
            "stories_version", 0
        ):
            return None
        rows = conn.execute(
            f"SELECT {', '.join(_COLUMNS)} FROM stories ORDER BY last_seen DESC, id DESC LIMIT ?",
            (-1 if limit is None else limit,),
        ).fetchall()
    except (sqlite3.Error, TypeError, ValueError):
        return None
    finally:
        conn.close()
    out = []
    for values in rows:
        row = dict(zip(_COLUMNS, values, strict=True))
        for name in _JSON:
            row[name] = json.loads(row[name])
        for name in _TIMES:
            row[name] = dt.datetime.fromisoformat(row[name])
        out.append(story_of_row(row))
    return tuple(out)
