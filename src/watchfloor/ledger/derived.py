"""Storing and reading the derived data: stories, their claims, and source grades.

Corroboration computes these from the claims; :func:`replace_corroboration` swaps them in one
transaction. A story keeps its id across rebuilds when it keeps most of its claims, so
``watchfloor story 12`` keeps meaning the same story as more articles arrive.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, RowMapping

from watchfloor.ledger import schema as t
from watchfloor.ledger.codec import claimant_of, row_claim, story_of_row, utc
from watchfloor.records import (
    Claimant,
    Figure,
    Grade,
    Relation,
    SourceGrade,
    Story,
    StoryClaim,
)

__all__ = [
    "claimants",
    "member",
    "member_query",
    "read_sources",
    "read_stories",
    "read_story",
    "replace_corroboration",
    "saved_registry",
]

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _figure_json(f: Figure) -> dict[str, Any]:
    return {
        "claimant": f.claimant,
        "stance": f.stance,
        "value": f.quantity.value,
        "max": f.quantity.max,
        "unit": f.quantity.unit,
        "said": f.said.isoformat(),
        "modality": f.modality,
        "claim": f.claim_id,
    }


def _set_state(conn: Connection, name: str, value: int) -> None:
    done = conn.execute(
        t.ledger_state.update().where(t.ledger_state.c.name == name).values(value=value)
    )
    if done.rowcount == 0:
        conn.execute(t.ledger_state.insert().values(name=name, value=value))


def _story_row(story: Story) -> dict[str, Any]:
    return {
        "title": story.title,
        "event_type": story.event_type,
        "event_mode": story.mode,
        "actor": story.actor,
        "target": story.target,
        "first_seen": story.first_seen,
        "last_seen": story.last_seen,
        "claims": story.claim_count,
        "documents": story.documents,
        "origins": story.origins,
        "stance_counts": [[s, n] for s, n in story.stance_counts],
        "figures": [_figure_json(f) for f in story.figures],
        "credibility": story.credibility.value,
        "credibility_reasons": list(story.credibility.reasons),
    }


def replace_corroboration(
    conn: Connection,
    stories: Sequence[Story],
    sources: Sequence[SourceGrade],
    *,
    version: int,
    registry: tuple[str, str] | None = None,
) -> tuple[Story, ...]:
    """Replace all stories, their claim links and source grades; return the stories with ids.

    Must run inside one transaction (the caller's). Its first statement writes, so that SQLite
    takes the write lock at once rather than failing to upgrade a read lock later.
    """
    _set_state(conn, "stories_version", version)
    if registry is not None:
        for name, value in zip(("registry_origin", "registry"), registry, strict=True):
            conn.execute(t.ledger_texts.delete().where(t.ledger_texts.c.name == name))
            conn.execute(t.ledger_texts.insert().values(name=name, value=value))
    c = t.claims.c
    keys = [m.claim.id for s in stories for m in s.claims]
    pk_of: dict[str, int] = {}
    for start in range(0, len(keys), 5000):
        chunk = keys[start : start + 5000]
        pk_of.update(conn.execute(sa.select(c.key, c.id).where(c.key.in_(chunk))).all())
    old_story_of = dict(
        conn.execute(sa.select(t.story_claims.c.claim_id, t.story_claims.c.story_id)).all()
    )
    # Each new story keeps the id of the old story it shares most claims with (largest first).
    reuse: dict[int, int] = {}
    taken: set[int] = set()
    order = sorted(range(len(stories)), key=lambda i: (-len(stories[i].claims), stories[i].key))
    for i in order:
        votes: dict[int, int] = {}
        for m in stories[i].claims:
            old = old_story_of.get(pk_of.get(m.claim.id, -1))
            if old is not None and old not in taken:
                votes[old] = votes.get(old, 0) + 1
        if votes:
            best = min(votes, key=lambda sid: (-votes[sid], sid))
            reuse[i] = best
            taken.add(best)
    conn.execute(t.story_claims.delete())
    conn.execute(t.stories.delete().where(t.stories.c.id.not_in(taken) if taken else sa.true()))
    # Keys are unique: rows are written under temporary keys ("~...") and renamed at the end,
    # all in bulk (executemany), so a rebuild of thousands of stories is a handful of statements.
    rows = [_story_row(story) for story in stories]
    ids: dict[int, int] = {}
    updated = [i for i in range(len(stories)) if i in reuse]
    if updated:
        conn.execute(
            t.stories.update().where(t.stories.c.id == sa.bindparam("sid")),
            [{**rows[i], "key": f"~{reuse[i]}", "sid": reuse[i]} for i in updated],
        )
        ids.update((i, reuse[i]) for i in updated)
    inserted = [i for i in range(len(stories)) if i not in reuse]
    if inserted:
        new_ids = conn.execute(
            t.stories.insert().returning(t.stories.c.id, sort_by_parameter_order=True),
            [{**rows[i], "key": f"~new{i}"} for i in inserted],
        ).scalars()
        ids.update(zip(inserted, new_ids, strict=True))
    if stories:
        conn.execute(
            t.stories.update().where(t.stories.c.id == sa.bindparam("sid")),
            [{"sid": ids[i], "key": story.key} for i, story in enumerate(stories)],
        )
    out = [replace(story, id=ids[i]) for i, story in enumerate(stories)]
    links = [
        {
            "story_id": story.id,
            "claim_id": pk_of[m.claim.id],
            "relation": m.relation,
            "position": position,
        }
        for story in out
        for position, m in enumerate(story.claims)
        if m.claim.id in pk_of
    ]
    if links:
        conn.execute(t.story_claims.insert(), links)
    conn.execute(t.sources.delete())
    if sources:
        conn.execute(
            t.sources.insert(),
            [
                {
                    "key": g.claimant.key,
                    "name": g.claimant.name,
                    "kind": g.claimant.kind,
                    "country": g.claimant.country,
                    "role": g.claimant.role,
                    "reliability": g.reliability.value,
                    "reasons": list(g.reliability.reasons),
                    "registry": g.registry,
                    "claims": g.claims,
                    "stories": g.stories,
                    "confirmed": g.confirmed,
                    "contradicted": g.contradicted,
                }
                for g in sources
            ],
        )
    return tuple(out)


def read_stories(conn: Connection, *, limit: int | None = 50, offset: int = 0) -> tuple[Story, ...]:
    """Story summaries (no claims), newest activity first."""
    s = t.stories.c
    query = sa.select(t.stories).order_by(s.last_seen.desc(), s.id.desc()).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return tuple(story_of_row(r) for r in conn.execute(query).mappings())


def read_story(conn: Connection, story_id: int) -> Story | None:
    """One story with all its claims, in the order they were made."""
    row = conn.execute(sa.select(t.stories).where(t.stories.c.id == story_id)).mappings().first()
    if row is None:
        return None
    c, sc = t.claims.c, t.story_claims.c
    query = (
        member_query(sc.relation.label("relation"))
        .join(t.story_claims, c.id == sc.claim_id)
        .where(sc.story_id == story_id)
        .order_by(sc.position)
    )
    members = [
        member(r, text=r["doc_text"], relation=r["relation"])
        for r in conn.execute(query).mappings()
    ]

    return story_of_row(row, tuple(members))


def member_query(*extra: Any, with_text: bool = True) -> sa.Select[Any]:
    """Claims with the columns :func:`member` needs: their document's key, outlet and dates,
    the key of their near-duplicate origin, and (``with_text``) the document's text."""
    c, d = t.claims.c, t.documents.c
    root = t.documents.alias("root")
    columns = [
        t.claims,
        d.key.label("doc_key"),
        d.outlet.label("doc_outlet"),
        d.published.label("doc_published"),
        d.ingested.label("doc_ingested"),
        root.c.key.label("root_key"),
        *extra,
    ]
    if with_text:
        columns.append(d.text.label("doc_text"))
    return (
        sa.select(*columns)
        .join(t.documents, d.id == c.document_id)
        .join(root, root.c.id == sa.func.coalesce(d.duplicate_of, d.id))
    )


def member(row: RowMapping, *, text: str, relation: Relation = "supports") -> StoryClaim:
    """A claim row of :func:`member_query` as a StoryClaim, its spans read from ``text``."""
    claim = row_claim(row, text=text, document_key=row["doc_key"])
    return StoryClaim(
        claim=claim,
        claimant=claimant_of(claim.source.actor) if claim.source else None,
        relation=relation,
        document_id=row["doc_key"],
        origin=row["root_key"],
        outlet=row["doc_outlet"],
        reported=utc(row["doc_published"]) or utc(row["doc_ingested"]) or _EPOCH,
        ingested=utc(row["doc_ingested"]),
    )


def read_sources(conn: Connection) -> tuple[SourceGrade, ...]:
    """Every claimant with its reliability grade and track record, best graded first."""
    s = t.sources.c
    rows = conn.execute(
        sa.select(t.sources).order_by(s.reliability, s.claims.desc(), s.name)
    ).mappings()
    return tuple(
        SourceGrade(
            claimant=Claimant(
                key=r["key"], name=r["name"], kind=r["kind"], country=r["country"], role=r["role"]
            ),
            reliability=Grade(value=r["reliability"], reasons=tuple(r["reasons"])),
            claims=r["claims"],
            stories=r["stories"],
            confirmed=r["confirmed"],
            contradicted=r["contradicted"],
            registry=r["registry"],
        )
        for r in rows
    )


def saved_registry(conn: Connection) -> tuple[str, str] | None:
    """The (origin, YAML text) of the registry the grades were last built with, if a user's."""
    texts = dict(conn.execute(sa.select(t.ledger_texts.c.name, t.ledger_texts.c.value)).all())
    if "registry" not in texts:
        return None
    return texts.get("registry_origin", "saved registry"), texts["registry"]


def claimants(conn: Connection) -> list[tuple[Claimant, int]]:
    """Every claimant in the ledger with its number of claims."""
    c = t.claims.c
    rows = conn.execute(
        sa.select(
            c.source_key,
            sa.func.min(c.source_name),
            sa.func.min(c.source_kind),
            sa.func.min(c.source_country),
            sa.func.min(c.source_role),
            sa.func.count(),
        )
        .where(c.source_key.is_not(None))
        .group_by(c.source_key)
        .order_by(c.source_key)
    ).all()
    return [
        (Claimant(key=k, name=n, kind=kind, country=country, role=role), int(count))
        for k, n, kind, country, role, count in rows
    ]
