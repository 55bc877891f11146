"""Web speed: the overview, a story page and the API lists at 100,000 claims, p95 on 127.0.0.1.

    python benchmarks/web.py [--claims 100000] [--cache DIR] [--requests 200] [--seed 0]

Builds (or, with ``--cache``, reuses) the generated 100,000-claim SQLite ledger of
``benchmarks/ledger.py``, starts the real server (``watchfloor serve`` with the founding
playbook, in its own process), waits until it answers, and then sends ``--requests`` sequential
requests to each page and endpoint, timing each from the client. Reported per target: median,
p95 and the worst; beside them ``/healthz`` measured the same way in the same run: the floor of
Python, uvicorn and the client, which every other figure includes.

Ceilings (``web`` in ``baseline.json``; the issue's): overview and story page p95 under 200 ms,
the API list endpoint (``/api/v1/claims``) p95 under 100 ms. The server's replay process computes
the playbook's timeline in the background meanwhile, as it does after every start. Exits 1 when
a p95 misses its ceiling.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

from ledger import ROOT, generated_ledger, load

BASELINE = ROOT / "benchmarks" / "baseline.json"
PLAYBOOK = ROOT / "playbooks" / "korea-russia.yaml"


def measure(client: httpx.Client, path: str, n: int) -> dict[str, float]:
    client.get(path).raise_for_status()  # warm-up
    times = []
    for _ in range(n):
        begin = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - begin) * 1000)
        response.raise_for_status()
    times.sort()
    return {
        "median_ms": statistics.median(times),
        "p95_ms": times[max(0, round(0.95 * n) - 1)],
        "max_ms": times[-1],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--cache", type=Path, help="keep and reuse the SQLite ledger")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="watchfloor-web-"))
    before = load()
    db = generated_ledger(args.cache or work, args.claims, args.seed)
    from watchfloor.web.process import start_server, stop_server

    process, url = start_server(db, work / "server.log", "--playbook", str(PLAYBOOK), timeout=600)
    try:
        with httpx.Client(base_url=url, timeout=30) as client:
            stories = client.get("/api/v1/stories", params={"limit": 50}).json()["items"]
            busiest = max(stories, key=lambda s: s.get("claim_count", 0))
            story_id = busiest["id"]
            targets = {
                "healthz (floor)": "/healthz",
                "overview page": "/",
                "story page": f"/stories/{story_id}",
                "api claims list": "/api/v1/claims?limit=50",
                "api claims, filtered": "/api/v1/claims?limit=50&stance=deny",
                "api claims, full text": "/api/v1/claims?limit=50&q=troops",
                "api stories list": "/api/v1/stories?limit=50",
            }
            results = {name: measure(client, p, args.requests) for name, p in targets.items()}
            counts = client.get("/healthz").json()
    finally:
        stop_server(process)
    ceilings = json.loads(BASELINE.read_text())["web"]
    limits = {
        "overview page": ceilings["page_p95_ms"],
        "story page": ceilings["page_p95_ms"],
        "api claims list": ceilings["api_list_p95_ms"],
    }
    print(f"web: {args.claims:,}-claim ledger, {args.requests} requests each (version {counts})")
    print(f"  {'':24} {'median':>8} {'p95':>8} {'max':>8}   ceiling (p95)")
    failed = []
    for name, r in results.items():
        limit = limits.get(name)
        print(
            f"  {name:24} {r['median_ms']:8.1f} {r['p95_ms']:8.1f} {r['max_ms']:8.1f}   "
            + (f"{limit} ms" if limit else "")
        )
        if limit and r["p95_ms"] > limit:
            failed.append(f"{name}: p95 {r['p95_ms']:.0f} ms above {limit} ms")
    print(f"({before} before, {load()} after; {dt.datetime.now(dt.UTC).date().isoformat()})")
    for line in failed:
        print(f"REGRESSION: {line}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
