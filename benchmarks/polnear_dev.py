#!/usr/bin/env python3
"""Accuracy of the attribution finder on PolNeAR dev (and on held-out train documents).

    python benchmarks/polnear_dev.py [--gold ../shared/polnear/dev] [--no-heldout]

Runs the production path (``load_pipeline()`` + ``find_attributions``) over every
``<gold>/text/*.txt``, writes the predictions in the scorer's JSONL format to
``build/polnear/<name>.jsonl`` (one attribution per cue), scores them with
``../shared/tools/score_attributions.py --json``, prints the table and compares it with the
floors in ``benchmarks/baseline.json`` (keys ``polnear_dev`` and ``polnear_heldout_train``).
Exits 1 when a figure falls below its floor, 2 on a usage error.

The held-out sample is the PolNeAR train documents listed in
``training/heldout_train_docs.txt``, which ``training/train_attribution.py`` never trains on;
they are scored from a gold directory of symbolic links under ``build/`` (the data is never
copied). Dev figures have run 3-5 points above held-out train documents.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCORER = ROOT / "../shared/tools/score_attributions.py"
BASELINE = ROOT / "benchmarks/baseline.json"
HELDOUT_LIST = ROOT / "training/heldout_train_docs.txt"
BUILD = ROOT / "build/polnear"

FIGURES = {
    "source_exact_f1": ("source_exact", 2),
    "cue_exact_f1": ("cue_exact", 2),
    "content_exact_f1": ("content_exact", 2),
    "content_overlap_f1": ("content_overlap", 2),
    "attribution_exact_f1": ("attribution_exact", 2),
}


def predict(gold_dir: Path, out: Path, only: set[str] | None = None) -> tuple[int, float]:
    """Write the predictions for every text of gold_dir; return (words, seconds)."""
    from watchfloor.extraction.attribution import find_attributions
    from watchfloor.extraction.pipeline import load_pipeline

    nlp = load_pipeline()
    files = sorted((gold_dir / "text").glob("*.txt"))
    if only is not None:
        files = [f for f in files if f.stem in only]
    texts = [f.read_text(encoding="utf-8") for f in files]
    out.parent.mkdir(parents=True, exist_ok=True)
    words = 0
    started = time.perf_counter()
    with out.open("w", encoding="utf-8") as fh:
        for path, doc in zip(files, nlp.pipe(texts, batch_size=32), strict=True):
            words += sum(1 for t in doc if not t.is_space and not t.is_punct)
            claims = [
                {
                    "source": {"spans": [list(r) for r in att.source]},
                    "cue": {"spans": [list(r) for r in att.cue]},
                    "content": {"spans": [list(r) for r in att.content]},
                }
                for att in find_attributions(doc)
            ]
            fh.write(json.dumps({"document": {"id": path.stem}, "claims": claims}) + "\n")
    return words, time.perf_counter() - started


def score(gold_dir: Path, predictions: Path) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, str(SCORER), str(gold_dir), str(predictions), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"the scorer failed on {predictions}:\n{result.stderr}")
    scores: dict[str, object] = json.loads(result.stdout)
    return scores


def heldout_gold_dir(train_dir: Path, stems: set[str]) -> Path:
    """A gold directory of symbolic links to the held-out train texts and annotations."""
    target = BUILD / "heldout_train_gold"
    for sub in ("text", "attributions"):
        d = target / sub
        d.mkdir(parents=True, exist_ok=True)
        for link in d.iterdir():
            link.unlink()
    for stem in sorted(stems):
        anns = sorted((train_dir / "attributions").glob(stem + "_*.ann"))
        if len(anns) != 1:
            raise SystemExit(f"held-out document {stem}: expected one .ann file, found {len(anns)}")
        (target / "text" / f"{stem}.txt").symlink_to((train_dir / "text" / f"{stem}.txt").resolve())
        (target / "attributions" / anns[0].name).symlink_to(anns[0].resolve())
    return target


def _prf(triple: object) -> str:
    p, r, f = triple  # type: ignore[misc]
    return f"{p:5.1f} {r:5.1f} {f:5.1f}"


def table(name: str, s: dict[str, object]) -> str:
    lines = [
        f"{name}: documents {s['documents']}, gold {s['gold_attributions']}, "
        f"predicted {s['predicted_attributions']}",
        f"  {'role':<12}{'exact P/R/F1':>22}{'overlap P/R/F1':>24}",
    ]
    for role in ("source", "cue", "content"):
        lines.append(f"  {role:<12}{_prf(s[f'{role}_exact']):>22}{_prf(s[f'{role}_overlap']):>24}")
    lines.append(f"  {'attribution':<12}{_prf(s['attribution_exact']):>22}")
    return "\n".join(lines)


def check(name: str, s: dict[str, object], floors: dict[str, float]) -> list[str]:
    failures = []
    for key, floor in floors.items():
        if key not in FIGURES:
            continue
        field, idx = FIGURES[key]
        value = float(s[field][idx])  # type: ignore[index]
        if value < floor:
            failures.append(f"{name} {key} = {value:.1f} is below its floor {floor:.1f}")
    return failures


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--gold",
        type=Path,
        default=ROOT / "../shared/polnear/dev",
        help="a PolNeAR split directory (text/ and attributions/) or its text/",
    )
    ap.add_argument(
        "--train",
        type=Path,
        default=ROOT / "../shared/polnear/train",
        help="PolNeAR train, for the held-out documents",
    )
    ap.add_argument("--no-heldout", action="store_true", help="skip the held-out train sample")
    ap.add_argument("--baseline", type=Path, default=BASELINE)
    args = ap.parse_args(argv)
    gold = args.gold.parent if args.gold.name == "text" else args.gold
    if not (gold / "text").is_dir():
        print(f"no text/ directory under {gold}: pass --gold a PolNeAR split", file=sys.stderr)
        return 2

    floors = json.loads(args.baseline.read_text(encoding="utf-8")) if args.baseline.exists() else {}
    failures: list[str] = []
    runs = [("polnear_dev", gold, None)]
    if not args.no_heldout:
        stems = {
            ln.strip()
            for ln in HELDOUT_LIST.read_text(encoding="utf-8").splitlines()
            if ln.strip() and not ln.startswith("#")
        }
        runs.append(("polnear_heldout_train", heldout_gold_dir(args.train, stems), stems))
    for name, gold_dir, only in runs:
        out = BUILD / f"{name}.jsonl"
        words, seconds = predict(gold_dir, out, only)
        s = score(gold_dir, out)
        print(table(name, s))
        print(
            f"  ({words} words in {seconds:.1f} s, {words / seconds:.0f} words/s; "
            f"predictions in {out.relative_to(ROOT)})"
        )
        failures += check(name, s, floors.get(name, {}))
    for failure in failures:
        print("REGRESSION: " + failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
