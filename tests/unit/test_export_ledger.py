"""Exports of the ledger (JSONL, CSV, STIX 2.1) on a small ledger built by hand: claims written
directly, no spaCy, so that every field, including hostile text, is known exactly."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import stix2

from watchfloor.corroborate import rebuild
from watchfloor.errors import ConfigError
from watchfloor.export.ledger_json import write_jsonl
from watchfloor.export.stix import stix_bundle, write_stix
from watchfloor.export.tables import (
    CLAIM_COLUMNS,
    STORY_COLUMNS,
    figure_text,
    quantity_text,
    safe_cell,
    when_text,
    write_csv,
)
from watchfloor.ingest.files import make_document
from watchfloor.ledger import Ledger, open_ledger
from watchfloor.records import (
    Actor,
    Claim,
    Cue,
    Document,
    Event,
    Extraction,
    Figure,
    Quantity,
    Source,
    Span,
    When,
)

# -- pure functions -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('=HYPERLINK("http://evil.example")', '\'=HYPERLINK("http://evil.example")'),
        ("+1 555 0100", "'+1 555 0100"),
        ("-12 degrees", "'-12 degrees"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("North Korea sent 1,500 troops", "North Korea sent 1,500 troops"),
        ("a = b", "a = b"),
        ("", ""),
    ],
)
def test_safe_cell_defuses_formulas_only(text: str, expected: str) -> None:
    assert safe_cell(text) == expected


@pytest.mark.parametrize(
    ("quantity", "expected"),
    [
        (Quantity(value=1500, unit="special operation forces"), "1,500 special operation forces"),
        (Quantity(max=12000, unit="troops"), "up to 12,000 troops"),
        (Quantity(value=10000, max=12000, unit="troops"), "10,000 to 12,000 troops"),
        (Quantity(value=2.5), "2.5"),
        (Quantity(unit="troops"), "an unstated number of troops"),
    ],
)
def test_quantity_text(quantity: Quantity, expected: str) -> None:
    assert quantity_text(quantity) == expected


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        (When(date=dt.date(2024, 10, 21)), "2024-10-21"),
        (When(date=dt.date(2024, 10, 1), precision="month"), "2024-10"),
        (When(date=dt.date(2024, 1, 1), precision="year"), "2024"),
        (None, None),
    ],
)
def test_when_text_keeps_the_precision(when: When | None, expected: str | None) -> None:
    assert when_text(when) == expected


def test_figure_text_names_stance_and_a_modality_other_than_actual() -> None:
    planned = Figure(
        claimant="Volodymyr Zelensky",
        stance="allege",
        quantity=Quantity(value=10000, unit="soldiers"),
        said=dt.date(2024, 10, 21),
        modality="planned",
        claim_id="x-1",
    )
    assert (
        figure_text(planned) == "Volodymyr Zelensky: 10,000 soldiers (2024-10-21, allege, planned)"
    )


# -- a ledger built by hand -----------------------------------------------------------------

PUBLISHED = dt.datetime(2024, 10, 18, 9, 0, tzinfo=dt.UTC)
RETRIEVED = dt.datetime(2024, 10, 20, 12, 30, tzinfo=dt.UTC)
NIS = Actor(
    name="National Intelligence Service", kind="organisation", country="KOR", role="intelligence"
)
MINISTRY = Actor(name="Ministry of Foreign Affairs of Russia", kind="organisation", country="RUS")
HOSTILE = Actor(name="+Plus Agency", kind="media", country="USA", role="media")
AID = Event(
    type="AID",
    mode="military",
    actor="PRK",
    target="RUS",
    quantity=Quantity(value=1500, unit="special operation forces"),
    when=When(date=dt.date(2024, 10, 1), precision="month"),
)

SENTENCE_NIS = (
    "South Korea's National Intelligence Service confirmed that North Korea had sent 1,500 "
    "special operation forces to Russia."
)
SENTENCE_POST = 'A post said =HYPERLINK("http://evil.example","x") was the source.'
TEXT_A = f"{SENTENCE_NIS} {SENTENCE_POST}"
TEXT_B = "+Plus Agency reported that North Korea had sent 1,500 special operation forces to Russia."
TEXT_C = "The ministry said the report was old."
TEXT_D = "Nothing attributed happens in this sentence."


def _span(text: str, piece: str) -> Span:
    start = text.index(piece)
    return Span.of(text, ((start, start + len(piece)),))


def _claim(
    document: Document,
    *,
    number: int,
    sentence: str,
    source: tuple[str, Actor] | None,
    cue: tuple[str, str],
    content: str,
    stance: str = "assert",
    event: Event | None = None,
) -> Claim:
    text = document.text
    return Claim(
        id=f"{document.sha256[:12]}-{number}",
        document_id=document.id,
        sentence=_span(text, sentence),
        source=Source(span=_span(text, source[0]), actor=source[1]) if source else None,
        cue=Cue(span=_span(text, cue[0]), lemma=cue[1]),
        content=_span(text, content),
        stance=stance,  # type: ignore[arg-type]
        hedged=source is None,
        event=event,
        confidence=0.9,
        extractor="hand.v1",
        reasons=("written by hand for the export tests",),
    )


def _documents() -> list[Extraction]:
    a = make_document(
        TEXT_A,
        id="doc-a",
        title="Spy agency confirms",
        outlet="Seoul Ledger",
        url="https://example.invalid/a",
        published=PUBLISHED,
    )
    b = make_document(TEXT_B, id="doc-b", published=PUBLISHED + dt.timedelta(days=1))
    c = Document(
        id="doc-c",
        sha256=make_document(TEXT_C).sha256,
        origin="doc-c.txt",
        text=TEXT_C,
        title="@title from a hostile page",
        retrieved=RETRIEVED,
    )
    d = make_document(TEXT_D, id="doc-d", published=PUBLISHED)
    claims_a = (
        _claim(
            a,
            number=1,
            sentence=SENTENCE_NIS,
            source=("South Korea's National Intelligence Service", NIS),
            cue=("confirmed", "confirm"),
            content="that North Korea had sent 1,500 special operation forces to Russia",
            stance="confirm",
            event=AID,
        ),
        _claim(
            a,
            number=2,
            sentence=SENTENCE_POST,
            source=None,
            cue=("said", "say"),
            content='=HYPERLINK("http://evil.example","x") was the source',
        ),
    )
    claims_b = (
        _claim(
            b,
            number=1,
            sentence=TEXT_B,
            source=("+Plus Agency", HOSTILE),
            cue=("reported", "report"),
            content="that North Korea had sent 1,500 special operation forces to Russia",
            event=AID,
        ),
    )
    claims_c = (
        _claim(
            c,
            number=1,
            sentence=TEXT_C,
            source=("The ministry", MINISTRY),
            cue=("said", "say"),
            content="the report was old",
        ),
    )
    return [
        Extraction(document=a, claims=claims_a),
        Extraction(document=b, claims=claims_b),
        Extraction(document=c, claims=claims_c),
        Extraction(document=d, claims=()),
    ]


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ledger]:
    path = tmp_path_factory.mktemp("export") / "ledger.db"
    with open_ledger(f"sqlite:///{path}") as ledger:
        for extraction in _documents():
            ledger.store(extraction, extractor="hand.v1")
        rebuild(ledger)
        yield ledger


@pytest.fixture
def empty(tmp_path: Path) -> Iterator[Ledger]:
    with open_ledger(f"sqlite:///{tmp_path / 'empty.db'}") as ledger:
        yield ledger


def _csv(ledger: Ledger, what: str) -> list[dict[str, str]]:
    out = io.StringIO(newline="")
    write_csv(ledger, out, what=what)  # type: ignore[arg-type]
    return list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))


def test_jsonl_claims_carry_document_story_and_relation(ledger: Ledger) -> None:
    out = io.StringIO()
    assert write_jsonl(ledger, out, what="claims") == ledger.counts()["claims"] == 4
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    by_id = {r["id"]: r for r in rows}
    confirm = next(r for r in rows if r["stance"] == "confirm")
    assert confirm["document"] == "doc-a"
    assert confirm["source"]["actor"]["name"] == "National Intelligence Service"
    assert confirm["event"]["quantity"] == {
        "value": 1500,
        "max": None,
        "unit": "special operation forces",
    }
    assert isinstance(confirm["story"], int)
    assert confirm["relation"] == "supports"
    formula = next(r for r in rows if r["content"]["text"].startswith("="))
    assert (formula["story"], formula["relation"], formula["source"]) == (None, None, None)
    # JSON is for programs: the text is kept exactly, without the spreadsheet guard.
    assert by_id[formula["id"]]["content"]["text"].startswith("=HYPERLINK")


def test_jsonl_stories_list_claims_with_claimant_and_figures(ledger: Ledger) -> None:
    out = io.StringIO()
    assert write_jsonl(ledger, out, what="stories") == ledger.counts()["stories"] == 1
    story = json.loads(out.getvalue())
    assert story["event_type"] == "AID"
    assert story["credibility"]["grade"] in "123456"
    assert story["credibility"]["meaning"]
    assert {c["claimant"]["name"] for c in story["claims"]} == {
        "National Intelligence Service",
        "+Plus Agency",
    }
    assert {c["document"] for c in story["claims"]} == {"doc-a", "doc-b"}
    assert {(f["claimant"], f["value"]) for f in story["figures"]} >= {
        ("National Intelligence Service", 1500)
    }
    assert story["claim_count"] == len(story["claims"]) == 2


def test_csv_claims_are_flat_and_defuse_formulas(ledger: Ledger) -> None:
    rows = _csv(ledger, "claims")
    assert len(rows) == ledger.counts()["claims"]
    assert tuple(rows[0]) == CLAIM_COLUMNS
    confirm = next(r for r in rows if r["stance"] == "confirm")
    assert confirm["source"] == "National Intelligence Service"
    assert confirm["source_country"] == "KOR"
    assert (confirm["quantity_value"], confirm["quantity_max"]) == ("1500", "")
    assert confirm["when"] == "2024-10"
    assert confirm["hedged"] == "false"
    assert confirm["relation"] == "supports"
    formula = next(r for r in rows if "HYPERLINK" in r["content"])
    assert formula["content"] == '\'=HYPERLINK("http://evil.example","x") was the source'
    assert formula["source"] == "" and formula["hedged"] == "true"
    hostile = next(r for r in rows if r["document"] == "doc-b")
    assert hostile["source"] == "'+Plus Agency"
    assert hostile["story"] == confirm["story"] != ""
    for row in rows:
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row.values())


def test_csv_stories_give_figures_as_text(ledger: Ledger) -> None:
    rows = _csv(ledger, "stories")
    assert len(rows) == 1
    assert tuple(rows[0]) == STORY_COLUMNS
    row = rows[0]
    assert "National Intelligence Service: 1,500 special operation forces (" in row["figures"]
    assert row["claims"] == "2"
    assert "confirm 1" in row["stances"]


@pytest.mark.parametrize("write", [write_jsonl, write_csv])
def test_an_unknown_export_is_a_sentence(ledger: Ledger, write: object) -> None:
    with pytest.raises(ConfigError, match="unknown export 'claim': use one of claims, stories"):
        write(ledger, io.StringIO(), what="claim")  # type: ignore[operator]


def _refs(obj: dict[str, object]) -> list[str]:
    found: list[str] = []
    for name, value in obj.items():
        if name.endswith("_ref") and isinstance(value, str):
            found.append(value)
        elif name.endswith("_refs") and isinstance(value, list):
            found.extend(value)
    return found


def test_stix_reports_notes_and_grouping_of_a_hand_built_ledger(ledger: Ledger) -> None:
    out = io.StringIO()
    count = write_stix(ledger, out)
    bundle = stix2.parse(out.getvalue(), allow_custom=False)
    objects = {o.id: o for o in bundle.objects}
    assert count == len(bundle.objects) == len(objects)
    by_type: dict[str, list[object]] = {}
    for o in bundle.objects:
        by_type.setdefault(o.type, []).append(o)
    # doc-d has no claims: a report must refer to something, so it is left out.
    assert sorted(r.name for r in by_type["report"]) == [
        "@title from a hostile page",
        "Spy agency confirms",
        "doc-b",
    ]
    assert len(by_type["note"]) == 4
    assert len(by_type["grouping"]) == 1
    undated = next(r for r in by_type["report"] if r.name.startswith("@"))
    assert undated.published == RETRIEVED
    for o in json.loads(out.getvalue())["objects"]:
        assert all(ref in objects for ref in _refs(o)), o["id"]
    unattributed = next(n for n in by_type["note"] if "HYPERLINK" in n.abstract)
    assert unattributed.abstract.startswith("Unattributed said: =HYPERLINK")
    assert [r.split("--")[0] for r in unattributed.object_refs] == ["report"]


def test_stix_of_an_empty_ledger_is_an_empty_bundle(empty: Ledger) -> None:
    bundle = stix_bundle(empty)
    assert "objects" not in bundle
    assert write_jsonl(empty, io.StringIO(), what="claims") == 0
    out = io.StringIO()
    assert write_csv(empty, out, what="stories") == 0
    assert out.getvalue().strip() == ",".join(STORY_COLUMNS)
