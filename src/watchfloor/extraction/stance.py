"""Stance (assert, confirm, allege, deny) and hedging of an attribution.

The stance starts from the cue's lexicon entry (``data/cues.yaml``: "confirmed" confirms,
"claimed" alleges, "rubbished" denies) and is then turned by what surrounds the cue:

* a negated cue ("did not confirm", "has not said") denies what a confirming, asserting or
  alleging cue would have said; a negated denial ("did not deny") is an assertion, hedged;
* a content that opens on a denial phrase ("there was no evidence that", "could not confirm")
  denies.

A claim is hedged when its content is uncertain: a modal (may, could), a hedge word (likely,
reportedly, believed, expected to, up to), an approximated number ("about 1,500"), a belief cue
("is worried that"), or no named source ("amid reports that"). The lexicons are data files.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from spacy.tokens import Doc, Token

from watchfloor.errors import GazetteerError
from watchfloor.extraction.attribution_lexicon import CueEntry, load_cues
from watchfloor.extraction.datafiles import read_yaml_mapping
from watchfloor.records import Stance

__all__ = ["HedgeLexicon", "StanceResult", "classify", "cue_entry", "load_hedges"]

_DENIAL_WINDOW = 8
"""How many tokens at the start of the content a denial phrase may sit in."""


@dataclass(frozen=True, slots=True)
class HedgeLexicon:
    modals: frozenset[str]
    lemmas: frozenset[str]
    approximators: frozenset[str]
    phrases: tuple[tuple[str, ...], ...]
    denial_phrases: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class StanceResult:
    stance: Stance
    hedged: bool
    reasons: tuple[str, ...]


@functools.cache
def load_hedges(extra: tuple[Path, ...] = ()) -> HedgeLexicon:
    """The bundled hedge lexicon, with the entries of ``extra`` files added."""
    sources = [resources.files("watchfloor.extraction") / "data" / "hedges.yaml", *extra]
    merged: dict[str, set[str]] = {}
    for source in sources:
        data = read_yaml_mapping(source, "a mapping of hedge lists (modals, lemmas, phrases)")
        for key, values in data.items():
            if not isinstance(values, list):
                raise GazetteerError(f"{source}: {key!r} must be a list of words or phrases")
            merged.setdefault(key, set()).update(str(v).lower() for v in values)

    def phrases(key: str) -> tuple[tuple[str, ...], ...]:
        return tuple(sorted(tuple(p.split()) for p in merged.get(key, ())))

    return HedgeLexicon(
        modals=frozenset(merged.get("modals", ())),
        lemmas=frozenset(merged.get("lemmas", ())),
        approximators=frozenset(merged.get("approximators", ())),
        phrases=phrases("phrases"),
        denial_phrases=phrases("denial_phrases"),
    )


def cue_entry(lemma: str) -> CueEntry | None:
    """The cue lexicon's entry for a lemma or phrase (verbs first, then nouns, phrases,
    adverbs), or None. The lexicon is the attribution finder's own (``data/cues.yaml``)."""
    lexicon = load_cues()
    key = lemma.lower()
    words = tuple(key.split())
    return (
        lexicon.verbs.get(key)
        or lexicon.nouns.get(key)
        or lexicon.phrases.get(words)
        or lexicon.adverbs.get(key)
    )


def _starts_with(words: list[str], phrase: tuple[str, ...], at: int) -> bool:
    return tuple(words[at : at + len(phrase)]) == phrase


def _has_phrase(words: list[str], phrases: tuple[tuple[str, ...], ...], limit: int) -> str | None:
    for i in range(min(len(words), limit)):
        for phrase in phrases:
            if words[i] == phrase[0] and _starts_with(words, phrase, i):
                return " ".join(phrase)
    return None


def _negated(cue: Token) -> bool:
    if any(child.dep_ == "neg" for child in cue.children):
        return True
    # "no longer claims", "never confirmed"
    return any(
        child.lower_ in {"never", "no"} and child.dep_ in {"neg", "advmod", "det"}
        for child in cue.children
    )


def classify(
    doc: Doc,
    *,
    cue_head: int,
    cue_lemma: str,
    content: tuple[tuple[int, int], ...],
    has_source: bool,
    hedges: HedgeLexicon | None = None,
) -> StanceResult:
    """The stance and hedging of one attribution, with the reasons for each."""
    hedges = hedges or load_hedges()
    entry = cue_entry(cue_lemma)
    reasons: list[str] = []
    stance: Stance = entry.stance if entry is not None else "assert"
    reasons.append(
        f"cue {cue_lemma!r} {stance}s" if entry else f"cue {cue_lemma!r} not in lexicon: assert"
    )
    hedged = False
    cue = doc[cue_head]
    if _negated(cue):
        if stance == "deny":
            stance, hedged = "assert", True
            reasons.append("negated denial: assert, hedged")
        else:
            stance = "deny"
            reasons.append(f"negated cue {cue.text!r}: deny")

    tokens = [t for s, e in content for t in _tokens_of(doc, s, e)]
    words = [t.lower_ for t in tokens]
    denial = _has_phrase(words, hedges.denial_phrases, _DENIAL_WINDOW + 4)
    if denial and stance != "deny":
        stance = "deny"
        reasons.append(f"content opens with {denial!r}: deny")

    if entry is not None and entry.kind == "belief":
        hedged = True
        reasons.append(f"belief cue {cue_lemma!r}: hedged")
    if not has_source:
        hedged = True
        reasons.append("no named source: hedged")
    hedge = _content_hedge(tokens, words, hedges)
    if hedge:
        hedged = True
        reasons.append(f"content hedged by {hedge!r}")
    return StanceResult(stance=stance, hedged=hedged, reasons=tuple(reasons))


def _tokens_of(doc: Doc, start: int, end: int) -> list[Token]:
    """The tokens of a character range, found through the Doc's offsets (not a scan)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []


def _content_hedge(tokens: list[Token], words: list[str], hedges: HedgeLexicon) -> str | None:
    for i, token in enumerate(tokens):
        if token.tag_ == "MD" and token.lower_ in hedges.modals:
            return token.lower_
        if token.lemma_.lower() in hedges.lemmas:
            return token.text
        if token.lower_ in hedges.approximators and i + 1 < len(tokens) and tokens[i + 1].like_num:
            return f"{token.text} {tokens[i + 1].text}"
    return _has_phrase(words, hedges.phrases, len(words))
