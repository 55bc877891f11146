"""Places inside states (gazetteer ``places.yaml``): loading, lookup, user files, errors, and
their use by ``DocumentActors.state_of`` and the events stage.

The sentences are written for these tests; "Placeholder Bay" is an invented place.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from spacy.tokens import Doc, Span

import watchfloor
from watchfloor.errors import GazetteerError
from watchfloor.extraction.actors import DocumentActors
from watchfloor.extraction.gazetteer import Gazetteer
from watchfloor.records import Event


@pytest.fixture(scope="module")
def gz() -> Gazetteer:
    return Gazetteer.load(env=False)


def _span(doc: Doc, mention: str) -> Span:
    start = doc.text.index(mention)
    span = doc.char_span(start, start + len(mention))
    assert span is not None
    return span


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Kursk", "RUS"),
        ("the Kursk region", "RUS"),
        ("Kursk Oblast", "RUS"),
        ("St. Petersburg", "RUS"),
        ("Rostov-on-Don", "RUS"),
        ("Donbass", "UKR"),
        ("the port of Chongjin", "PRK"),
        ("Busan", "KOR"),
        ("sumy", None),  # a capitalised name needs a capital
        ("Seoul", None),  # a capital is a metonym of states.tsv, not a place
        ("the Far East", None),  # left out: East Asia as often as Russia's
    ],
)
def test_place_lookup(gz: Gazetteer, text: str, code: str | None) -> None:
    assert gz.places.lookup(text) == code


def test_every_place_is_in_a_known_state_and_names_no_actor(gz: Gazetteer) -> None:
    states = {e.actor.country for e in gz.entries if e.category == "state"}
    assert len(gz.places) >= 40
    for key, (_, code) in gz.places.index.items():
        assert code in states, key
        assert key not in gz.index, key


def test_state_of_falls_back_to_places_but_a_place_is_no_actor(nlp: Any, gz: Gazetteer) -> None:
    doc = nlp("Officials in Rostov-on-Don said units had moved to the Kursk region and to Seoul.")
    actors = DocumentActors(doc, gz, year=2024)
    region = _span(doc, "the Kursk region")
    assert actors.state_of(region) == "RUS"
    assert actors.resolve(region).kind == "unknown"  # never a source
    assert actors.state_of(_span(doc, "Rostov-on-Don")) == "RUS"
    assert actors.state_of(_span(doc, "Seoul")) == "KOR"  # actors first, as before


def test_the_engine_reads_a_region_as_its_state(nlp: Any) -> None:
    text = (
        "The alliance's chief said on Monday that North Korean units had been deployed to the "
        "Kursk region."
    )
    extraction = watchfloor.extract(
        text, published=dt.datetime(2024, 10, 28, tzinfo=dt.UTC), document_id="places-test"
    )
    events = [c.event for c in extraction.claims if c.event is not None]
    assert Event(type="AID", mode="military", actor="PRK", target="RUS") in events


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_user_places_extend_the_bundled_ones(tmp_path: Path) -> None:
    _write(tmp_path / "places-extra.yaml", "- {name: Placeholder Bay, country: KOR}\n")
    _write(
        tmp_path / "mine.yaml",
        "places:\n  - {name: Kursk, country: RUS, aliases: [Koursk]}\n",
    )
    gz = Gazetteer.load([tmp_path], env=False)
    assert gz.places.lookup("Placeholder Bay") == "KOR"
    assert gz.places.lookup("Koursk") == "RUS"
    assert gz.places.lookup("Crimea") == "UKR"  # the bundled places stay


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- {name: Placeholder Bay, country: XXX}\n", "unknown state 'XXX'"),
        ("- {name: Placeholder Bay, country: Korea}\n", "three capital letters"),
        ("- {name: Placeholder Bay}\n", "a place needs 'country'"),
        ("- {name: Placeholder Bay, country: KOR, kind: bay}\n", "unknown field 'kind'"),
        ("- {name: Seoul, country: KOR}\n", "'Seoul' already names an actor"),
        (
            "- {name: Placeholder Bay, country: KOR}\n- {name: Placeholder Bay, country: JPN}\n",
            "is also a place in KOR",
        ),
    ],
)
def test_a_bad_places_file_is_a_sentence(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path / "places-bad.yaml", text)
    with pytest.raises(GazetteerError, match=re.escape(message)) as info:
        Gazetteer.load([path], env=False)
    assert str(path) in str(info.value)
