"""The ledger on a real SQLite file and a real PostgreSQL server: schema, round trips,
idempotence, re-extraction, near-duplicates, atomicity and bad database URLs."""

from __future__ import annotations

import dataclasses

import pytest
import sqlalchemy as sa

from watchfloor.errors import LedgerError
from watchfloor.ledger import open_ledger
from watchfloor.ledger import schema as t
from watchfloor.ledger.database import HEAD_REVISION, MIGRATIONS
from watchfloor.records import Extraction

ENGINE = "extract.test"


def _by_id(extractions: tuple[Extraction, ...], key: str) -> Extraction:
    return next(e for e in extractions if e.document.id == key)


def test_migrations_create_exactly_the_schema(ledger_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with open_ledger(ledger_url) as ledger, ledger.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": t.include_name})
        diff = compare_metadata(context, t.metadata)
        version = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    assert diff == []
    assert version == HEAD_REVISION
    revisions = sorted(p.stem.split("_")[0] for p in (MIGRATIONS / "versions").glob("0*.py"))
    assert revisions[-1] == HEAD_REVISION


def test_sqlite_ledger_runs_in_wal_mode_with_foreign_keys(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with open_ledger(f"sqlite:///{tmp_path / 'w.db'}") as ledger, ledger.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_claims_round_trip_with_their_spans(ledger_url: str, corpus_extractions) -> None:  # type: ignore[no-untyped-def]
    with open_ledger(ledger_url) as ledger:
        for extraction in corpus_extractions:
            stored = ledger.store(extraction, extractor=ENGINE)
            assert stored.status == "new"
            assert stored.claims == len(extraction.claims)
        for extraction in corpus_extractions:
            document = ledger.document(extraction.document.id)
            assert document == extraction.document
            claims = ledger.claims_of(extraction.document.id)
            assert claims == extraction.claims
            for claim in claims:
                for span in (claim.sentence, claim.cue.span, claim.content):
                    for start, end in span.ranges:
                        assert document.text[start:end] in span.text
        assert ledger.counts()["claims"] == sum(len(e.claims) for e in corpus_extractions)


def test_storing_the_same_text_twice_changes_nothing(ledger_url: str, corpus_extractions) -> None:  # type: ignore[no-untyped-def]
    extraction = corpus_extractions[0]
    with open_ledger(ledger_url) as ledger:
        ledger.store(extraction, extractor=ENGINE)
        before = (ledger.counts(), ledger.claims_version())
        again = ledger.store(extraction, extractor=ENGINE)
        # the same text under another name is still the same document
        renamed = dataclasses.replace(
            extraction, document=dataclasses.replace(extraction.document, id="another-name")
        )
        third = ledger.store(renamed, extractor=ENGINE)
        assert (again.status, third.status) == ("seen", "seen")
        assert (ledger.counts(), ledger.claims_version()) == before


def test_a_newer_extractor_replaces_the_claims_of_a_document(
    ledger_url: str, corpus_extractions
) -> None:  # type: ignore[no-untyped-def]
    old = corpus_extractions[1]
    newer = dataclasses.replace(old, claims=old.claims[:1])
    with open_ledger(ledger_url) as ledger:
        ledger.store(old, extractor="extract.v1")
        stored = ledger.store(newer, extractor="extract.v2")
        assert stored.status == "replaced"
        assert ledger.claims_of(old.document.id) == newer.claims
        assert ledger.extractor_of(old.document.sha256) == "extract.v2"
        assert ledger.counts()["documents"] == 1


def test_a_failed_replacement_keeps_the_old_claims(
    ledger_url: str, corpus_extractions, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from watchfloor.ledger.store import Ledger

    old = corpus_extractions[1]
    with open_ledger(ledger_url) as ledger:
        ledger.store(old, extractor="extract.v1")

        def broken(*_args: object) -> None:
            raise sa.exc.OperationalError("INSERT", {}, Exception("disk full"))

        monkeypatch.setattr(Ledger, "_insert_claims", broken)
        with pytest.raises(LedgerError, match="disk full"):
            ledger.store(old, extractor="extract.v2")
        monkeypatch.undo()
        assert ledger.claims_of(old.document.id) == old.claims
        assert ledger.extractor_of(old.document.sha256) == "extract.v1"


def test_a_syndicated_copy_is_linked_to_its_original_in_either_order(
    ledger_url: str, corpus_extractions
) -> None:  # type: ignore[no-untyped-def]
    original = _by_id(corpus_extractions, "seoul-ledger-2024-10-18-nis")
    copy = _by_id(corpus_extractions, "wire-2024-10-19-nis-copy")
    other = _by_id(corpus_extractions, "herald-2024-10-21-zelensky")
    with open_ledger(ledger_url) as ledger:
        ledger.store(copy, extractor=ENGINE)
        ledger.store(other, extractor=ENGINE)
        ledger.store(original, extractor=ENGINE)
        with ledger.engine.connect() as conn:
            d = t.documents.c
            rows = dict(
                conn.execute(
                    sa.select(d.key, sa.func.coalesce(d.duplicate_of, d.id)).order_by(d.id)
                ).all()
            )
            keys = dict(conn.execute(sa.select(d.id, d.key)).all())
        origin = {key: keys[root] for key, root in rows.items()}
    # the copy arrived first, yet the earlier-published original becomes the origin
    assert origin[copy.document.id] == original.document.id
    assert origin[original.document.id] == original.document.id
    assert origin[other.document.id] == other.document.id


def test_a_clashing_document_name_gets_a_suffix_not_an_overwrite(
    ledger_url: str, corpus_extractions
) -> None:  # type: ignore[no-untyped-def]
    a, b = corpus_extractions[0], corpus_extractions[3]
    b_same_name = dataclasses.replace(b, document=dataclasses.replace(b.document, id=a.document.id))
    with open_ledger(ledger_url) as ledger:
        ledger.store(a, extractor=ENGINE)
        stored = ledger.store(b_same_name, extractor=ENGINE)
        assert stored.document_id == f"{a.document.id}~{b.document.sha256[:8]}"
        assert ledger.document(a.document.id) == a.document


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("nonsense", "cannot be parsed"),
        ("mysql://u@localhost/x", "'mysql' is not supported"),
        ("sqlite://", "names no file"),
        ("sqlite:////no/such/folder/x.db", "folder /no/such/folder does not exist"),
        ("postgresql+psycopg://u:secret@127.0.0.1:9/db", "cannot open ledger"),
    ],
)
def test_a_database_that_cannot_be_opened_is_one_clear_error(url: str, message: str) -> None:
    with pytest.raises(LedgerError, match=message) as caught:
        open_ledger(url)
    text = str(caught.value)
    assert "\n" not in text
    assert "secret" not in text


def test_the_fast_listing_matches_the_ledger(tmp_path, corpus_extractions) -> None:  # type: ignore[no-untyped-def]
    from watchfloor.corroborate import rebuild
    from watchfloor.ledger.quick import quick_stories

    url = f"sqlite:///{tmp_path / 'quick.db'}"
    with open_ledger(url) as ledger:
        for extraction in corpus_extractions[:4]:
            ledger.store(extraction, extractor=ENGINE)
        assert quick_stories(url) is None  # stale: the caller must rebuild first
        rebuild(ledger)
        assert quick_stories(url) == ledger.stories()
        assert quick_stories(url, limit=2) == ledger.stories(limit=2)
        ledger.store(corpus_extractions[5], extractor=ENGINE)
        assert quick_stories(url) is None
    assert quick_stories(f"sqlite:///{tmp_path / 'missing.db'}") is None
    assert quick_stories("postgresql+psycopg://u@127.0.0.1/x") is None


def test_listing_stories_does_not_import_sqlalchemy(tmp_path, corpus_extractions) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    from watchfloor.corroborate import rebuild

    url = f"sqlite:///{tmp_path / 'light.db'}"
    with open_ledger(url) as ledger:
        for extraction in corpus_extractions:
            ledger.store(extraction, extractor=ENGINE)
        rebuild(ledger)
    code = (
        "import sys\n"
        "from watchfloor.cli import main\n"
        f"sys.argv = ['watchfloor', 'stories', '--db', {url!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('sqlalchemy' in sys.modules, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "PRK AID military → RUS" in done.stdout
    assert done.stderr.strip().endswith("False")


def test_a_broken_extraction_is_an_error_not_a_silent_seen(
    ledger_url: str, corpus_extractions
) -> None:  # type: ignore[no-untyped-def]
    extraction = corpus_extractions[1]
    twice = dataclasses.replace(extraction, claims=extraction.claims[:1] * 2)  # duplicate claim id
    with open_ledger(ledger_url) as ledger:
        with pytest.raises(LedgerError, match="could not store document"):
            ledger.store(twice, extractor=ENGINE)
        assert ledger.counts()["documents"] == 0  # nothing stored half-way
        assert ledger.store(extraction, extractor=ENGINE).status == "new"
