"""Shared fixtures. The spaCy pipeline loads once per test session."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SEED = EXAMPLES / "seed-article.txt"
SEED_PUBLISHED = dt.datetime(2024, 10, 22, tzinfo=dt.UTC)


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    from watchfloor.extraction.pipeline import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_extraction():  # type: ignore[no-untyped-def]
    import watchfloor

    return watchfloor.extract(
        SEED.read_text(encoding="utf-8"), published=SEED_PUBLISHED, document_id="seed-article"
    )


# -- ledgers: every ledger test runs on a real SQLite file and a real PostgreSQL server -------

CORPUS = EXAMPLES / "corpus" / "korea-russia.jsonl"
BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def postgres():  # type: ignore[no-untyped-def]
    """A throw-away PostgreSQL server on 127.0.0.1 for the whole session (see tests/postgres.py),
    or the server named by WATCHFLOOR_TEST_POSTGRES_URL. The tests fail (not skip) when neither
    is available: set WATCHFLOOR_SKIP_POSTGRES=1 to skip them knowingly."""
    import os

    from tests.postgres import start_postgres

    if os.environ.get("WATCHFLOOR_SKIP_POSTGRES") == "1":
        pytest.skip("WATCHFLOOR_SKIP_POSTGRES=1: PostgreSQL tests skipped on purpose")
    if os.environ.get("WATCHFLOOR_TEST_POSTGRES_URL"):
        yield _ExternalPostgres(os.environ["WATCHFLOOR_TEST_POSTGRES_URL"])
        return
    server = start_postgres()
    try:
        yield server
    finally:
        server.stop()


class _ExternalPostgres:
    def __init__(self, url: str) -> None:
        self.base = url

    def create_database(self, name: str) -> str:
        import sqlalchemy as sa

        engine = sa.create_engine(self.base, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        return str(sa.engine.make_url(self.base).set(database=name).render_as_string(False))


_databases = iter(range(1, 1_000_000))


@pytest.fixture(params=BACKENDS)
def ledger_url(request, tmp_path):  # type: ignore[no-untyped-def]
    """The URL of a new, empty ledger database: a SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ledger.db'}"
    server = request.getfixturevalue("postgres")
    return server.create_database(f"wf_test_{next(_databases)}")


@pytest.fixture(scope="session")
def corpus_extractions():  # type: ignore[no-untyped-def]
    """The extractions of the bundled example corpus and the founding example, made once."""
    from watchfloor.extraction.engine import extract_documents
    from watchfloor.ingest.files import iter_documents

    documents = list(iter_documents([str(CORPUS), str(SEED)], published=SEED_PUBLISHED))
    return tuple(extract_documents(documents))
