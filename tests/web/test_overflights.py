"""The overview's upcoming overflight windows and /api/v1/overflights, from a server started
with a satellite catalogue and sites: fresh elements give passes, stale ones say so."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import EXAMPLES
from tests.web.conftest import PLAYBOOK, build_ledger
from watchfloor.web.process import start_server, stop_server

CATALOG = EXAMPLES / "overflight" / "catalog.json"
SITES = EXAMPLES / "overflight" / "sites.yaml"
SATELLITES = EXAMPLES / "overflight" / "satellites.yaml"


def _serve(folder: Path, extractions, elements: Path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    build_ledger(folder / "web.db", extractions)
    options = ["--playbook", str(PLAYBOOK), "--elements", str(elements), "--sites", str(SITES)]
    process, url = start_server(
        f"sqlite:///{folder / 'web.db'}",
        folder / "server.log",
        *options,
        "--satellites",
        str(SATELLITES),
    )
    try:
        yield url
    finally:
        stop_server(process)


@pytest.fixture(scope="module")
def fresh(tmp_path_factory, corpus_extractions) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The example catalogue with every epoch moved to six hours ago."""
    folder = tmp_path_factory.mktemp("passes")
    epoch = dt.datetime.now(dt.UTC) - dt.timedelta(hours=6)
    records = json.loads(CATALOG.read_text(encoding="utf-8"))
    for record in records:
        record["EPOCH"] = epoch.strftime("%Y-%m-%dT%H:%M:%S.%f")
    elements = folder / "catalog.json"
    elements.write_text(json.dumps(records), encoding="utf-8")
    yield from _serve(folder, corpus_extractions, elements)


@pytest.fixture(scope="module")
def stale(tmp_path_factory, corpus_extractions) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The example catalogue as it is: elements of November 2024."""
    yield from _serve(tmp_path_factory.mktemp("stale"), corpus_extractions, CATALOG)


def test_fresh_elements_give_upcoming_windows(fresh: str) -> None:
    now = dt.datetime.now(dt.UTC)
    report = httpx.get(f"{fresh}/api/v1/overflights", timeout=60).json()
    passes = report["passes"]
    assert passes and all(p["usable"] for p in passes)
    opens = [dt.datetime.fromisoformat(p["window_open"].replace("Z", "+00:00")) for p in passes]
    assert opens == sorted(opens)
    assert all(now - dt.timedelta(hours=1) < t < now + dt.timedelta(hours=49) for t in opens)
    assert {p["site"] for p in passes} <= set(report["sites"])
    page = httpx.get(fresh, timeout=60).text
    assert page.count("<tr><td>") >= min(len(passes), 12)
    assert passes[0]["satellite"] in page and passes[0]["site"] in page


def test_stale_elements_say_so_and_the_page_still_renders(stale: str) -> None:
    report = httpx.get(f"{stale}/api/v1/overflights", timeout=60).json()
    assert report["passes"] == []
    assert report["problems"] and any("EXAMPLE-" in p["message"] for p in report["problems"])
    page = httpx.get(stale, timeout=60)
    assert page.status_code == 200
    assert 'class="problem"' in page.text and "No usable pass in the next 48 hours" in page.text


def test_no_catalogue_is_404_on_the_api(client: httpx.Client) -> None:
    response = client.get("/api/v1/overflights")
    assert response.status_code == 404
    assert response.json() == {"error": "no satellite catalogue configured"}
