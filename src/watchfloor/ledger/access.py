"""API tokens and analysts' source grades: who may write through the web app, and what they set.

**Tokens.** A token is ``wf_`` followed by 32 random bytes (``secrets.token_urlsafe``), shown
once when created. The ledger keeps only its SHA-256. A salted slow hash (scrypt, argon2) is
what a *password* needs, because people choose guessable ones; a token with 256 bits of entropy
cannot be guessed, so one SHA-256 is as strong and lets a request be checked by an indexed
lookup of the hash instead of trying every stored token. The lookup is by the hash of what was
presented, so its timing says nothing about any stored token; the final comparison is
constant-time all the same. ``last_used`` is written at most once a minute per token, so
checking a token on every request does not make every request a write.

**Source grades.** An analyst's grade of a source is appended to ``source_grade_edits`` with
the reason and who set it; nothing is ever updated or deleted there, so the table is the
history. The newest edit of a source overrides the registry when stories and grades are next
rebuilt (``corroborate.rebuild`` reads them through ``registry_of``); setting one marks the
stories stale so that every reader rebuilds first.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets

import sqlalchemy as sa
from sqlalchemy.engine import Connection, RowMapping

from watchfloor.errors import LedgerError
from watchfloor.ledger import schema as t
from watchfloor.ledger.codec import utc
from watchfloor.records import RELIABILITY, SourceEdit, TokenInfo

__all__ = [
    "TOKEN_PREFIX",
    "add_grade_edit",
    "create_token",
    "grade_edits",
    "has_tokens",
    "list_tokens",
    "revoke_token",
    "source_history",
    "token_hash",
    "verify_token",
]

TOKEN_PREFIX = "wf_"
"""Every token starts with this, so that one pasted in the wrong place is recognisable."""

_TOKEN_BYTES = 32
_TOKEN_MAX = 100
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")
_TOUCH_EVERY = dt.timedelta(minutes=1)
_REASON_MAX = 2000
_BY_MAX = 100


def token_hash(token: str) -> str:
    """The SHA-256 (hex) of ``token``: all the ledger keeps of it."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _token_info(row: RowMapping) -> TokenInfo:
    return TokenInfo(
        name=row["name"],
        created=utc(row["created"]) or dt.datetime.now(dt.UTC),
        last_used=utc(row["last_used"]),
        revoked=utc(row["revoked"]),
    )


def _check_name(name: str) -> str:
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise LedgerError(
            f"token name {name!r} cannot be used: use 1 to 64 letters, digits, '.', '_', '@' "
            "or '-', starting with a letter or digit (e.g. 'web-desk')"
        )
    return name


def create_token(conn: Connection, name: str, *, now: dt.datetime) -> str:
    """A new token named ``name``: its hash is stored, the token itself returned (only now)."""
    _check_name(name)
    a = t.api_tokens.c
    found = conn.execute(sa.select(a.revoked).where(a.name == name)).first()
    if found is not None:
        why = " (revoked; names stay taken for the audit trail)" if found.revoked else ""
        raise LedgerError(f"a token named {name!r} already exists{why}: choose another name")
    token = TOKEN_PREFIX + secrets.token_urlsafe(_TOKEN_BYTES)
    conn.execute(t.api_tokens.insert().values(name=name, hash=token_hash(token), created=now))
    return token


def verify_token(conn: Connection, token: str, *, now: dt.datetime) -> TokenInfo | None:
    """The token's info if ``token`` is a live (not revoked) token of this ledger, else ``None``.
    Records the use (at most once a minute); ``conn`` must be in a transaction."""
    if not isinstance(token, str) or not token.startswith(TOKEN_PREFIX):
        return None
    if len(token) > _TOKEN_MAX:
        return None
    digest = token_hash(token)
    a = t.api_tokens.c
    row = conn.execute(sa.select(t.api_tokens).where(a.hash == digest)).mappings().first()
    if row is None or not hmac.compare_digest(row["hash"], digest) or row["revoked"] is not None:
        return None
    info = _token_info(row)
    if info.last_used is None or now - info.last_used >= _TOUCH_EVERY:
        conn.execute(t.api_tokens.update().where(a.id == row["id"]).values(last_used=now))
        info = TokenInfo(name=info.name, created=info.created, last_used=now)
    return info


def list_tokens(conn: Connection) -> tuple[TokenInfo, ...]:
    """Every token, revoked ones included, oldest first."""
    a = t.api_tokens.c
    rows = conn.execute(sa.select(t.api_tokens).order_by(a.created, a.id)).mappings()
    return tuple(_token_info(r) for r in rows)


def revoke_token(conn: Connection, name: str, *, now: dt.datetime) -> TokenInfo:
    """Revoke the token ``name`` (revoking it again changes nothing); its row stays."""
    a = t.api_tokens.c
    row = conn.execute(sa.select(t.api_tokens).where(a.name == name)).mappings().first()
    if row is None:
        raise LedgerError(f"no token named {name!r}: `watchfloor token list` shows the names")
    if row["revoked"] is None:
        conn.execute(t.api_tokens.update().where(a.id == row["id"]).values(revoked=now))
        return TokenInfo(
            name=row["name"],
            created=utc(row["created"]) or now,
            last_used=utc(row["last_used"]),
            revoked=now,
        )
    return _token_info(row)


def has_tokens(conn: Connection) -> bool:
    """Whether any token that is not revoked exists."""
    a = t.api_tokens.c
    return conn.execute(sa.select(a.id).where(a.revoked.is_(None)).limit(1)).first() is not None


# -- analysts' source grades ---------------------------------------------------------------------


def _edit(row: RowMapping) -> SourceEdit:
    return SourceEdit(
        source=row["source_key"],
        reliability=row["reliability"],
        reason=row["reason"],
        by=row["by"],
        at=utc(row["at"]) or dt.datetime.now(dt.UTC),
    )


def add_grade_edit(
    conn: Connection, source: str, reliability: str, *, reason: str, by: str, now: dt.datetime
) -> SourceEdit:
    """Append an analyst's grade of ``source`` (a claimant key) after checking every input."""
    letter = reliability.strip().upper() if isinstance(reliability, str) else ""
    if letter not in RELIABILITY:
        raise LedgerError(
            f"reliability {reliability!r} for source {source!r} is not a grade: "
            "use one of A, B, C, D, E, F"
        )
    why = " ".join(reason.split()) if isinstance(reason, str) else ""
    if not why:
        raise LedgerError(
            f"the grade {letter} for source {source!r} needs a reason: say why, in a sentence"
        )
    if len(why) > _REASON_MAX:
        raise LedgerError(
            f"the reason for grading {source!r} is {len(why)} characters long: "
            f"keep it under {_REASON_MAX}"
        )
    who = by.strip() if isinstance(by, str) else ""
    if not who or len(who) > _BY_MAX:
        raise LedgerError(
            f"the grade of source {source!r} needs who set it (1 to {_BY_MAX} characters), "
            f"not {by!r}"
        )
    c, s = t.claims.c, t.sources.c
    known = conn.execute(sa.select(c.id).where(c.source_key == source).limit(1)).first() or (
        conn.execute(sa.select(s.key).where(s.key == source)).first()
    )
    if known is None:
        raise LedgerError(
            f"unknown source {source!r}: give a claimant key as `watchfloor sources --format json` "
            "lists it, e.g. 'organisation:KOR:National Intelligence Service'"
        )
    values = {"source_key": source, "reliability": letter, "reason": why, "by": who, "at": now}
    conn.execute(t.source_grade_edits.insert().values(**values))
    return SourceEdit(source=source, reliability=letter, reason=why, by=who, at=now)


def source_history(conn: Connection, source: str) -> tuple[SourceEdit, ...]:
    """Every analyst's grade of ``source``, newest first (the first one is in force)."""
    e = t.source_grade_edits.c
    rows = conn.execute(
        sa.select(t.source_grade_edits).where(e.source_key == source).order_by(e.id.desc())
    ).mappings()
    return tuple(_edit(r) for r in rows)


def grade_edits(conn: Connection) -> dict[str, SourceEdit]:
    """The edit in force for every source an analyst has graded (its newest)."""
    e = t.source_grade_edits.c
    latest = sa.select(sa.func.max(e.id)).group_by(e.source_key).scalar_subquery()
    rows = conn.execute(sa.select(t.source_grade_edits).where(e.id.in_(latest))).mappings()
    return {r["source_key"]: _edit(r) for r in rows}
