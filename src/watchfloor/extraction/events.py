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
   a recipient state a moved military resource is MOBILIZE.
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
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from watchfloor.records import Event, Modality, Quantity, When

from . import dates, quantities
from .plover import PLOVER_TYPES, Entry, Lexicon, is_speech_act, load_lexicon

__all__ = [
    "PLOVER_TYPES",
    "Entry",
    "Lexicon",
    "StateOf",
    "extract_event",
    "is_speech_act",
    "load_lexicon",
]

StateOf = Callable[[Span], str | None]
"""Maps a mention ("North Korean soldiers", "Seoul", "the North") to a country/org code."""


# ------------------------------------------------------------------------- the parse, read

_CLAUSAL = frozenset({"xcomp", "ccomp", "advcl", "conj", "acl", "pcomp", "acomp", "csubj"})
_NOMINAL = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "attr", "prep", "appos", "oprd"})
_STRIP = frozenset({"nummod", "quantmod", "preconj", "predet", "punct", "cc"})
_COUNT_NOUNS = frozenset({"thousand", "hundred", "dozen", "million", "billion", "score", "ten"})
_MAX_WALK = 40


@dataclass(frozen=True, slots=True)
class _Match:
    entry: Entry
    word: Token  # the event verb or noun
    governor: Token  # the verb whose subject and auxiliaries count (a noun's light verb)
    chain: tuple[Token, ...]  # from the content root down to the governor
    theme: Token | None = None  # what a transfer moves, who joins
    recipient: Token | None = None  # "supply Russia with shells"


def _children(token: Token, deps: frozenset[str]) -> Iterable[Token]:
    return (c for c in token.children if c.dep_ in deps)


def _child(token: Token, *deps: str) -> Token | None:
    return next((c for c in token.children if c.dep_ in deps), None)


def _prep_object(token: Token, prep: str) -> Token | None:
    for child in token.children:
        if child.dep_ in {"prep", "dative", "agent"} and child.lower_ == prep:
            return _child(child, "pobj", "pcomp")
    return None


def _counted(token: Token) -> Token:
    """The counted noun of a count noun: "thousands of troops" -> troops."""
    if token.lemma_.lower() in _COUNT_NOUNS or token.like_num:
        # "$2 billion in loans" counts loans too
        inner = _prep_object(token, "of") or _prep_object(token, "in")
        if inner is not None:
            return inner
    return token


def _uncounted(token: Token) -> Token:
    """The count noun above a counted noun: troops -> "thousands" (of troops)."""
    prep = token.head
    if token.dep_ == "pobj" and prep.lower_ in {"of", "in"} and prep.head.i != prep.i:
        count = prep.head
        if count.lemma_.lower() in _COUNT_NOUNS or count.like_num:
            return count
    return token


def _object(token: Token) -> Token | None:
    """The direct object; for "join invading Russian forces" the object of the participle."""
    obj = _child(token, "dobj")
    if obj is None:
        for child in _children(token, frozenset({"xcomp", "amod"})):
            if child.tag_ == "VBG" and (inner := _child(child, "dobj")) is not None:
                return _counted(inner)
    return _counted(obj) if obj is not None else None


def _is_passive(token: Token) -> bool:
    return any(c.dep_ in {"nsubjpass", "auxpass"} for c in token.children)


def _has_clause(token: Token) -> bool:
    return any(c.dep_ in {"xcomp", "ccomp"} for c in token.children)


def _subject(token: Token, lex: Lexicon) -> Token | None:
    """The subject of a verb, inherited through control, coordination and noun clauses."""
    for _ in range(6):
        subject = _child(token, "nsubj", "nsubjpass", "csubj")
        if subject is not None:
            return _counted(subject)
        head = token.head
        if token.dep_ in {"xcomp", "advcl", "acomp"} and head.i != token.i:
            obj = _child(head, "dobj")
            if head.lemma_.lower() in lex.words["object_control"] and obj is not None:
                return obj
            token = head
        elif token.dep_ == "conj" and head.i != token.i:
            token = head
        elif token.dep_ == "acl" and head.pos_ in {"NOUN", "PROPN"}:
            return _child(head, "poss")
        elif token.dep_ == "relcl":
            return head
        else:
            return None
    return None


def _mention(token: Token) -> Span:
    """The noun phrase up to ``token`` ("Russia's war efforts"), without leading numbers."""
    doc = token.doc
    start = token.left_edge.i
    while start < token.i and (doc[start].dep_ in _STRIP or doc[start].like_num):
        start += 1
    return doc[start : token.i + 1]


def _phrase(token: Token) -> Span:
    return token.doc[token.left_edge.i : token.right_edge.i + 1]


class _Resolver:
    """States of mentions, with the claim's own source for "we" / "our government"."""

    def __init__(self, state_of: StateOf, source_country: str | None, lex: Lexicon) -> None:
        self.state_of = state_of
        self.source_country = source_country
        self.words = lex.words

    def __call__(self, token: Token | None) -> str | None:
        if token is None:
            return None
        token = _counted(token)
        poss = _child(token, "poss")
        if token.lower_ in self.words["self_pronouns"] or (
            poss is not None
            and poss.lower_ in self.words["self_possessives"]
            and token.lemma_.lower() in self.words["self_nouns"]
        ):
            return self.source_country
        code = self.state_of(_mention(token))
        if code is None:
            for prep in ("from", "of"):
                inner = _prep_object(token, prep)
                if inner is not None and (code := self.state_of(_mention(inner))) is not None:
                    break
        return code


# --------------------------------------------------------------------------- finding the event


def _resource(token: Token | None, lex: Lexicon) -> tuple[bool, str | None, str | None]:
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


def _transfer_args(token: Token, lex: Lexicon) -> tuple[Token | None, Token | None]:
    """(the moved resource, an object that is the recipient) of a transfer verb."""
    theme = _child(token, "nsubjpass") if _is_passive(token) else _object(token)
    theme = _counted(theme) if theme is not None else None
    if theme is not None and _resource(theme, lex)[0]:
        # "give Pyongyang fighter jets" parsed as one noun phrase: the place is the recipient
        first = theme.doc[theme.left_edge.i]
        if first.dep_ == "compound" and first.ent_type_ == "GPE" and not _is_passive(token):
            return theme, first
        return theme, None
    with_obj = _prep_object(token, "with")
    if with_obj is not None and _resource(_counted(with_obj), lex)[0]:
        return _counted(with_obj), theme
    return None, None


def _match_verb(token: Token, chain: tuple[Token, ...], lex: Lexicon) -> _Match | None:
    if token.pos_ != "VERB":
        return None
    lemma = token.lemma_.lower()
    obj = _object(token)
    if obj is not None and (e := lex.verb_objects.get(f"{lemma} {obj.lemma_.lower()}")):
        return _Match(e, obj, token, chain, theme=obj)
    particle = _child(token, "prt")
    if particle is not None and (e := lex.verbs.get(f"{lemma} {particle.lower_}")):
        return _Match(e, token, token, chain)
    for slot in lex.light_verbs.get(lemma, ()):
        noun = obj if slot == "dobj" else _prep_object(token, slot)
        if noun is not None and (e := lex.nouns.get(noun.lemma_.lower())):
            return _Match(e, noun, token, chain)
    if lemma in lex.words["planned_verbs"] and _has_clause(token):
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
        return _Match(entry, token, token, chain, theme, recipient)
    if entry.objects:
        if _resource(obj, lex)[1] not in entry.objects:
            return None
        return _Match(entry, token, token, chain, theme=_subject(token, lex))
    return _Match(entry, token, token, chain)


def _find(roots: list[Token], content: frozenset[int], lex: Lexicon) -> _Match | None:
    """Breadth-first from the content's root: verbs along the clauses first, then nouns."""
    for nouns in (False, True):
        deps = _CLAUSAL | _NOMINAL if nouns else _CLAUSAL
        queue: deque[tuple[Token, tuple[Token, ...]]] = deque((r, (r,)) for r in roots)
        seen = {root.i for root in roots}
        steps = 0
        while queue and steps < _MAX_WALK:
            token, chain = queue.popleft()
            steps += 1
            if nouns:
                entry = lex.nouns.get(token.lemma_.lower())
                if entry is not None and token.pos_ in {"NOUN", "PROPN"}:
                    return _Match(entry, token, token, (token,))
            else:
                found = _match_verb(token, chain, lex)
                if found is not None:
                    return found
            for child in _children(token, deps):
                if child.i in content and child.i not in seen:
                    seen.add(child.i)
                    queue.append((child, (*chain, child)))
    return None


# ------------------------------------------------------------------------- reading the event


def _actor(m: _Match, resolve: _Resolver, lex: Lexicon) -> str | None:
    word, governor = m.word, m.governor
    if word.pos_ in {"NOUN", "PROPN"}:
        for candidate in (
            _child(word, "poss"),
            _prep_object(word, "between"),
            _prep_object(word, "by"),
            _prep_object(word, "from"),
        ):
            if (code := resolve(candidate)) is not None:
                return code
        if governor.i == word.i:
            return None
    if _is_passive(governor):
        agent = _child(governor, "agent")
        by = _child(agent, "pobj") if agent is not None else None
        subject = _child(governor, "nsubjpass")
        return resolve(by) or resolve(subject)
    return resolve(_subject(governor, lex))


def _slot(holder: Token, slot: str, m: _Match | None, lex: Lexicon) -> Token | None:
    if slot == "dobj":
        obj = _object(holder)
        theme = m.theme if m is not None else None
        return None if obj is not None and theme is not None and obj.i == theme.i else obj
    if slot == "purpose":
        for clause in _children(holder, frozenset({"xcomp", "advcl"})):
            if clause.lemma_.lower() in lex.words["purpose_verbs"]:
                return _object(clause) or _prep_object(clause, "for")
        return None
    if slot == "to":
        # "gave Pyongyang fighter jets": the indirect object
        for child in holder.children:
            if child.dep_ == "dative" and child.pos_ in {"NOUN", "PROPN", "PRON"}:
                return child
    if slot == "between":
        first = _prep_object(holder, "between")
        return _child(first, "conj") if first is not None else None
    return _prep_object(holder, slot)


def _target(
    m: _Match, entry: Entry, type_: str, *, actor: str | None, resolve: _Resolver, lex: Lexicon
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
        with_obj = _prep_object(token, "with")
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


def _cue_level(cue_lemma: str, lex: Lexicon) -> int:
    """The modality a cue imposes on its content: "Seoul is considering [sending weapons]"."""
    words = lex.words
    if cue_lemma in words["hypothetical_adjectives"]:
        return 2
    if cue_lemma in words["planned_verbs"] | words["planned_adjectives"]:
        return 1
    return 0


def _modality(m: _Match, lex: Lexicon, floor: int = 0) -> Modality:
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
        for child in _children(m.word, frozenset({"amod", "compound"})):
            if child.lower_ in words["hypothetical_modifiers"]:
                level = 2
            elif child.lower_ in words["planned_modifiers"]:
                level = max(level, 1)
    modalities: tuple[Modality, ...] = ("actual", "planned", "hypothetical")
    return modalities[level]


def _quantity(m: _Match, spans: list[Span], lex: Lexicon) -> Quantity | None:
    for token in (m.theme, _subject(m.governor, lex), _object(m.word)):
        if token is None:
            continue
        if (q := quantities.parse_quantity(_phrase(_uncounted(token)))) is not None:
            return q
    counted = [
        mention
        for span in spans
        for mention in quantities.find_quantity_mentions(span)
        if mention.unit_class is not None and mention.unit_class != "percent"
    ]
    return min(counted, key=lambda x: x.rank).quantity if counted else None


def _when(m: _Match, spans: list[Span], published: dt.date | None) -> When | None:
    for span in spans:
        found = dates.resolve_when(span, published, head=m.governor)
        if found is not None:
            return found
    return None


def _content_event(
    m: _Match,
    spans: list[Span],
    resolve: _Resolver,
    published: dt.date | None,
    lex: Lexicon,
    *,
    cue_level: int = 0,
) -> Event:
    entry = m.entry
    type_, mode = entry.type, entry.mode
    actor = _actor(m, resolve, lex)
    target = _target(m, entry, type_, actor=actor, resolve=resolve, lex=lex)
    if entry.transfer:
        _, cls, resource_mode = _resource(m.theme, lex)
        mode = mode or resource_mode
        if mode is None and cls is not None and cls in lex.dual_use:
            content = (token for span in spans for token in span)
            mode = lex.dual_use[cls] if _military_context(content, lex, m.theme) else None
        if target is None and m.recipient is None and entry.no_recipient is not None:
            entry = entry.no_recipient
            type_ = entry.type
            mode = entry.mode or lex.mobilize_modes.get(cls or "")
    for prep in entry.aid_preps:
        code = resolve(_prep_object(m.word, prep))
        if code is not None and code != actor:
            type_, mode, target = "AID", "military", code
            break
    mode = mode or _mode_word((m.word, m.theme), type_, lex)
    modality = _modality(m, lex, cue_level)
    if modality != "actual" and entry.planned_type and type_ == entry.type:
        type_, mode = entry.planned_type, entry.planned_mode
    if mode is not None and mode not in lex.modes.get(type_, frozenset()):
        mode = None
    return Event(
        type=type_,
        mode=mode,
        actor=actor,
        target=target,
        quantity=_quantity(m, spans, lex),
        when=_when(m, spans, published),
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
    resolve: _Resolver,
    published: dt.date | None,
    lex: Lexicon,
) -> Event | None:
    cue = doc[cue_head]
    actor = source_country or resolve(_subject(cue, lex))
    if entry.only_if == "own_action" and (
        content_event is None or actor is None or content_event.actor != actor
    ):
        return None
    m = _Match(entry, cue, cue, (cue,))
    target = None
    obj = _child(cue, "dobj")
    # "condemned the North's move": the possessor of what is condemned, then the type's slots
    candidates = [_child(obj, "poss") if obj is not None else None]
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
        modality=_modality(m, lex),
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
    resolve = _Resolver(state_of, source_country, lex)
    content = frozenset(i for span in spans for i in range(span.start, span.end))
    roots = [doc[content_head]] if content_head is not None else []
    roots += [span.root for span in spans if all(span.root.i != r.i for r in roots)]
    found = _find(roots, content | {r.i for r in roots}, lex) if roots else None
    event = None
    if found is not None:
        root = found.chain[0]
        # only through a to-clause: "considering [sending]", not "warned [that ...]"
        below_cue = cue_head is not None and root.dep_ == "xcomp" and root.head.i == cue_head
        level = _cue_level(cue_lemma.lower(), lex) if below_cue else 0
        event = _content_event(found, spans, resolve, published, lex, cue_level=level)
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
