"""Reading the ledger the way the web app and the API do: claims searched and filtered, recent
documents, a document with every claim in context, one claim.

**Order.** Claims are listed newest article first (publication time, undated articles last),
then by article, then in document order; with search text, by relevance (ties: the claim stored
last first) unless ``order="newest"``. Every order ends on unique keys, so pages never overlap
or skip while the ledger is unchanged.

**Pages and totals.** A page is fetched in two steps: the ids of the page (one query over the
narrow claim columns and the filters' indexes), then the rows and document texts of those ids
only. The total is counted with the same filters but only up to a cap (:data:`COUNT_CAP`, or
just past the page if that is further): exact below it, "more than" above it, so that counting
never grows with the ledger while ``has_more`` stays exact; a page shorter than its limit is its
own count. ``docs/ledger.md`` has the figures at 100,000 claims.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.engine import Connection, RowMapping

from watchfloor.errors import LedgerError
from watchfloor.ledger import fulltext
from watchfloor.ledger import schema as t
from watchfloor.ledger.codec import row_claim, row_document, utc
from watchfloor.records import (
    STANCES,
    ClaimHit,
    ClaimLink,
    ClaimView,
    DocumentSummary,
    DocumentView,
    Page,
    Span,
)

__all__ = [
    "COUNT_CAP",
    "LINKS",
    "MAX_LIMIT",
    "Order",
    "claim_view",
    "document_view",
    "recent_documents",
    "search_claims",
]

COUNT_CAP = 10_000
"""Matches are counted up to this many (or just past the page asked for, if further)."""

MAX_LIMIT = 500
"""The largest page a caller may ask for."""

LINKS = 20
"""Claims listed per link list of a :class:`ClaimView` (all of them are counted)."""

Order = Literal["newest", "relevance"]
When = dt.date | dt.datetime


def _check_page(limit: int, offset: int) -> None:
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise LedgerError(f"page limit {limit!r} is out of range: use 1 to {MAX_LIMIT}")
    if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
        raise LedgerError(f"page offset {offset!r} is out of range: use 0 or more")


def _moment(value: When, name: str, *, end: bool) -> tuple[dt.datetime, bool]:
    """A bound as an aware UTC datetime, and whether it is exclusive (a date's next midnight)."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise LedgerError(
                f"{name} {value.isoformat()} has no time zone: give a date, or a datetime "
                "with a time zone (e.g. 2024-10-18T00:00:00+00:00)"
            )
        return value.astimezone(dt.UTC), False
    if isinstance(value, dt.date):
        day = value + dt.timedelta(days=1) if end else value
        return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC), end
    raise LedgerError(f"{name} {value!r} is not a date: give a date or an aware datetime")


def _text_or_none(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise LedgerError(f"{name} {value!r} is not text")
    return value.strip() or None


def _count(
    conn: Connection, ids: sa.Select[Any], limit: int, offset: int, found: int
) -> tuple[int, bool]:
    """How many rows ``ids`` gives, counted up to the cap: (total, exact). ``found`` is the
    size of the page at ``offset``: a short page that is not past the end needs no count."""
    if found < limit and (found or offset == 0):
        return offset + found, True
    cap = max(COUNT_CAP, offset + limit) + 1
    counted = sa.select(sa.func.count()).select_from(ids.limit(cap).subquery())
    n = int(conn.execute(counted).scalar_one())
    return (n, True) if n < cap else (cap - 1, False)


def _as_is(column: Any) -> Any:
    return column


def _unindexed(column: Any) -> Any:
    """``column`` as SQLite's planner will not use an index for (a unary ``+``)."""
    return sa.literal_column(f"+{column.table.name}.{column.name}", column.type)


def _newest(d: Any) -> list[Any]:
    return [d.published.desc().nulls_last(), d.id.desc()]


def search_claims(
    conn: Connection,
    *,
    text: str | None = None,
    actor: str | None = None,
    country: str | None = None,
    event_type: str | None = None,
    stance: str | None = None,
    since: When | None = None,
    until: When | None = None,
    outlet: str | None = None,
    story: int | None = None,
    document: str | None = None,
    limit: int = 50,
    offset: int = 0,
    order: Order | None = None,
) -> Page[ClaimHit]:
    """Claims matching every filter given (see ``Ledger.search_claims``)."""
    _check_page(limit, offset)
    c, d = t.claims.c, t.documents.c
    where: list[Any] = []  # on claims only
    on_documents: list[Any] = []
    if (name := _text_or_none(actor, "actor")) is not None:
        where.append(sa.or_(c.source_name == name, c.event_actor == name, c.event_target == name))
    if (code := _text_or_none(country, "country")) is not None:
        code = code.upper()
        where.append(
            sa.or_(c.source_country == code, c.event_actor == code, c.event_target == code)
        )
    # SQLite plans without statistics and would drive a combined search from the index of a
    # broad filter (three claims in four assert) rather than a narrow one: with a narrow filter
    # present, the broad ones are only checked on its rows (at 100,000 claims, an actor and
    # "assert" took 70 ms driven by the stance index, 20 ms by the actor's).
    query = _text_or_none(text, "search text")
    narrow = bool(where) or story is not None or document is not None or query is not None
    broad = _unindexed if narrow and conn.dialect.name == "sqlite" else _as_is
    if (kind := _text_or_none(event_type, "event type")) is not None:
        where.append(broad(c.event_type) == kind.upper())
    if stance is not None:
        if stance not in STANCES:
            raise LedgerError(f"unknown stance {stance!r}: use one of {', '.join(STANCES)}")
        where.append(broad(c.stance) == stance)
    if since is not None:
        start, _ = _moment(since, "since", end=False)
        on_documents.append(d.published >= start)
    if until is not None:
        stop, exclusive = _moment(until, "until", end=True)
        on_documents.append(d.published < stop if exclusive else d.published <= stop)
    if (name := _text_or_none(outlet, "outlet")) is not None:
        on_documents.append(d.outlet == name)
    if story is not None:
        if isinstance(story, bool) or not isinstance(story, int):
            raise LedgerError(f"story {story!r} is not a story id (a whole number)")
        sc = t.story_claims.c
        where.append(c.id.in_(sa.select(sc.claim_id).where(sc.story_id == story)))
    if (key := _text_or_none(document, "document")) is not None:
        on_documents.append(d.key == key)
    if order not in (None, "newest", "relevance"):
        raise LedgerError(f"unknown order {order!r}: use 'newest' or 'relevance'")

    source: Any = t.claims
    rank: Any = None
    alone: Any = None
    if query is not None:
        terms = fulltext.parse_query(query)
        if not terms:  # nothing searchable was typed (only punctuation): nothing matches
            return Page(items=(), total=0, exact=True, limit=limit, offset=offset)
        match = fulltext.match_clause(conn.dialect.name, terms, c.id)
        rank = match.rank
        if not (where or on_documents):
            alone = match.alone
        if match.joined is not None:
            source = source.join(match.joined, match.where)
        else:
            where.append(match.where)
    # By relevance, ties go to the claim stored last, so that ranking thousands of matches
    # needs no join with their documents (at 100,000 claims on PostgreSQL the join was most of
    # the time of a common word).
    relevance = rank is not None and order != "newest"
    if on_documents or not relevance:
        joined = source.join(t.documents, d.id == c.document_id)
    else:
        joined = source
    ids = sa.select(c.id).select_from(joined).where(*where, *on_documents)
    keys = [sa.desc(rank), c.id.desc()] if relevance else [*_newest(d), c.position]
    if rank is not None:
        ids = ids.add_columns(rank.label("rank"))
    page = conn.execute(ids.order_by(*keys).limit(limit).offset(offset)).all()
    # Counting needs the documents only when a filter is on them (every claim has one).
    counted = ids.with_only_columns(c.id)
    if alone is not None:  # the text is the only filter: count in the full-text index alone
        counted = alone
    elif not on_documents:
        counted = sa.select(c.id).select_from(source).where(*where)
    total, exact = _count(conn, counted, limit, offset, len(page))
    ranks = {row[0]: (float(row[1]) if rank is not None else None) for row in page}
    hits = _hits(conn, [row[0] for row in page], ranks)
    return Page(items=tuple(hits), total=total, exact=exact, limit=limit, offset=offset)


def _texts(conn: Connection, doc_ids: Iterable[int]) -> dict[int, str]:
    d = t.documents.c
    wanted = sorted(set(doc_ids))
    if not wanted:
        return {}
    return {r.id: r.text for r in conn.execute(sa.select(d.id, d.text).where(d.id.in_(wanted)))}


def _hits(conn: Connection, ids: Sequence[int], ranks: dict[int, float | None]) -> list[ClaimHit]:
    if not ids:
        return []
    c, d, sc = t.claims.c, t.documents.c, t.story_claims.c
    rows = {
        r["id"]: r
        for r in conn.execute(
            sa.select(
                t.claims,
                d.key.label("doc_key"),
                d.title.label("doc_title"),
                d.outlet.label("doc_outlet"),
                d.published.label("doc_published"),
                sc.story_id,
                sc.relation,
            )
            .join(t.documents, d.id == c.document_id)
            .outerjoin(t.story_claims, sc.claim_id == c.id)
            .where(c.id.in_(ids))
        ).mappings()
    }
    texts = _texts(conn, (r["document_id"] for r in rows.values()))
    out = []
    for claim_id in ids:
        r = rows[claim_id]
        out.append(
            ClaimHit(
                claim=row_claim(r, text=texts[r["document_id"]], document_key=r["doc_key"]),
                title=r["doc_title"],
                outlet=r["doc_outlet"],
                published=utc(r["doc_published"]),
                story=r["story_id"],
                relation=r["relation"],
                rank=ranks.get(claim_id),
            )
        )
    return out


# -- documents ---------------------------------------------------------------------------------


def _summary_query() -> sa.Select[Any]:
    c, d = t.claims.c, t.documents.c
    root = t.documents.alias("root")
    count = sa.select(sa.func.count()).where(c.document_id == d.id).scalar_subquery()
    return sa.select(
        d.id,
        d.key,
        d.title,
        d.outlet,
        d.url,
        d.published,
        d.ingested,
        root.c.key.label("duplicate_of_key"),
        count.label("claim_count"),
    ).outerjoin(root, root.c.id == d.duplicate_of)


def _summary(row: RowMapping) -> DocumentSummary:
    return DocumentSummary(
        key=row["key"],
        title=row["title"],
        outlet=row["outlet"],
        url=row["url"],
        published=utc(row["published"]),
        ingested=utc(row["ingested"]) or dt.datetime(1970, 1, 1, tzinfo=dt.UTC),
        claims=int(row["claim_count"]),
        duplicate_of=row["duplicate_of_key"],
    )


def recent_documents(
    conn: Connection, *, limit: int = 50, offset: int = 0, outlet: str | None = None
) -> Page[DocumentSummary]:
    """Documents, newest published first (undated last), optionally of one outlet."""
    _check_page(limit, offset)
    d = t.documents.c
    where = []
    if (name := _text_or_none(outlet, "outlet")) is not None:
        where.append(d.outlet == name)
    query = _summary_query().where(*where).order_by(*_newest(d))
    rows = conn.execute(query.limit(limit).offset(offset)).mappings().all()
    total, exact = _count(conn, sa.select(d.id).where(*where), limit, offset, len(rows))
    return Page(
        items=tuple(_summary(r) for r in rows), total=total, exact=exact, limit=limit, offset=offset
    )


def document_view(conn: Connection, key: str) -> DocumentView | None:
    """The document ``key`` with every claim in context, or ``None``."""
    d = t.documents.c
    doc = conn.execute(sa.select(t.documents).where(d.key == key)).mappings().first()
    if doc is None:
        return None
    summary = _summary(conn.execute(_summary_query().where(d.id == doc["id"])).mappings().one())
    c, sc = t.claims.c, t.story_claims.c
    rows = (
        conn.execute(
            sa.select(t.claims, sc.story_id, sc.relation)
            .outerjoin(t.story_claims, sc.claim_id == c.id)
            .where(c.document_id == doc["id"])
            .order_by(c.position)
        )
        .mappings()
        .all()
    )
    views = _views(conn, rows, text=doc["text"], summary=summary)
    return DocumentView(document=row_document(doc), summary=summary, claims=tuple(views))


def claim_view(conn: Connection, key: str) -> ClaimView | None:
    """The claim ``key`` (a claim id as ``Claim.id`` gives it) in context, or ``None``."""
    c, d, sc = t.claims.c, t.documents.c, t.story_claims.c
    row = (
        conn.execute(
            sa.select(t.claims, sc.story_id, sc.relation)
            .outerjoin(t.story_claims, sc.claim_id == c.id)
            .where(c.key == key)
            .order_by(c.id)
            .limit(1)
        )
        .mappings()
        .first()
    )
    if row is None:
        return None
    doc = _summary_query().add_columns(d.text).where(d.id == row["document_id"])
    found = conn.execute(doc).mappings().one()
    (view,) = _views(conn, [row], text=found["text"], summary=_summary(found))
    return view


def _views(
    conn: Connection, rows: Sequence[RowMapping], *, text: str, summary: DocumentSummary
) -> list[ClaimView]:
    """Claim rows of one document (with ``story_id`` and ``relation``) as ClaimViews: a denial
    linked to its story's supporting claims, a supporting claim to its story's denials."""
    wanted = {
        (r["story_id"], "supports" if r["relation"] == "denies" else "denies")
        for r in rows
        if r["relation"] in ("supports", "denies")
    }
    links, totals = _links(conn, wanted)
    out = []
    for r in rows:
        story, relation = r["story_id"], r["relation"]
        other = {"denies": "supports", "supports": "denies"}.get(relation or "")
        found = links.get((story, other), []) if other else []
        total = totals.get((story, other), 0) if other else 0
        denial = relation == "denies"
        out.append(
            ClaimView(
                claim=row_claim(r, text=text, document_key=summary.key),
                document=summary,
                story=story,
                relation=relation,
                denies=tuple(found) if denial else (),
                denies_total=total if denial else 0,
                denied_by=() if denial else tuple(found),
                denied_by_total=0 if denial else total,
            )
        )
    return out


def _links(
    conn: Connection, wanted: set[tuple[int, str]]
) -> tuple[dict[tuple[int, str], list[ClaimLink]], dict[tuple[int, str], int]]:
    """For each (story, relation) wanted: its first :data:`LINKS` claims in story order, and
    how many it has."""
    links: dict[tuple[int, str], list[ClaimLink]] = defaultdict(list)
    totals: dict[tuple[int, str], int] = {}
    if not wanted:
        return links, totals
    c, d, sc = t.claims.c, t.documents.c, t.story_claims.c
    stories = sorted({story for story, _ in wanted})
    relations = sorted({relation for _, relation in wanted})
    parts = (sc.story_id, sc.relation)
    ranked = (
        sa.select(
            sc.story_id,
            sc.relation,
            sc.claim_id,
            sc.position,
            sa.func.row_number().over(partition_by=parts, order_by=sc.position).label("k"),
            sa.func.count().over(partition_by=parts).label("n"),
        )
        .where(sc.story_id.in_(stories), sc.relation.in_(relations))
        .subquery()
    )
    rows = (
        conn.execute(
            sa.select(
                ranked.c.story_id,
                ranked.c.relation,
                ranked.c.n,
                c.key,
                c.document_id,
                c.source_name,
                c.stance,
                c.content,
                d.key.label("doc_key"),
                d.outlet,
                d.published,
            )
            .join(t.claims, c.id == ranked.c.claim_id)
            .join(t.documents, d.id == c.document_id)
            .where(ranked.c.k <= LINKS)
            .order_by(ranked.c.story_id, ranked.c.relation, ranked.c.position)
        )
        .mappings()
        .all()
    )
    rows = [r for r in rows if (r["story_id"], r["relation"]) in wanted]
    texts = _texts(conn, (r["document_id"] for r in rows))
    for r in rows:
        pair = (r["story_id"], r["relation"])
        totals[pair] = int(r["n"])
        ranges = tuple((int(s), int(e)) for s, e in r["content"])
        content = Span.of(texts[r["document_id"]], ranges)
        links[pair].append(
            ClaimLink(
                id=r["key"],
                document_id=r["doc_key"],
                source=r["source_name"],
                stance=r["stance"],
                content=content.text,
                outlet=r["outlet"],
                published=utc(r["published"]),
            )
        )
    return links, totals
