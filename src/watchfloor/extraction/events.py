"""The PLOVER event of a claim: what is said to happen, by whom, to whom, how many, when.

:func:`extract_event` reads the parsed sentence around one attribution and returns an
:class:`~watchfloor.records.Event`, or ``None`` when the content names no event ("both North
Korea and Russia have rubbished these reports"). Which words make which event is data
(``data/plover.yaml``, documented there and in ``docs/events.md``); this module holds the rules
that find the words and their arguments:

1. **Speech acts.** When the cue itself is an event verb of the lexicon's ``speech_acts``
   ("condemned", "accused", "threatened"), the event is the speech act: its actor is the claim's
   source state, its target the possessor or the object of what is condemned ("condemned the
   North's move" -> PRK), its date the date of the statement.
2. **Content.** Otherwise the event is found on the content's main predicate, walking down its
   clausal complements ("had intelligence that ... were being prepared to join ..."), then on
   event nouns ("phased countermeasures", "military partnership"). The actor is the subject
   (inherited through control verbs: "Seoul was considering sending"), for passives the agent,
   the "from" phrase or the demonym of the moved troops ("troops from the North have been
   rushed"); the target is looked for in the slots the lexicon gives per type (the "to" phrase,
   the object of a purpose clause "to aid Russia's war efforts", the direct object ...).
3. **Transfers.** "send", "supply", "deploy" and the like make AID only when they move a
   resource (troops, weapons, money, aid); the resource's unit class gives the AID mode. Without
   a "to" phrase the place of the moved thing gives the recipient ("were stationed in Russia");
   without a recipient state a moved military resource is MOBILIZE.
   **Presence.** When no lexicon verb matches, forces in a state not their own are AID military
   to it ("3,000 North Korean soldiers were training at bases in Russia's Far East"): see
   :mod:`.presence`. Event nouns come after both.
4. **Modality.** planned for future auxiliaries and intention verbs ("will", "would",
   "considering", "being prepared to", "ready to"), also when the intention verb is the cue
   itself ("Seoul is considering [sending weapons]"); hypothetical for epistemic modals ("may",
   "could") and conditionals ("if", "unless"); actual otherwise. Hypothetical wins over planned.
   "Moscow may offer ..." is hypothetical: a possibility the speaker fears, not a plan.
5. **Quantity and date.** The quantity of the moved resource (or of the subject or object),
   else the main count of a known unit class (troops, weapons, casualties ...) in the content;
   the date attached to the predicate, else the content's.
6. **No one, no event.** A content event whose actor and target both stay unresolved is dropped:
   in political prose "attacks", "help" and "talks" are mostly figures of speech between people
   the resolver does not know ("she stood up to the attacks").
   Speech-act events carry no quantity: the numbers belong to the thing spoken about.

Actors and targets are country or organisation codes from the caller's ``state_of`` resolver;
"we", "our government", "his government" resolve to the claim's source state.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from watchfloor.records import Event

from . import dates, quantities
from .event_syntax import (
    CLAUSAL,
    NOMINAL,
    Match,
    Resolver,
    StateOf,
    child_with,
    children_with,
    counted,
    cue_level,
    has_clause,
    is_passive,
    modality_of,
    object_of,
    prep_object,
    quantity_of,
    resource_of,
    subject_of,
    when_of,
)
from .plover import PLOVER_TYPES, Entry, Lexicon, is_speech_act, load_lexicon
from .presence import find_presence, located_host, presence_event

__all__ = [
    "PLOVER_TYPES",
    "Entry",
    "Lexicon",
    "StateOf",
    "extract_event",
    "is_speech_act",
    "load_lexicon",
]

_MAX_WALK = 40


# --------------------------------------------------------------------------- finding the event


def _transfer_args(token: Token, lex: Lexicon) -> tuple[Token | None, Token | None]:
    """(the moved resource, an object that is the recipient) of a transfer verb."""
    theme = child_with(token, "nsubjpass") if is_passive(token) else object_of(token)
    theme = counted(theme) if theme is not None else None
    if theme is not None and resource_of(theme, lex)[0]:
        # "give Pyongyang fighter jets" parsed as one noun phrase: the place is the recipient
        first = theme.doc[theme.left_edge.i]
        if first.dep_ == "compound" and first.ent_type_ == "GPE" and not is_passive(token):
            return theme, first
        return theme, None
    with_obj = prep_object(token, "with")
    if with_obj is not None and resource_of(counted(with_obj), lex)[0]:
        return counted(with_obj), theme
    return None, None


def _match_verb(token: Token, chain: tuple[Token, ...], lex: Lexicon) -> Match | None:
    if token.pos_ != "VERB":
        return None
    lemma = token.lemma_.lower()
    obj = object_of(token)
    if obj is not None and (e := lex.verb_objects.get(f"{lemma} {obj.lemma_.lower()}")):
        return Match(e, obj, token, chain, theme=obj)
    particle = child_with(token, "prt")
    if particle is not None and (e := lex.verbs.get(f"{lemma} {particle.lower_}")):
        return Match(e, token, token, chain)
    for slot in lex.light_verbs.get(lemma, ()):
        noun = obj if slot == "dobj" else prep_object(token, slot)
        if noun is not None and (e := lex.nouns.get(noun.lemma_.lower())):
            return Match(e, noun, token, chain)
    if lemma in lex.words["planned_verbs"] and has_clause(token):
        return None  # "considering sending": the event is below
    entry = lex.verbs.get(lemma)
    if entry is None:
        return None
    if obj is not None and obj.lemma_.lower() in entry.except_objects:
        return None
    if entry.requires and not any(_slot(token, slot, None, lex) for slot in entry.requires):
        return None  # "talked about reform" is no consultation; "talked with Seoul" is
    if entry.transfer:
        theme, recipient = _transfer_args(token, lex)
        if theme is None:
            return None
        return Match(entry, token, token, chain, theme, recipient)
    if entry.objects:
        if resource_of(obj, lex)[1] not in entry.objects:
            return None
        return Match(entry, token, token, chain, theme=subject_of(token, lex))
    return Match(entry, token, token, chain)


def _find(
    roots: list[Token], content: frozenset[int], lex: Lexicon, *, nouns: bool
) -> Match | None:
    """Breadth-first from the content's root: verbs along the clauses, or (``nouns``) nouns."""
    deps = CLAUSAL | NOMINAL if nouns else CLAUSAL
    queue: deque[tuple[Token, tuple[Token, ...]]] = deque((r, (r,)) for r in roots)
    seen = {root.i for root in roots}
    steps = 0
    while queue and steps < _MAX_WALK:
        token, chain = queue.popleft()
        steps += 1
        if nouns:
            entry = lex.nouns.get(token.lemma_.lower())
            if entry is not None and token.pos_ in {"NOUN", "PROPN"}:
                return Match(entry, token, token, (token,))
        else:
            found = _match_verb(token, chain, lex)
            if found is not None:
                return found
        for child in children_with(token, deps):
            if child.i in content and child.i not in seen:
                seen.add(child.i)
                queue.append((child, (*chain, child)))
    return None


# ------------------------------------------------------------------------- reading the event


def _actor(m: Match, resolve: Resolver, lex: Lexicon) -> str | None:
    word, governor = m.word, m.governor
    if word.pos_ in {"NOUN", "PROPN"}:
        for candidate in (
            child_with(word, "poss"),
            prep_object(word, "between"),
            prep_object(word, "by"),
            prep_object(word, "from"),
        ):
            if (code := resolve(candidate)) is not None:
                return code
        if governor.i == word.i:
            return None
    if is_passive(governor):
        agent = child_with(governor, "agent")
        by = child_with(agent, "pobj") if agent is not None else None
        subject = child_with(governor, "nsubjpass")
        return resolve(by) or resolve(subject)
    return resolve(subject_of(governor, lex))


def _slot(holder: Token, slot: str, m: Match | None, lex: Lexicon) -> Token | None:
    if slot == "dobj":
        obj = object_of(holder)
        theme = m.theme if m is not None else None
        return None if obj is not None and theme is not None and obj.i == theme.i else obj
    if slot == "purpose":
        for clause in children_with(holder, frozenset({"xcomp", "advcl"})):
            if clause.lemma_.lower() in lex.words["purpose_verbs"]:
                return object_of(clause) or prep_object(clause, "for")
        return None
    if slot == "to":
        # "gave Pyongyang fighter jets": the indirect object
        for child in holder.children:
            if child.dep_ == "dative" and child.pos_ in {"NOUN", "PROPN", "PRON"}:
                return child
    if slot == "between":
        first = prep_object(holder, "between")
        return child_with(first, "conj") if first is not None else None
    return prep_object(holder, slot)


def _target(
    m: Match, entry: Entry, type_: str, *, actor: str | None, resolve: Resolver, lex: Lexicon
) -> str | None:
    if m.recipient is not None and (code := resolve(m.recipient)) not in {None, actor}:
        return code
    slots = entry.target or lex.targets.get(type_) or lex.targets.get("default", ())
    holders = [m.word] if m.governor.i == m.word.i else [m.word, m.governor]
    if m.theme is not None and m.entry.transfer:
        holders.append(m.theme)  # "airlifted shells to Russia" with "to" on the shells
    for slot in slots:
        for holder in holders:
            code = resolve(_slot(holder, slot, m, lex))
            if code is not None and code != actor:
                return code
    return None


def _mode_word(tokens: Iterable[Token | None], type_: str, lex: Lexicon) -> str | None:
    words = lex.mode_words.get(type_, {})
    for token in tokens:
        if token is None:
            continue
        for child in token.children:
            if child.dep_ in {"amod", "compound", "nmod"} and (
                found := words.get(child.lemma_.lower())
            ):
                return found
        with_obj = prep_object(token, "with")
        if with_obj is not None and (found := words.get(with_obj.lemma_.lower())):
            return found
    return None


def _military_context(content: Iterable[Token], lex: Lexicon, skip: Token | None) -> bool:
    classes = quantities.load_unit_classes()
    return any(
        (skip is None or token.i != skip.i)
        and token.pos_ == "NOUN"
        and lex.resource_classes.get(classes.get(token.lemma_.lower(), "")) == "military"
        for token in content
    )


def _content_event(
    m: Match,
    spans: list[Span],
    resolve: Resolver,
    published: dt.date | None,
    lex: Lexicon,
    *,
    cue_level: int = 0,
) -> Event:
    entry = m.entry
    type_, mode = entry.type, entry.mode
    actor = _actor(m, resolve, lex)
    target = _target(m, entry, type_, actor=actor, resolve=resolve, lex=lex)
    if entry.transfer and target is None and m.recipient is None:
        # "were stationed in Russia": where the moved forces are is where they were moved to
        host = located_host((m.word, m.theme), resolve, lex)
        target = host if host != actor else None
    if entry.transfer:
        _, cls, resource_mode = resource_of(m.theme, lex)
        mode = mode or resource_mode
        if mode is None and cls is not None and cls in lex.dual_use:
            content = (token for span in spans for token in span)
            mode = lex.dual_use[cls] if _military_context(content, lex, m.theme) else None
        if target is None and m.recipient is None and entry.no_recipient is not None:
            entry = entry.no_recipient
            type_ = entry.type
            mode = entry.mode or lex.mobilize_modes.get(cls or "")
    for prep in entry.aid_preps:
        code = resolve(prep_object(m.word, prep))
        if code is not None and code != actor:
            type_, mode, target = "AID", "military", code
            break
    mode = mode or _mode_word((m.word, m.theme), type_, lex)
    modality = modality_of(m, lex, cue_level)
    if modality != "actual" and entry.planned_type and type_ == entry.type:
        type_, mode = entry.planned_type, entry.planned_mode
    if mode is not None and mode not in lex.modes.get(type_, frozenset()):
        mode = None
    return Event(
        type=type_,
        mode=mode,
        actor=actor,
        target=target,
        quantity=quantity_of(m, spans, lex),
        when=when_of(m, spans, published),
        modality=modality,
    )


_HOSTILE = frozenset({"FIGHT", "ASSAULT", "SANCTION", "COERCE", "MOBILIZE", "THREATEN"})


def _speech_act_event(
    doc: Doc,
    *,
    cue_head: int,
    entry: Entry,
    content_event: Event | None,
    source_country: str | None,
    resolve: Resolver,
    published: dt.date | None,
    lex: Lexicon,
) -> Event | None:
    cue = doc[cue_head]
    actor = source_country or resolve(subject_of(cue, lex))
    if entry.only_if == "own_action" and (
        content_event is None or actor is None or content_event.actor != actor
    ):
        return None
    m = Match(entry, cue, cue, (cue,))
    target = None
    obj = child_with(cue, "dobj")
    # "condemned the North's move": the possessor of what is condemned, then the type's slots
    candidates = [child_with(obj, "poss") if obj is not None else None]
    slots = entry.target or lex.targets.get(entry.type) or lex.targets.get("default", ())
    candidates += [_slot(cue, slot, m, lex) for slot in slots]
    for candidate in candidates:
        code = resolve(candidate)
        if code is not None and code != actor:
            target = code
            break
    mode = None
    if content_event is not None:
        hostile = content_event.type in _HOSTILE
        if target is None and content_event.actor not in {None, actor} and entry.type != "THREATEN":
            target = content_event.actor
        if entry.type == "THREATEN" and hostile:
            target = target or content_event.target
            mode = lex.threat_modes.get(content_event.type) or content_event.mode
    if mode is not None and mode not in lex.modes.get(entry.type, frozenset()):
        mode = None
    return Event(
        type=entry.type,
        mode=mode,
        actor=actor,
        target=target,
        when=dates.statement_date(doc, cue_head, published),
        modality=modality_of(m, lex),
    )


def _content_spans(doc: Doc, ranges: Iterable[tuple[int, int]]) -> list[Span]:
    spans = []
    for start, end in ranges:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and len(span):
            spans.append(span)
    return spans


def extract_event(
    doc: Doc,
    *,
    content_ranges: tuple[tuple[int, int], ...],
    content_head: int | None,
    cue_head: int | None,
    cue_lemma: str,
    source_country: str | None,
    state_of: StateOf,
    published: dt.date | None,
    lexicon: Lexicon | None = None,
) -> Event | None:
    """The PLOVER event of one attribution, or ``None`` when it names none.

    ``content_ranges`` are the content's character ranges in ``doc.text``; ``content_head`` is
    the token index of its main predicate when the attribution step knows it (else the root of
    the content's tokens is used); ``cue_head`` the token index of the cue's main word and
    ``cue_lemma`` its lemma; ``source_country`` the code of the claim's source (the actor of a
    speech act, and of "we"/"our government"); ``state_of`` maps a mention span to a country or
    organisation code; ``published`` anchors relative dates. ``lexicon`` defaults to
    :func:`load_lexicon` ``()``. Reads only the sentence's tokens: no re-parsing.
    """
    lex = lexicon or load_lexicon()
    spans = _content_spans(doc, content_ranges)
    resolve = Resolver(state_of, source_country, lex)
    content = frozenset(i for span in spans for i in range(span.start, span.end))
    roots = [doc[content_head]] if content_head is not None else []
    roots += [span.root for span in spans if all(span.root.i != r.i for r in roots)]

    def level(chain: tuple[Token, ...]) -> int:
        # only through a to-clause: "considering [sending]", not "warned [that ...]"
        root = chain[0]
        below_cue = cue_head is not None and root.dep_ == "xcomp" and root.head.i == cue_head
        return cue_level(cue_lemma.lower(), lex) if below_cue else 0

    # a lexicon verb, else forces in a foreign state, else an event noun
    ids = content | {r.i for r in roots}
    found = _find(roots, ids, lex, nouns=False) if roots else None
    sighting = find_presence(doc, content, roots, resolve, lex) if not found and roots else None
    if sighting is None and found is None and roots:
        found = _find(roots, ids, lex, nouns=True)
    event = None
    if found is not None:
        event = _content_event(found, spans, resolve, published, lex, cue_level=level(found.chain))
    elif sighting is not None:
        event = presence_event(sighting, published, lex, cue_level=level(sighting.match.chain))
    if event is not None and event.actor is None and event.target is None:
        event = None  # an event between no one is noise ("she stood up to the attacks")
    speech = lex.speech_acts.get(cue_lemma.lower())
    if speech is not None and cue_head is not None:
        act = _speech_act_event(
            doc,
            cue_head=cue_head,
            entry=speech,
            content_event=event,
            source_country=source_country,
            resolve=resolve,
            published=published,
            lex=lex,
        )
        if act is not None:
            return act
    return event
