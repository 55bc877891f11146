"""A real watchfloor server on 127.0.0.1 over a real SQLite ledger holding the bundled corpus.

The server is the console script (``watchfloor serve``) in its own process, as a user starts
it; the ledger is built here from the corpus extractions (no spaCy in the server until a test
ingests), with the example registry, and one API token whose plain value the tests hold.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.conftest import EXAMPLES, ROOT
from watchfloor.web.process import start_server, stop_server

PLAYBOOK = ROOT / "playbooks" / "korea-russia.yaml"


@dataclass(frozen=True)
class Server:
    url: str
    db: str
    token: str
    log: Path


def build_ledger(path: Path, extractions) -> str:  # type: ignore[no-untyped-def]
    from watchfloor.corroborate import load_registry, rebuild
    from watchfloor.extraction.engine import ENGINE_ID
    from watchfloor.ledger import open_ledger

    url = f"sqlite:///{path}"
    with open_ledger(url) as ledger:
        for extraction in extractions:
            ledger.store(extraction, extractor=ENGINE_ID)
        rebuild(ledger, registry=load_registry(EXAMPLES / "sources.yaml"))
        return str(ledger.create_token("tests"))


@contextlib.contextmanager
def served(folder: Path, extractions) -> Iterator[Server]:  # type: ignore[no-untyped-def]
    """A fresh ledger of ``extractions`` in ``folder``, served until the block ends."""
    token = build_ledger(folder / "web.db", extractions)
    db = f"sqlite:///{folder / 'web.db'}"
    log = folder / "server.log"
    process, url = start_server(db, log, "--playbook", str(PLAYBOOK))
    try:
        yield Server(url=url, db=db, token=token, log=log)
    finally:
        stop_server(process)


@pytest.fixture(scope="session")
def server(tmp_path_factory, corpus_extractions) -> Iterator[Server]:  # type: ignore[no-untyped-def]
    with served(tmp_path_factory.mktemp("web"), corpus_extractions) as running:
        yield running


@pytest.fixture
def client(server: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=30) as c:
        yield c


def wait_for_job(client: httpx.Client, job: dict, timeout: float = 120) -> dict:  # type: ignore[type-arg]
    deadline = time.monotonic() + timeout
    while job["state"] in {"queued", "running"}:
        if time.monotonic() > deadline:
            raise AssertionError(f"job did not finish: {job}")
        time.sleep(0.3)
        job = client.get(f"/api/v1/jobs/{job['id']}").json()
    return job
