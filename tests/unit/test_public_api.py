"""The public API: exactly what __all__ says, and importing it stays light."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import watchfloor
from watchfloor.records import Extraction


def test_all_lists_exactly_the_public_names() -> None:
    public = {n for n in dir(watchfloor) if not n.startswith("_")} - {"annotations"}
    submodules = {
        "records",
        "errors",
        "config",
        "ingest",
        "extraction",
        "export",
        "cli",
        "ledger",
        "corroborate",
        "run",
        "assess",
        "overflight",  # imported by tests/overflight, then an attribute of the package
        "web",  # likewise, once tests/web has imported it
    }
    assert set(watchfloor.__all__) == public - submodules
    for name in watchfloor.__all__:
        assert getattr(watchfloor, name) is not None


def test_import_does_not_load_spacy_or_sqlalchemy() -> None:
    code = "import sys, watchfloor; print('spacy' in sys.modules, 'sqlalchemy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"


def test_ingest_and_read_stories_through_the_public_api(tmp_path) -> None:  # type: ignore[no-untyped-def]
    article = tmp_path / "a.txt"
    article.write_text(
        "Seoul's spy agency confirmed on Friday that North Korea had sent 1,500 troops to "
        "Russia.\nMoscow denied the reports.\n",
        encoding="utf-8",
    )
    with watchfloor.open_ledger(f"sqlite:///{tmp_path / 'w.db'}") as ledger:
        report = watchfloor.ingest_into(ledger, [str(article)], published="2024-10-18", fetch=False)
        assert (report.new, report.failed, report.stories) == (1, 0, 1)
        (story,) = ledger.stories()
        assert isinstance(story, watchfloor.Story)
        assert story.title == "PRK AID military → RUS, October 2024"
        assert story.credibility.value == "3"
        full = ledger.story(story.id)
        assert full is not None
        assert [m.relation for m in full.claims] == ["supports", "denies"]


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
