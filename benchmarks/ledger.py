"""Ledger speed: ingest against extraction alone, and listing stories at 100,000 claims.

    python benchmarks/ledger.py [--documents 2000] [--repeat 1] [--claims 100000] [--postgres]
                                [--only ingest|stories|search] [--cache DIR] [--seed 0]

**Ingest.** ``--documents`` generated articles (``benchmarks/corpus.py``) go through, in one
run and interleaved: extraction alone (``list(extract_documents(docs))``, after a warm-up), then
``watchfloor.run.ingest`` into a fresh SQLite file, then ``ingest`` into a fresh database of a
throw-away PostgreSQL server (``tests/postgres.py``). Storage and corroboration may cost at
most 25% on top of extraction: a ratio of extraction time to ingest time of at least 0.80.
Extraction dominates and drifts with the load of a shared machine by more than the ledger
costs, so the time spent inside the ledger (every ``Ledger`` method ``ingest`` calls) and in
``rebuild`` is timed directly during the ingest; the checked ratio is
``extract / (extract + ledger + rebuild)``, and the end-to-end ratio (``extract / ingest``) is
printed beside it with the time neither accounts for. ``--repeat`` runs everything that
many times and keeps the best of each.

**Stories.** A ledger of at least ``--claims`` claims is built without spaCy: the generator's
ground truth is stored as extractions (``Ledger.store``, one document per transaction, as
``ingest`` does), then ``rebuild`` groups and grades them (timed: corroboration at scale). Then
``ledger.stories(limit=50)`` is timed (median of 20 after one warm-up call) and so is the whole
``watchfloor stories --db URL`` process (median of 5 after one warm-up run), beside a bare
Python start and the imports the command cannot avoid. The issue's ceiling (``stories_ms_100k``,
200 ms) applies to the library call; the whole process on SQLite has its own ceiling
(``stories_process_ms_100k_sqlite``), since Python, typer and rich take about 150 ms to start
before the ledger is touched. SQLite by default; ``--postgres`` builds and
times the same ledger on PostgreSQL as well. ``--cache DIR`` keeps the SQLite ledger there and
reuses it on the next run (its build is then not timed).

**Search.** On the same 100,000-claim ledger (built, or reused from ``--cache``; a cached
ledger of an older schema is migrated on open, and the open is timed), what the web app asks
of the ledger is timed, median of 20 after one warm-up call each: ``search_claims`` with no
filter, each kind of filter, a deep page, full-text searches of rare to very common words
(by relevance and newest first), ``recent_documents``, ``document_view`` and ``claim``. The
issue's ceiling for a list endpoint (``search_ms_100k``, 100 ms) applies to every
``search_claims`` and ``recent_documents`` call; the page reads (``document_view``, ``claim``)
have the page ceiling (``page_ms_100k``, 200 ms).

Floors are in ``benchmarks/baseline.json`` (key ``ledger``); the figures are written to
``build/ledger.json``. Exits 1 when a figure misses its floor.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from unittest import mock

from corpus import Article, generate

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "benchmarks" / "baseline.json"
T = TypeVar("T")


# --- timing ------------------------------------------------------------------------------------


class Clock:
    """Seconds spent in wrapped functions, by name; a call made inside another wrapped call is
    counted once, in the outer one."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self._depth = 0

    def wrap(self, name: str, fn: Callable[..., T]) -> Callable[..., T]:
        @functools.wraps(fn)
        def timed(*args: Any, **kwargs: Any) -> T:
            if self._depth:
                return fn(*args, **kwargs)
            self._depth += 1
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[name] += time.perf_counter() - start
                self._depth -= 1

        return timed


@dataclass
class IngestRun:
    seconds: float
    ledger: float
    rebuild: float
    report: Any


def timed_ingest(url: str, documents: list[Any]) -> IngestRun:
    """``ingest`` into the empty ledger at ``url``, with the time inside the ledger and inside
    ``rebuild`` measured on the way."""
    import watchfloor.run as run_module
    from watchfloor.config import Settings
    from watchfloor.corroborate import rebuild
    from watchfloor.ledger import Ledger, open_ledger

    clock = Clock()
    with open_ledger(url) as ledger:  # opening (and migrating) is not part of the run
        for name, member in vars(Ledger).items():  # every public method ingest may call
            if callable(member) and not name.startswith("_") and name != "close":
                setattr(ledger, name, clock.wrap("ledger", getattr(ledger, name)))
        # ingest calls the rebuild it imported: a timed one stands in for this run only
        timed_rebuild = clock.wrap("rebuild", rebuild)
        with mock.patch.object(run_module, "rebuild", timed_rebuild):
            start = time.perf_counter()
            report = run_module.ingest(ledger, documents, settings=Settings())
            seconds = time.perf_counter() - start
    if report.failed:
        raise SystemExit(f"ingest into {url} failed on {report.failed} inputs: {report.errors[:3]}")
    return IngestRun(seconds, clock.seconds["ledger"], clock.seconds["rebuild"], report)


def timed(fn: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


# --- PostgreSQL ----------------------------------------------------------------------------------


class Server:
    """The throw-away PostgreSQL server, started on first use and stopped at the end."""

    def __init__(self) -> None:
        self._server: Any = None

    def database(self, name: str) -> str:
        if self._server is None:
            sys.path.insert(0, str(ROOT))
            from tests.postgres import start_postgres

            self._server = start_postgres()
        return str(self._server.create_database(name))

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()


# --- ingest throughput -------------------------------------------------------------------------


@dataclass
class Throughput:
    documents: int
    words: int
    claims: int
    extract: float
    runs: dict[str, IngestRun] = field(default_factory=dict)

    def ratio(self, backend: str) -> float:
        """Extraction alone over extraction plus the ledger and corroboration time."""
        run = self.runs[backend]
        return self.extract / (self.extract + run.ledger + run.rebuild)

    def end_to_end(self, backend: str) -> float:
        return self.extract / self.runs[backend].seconds


def throughput(articles: list[Article], repeat: int, server: Server, work: Path) -> Throughput:
    from watchfloor.config import Settings
    from watchfloor.extraction.engine import extract_documents

    documents = [a.document for a in articles]
    words = sum(len(d.text.split()) for d in documents)
    list(extract_documents(documents[:8], Settings()))  # loads the pipeline: not timed
    extract: list[float] = []
    runs: dict[str, list[IngestRun]] = {"sqlite": [], "postgres": []}
    claims = 0
    for r in range(repeat):
        seconds, extractions = timed(lambda: list(extract_documents(documents, Settings())))
        extract.append(seconds)
        claims = sum(len(x.claims) for x in extractions)
        del extractions
        progress(f"extraction alone: {seconds:.1f} s")
        for backend, done in runs.items():
            if backend == "sqlite":
                url = f"sqlite:///{work / f'ingest-{r}.db'}"
            else:
                url = server.database(f"bench_ingest_{r}")
            run = timed_ingest(url, documents)
            done.append(run)
            progress(
                f"ingest {backend}: {run.seconds:.1f} s (ledger {run.ledger:.1f} s, "
                f"rebuild {run.rebuild:.1f} s, {run.report.stories} stories)"
            )
    best = {b: min(rs, key=lambda x: x.ledger + x.rebuild) for b, rs in runs.items()}
    for backend, best_run in best.items():  # the best end-to-end time too
        best_run.seconds = min(x.seconds for x in runs[backend])
    return Throughput(len(documents), words, claims, min(extract), best)


# --- stories at 100,000 claims -------------------------------------------------------------------


@dataclass
class StoriesRun:
    claims: int
    documents: int
    store: float | None
    rebuild: float
    stories: int
    library_ms: float
    process_ms: float


def articles_for(claims: int, seed: int) -> list[Article]:
    """Generated articles holding at least ``claims`` claims in all."""
    out = generate(int(claims / 4.9) + 50, seed=seed)
    total = 0
    for i, article in enumerate(out):
        total += len(article.truth)
        if total >= claims:
            return out[: i + 1]
    raise SystemExit(f"the generator gave {total} claims, fewer than {claims}: raise the margin")


def build_ledger(url: str, articles: list[Article]) -> float:
    """Store the ground truth of ``articles`` in the ledger at ``url``; return the seconds."""
    from watchfloor.extraction.attribution import EXTRACTOR_ID
    from watchfloor.extraction.engine import ENGINE_ID
    from watchfloor.ledger import open_ledger

    with open_ledger(url) as ledger:
        start = time.perf_counter()
        for i, article in enumerate(articles, 1):
            ledger.store(article.extraction(EXTRACTOR_ID), extractor=ENGINE_ID)
            if i % 2000 == 0:
                seconds = time.perf_counter() - start
                progress(f"  stored {i:,} of {len(articles):,} documents in {seconds:.0f} s")
        return time.perf_counter() - start


def cached_path(folder: Path, claims: int, seed: int) -> Path:
    """Where the generated ledger of ``claims`` claims (``seed``) is kept in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"stories-{claims}-{seed}.db"


def generated_ledger(folder: Path, claims: int, seed: int) -> str:
    """The URL of the generated SQLite ledger kept in ``folder``, stored first if it is not
    there yet (``benchmarks/assess.py`` and ``benchmarks/web.py`` share it with ``--cache``)."""
    path = cached_path(folder, claims, seed)
    url = f"sqlite:///{path}"
    if not path.exists():
        progress(f"building {url}")
        build_ledger(url, articles_for(claims, seed))
    return url


def time_process(command: list[str], runs: int) -> float:
    """Median wall-clock milliseconds of ``command`` over ``runs`` runs after one warm-up."""
    times = []
    for k in range(runs + 1):
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if k:
            times.append((time.perf_counter() - start) * 1000)
        if done.returncode != 0 or not done.stdout.strip():
            raise SystemExit(f"{command[:3]} failed ({done.returncode}): {done.stderr[-500:]}")
    return statistics.median(times)


def stories_latency(url: str, articles: list[Article], *, built: bool) -> StoriesRun:
    from watchfloor.corroborate import rebuild
    from watchfloor.ledger import open_ledger

    store = None if built else build_ledger(url, articles)
    with open_ledger(url) as ledger:
        counts = ledger.counts()
        rebuild_seconds, result = timed(lambda: rebuild(ledger))
        ledger.stories(limit=50)  # warm-up: connection pool and caches
        calls = []
        for _ in range(20):
            seconds, listed = timed(lambda: ledger.stories(limit=50))
            calls.append(seconds * 1000)
        if len(listed) != min(50, len(result.stories)):
            raise SystemExit(f"ledger.stories(limit=50) listed {len(listed)} stories")
    cli = Path(sys.executable).with_name("watchfloor")
    process_ms = time_process([str(cli), "stories", "--db", url], 5)
    return StoriesRun(
        counts["claims"],
        counts["documents"],
        store,
        rebuild_seconds,
        len(result.stories),
        statistics.median(calls),
        process_ms,
    )


IMPORTS = {
    "python": "pass",
    "sqlalchemy": "import sqlalchemy",
    "watchfloor.ledger": "import watchfloor.ledger",
    "watchfloor.cli": "import watchfloor.cli",
}


def python_floor() -> dict[str, float]:
    """Milliseconds of a Python process that only starts, or only imports a module: the part
    of the command's time that no query can shorten."""
    return {
        name: time_process([sys.executable, "-c", f"{code}; print(1)"], 5)
        for name, code in IMPORTS.items()
    }


# --- search at 100,000 claims --------------------------------------------------------------------


def _searches(ledger: Any) -> list[tuple[str, str, Callable[[], Any]]]:
    """(name, kind, call) of every read timed; the outlet and actor are the ledger's busiest."""
    import datetime as dt

    actor = max(ledger.claimants(), key=lambda pair: pair[1])[0].name
    outlet = ledger.recent_documents(limit=1).items[0].outlet
    document = ledger.recent_documents(limit=1, offset=100).items[0].key
    claim = ledger.search_claims(limit=1, offset=1000).items[0].claim.id
    week = {"since": dt.date(2024, 3, 1), "until": dt.date(2024, 3, 7)}
    searches: list[tuple[str, dict[str, Any]]] = [
        ("no filter", {}),
        ("country RUS", {"country": "RUS"}),
        (f"actor {actor} + assert", {"actor": actor, "stance": "assert"}),
        ("stance deny", {"stance": "deny"}),
        ("one week", week),
        (f"outlet {outlet}", {"outlet": outlet}),
        ("story (largest)", {"story": _largest_story(ledger)}),
        ("page 100 (offset 4,950)", {"offset": 4950}),
        ("text, rare: Sanaa", {"text": "Sanaa"}),
        ("text, common: drones", {"text": "drones"}),
        ("text, very common: Russia", {"text": "Russia"}),
        ("text Russia, newest first", {"text": "Russia", "order": "newest"}),
        ('text "attack drones" + country YEM', {"text": '"attack drones"', "country": "YEM"}),
        ("text drones + one week", {"text": "drones", **week}),
    ]
    out: list[tuple[str, str, Callable[[], Any]]] = [
        (f"search_claims: {name}", "list", functools.partial(ledger.search_claims, **kwargs))
        for name, kwargs in searches
    ]
    out += [
        ("recent_documents", "list", functools.partial(ledger.recent_documents)),
        (
            f"recent_documents: outlet {outlet}",
            "list",
            functools.partial(ledger.recent_documents, outlet=outlet),
        ),
        ("document_view", "page", functools.partial(ledger.document_view, document)),
        ("claim", "page", functools.partial(ledger.claim, claim)),
    ]
    return out


def _largest_story(ledger: Any) -> int:
    return int(max(ledger.stories(limit=None), key=lambda s: s.claim_count).id)


def search_latency(url: str, articles: list[Article], *, built: bool) -> dict[str, Any]:
    """Time every read of :func:`_searches` on the ledger at ``url`` (median of 20 calls after
    one warm-up); a cached ledger of an older schema is migrated first, and that is timed."""
    import sqlalchemy as sa

    from watchfloor.corroborate import rebuild
    from watchfloor.ledger import open_ledger

    if not built:
        build_ledger(url, articles)
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        revision = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    engine.dispose()
    open_s, ledger = timed(lambda: open_ledger(url))
    with ledger:
        if ledger.stories_stale():
            rebuild(ledger)
        counts = ledger.counts()
        queries: dict[str, Any] = {}
        for name, kind, call in _searches(ledger):
            found = call()
            calls = []
            for _ in range(20):
                seconds, found = timed(call)
                calls.append(seconds * 1000)
            total = getattr(found, "total", None)
            if total is None:
                total = len(found.claims) if hasattr(found, "claims") else 1
            queries[name] = {
                "kind": kind,
                "ms": round(statistics.median(calls), 1),
                "max_ms": round(max(calls), 1),
                "total": total,
                "exact": getattr(found, "exact", True),
            }
            progress(f"  {name}: {queries[name]['ms']} ms ({total:,} found)")
    return {
        "claims": counts["claims"],
        "documents": counts["documents"],
        "revision_before": revision,
        "open_s": round(open_s, 2),
        "queries": queries,
    }


def search_table(runs: dict[str, dict[str, Any]], floors: dict[str, Any]) -> list[str]:
    ceilings = {"list": floors.get("search_ms_100k", 100), "page": floors.get("page_ms_100k", 200)}
    lines = []
    for backend, run in runs.items():
        opened = f"opened in {run['open_s']:.1f} s"
        if run["revision_before"] != "0002":
            opened += f", migrating from revision {run['revision_before']}"
        lines += [
            f"search on {backend}: {run['claims']:,} claims, {run['documents']:,} documents "
            f"({opened})",
            f"  {'':<44}{'median ms':>10}{'max ms':>8}{'found':>9}{'ceiling':>9}",
        ]
        for name, q in run["queries"].items():
            found = f"{q['total']:,}" + ("" if q["exact"] else "+")
            lines.append(
                f"  {name[:44]:<44}{q['ms']:10.1f}{q['max_ms']:8.1f}{found:>9}"
                f"{ceilings[q['kind']]:9}"
            )
    lines.append("  median and max of 20 calls after one warm-up; found = the page's total")
    return lines


# --- report ------------------------------------------------------------------------------------


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def load() -> str:
    with contextlib.suppress(OSError):
        one, five, _ = Path("/proc/loadavg").read_text().split()[:3]
        return f"load average {one} (1 min), {five} (5 min)"
    return "load average unknown"


def commit() -> str:
    """The commit measured, with ``+dirty`` when src/ has uncommitted changes."""

    def git(*args: str) -> str:
        done = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, check=False)
        return done.stdout.decode().strip()

    return git("rev-parse", "--short", "HEAD") + ("+dirty" if git("status", "-s", "src") else "")


def check(result: dict[str, Any], floors: dict[str, Any]) -> list[str]:
    failures = []
    for backend in ("sqlite", "postgres"):
        key, ratio = f"ratio_{backend}", result.get("ingest", {}).get(f"{backend}_ratio")
        if ratio is not None and ratio < floors.get(key, 0.8):
            failures.append(
                f"ingest ratio on {backend} {ratio:.3f} is below the floor {floors[key]}"
            )
    search_ceiling = floors.get("search_ms_100k", 100)
    page_ceiling = floors.get("page_ms_100k", 200)
    for backend, run in result.get("search", {}).items():
        for name, figure in run["queries"].items():
            ceiling = page_ceiling if figure["kind"] == "page" else search_ceiling
            if run["claims"] >= 100_000 and figure["ms"] > ceiling:
                failures.append(
                    f"{name} on {backend} at {run['claims']:,} claims takes {figure['ms']:.0f} "
                    f"ms, above the ceiling of {ceiling} ms"
                )
    library_ceiling = floors.get("stories_ms_100k", 200)
    process_ceiling = floors.get("stories_process_ms_100k_sqlite", 300)
    for backend, run in result.get("stories", {}).items():
        checks = [("ledger.stories(limit=50)", "library_ms", library_ceiling)]
        if backend == "sqlite":
            # PostgreSQL's process is reported, not gated: it must import SQLAlchemy and psycopg
            checks.append(("the process", "process_ms", process_ceiling))
        for what, key, ceiling in checks:
            if run["claims"] >= 100_000 and run[key] > ceiling:
                failures.append(
                    f"`watchfloor stories` on {backend} at {run['claims']:,} claims: {what} "
                    f"takes {run[key]:.0f} ms, above the ceiling of {ceiling} ms"
                )
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--postgres", action="store_true", help="stories on PostgreSQL too")
    parser.add_argument("--only", choices=("ingest", "stories", "search"))
    parser.add_argument("--cache", type=Path, help="keep and reuse the SQLite stories ledger")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--baseline", type=Path, default=BASELINE)
    args = parser.parse_args()

    floors = json.loads(args.baseline.read_text(encoding="utf-8")).get("ledger", {})
    server = Server()
    work = Path(tempfile.mkdtemp(prefix="watchfloor-bench-"))
    result: dict[str, Any] = {"commit": commit(), "load_before": load()}
    try:
        if args.only in (None, "ingest"):
            articles = generate(args.documents, seed=args.seed)
            t = throughput(articles, args.repeat, server, work)
            result["ingest"] = ingest_figures(t)
            save(result)
            print("\n".join(ingest_table(t, floors)), flush=True)
        backends = ("sqlite", "postgres") if args.postgres else ("sqlite",)
        ready: dict[str, str] = {}  # the 100,000-claim ledgers built (and rebuilt) in this run
        if args.only in (None, "stories"):
            result["stories"] = {}
            articles = articles_for(args.claims, args.seed)
            for backend in backends:
                url, built = stories_url(backend, args, server, work)
                progress(f"stories on {backend}: {'reusing' if built else 'building'} {url}")
                result["stories"][backend] = stories_latency(url, articles, built=built).__dict__
                ready[backend] = url
                save(result)
            result["python_ms"] = {k: round(v) for k, v in python_floor().items()}
            print("\n".join(stories_table(result["stories"], result["python_ms"], floors)))
        if args.only in (None, "search"):
            result["search"] = {}
            for backend in backends:
                if backend in ready:
                    url, built = ready[backend], True
                else:
                    url, built = stories_url(backend, args, server, work)
                progress(f"search on {backend}: {'reusing' if built else 'building'} {url}")
                articles = [] if built else articles_for(args.claims, args.seed)
                result["search"][backend] = search_latency(url, articles, built=built)
                save(result)
            print("\n".join(search_table(result["search"], floors)))
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    result["load_after"] = load()
    save(result)
    print(
        f"(commit {result['commit']}; {result['load_before']} before, {result['load_after']} after)"
    )
    failures = check(result, floors)
    for failure in failures:
        print(f"REGRESSION: {failure}", file=sys.stderr)
    return 1 if failures else 0


def stories_url(
    backend: str, args: argparse.Namespace, server: Server, work: Path
) -> tuple[str, bool]:
    """Where to build the stories ledger, and whether it is already built (``--cache``)."""
    if backend == "postgres":
        return server.database("bench_stories"), False
    if args.cache:
        path = cached_path(args.cache, args.claims, args.seed)
        return f"sqlite:///{path}", path.exists()
    return f"sqlite:///{work / 'stories.db'}", False


def save(result: dict[str, Any]) -> None:
    """Write the figures so far to build/ledger.json."""
    out = ROOT / "build" / "ledger.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2, default=str) + "\n", encoding="utf-8")


def ingest_figures(t: Throughput) -> dict[str, Any]:
    out: dict[str, Any] = {
        "documents": t.documents,
        "words": t.words,
        "claims": t.claims,
        "extract_s": round(t.extract, 2),
        "extract_docs_per_s": round(t.documents / t.extract, 2),
    }
    for backend, run in t.runs.items():
        out |= {
            f"{backend}_ingest_s": round(run.seconds, 2),
            f"{backend}_docs_per_s": round(t.documents / run.seconds, 2),
            f"{backend}_ledger_s": round(run.ledger, 2),
            f"{backend}_rebuild_s": round(run.rebuild, 2),
            f"{backend}_ratio": round(t.ratio(backend), 3),
            f"{backend}_ratio_end_to_end": round(t.end_to_end(backend), 3),
            f"{backend}_stories": run.report.stories,
            f"{backend}_duplicates": run.report.duplicates,
        }
    return out


def ingest_table(t: Throughput, floors: dict[str, Any]) -> list[str]:
    lines = [
        f"ingest: {t.documents:,} generated documents, {t.words:,} words, {t.claims:,} claims",
        f"  {'':<20}{'seconds':>9}{'docs/s':>9}{'ledger s':>10}{'rebuild s':>11}"
        f"{'other s':>9}{'ratio':>8}{'end-to-end':>12}{'floor':>7}",
        f"  {'extraction alone':<20}{t.extract:9.1f}{t.documents / t.extract:9.1f}",
    ]
    for backend, run in t.runs.items():
        floor = floors.get(f"ratio_{backend}", 0.8)
        other = run.seconds - t.extract - run.ledger - run.rebuild
        lines.append(
            f"  {'ingest ' + backend:<20}{run.seconds:9.1f}{t.documents / run.seconds:9.1f}"
            f"{run.ledger:10.2f}{run.rebuild:11.2f}{other:9.1f}{t.ratio(backend):8.3f}"
            f"{t.end_to_end(backend):12.3f}{floor:7.2f}"
        )
    lines += [
        "  ratio = extraction / (extraction + ledger + rebuild), checked against the floor;",
        "  end-to-end = extraction / ingest; other = ingest - extraction - ledger - rebuild, the",
        "  drift of extraction between the two passes (load on the shared machine)",
    ]
    return lines


def stories_table(
    runs: dict[str, dict[str, Any]], python_ms: dict[str, int], floors: dict[str, Any]
) -> list[str]:
    ceiling = floors.get("stories_ms_100k", 200)
    process_ceiling = floors.get("stories_process_ms_100k_sqlite", 300)
    lines = [
        f"  {'stories':<10}{'claims':>9}{'docs':>8}{'store s':>9}{'rebuild s':>11}"
        f"{'stories':>9}{'library ms':>12}{'process ms':>12}{'ceilings':>11}"
    ]
    for backend, run in runs.items():
        store = "reused" if run["store"] is None else f"{run['store']:.0f}"
        limits = f"{ceiling}/{process_ceiling if backend == 'sqlite' else '-'}"
        lines.append(
            f"  {backend:<10}{run['claims']:9,}{run['documents']:8,}{store:>9}"
            f"{run['rebuild']:11.1f}{run['stories']:9,}{run['library_ms']:12.1f}"
            f"{run['process_ms']:12.0f}{limits:>11}"
        )
    lines.append(
        "  library = ledger.stories(limit=50), median of 20; "
        "process = watchfloor stories --db URL, median of 5"
    )
    shown = ", ".join(f"{name} {ms} ms" for name, ms in python_ms.items())
    lines.append(f"  a Python process that only starts or imports: {shown}")
    return lines


if __name__ == "__main__":
    sys.exit(main())
