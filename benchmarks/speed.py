"""Extraction speed as a ratio to bare spaCy, measured in the same run on the same texts.

    python benchmarks/speed.py [--corpus DIR] [--repeat N] [--jobs N]

Bare spaCy is ``nlp.pipe`` of the very pipeline the engine uses (en_core_web_sm plus the trained
attribution component); the engine adds attribution linking, actor resolution, stance, events,
numbers and dates. The floor (``benchmarks/baseline.json``: ``speed.ratio``) is 0.75. Runs are
interleaved and the best of ``--repeat`` is kept for each side, so a busy neighbour on the machine
slows both alike. The corpus is PolNeAR dev (real news) when ../shared is there, else examples/.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "benchmarks" / "baseline.json"


def _corpus(folder: Path | None) -> list[str]:
    candidates = (
        [folder]
        if folder
        else [ROOT.parent / "shared" / "polnear" / "dev" / "text", ROOT / "examples"]
    )
    for candidate in candidates:
        if candidate and candidate.is_dir():
            texts = [p.read_text(encoding="utf-8") for p in sorted(candidate.glob("*.txt"))]
            if texts:
                print(f"corpus: {candidate} ({len(texts)} documents)")
                return texts
    raise SystemExit("no corpus found: pass --corpus DIR with .txt files")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2, help="also time the multi-process path")
    args = parser.parse_args()

    from watchfloor.config import Settings
    from watchfloor.extraction.engine import extract_documents
    from watchfloor.extraction.pipeline import load_pipeline
    from watchfloor.ingest import make_document

    texts = _corpus(args.corpus)
    published = dt.datetime(2016, 11, 1, tzinfo=dt.UTC)
    documents = [make_document(t, id=str(i), published=published) for i, t in enumerate(texts)]
    nlp = load_pipeline()
    words = sum(len(t.split()) for t in texts)
    list(nlp.pipe(texts[:5]))  # warm up both paths
    list(extract_documents(documents[:5]))

    bare, full = [], []
    claims = 0
    for _ in range(args.repeat):
        start = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=16):
            pass
        bare.append(time.perf_counter() - start)
        start = time.perf_counter()
        claims = sum(len(x.claims) for x in extract_documents(documents, Settings(batch_size=16)))
        full.append(time.perf_counter() - start)
    bare_wps, full_wps = words / min(bare), words / min(full)
    ratio = full_wps / bare_wps
    print(f"words {words:,}, claims {claims:,}")
    print(f"bare spaCy nlp.pipe      {bare_wps:9,.0f} words/s")
    print(f"watchfloor extraction    {full_wps:9,.0f} words/s")
    print(f"ratio                    {ratio:9.3f}   (floor 0.75)")
    result = {"bare_wps": round(bare_wps), "extract_wps": round(full_wps), "ratio": round(ratio, 3)}
    if args.jobs > 1:
        start = time.perf_counter()
        list(extract_documents(documents, Settings(batch_size=16, jobs=args.jobs)))
        multi = words / (time.perf_counter() - start)
        print(f"extraction --jobs {args.jobs}     {multi:9,.0f} words/s (includes worker start-up)")
        result["jobs_wps"] = round(multi)
    out = ROOT / "build" / "speed.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    floor = json.loads(BASELINE.read_text(encoding="utf-8")).get("speed", {}).get("ratio", 0.75)
    if ratio < floor:
        print(f"REGRESSION: ratio {ratio:.3f} is below the floor {floor}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
