"""Full-text search over claims, API tokens, analysts' source grades; indexes for filtering.

Adds ``claims.search_text`` (backfilled from every stored claim), the full-text index over it
(an FTS5 table kept in sync by triggers on SQLite; on PostgreSQL a stored generated tsvector
column ``search_vector`` with a GIN index),
indexes for the web app's filters, and the ``api_tokens`` and ``source_grade_edits`` tables.
Nothing stored is changed or removed.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_TZ = sa.DateTime(timezone=True)
_BATCH = 5000

# The DDL is written out here rather than imported, so that this migration keeps doing what it
# did when it shipped whatever later code does (ledger/fulltext.py documents the objects).
_SQLITE_FTS = [
    "CREATE VIRTUAL TABLE claims_fts USING fts5(source_name, search_text, content='claims', "
    "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
    "INSERT INTO claims_fts(claims_fts) VALUES ('rebuild')",
    "CREATE TRIGGER claims_fts_insert AFTER INSERT ON claims BEGIN "
    "INSERT INTO claims_fts(rowid, source_name, search_text) "
    "VALUES (new.id, new.source_name, new.search_text); END",
    "CREATE TRIGGER claims_fts_delete AFTER DELETE ON claims BEGIN "
    "INSERT INTO claims_fts(claims_fts, rowid, source_name, search_text) "
    "VALUES ('delete', old.id, old.source_name, old.search_text); END",
    "CREATE TRIGGER claims_fts_update AFTER UPDATE OF id, source_name, search_text ON claims "
    "BEGIN INSERT INTO claims_fts(claims_fts, rowid, source_name, search_text) "
    "VALUES ('delete', old.id, old.source_name, old.search_text); "
    "INSERT INTO claims_fts(rowid, source_name, search_text) "
    "VALUES (new.id, new.source_name, new.search_text); END",
]
_PG_FTS = [
    "ALTER TABLE claims ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
    "(to_tsvector('english'::regconfig, coalesce(source_name, '') || ' ' || "
    "coalesce(search_text, ''))) STORED",
    "CREATE INDEX ix_claims_search ON claims USING gin (search_vector)",
]


def _compose(text: str, sentence: list[list[int]], *others: list[list[int]] | None) -> str:
    """The indexed text of a claim, as ``ledger/fulltext.compose`` made it at this revision: the
    sentence, then every range of the source, cue and content outside the sentence."""
    parts = [text[s:e] for s, e in sentence]
    for ranges in others:
        for start, end in ranges or ():
            if not any(s <= start and end <= e for s, e in sentence):
                parts.append(text[start:end])
    return "\n".join(parts)


def _backfill(conn: sa.Connection) -> None:
    """Fill ``search_text`` for every stored claim, reading each document's text once."""
    claims = sa.table(
        "claims",
        sa.column("id", sa.Integer),
        sa.column("document_id", sa.Integer),
        sa.column("sentence", sa.JSON),
        sa.column("source", sa.JSON),
        sa.column("cue", sa.JSON),
        sa.column("content", sa.JSON),
        sa.column("search_text", sa.Text),
    )
    documents = sa.table("documents", sa.column("id", sa.Integer), sa.column("text", sa.Text))
    c = claims.c
    update = (
        claims.update()
        .where(c.id == sa.bindparam("claim_id"))
        .values(search_text=sa.bindparam("t"))
    )
    doc_ids = [row[0] for row in conn.execute(sa.select(documents.c.id).order_by(documents.c.id))]
    pending: list[dict[str, object]] = []
    for start in range(0, len(doc_ids), 500):
        chunk = doc_ids[start : start + 500]
        texts = dict(
            conn.execute(
                sa.select(documents.c.id, documents.c.text).where(documents.c.id.in_(chunk))
            ).all()
        )
        rows = conn.execute(
            sa.select(c.id, c.document_id, c.sentence, c.source, c.cue, c.content).where(
                c.document_id.in_(chunk)
            )
        )
        for claim_id, doc_id, sentence, source, cue, content in rows:
            text = _compose(texts[doc_id], sentence, source, cue, content)
            pending.append({"claim_id": claim_id, "t": text})
        if len(pending) >= _BATCH:
            conn.execute(update, pending)
            pending.clear()
    if pending:
        conn.execute(update, pending)


def upgrade() -> None:
    conn = op.get_bind()
    op.add_column("claims", sa.Column("search_text", sa.Text(), nullable=True))
    _backfill(conn)
    # Listings read documents newest first, undated last. SQLite sorts NULLs first, so its plain
    # index read backwards gives that order (and it cannot declare NULLS LAST in an index);
    # PostgreSQL needs the order in the index to read it off (0.3 ms instead of 12 ms).
    if conn.dialect.name == "sqlite":
        op.execute("CREATE INDEX ix_documents_published ON documents (published)")
    else:
        op.execute("CREATE INDEX ix_documents_published ON documents (published DESC NULLS LAST)")
    op.create_index("ix_documents_outlet", "documents", ["outlet"])
    for column in ("source_name", "source_country", "event_actor", "event_target"):
        op.create_index(f"ix_claims_{column}", "claims", [column])
    op.create_index("ix_claims_stance", "claims", ["stance", "document_id"])
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("created", _TZ, nullable=False),
        sa.Column("last_used", _TZ, nullable=True),
        sa.Column("revoked", _TZ, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("hash", name=op.f("uq_api_tokens_hash")),
        sa.UniqueConstraint("name", name=op.f("uq_api_tokens_name")),
    )
    op.create_table(
        "source_grade_edits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_key", sa.String(length=300), nullable=False),
        sa.Column("reliability", sa.String(length=1), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("by", sa.String(length=100), nullable=False),
        sa.Column("at", _TZ, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source_grade_edits")),
    )
    op.create_index("ix_source_grade_edits_source_key", "source_grade_edits", ["source_key"])
    if conn.dialect.name == "sqlite":
        for statement in _SQLITE_FTS:
            op.execute(statement)
    else:
        for statement in _PG_FTS:
            op.execute(statement)


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS claims_fts_{trigger}")
        op.execute("DROP TABLE IF EXISTS claims_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_claims_search")
        op.execute("ALTER TABLE claims DROP COLUMN IF EXISTS search_vector")
    op.drop_index("ix_source_grade_edits_source_key", table_name="source_grade_edits")
    op.drop_table("source_grade_edits")
    op.drop_table("api_tokens")
    op.drop_index("ix_claims_stance", table_name="claims")
    for column in ("source_name", "source_country", "event_actor", "event_target"):
        op.drop_index(f"ix_claims_{column}", table_name="claims")
    op.execute("DROP INDEX ix_documents_published")
    op.drop_index("ix_documents_outlet", table_name="documents")
    with op.batch_alter_table("claims") as batch:
        batch.drop_column("search_text")
