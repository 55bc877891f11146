"""Exports of a real ledger: the example corpus and the founding example ingested end to end
(read → extract → store → corroborate), then written as JSONL, CSV and STIX 2.1 and read back."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import stix2

from watchfloor.config import parse_published
from watchfloor.export.ledger_json import write_jsonl
from watchfloor.export.stix import stix_bundle, write_stix
from watchfloor.export.tables import CLAIM_COLUMNS, write_csv
from watchfloor.ingest.files import iter_documents
from watchfloor.ledger import Ledger, open_ledger
from watchfloor.run import ingest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CORPUS = EXAMPLES / "corpus" / "korea-russia.jsonl"
SEED = EXAMPLES / "seed-article.txt"
SEED_PUBLISHED = parse_published("2024-10-22")
HOSTILE = '“=HYPERLINK("http://evil.example/","Click") is the answer,” the ministry said on Monday.'
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ledger]:
    """The example corpus, the founding example and one hostile article, ingested once."""
    root = tmp_path_factory.mktemp("export")
    hostile = root / "hostile.txt"
    hostile.write_text(HOSTILE, encoding="utf-8")
    inputs = [str(CORPUS), str(SEED), str(hostile)]
    with open_ledger(f"sqlite:///{root / 'ledger.db'}") as ledger:
        report = ingest(ledger, iter_documents(inputs, published=SEED_PUBLISHED))
        assert report.failed == 0, report.errors
        yield ledger


@pytest.fixture(scope="module")
def bundle_text(ledger: Ledger) -> str:
    out = io.StringIO()
    write_stix(ledger, out)
    return out.getvalue()


@pytest.fixture(scope="module")
def objects(bundle_text: str) -> list[dict[str, Any]]:
    return list(json.loads(bundle_text)["objects"])


def _jsonl(ledger: Ledger, what: str) -> list[dict[str, Any]]:
    out = io.StringIO()
    count = write_jsonl(ledger, out, what=what)  # type: ignore[arg-type]
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert count == len(rows)
    return rows


def _csv(ledger: Ledger, what: str) -> list[dict[str, str]]:
    out = io.StringIO(newline="")
    count = write_csv(ledger, out, what=what)  # type: ignore[arg-type]
    rows = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert count == len(rows)
    return rows


def _nis_confirms(claim: dict[str, Any]) -> bool:
    source = claim["source"]
    event = claim["event"]
    return (
        source is not None
        and source["actor"]["name"] == "National Intelligence Service"
        and claim["stance"] == "confirm"
        and event is not None
        and (event["quantity"] or {}).get("value") == 1500
    )


# -- JSONL ----------------------------------------------------------------------------------


def test_jsonl_has_one_line_per_claim_and_per_story(ledger: Ledger) -> None:
    counts = ledger.counts()
    claims = _jsonl(ledger, "claims")
    assert len(claims) == counts["claims"]
    assert len({(c["document"], c["id"]) for c in claims}) == counts["claims"]
    assert {c["document"] for c in claims} <= {d.id for d in ledger.documents()}
    assert len(_jsonl(ledger, "stories")) == counts["stories"]


def test_jsonl_claim_of_the_nis_confirming_1500(ledger: Ledger) -> None:
    nis = [c for c in _jsonl(ledger, "claims") if _nis_confirms(c)]
    # The Seoul Ledger article, its syndicated copy and the founding example all carry it.
    assert {c["document"] for c in nis} >= {"seoul-ledger-2024-10-18-nis", "seed-article"}
    claim = next(c for c in nis if c["document"] == "seed-article")
    assert claim["source"]["actor"] == {
        "name": "National Intelligence Service",
        "kind": "organisation",
        "country": "KOR",
        "role": "intelligence",
    }
    assert claim["event"]["type"] == "AID"
    assert (claim["event"]["actor"], claim["event"]["target"]) == ("PRK", "RUS")
    assert claim["event"]["when"] == {"date": "2024-10-01", "precision": "month"}
    assert isinstance(claim["story"], int)
    assert claim["relation"] == "supports"
    text = SEED.read_text(encoding="utf-8")
    start, end = claim["content"]["spans"][0]
    assert text[start:end] == claim["content"]["text"]


def test_jsonl_story_of_the_deployment(ledger: Ledger) -> None:
    nis = next(c for c in _jsonl(ledger, "claims") if _nis_confirms(c))
    story = next(s for s in _jsonl(ledger, "stories") if s["id"] == nis["story"])
    assert (story["event_type"], story["actor"], story["target"]) == ("AID", "PRK", "RUS")
    assert story["claim_count"] == len(story["claims"])
    members = {c["id"]: c for c in story["claims"]}
    assert members[nis["id"]]["relation"] == "supports"
    assert members[nis["id"]]["claimant"]["key"] == "organisation:KOR:National Intelligence Service"
    denials = [c for c in story["claims"] if c["relation"] == "denies"]
    assert {c["claimant"]["country"] for c in denials if c["claimant"]} >= {"RUS", "PRK"}
    figures = {(f["claimant"], f["value"]) for f in story["figures"]}
    assert ("National Intelligence Service", 1500) in figures
    assert any(value == 10000 for _, value in figures)
    assert story["credibility"]["reasons"]


# -- CSV ------------------------------------------------------------------------------------


def test_csv_claims_match_the_ledger(ledger: Ledger) -> None:
    rows = _csv(ledger, "claims")
    assert len(rows) == ledger.counts()["claims"]
    assert tuple(rows[0]) == CLAIM_COLUMNS
    nis = next(
        r
        for r in rows
        if r["document"] == "seed-article"
        and r["source"] == "National Intelligence Service"
        and r["stance"] == "confirm"
    )
    assert (nis["source_country"], nis["source_role"], nis["cue"]) == (
        "KOR",
        "intelligence",
        "confirm",
    )
    assert (nis["event_type"], nis["actor"], nis["target"]) == ("AID", "PRK", "RUS")
    assert (nis["quantity_value"], nis["when"], nis["relation"]) == ("1500", "2024-10", "supports")
    assert "1,500 special operation forces" in nis["content"]


def test_csv_defuses_the_hostile_article(ledger: Ledger) -> None:
    rows = _csv(ledger, "claims")
    cells = [cell for row in rows for cell in row.values()]
    assert not [c for c in cells if c.startswith(FORMULA_STARTS)]
    hostile = [r for r in rows if r["document"] == "hostile"]
    assert any(r["content"].startswith("'=HYPERLINK(") for r in hostile), hostile


def test_csv_stories_give_each_claimants_figures(ledger: Ledger) -> None:
    rows = _csv(ledger, "stories")
    assert len(rows) == ledger.counts()["stories"]
    deployment = next(r for r in rows if "National Intelligence Service: 1,500" in r["figures"])
    assert re.search(
        r"National Intelligence Service: 1,500 special operation forces \(2024-10-1\d",
        deployment["figures"],
    )
    assert "10,000 soldiers" in deployment["figures"]
    assert int(deployment["claims"]) >= 5
    assert deployment["credibility"] in "123456"


# -- STIX 2.1 -------------------------------------------------------------------------------


def test_stix_round_trips_without_custom_content(bundle_text: str, ledger: Ledger) -> None:
    bundle = stix2.parse(bundle_text, allow_custom=False)
    assert bundle.type == "bundle"
    kinds = {o.type for o in bundle.objects}
    assert kinds == {"identity", "report", "note", "grouping"}
    notes = [o for o in bundle.objects if o.type == "note"]
    assert len(notes) == ledger.counts()["claims"]
    groupings = [o for o in bundle.objects if o.type == "grouping"]
    assert len(groupings) == ledger.counts()["stories"]


def _refs(obj: dict[str, Any]) -> list[str]:
    found: list[str] = []
    for name, value in obj.items():
        if name.endswith("_ref"):
            found.append(value)
        elif name.endswith("_refs"):
            found.extend(value)
        elif isinstance(value, dict):
            found.extend(_refs(value))
    return found


def test_stix_every_reference_points_into_the_bundle(objects: list[dict[str, Any]]) -> None:
    ids = [o["id"] for o in objects]
    assert len(ids) == len(set(ids))
    dangling = {(o["id"], ref) for o in objects for ref in _refs(o) if ref not in set(ids)}
    assert not dangling
    for o in objects:
        if o["type"] in ("report", "note", "grouping"):
            assert o["object_refs"], o["id"]


def test_stix_exports_twice_the_same(ledger: Ledger, bundle_text: str) -> None:
    again = io.StringIO()
    write_stix(ledger, again)
    assert again.getvalue() == bundle_text
    assert stix_bundle(ledger).id == json.loads(bundle_text)["id"]


def test_stix_note_of_the_nis_claim(objects: list[dict[str, Any]]) -> None:
    by_id = {o["id"]: o for o in objects}
    note = next(
        o
        for o in objects
        if o["type"] == "note"
        and o["abstract"].startswith("National Intelligence Service confirmed:")
        and "1,500" in o["abstract"]
        and any(
            by_id[r]["name"] == "seed-article" for r in o["object_refs"] if r.startswith("report--")
        )
    )
    assert "stance:confirm" in note["labels"]
    assert "relation:supports" in note["labels"]
    assert note["created"].startswith("2024-10-22")
    identity = next(by_id[r] for r in note["object_refs"] if r.startswith("identity--"))
    assert identity["name"] == "National Intelligence Service"
    assert identity["identity_class"] == "organization"
    assert "KOR" in identity["description"]


def test_stix_grouping_of_the_deployment_story(objects: list[dict[str, Any]]) -> None:
    by_id = {o["id"]: o for o in objects}
    grouping = next(
        o
        for o in objects
        if o["type"] == "grouping" and o["name"].startswith("PRK AID military → RUS")
    )
    description = grouping["description"]
    assert "National Intelligence Service: 1,500 special operation forces" in description
    assert "10,000 soldiers" in description
    assert re.search(r"Credibility [1-6] \(", description)
    assert grouping["context"] == "unspecified"
    members = {by_id[r]["type"] for r in grouping["object_refs"]}
    assert members == {"note", "report"}
    reports = {by_id[r]["name"] for r in grouping["object_refs"] if r.startswith("report--")}
    assert "Spy agency confirms North Korean special forces sent to Russia" in reports
    assert grouping["created"] <= grouping["modified"]


def test_stix_reports_are_dated_by_publication(objects: list[dict[str, Any]]) -> None:
    reports = {o["name"]: o for o in objects if o["type"] == "report"}
    # Seoul Ledger published 2024-10-18T09:00:00+09:00, that is midnight UTC.
    nis = reports["Spy agency confirms North Korean special forces sent to Russia"]
    assert nis["published"].startswith("2024-10-18T00:00:00")
    assert reports["seed-article"]["published"].startswith("2024-10-22T00:00:00")
    assert all(r["created"] == r["modified"] for r in reports.values())


def test_the_stix_bundle_file_parses_from_disk(tmp_path: Path, ledger: Ledger) -> None:
    path = tmp_path / "bundle.json"
    with path.open("w", encoding="utf-8") as out:
        count = write_stix(ledger, out)
    with path.open(encoding="utf-8") as f:
        bundle = stix2.parse(f, allow_custom=False)
    assert count == len(bundle.objects)
