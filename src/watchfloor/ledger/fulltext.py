"""Full-text search over claims: what is indexed, and turning what a user typed into a query
that cannot fail.

**What is indexed.** Each claim row keeps ``search_text``: its sentence, followed by the text of
its source mention, cue and content wherever those lie outside the sentence (a quote running
over two sentences), and the index covers that text and the claimant's normalised name
(``source_name``). The claim's spans stay ranges into the document; ``search_text`` is a copy
kept only for the index, written with the claim and never read back as a span.

**Where.** SQLite: an FTS5 table ``claims_fts`` over ``claims`` (external content, so the text is
stored once), kept in sync by triggers on ``claims`` — every insert, update and delete,
including those of a cascade from ``documents``. The tokenizer is ``porter unicode61
remove_diacritics 2``. PostgreSQL: a stored generated column ``claims.search_vector``
(``to_tsvector('english', ...)`` of the same two texts, computed by the server on every write)
with a GIN index ``ix_claims_search``. It is stored rather than an expression index so that
ranking reads each claim's vector instead of parsing its text again: at 100,000 claims,
ranking the 13,000 matches of a common word took 144 ms from the expression, 12 ms stored.
Neither object is in the SQLAlchemy metadata (:func:`watchfloor.ledger.schema.include_name`
tells a schema comparison to leave them out); migration 0002 creates them.

**Queries.** Users type words; nothing they type is ever passed through as query syntax. Every
word or ``"quoted phrase"`` becomes one phrase that must occur (they are ANDed), and a single
word ending in ``*`` matches as a prefix (``deploy*``). Words with no letter or digit are
dropped, and so are English stop words (PostgreSQL's list, :data:`STOP_WORDS`, which its index
leaves out: dropping them from queries on both databases makes ``troops AND`` mean the same
everywhere); a query with nothing left matches nothing. Both databases stem English
(``troops`` finds ``troop``). Control and invisible format characters are removed first.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from watchfloor.records import Claim, Span

__all__ = [
    "MAX_TERMS",
    "PG_CONFIG",
    "PG_VECTOR",
    "SQLITE_TABLE",
    "STOP_WORDS",
    "Match",
    "Term",
    "compose",
    "match_clause",
    "parse_query",
    "search_text",
    "sqlite_query",
]

SQLITE_TABLE = "claims_fts"
"""The FTS5 table over ``claims`` (SQLite)."""

PG_CONFIG = "english"
PG_VECTOR = "claims.search_vector"
"""The tsvector of a claim (PostgreSQL), indexed by ``ix_claims_search``."""

_ENGLISH_STOP = """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
    she her hers herself it its itself they them their theirs themselves what which who whom this
    that these those am is are was were be been being have has had having do does did doing a an
    the and but if or because as until while of at by for with about against between into through
    during before after above below to from up down in out on off over under again further then
    once here there when where why how all any both each few more most other some such no nor not
    only own same so than too very s t can will just don should now"""
STOP_WORDS = frozenset(_ENGLISH_STOP.split())
"""PostgreSQL's ``english`` stop words (``tsearch_data/english.stop``): never searched for."""

_QUOTED_OR_WORD = re.compile(r'"([^"]*)"?|([^\s"]+)')
MAX_TERMS = 32
"""Terms of a query beyond this many (after removing repeats) are ignored."""

_NOT_WORD = re.compile(r"[\W_]+")
_ONE_WORD = re.compile(r"^[^\W_]+$")


@dataclass(frozen=True, slots=True)
class Term:
    """One phrase of a query: words that must occur together; ``prefix`` for ``word*``."""

    text: str
    prefix: bool = False


def _clean(text: str) -> str:
    """``text`` without invisible format characters, its control characters made spaces."""
    kept = []
    for char in text:
        kind = unicodedata.category(char)
        if kind == "Cc":
            kept.append(" ")
        elif kind != "Cf":
            kept.append(char)
    return "".join(kept)


def parse_query(text: str) -> tuple[Term, ...]:
    """The terms of what a user typed: ``"quoted phrases"`` (an unclosed quote runs to the end)
    and bare words; a bare single word ending in ``*`` is a prefix. Terms without a letter or
    digit, or made only of stop words, are dropped, so punctuation and the query operators of
    either database are inert; so are repeats, and terms past :data:`MAX_TERMS`."""
    terms: list[Term] = []
    for match in _QUOTED_OR_WORD.finditer(_clean(text)):
        phrase, word = match.groups()
        if word is not None:
            stripped = word.rstrip("*")
            term = Term(stripped, prefix=stripped != word and bool(_ONE_WORD.match(stripped)))
        else:
            term = Term(" ".join(phrase.split()))
        words = _NOT_WORD.sub(" ", term.text.casefold()).split()
        if words and not set(words) <= STOP_WORDS and term not in terms:
            terms.append(term)
    return tuple(terms[:MAX_TERMS])


def sqlite_query(terms: Sequence[Term]) -> str:
    """An FTS5 MATCH expression: each term a double-quoted string (quotes inside doubled), so
    FTS5 reads it as a phrase whatever characters it holds."""
    out = []
    for term in terms:
        quoted = '"' + term.text.replace('"', '""') + '"'
        out.append(quoted + "*" if term.prefix else quoted)
    return " ".join(out)


def _pg_tsquery(terms: Sequence[Term]) -> Any:
    config: Any = sa.literal_column(f"'{PG_CONFIG}'::regconfig")
    parts: list[Any] = []
    for term in terms:
        if term.prefix:  # one word of letters and digits: safe in to_tsquery's syntax
            parts.append(sa.func.to_tsquery(config, sa.literal(term.text) + ":*"))
        else:
            parts.append(sa.func.phraseto_tsquery(config, sa.literal(term.text)))
    query: Any = parts[0]
    for part in parts[1:]:
        query = query.op("&&")(part)
    return query


@dataclass(frozen=True, slots=True)
class Match:
    """How a query finds the claims matching some terms on one database: ``joined`` is a FROM
    item to join on ``where`` (SQLite) or ``None`` (``where`` is then a plain condition);
    ``rank`` is the relevance, higher is better; ``alone`` counts the matches when no other
    filter applies (``None`` when that is no cheaper than the general count)."""

    joined: Any
    where: Any
    rank: Any
    alone: Any


def match_clause(dialect: str, terms: Sequence[Term], claim_id: Any) -> Match:
    """The :class:`Match` of ``terms`` on ``dialect``; ``claim_id`` is the query's claims id."""
    if dialect == "sqlite":
        fts = sa.table(SQLITE_TABLE, sa.column("rowid"), sa.column("rank"))
        matches = sa.literal_column(SQLITE_TABLE).op("MATCH")(sqlite_query(terms))
        matched = (
            sa.select(fts.c.rowid.label("claim_id"), (-fts.c.rank).label("score"))
            .where(matches)
            .subquery("fts")
        )
        alone = sa.select(fts.c.rowid).where(matches)
        return Match(matched, matched.c.claim_id == claim_id, matched.c.score, alone)
    vector: Any = sa.literal_column(PG_VECTOR)
    query = _pg_tsquery(terms)
    return Match(None, vector.op("@@")(query), sa.func.ts_rank(vector, query), None)


def compose(
    text: str, sentence: Sequence[tuple[int, int]], *others: Sequence[tuple[int, int]]
) -> str:
    """The indexed text of a claim of document ``text``: the sentence, then every range of
    ``others`` (source mention, cue, content) not inside a sentence range, in that order."""
    parts = [text[s:e] for s, e in sentence]
    for ranges in others:
        for start, end in ranges:
            if not any(s <= start and end <= e for s, e in sentence):
                parts.append(text[start:end])
    return "\n".join(parts)


def search_text(claim: Claim, text: str) -> str:
    """The indexed text of ``claim``, whose document's text is ``text``."""
    spans: list[Span] = [claim.cue.span, claim.content]
    if claim.source is not None:
        spans.insert(0, claim.source.span)
    return compose(text, claim.sentence.ranges, *(s.ranges for s in spans))
