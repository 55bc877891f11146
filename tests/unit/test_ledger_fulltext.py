"""Full-text queries from what users type (never query syntax, never an error), the indexed text
of a claim, and the reprs of the records the ledger answers with."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from watchfloor.ledger.fulltext import MAX_TERMS, Term, compose, parse_query, sqlite_query
from watchfloor.records import (
    ClaimLink,
    DocumentSummary,
    Page,
    SourceEdit,
    TokenInfo,
)


@pytest.mark.parametrize(
    ("typed", "terms"),
    [
        ("troops", [Term("troops")]),
        ("North Korea troops", [Term("North"), Term("Korea"), Term("troops")]),
        ('"special forces" Russia', [Term("special forces"), Term("Russia")]),
        ('"unclosed phrase here', [Term("unclosed phrase here")]),
        ("deploy*", [Term("deploy", prefix=True)]),
        ("de-ploy*", [Term("de-ploy")]),  # a prefix is one word: the star is dropped
        ("troops AND OR NOT the", [Term("troops")]),  # operators are stop words here
        ("AND( ) * ^ : -", []),
        ('"" "the of"', []),
        ("tro\u200bops\x00x", [Term("troops"), Term("x")]),
        ("troops troops", [Term("troops")]),
    ],
)
def test_parse_query(typed: str, terms: list[Term]) -> None:
    assert list(parse_query(typed)) == terms


def test_a_query_keeps_at_most_max_terms() -> None:
    typed = " ".join(f"w{i}" for i in range(MAX_TERMS + 10))
    assert len(parse_query(typed)) == MAX_TERMS


def test_every_term_is_a_quoted_fts5_string() -> None:
    terms = parse_query('say "hi" deploy* NEAR(a b)')
    assert sqlite_query(terms) == '"say" "hi" "deploy"* "NEAR(a" "b)"'


@pytest.fixture(scope="module")
def fts() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(a, tokenize='porter unicode61')")
    conn.execute("INSERT INTO t(a) VALUES ('North Korea sent troops'), ('Moscow denied it')")
    return conn


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=60))
def test_no_typed_text_makes_an_fts5_syntax_error(fts: sqlite3.Connection, typed: str) -> None:
    terms = parse_query(typed)
    if terms:
        fts.execute("SELECT rowid FROM t WHERE t MATCH ?", (sqlite_query(terms),)).fetchall()


def test_compose_keeps_the_sentence_and_adds_only_what_lies_outside_it() -> None:
    text = "Officials said: troops crossed. Later, more came."
    sentence = [(0, 31)]
    assert compose(text, sentence, [(0, 9)], [(10, 14)]) == text[:31]
    assert compose(text, sentence, [(0, 9)], [(17, 31), (32, 49)]) == (
        text[:31] + "\n" + text[32:49]
    )


def test_reprs_are_pinned() -> None:
    at = dt.datetime(2024, 10, 18, 9, tzinfo=dt.UTC)
    page: Page[int] = Page(items=(1, 2), total=10, exact=False, limit=2, offset=4)
    assert repr(page) == "Page(4-6 of more than 10)"
    assert page.has_more
    assert not Page(items=(1,), total=5, exact=True, limit=2, offset=4).has_more
    summary = DocumentSummary(
        key="nis-copy",
        title=None,
        outlet="Wire",
        url=None,
        published=at,
        ingested=at,
        claims=2,
        duplicate_of="nis",
    )
    assert repr(summary) == "DocumentSummary('nis-copy' 2024-10-18 2 claims copy of 'nis')"
    link = ClaimLink(
        id="abc-1",
        document_id="nis",
        source=None,
        stance="deny",
        content="x",
        outlet=None,
        published=None,
    )
    assert repr(link) == "ClaimLink('abc-1' (no source) deny)"
    assert repr(TokenInfo(name="desk", created=at)) == "TokenInfo('desk' active)"
    assert repr(TokenInfo(name="desk", created=at, revoked=at)) == (
        "TokenInfo('desk' revoked 2024-10-18)"
    )
    edit = SourceEdit(source="media:-:Reuters", reliability="B", reason="r", by="desk", at=at)
    assert repr(edit) == "SourceEdit('media:-:Reuters' B by 'desk' 2024-10-18)"
