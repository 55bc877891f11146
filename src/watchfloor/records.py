"""The frozen records that cross stage boundaries.

Every stage of watchfloor (ingest, extract, ledger, corroborate, assess) exchanges only these
records: no spaCy ``Doc``, lxml tree, database row or HTTP response leaves the stage that made it.

Conventions, checked by tests:

* character offsets are end-exclusive and point into ``Document.text`` exactly as read, so for
  every range ``document.text[start:end]`` is the text of that range;
* a :class:`Span` with several ranges (a quote wrapped around "he said") has as ``text`` the
  range texts joined with :data:`RANGE_JOIN`;
* datetimes are timezone-aware UTC, scores lie in [0, 1], country codes are ISO 3166-1 alpha-3
  (or an organisation code such as ``NATO``, ``UN``, ``EU``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Generic, Literal, TypeVar

__all__ = [
    "ACTOR_KINDS",
    "CREDIBILITY",
    "MODALITIES",
    "PRECISIONS",
    "RANGE_JOIN",
    "RELATIONS",
    "RELIABILITY",
    "STANCES",
    "Actor",
    "Assessment",
    "Claim",
    "ClaimHit",
    "ClaimLink",
    "ClaimView",
    "Claimant",
    "Cue",
    "Document",
    "DocumentSummary",
    "DocumentView",
    "Event",
    "Extraction",
    "Figure",
    "Grade",
    "IndicatorResult",
    "Page",
    "PhaseChange",
    "Quantity",
    "Source",
    "SourceEdit",
    "SourceGrade",
    "Span",
    "Story",
    "StoryClaim",
    "TokenInfo",
    "When",
]

RANGE_JOIN = " … "
"""Separator between the texts of the ranges of a discontinuous span."""

Stance = Literal["assert", "confirm", "allege", "deny"]
ActorKind = Literal["state", "person", "organisation", "media", "unknown"]
Modality = Literal["actual", "planned", "hypothetical"]
Precision = Literal["day", "month", "year"]

STANCES: tuple[Stance, ...] = ("assert", "confirm", "allege", "deny")
ACTOR_KINDS: tuple[ActorKind, ...] = ("state", "person", "organisation", "media", "unknown")
MODALITIES: tuple[Modality, ...] = ("actual", "planned", "hypothetical")
PRECISIONS: tuple[Precision, ...] = ("day", "month", "year")

Relation = Literal["supports", "denies", "declines"]
RELATIONS: tuple[Relation, ...] = ("supports", "denies", "declines")
"""How a claim stands to its story: it reports the event, denies it, or declines to confirm it."""

RELIABILITY = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}
"""Admiralty (NATO) source reliability grades."""

CREDIBILITY = {
    "1": "confirmed by other independent sources",
    "2": "probably true",
    "3": "possibly true",
    "4": "doubtful",
    "5": "improbable",
    "6": "truth cannot be judged",
}
"""Admiralty (NATO) information credibility grades."""


def _check_ranges(ranges: tuple[tuple[int, int], ...]) -> None:
    if not ranges:
        raise ValueError("a span needs at least one (start, end) range")
    for start, end in ranges:
        if not 0 <= start < end:
            raise ValueError(f"bad span range ({start}, {end}): need 0 <= start < end")


@dataclass(frozen=True, slots=True, kw_only=True)
class Span:
    """Character ranges of one document, end-exclusive, in document order."""

    ranges: tuple[tuple[int, int], ...]
    text: str

    def __post_init__(self) -> None:
        _check_ranges(self.ranges)

    @classmethod
    def of(cls, document_text: str, ranges: tuple[tuple[int, int], ...]) -> Span:
        """The span of ``ranges`` in ``document_text``, its text taken from the document."""
        ordered = tuple(sorted((int(s), int(e)) for s, e in ranges))
        _check_ranges(ordered)
        if ordered[-1][1] > len(document_text):
            raise ValueError(f"span range {ordered[-1]} runs past the text ({len(document_text)})")
        return cls(ranges=ordered, text=RANGE_JOIN.join(document_text[s:e] for s, e in ordered))

    @property
    def start(self) -> int:
        return self.ranges[0][0]

    @property
    def end(self) -> int:
        return self.ranges[-1][1]

    def __repr__(self) -> str:
        where = ",".join(f"{s}:{e}" for s, e in self.ranges)
        text = self.text if len(self.text) <= 40 else self.text[:37] + "..."
        return f"Span({where} {text!r})"


@dataclass(frozen=True, slots=True, kw_only=True)
class Actor:
    """A normalised actor: who a mention refers to.

    ``country`` is an ISO 3166-1 alpha-3 code for states and their people and bodies, or an
    organisation code (``NATO``, ``UN``, ``EU`` ...) for international organisations.
    ``role`` is one of the roles of the gazetteer (government, military, intelligence, diplomat,
    leader, minister, media, ...) or ``None`` when the text gives none.
    """

    name: str
    kind: ActorKind = "unknown"
    country: str | None = None
    role: str | None = None

    def __repr__(self) -> str:
        parts: list[str] = [self.kind]
        if self.country:
            parts.append(self.country)
        if self.role:
            parts.append(self.role)
        return f"Actor({self.name!r} {'/'.join(parts)})"


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    """The mention of who a claim is attributed to, and the actor it resolves to."""

    span: Span
    actor: Actor

    def __repr__(self) -> str:
        return f"Source({self.span.text!r} -> {self.actor!r})"


@dataclass(frozen=True, slots=True, kw_only=True)
class Cue:
    """The words that mark the attribution ("said", "according to"), with their lemma."""

    span: Span
    lemma: str

    def __repr__(self) -> str:
        return f"Cue({self.span.text!r} lemma={self.lemma!r})"


@dataclass(frozen=True, slots=True, kw_only=True)
class Quantity:
    """A number in a claim: ``value`` is the stated number, ``max`` an upper bound ("up to").

    "several thousand troops" keeps the unit with neither value nor max.
    """

    value: float | None = None
    max: float | None = None
    unit: str | None = None

    def __repr__(self) -> str:
        num = "?" if self.value is None else f"{self.value:g}"
        if self.max is not None:
            num = f"{num}..{self.max:g}"
        return f"Quantity({num} {self.unit or ''})".replace(" )", ")")


@dataclass(frozen=True, slots=True, kw_only=True)
class When:
    """A calendar date with the precision the text gave (day, month or year).

    For month precision ``date`` is the first day of the month, for year the first of January.
    """

    date: dt.date
    precision: Precision = "day"

    def __repr__(self) -> str:
        shown = {
            "day": self.date.isoformat(),
            "month": self.date.isoformat()[:7],
            "year": str(self.date.year),
        }[self.precision]
        return f"When({shown})"


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """The event a claim speaks of, in the PLOVER ontology.

    ``actor`` and ``target`` are country or organisation codes where the text allows it,
    otherwise the actor's canonical name.
    """

    type: str
    mode: str | None = None
    actor: str | None = None
    target: str | None = None
    quantity: Quantity | None = None
    when: When | None = None
    modality: Modality = "actual"

    def __repr__(self) -> str:
        mode = f" {self.mode}" if self.mode else ""
        arrow = f" {self.actor or '?'}->{self.target or '?'}"
        extra = "".join(f" {x!r}" for x in (self.quantity, self.when) if x is not None)
        return f"Event({self.type}{mode}{arrow}{extra} {self.modality})"


@dataclass(frozen=True, slots=True, kw_only=True)
class Claim:
    """One attributed statement or belief: who says what, how, about which event.

    ``source`` is ``None`` for sourceless hedges ("reportedly", "amid reports that").
    ``said`` is the date of the statement itself when the text gives it ("on Monday").
    ``reasons`` lists, in plain words, the evidence each field was drawn from.
    """

    id: str
    document_id: str
    sentence: Span
    source: Source | None
    cue: Cue
    content: Span
    stance: Stance
    hedged: bool
    event: Event | None
    said: When | None = None
    confidence: float
    extractor: str
    reasons: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.stance not in STANCES:
            raise ValueError(f"unknown stance {self.stance!r}: use one of {', '.join(STANCES)}")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence {self.confidence} is outside [0, 1]")

    def __repr__(self) -> str:
        who = self.source.actor.name if self.source else "(no source)"
        hedge = " hedged" if self.hedged else ""
        content = (
            self.content.text if len(self.content.text) <= 50 else self.content.text[:47] + "..."
        )
        return f"Claim({who} {self.stance}{hedge} via {self.cue.lemma!r}: {content!r})"


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """One article as read. ``text`` is exactly what every offset points into.

    ``id`` is the caller's name for it (a file's stem, a JSONL ``id``); ``sha256`` is the hash
    of ``text`` and identifies the content.
    """

    id: str
    sha256: str
    origin: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: dt.datetime | None = None
    retrieved: dt.datetime | None = None
    language: str = "en"

    def __post_init__(self) -> None:
        for name in ("published", "retrieved"):
            value = getattr(self, name)
            if value is not None and value.tzinfo is None:
                raise ValueError(f"Document.{name} must be timezone-aware, got {value!r}")

    def __repr__(self) -> str:
        date = self.published.date().isoformat() if self.published else "undated"
        return f"Document({self.id!r} {date} {len(self.text)} chars sha256={self.sha256[:12]})"


@dataclass(frozen=True, slots=True, kw_only=True)
class Extraction:
    """The claims of one document, and the problems met while extracting them."""

    document: Document
    claims: tuple[Claim, ...] = ()
    errors: tuple[str, ...] = field(default=())

    def __repr__(self) -> str:
        return (
            f"Extraction({self.document.id!r} {len(self.claims)} claims {len(self.errors)} errors)"
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Grade:
    """One Admiralty grade, on one axis, with the reasons that produced it.

    ``value`` is a reliability letter (A–F, :data:`RELIABILITY`) or a credibility digit (1–6,
    :data:`CREDIBILITY`); the two axes are graded separately and never combined into one score.
    """

    value: str
    reasons: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.value not in RELIABILITY and self.value not in CREDIBILITY:
            raise ValueError(f"unknown grade {self.value!r}: use A-F or 1-6")

    @property
    def meaning(self) -> str:
        return RELIABILITY.get(self.value) or CREDIBILITY[self.value]

    def __repr__(self) -> str:
        return f"Grade({self.value} {self.meaning}, {len(self.reasons)} reasons)"


@dataclass(frozen=True, slots=True, kw_only=True)
class Claimant:
    """Who makes claims, as the ledger groups them: every mention resolving to the same actor.

    ``key`` identifies the claimant across documents (kind, country and canonical name).
    """

    key: str
    name: str
    kind: ActorKind = "unknown"
    country: str | None = None
    role: str | None = None

    def __repr__(self) -> str:
        return f"Claimant({self.key!r})"


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceGrade:
    """A claimant's reliability and the track record behind it.

    ``confirmed`` counts the claimant's claims in stories later confirmed by other independent
    sources; ``contradicted`` counts claims those stories contradict (a denial of a confirmed
    event, a report of an event judged improbable).
    """

    claimant: Claimant
    reliability: Grade
    claims: int = 0
    stories: int = 0
    confirmed: int = 0
    contradicted: int = 0
    registry: str | None = None

    def __repr__(self) -> str:
        return (
            f"SourceGrade({self.claimant.name!r} {self.reliability.value} "
            f"claims={self.claims} confirmed={self.confirmed} contradicted={self.contradicted})"
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryClaim:
    """A claim as part of a story, with where and when it was made.

    ``origin`` is the id of the document the claim's text first appeared in: a syndicated or
    lightly edited copy carries its original's id, so independent origins can be counted.
    ``claimant`` is ``None`` for claims with no source ("reportedly"). ``reported`` is when its
    article was published (or ingested, if undated); ``ingested`` when the ledger received it.
    """

    claim: Claim
    claimant: Claimant | None
    relation: Relation
    document_id: str
    origin: str
    outlet: str | None
    reported: dt.datetime
    ingested: dt.datetime | None = None

    def __repr__(self) -> str:
        who = self.claimant.name if self.claimant else "(no source)"
        return f"StoryClaim({who} {self.relation} {self.reported.date().isoformat()})"


@dataclass(frozen=True, slots=True, kw_only=True)
class Figure:
    """One number of a story as one claimant gave it on one day."""

    claimant: str
    stance: Stance
    quantity: Quantity
    said: dt.date
    modality: Modality
    claim_id: str

    def __repr__(self) -> str:
        return f"Figure({self.claimant!r} {self.stance} {self.quantity!r} {self.said.isoformat()})"


@dataclass(frozen=True, slots=True, kw_only=True)
class Story:
    """The claims that speak of one real-world event, across documents.

    ``figures`` are the numbers in the order they were reported, each with its claimant: they are
    never averaged or merged. ``origins`` counts independent origins (copies count once),
    ``documents`` counts articles. ``credibility`` is the Admiralty information grade (1–6).
    A story listed from the ledger (``Ledger.stories()``) is a summary: its ``claims`` are empty
    and ``claim_count`` says how many there are; ``Ledger.story(id)`` reads them all.
    """

    id: int
    key: str
    title: str
    event_type: str
    mode: str | None
    actor: str | None
    target: str | None
    first_seen: dt.datetime
    last_seen: dt.datetime
    claims: tuple[StoryClaim, ...]
    claim_count: int
    figures: tuple[Figure, ...]
    stance_counts: tuple[tuple[Stance, int], ...]
    documents: int
    origins: int
    credibility: Grade

    def __repr__(self) -> str:
        return (
            f"Story({self.id} {self.title!r} {self.claim_count} claims "
            f"{self.origins} origins credibility={self.credibility.value})"
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class IndicatorResult:
    """Whether one playbook indicator is met, and the evidence: the stories that meet it and,
    in each, the supporting claims that satisfied its conditions. ``reasons`` say, in words, why
    it is met or which condition failed on the closest story."""

    name: str
    description: str
    met: bool
    stories: tuple[int, ...] = ()
    evidence: tuple[StoryClaim, ...] = ()
    reasons: tuple[str, ...] = ()

    def __repr__(self) -> str:
        state = "met" if self.met else "not met"
        return f"IndicatorResult({self.name!r} {state}, {len(self.evidence)} claims)"


@dataclass(frozen=True, slots=True, kw_only=True)
class Assessment:
    """The phase of a playbook the evidence supports at ``as_of``, with why.

    ``likelihood`` is an ICD 203 expression for "the phase's conditions hold", ``confidence``
    (low, moderate, high) how solid the evidence base is; ``evidence`` are the claims it rests on.
    Nothing is asserted without a claim behind it, or, for an overflight indicator, the computed
    passes its reasons list (passes are computed from element sets, not reported): phase 0 (the
    base) needs none.
    """

    playbook: str
    phase: int
    phase_name: str
    response: str
    as_of: dt.datetime
    likelihood: str
    confidence: str
    indicators: tuple[IndicatorResult, ...]
    evidence: tuple[StoryClaim, ...]
    reasons: tuple[str, ...] = ()

    def __repr__(self) -> str:
        return (
            f"Assessment({self.playbook!r} phase {self.phase} {self.phase_name!r} "
            f"{self.likelihood}, {self.confidence} confidence, {self.as_of.date().isoformat()})"
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class PhaseChange:
    """A change of phase, or of the indicators met, at ``at``; ``trigger`` are the claims of the
    assessment's evidence that arrived since the previous change."""

    at: dt.datetime
    previous: int | None
    assessment: Assessment
    newly_met: tuple[str, ...]
    no_longer_met: tuple[str, ...]
    trigger: tuple[StoryClaim, ...]

    def __repr__(self) -> str:
        was = "start" if self.previous is None else f"phase {self.previous}"
        return f"PhaseChange({self.at.date().isoformat()} {was} -> phase {self.assessment.phase})"


# -- what the ledger answers to the web app and the API: pages of hits, views, grants ----------

T = TypeVar("T")


@dataclass(frozen=True, slots=True, kw_only=True)
class Page(Generic[T]):
    """One page of a listing: ``items`` from position ``offset``, at most ``limit`` of them.

    ``total`` is the number of matches, counted only up to a cap (see ``docs/ledger.md``):
    when ``exact`` is false there are more than ``total``. ``has_more`` is exact either way.
    """

    items: tuple[T, ...]
    total: int
    exact: bool
    limit: int
    offset: int

    @property
    def has_more(self) -> bool:
        return not self.exact or self.offset + len(self.items) < self.total

    def __repr__(self) -> str:
        total = f"{self.total}" if self.exact else f"more than {self.total}"
        end = self.offset + len(self.items)
        return f"Page({self.offset}-{end} of {total})"


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimHit:
    """A claim found by a search, with its article and its story.

    ``claim.document_id`` is the key of its document; ``published`` is that document's
    publication time. ``story`` and ``relation`` are ``None`` for a claim in no story. ``rank``
    is the full-text relevance (higher is better; only comparable within one search), ``None``
    when the search had no text.
    """

    claim: Claim
    title: str | None
    outlet: str | None
    published: dt.datetime | None
    story: int | None
    relation: Relation | None
    rank: float | None = None

    def __repr__(self) -> str:
        where = f"story {self.story} {self.relation}" if self.story is not None else "no story"
        return f"ClaimHit({self.claim.id!r} in {self.claim.document_id!r}, {where})"


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentSummary:
    """A stored document without its text: what a listing shows. ``duplicate_of`` is the key of
    the origin of its near-duplicate group when it is a copy; ``claims`` how many it holds."""

    key: str
    title: str | None
    outlet: str | None
    url: str | None
    published: dt.datetime | None
    ingested: dt.datetime
    claims: int
    duplicate_of: str | None = None

    def __repr__(self) -> str:
        date = self.published.date().isoformat() if self.published else "undated"
        copy = f" copy of {self.duplicate_of!r}" if self.duplicate_of else ""
        return f"DocumentSummary({self.key!r} {date} {self.claims} claims{copy})"


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimLink:
    """A claim referred to from another one (what a denial denies, the denials of a report),
    light enough to list: who, how, what, where and when."""

    id: str
    document_id: str
    source: str | None
    stance: Stance
    content: str
    outlet: str | None
    published: dt.datetime | None

    def __repr__(self) -> str:
        return f"ClaimLink({self.id!r} {self.source or '(no source)'} {self.stance})"


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimView:
    """One claim in context: its document, its story and relation to it, and the links between
    denials and what they deny. For a denial, ``denies`` are the story's supporting claims; for
    a supporting claim, ``denied_by`` are the story's denials. Each list holds at most a few
    (in story order); ``denies_total`` and ``denied_by_total`` count them all."""

    claim: Claim
    document: DocumentSummary
    story: int | None
    relation: Relation | None
    denies: tuple[ClaimLink, ...] = ()
    denies_total: int = 0
    denied_by: tuple[ClaimLink, ...] = ()
    denied_by_total: int = 0

    def __repr__(self) -> str:
        where = f"story {self.story} {self.relation}" if self.story is not None else "no story"
        links = f"denies {self.denies_total}, denied by {self.denied_by_total}"
        return f"ClaimView({self.claim.id!r} {where}, {links})"


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentView:
    """A document with its text and every claim of it in context, in document order: every
    span of every claim points into ``document.text``."""

    document: Document
    summary: DocumentSummary
    claims: tuple[ClaimView, ...]

    def __repr__(self) -> str:
        return f"DocumentView({self.document.id!r} {len(self.claims)} claims)"


@dataclass(frozen=True, slots=True, kw_only=True)
class TokenInfo:
    """An API token as the ledger knows it: its name and dates, never the token itself."""

    name: str
    created: dt.datetime
    last_used: dt.datetime | None = None
    revoked: dt.datetime | None = None

    @property
    def active(self) -> bool:
        return self.revoked is None

    def __repr__(self) -> str:
        state = "active" if self.revoked is None else f"revoked {self.revoked.date().isoformat()}"
        return f"TokenInfo({self.name!r} {state})"


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceEdit:
    """An analyst's grade of a source's reliability (A–F), with the reason, who set it (an API
    token's name, or the user of the command line) and when. The newest edit of a source
    overrides the registry; older ones are kept as its history."""

    source: str
    reliability: str
    reason: str
    by: str
    at: dt.datetime

    def __repr__(self) -> str:
        when = self.at.date().isoformat()
        return f"SourceEdit({self.source!r} {self.reliability} by {self.by!r} {when})"
