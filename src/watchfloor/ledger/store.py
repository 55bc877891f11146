"""The ledger's repository functions: store extractions, read documents, claims and stories.

Every document is stored in one transaction together with its claims and its near-duplicate
buckets, so a crash or a kill leaves each document either complete or absent. Storing is
idempotent: a document is identified by the SHA-256 of its text, and storing it again is a no-op
unless its claims came from an older extractor, in which case they are replaced in the same
single transaction.

Stories and source grades are derived data. :meth:`Ledger.replace_corroboration` swaps them in
one transaction; ``ledger_state`` records which version of the claims they were built from, so a
reader can tell that they are stale (a run killed before corroboration) and rebuild them.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine, RowMapping
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from watchfloor.errors import LedgerError
from watchfloor.ledger import access, derived, fulltext, search
from watchfloor.ledger import schema as t
from watchfloor.ledger.codec import (
    claim_row,
    document_row,
    row_claim,
    row_document,
    utc,
)
from watchfloor.ledger.database import DEFAULT_URL, connect, shown_url
from watchfloor.records import (
    Claim,
    Claimant,
    ClaimHit,
    ClaimView,
    Document,
    DocumentSummary,
    DocumentView,
    Extraction,
    Page,
    SourceEdit,
    SourceGrade,
    Story,
    StoryClaim,
    TokenInfo,
)

if TYPE_CHECKING:
    from watchfloor.ingest.near_duplicates import Signature

__all__ = ["Ledger", "Stored", "open_ledger"]

log = logging.getLogger(__name__)

Status = Literal["new", "seen", "replaced"]
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_CANDIDATES = 8
"""Near-duplicate candidates compared on their full signature, those sharing most bands first."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Stored:
    """What storing one extraction did: ``new``, ``seen`` (already there, nothing changed) or
    ``replaced`` (its claims re-extracted by a newer extractor)."""

    status: Status
    document_id: str
    claims: int
    duplicate_of: str | None = None
    similarity: float | None = None


F = TypeVar("F", bound=Callable[..., Any])


def _guarded(action: str) -> Callable[[F], F]:
    """Translate database errors of a Ledger method (generators included) into LedgerError."""

    def wrap(method: F) -> F:
        if inspect.isgeneratorfunction(method):

            @functools.wraps(method)
            def stream(self: Ledger, *args: Any, **kwargs: Any) -> Iterator[Any]:
                try:
                    yield from method(self, *args, **kwargs)
                except SQLAlchemyError as exc:
                    raise self._fail(action, exc) from exc

            return cast(F, stream)

        @functools.wraps(method)
        def call(self: Ledger, *args: Any, **kwargs: Any) -> Any:
            try:
                return method(self, *args, **kwargs)
            except SQLAlchemyError as exc:
                raise self._fail(action, exc) from exc

        return cast(F, call)

    return wrap


@functools.cache
def _candidate_query() -> sa.Select[int, int]:
    """Documents sharing a near-duplicate bucket with document ``:me``, most shared first.

    An OR of (band, bucket) pairs, not a row-value IN: SQLite answers the OR from the (band,
    bucket) index and scans the whole table for the IN. Built once with bound parameters: building
    the 32-way OR per document cost more than running it. Only the best few candidates are then
    compared on their full signature, so a story syndicated a thousand times costs no more than
    one syndicated twice.
    """
    from watchfloor.ingest.near_duplicates import BANDS

    b = t.document_bands.c
    shared = sa.func.count().label("shared")
    pairs = (
        sa.and_(b.band == sa.bindparam(f"band{i}"), b.bucket == sa.bindparam(f"bucket{i}"))
        for i in range(BANDS)
    )
    return (
        sa.select(b.document_id, shared)
        .where(sa.or_(*pairs), b.document_id != sa.bindparam("me"))
        .group_by(b.document_id)
        .order_by(shared.desc(), b.document_id)
        .limit(_CANDIDATES)
    )


def _with_texts(
    conn: Connection, rows: Iterable[RowMapping], batch: int = 2000
) -> Iterator[tuple[RowMapping, str]]:
    """Claim rows, each with its document's text; texts are read once per document, for a batch
    of rows at a time (never repeated on every claim row, never one query per document)."""
    pending: list[RowMapping] = []
    texts: dict[int, str] = {}

    def flush() -> Iterator[tuple[RowMapping, str]]:
        wanted = {row["document_id"] for row in pending} - texts.keys()
        if wanted:
            d = t.documents.c
            texts.update(conn.execute(sa.select(d.id, d.text).where(d.id.in_(wanted))).all())
        for row in pending:
            yield row, texts[row["document_id"]]
        last = pending[-1]["document_id"]
        pending.clear()
        for key in [k for k in texts if k != last]:
            del texts[key]

    for row in rows:
        pending.append(row)
        if len(pending) >= batch:
            yield from flush()
    if pending:
        yield from flush()


def open_ledger(url: str = DEFAULT_URL) -> Ledger:
    """Open (creating and migrating if needed) the ledger at ``url``."""
    return Ledger(connect(url))


class Ledger:
    """A ledger database. Use as a context manager, or call :meth:`close`."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.url = shown_url(engine.url)

    def __enter__(self) -> Ledger:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    def __repr__(self) -> str:
        return f"Ledger({self.url})"

    def _fail(self, action: str, exc: SQLAlchemyError) -> LedgerError:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        return LedgerError(f"ledger {self.url}: could not {action}: {reason}")

    # -- state ------------------------------------------------------------------------------

    def _state(self, conn: Connection, name: str) -> int:
        value = conn.execute(
            sa.select(t.ledger_state.c.value).where(t.ledger_state.c.name == name)
        ).scalar()
        return int(value or 0)

    def _bump(self, conn: Connection) -> None:
        done = conn.execute(
            t.ledger_state.update()
            .where(t.ledger_state.c.name == "claims_version")
            .values(value=t.ledger_state.c.value + 1)
        )
        if done.rowcount == 0:
            conn.execute(t.ledger_state.insert().values(name="claims_version", value=1))

    @_guarded("read the claims version")
    def claims_version(self) -> int:
        """A number that grows whenever documents or claims change."""
        with self.engine.connect() as conn:
            return self._state(conn, "claims_version")

    @_guarded("read the ledger state")
    def stories_stale(self) -> bool:
        """Whether claims changed since stories and grades were last built."""
        with self.engine.connect() as conn:
            return self._state(conn, "claims_version") != self._state(conn, "stories_version")

    @_guarded("count what is stored")
    def counts(self) -> dict[str, int]:
        """Documents, near-duplicate documents, claims, stories and sources stored."""
        with self.engine.connect() as conn:

            def count(table: sa.Table, *where: Any) -> int:
                query = sa.select(sa.func.count()).select_from(table)
                return int(conn.execute(query.where(*where)).scalar() or 0)

            return {
                "documents": count(t.documents),
                "duplicates": count(t.documents, t.documents.c.duplicate_of.is_not(None)),
                "claims": count(t.claims),
                "stories": count(t.stories),
                "sources": count(t.sources),
            }

    # -- writing ----------------------------------------------------------------------------

    @_guarded("look up a document")
    def extractor_of(self, sha256: str) -> str | None:
        """The extractor id a stored document's claims came from, or ``None`` if not stored."""
        with self.engine.connect() as conn:
            return conn.execute(
                sa.select(t.documents.c.extractor).where(t.documents.c.sha256 == sha256)
            ).scalar()

    def store(self, extraction: Extraction, *, extractor: str) -> Stored:
        """Store one document with its claims, in one transaction (see the module docstring)."""
        document = extraction.document
        try:
            with self.engine.begin() as conn:
                return self._store(conn, extraction, extractor)
        except IntegrityError as exc:
            # Another writer may have stored the same text between our check and our insert;
            # any other constraint failure is an error, never a silent "seen".
            with self.engine.connect() as conn:
                key = conn.execute(
                    sa.select(t.documents.c.key).where(t.documents.c.sha256 == document.sha256)
                ).scalar()
            if key is None:
                raise self._fail(f"store document {document.id!r}", exc) from exc
            return Stored(status="seen", document_id=key, claims=0)
        except SQLAlchemyError as exc:
            raise self._fail(f"store document {document.id!r}", exc) from exc

    def _store(self, conn: Connection, extraction: Extraction, extractor: str) -> Stored:
        document = extraction.document
        d = t.documents.c
        found = conn.execute(
            sa.select(d.id, d.key, d.extractor).where(d.sha256 == document.sha256)
        ).first()
        if found is not None and found.extractor == extractor:
            return Stored(status="seen", document_id=found.key, claims=0)
        if found is not None:
            conn.execute(t.claims.delete().where(t.claims.c.document_id == found.id))
            self._insert_claims(conn, extraction, found.id, found.key)
            conn.execute(t.documents.update().where(d.id == found.id).values(extractor=extractor))
            self._bump(conn)
            return Stored(status="replaced", document_id=found.key, claims=len(extraction.claims))

        from watchfloor.ingest.near_duplicates import signature  # numpy: only when storing

        key = document.id
        if conn.execute(sa.select(d.id).where(d.key == key)).first() is not None:
            key = f"{document.id}~{document.sha256[:8]}"
        row = document_row(document, key=key, extractor=extractor)
        pk = conn.execute(t.documents.insert().values(**row).returning(d.id)).scalar_one()
        sig = signature(document.text)
        original = self._link_duplicate(conn, pk, document, sig)
        if original is None:
            # Only origins are indexed: a later copy matches the origin itself, and a wire story
            # syndicated a thousand times stays one set of buckets instead of a thousand.
            conn.execute(
                t.document_bands.insert(),
                [
                    {
                        "document_id": pk,
                        "band": band,
                        "bucket": bucket,
                        "signature": list(sig.values) if band == 0 else None,
                    }
                    for band, bucket in sig.bands()
                ],
            )
        self._insert_claims(conn, extraction, pk, key)
        self._bump(conn)
        return Stored(
            status="new",
            document_id=key,
            claims=len(extraction.claims),
            duplicate_of=original[0] if original else None,
            similarity=original[1] if original else None,
        )

    def _insert_claims(self, conn: Connection, extraction: Extraction, pk: int, key: str) -> None:
        # search_text feeds the full-text index (ledger/fulltext.py); on SQLite, triggers on
        # claims keep the FTS5 table in step with every insert and delete, cascades included.
        text = extraction.document.text
        if extraction.claims:
            conn.execute(
                t.claims.insert(),
                [
                    {
                        **claim_row(c, document_id=pk, position=i),
                        "search_text": fulltext.search_text(c, text),
                    }
                    for i, c in enumerate(extraction.claims)
                ],
            )

    def _link_duplicate(
        self, conn: Connection, pk: int, document: Document, sig: Signature
    ) -> tuple[str, float] | None:
        """Link a new document to the origin of its near-duplicates, if it has any.

        A group of near-duplicates has one origin: the earliest published member (ties broken by
        hash), whatever order they arrive in; every other member points at it directly.
        """
        from watchfloor.ingest.near_duplicates import DUPLICATE_THRESHOLD, Signature, similarity

        b = t.document_bands.c
        params: dict[str, int] = {"me": pk}
        for band, bucket in sig.bands():
            params[f"band{band}"], params[f"bucket{band}"] = band, bucket
        candidates = conn.execute(_candidate_query(), params).all()
        if not candidates:
            return None
        best: tuple[float, int] | None = None
        rows = conn.execute(
            sa.select(b.document_id, b.signature).where(
                b.band == 0, b.document_id.in_([doc_id for doc_id, _ in candidates])
            )
        )
        for doc_id, values in sorted(rows):
            score = similarity(sig, Signature(tuple(values)))
            if score >= DUPLICATE_THRESHOLD and (best is None or score > best[0]):
                best = (score, doc_id)
        if best is None:
            return None
        score, match = best
        d = t.documents.c
        root_id = conn.execute(
            sa.select(sa.func.coalesce(d.duplicate_of, d.id)).where(d.id == match)
        ).scalar_one()
        root = conn.execute(
            sa.select(d.id, d.key, d.published, d.sha256).where(d.id == root_id)
        ).one()
        mine = (utc(document.published) or _EPOCH, document.sha256)
        theirs = (utc(root.published) or _EPOCH, root.sha256)
        if mine < theirs:
            # The newcomer is older than the group's origin: it becomes the origin.
            conn.execute(
                t.documents.update()
                .where(sa.or_(d.id == root.id, d.duplicate_of == root.id))
                .values(duplicate_of=pk)
            )
            conn.execute(t.documents.update().where(d.id == root.id).values(similarity=score))
            return None
        conn.execute(
            t.documents.update().where(d.id == pk).values(duplicate_of=root.id, similarity=score)
        )
        return root.key, score

    # -- reading ----------------------------------------------------------------------------

    @_guarded("read documents")
    def documents(self) -> Iterator[Document]:
        """Every stored document, in the order stored."""
        with self.engine.connect() as conn:
            for row in conn.execute(sa.select(t.documents).order_by(t.documents.c.id)).mappings():
                yield row_document(row)

    @_guarded("read a document")
    def document(self, key: str) -> Document | None:
        with self.engine.connect() as conn:
            row = (
                conn.execute(sa.select(t.documents).where(t.documents.c.key == key))
                .mappings()
                .first()
            )
        return row_document(row) if row else None

    @_guarded("read claims")
    def claims_of(self, key: str) -> tuple[Claim, ...]:
        """The claims of the document ``key``, in document order."""
        with self.engine.connect() as conn:
            doc = (
                conn.execute(sa.select(t.documents).where(t.documents.c.key == key))
                .mappings()
                .first()
            )
            if doc is None:
                return ()
            rows = conn.execute(
                sa.select(t.claims)
                .where(t.claims.c.document_id == doc["id"])
                .order_by(t.claims.c.position)
            ).mappings()
            return tuple(row_claim(r, text=doc["text"], document_key=key) for r in rows)

    @_guarded("read claims")
    def iter_claims(self) -> Iterator[tuple[Claim, int | None, str | None]]:
        """Every claim in the ledger, document by document in the order stored, with the id of
        its story and its relation to it (``None, None`` when it is in no story). Streams: one
        document's text is held at a time."""
        c, d, sc = t.claims.c, t.documents.c, t.story_claims.c
        query = (
            sa.select(t.claims, sc.story_id, sc.relation, d.key.label("doc_key"))
            .join(t.documents, d.id == c.document_id)
            .outerjoin(t.story_claims, sc.claim_id == c.id)
            .order_by(c.document_id, c.position)
        )
        with self.engine.connect() as conn:
            rows = conn.execution_options(yield_per=1000).execute(query).mappings()
            for row, text in _with_texts(conn, rows):
                claim = row_claim(row, text=text, document_key=row["doc_key"])
                yield claim, row["story_id"], row["relation"]

    @_guarded("read claims")
    def reported_claims(self, *, only_stories: bool = True) -> list[StoryClaim]:
        """Claims with where and when they were made, for corroboration.

        With ``only_stories`` (the default) only claims that can belong to a story are read:
        those with an event, and denials. ``relation`` is a placeholder ("supports") that
        corroboration sets.
        """
        c = t.claims.c
        query = derived.member_query(with_text=False).order_by(c.document_id, c.position)
        if only_stories:
            query = query.where(sa.or_(c.event_type.is_not(None), c.stance == "deny"))
        out: list[StoryClaim] = []
        with self.engine.connect() as conn:
            rows = conn.execution_options(yield_per=1000).execute(query).mappings()
            out.extend(derived.member(row, text=text) for row, text in _with_texts(conn, rows))
        return out

    # -- stories and grades -----------------------------------------------------------------

    @_guarded("read a saved text")
    def text(self, name: str) -> str | None:
        """A text the ledger keeps under ``name`` (e.g. a watch's last state), or ``None``."""
        c = t.ledger_texts.c
        with self.engine.connect() as conn:
            return conn.execute(sa.select(c.value).where(c.name == name)).scalar()

    @_guarded("save a text")
    def set_text(self, name: str, value: str) -> None:
        """Keep ``value`` under ``name`` (replacing any), in one transaction."""
        with self.engine.begin() as conn:
            conn.execute(t.ledger_texts.delete().where(t.ledger_texts.c.name == name))
            conn.execute(t.ledger_texts.insert().values(name=name, value=value))

    @_guarded("read the saved registry")
    def saved_registry(self) -> tuple[str, str] | None:
        """The (origin, YAML text) of the user's registry the grades were last built with."""
        with self.engine.connect() as conn:
            return derived.saved_registry(conn)

    @_guarded("read claimants")
    def claimants(self) -> list[tuple[Claimant, int]]:
        """Every claimant with its number of claims."""
        with self.engine.connect() as conn:
            return derived.claimants(conn)

    def replace_corroboration(
        self,
        stories: Sequence[Story],
        sources: Sequence[SourceGrade],
        *,
        version: int,
        registry: tuple[str, str] | None = None,
    ) -> tuple[Story, ...]:
        """Swap in rebuilt stories and grades, in one transaction; returns stories with ids.
        ``version`` is the claims version they were built from; ``registry`` the (origin, YAML
        text) of the user's registry they were graded with, kept for later rebuilds."""
        try:
            with self.engine.begin() as conn:
                return derived.replace_corroboration(
                    conn, stories, sources, version=version, registry=registry
                )
        except SQLAlchemyError as exc:
            raise self._fail("store stories", exc) from exc

    @_guarded("read stories")
    def stories(self, *, limit: int | None = 50, offset: int = 0) -> tuple[Story, ...]:
        """Story summaries (claims not loaded), newest activity first."""
        with self.engine.connect() as conn:
            return derived.read_stories(conn, limit=limit, offset=offset)

    @_guarded("read a story")
    def story(self, story_id: int) -> Story | None:
        """One story with all its claims, or ``None``."""
        with self.engine.connect() as conn:
            return derived.read_story(conn, story_id)

    @_guarded("find the story of a document")
    def story_of_document(self, key: str) -> int | None:
        """The id of the story holding most of the claims of document ``key``, or ``None``."""
        c, d, sc = t.claims.c, t.documents.c, t.story_claims.c
        query = (
            sa.select(sc.story_id)
            .join(t.claims, c.id == sc.claim_id)
            .join(t.documents, d.id == c.document_id)
            .where(d.key == key)
            .group_by(sc.story_id)
            .order_by(sa.func.count().desc(), sc.story_id)
            .limit(1)
        )
        with self.engine.connect() as conn:
            return conn.execute(query).scalar()

    @_guarded("read the stories of claims")
    def story_ids(self) -> dict[str, int]:
        """The id of the story of every claim in one (``Claim.id`` to story id): one narrow
        query, where ``iter_claims`` decodes every claim."""
        c, sc = t.claims.c, t.story_claims.c
        query = sa.select(c.key, sc.story_id).join(t.story_claims, sc.claim_id == c.id)
        with self.engine.connect() as conn:
            return {str(key): int(story) for key, story in conn.execute(query)}

    @_guarded("read sources")
    def sources(self) -> tuple[SourceGrade, ...]:
        """Every claimant's reliability grade and track record."""
        with self.engine.connect() as conn:
            return derived.read_sources(conn)

    # -- runs -------------------------------------------------------------------------------

    @_guarded("record an ingest run")
    def begin_run(self, extractor: str) -> int:
        with self.engine.begin() as conn:
            return int(
                conn.execute(
                    t.ingest_runs.insert()
                    .values(started=dt.datetime.now(dt.UTC), extractor=extractor)
                    .returning(t.ingest_runs.c.id)
                ).scalar_one()
            )

    @_guarded("record an ingest run")
    def finish_run(self, run: int, **counts: int) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                t.ingest_runs.update()
                .where(t.ingest_runs.c.id == run)
                .values(finished=dt.datetime.now(dt.UTC), **counts)
            )

    # -- search, views, tokens and analysts' grades (ledger/search.py, ledger/access.py) ------

    @_guarded("search claims")
    def search_claims(
        self,
        *,
        text: str | None = None,
        actor: str | None = None,
        country: str | None = None,
        event_type: str | None = None,
        stance: str | None = None,
        since: dt.date | dt.datetime | None = None,
        until: dt.date | dt.datetime | None = None,
        outlet: str | None = None,
        story: int | None = None,
        document: str | None = None,
        limit: int = 50,
        offset: int = 0,
        order: search.Order | None = None,
    ) -> Page[ClaimHit]:
        """Claims matching every filter given, a page at a time.

        ``text`` is searched in the claim's sentence, source, cue and content and the
        claimant's name (words and ``"phrases"`` must all occur; ``word*`` is a prefix; nothing
        typed is ever query syntax). ``actor`` is a normalised name as the claimant or the
        event's actor or target; ``country`` a code (``RUS``, ``NATO``) as the claimant's
        country or the event's actor or target; ``event_type`` a PLOVER type; ``stance`` one
        of assert, confirm, allege, deny; ``since``/``until`` bound the publication time (a
        date includes its whole day; a datetime must be aware); ``outlet``, ``story`` (id) and
        ``document`` (key) select one. Newest article first (``order="relevance"`` is the
        default with ``text``); ``limit`` 1–500. Bad values raise :class:`LedgerError`.
        """
        with self.engine.connect() as conn:
            return search.search_claims(
                conn,
                text=text,
                actor=actor,
                country=country,
                event_type=event_type,
                stance=stance,
                since=since,
                until=until,
                outlet=outlet,
                story=story,
                document=document,
                limit=limit,
                offset=offset,
                order=order,
            )

    @_guarded("list documents")
    def recent_documents(
        self, *, limit: int = 50, offset: int = 0, outlet: str | None = None
    ) -> Page[DocumentSummary]:
        """Documents, newest published first (undated last), optionally of one ``outlet``."""
        with self.engine.connect() as conn:
            return search.recent_documents(conn, limit=limit, offset=offset, outlet=outlet)

    @_guarded("read a document")
    def document_view(self, key: str) -> DocumentView | None:
        """The document ``key`` with its text and every claim in context, or ``None``."""
        with self.engine.connect() as conn:
            return search.document_view(conn, key)

    @_guarded("read a claim")
    def claim(self, claim_id: str) -> ClaimView | None:
        """The claim ``claim_id`` (as ``Claim.id`` gives it) in context, or ``None``."""
        with self.engine.connect() as conn:
            return search.claim_view(conn, claim_id)

    @_guarded("create a token")
    def create_token(self, name: str) -> str:
        """A new API token named ``name``; only its hash is stored, so this is the one time the
        token can be read. Raises :class:`LedgerError` for a bad or taken name."""
        with self.engine.begin() as conn:
            return access.create_token(conn, name, now=dt.datetime.now(dt.UTC))

    @_guarded("check a token")
    def verify_token(self, token: str) -> TokenInfo | None:
        """The info of ``token`` if it is a live token of this ledger, else ``None``."""
        with self.engine.begin() as conn:
            return access.verify_token(conn, token, now=dt.datetime.now(dt.UTC))

    @_guarded("list tokens")
    def tokens(self) -> tuple[TokenInfo, ...]:
        """Every API token (revoked ones too), oldest first; never the tokens themselves."""
        with self.engine.connect() as conn:
            return access.list_tokens(conn)

    @_guarded("revoke a token")
    def revoke_token(self, name: str) -> TokenInfo:
        """Revoke the token ``name``; raises :class:`LedgerError` if there is none."""
        with self.engine.begin() as conn:
            return access.revoke_token(conn, name, now=dt.datetime.now(dt.UTC))

    @_guarded("look for tokens")
    def has_tokens(self) -> bool:
        """Whether any live (not revoked) API token exists."""
        with self.engine.connect() as conn:
            return access.has_tokens(conn)

    @_guarded("grade a source")
    def set_source_reliability(
        self, source: str, reliability: str, *, reason: str, by: str
    ) -> SourceEdit:
        """Record an analyst's reliability grade (A–F) of ``source`` (a claimant key), with the
        reason and who set it. It overrides the registry from the next rebuild on: the stories
        are marked stale in the same transaction. Raises :class:`LedgerError` for an unknown
        source, a bad letter, or an empty reason or author."""
        with self.engine.begin() as conn:
            edit = access.add_grade_edit(
                conn, source, reliability, reason=reason, by=by, now=dt.datetime.now(dt.UTC)
            )
            self._bump(conn)
            return edit

    @_guarded("read a source's grades")
    def source_history(self, source: str) -> tuple[SourceEdit, ...]:
        """Every analyst's grade of ``source``, newest (the one in force) first."""
        with self.engine.connect() as conn:
            return access.source_history(conn, source)

    @_guarded("read analysts' grades")
    def grade_edits(self) -> dict[str, SourceEdit]:
        """The analyst's grade in force for every source that has one, by claimant key."""
        with self.engine.connect() as conn:
            return access.grade_edits(conn)
