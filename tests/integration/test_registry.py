"""The source registry: malformed files are one clear error; the ledger keeps the registry it was
graded with, so a later run without ``--registry`` does not silently drop the user's grades."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import EXAMPLES
from watchfloor.corroborate import load_registry, needs_rebuild, rebuild
from watchfloor.errors import CorroborateError
from watchfloor.ledger import open_ledger

ENGINE = "extract.test"


def _grade(ledger, name: str) -> str:  # type: ignore[no-untyped-def]
    return next(g.reliability.value for g in ledger.sources() if g.claimant.name == name)


def test_the_ledger_keeps_the_registry_it_was_graded_with(
    ledger_url: str, corpus_extractions, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    first, rest = corpus_extractions[:2], corpus_extractions[2:]
    with open_ledger(ledger_url) as ledger:
        for extraction in first:
            ledger.store(extraction, extractor=ENGINE)
        rebuild(ledger, registry=load_registry(EXAMPLES / "sources.yaml"))
        assert _grade(ledger, "National Intelligence Service") == "B"
        # more articles, no registry given: the saved one grades them
        for extraction in rest:
            ledger.store(extraction, extractor=ENGINE)
        rebuild(ledger)
        assert _grade(ledger, "National Intelligence Service") == "B"
        assert not needs_rebuild(ledger, load_registry(EXAMPLES / "sources.yaml"))
        # another registry regrades, and is kept in turn
        other = tmp_path / "mine.yaml"
        other.write_text(
            "sources:\n  - name: National Intelligence Service\n    country: KOR\n"
            "    reliability: C\n    note: our desk's view\n",
            encoding="utf-8",
        )
        mine = load_registry(other)
        assert needs_rebuild(ledger, mine)
        rebuild(ledger, registry=mine)
        rebuild(ledger)
        grade = next(
            g for g in ledger.sources() if g.claimant.name == "National Intelligence Service"
        )
        assert grade.reliability.value == "C"
        assert grade.reliability.reasons[0] == "registry mine.yaml grades it C: our desk's view"
        assert _grade(ledger, "Department of Defense") == "F"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("sources: [", "line 1: not valid YAML"),
        ("- just a list", "expected a mapping with 'sources'"),
        ("sources: {name: x}", "'sources' must be a list"),
        ("sources:\n  - country: KOR\n    reliability: B\n", "entry 1 needs a name"),
        ("sources:\n  - name: X\n    reliability: G\n", "reliability 'G' is not a grade"),
    ],
)
def test_a_malformed_registry_is_one_clear_error(text: str, message: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CorroborateError, match=message) as caught:
        load_registry(path)
    assert str(path) in str(caught.value)


def test_a_missing_registry_names_the_path(tmp_path: Path) -> None:
    with pytest.raises(CorroborateError, match="does not exist"):
        load_registry(tmp_path / "nope.yaml")
