"""The public API: exactly what __all__ says, and importing it stays light."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import watchfloor
from watchfloor.records import Extraction


def test_all_lists_exactly_the_public_names() -> None:
    public = {n for n in dir(watchfloor) if not n.startswith("_")} - {"annotations"}
    submodules = {"records", "errors", "config", "ingest", "extraction", "export", "cli"}
    assert set(watchfloor.__all__) == public - submodules
    for name in watchfloor.__all__:
        assert getattr(watchfloor, name) is not None


def test_import_does_not_load_spacy() -> None:
    code = "import sys, watchfloor; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_extract_returns_frozen_records() -> None:
    result = watchfloor.extract(
        "Officials in Seoul said the drills would go ahead.", published=dt.date(2024, 10, 22)
    )
    assert isinstance(result, Extraction)
    assert result.document.published == dt.datetime(2024, 10, 22, tzinfo=dt.UTC)
    (claim,) = result.claims
    assert claim.cue.lemma == "say"
    assert claim.source is not None and claim.source.actor.country == "KOR"
    assert claim.content.text == "the drills would go ahead"
