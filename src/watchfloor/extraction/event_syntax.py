"""Reading an event's words and arguments from the parse: the helpers of the events stage.

:mod:`.events` finds the event of a claim and :mod:`.presence` the presence of forces; both read
the same things from the dependency parse, kept here: the argument tokens of a verb or noun
(subject through control and coordination, object, the object of a preposition, the counted noun
of "thousands of troops"), the state of a mention (:class:`Resolver`, with "we" and "our
government" as the claim's source), whether a moved thing is a resource, the modality of an event
and its quantity and date. Nothing here decides which event a sentence names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from spacy.tokens import Span, Token

from watchfloor.records import Modality, Quantity, When

from . import dates, quantities
from .plover import Entry, Lexicon

__all__ = [
    "CLAUSAL",
    "NOMINAL",
    "Match",
    "Resolver",
    "StateOf",
    "child_with",
    "children_with",
    "counted",
    "cue_level",
    "has_clause",
    "is_passive",
    "mention_of",
    "modality_of",
    "object_of",
    "phrase_of",
    "prep_object",
    "quantity_of",
    "resource_of",
    "subject_of",
    "uncounted",
    "when_of",
]

StateOf = Callable[[Span], str | None]
"""Maps a mention ("North Korean soldiers", "Seoul", "the North") to a country/org code."""


CLAUSAL = frozenset({"xcomp", "ccomp", "advcl", "conj", "acl", "pcomp", "acomp", "csubj"})
NOMINAL = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "attr", "prep", "appos", "oprd"})
_STRIP = frozenset({"nummod", "quantmod", "preconj", "predet", "punct", "cc"})
_COUNT_NOUNS = frozenset({"thousand", "hundred", "dozen", "million", "billion", "score", "ten"})


@dataclass(frozen=True, slots=True)
class Match:
    """An event word found in the parse, with the tokens its arguments are read from."""

    entry: Entry
    word: Token  # the event verb or noun
    governor: Token  # the verb whose subject and auxiliaries count (a noun's light verb)
    chain: tuple[Token, ...]  # from the content root down to the governor
    theme: Token | None = None  # what a transfer moves, who joins
    recipient: Token | None = None  # "supply Russia with shells"


def children_with(token: Token, deps: frozenset[str]) -> Iterable[Token]:
    """The children of ``token`` attached by one of ``deps``."""
    return (c for c in token.children if c.dep_ in deps)


def child_with(token: Token, *deps: str) -> Token | None:
    """The first child of ``token`` attached by one of ``deps``."""
    return next((c for c in token.children if c.dep_ in deps), None)


def prep_object(token: Token, prep: str) -> Token | None:
    """The object of the preposition ``prep`` on ``token`` ("sent to [Russia]")."""
    for child in token.children:
        if child.dep_ in {"prep", "dative", "agent"} and child.lower_ == prep:
            return child_with(child, "pobj", "pcomp")
    return None


def counted(token: Token) -> Token:
    """The counted noun of a count noun: "thousands of troops" -> troops."""
    if token.lemma_.lower() in _COUNT_NOUNS or token.like_num:
        # "$2 billion in loans" counts loans too
        inner = prep_object(token, "of") or prep_object(token, "in")
        if inner is not None:
            return inner
    return token


def uncounted(token: Token) -> Token:
    """The count noun above a counted noun: troops -> "thousands" (of troops)."""
    prep = token.head
    if token.dep_ == "pobj" and prep.lower_ in {"of", "in"} and prep.head.i != prep.i:
        count = prep.head
        if count.lemma_.lower() in _COUNT_NOUNS or count.like_num:
            return count
    return token


def object_of(token: Token) -> Token | None:
    """The direct object; for "join invading Russian forces" the object of the participle."""
    obj = child_with(token, "dobj")
    if obj is None:
        for child in children_with(token, frozenset({"xcomp", "amod"})):
            if child.tag_ == "VBG" and (inner := child_with(child, "dobj")) is not None:
                return counted(inner)
    return counted(obj) if obj is not None else None


def is_passive(token: Token) -> bool:
    """Whether a verb is passive ("were [sent]")."""
    return any(c.dep_ in {"nsubjpass", "auxpass"} for c in token.children)


def has_clause(token: Token) -> bool:
    """Whether a verb governs a clause ("considering [sending]")."""
    return any(c.dep_ in {"xcomp", "ccomp"} for c in token.children)


def subject_of(token: Token, lex: Lexicon) -> Token | None:
    """The subject of a verb, inherited through control, coordination and noun clauses."""
    for _ in range(6):
        subject = child_with(token, "nsubj", "nsubjpass", "csubj")
        if subject is not None:
            return counted(subject)
        head = token.head
        if token.dep_ in {"xcomp", "advcl", "acomp"} and head.i != token.i:
            obj = child_with(head, "dobj")
            if head.lemma_.lower() in lex.words["object_control"] and obj is not None:
                return obj
            token = head
        elif token.dep_ == "conj" and head.i != token.i:
            token = head
        elif token.dep_ == "acl" and head.pos_ in {"NOUN", "PROPN"}:
            return child_with(head, "poss")
        elif token.dep_ == "relcl":
            return head
        else:
            return None
    return None


def mention_of(token: Token) -> Span:
    """The noun phrase up to ``token`` ("Russia's war efforts"), without leading numbers."""
    doc = token.doc
    start = token.left_edge.i
    while start < token.i and (doc[start].dep_ in _STRIP or doc[start].like_num):
        start += 1
    return doc[start : token.i + 1]


def phrase_of(token: Token) -> Span:
    """The whole subtree of ``token``."""
    return token.doc[token.left_edge.i : token.right_edge.i + 1]


class Resolver:
    """States of mentions, with the claim's own source for "we" / "our government"."""

    def __init__(self, state_of: StateOf, source_country: str | None, lex: Lexicon) -> None:
        self.state_of = state_of
        self.source_country = source_country
        self.words = lex.words

    def __call__(self, token: Token | None) -> str | None:
        if token is None:
            return None
        token = counted(token)
        poss = child_with(token, "poss")
        if token.lower_ in self.words["self_pronouns"] or (
            poss is not None
            and poss.lower_ in self.words["self_possessives"]
            and {token.lemma_.lower(), token.lower_} & self.words["self_nouns"]  # "our troops"
        ):
            return self.source_country
        code = self.state_of(mention_of(token))
        if code is None:
            for prep in ("from", "of"):
                inner = prep_object(token, prep)
                if inner is not None and (code := self.state_of(mention_of(inner))) is not None:
                    break
        return code


def resource_of(token: Token | None, lex: Lexicon) -> tuple[bool, str | None, str | None]:
    """(is a resource, its unit class, its AID mode) of a moved thing."""
    if token is None:
        return False, None, None
    lemma = token.lemma_.lower()
    cls = quantities.load_unit_classes().get(lemma) or quantities.unit_class(token.lower_)
    if cls is None and token.ent_type_ == "MONEY":
        cls = "money"  # "lend $2 billion"
    if cls is not None and cls in lex.resource_classes:
        return True, cls, lex.resource_classes[cls]
    if lemma in lex.resource_nouns:
        return True, None, lex.resource_nouns[lemma]
    return False, cls, None


def cue_level(cue_lemma: str, lex: Lexicon) -> int:
    """The modality a cue imposes on its content: "Seoul is considering [sending weapons]"."""
    words = lex.words
    if cue_lemma in words["hypothetical_adjectives"]:
        return 2
    if cue_lemma in words["planned_verbs"] | words["planned_adjectives"]:
        return 1
    return 0


def modality_of(m: Match, lex: Lexicon, floor: int = 0) -> Modality:
    """actual, planned or hypothetical: auxiliaries, intention verbs and conditionals on the
    chain from the content's root to the event; ``floor`` is the level the cue imposes."""
    words = lex.words
    level = floor
    if m.word.i != m.governor.i and m.governor.lemma_.lower() in words["planned_verbs"]:
        level = 1  # "threatened Seoul with retaliation", "warned of countermeasures"
    for k, token in enumerate(m.chain):
        # an intention governs the event through its to-clause: "considering sending",
        # "being prepared to join", "ready to send" (not "warned that ...")
        below = m.chain[k + 1] if k + 1 < len(m.chain) else None
        governs = below is not None and below.dep_ == "xcomp"
        lemma = token.lemma_.lower()
        if governs and (
            lemma in words["planned_verbs"] | words["planned_adjectives"] or token.lower_ == "going"
        ):
            level = max(level, 1)
        if governs and lemma in words["hypothetical_adjectives"]:
            level = 2
        for child in token.children:
            if child.dep_ in {"aux", "auxpass"} or child.tag_ == "MD":
                if child.lower_ in words["hypothetical_aux"]:
                    level = 2
                elif child.lower_ in words["planned_aux"]:
                    level = max(level, 1)
            if child.dep_ == "advcl" and any(
                g.dep_ == "mark" and g.lower_ in words["conditional_marks"] for g in child.children
            ):
                level = 2
        if token.dep_ == "advcl" and any(
            g.dep_ == "mark" and g.lower_ in words["conditional_marks"] for g in token.children
        ):
            level = 2
    if m.word.pos_ in {"NOUN", "PROPN"}:
        for child in children_with(m.word, frozenset({"amod", "compound"})):
            if child.lower_ in words["hypothetical_modifiers"]:
                level = 2
            elif child.lower_ in words["planned_modifiers"]:
                level = max(level, 1)
    modalities: tuple[Modality, ...] = ("actual", "planned", "hypothetical")
    return modalities[level]


def quantity_of(m: Match, spans: list[Span], lex: Lexicon) -> Quantity | None:
    """The count of the moved thing, the subject or the object, else the content's main count."""
    for token in (m.theme, subject_of(m.governor, lex), object_of(m.word)):
        if token is None:
            continue
        if (q := quantities.parse_quantity(phrase_of(uncounted(token)))) is not None:
            return q
    known = [
        mention
        for span in spans
        for mention in quantities.find_quantity_mentions(span)
        if mention.unit_class is not None and mention.unit_class != "percent"
    ]
    return min(known, key=lambda x: x.rank).quantity if known else None


def when_of(m: Match, spans: list[Span], published: dt.date | None) -> When | None:
    """The date attached to the event's predicate, else the content's first date."""
    for span in spans:
        found = dates.resolve_when(span, published, head=m.governor)
        if found is not None:
            return found
    return None
