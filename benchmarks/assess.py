"""Assessment speed: `assess` over a ledger of 100,000 claims, and the cost of one replay step.

    python benchmarks/assess.py [--claims 100000] [--cache DIR] [--seed 0]

Builds (or, with ``--cache``, reuses) the same generated 100,000-claim SQLite ledger as
``benchmarks/ledger.py`` (the generator's ground truth stored without spaCy), grades it, then
times, with the founding playbook ``playbooks/korea-russia.yaml``:

* ``assess`` now, from the stored stories (median of 5): the issue's ceiling is one second
  (``assess_ms_100k`` in ``baseline.json``);
* the full timeline replay over a year of daily steps from the first evidence (``watchfloor
  timeline --until``: every day the claims known then corroborated again, and every arrival of
  evidence on a day where something changed); reported, not gated. ``--no-replay`` skips it.

Exits 1 when ``assess`` misses its ceiling.
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

from ledger import ROOT, generated_ledger, load

BASELINE = ROOT / "benchmarks" / "baseline.json"
PLAYBOOK = ROOT / "playbooks" / "korea-russia.yaml"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--cache", type=Path, help="keep and reuse the SQLite ledger")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-replay", action="store_true", help="skip the year's replay")
    args = parser.parse_args()

    from watchfloor.assess import load_playbook
    from watchfloor.assess.replay import Replay, assess_ledger, timeline
    from watchfloor.corroborate import rebuild
    from watchfloor.ledger import open_ledger

    before = load()
    folder = args.cache or Path(tempfile.mkdtemp(prefix="watchfloor-assess-"))
    url = generated_ledger(folder, args.claims, args.seed)
    playbook = load_playbook(PLAYBOOK)
    with open_ledger(url) as ledger:
        if ledger.stories_stale():
            rebuild(ledger)
        counts = ledger.counts()
        assess_ledger(ledger, playbook)  # warm-up
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            result = assess_ledger(ledger, playbook)
            runs.append((time.perf_counter() - start) * 1000)
        replay_start = time.perf_counter()
        replay = Replay(ledger)
        read_s = time.perf_counter() - replay_start
        first = replay.times()[0]
        year = first + dt.timedelta(days=365)
        days = len(list(replay.grid(dt.timedelta(days=1), year)))
        year_s, changes = 0.0, []
        if not args.no_replay:
            year_start = time.perf_counter()
            changes = list(timeline(ledger, playbook, until=year))
            year_s = time.perf_counter() - year_start
    assess_ms = statistics.median(runs)
    ceiling = json.loads(BASELINE.read_text())["assess"]["assess_ms_100k"]
    print(
        f"assess: {counts['claims']:,} claims, {counts['stories']:,} stories; "
        f"korea-russia phase {result.phase}\n"
        f"  assess now (median of 5)        {assess_ms:8.0f} ms   ceiling {ceiling} ms\n"
        f"  replay: read the ledger once    {read_s:8.1f} s\n"
        + (
            f"  timeline: a year, daily steps   {year_s:8.1f} s   ({days} steps from "
            f"{first.date().isoformat()}, {len(changes)} changes; read included)\n"
            if not args.no_replay
            else ""
        )
        + f"({before} before, {load()} after; "
        f"{dt.datetime.now(dt.UTC).date().isoformat()})"
    )
    if assess_ms > ceiling:
        print(f"REGRESSION: assess takes {assess_ms:.0f} ms, above {ceiling} ms", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
