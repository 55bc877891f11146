"""The presence of one state's forces in another: "3,000 North Korean soldiers were training at
bases in Russia's Far East", "North Korea had about 11,000 troops in Russia".

News states a deployment more often by where the forces are than by their being sent. The
established reading of "sent 1,500 special operation forces to Russia" is AID military to Russia;
forces *in* Russia read the same: the lexicon's ``presence.event`` (AID military), from the
forces' own state to the state of the place (the host). Which words count is data (``presence``
in ``data/plover.yaml``); this module holds the rules:

1. **Forces** are nouns of the ``presence.classes`` unit classes (troops, units: "soldiers",
   "special forces", "battalions"), counted through "thousands of troops"; "no troops" are none.
2. **Where they are** is a place phrase (``presence.preps``: in, at, inside, within, on):
   on the forces noun itself ("North Korean troops in Russia", whatever the verb); in a
   participle or relative clause on it whose verb is a presence verb ("troops stationed in",
   "troops that are in"); on the predicate they are the subject of, if it is a presence verb
   ("were training at", "are in", "arrived in", "were seen in", "there are ... in", on its
   adjective in "were present in"); or on the
   predicate they are the object of, if it is a holding verb ("had 11,000 troops in Russia").
3. **A place** is a proper noun that is no date, person, organisation or group ("in Russia's
   Far East", "in Kursk") or a ``presence.place_nouns`` noun ("at bases", "in the Kursk
   region"), followed down nested place phrases until one has a state ("at bases in Russia's
   Far East" -> RUS). A place at a state's edge (``edge_nouns``: "at Ukraine's border") is not
   inside it. "in Ukrainian custody", "in Russian uniforms", "in the film" are no places.
4. **Actor** is the forces' own state ("North Korean soldiers", "Pyongyang's troops", "our
   troops"), else the subject of a holding verb ("North Korea had ... troops"). **No event**
   when either state is unknown, or when the forces are at home ("Russian troops in Russia",
   "Russian units in the Kursk region"): being at home is no act between states.
5. **Modality** is read on the chain from the content's root to the predicate, as for every
   event ("could be stationed", "plans to keep troops in"); the **quantity** is the count of the
   forces; the **date** is one attached to the predicate's own clause: in "had 11,000 troops in
   Russia, and the number could rise to 12,000 by December" December dates the projection, not
   the presence.

:func:`located_host` serves :mod:`.events` for a transfer without recipient: "North Korean troops
were stationed in Russia" moves troops with no "to" phrase; the place gives the recipient, so it
is AID to Russia, not MOBILIZE.

Known limits (``docs/events.md``): forces in a state they are fighting ("Russian troops in
Crimea") read as AID to it, like the transfers; verbal negation ("are not in Russia") is not
read; forces "near" a place are not in it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from watchfloor.records import Event

from .event_syntax import (
    Match,
    Resolver,
    child_with,
    children_with,
    modality_of,
    quantity_of,
    resource_of,
    subject_of,
    uncounted,
    when_of,
)
from .plover import Lexicon, Presence

__all__ = ["Sighting", "find_presence", "located_host", "presence_event"]

# entity types that are never a place: "in October", "in Kim's honour", "in NATO"
_NOT_PLACES = frozenset(
    {"DATE", "TIME", "PERSON", "ORG", "NORP", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE",
     "MONEY", "QUANTITY", "PERCENT", "CARDINAL", "ORDINAL"}
)  # fmt: skip
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "attr"})  # "there are [troops] in"
_OWN_CLAUSES = frozenset({"acl", "relcl"})  # "troops [stationed] in", "troops that [are] in"
_NOT_CLAUSE = frozenset({"conj", "cc"})  # a coordinated clause is not the predicate's own
_NEGATIVE = frozenset({"no", "zero"})
_INSIDE = frozenset({"compound", "appos", "conj", "nmod"})  # still the same noun phrase
_ARGUMENTS = frozenset({"nsubj", "nsubjpass", "dobj", "attr", "oprd", "dative"})
_NOUNS = frozenset({"NOUN", "PROPN"})
_MODIFIERS = frozenset({"amod", "compound", "nmod", "acl"})
_MAX_DEPTH = 3  # nested place phrases followed: "at bases in Russia's Far East"
_MAX_CLIMB = 12


@dataclass(frozen=True, slots=True)
class Sighting:
    """Forces found in a foreign state: where they were read, and the two states."""

    match: Match  # word: the forces noun; governor: the predicate whose modality counts
    actor: str
    host: str


def _is_place(token: Token, words: Presence) -> bool:
    if token.ent_type_ in _NOT_PLACES:
        return False
    if token.pos_ == "PROPN":
        return True
    low = token.lower_
    forms = {token.lemma_.lower(), low, low.removesuffix("s"), low.removesuffix("es")}
    return token.pos_ == "NOUN" and not forms.isdisjoint(words.place_nouns)


def _place_phrase(token: Token, words: Presence) -> Token | None:
    """The place named by a place phrase on ``token``: "in [Russia]", "at [bases]"."""
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ in words.preps:
            place = child_with(prep, "pobj")
            if place is not None and _is_place(place, words):
                return place
    return None


def _host(place: Token, resolve: Resolver, words: Presence) -> str | None:
    """The state a place is in, following nested place phrases down."""
    for _ in range(_MAX_DEPTH):
        if place.lemma_.lower() in words.edge_nouns or place.lower_ in words.edge_nouns:
            return None  # "at Ukraine's border" is not inside Ukraine
        if _hostile(place, words):
            return None  # "in occupied Kherson": an enemy's presence, not aid
        code = resolve(place)
        if code is not None:
            return code
        deeper = _place_phrase(place, words)
        if deeper is None:
            return None
        place = deeper
    return None


def located_host(holders: Iterable[Token | None], resolve: Resolver, lex: Lexicon) -> str | None:
    """The state of the first place phrase on ``holders`` (a transfer verb, the moved thing):
    "were stationed [in Russia]" -> RUS, "deployed troops [at bases in Belarus]" -> BLR."""
    words = lex.presence
    for holder in holders:
        place = _place_phrase(holder, words) if holder is not None else None
        if place is not None and (code := _host(place, resolve, words)) is not None:
            return code
    return None


def _anchor(base: Token, content: frozenset[int]) -> tuple[Token | None, list[Token]]:
    """The predicate of the content the forces are an argument of ("the number of [troops] in
    Russia [had risen]"), or the forces themselves when the content is their noun phrase, with
    the nouns of that phrase ("number", "troops"). ``None`` when they sit in an adjunct ("could
    be used against Ukrainian forces in Kursk"): forces named as what is fought are not said to
    be deployed."""
    token, nouns = base, [base]
    for _ in range(_MAX_CLIMB):
        head = token.head
        if head.i == token.i or head.i not in content:
            return base, nouns
        if token.dep_ in _ARGUMENTS and head.pos_ in {"VERB", "AUX"}:
            return head, nouns
        if token.dep_ in _INSIDE:
            token = head
        elif token.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ in _NOUNS:
            token = head.head  # "the number of troops", "the presence of troops"
        else:
            return None, nouns
        nouns.append(token)
    return None, nouns


def _hostile(token: Token, words: Presence) -> bool:
    """Whether forces or a place are marked as an enemy's: "invading forces", "occupied Kherson",
    "forces invading Ukraine" (the word, its modifiers, or the verb it is the object of)."""
    near = [token, token.head, *(c for c in token.children if c.dep_ in _MODIFIERS)]
    return any(not {t.lemma_.lower(), t.lower_}.isdisjoint(words.hostile_words) for t in near)


def _located(forces: Token, words: Presence, content: frozenset[int]) -> tuple[Token, Token] | None:
    """(the place, the predicate whose modality counts) of forces, or ``None``."""
    base = uncounted(forces)  # "thousands of troops": the count is what the verb governs
    anchor, nouns = _anchor(base, content)
    if anchor is None:
        return None
    for noun in [forces, *(n for n in nouns if n.i != forces.i)]:
        place = _place_phrase(noun, words)
        if place is not None:
            return place, anchor
        for clause in children_with(noun, _OWN_CLAUSES):
            if clause.lemma_.lower() in words.verbs and (p := _place_phrase(clause, words)):
                return p, clause
    head = base.head
    lemma = head.lemma_.lower()
    if (base.dep_ in _SUBJECTS and lemma in words.verbs) or (
        base.dep_ == "dobj" and lemma in words.holding_verbs
    ):
        # "were [present] in Russia": the place phrase on the copula's adjective
        for holder in (head, *(c for c in head.children if c.dep_ == "acomp")):
            if holder.i != head.i and holder.lemma_.lower() not in words.adjectives:
                continue
            place = _place_phrase(holder, words)
            if place is not None:
                return place, head
    return None


def _chain(governor: Token, roots: list[Token]) -> tuple[Token, ...]:
    """The tokens from the content's root down to ``governor`` (read for modality)."""
    tops = {root.i for root in roots}
    path = [governor]
    token = governor
    for _ in range(_MAX_CLIMB):
        if token.i in tops or token.head.i == token.i:
            break
        token = token.head
        path.append(token)
    return tuple(reversed(path)) if path[-1].i in tops else (governor,)


def find_presence(
    doc: Doc, content: frozenset[int], roots: list[Token], resolve: Resolver, lex: Lexicon
) -> Sighting | None:
    """The first forces of the content, in text order, that are in a state not their own.

    ``content`` holds the token indices of the claim's content, ``roots`` its main predicates.
    """
    words = lex.presence
    for i in sorted(content):
        forces = doc[i]
        if forces.pos_ not in {"NOUN", "PROPN"} or resource_of(forces, lex)[1] not in words.classes:
            continue
        if any(c.dep_ == "det" and c.lower_ in _NEGATIVE for c in forces.children):
            continue  # "no North Korean troops are in Russia"
        if _hostile(forces, words):
            continue  # "invading Russian forces in Ukraine"
        located = _located(forces, words, content)
        if located is None:
            continue
        place, governor = located
        actor = resolve(forces)
        if actor is None and governor.lemma_.lower() in words.holding_verbs:
            actor = resolve(subject_of(governor, lex))  # "North Korea had 11,000 troops in"
        host = _host(place, resolve, words)
        if actor is None or host is None or host == actor:
            continue  # whose forces, or where, is unknown; or they are at home
        m = Match(words.entry, forces, governor, _chain(governor, roots), theme=forces)
        return Sighting(match=m, actor=actor, host=host)
    return None


def _own_clause(predicate: Token) -> Span:
    """The predicate's clause without the clauses coordinated after it."""
    end = predicate.right_edge.i + 1
    for child in predicate.children:
        if child.dep_ in _NOT_CLAUSE and child.i > predicate.i:
            end = min(end, child.left_edge.i)
    return predicate.doc[predicate.left_edge.i : max(end, predicate.i + 1)]


def presence_event(
    found: Sighting,
    published: dt.date | None,
    lex: Lexicon,
    *,
    cue_level: int = 0,
) -> Event:
    """The event of a sighting: the presence entry's type and mode, forces' state -> host."""
    m = found.match
    entry = m.entry
    modality = modality_of(m, lex, cue_level)
    type_, mode = entry.type, entry.mode
    if modality != "actual" and entry.planned_type:
        type_, mode = entry.planned_type, entry.planned_mode
    # a date of the predicate's own clause only, not of a clause coordinated with it
    clause = [_own_clause(m.governor)]
    return Event(
        type=type_,
        mode=mode,
        actor=found.actor,
        target=found.host,
        quantity=quantity_of(m, [], lex),
        when=when_of(m, clause, published),
        modality=modality,
    )
