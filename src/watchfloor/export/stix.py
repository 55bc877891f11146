"""The ledger as a STIX 2.1 bundle, for threat-intelligence platforms (OpenCTI, MISP, TAXII).

The mapping, and the alternatives rejected, are in ``docs/export.md``. In short:

* each article is a ``report`` (``published`` is its publication time, else the time it was
  read), referring to the notes, claimants and stories it carries;
* each claimant is an ``identity`` (``individual`` for a person, ``organization`` for a state,
  an organisation or a media outlet, ``unknown`` otherwise), with its country and its Admiralty
  reliability grade written in its ``description``;
* each claim is a ``note``: ``abstract`` says who said what, ``content`` is the sentence and the
  reasons the extractor gave, ``object_refs`` names the report and the claimant; its stance,
  hedging and relation to its story are ``labels``;
* each story is a ``grouping`` (context ``unspecified``) of the notes of its claims and their
  reports; its ``description`` gives the credibility grade with its reasons and every claimant's
  figures side by side, and ``confidence`` is that grade on the STIX Admiralty scale.

The bundle uses no custom properties: it parses with ``allow_custom=False``, so any STIX 2.1
consumer accepts it. Ids are UUIDv5 of :data:`NAMESPACE` and the ledger's keys (document hash,
claim id, claimant key, story key), and ``created``/``modified`` come from the documents' and
stories' own times, so exporting the same ledger twice gives the same bundle, byte for byte.

The bundle is built in memory (``stix2.Bundle`` is an in-memory object): documents are held
without their text, and claims are read one document at a time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TextIO

import stix2

from watchfloor.errors import LedgerError
from watchfloor.export.ledger_json import warn_if_stale
from watchfloor.export.tables import figure_text, stances_text
from watchfloor.ledger.codec import claimant_of
from watchfloor.records import Claim, Claimant, Document, SourceGrade, Story

if TYPE_CHECKING:  # the ledger (SQLAlchemy) loads only when an export runs
    from watchfloor.ledger import Ledger

__all__ = [
    "ADMIRALTY_CONFIDENCE",
    "IDENTITY_CLASS",
    "NAMESPACE",
    "stix_bundle",
    "stix_id",
    "write_stix",
]

NAMESPACE = uuid.UUID("1c2d2c6e-9359-462f-a9fa-e2657867d562")
"""The namespace of every watchfloor STIX id. Never change it: every id would change with it."""

PRODUCER_TIME = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
"""``created`` and ``modified`` of the watchfloor identity: fixed, so it has one version only.
Also the time of a report whose article has neither a publication nor a retrieval time."""

IDENTITY_CLASS = {
    "person": "individual",
    "state": "organization",
    "organisation": "organization",
    "media": "organization",
    "unknown": "unknown",
}
"""Actor kind → STIX ``identity_class``. A state speaks through its government, an organisation.
An ``unknown`` claimant ("analysts", "an opposition lawmaker") may be one person or many."""

ADMIRALTY_CONFIDENCE = {"1": 90, "2": 70, "3": 50, "4": 30, "5": 10}
"""Admiralty information credibility → STIX ``confidence``, as the STIX 2.1 appendix on
confidence scales maps it (``stix2.confidence.scales.admiralty_credibility_to_value``); 6,
"cannot be judged", has no value and the property is left out."""


def stix_id(kind: str, key: str) -> str:
    """The STIX id of the object of type ``kind`` named ``key`` in the ledger."""
    return f"{kind}--{uuid.uuid5(NAMESPACE, f'{kind}:{key}')}"


PRODUCER_ID = stix_id("identity", "producer:watchfloor")


@dataclass(slots=True)
class _Article:
    """What a report needs of a document: not its text."""

    key: str
    sha256: str
    title: str | None
    outlet: str | None
    url: str | None
    published: dt.datetime | None
    language: str
    time: dt.datetime
    notes: list[str] = field(default_factory=list)
    identities: dict[str, None] = field(default_factory=dict)
    stories: dict[int, None] = field(default_factory=dict)

    @classmethod
    def of(cls, document: Document) -> _Article:
        return cls(
            key=document.id,
            sha256=document.sha256,
            title=document.title,
            outlet=document.outlet,
            url=document.url,
            published=document.published,
            language=document.language,
            time=document.published or document.retrieved or PRODUCER_TIME,
        )

    @property
    def id(self) -> str:
        return stix_id("report", self.sha256)


@dataclass(slots=True)
class _Speaker:
    claimant: Claimant
    first: dt.datetime

    @property
    def id(self) -> str:
        return stix_id("identity", f"claimant:{self.claimant.key}")


@dataclass(slots=True)
class _Members:
    notes: list[str] = field(default_factory=list)
    reports: dict[str, None] = field(default_factory=dict)


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one}" if n == 1 else f"{n} {many or one + 's'}"


def _watchfloor_ref(key: str, description: str | None = None) -> dict[str, str]:
    ref = {"source_name": "watchfloor", "external_id": key}
    if description:
        ref["description"] = description
    return ref


def _note(claim: Claim, relation: str | None, article: _Article, speaker: str | None) -> Any:
    who = claim.source.actor.name if claim.source else "Unattributed"
    labels = [f"stance:{claim.stance}"]
    if claim.hedged:
        labels.append("hedged")
    if claim.event is not None:
        labels.append(f"event:{claim.event.type}")
    if relation is not None:
        labels.append(f"relation:{relation}")
    content = claim.sentence.text
    if claim.reasons:
        content += f"\n\nExtracted by {claim.extractor}: " + "; ".join(claim.reasons)
    where = f"in document {claim.document_id}, characters {claim.sentence.start}-"
    return stix2.Note(
        id=stix_id("note", f"{article.sha256}:{claim.id}"),
        created=article.time,
        modified=article.time,
        created_by_ref=PRODUCER_ID,
        abstract=f"{who} {claim.cue.span.text}: {claim.content.text}",
        content=content,
        authors=[claim.extractor],
        object_refs=[article.id] + ([speaker] if speaker else []),
        labels=labels,
        confidence=round(claim.confidence * 100),
        lang=article.language,
        external_references=[_watchfloor_ref(claim.id, f"claim {where}{claim.sentence.end}")],
    )


def _identity(speaker: _Speaker, grade: SourceGrade | None, as_of: dt.datetime) -> Any:
    c = speaker.claimant
    lines = [f"A claimant in the watchfloor ledger ({c.kind})."]
    if c.country:
        lines.append(f"Country (ISO 3166-1 alpha-3) or organisation: {c.country}.")
    if c.role:
        lines.append(f"Role: {c.role}.")
    labels = []
    if grade is not None:
        r = grade.reliability
        reasons = f": {'; '.join(r.reasons)}" if r.reasons else ""
        lines.append(f"Source reliability {r.value} ({r.meaning}) on the Admiralty scale{reasons}.")
        lines.append(
            f"{_count(grade.claims, 'claim')} in {_count(grade.stories, 'story', 'stories')}; "
            f"{grade.confirmed} in stories later confirmed, {grade.contradicted} contradicted."
        )
        labels.append(f"reliability:{r.value}")
    return stix2.Identity(
        id=speaker.id,
        created=speaker.first,
        modified=max(speaker.first, as_of),
        created_by_ref=PRODUCER_ID,
        name=c.name,
        identity_class=IDENTITY_CLASS.get(c.kind, "unknown"),
        roles=[c.role] if c.role else None,
        description=" ".join(lines),
        labels=labels or None,
        external_references=[_watchfloor_ref(c.key)],
    )


def _report(article: _Article, groupings: dict[int, str]) -> Any:
    a = article
    refs = [*a.notes, *a.identities, *(groupings[s] for s in a.stories)]
    when = f"published {a.published.date().isoformat()}" if a.published else "date unknown"
    references = [_watchfloor_ref(a.key, f"document sha256 {a.sha256}")]
    if a.url:
        references.append({"source_name": a.outlet or "article", "url": a.url})
    return stix2.Report(
        id=a.id,
        created=a.time,
        modified=a.time,
        created_by_ref=PRODUCER_ID,
        name=a.title or a.key,
        description=f"{a.outlet or 'Unknown outlet'}, {when}. watchfloor document {a.key}.",
        published=a.time,
        report_types=["threat-report"],
        object_refs=refs,
        lang=a.language,
        external_references=references,
    )


def grouping_description(story: Story) -> str:
    """The description of a story's grouping: its credibility grade with the reasons, every
    claimant's figures side by side, its stance counts and its reach."""
    grade = story.credibility
    lines = [
        f"watchfloor story {story.id}: {story.title}.",
        f"Credibility {grade.value} ({grade.meaning}) on the Admiralty scale, because:",
        *(f"- {reason}" for reason in grade.reasons),
    ]
    if story.figures:
        lines.append("Figures, as each claimant gave them:")
        lines.extend(f"- {figure_text(f)}" for f in story.figures)
    lines.append(f"Stances: {stances_text(story)}.")
    lines.append(
        f"{_count(story.claim_count, 'claim')} in {_count(story.documents, 'document')} from "
        f"{_count(story.origins, 'independent origin')}; "
        f"first seen {story.first_seen.date().isoformat()}, "
        f"last seen {story.last_seen.date().isoformat()}."
    )
    return "\n".join(lines)


def _grouping(story: Story, members: _Members) -> Any:
    confidence = ADMIRALTY_CONFIDENCE.get(story.credibility.value)
    labels = [f"credibility:{story.credibility.value}", f"event:{story.event_type}"]
    return stix2.Grouping(
        id=stix_id("grouping", story.key),
        created=story.first_seen,
        modified=max(story.first_seen, story.last_seen),
        created_by_ref=PRODUCER_ID,
        name=story.title,
        description=grouping_description(story),
        context="unspecified",
        object_refs=[*members.notes, *members.reports],
        labels=labels,
        confidence=confidence,
        external_references=[_watchfloor_ref(story.key, f"story {story.id}")],
    )


def _producer() -> Any:
    return stix2.Identity(
        id=PRODUCER_ID,
        created=PRODUCER_TIME,
        modified=PRODUCER_TIME,
        name="watchfloor",
        identity_class="system",
        description=(
            "watchfloor: attributed claims extracted from news, grouped into stories graded on "
            "the Admiralty scale. Every claim is an automatic extraction: audit it against its "
            "sentence."
        ),
    )


def _late_article(ledger: Ledger, key: str) -> _Article:
    """The article of a document stored by another process while the export ran."""
    document = ledger.document(key)
    if document is None:
        raise LedgerError(
            f"ledger {ledger.url}: document {key!r} vanished during the export: export again"
        )
    return _Article.of(document)


def _bundle_id(objects: Iterable[Any]) -> str:
    digest = hashlib.sha256()
    for obj in objects:
        digest.update(obj.serialize(sort_keys=True).encode("utf-8"))
    return stix_id("bundle", digest.hexdigest())


def stix_bundle(ledger: Ledger) -> stix2.Bundle:
    """Every document, claimant, claim and story of ``ledger`` as one STIX 2.1 ``stix2.Bundle``.

    Documents without claims are left out (a report must refer to something); so are stories
    without claims. The same ledger always gives the same bundle (see the module docstring).
    """
    warn_if_stale(ledger)
    articles = {d.id: _Article.of(d) for d in ledger.documents()}
    speakers: dict[str, _Speaker] = {}
    members: dict[int, _Members] = {}
    notes: list[Any] = []
    for claim, story, relation in ledger.iter_claims():
        article = articles.get(claim.document_id) or _late_article(ledger, claim.document_id)
        articles[claim.document_id] = article
        speaker = None
        if claim.source is not None:
            claimant = claimant_of(claim.source.actor)
            known = speakers.setdefault(claimant.key, _Speaker(claimant, article.time))
            known.first = min(known.first, article.time)
            speaker = known.id
            article.identities[speaker] = None
        note = _note(claim, relation, article, speaker)
        notes.append(note)
        article.notes.append(note.id)
        if story is not None:
            group = members.setdefault(story, _Members())
            group.notes.append(note.id)
            group.reports[article.id] = None
            article.stories[story] = None

    stories = {s.id: s for s in ledger.stories(limit=None) if s.id in members}
    groupings = [_grouping(stories[sid], members[sid]) for sid in sorted(stories)]
    grouping_of = {sid: stix_id("grouping", stories[sid].key) for sid in stories}
    for article in articles.values():
        article.stories = {s: None for s in article.stories if s in grouping_of}

    with_claims = [a for a in articles.values() if a.notes]
    as_of = max((a.time for a in with_claims), default=PRODUCER_TIME)
    grades = {g.claimant.key: g for g in ledger.sources()}
    identities = [_identity(speakers[k], grades.get(k), as_of) for k in sorted(speakers)]
    reports = [_report(a, grouping_of) for a in with_claims]

    objects = [*identities, *reports, *notes, *groupings]
    if not objects:
        return stix2.Bundle(id=stix_id("bundle", "empty"), allow_custom=False)
    objects.insert(0, _producer())
    return stix2.Bundle(objects=objects, id=_bundle_id(objects), allow_custom=False)


def write_stix(ledger: Ledger, out: TextIO) -> int:
    """Write the STIX 2.1 bundle of ``ledger`` (:func:`stix_bundle`) to ``out`` as indented JSON;
    return the number of STIX objects written."""
    bundle = stix_bundle(ledger)
    out.write(bundle.serialize(indent=2, ensure_ascii=False))
    out.write("\n")
    return len(bundle.get("objects", ()))
