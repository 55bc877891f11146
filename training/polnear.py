"""Reading PolNeAR (BRAT standoff) for training and evaluation; see ../shared/polnear/README.md.

The data is read in place from the shared directory and never copied into the repository.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

Ranges = list[tuple[int, int]]

EDGE = " \t\r\n.,;:!?\"'“”‘’()[]—–-"
"""Characters the shared scorer trims from span edges (tools/score_attributions.py)."""


@dataclass(frozen=True)
class GoldAttribution:
    source: Ranges
    cue: Ranges
    content: Ranges


@dataclass(frozen=True)
class GoldDocument:
    id: str
    text: str
    attributions: list[GoldAttribution]


def read_ann(path: Path) -> list[GoldAttribution]:
    """The attributions of one .ann file (Discard / Discuss spans are not gold)."""
    spans: dict[str, Ranges] = {}
    rels: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("T") and line.count("\t") >= 2:
            tid, mid, _ = line.split("\t", 2)
            _kind, offs = mid.split(" ", 1)
            spans[tid] = [(int(a), int(b)) for a, b in (p.split() for p in offs.split(";"))]
        elif line.startswith("E") and "\t" in line:
            _, mid = line.split("\t", 1)
            rels.append(dict(x.split(":", 1) for x in mid.split()))
    out = []
    for r in rels:

        def get(role: str, r: dict[str, str] = r) -> Ranges:
            return spans.get(r[role], []) if role in r else []

        out.append(GoldAttribution(source=get("Source"), cue=get("Cue"), content=get("Content")))
    return out


def pick_annotation(split_dir: Path, stem: str) -> Path | None:
    """The annotation file used for a document: the one with the most attributions when
    several annotators annotated it."""
    anns = sorted((split_dir / "attributions").glob(stem + "_*.ann"))
    if not anns:
        return None
    return max(anns, key=lambda p: (p.read_text(encoding="utf-8").count("\nE"), p.name))


def read_split(
    split_dir: Path, only: set[str] | None = None, exclude: set[str] | None = None
) -> list[GoldDocument]:
    """Every document of a split directory (text/ + attributions/), in name order."""
    docs = []
    for txt in sorted((split_dir / "text").glob("*.txt")):
        if (only is not None and txt.stem not in only) or (exclude and txt.stem in exclude):
            continue
        ann = pick_annotation(split_dir, txt.stem)
        atts = read_ann(ann) if ann else []
        docs.append(GoldDocument(txt.stem, txt.read_text(encoding="utf-8"), atts))
    return docs


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """A character range with the scorer's edge characters trimmed (may become empty)."""
    while start < end and text[start] in EDGE:
        start += 1
    while end > start and text[end - 1] in EDGE:
        end -= 1
    return start, end


def read_heldout(path: Path) -> set[str]:
    """Document stems listed one per line (comments start with #)."""
    return {
        ln.strip()
        for ln in path.read_text(encoding="utf-8").splitlines()
        if ln.strip() and not ln.startswith("#")
    }
