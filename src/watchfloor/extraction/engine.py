"""The extraction engine: Documents in, Extractions (documents with their claims) out.

One spaCy pipeline per process, loaded lazily on first use (``pipeline.load_pipeline``). For each
parsed document the engine

1. finds the attributions (``attribution.find_attributions``): source, cue and content spans;
2. resolves the source to an actor within the document (``actors.DocumentActors``), one claim per
   conjunct of a coordinated source ("both North Korea and Russia");
3. classifies stance and hedging (``stance.classify``);
4. reads the PLOVER event of the content with its quantity and date (``events.extract_event``)
   and the date of the statement itself (``dates.statement_date``);

and returns frozen records. A failure on one attribution is recorded in ``Extraction.errors`` and
the rest of the document goes on; a failure on one document never stops a batch.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from itertools import islice

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from watchfloor.config import Settings
from watchfloor.extraction import dates, events, stance
from watchfloor.extraction.actors import DocumentActors, load_gazetteer, split_conjuncts
from watchfloor.extraction.attribution import EXTRACTOR_ID, find_attributions
from watchfloor.extraction.pipeline import load_pipeline
from watchfloor.extraction.raw import RawAttribution
from watchfloor.records import Actor, Claim, Cue, Document, Extraction, Source, Span

__all__ = ["ENGINE_ID", "claims_of_doc", "extract_documents"]

log = logging.getLogger(__name__)

ENGINE_ID = f"extract.v2/{EXTRACTOR_ID}"
"""The version of the whole extraction (model, rules, lexicons) a document's claims come from.
The ledger stores it with every document and re-extracts a stored document whose claims came
from another version: bump the leading number whenever the claims of a text would change."""

_UNRESOLVED_SOURCE_FACTOR = 0.9
"""Confidence is scaled by this when the source resolves to no known actor."""


def extract_documents(
    documents: Iterable[Document], settings: Settings | None = None
) -> Iterator[Extraction]:
    """The extraction of every document, in input order.

    With ``settings.jobs > 1`` documents are parsed in that many worker processes, each loading
    the pipeline once; chunks are processed in order so output order never changes.
    """
    settings = settings or Settings()
    if settings.jobs <= 1:
        yield from _extract_serial(documents, settings.batch_size)
        return
    chunk = settings.batch_size * 4
    it = iter(documents)
    with ProcessPoolExecutor(max_workers=settings.jobs, initializer=_warm) as pool:
        pending: list[object] = []
        while True:
            batch = list(islice(it, chunk))
            if batch:
                pending.append(pool.submit(_extract_list, batch, settings.batch_size))
            # keep at most jobs + 1 chunks in flight so memory stays bounded
            while pending and (len(pending) > settings.jobs or not batch):
                future = pending.pop(0)
                yield from future.result()  # type: ignore[attr-defined]
            if not batch:
                break


def _warm() -> None:
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    load_pipeline()


def _extract_list(documents: Sequence[Document], batch_size: int) -> list[Extraction]:
    return list(_extract_serial(documents, batch_size))


def _extract_serial(documents: Iterable[Document], batch_size: int) -> Iterator[Extraction]:
    nlp = load_pipeline()
    pairs = ((document.text, document) for document in documents)
    for doc, document in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield extraction_of_doc(doc, document)


def extraction_of_doc(doc: Doc, document: Document) -> Extraction:
    """The Extraction of one parsed document; errors on single attributions are recorded."""
    errors: list[str] = []
    try:
        claims = claims_of_doc(doc, document, errors)
    except Exception as exc:  # one document must never stop the batch
        log.exception("extraction failed on %s", document.origin)
        return Extraction(
            document=document,
            errors=(f"{document.origin}: extraction failed ({type(exc).__name__}: {exc})",),
        )
    return Extraction(document=document, claims=tuple(claims), errors=tuple(errors))


def claims_of_doc(doc: Doc, document: Document, errors: list[str] | None = None) -> list[Claim]:
    """Every claim of a parsed document, in text order."""
    errors = errors if errors is not None else []
    published = document.published.date() if document.published else None
    year = published.year if published else None
    actors = DocumentActors(doc, load_gazetteer(), year=year)
    claims: list[Claim] = []
    for raw in find_attributions(doc):
        try:
            claims.extend(_claims_of(doc, document, raw, actors, published))
        except Exception as exc:  # an odd parse must not lose the other claims
            log.exception("claim assembly failed in %s at %s", document.origin, raw.cue)
            errors.append(
                f"{document.origin}: attribution at characters {raw.cue[0][0]}-{raw.cue[-1][1]} "
                f"skipped ({type(exc).__name__}: {exc})"
            )
    claims.sort(key=lambda c: (c.cue.span.start, c.id))
    return claims


def _char_span(doc: Doc, ranges: tuple[tuple[int, int], ...]) -> SpacySpan | None:
    start, end = ranges[0][0], ranges[-1][1]
    return doc.char_span(start, end, alignment_mode="expand")


def _sources(
    doc: Doc, text: str, raw: RawAttribution, actors: DocumentActors
) -> list[Source | None]:
    """The source of an attribution, one per conjunct of a coordinated source ("both North
    Korea and Russia"); ``[None]`` for a sourceless one."""
    if not raw.source:
        return [None]
    whole = Span.of(text, raw.source)
    mention = _char_span(doc, raw.source)
    if mention is None:  # offsets off the token grid: keep the text, the actor stays unknown
        return [Source(span=whole, actor=Actor(name=whole.text))]
    parts = split_conjuncts(mention)
    if len(parts) > 1:
        return [
            Source(span=Span.of(text, ((p.start_char, p.end_char),)), actor=actors.resolve(p))
            for p in parts
        ]
    return [Source(span=whole, actor=actors.resolve(mention))]


def _claims_of(
    doc: Doc,
    document: Document,
    raw: RawAttribution,
    actors: DocumentActors,
    published: dt.date | None,
) -> list[Claim]:
    text = document.text
    sent = doc[raw.sentence[0] : raw.sentence[1]]
    sentence = Span.of(
        text, ((sent.start_char, _rstrip_end(text, sent.start_char, sent.end_char)),)
    )
    lemma = _cue_lemma(doc, raw)
    cue = Cue(span=Span.of(text, raw.cue), lemma=lemma)
    content = Span.of(text, raw.content)

    sources = _sources(doc, text, raw, actors)

    judged = stance.classify(
        doc,
        cue_head=raw.cue_head,
        cue_lemma=lemma,
        content=raw.content,
        has_source=bool(raw.source),
    )
    said = dates.statement_date(doc, raw.cue_head, published)

    claims = []
    for k, source in enumerate(sources):
        reasons = list(raw.reasons) + list(judged.reasons)
        confidence = raw.confidence
        actor = None
        if source is not None:
            actor = source.actor
            country = f", {actor.country}" if actor.country else ""
            reasons.append(f"source {source.span.text!r} -> {actor.name} ({actor.kind}{country})")
            if actor.kind == "unknown":
                confidence *= _UNRESOLVED_SOURCE_FACTOR
        if len(sources) > 1:
            reasons.append(f"coordinated source split: conjunct {k + 1} of {len(sources)}")
        event = events.extract_event(
            doc,
            content_ranges=raw.content,
            content_head=raw.content_head,
            cue_head=raw.cue_head,
            cue_lemma=lemma,
            source_country=actor.country if actor else None,
            state_of=actors.state_of,
            published=published,
        )
        if event is not None:
            origin = "speech act of the cue" if events.is_speech_act(lemma) else "content"
            mode = f" {event.mode}" if event.mode else ""
            reasons.append(f"event {event.type}{mode} from the {origin}")
        claims.append(
            Claim(
                id=f"{document.sha256[:12]}-{cue.span.start}" + (f"-{k + 1}" if k else ""),
                document_id=document.id,
                sentence=sentence,
                source=source,
                cue=cue,
                content=content,
                stance=judged.stance,
                hedged=judged.hedged,
                event=event,
                said=said,
                confidence=round(min(max(confidence, 0.0), 1.0), 3),
                extractor=EXTRACTOR_ID,
                reasons=tuple(reasons),
            )
        )
    return claims


def _cue_lemma(doc: Doc, raw: RawAttribution) -> str:
    """The lemma of the cue: the phrase for multi-word cues in the lexicon ("according to"),
    else the head's lemma."""
    head = doc[raw.cue_head]
    surface = " ".join(doc.text[s:e] for s, e in raw.cue).lower()
    if " " in surface and stance.cue_entry(surface):
        return surface
    return head.lemma_.lower()


def _rstrip_end(text: str, start: int, end: int) -> int:
    while end > start + 1 and text[end - 1].isspace():
        end -= 1
    return end
