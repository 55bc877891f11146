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
