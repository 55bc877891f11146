"""``watchfloor ingest``, ``stories``, ``story`` and ``sources`` as a user runs them: the installed
console script in a subprocess, fetching only from a local HTTP server on 127.0.0.1."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import CORPUS, SEED
from watchfloor.ledger import open_ledger

WATCHFLOOR = str(Path(sys.executable).with_name("watchfloor"))

ARTICLE = """<html><head><title>Port of Velmora closed after drone strike</title></head><body>
<nav>Home | World | Markets</nav><article><h1>Port of Velmora closed after drone strike</h1>
<p>The coastal state of Ostrava Nova said on Tuesday that its main port at Velmora would stay
closed for at least a week after a drone struck a fuel depot overnight.</p>
<p>The harbour authority said two workers were injured and that a fire had been contained by
the morning. Officials said they suspected a neighbouring militia but gave no evidence.</p>
<p>The militia denied any involvement in a statement and called the accusation baseless. Shipping
agents said dozens of vessels were waiting offshore for instructions.</p></article>
<footer>Invented for watchfloor's tests.</footer></body></html>"""

EMPTY = "<html><body><nav>Home | World</nav><p>Subscribe</p></body></html>"


def _feed(base: str) -> str:
    return f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Invented Wire</title>
<item><title>Velmora port closed</title><link>{base}/article</link>
<pubDate>Tue, 22 Oct 2024 08:00:00 GMT</pubDate></item>
<item><title>Gone</title><link>{base}/missing</link></item></channel></rss>"""


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        routes = {
            "/article": ("text/html; charset=utf-8", ARTICLE),
            "/empty": ("text/html", EMPTY),
            "/feed.xml": ("application/rss+xml", _feed(base)),
            "/broken.xml": ("application/rss+xml", "<rss><channel><item><title>oops</rss>"),
        }
        if self.path not in routes:
            self.send_error(404)
            return
        kind, body = routes[self.path]
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [WATCHFLOOR, *args], capture_output=True, text=True, timeout=600, check=False
    )


def _errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("watchfloor: error:")]


def test_ingest_mixed_inputs_keeps_going_and_reports_each_failure(
    base: str, ledger_url: str, tmp_path: Path
) -> None:
    dead = f"http://127.0.0.1:{_closed_port()}/story"
    listing = tmp_path / "inputs.txt"
    listing.write_text(f"# my inputs\n{base}/feed.xml\n{SEED}\n", encoding="utf-8")
    done = run(
        "ingest",
        f"{base}/article",
        f"{base}/empty",
        f"{base}/missing",
        f"{base}/broken.xml",
        dead,
        str(listing),
        "--db",
        ledger_url,
        "--allow-network",
        "127.0.0.1/32",
        "--published",
        "2024-10-22",
    )
    assert done.returncode == 1
    errors = _errors(done.stderr)
    # one line per bad input, each naming it: the page with no article, the 404 (given directly
    # and again as a feed entry), the broken feed, the unreachable server
    assert len(errors) == 5, done.stderr
    for bad in (f"{base}/empty", f"{base}/missing", f"{base}/broken.xml", dead):
        assert any(bad in line for line in errors), (bad, errors)
    assert "2 new, 1 already stored, 5 failed" in done.stderr
    with open_ledger(ledger_url) as ledger:
        documents = {d.origin: d for d in ledger.documents()}
        assert set(documents) == {f"{base}/article", str(SEED)}
        page = documents[f"{base}/article"]
        assert "The coastal state of Ostrava Nova said on Tuesday" in page.text
        assert "Home | World" not in page.text
        assert "Subscribe" not in page.text
        assert ledger.claims_of(page.id), "the fetched article has claims"


def test_loopback_is_refused_unless_allowed(base: str, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'refused.db'}"
    done = run("ingest", f"{base}/article", "--db", url)
    assert done.returncode == 1
    (line,) = _errors(done.stderr)
    assert f"{base}/article" in line
    assert "--allow-network" in line
    with open_ledger(url) as ledger:
        assert ledger.counts()["documents"] == 0


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://u@localhost/x", "'mysql' is not supported"),
        ("sqlite:////no/such/folder/x.db", "does not exist"),
        ("postgresql+psycopg://u@127.0.0.1:9/x", "cannot open ledger"),
    ],
)
def test_a_database_that_cannot_be_opened_is_one_line(url: str, message: str) -> None:
    done = run("ingest", str(SEED), "--db", url)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1, done.stderr
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_reading_a_ledger_that_does_not_exist_is_one_line(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'none.db'}"
    done = run("stories", "--db", url)
    assert done.returncode == 1
    assert "no ledger at" in done.stderr
    assert not (tmp_path / "none.db").exists()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    done = run(
        "ingest",
        str(CORPUS),
        str(SEED),
        "--published",
        "2024-10-22",
        "--registry",
        str(CORPUS.parent.parent / "sources.yaml"),
        "--db",
        url,
    )
    assert done.returncode == 0, done.stderr
    assert "8 new, 0 already stored, 0 failed" in done.stderr
    assert "1 near-duplicate(s) linked" in done.stderr
    return url


def test_stories_lists_the_founding_story_with_its_grade(demo_db: str) -> None:
    done = run("stories", "--db", demo_db)
    assert done.returncode == 0, done.stderr
    row = next(line for line in done.stdout.splitlines() if "PRK AID military → RUS" in line)
    assert "│   1   │" in row  # credibility 1: confirmed by independent sources


def test_story_shows_numbers_by_claimant_and_the_denials(demo_db: str) -> None:
    done = run("story", "--document", "seed-article", "--db", demo_db)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.startswith("Story ")
    assert "PRK AID military → RUS, October 2024" in out
    assert "credibility 1: confirmed by other independent sources" in out
    assert "1,500 special operation forces (confirm, 2024-10-18)" in out
    assert "10,000 soldiers (allege, planned, 2024-10-21)" in out
    assert "10,000 soldiers (confirm, 2024-10-28)" in out
    assert "denied by PRK" in out
    assert "parties to the event, shown but" in out
    assert "copy of" in out


def test_sources_shows_registry_grades_and_unknowns_at_f(demo_db: str) -> None:
    done = run("sources", "--db", demo_db)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    nis = next(line for line in lines if "National Intelligence" in line)
    assert nis.split("│")[1].strip() == "B"
    rutte = next(line for line in lines if "Mark Rutte" in line)
    assert rutte.split("│")[1].strip() == "F"


def test_story_that_does_not_exist_is_one_line(demo_db: str) -> None:
    done = run("story", "999", "--db", demo_db)
    assert done.returncode == 1
    assert "story 999 does not exist" in done.stderr


def test_export_claims_stories_and_stix(demo_db: str, tmp_path: Path) -> None:
    import csv
    import json

    import stix2

    claims = run("export", "--format", "jsonl", "--db", demo_db)
    assert claims.returncode == 0, claims.stderr
    rows = [json.loads(line) for line in claims.stdout.splitlines()]
    assert len(rows) == 44
    assert "exported 44 claims" in claims.stderr
    nis = next(r for r in rows if r["content"]["text"].startswith("that North Korea had sent"))
    assert nis["story"] is not None and nis["relation"] == "supports"

    table = tmp_path / "stories.csv"
    done = run("export", "--format", "csv", "--what", "stories", "-o", str(table), "--db", demo_db)
    assert done.returncode == 0, done.stderr
    with table.open(encoding="utf-8", newline="") as f:
        stories = list(csv.DictReader(f))
    founding = next(s for s in stories if s["title"].startswith("PRK AID military → RUS"))
    assert founding["credibility"] == "1"
    assert "National Intelligence Service: 1,500 special operation forces" in founding["figures"]

    bundle = run("export", "--format", "stix", "--db", demo_db)
    assert bundle.returncode == 0, bundle.stderr
    parsed = stix2.parse(bundle.stdout, allow_custom=False)
    kinds = {o.type for o in parsed.objects}
    assert {"report", "identity", "note", "grouping"} <= kinds


def test_assess_and_timeline_from_the_command_line(demo_db: str, tmp_path: Path) -> None:
    import json

    playbook = str(CORPUS.parent.parent.parent / "playbooks" / "korea-russia.yaml")
    done = run("assess", "-p", playbook, "--as-of", "2024-11-05", "-f", "json", "--db", demo_db)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert (result["phase"], result["phase_name"]) == (2, "defensive weapons for Ukraine")
    assert {e["claimant"]["name"] for e in result["evidence"]} == {
        "National Intelligence Service",
        "Department of Defense",
    }
    for claim in result["evidence"]:  # every sentence is the stored text at its offsets
        assert claim["sentence"]
    steps = run("timeline", "-p", playbook, "-f", "json", "--db", demo_db)
    assert steps.returncode == 0, steps.stderr
    phases = [json.loads(line)["phase"] for line in steps.stdout.splitlines()]
    assert phases == [1, 2]
    report = run(
        "assess", "-p", playbook, "--as-of", "2024-11-05", "-f", "markdown", "--db", demo_db
    )
    assert report.stdout.startswith("# korea-russia: phase 2, defensive weapons for Ukraine")

    broken = tmp_path / "broken.yaml"
    broken.write_text("playbook: x\ntitle: y\nindicators: [\n", encoding="utf-8")
    bad = run("assess", "-p", str(broken), "--db", demo_db)
    assert bad.returncode == 1
    assert bad.stderr.count("\n") == 1
    assert f"{broken} line" in bad.stderr
    bad_date = run("assess", "-p", playbook, "--as-of", "last tuesday", "--db", demo_db)
    assert bad_date.returncode == 1
    assert "--as-of 'last tuesday' is not a date" in bad_date.stderr
