"""Near-duplicate detection: MinHash signatures of word shingles, and LSH band buckets.

A syndicated copy or a lightly edited rewrite of an article shares most of its five-word
shingles with the original; two different articles that quote the same sentence share few.
The Jaccard similarity of the shingle sets is estimated from 128 MinHash values, and candidate
pairs are found through 32 bands of 4 values each, so the ledger finds a document's copies with
an indexed lookup rather than by comparing it with every stored document.

With 32 bands of 4, a pair with true similarity 0.5 becomes a candidate with probability 0.87,
one at 0.7 with probability 0.9996; candidates are then confirmed on the full signature against
:data:`DUPLICATE_THRESHOLD`.

The permutations come from a fixed seed: signatures are stored, so they must be the same in
every process and every release. Changing :data:`SEED`, :data:`PERMUTATIONS`,
:data:`SHINGLE_WORDS` or the tokeniser needs a ledger migration that recomputes them.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = [
    "BANDS",
    "DUPLICATE_THRESHOLD",
    "PERMUTATIONS",
    "Signature",
    "signature",
    "similarity",
]

PERMUTATIONS = 128
BANDS = 32
ROWS = PERMUTATIONS // BANDS
SHINGLE_WORDS = 5
SEED = 20241018
DUPLICATE_THRESHOLD = 0.5
"""Estimated Jaccard similarity of shingle sets at or above which two texts are one origin."""

_MERSENNE = np.uint64((1 << 61) - 1)
_MAX32 = np.uint64((1 << 32) - 1)
_WORD = re.compile(r"\w+")
_rng = np.random.default_rng(SEED)
_A = _rng.integers(1, (1 << 61) - 1, size=PERMUTATIONS, dtype=np.uint64)
_B = _rng.integers(0, (1 << 61) - 1, size=PERMUTATIONS, dtype=np.uint64)


@dataclass(frozen=True, slots=True)
class Signature:
    """The MinHash values of one text (``PERMUTATIONS`` unsigned 32-bit integers)."""

    values: tuple[int, ...]

    def bands(self) -> tuple[tuple[int, int], ...]:
        """``(band, bucket)`` pairs: texts sharing any pair are candidate near-duplicates.
        Buckets are non-negative and fit a signed 64-bit column."""
        out = []
        for band in range(BANDS):
            chunk = self.values[band * ROWS : (band + 1) * ROWS]
            digest = hashlib.blake2b(
                b"".join(v.to_bytes(4, "little") for v in chunk), digest_size=8
            ).digest()
            out.append((band, int.from_bytes(digest, "little") & ((1 << 63) - 1)))
        return tuple(out)


def _shingle_hashes(text: str) -> npt.NDArray[np.uint64]:
    words = _WORD.findall(text.casefold())
    if len(words) < SHINGLE_WORDS:
        grams = [" ".join(words)] if words else [""]
    else:
        grams = [" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - 4)]
    unique = sorted(set(grams))
    return np.fromiter(
        (
            int.from_bytes(hashlib.blake2b(g.encode(), digest_size=4).digest(), "little")
            for g in unique
        ),
        dtype=np.uint64,
        count=len(unique),
    )


def signature(text: str) -> Signature:
    """The MinHash signature of ``text``'s five-word shingles (case-folded words)."""
    hashes = _shingle_hashes(text)
    with np.errstate(over="ignore"):
        permuted = (np.outer(hashes, _A) + _B) % _MERSENNE & _MAX32
    return Signature(tuple(int(v) for v in permuted.min(axis=0)))


def similarity(a: Signature, b: Signature) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets, in [0, 1]."""
    if len(a.values) != len(b.values):
        raise ValueError("signatures of different lengths cannot be compared")
    same = np.count_nonzero(np.asarray(a.values) == np.asarray(b.values))
    return int(same) / len(a.values)
