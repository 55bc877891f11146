"""The ledger's tables, in SQLAlchemy Core: one schema for SQLite and PostgreSQL.

Documents are stored once per content hash; a claim belongs to one document and is deleted with
it; spans are stored as their character ranges only (``[[start, end], ...]`` as JSON) and their
text is always read back from the stored document, so ``text[start:end]`` equals the span text by
construction. Stories and source grades are derived data: corroboration rebuilds them from the
claims, and nothing else points into them. ``docs/ledger.md`` describes every column.

The Alembic migrations under ``migrations/`` create exactly these tables; a test checks that the
migrated database and this metadata agree. Two indexes are the exception, being different
objects on each database: the full-text index (an FTS5 table on SQLite, a generated tsvector
column with a GIN index on PostgreSQL, see ``ledger/fulltext.py``) and the publication-order
index of ``documents``. Migration 0002 creates them, they are left out of the metadata, and
:func:`include_name` tells a comparison to skip them.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

__all__ = [
    "api_tokens",
    "claims",
    "document_bands",
    "documents",
    "include_name",
    "ingest_runs",
    "ledger_state",
    "ledger_texts",
    "metadata",
    "source_grade_edits",
    "sources",
    "stories",
    "story_claims",
]

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

TZ = DateTime(timezone=True)

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(200), nullable=False, unique=True),
    Column("sha256", String(64), nullable=False, unique=True),
    Column("origin", Text, nullable=False),
    Column("title", Text),
    Column("outlet", Text),
    Column("url", Text),
    Column("published", TZ),
    Column("retrieved", TZ),
    Column("language", String(16), nullable=False),
    Column("text", Text, nullable=False),
    Column("extractor", String(100), nullable=False),
    Column("duplicate_of", Integer, ForeignKey("documents.id", ondelete="SET NULL")),
    Column("similarity", Float),
    Column("ingested", TZ, nullable=False),
    Index("ix_documents_outlet", "outlet"),
)
"""Migration 0002 indexes ``published`` in the order listings read it, newest first and undated
last: ``ix_documents_published``, dialect-specific (PostgreSQL needs ``DESC NULLS LAST`` in the
index, which SQLite cannot declare but gets by reading its plain index backwards), so it is
outside the metadata like the full-text index."""

document_bands = Table(
    "document_bands",
    metadata,
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("band", Integer, nullable=False),
    Column("bucket", BigInteger, nullable=False),
    Column("signature", JSON),
    Index("ix_document_bands_band_bucket", "band", "bucket"),
    Index("ix_document_bands_document_id", "document_id"),
)
"""Locality-sensitive hash buckets of each document's MinHash signature, for near-duplicates.
The full signature is kept on band 0's row only."""

claims = Table(
    "claims",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("key", String(120), nullable=False),
    Column("position", Integer, nullable=False),
    Column("sentence", JSON, nullable=False),
    Column("source", JSON),
    Column("source_key", String(300)),
    Column("source_name", Text),
    Column("source_kind", String(20)),
    Column("source_country", String(10)),
    Column("source_role", String(40)),
    Column("cue", JSON, nullable=False),
    Column("cue_lemma", String(100), nullable=False),
    Column("content", JSON, nullable=False),
    Column("stance", String(10), nullable=False),
    Column("hedged", Boolean, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("extractor", String(100), nullable=False),
    Column("reasons", JSON, nullable=False),
    Column("said", Date),
    Column("said_precision", String(8)),
    Column("event_type", String(20)),
    Column("event_mode", String(40)),
    Column("event_actor", String(100)),
    Column("event_target", String(100)),
    Column("quantity_value", Float),
    Column("quantity_max", Float),
    Column("quantity_unit", String(100)),
    Column("event_when", Date),
    Column("event_when_precision", String(8)),
    Column("modality", String(16)),
    Column("search_text", Text),
    UniqueConstraint("document_id", "key", name="uq_claims_document_id_key"),
    Index("ix_claims_document_id", "document_id"),
    Index("ix_claims_key", "key"),
    Index("ix_claims_event_type", "event_type"),
    Index("ix_claims_source_key", "source_key"),
    Index("ix_claims_source_name", "source_name"),
    Index("ix_claims_source_country", "source_country"),
    Index("ix_claims_event_actor", "event_actor"),
    Index("ix_claims_event_target", "event_target"),
    Index("ix_claims_stance", "stance", "document_id"),
)
"""``search_text`` is the text the full-text index covers (``ledger/fulltext.py``): a copy
written with the claim, never read back as a span."""

stories = Table(
    "stories",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(300), nullable=False, unique=True),
    Column("title", Text, nullable=False),
    Column("event_type", String(20), nullable=False),
    Column("event_mode", String(40)),
    Column("actor", String(100)),
    Column("target", String(100)),
    Column("first_seen", TZ, nullable=False),
    Column("last_seen", TZ, nullable=False),
    Column("claims", Integer, nullable=False),
    Column("documents", Integer, nullable=False),
    Column("origins", Integer, nullable=False),
    Column("stance_counts", JSON, nullable=False),
    Column("figures", JSON, nullable=False),
    Column("credibility", String(1), nullable=False),
    Column("credibility_reasons", JSON, nullable=False),
    Index("ix_stories_last_seen", "last_seen"),
)

story_claims = Table(
    "story_claims",
    metadata,
    Column("story_id", Integer, ForeignKey("stories.id", ondelete="CASCADE"), nullable=False),
    Column(
        "claim_id",
        Integer,
        ForeignKey("claims.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("relation", String(10), nullable=False),
    Column("position", Integer, nullable=False),
    Index("ix_story_claims_story_id", "story_id"),
)
"""A claim belongs to at most one story; ``position`` keeps the order corroboration gave."""

sources = Table(
    "sources",
    metadata,
    Column("key", String(300), primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("country", String(10)),
    Column("role", String(40)),
    Column("reliability", String(1), nullable=False),
    Column("reasons", JSON, nullable=False),
    Column("registry", String(1)),
    Column("claims", Integer, nullable=False),
    Column("stories", Integer, nullable=False),
    Column("confirmed", Integer, nullable=False),
    Column("contradicted", Integer, nullable=False),
)

ledger_state = Table(
    "ledger_state",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("value", BigInteger, nullable=False),
)
"""Counters: ``claims_version`` grows with every committed document, ``stories_version`` records
the claims_version the stories were last built from (stale stories are rebuilt on read)."""

ledger_texts = Table(
    "ledger_texts",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("value", Text, nullable=False),
)
"""Texts the ledger keeps: ``registry`` (the user's source registry, YAML, as last given) and
``registry_origin`` (its file name), so later rebuilds grade with the same registry."""

ingest_runs = Table(
    "ingest_runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("started", TZ, nullable=False),
    Column("finished", TZ),
    Column("new", Integer, nullable=False, default=0),
    Column("seen", Integer, nullable=False, default=0),
    Column("replaced", Integer, nullable=False, default=0),
    Column("failed", Integer, nullable=False, default=0),
    Column("claims", Integer, nullable=False, default=0),
    Column("extractor", String(100), nullable=False),
)
"""One row per ingest run: an audit trail of what was added when."""

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(64), nullable=False, unique=True),
    Column("hash", String(64), nullable=False, unique=True),
    Column("created", TZ, nullable=False),
    Column("last_used", TZ),
    Column("revoked", TZ),
)
"""API tokens for writes through the web app: the SHA-256 of each token, never the token
(``ledger/access.py``). A revoked token keeps its row and its name, for the audit trail."""

source_grade_edits = Table(
    "source_grade_edits",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source_key", String(300), nullable=False),
    Column("reliability", String(1), nullable=False),
    Column("reason", Text, nullable=False),
    Column("by", String(100), nullable=False),
    Column("at", TZ, nullable=False),
    Index("ix_source_grade_edits_source_key", "source_key"),
)
"""Analysts' reliability grades of sources, append-only: the newest edit of a source overrides
the registry when stories and grades are rebuilt; the older ones are its history."""

_FULL_TEXT_TABLE = "claims_fts"
_FULL_TEXT_COLUMN = "search_vector"
_DIALECT_INDEXES = frozenset({"ix_claims_search", "ix_documents_published"})


def include_name(name: str | None, type_: str, _parents: object = None) -> bool:
    """Whether a schema comparison (Alembic's ``include_name`` hook) should look at a database
    object: everything but what migration 0002 creates differently on each database, outside
    the metadata: the full-text index (the FTS5 table and its shadow tables on SQLite; the
    generated ``search_vector`` column of ``claims`` and its GIN index on PostgreSQL) and the
    publication-order index of ``documents``."""
    if name is None:
        return True
    if type_ == "table":
        return name != _FULL_TEXT_TABLE and not name.startswith(_FULL_TEXT_TABLE + "_")
    if type_ == "column":
        return name != _FULL_TEXT_COLUMN
    return not (type_ == "index" and name in _DIALECT_INDEXES)
