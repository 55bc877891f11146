"""Searching and reading the ledger as the web app does, on a real SQLite file and a real
PostgreSQL server: every filter, full-text search (hostile input included), stable pages,
the index kept in step with every write, the migration that backfills it, documents and claims
in context."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
import sqlalchemy as sa

from tests.integration.ledger_cases import ENGINE, RUSSIA, bulk, cases, claim, day, document
from watchfloor.corroborate import rebuild
from watchfloor.errors import LedgerError
from watchfloor.ledger import Ledger, open_ledger
from watchfloor.ledger import schema as t
from watchfloor.ledger.fulltext import search_text
from watchfloor.records import Extraction


@pytest.fixture
def ledger(ledger_url: str):  # type: ignore[no-untyped-def]
    with open_ledger(ledger_url) as opened:
        for extraction in [*cases().values(), *bulk(12)]:
            opened.store(extraction, extractor=ENGINE)
        rebuild(opened)
        yield opened


def _ids(ledger: Ledger, **filters: object) -> list[str]:
    page = ledger.search_claims(limit=500, **filters)  # type: ignore[arg-type]
    assert page.exact
    assert page.total == len(page.items)
    return [hit.claim.id for hit in page.items]


def _label(ids: list[str]) -> list[str]:
    """Claim ids as ``document:cue`` labels, so expectations read as sentences."""
    c = cases()
    names = {x.id: f"{key}:{x.cue.span.text}" for key, e in c.items() for x in e.claims}
    return [names.get(i, "bulk") for i in ids]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"actor": "National Intelligence Service"}, ["nis:confirmed"]),
        ({"actor": "PRK"}, ["zelensky:claimed", "nis:confirmed", "blog:reportedly"]),
        ({"actor": "KOR"}, ["nis:said"]),  # the event's actor code, not the claimant's country
        ({"country": "kor"}, ["nis:confirmed", "nis:said"]),
        (
            {"country": "RUS"},
            ["tass:dismissed", "zelensky:claimed", "nis:confirmed", "blog:reportedly"],
        ),
        ({"event_type": "consult"}, ["nis:said"]),
        ({"stance": "deny"}, ["tass:dismissed"]),
        ({"stance": "allege"}, ["zelensky:claimed", "blog:reportedly"]),
        ({"outlet": "Kyiv Post"}, ["zelensky:claimed", "quote:said"]),
        ({"document": "nis"}, ["nis:confirmed", "nis:said"]),
        ({"document": "nope"}, []),
        ({"actor": "Nobody"}, []),
    ],
)
def test_each_filter_selects_exactly_its_claims(
    ledger: Ledger, filters: dict[str, object], expected: list[str]
) -> None:
    assert _label(_ids(ledger, **filters)) == expected


def test_filters_combine_with_and(ledger: Ledger) -> None:
    assert _label(_ids(ledger, country="RUS", stance="allege")) == [
        "zelensky:claimed",
        "blog:reportedly",
    ]
    assert _label(_ids(ledger, country="RUS", outlet="Seoul Ledger", event_type="AID")) == [
        "nis:confirmed"
    ]
    assert _ids(ledger, country="RUS", stance="deny", outlet="Kyiv Post") == []
    assert _label(_ids(ledger, text="troops", since=dt.date(2024, 10, 1))) == ["zelensky:claimed"]


def test_the_story_filter_lists_a_story_with_its_denial(ledger: Ledger) -> None:
    (story,) = [s for s in ledger.stories() if s.title.startswith("PRK AID military → RUS, Oct")]
    hits = ledger.search_claims(story=story.id).items
    assert _label([h.claim.id for h in hits]) == [
        "tass:dismissed",
        "zelensky:claimed",
        "nis:confirmed",
    ]
    assert [h.relation for h in hits] == ["denies", "supports", "supports"]
    assert {h.story for h in hits} == {story.id}
    assert ledger.search_claims(story=story.id + 1000).items == ()


def test_dates_are_publication_dates_and_a_date_includes_its_whole_day(ledger: Ledger) -> None:
    assert _label(_ids(ledger, since=dt.date(2024, 10, 21), until=dt.date(2024, 10, 21))) == [
        "zelensky:claimed"
    ]
    assert _label(_ids(ledger, since=dt.date(2024, 10, 19))) == [
        "tass:dismissed",
        "zelensky:claimed",
        "quote:said",
    ]
    # an aware datetime bound is exact, whatever its zone: 19 Oct 07:00 UTC is 16:00 in Seoul
    seoul = dt.timezone(dt.timedelta(hours=9))
    at = dt.datetime(2024, 10, 19, 16, 0, tzinfo=seoul)
    assert _label(_ids(ledger, since=at, until=at)) == ["quote:said"]
    assert _label(_ids(ledger, until=dt.datetime(2024, 10, 19, 6, 59, tzinfo=dt.UTC)))[:2] == [
        "nis:confirmed",
        "nis:said",
    ]
    # an undated article never matches a date bound, and is listed last otherwise
    assert "blog:reportedly" not in _label(_ids(ledger, until=dt.date(2030, 1, 1)))
    assert _label(_ids(ledger))[-1] == "blog:reportedly"


def test_hits_carry_their_article_story_and_spans(ledger: Ledger) -> None:
    (hit,) = ledger.search_claims(document="nis", stance="confirm").items
    assert (hit.title, hit.outlet, hit.published) == ("nis", "Seoul Ledger", day(18))
    assert hit.relation == "supports" and hit.story is not None and hit.rank is None
    assert hit.claim == cases()["nis"].claims[0]
    assert repr(hit) == f"ClaimHit({hit.claim.id!r} in 'nis', story {hit.story} supports)"
    text = cases()["nis"].document.text
    for span in (hit.claim.sentence, hit.claim.cue.span, hit.claim.content):
        assert " … ".join(text[s:e] for s, e in span.ranges) == span.text


FULL_TEXT = [
    ("troops", ["blog:reportedly", "zelensky:claimed"]),
    ("troop", ["blog:reportedly", "zelensky:claimed"]),  # stemmed
    ('"special forces"', ["nis:confirmed"]),
    ('"forces special"', []),  # a phrase keeps its order
    ("spec*", ["nis:confirmed"]),  # a prefix
    ("National Intelligence", ["nis:confirmed"]),  # the claimant's name, not in the text
    ("Tumen", ["blog:reportedly"]),  # content outside the cue's sentence
    ("fake news", ["tass:dismissed"]),
    ("labourers regular", ["quote:said"]),  # both parts of a wrapped quote
    ("troops Tumen", ["blog:reportedly"]),  # every word must occur
    ("banana", []),
]


def test_full_text_search(ledger: Ledger) -> None:
    for query, expected in FULL_TEXT:
        assert sorted(_label(_ids(ledger, text=query))) == sorted(expected), query


HOSTILE = [
    '"',
    '""',
    "AND(",
    "NOT",
    "NEAR(troops Russia, 2)",
    "*",
    "tro*ops",
    "troops*Russia",
    "source_name: Russia",
    "{source_name search_text}: troops",
    "'; DROP TABLE claims; --",
    "\\",
    "(((",
    ")",
    "Zelenskyy’s “troops”",
    "ü" * 300,
]
WRAPPED = [
    '"troops',
    'troops"',
    "troops AND",
    "OR troops",
    "-troops",
    "!troops",
    "troops:*",
    "^troops",
    "(troops)",
    "troops & | !",
    "\x00troops",
    "tro\u200bops",
    "troops " * 200,
]


def test_hostile_search_text_never_fails(ledger: Ledger) -> None:
    for query in HOSTILE + WRAPPED:
        page = ledger.search_claims(text=query)
        assert page.exact and page.total == len(page.items), query
        if query in WRAPPED:  # whatever surrounds it, the word is searched as a word
            found = sorted(_label([h.claim.id for h in page.items]))
            assert found == ["blog:reportedly", "zelensky:claimed"], query
    assert ledger.counts()["claims"] == 30  # nothing was dropped


def test_a_query_of_nothing_searchable_matches_nothing_and_blank_is_no_filter(
    ledger: Ledger,
) -> None:
    assert ledger.search_claims(text="!!! ((( ***").total == 0
    assert ledger.search_claims(text="   ").total == 30


def test_relevance_ranks_and_newest_orders(ledger: Ledger) -> None:
    text = "Russia said Russia would keep Russia's troops in Russia."
    doc = document("thrice", text, published=day(1), outlet="Wire")
    said = claim(doc, source="Russia", actor=RUSSIA, cue="said", content="Russia would keep")
    ledger.store(Extraction(document=doc, claims=(said,)), extractor=ENGINE)
    ranked = ledger.search_claims(text="Russia")
    ranks = [h.rank for h in ranked.items]
    assert len(ranks) == 4 and all(r is not None and r > 0 for r in ranks)
    assert ranks == sorted(ranks, reverse=True)  # type: ignore[type-var]
    assert ranked.items[0].claim == said and ranks[0] > ranks[1]  # type: ignore[operator]
    newest = ledger.search_claims(text="Russia", order="newest")
    assert {h.claim.id for h in newest.items} == {h.claim.id for h in ranked.items}
    dates = [h.published for h in newest.items if h.published]
    assert dates == sorted(dates, reverse=True)


def test_pages_partition_the_results_in_a_stable_order(ledger: Ledger) -> None:
    everything = _ids(ledger)
    assert len(everything) == 30
    for filters in ({}, {"outlet": "Wire"}, {"text": "Reuters"}):
        whole = _ids(ledger, **filters)
        walked: list[str] = []
        offset = 0
        while True:
            page = ledger.search_claims(limit=7, offset=offset, **filters)  # type: ignore[arg-type]
            assert page.total == len(whole) and page.exact
            walked += [h.claim.id for h in page.items]
            offset += 7
            if not page.has_more:
                break
        assert walked == whole, filters
        assert ledger.search_claims(limit=7, offset=offset, **filters).items == ()  # type: ignore[arg-type]
    # ties on the publication time are broken the same way every time
    wire = ledger.search_claims(outlet="Wire", limit=6).items
    assert [h.claim.document_id for h in wire] == ["bulk-11"] * 2 + ["bulk-10"] * 2 + [
        "bulk-09"
    ] * 2


def test_the_total_is_capped_but_has_more_stays_exact(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    from watchfloor.ledger import search

    monkeypatch.setattr(search, "COUNT_CAP", 10)
    first = ledger.search_claims(limit=5)
    assert (first.total, first.exact, first.has_more) == (10, False, True)
    last = ledger.search_claims(limit=5, offset=25)
    assert (last.total, last.exact, last.has_more, len(last.items)) == (30, True, False, 5)
    beyond = ledger.search_claims(limit=5, offset=20)
    assert (beyond.total, beyond.exact, beyond.has_more) == (25, False, True)


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"stance": "denied"}, "unknown stance 'denied': use one of assert, confirm, allege, deny"),
        ({"limit": 0}, "page limit 0 is out of range"),
        ({"limit": 501}, "page limit 501 is out of range"),
        ({"offset": -1}, "page offset -1 is out of range"),
        ({"since": dt.datetime(2024, 10, 1)}, "since 2024-10-01T00:00:00 has no time zone"),
        ({"until": "2024-10-01"}, "until '2024-10-01' is not a date"),
        ({"order": "oldest"}, "unknown order 'oldest'"),
        ({"story": "12"}, "story '12' is not a story id"),
    ],
)
def test_bad_search_inputs_are_one_clear_error(
    ledger: Ledger, filters: dict[str, object], message: str
) -> None:
    with pytest.raises(LedgerError, match=message) as caught:
        ledger.search_claims(**filters)  # type: ignore[arg-type]
    assert "\n" not in str(caught.value)


# -- the full-text index follows every write -------------------------------------------------


def _found(ledger: Ledger, text: str) -> list[str]:
    return [h.claim.document_id for h in ledger.search_claims(text=text, limit=500).items]


def test_the_index_follows_replacement_duplicates_and_deletion(ledger_url: str) -> None:
    c = cases()
    with open_ledger(ledger_url) as ledger:
        ledger.store(c["nis"], extractor="extract.v1")
        assert _found(ledger, "emergency") == ["nis"]
        # a newer extractor replaces the claims: the old claim's words go, the new ones come
        nis = c["nis"].document
        newer = Extraction(
            document=nis,
            claims=(
                claim(
                    nis,
                    source="The presidential office",
                    actor=c["nis"].claims[1].source.actor,  # type: ignore[union-attr]
                    cue="said",
                    content="it would hold",
                ),
            ),
        )
        assert ledger.store(newer, extractor="extract.v2").status == "replaced"
        assert _found(ledger, "special forces") == []
        assert _found(ledger, "presidential") == ["nis"]
        # the same text again is seen, not indexed twice
        assert ledger.store(newer, extractor="extract.v2").status == "seen"
        assert _found(ledger, "presidential") == ["nis"]
        # a near-duplicate copy is indexed under its own key
        copy_text = nis.text + "\n(Copied by the Invented Wire.)"
        copy = document("nis-copy", copy_text, published=day(19), outlet="Wire")
        copied = Extraction(
            document=copy,
            claims=(
                claim(
                    copy,
                    source="The presidential office",
                    actor=c["nis"].claims[1].source.actor,  # type: ignore[union-attr]
                    cue="said",
                    content="it would hold an emergency security meeting",
                ),
            ),
        )
        stored = ledger.store(copied, extractor="extract.v2")
        assert _found(ledger, "presidential") == ["nis-copy", "nis"]
        assert _found(ledger, "copied") == []  # claims are indexed, not whole documents
        assert ledger.store(copied, extractor="extract.v2").status == "seen"
        assert _found(ledger, "presidential") == ["nis-copy", "nis"]
        # a document deleted in SQL takes its claims, and their index entries, with it
        with ledger.engine.begin() as conn:
            conn.execute(t.documents.delete().where(t.documents.c.key == "nis"))
        assert _found(ledger, "presidential") == ["nis-copy"]
        assert _found(ledger, "emergency") == ["nis-copy"]
        # and an update of a claim's text in SQL is followed too
        with ledger.engine.begin() as conn:
            conn.execute(t.claims.update().values(search_text="Edited in place"))
        assert _found(ledger, "emergency") == []
        assert _found(ledger, "edited") == ["nis-copy"]
        assert stored.status == "new"


def test_search_text_is_the_sentence_then_what_lies_outside_it() -> None:
    c = cases()
    nis = c["nis"]
    assert search_text(nis.claims[0], nis.document.text) == nis.claims[0].sentence.text
    blog = c["blog"]
    assert search_text(blog.claims[0], blog.document.text) == (
        "Analysts reportedly believe the following:\nTroops crossed the Tumen river at night."
    )


def test_migrating_a_0001_ledger_backfills_the_index(ledger_url: str) -> None:
    """A ledger made by the previous release, with data, opened by this one: every claim is
    searchable, its indexed text is what storing it now would write, nothing else changed."""
    from alembic import command
    from alembic.config import Config

    from watchfloor.ledger.codec import claim_row, document_row
    from watchfloor.ledger.database import MIGRATIONS

    engine = sa.create_engine(ledger_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    extractions = [*cases().values(), *bulk(3)]
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
        old_claims = sa.table(
            "claims", *(sa.column(c.name, c.type) for c in t.claims.c if c.name != "search_text")
        )
        for e in extractions:
            pk = conn.execute(
                t.documents.insert()
                .values(**document_row(e.document, key=e.document.id, extractor=ENGINE))
                .returning(t.documents.c.id)
            ).scalar_one()
            rows = [claim_row(x, document_id=pk, position=i) for i, x in enumerate(e.claims)]
            conn.execute(old_claims.insert(), rows)
        before = conn.execute(sa.text("SELECT count(*) FROM claims")).scalar_one()
    engine.dispose()
    with open_ledger(ledger_url) as ledger:
        assert ledger.counts()["claims"] == before == sum(len(e.claims) for e in extractions)
        assert sorted(_found(ledger, "Tumen")) == ["blog"]
        assert _found(ledger, "National Intelligence") == ["nis"]
        assert len(_found(ledger, "Reuters")) == 6
        with ledger.engine.connect() as conn:
            stored = dict(conn.execute(sa.select(t.claims.c.key, t.claims.c.search_text)).all())
        for e in extractions:
            for x in e.claims:
                assert stored[x.id] == search_text(x, e.document.text)
            assert ledger.claims_of(e.document.id) == e.claims
            assert ledger.document(e.document.id) == e.document


def test_full_text_and_newest_first_are_read_off_indexes(ledger_url: str) -> None:
    """The two indexes made differently on each database (outside the metadata, so the schema
    comparison cannot see them) exist and serve the queries they were made for."""
    from watchfloor.ledger import fulltext

    newest = "SELECT id FROM documents ORDER BY published DESC NULLS LAST, id DESC LIMIT 5"
    with open_ledger(ledger_url) as ledger, ledger.engine.connect() as conn:
        for e in bulk(3):
            ledger.store(e, extractor=ENGINE)
        if conn.dialect.name == "sqlite":
            plan = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {newest}").all()
            assert "INDEX ix_documents_published" in str(plan)
            assert "USE TEMP B-TREE" not in str(plan)  # the order is the index's
            found = conn.exec_driver_sql(
                "SELECT rowid FROM claims_fts WHERE claims_fts MATCH '\"convoy\"'"
            ).all()
            assert len(found) == 3
            return
        conn.exec_driver_sql("SET enable_seqscan = off")
        conn.exec_driver_sql("SET enable_sort = off")
        plans = [
            conn.exec_driver_sql(f"EXPLAIN {sql}").all()
            for sql in (
                newest,
                f"SELECT id FROM claims WHERE {fulltext.PG_VECTOR} @@ "
                "phraseto_tsquery('english'::regconfig, 'convoy')",
            )
        ]
    lines = [row[0].strip() for row in plans[0]]
    assert any(line.startswith("->  Index Scan using ix_documents_published") for line in lines)
    # at most an incremental sort of ties on the publication time, never a sort of everything
    assert not any(line.startswith("->  Sort") for line in lines)
    assert "ix_claims_search" in str(plans[1])


# -- documents and claims in context ---------------------------------------------------------


def test_recent_documents_newest_first_with_counts_and_copies(ledger_url: str) -> None:
    c = cases()
    with open_ledger(ledger_url) as ledger:
        for e in c.values():
            ledger.store(e, extractor=ENGINE)
        nis = c["nis"].document
        copy = document("nis-copy", nis.text + "\n(Wire copy.)", published=day(20), outlet="Wire")
        ledger.store(Extraction(document=copy), extractor=ENGINE)
        page = ledger.recent_documents()
        assert [d.key for d in page.items] == [
            "tass",
            "zelensky",
            "nis-copy",
            "quote",
            "nis",
            "blog",
        ]
        assert (page.total, page.exact, page.has_more) == (6, True, False)
        by_key = {d.key: d for d in page.items}
        assert by_key["nis"].claims == 2 and by_key["nis-copy"].claims == 0
        assert by_key["nis-copy"].duplicate_of == "nis" and by_key["nis"].duplicate_of is None
        assert by_key["blog"].published is None and by_key["blog"].ingested.tzinfo is not None
        assert by_key["tass"].outlet == "TASS" and by_key["tass"].published == day(22)
        assert [d.key for d in ledger.recent_documents(outlet="Kyiv Post").items] == [
            "zelensky",
            "quote",
        ]
        second = ledger.recent_documents(limit=4, offset=4)
        assert [d.key for d in second.items] == ["nis", "blog"] and not second.has_more


def test_a_document_view_has_every_claim_in_place_with_its_links(
    ledger_url: str, corpus_extractions
) -> None:  # type: ignore[no-untyped-def]
    with open_ledger(ledger_url) as ledger:
        for extraction in corpus_extractions:
            ledger.store(extraction, extractor=ENGINE)
        rebuild(ledger)
        for extraction in corpus_extractions:
            view = ledger.document_view(extraction.document.id)
            assert view is not None
            assert view.document == extraction.document
            assert tuple(v.claim for v in view.claims) == extraction.claims
            text = view.document.text
            for v in view.claims:
                assert v.document is view.summary
                for span in (v.claim.sentence, v.claim.cue.span, v.claim.content):
                    assert " … ".join(text[s:e] for s, e in span.ranges) == span.text
        seed = ledger.document_view("seed-article")
        assert seed is not None
        denials = [v for v in seed.claims if v.relation == "denies"]
        assert denials, "the founding example's dismissals deny the troops story"
        for denial in denials:
            story = ledger.story(denial.story)  # type: ignore[arg-type]
            assert story is not None
            supports = [m.claim.id for m in story.claims if m.relation == "supports"]
            assert [x.id for x in denial.denies] == supports[:20]
            assert denial.denies_total == len(supports) and denial.denied_by == ()
            assert all(x.stance != "deny" and x.content for x in denial.denies)
        reports = [
            v for v in seed.claims if v.story == denials[0].story and v.relation == "supports"
        ]
        assert reports and all(r.denied_by_total >= len(denials) for r in reports)
        assert {d.claim.id for d in denials} <= {x.id for x in reports[0].denied_by}
        assert ledger.document_view("no-such-document") is None
        assert repr(seed) == f"DocumentView('seed-article' {len(seed.claims)} claims)"


def test_one_claim_in_context(ledger: Ledger) -> None:
    tass = cases()["tass"].claims[0]
    view = ledger.claim(tass.id)
    assert view is not None
    assert view.claim == tass and view.relation == "denies"
    assert view.document.key == "tass" and view.document.claims == 1
    assert sorted(_label([x.id for x in view.denies])) == ["nis:confirmed", "zelensky:claimed"]
    assert {x.source for x in view.denies} == {
        "National Intelligence Service",
        "Volodymyr Zelensky",
    }
    nis = ledger.claim(cases()["nis"].claims[0].id)
    assert nis is not None and [x.id for x in nis.denied_by] == [tass.id]
    assert nis.denied_by[0].content == 'the reports as "fake news"'
    assert ledger.claim("000000000000-0") is None
    assert repr(view) == f"ClaimView({tass.id!r} story {view.story} denies, denies 2, denied by 0)"
    assert dataclasses.replace(view, denies=()).denies == ()
