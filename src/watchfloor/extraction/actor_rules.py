"""The token tables of one document and the modifier-zone rules used by :mod:`.actors`.

A *zone* is the run of words left of a name or office word that still belongs to its noun
phrase: owners ("Russia's", "South Korean", "Seoul's", "his"), offices ("Ambassador",
"defence minister"), institutions ("Foreign Ministry"), neutral modifiers ("senior", "top") and
role modifiers ("presidential", "military"). The zone gives the mention its owner code, role
and gender. Zones are bounded (at most :data:`ZONE_MAX` tokens) and stop at the first word of
another kind, so every token is looked at a constant number of times.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from spacy.symbols import AUX, VERB
from spacy.tokens import Doc

from watchfloor.extraction.gazetteer import Gazetteer, Hit
from watchfloor.extraction.gazetteer_records import Anaphor, Body, Entry, Tenure, Title
from watchfloor.records import Actor

__all__ = ["ZONE_MAX", "Match", "Rules", "Zone", "longest_matches"]

ZONE_MAX = 12
"""The longest modifier zone, in tokens."""

_DEFINITE = frozenset({"the", "this", "that", "these", "those"})
_LINKS = frozenset({"of", "for", "to", "in", "at", "and", "from"})
_TARGETS = frozenset({"to", "for", "at", "in"})
_POSSESSIVE_PRONOUNS = frozenset({"his", "her", "its", "their"})
_POSSESSIVE = frozenset({"'s", "'"})
_RIGHT_PREPS = frozenset({"of", "in", "from"})
_GENERIC_ROLES = frozenset({None, "government", "leader"})
_PRIORITY = {"state": 1, "agency": 2, "person": 2, "org": 3, "media": 3}

MentionActor = Callable[[int], Actor | None]


@dataclass(slots=True)
class Match:
    """A matched key: tokens [start, end), its index values, and once settled the gazetteer hit
    or the lexicon phrase it stands for."""

    start: int
    end: int
    hits: tuple[Any, ...] = ()
    hit: Hit | None = None
    phrase: Title | Body | Anaphor | None = None


@dataclass(slots=True)
class Zone:
    """What the modifier zone of a mention says about it."""

    start: int
    owner: str | None = None
    role: str | None = None
    gender: str | None = None
    definite: bool = False
    title: Title | None = None
    body: Body | None = None
    claimed: list[int] = field(default_factory=list)


class Rules:
    """Token tables (filled by :class:`~watchfloor.extraction.actors.DocumentActors`) and rules."""

    def __init__(self, doc: Doc, gazetteer: Gazetteer, year: int | None) -> None:
        self.doc = doc
        self.gazetteer = gazetteer
        self.lexicon = gazetteer.lexicon
        self.year = year
        strings = doc.vocab.strings
        self.strings = strings
        self.nsubj, self.nsubjpass = strings["nsubj"], strings["nsubjpass"]
        self.appos, self.conj, self.prep = strings["appos"], strings["conj"], strings["prep"]
        self.pobj, self.amod, self.compound = strings["pobj"], strings["amod"], strings["compound"]
        self.tag_pos, self.plural_tags = strings["POS"], {strings["NNS"], strings["NNPS"]}
        self.child_deps = {self.appos, self.prep, self.pobj}
        self.norms: list[str] = []
        self.orth: list[int] = []
        self.sent: list[int] = []
        self.pos: list[int] = []
        self.tag: list[int] = []
        self.dep: list[int] = []
        self.head: list[int] = []
        self.children: dict[int, list[int]] = {}
        self.gz: list[Match] = []
        self.gz_at: list[int] = []
        self.roles: list[Match] = []
        self.role_at: list[int] = []
        self.name_at: dict[int, tuple[int, int, Hit | None]] = {}
        self.name_of: list[int] = []
        self.bound: set[int] = set()

    # --- tables -------------------------------------------------------------------------------

    def text(self, i: int) -> str:
        return str(self.strings[self.orth[i]])

    def texts(self, start: int, end: int) -> list[str]:
        """The texts of the tokens that take part in a match (those with a norm)."""
        return [self.text(i) for i in range(start, end) if self.norms[i]]

    def span_text(self, start: int, end: int) -> str:
        """The document text of tokens [start, end), without a leading article or trailing 's."""
        while start < end - 1 and self.norms[start] in ("", "the", "a", "an", *_DEFINITE):
            start += 1
        while end > start + 1 and self.norms[end - 1] in _POSSESSIVE:
            end -= 1
        return str(self.doc[start:end].text)

    def set_gz(self, matches: list[Match]) -> None:
        self.gz = matches
        self.gz_at = _table(len(self.norms), matches)

    def set_roles(self, matches: list[Match]) -> None:
        self.roles = matches
        self.role_at = _table(len(self.norms), matches)

    def set_names(self, doc: Doc) -> None:
        """Person names: listed people, then spaCy PERSON entities the gazetteer lacks; and the
        office words that stand in each name's zone ("President" in "President Xi")."""
        for m in self.gz:
            if m.hit is not None and m.hit.entry.category == "person":
                self.name_at[m.start] = (m.start, m.end, m.hit)
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            start, end = self._trim_name(ent.start, ent.end)
            if start >= end or self._claim_name(start, end):
                continue
            self.name_at[start] = (start, end, None)
        self.name_of = [-1] * len(self.norms)
        for start, end, _ in self.name_at.values():
            for t in range(start, end):
                self.name_of[t] = start
        for start, end, _ in self.name_at.values():
            zone_start = self.scan_left(start)
            for t in range(zone_start, start):
                k = self.role_at[t]
                if k >= 0 and isinstance(self.roles[k].phrase, Title):
                    self.bound.add(k)
            for title in self._appositive_titles(start, end):
                self.bound.add(self.role_at[title])

    def _trim_name(self, start: int, end: int) -> tuple[int, int]:
        lex = self.lexicon
        while start < end:
            k = self.role_at[start]
            if k >= 0:
                start = self.roles[k].end
            elif not self.norms[start] or self.norms[start] in lex.honorifics:
                start += 1
            else:
                break
        while end > start and (self.norms[end - 1] in (*_POSSESSIVE, "") or self._run_on(end - 1)):
            end -= 1  # "Putin's", and headline run-ons like "Obama Says"
        return start, end

    def _claim_name(self, start: int, end: int) -> bool:
        """Settle a PERSON entity against gazetteer matches; True if the entity gives way."""
        inside: list[int] = []
        for t in range(start, end):
            g = self.gz_at[t]
            if g >= 0 and g not in inside:
                inside.append(g)
        for g in inside:
            m = self.gz[g]
            assert m.hit is not None
            if m.start <= start and m.end >= end:
                return True
            if m.hit.entry.category == "person" and not (m.start > start and m.end == end):
                return True  # a listed person, unless the entity adds a first name ("Ivana Trump")
        for g in inside:
            for t in range(self.gz[g].start, self.gz[g].end):
                self.gz_at[t] = -1
        for t in range(start, end):
            self.role_at[t] = -1
        return False

    # --- token predicates ---------------------------------------------------------------------

    def is_subject(self, i: int, *, passive: bool = True) -> bool:
        dep = self.dep[i]
        return dep == self.nsubj or (passive and dep == self.nsubjpass)

    def _run_on(self, i: int) -> bool:
        """A verb that spaCy swept into a name ("Obama Says"), not a hyphenated part of it."""
        return self.pos[i] in (VERB, AUX) and i > 0 and self.norms[i - 1] != ""

    def is_plural(self, i: int) -> bool:
        return self.tag[i] in self.plural_tags

    def is_modifier(self, i: int) -> bool:
        """Whether token ``i`` modifies another noun rather than heading its own phrase."""
        dep = self.dep[i]
        if dep == self.amod:
            return True
        return dep == self.compound and not self.is_title_compound(i)

    def is_title_compound(self, i: int) -> bool:
        """A compound whose head is an office word or a name ("Foreign Ministry spokeswoman")."""
        h = self.head[i]
        return self.role_at[h] >= 0 or self.name_of[h] >= 0 or self.gz_at[h] >= 0

    def is_possessed(self, end: int) -> bool:
        return end < len(self.norms) and self.tag[end] == self.tag_pos

    def root_of(self, start: int, end: int) -> int:
        for t in range(start, end):
            if not start <= self.head[t] < end or self.head[t] == t:
                return t
        return end - 1

    def body_phrase(self, start: int, end: int) -> Body | None:
        key = tuple(n for n in self.norms[start:end] if n)
        for _, phrase in self.lexicon.phrases.get(key, ()):
            if isinstance(phrase, Body):
                return phrase
        return None

    # --- zones --------------------------------------------------------------------------------

    def _extends(self, j: int, anchor: int) -> int | None:
        """The new zone start if token ``j`` can join the zone, else ``None``."""
        if self.sent[j] != self.sent[anchor]:
            return None
        g = self.gz_at[j]
        if g >= 0:
            m = self.gz[g]
            assert m.hit is not None
            if m.hit.entry.category == "person" and not self.is_possessed(m.end):
                return None
            return m.start
        k = self.role_at[j]
        if k >= 0:
            return self.roles[k].start
        if self.name_of[j] >= 0:
            start = self.name_of[j]
            end = self.name_at[start][1]
            return start if self.is_possessed(end) else None
        norm = self.norms[j]
        lex = self.lexicon
        if not norm or (norm in _POSSESSIVE and self.tag[j] == self.tag_pos):
            return j
        if norm in lex.neutral or norm in lex.modifier_roles or norm in lex.honorifics:
            return j
        if norm in lex.gender or norm in _POSSESSIVE_PRONOUNS:
            return j
        return None

    def scan_left(self, start: int) -> int:
        """The first token of the zone that ends just before token ``start``."""
        zone, j = start, start - 1
        while j >= 0 and start - j <= ZONE_MAX:
            if self.norms[zone] in _POSSESSIVE_PRONOUNS:
                break
            new = self._extends(j, start)
            if new is None and self.norms[j] in _LINKS and j > 0:
                new = j if self._extends(j - 1, start) is not None else None
            if new is None:
                break
            zone, j = new, new - 1
        return zone

    def zone(self, start: int, end: int, actor_at: MentionActor) -> Zone:
        """The zone of a description ("Seoul's intelligence agency"), anchor words included,
        with owners found right of it ("officials in Kyiv") as a fallback."""
        zone = self.analyse(self.scan_left(start), end, actor_at)
        if zone.owner is None:
            zone.owner = self._right_owner(end - 1)
        return zone

    def person_zone(self, start: int, end: int, actor_at: MentionActor) -> Zone:
        """The zone left of a name, merged with the zone of an appositive title."""
        zone = self.analyse(self.scan_left(start), start, actor_at)
        zone.claimed.extend(
            t for t in range(zone.start, start) if self.role_at[t] >= 0 or self.gz_at[t] < 0
        )
        for title in self._appositive_titles(start, end):
            match = self.roles[self.role_at[title]]
            extra = self.analyse(self.scan_left(match.start), match.end, actor_at)
            zone.owner = zone.owner or extra.owner or self._right_owner(title)
            zone.title = zone.title or extra.title
            zone.role = zone.role or extra.role
            zone.gender = zone.gender or extra.gender
            zone.claimed.extend(range(match.start, match.end))
        return zone

    def _appositive_titles(self, start: int, end: int) -> Iterable[int]:
        root = self.root_of(start, end)
        candidates = [self.head[root]] if self.dep[root] == self.appos else []
        candidates += [c for c in self.children.get(root, ()) if self.dep[c] == self.appos]
        for t in candidates:
            k = self.role_at[t]
            if k >= 0 and isinstance(self.roles[k].phrase, Title):
                yield t

    def _right_owner(self, head: int) -> str | None:
        for prep in self.children.get(head, ()):
            if self.dep[prep] != self.prep or self.norms[prep] not in _RIGHT_PREPS:
                continue
            for obj in self.children.get(prep, ()):
                g = self.gz_at[obj] if self.dep[obj] == self.pobj else -1
                if g >= 0:
                    hit = self.gz[g].hit
                    if hit is not None and hit.entry.category in ("state", "org"):
                        return hit.entry.actor.country
        return None

    def analyse(self, start: int, end: int, actor_at: MentionActor) -> Zone:
        """Read tokens [start, end) of a zone: owner, office, institution, role and gender."""
        lex = self.lexicon
        zone = Zone(start=start)
        j = start - 1
        while j >= 0 and not self.norms[j]:
            j -= 1
        zone.definite = j >= 0 and self.norms[j] in _DEFINITE
        owners: list[tuple[int, int, str]] = []
        hint: str | None = None
        target = False
        j = start
        while j < end:
            norm = self.norms[j]
            g, k, name = self.gz_at[j], self.role_at[j], self.name_of[j]
            if g >= 0:
                m = self.gz[g]
                assert m.hit is not None
                entry = m.hit.entry
                if entry.category == "agency":
                    hint = entry.actor.role
                if entry.actor.country and not target:
                    rank = 0 if self.is_possessed(m.end) else _PRIORITY[entry.category]
                    actor = m.hit.actor if entry.category != "person" else actor_at(j)
                    country = actor.country if actor is not None else entry.actor.country
                    owners.append((rank, j, country or ""))
                j = m.end
                continue
            if k >= 0:
                m = self.roles[k]
                phrase = m.phrase
                if isinstance(phrase, Title):
                    zone.title = phrase
                    if m.end - m.start == 1:
                        zone.gender = lex.gender.get(norm, zone.gender)
                    else:
                        words = " ".join([n for n in self.norms[m.start : m.end] if n])
                        zone.gender = lex.gender.get(words, zone.gender)
                elif isinstance(phrase, Body) and m.end < end:
                    zone.body = phrase
                j = m.end
                continue
            if name >= 0:
                actor = actor_at(j)
                if actor is not None and actor.country and not target:
                    owners.append((0, j, actor.country))
                j = self.name_at[name][1]
                continue
            if norm in _POSSESSIVE_PRONOUNS:
                actor = actor_at(j)
                if actor is not None and actor.country:
                    owners.append((0, j, actor.country))
            elif norm in lex.modifier_roles:
                hint = lex.modifier_roles[norm]
            elif norm in lex.gender:
                zone.gender = lex.gender[norm]
            elif norm in _TARGETS and owners:
                target = True
            j += 1
        if owners:
            zone.owner = min(owners)[2]
        role = zone.title.role if zone.title else None
        if role in _GENERIC_ROLES and (zone.body is not None or hint is not None):
            refined = zone.body.role if zone.body is not None else hint
            if role != "leader" or zone.body is not None:
                role = refined
        zone.role = role
        return zone

    # --- people -------------------------------------------------------------------------------

    def tenure_actor(self, entry: Entry, zone: Zone) -> Actor:
        """A listed person as holder of the tenure the text and the year point to."""
        tenures = list(entry.tenures)

        def narrow(keep: Callable[[Tenure], bool]) -> None:
            nonlocal tenures
            kept = [t for t in tenures if keep(t)]
            if kept:
                tenures = kept

        if zone.owner:
            narrow(lambda t: t.country == zone.owner)
        if zone.title is not None and zone.title.office:
            office = zone.title.office
            narrow(lambda t: t.office == office)
        elif zone.role:
            narrow(lambda t: t.role == zone.role)
        if self.year is not None:
            year = self.year
            narrow(lambda t: t.covers(year))
        chosen = max(tenures, key=lambda t: (t.end is None, t.end or 0, t.start or 0))
        return entry.tenure_actor(chosen)


def longest_matches(
    stream: list[int],
    norms: list[str],
    trie: Mapping[str, Any],
    accept: Callable[[tuple[Any, ...], int, int], bool],
) -> list[Match]:
    """Greedy longest-first matching of the keys of ``trie`` over the token positions ``stream``.

    ``trie`` is a nested dict of normalised words with the values of a key under ``""``;
    ``stream`` lists the tokens that take part (hyphens and whitespace left out); a key may not
    stretch over a gap of three or more skipped tokens per key token. ``accept(values, start,
    end)`` vets a candidate (its case); a refused candidate lets shorter ones try. A match that
    a later-starting match overlaps and outruns gives way to it ("the South | Korean" loses to
    "the | South Korean").
    """
    out: list[Match] = []
    p, size = 0, len(stream)
    while p < size:
        found = _match_at(p, stream, norms, trie, accept) if norms[stream[p]] in trie else None
        if found is None:
            p += 1
            continue
        width, hits = found
        for q in range(p + 1, p + width):
            later = _match_at(q, stream, norms, trie, accept)
            if later is not None and q + later[0] > p + width:
                p = q
                width, hits = later
                break
        out.append(Match(start=stream[p], end=stream[p + width - 1] + 1, hits=hits))
        p += width
    return out


def _match_at(
    p: int,
    stream: list[int],
    norms: list[str],
    trie: Mapping[str, Any],
    accept: Callable[[tuple[Any, ...], int, int], bool],
) -> tuple[int, tuple[Any, ...]] | None:
    """The longest accepted key starting at stream position ``p``: (width, values)."""
    candidates: list[tuple[int, tuple[Any, ...]]] = []
    node, q, size = trie.get(norms[stream[p]]), p, len(stream)
    while node is not None and stream[q] - stream[p] < 3 * (q - p + 1):
        if "" in node:
            candidates.append((q - p + 1, node[""]))
        q += 1
        if q >= size:
            break
        node = node.get(norms[stream[q]])
    for width, values in reversed(candidates):
        if accept(values, stream[p], stream[p + width - 1] + 1):
            return width, values
    return None


def _table(size: int, matches: list[Match]) -> list[int]:
    table = [-1] * size
    for index, m in enumerate(matches):
        for t in range(m.start, m.end):
            table[t] = index
    return table
