"""The ledger's tables, in SQLAlchemy Core: one schema for SQLite and PostgreSQL.

Documents are stored once per content hash; a claim belongs to one document and is deleted with
it; spans are stored as their character ranges only (``[[start, end], ...]`` as JSON) and their
text is always read back from the stored document, so ``text[start:end]`` equals the span text by
construction. Stories and source grades are derived data: corroboration rebuilds them from the
claims, and nothing else points into them. ``docs/ledger.md`` describes every column.

The Alembic migrations under ``migrations/`` create exactly these tables; a test checks that the
migrated database and this metadata agree.
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
    "claims",
    "document_bands",
    "documents",
    "ingest_runs",
    "ledger_state",
    "ledger_texts",
    "metadata",
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
)

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
    UniqueConstraint("document_id", "key", name="uq_claims_document_id_key"),
    Index("ix_claims_document_id", "document_id"),
    Index("ix_claims_key", "key"),
    Index("ix_claims_event_type", "event_type"),
    Index("ix_claims_source_key", "source_key"),
)

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
