"""Golden event cases (see README.md in this folder)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from tests.stand_ins import state_of
from watchfloor.extraction.events import extract_event
from watchfloor.records import Event, Quantity, When

CASES = [
    json.loads(line)
    for line in Path(__file__).with_name("events.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip()
]


def _expected(want: dict[str, Any] | None) -> Event | None:
    if want is None:
        return None
    quantity = want.get("quantity")
    when = want.get("when")
    return Event(
        type=want["type"],
        mode=want.get("mode"),
        actor=want.get("actor"),
        target=want.get("target"),
        quantity=Quantity(**quantity) if quantity else None,
        when=When(date=dt.date.fromisoformat(when["date"]), precision=when["precision"])
        if when
        else None,
        modality=want.get("modality", "actual"),
    )


def _params() -> list[Any]:
    out = []
    for case in CASES:
        marks = []
        if case.get("known_failure"):
            marks.append(pytest.mark.xfail(reason=case["known_failure"], strict=True))
        out.append(pytest.param(case, id=case["label"], marks=marks))
    return out


@pytest.mark.parametrize("case", _params())
def test_golden_events(nlp: Any, case: dict[str, Any]) -> None:
    given = case["input"]
    text, content = given["text"], given["content"]
    doc = nlp(text)
    start = text.index(content)
    cue = next(t for t in doc if t.text == given["cue"])
    published = given.get("published")
    event = extract_event(
        doc,
        content_ranges=((start, start + len(content)),),
        content_head=None,
        cue_head=cue.i,
        cue_lemma=cue.lemma_,
        source_country=given.get("source_country"),
        state_of=state_of,
        published=dt.date.fromisoformat(published) if published else None,
    )
    assert event == _expected(case["expected"])
