"""The JSON API under ``/api/v1``: every resource the pages show, paginated and filterable.

Records are the same dictionaries the exports write (``watchfloor.export``), so a story read here
reads the same as one from ``watchfloor export``. Reads are open; writes need a token.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, HTTPException, Query, Request, UploadFile
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from watchfloor.config import parse_published
from watchfloor.errors import ConfigError
from watchfloor.export.assessment import assessment_record, change_record
from watchfloor.export.json import claim_to_dict
from watchfloor.export.ledger_json import source_record, story_record
from watchfloor.web.floor import Floor, Job, event_text
from watchfloor.web.security import bearer_token

__all__ = ["router"]

router = APIRouter(prefix="/api/v1")

Limit = Annotated[int, Query(ge=1, le=500, description="At most this many items.")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Skip this many items.")]


class Page(BaseModel):
    """One page of a list: its items, where it starts, and whether more follow."""

    items: list[dict[str, Any]]
    limit: int
    offset: int
    has_more: bool
    total: int | None = None
    exact: bool = True
    """Whether ``total`` is exact; when not, more than ``total`` match (counting is capped)."""


class Problem(BaseModel):
    error: str


class JobOut(BaseModel):
    id: str
    what: str
    state: Literal["queued", "running", "done", "failed"]
    done: int
    documents: list[str]
    claims: int
    errors: list[str]
    started: str
    finished: str | None


class IngestText(BaseModel):
    """Text to ingest (an article pasted by an analyst), or a URL to fetch."""

    text: str | None = Field(default=None, max_length=2_000_000)
    url: str | None = Field(default=None, max_length=4000)
    title: str | None = Field(default=None, max_length=1000)
    outlet: str | None = Field(default=None, max_length=300)
    published: str | None = Field(default=None, max_length=64)


class GradeEdit(BaseModel):
    """An analyst's reliability grade for a source, with the reason."""

    reliability: Literal["A", "B", "C", "D", "E", "F"]
    reason: str = Field(min_length=1, max_length=2000)


def floor_of(request: Request) -> Floor:
    floor: Floor = request.app.state.floor
    return floor


FloorDep = Annotated[Floor, Depends(floor_of)]
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": Problem, "description": "No valid API token."},
    404: {"model": Problem, "description": "Not found."},
}


def writer(request: Request) -> str:
    """The name of the token a write is made with; 401 without a valid one."""
    floor = floor_of(request)
    token = bearer_token(request.headers)
    info = floor.ledger.verify_token(token) if token else None
    if info is None:
        raise HTTPException(status_code=401, detail="a valid API token is needed to write")
    return str(info.name)


Writer = Annotated[str, Depends(writer)]


def page_of(page: Any, record: Callable[[Any], dict[str, Any]]) -> Page:
    """A ledger page (``records.Page``) as the API's, each item made a record."""
    return Page(
        items=[record(item) for item in page.items],
        limit=page.limit,
        offset=page.offset,
        has_more=page.has_more,
        total=page.total,
        exact=page.exact,
    )


def _page(items: list[dict[str, Any]], limit: int, offset: int, more: bool) -> Page:
    return Page(items=items, limit=limit, offset=offset, has_more=more)


def _date(value: str | None, what: str) -> dt.datetime | None:
    try:
        return parse_published(value, what=what)
    except ConfigError:
        raise HTTPException(
            status_code=422, detail=f"{what} is not a date: use ISO 8601, e.g. 2024-10-22"
        ) from None


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    return (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).astimezone(dt.UTC)


def summary_record(story: Any) -> dict[str, Any]:
    """A story without its claims (lists)."""
    record = story_record(story)
    record.pop("claims", None)
    return record


@router.get("/stories", response_model=Page, summary="Stories, most recent first")
def list_stories(floor: FloorDep, limit: Limit = 50, offset: Offset = 0) -> Page:
    stories = floor.ledger.stories(limit=limit + 1, offset=offset)
    items = [summary_record(s) for s in stories[:limit]]
    return _page(items, limit, offset, len(stories) > limit)


@router.get("/stories/{story_id}", responses=ERRORS, summary="One story with its claims")
def get_story(floor: FloorDep, story_id: int) -> dict[str, Any]:
    story = floor.ledger.story(story_id) if 0 < story_id < 2**62 else None
    if story is None:
        raise HTTPException(status_code=404, detail="no such story")
    return story_record(story)


@router.get("/claims", response_model=Page, summary="Claims: search and filters")
def list_claims(
    floor: FloorDep,
    q: Annotated[str | None, Query(max_length=500, description="Full-text search.")] = None,
    actor: Annotated[str | None, Query(max_length=200)] = None,
    country: Annotated[str | None, Query(max_length=10)] = None,
    event_type: Annotated[str | None, Query(max_length=20)] = None,
    stance: Literal["assert", "confirm", "allege", "deny"] | None = None,
    since: Annotated[dt.date | None, Query(description="Published on or after this day.")] = None,
    until: Annotated[dt.date | None, Query(description="Published on or before this day.")] = None,
    outlet: Annotated[str | None, Query(max_length=300)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page:
    hits = search(
        floor,
        text=q or None,
        actor=actor or None,
        country=country or None,
        event_type=event_type or None,
        stance=stance,
        since=since,
        until=until,
        outlet=outlet or None,
        limit=limit,
        offset=offset,
    )
    return page_of(hits, hit_record)


def link_record(link: Any) -> dict[str, Any]:
    return {
        "id": link.id,
        "document": link.document_id,
        "source": link.source,
        "stance": link.stance,
        "content": link.content,
        "outlet": link.outlet,
        "published": link.published.isoformat() if link.published else None,
    }


def search(floor: Floor, **filters: Any) -> Any:
    """``Ledger.search_claims`` with filters already checked by their types: a ledger error
    here is the server's, answered 500 by the app's handler (and logged)."""
    return floor.ledger.search_claims(**filters)


def hit_record(hit: Any) -> dict[str, Any]:
    """A claim found by a search: the claim, its article and its story."""
    record = claim_to_dict(hit.claim)
    record.update(
        document={
            "key": hit.claim.document_id,
            "title": hit.title,
            "outlet": hit.outlet,
            "published": hit.published.isoformat() if hit.published else None,
        },
        story=hit.story,
        relation=hit.relation,
        rank=hit.rank,
    )
    return record


def view_record(view: Any) -> dict[str, Any]:
    """A claim in context: its article, its story, and the denials it makes or meets."""
    record = claim_to_dict(view.claim)
    record.update(
        document=document_summary(view.document),
        story=view.story,
        relation=view.relation,
        denies=[link_record(x) for x in view.denies],
        denies_total=view.denies_total,
        denied_by=[link_record(x) for x in view.denied_by],
        denied_by_total=view.denied_by_total,
    )
    return record


@router.get("/claims/{claim_id}", responses=ERRORS, summary="One claim with its document")
def get_claim(floor: FloorDep, claim_id: str) -> dict[str, Any]:
    view = floor.ledger.claim(claim_id) if len(claim_id) <= 200 else None
    if view is None:
        raise HTTPException(status_code=404, detail="no such claim")
    return view_record(view)


@router.get("/documents", response_model=Page, summary="Documents, newest published first")
def list_documents(
    floor: FloorDep,
    outlet: Annotated[str | None, Query(max_length=300)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page:
    page = floor.ledger.recent_documents(limit=limit, offset=offset, outlet=outlet or None)
    return page_of(page, document_summary)


def document_summary(d: Any) -> dict[str, Any]:
    return {
        "key": d.key,
        "title": d.title,
        "outlet": d.outlet,
        "url": d.url,
        "published": d.published.isoformat() if d.published else None,
        "ingested": d.ingested.isoformat() if d.ingested else None,
        "claims": d.claims,
        "duplicate_of": d.duplicate_of,
    }


@router.get("/documents/{key}", responses=ERRORS, summary="One document, its text and claims")
def get_document(floor: FloorDep, key: str) -> dict[str, Any]:
    view = floor.ledger.document_view(key) if len(key) <= 200 else None
    if view is None:
        raise HTTPException(status_code=404, detail="no such document")
    return document_record(view)


def document_record(view: Any) -> dict[str, Any]:
    doc = view.document
    return {
        "key": doc.id,
        "title": doc.title,
        "outlet": doc.outlet,
        "url": doc.url,
        "published": doc.published.isoformat() if doc.published else None,
        "text": doc.text,
        "claims": [view_record(c) for c in view.claims],
    }


@router.get("/sources", response_model=Page, summary="Source reliability grades")
def list_sources(floor: FloorDep, limit: Limit = 100, offset: Offset = 0) -> Page:
    grades = floor.ledger.sources()
    items = [source_record(g) for g in grades[offset : offset + limit]]
    return _page(items, limit, offset, len(grades) > offset + limit)


@router.put(
    "/sources/{key}/reliability",
    responses={**ERRORS, 422: {"model": Problem}},
    summary="Set a source's reliability (needs a token)",
)
def set_reliability(floor: FloorDep, who: Writer, key: str, edit: GradeEdit) -> dict[str, Any]:
    from watchfloor.corroborate import rebuild

    if not any(g.claimant.key == key for g in floor.ledger.sources()):
        raise HTTPException(status_code=404, detail="no such source")
    if not edit.reason.strip():
        raise HTTPException(status_code=422, detail="give a reason for the grade")
    with floor.write_lock:
        floor.ledger.set_source_reliability(key, edit.reliability, reason=edit.reason, by=who)
        rebuild(floor.ledger, registry=floor.registry)
    floor.refresh()
    grade = next(g for g in floor.ledger.sources() if g.claimant.key == key)
    return source_record(grade)


@router.get("/playbooks", response_model=Page, summary="Playbooks and their current phase")
def list_playbooks(floor: FloorDep) -> Page:
    items = []
    for name, book in floor.playbooks.items():
        a = floor.current(name)
        items.append(
            {
                "name": name,
                "title": book.title,
                "phase": a.phase,
                "phase_name": a.phase_name,
                "likelihood": a.likelihood,
                "confidence": a.confidence,
                "as_of": a.as_of.isoformat(),
            }
        )
    return _page(items, max(len(items), 1), 0, False)


def _book(floor: Floor, name: str) -> None:
    if name not in floor.playbooks:
        raise HTTPException(status_code=404, detail="no such playbook")


@router.get("/playbooks/{name}/assessment", responses=ERRORS, summary="The phase now or as of")
def get_assessment(
    floor: FloorDep,
    name: str,
    as_of: Annotated[
        dt.datetime | None, Query(description="Replay as known then (ISO date or time; UTC).")
    ] = None,
) -> dict[str, Any]:
    _book(floor, name)
    moment = _aware(as_of)
    a = floor.current(name) if moment is None else floor.assess_as_of(name, moment)
    return assessment_record(a)


@router.get("/playbooks/{name}/timeline", responses=ERRORS, summary="Every phase change")
def get_timeline(floor: FloorDep, name: str) -> dict[str, Any]:
    _book(floor, name)
    changes, current = floor.timeline(name)
    return {
        "playbook": name,
        "ready": changes is not None,
        "current": current,
        "changes": [change_record(c) for c in changes or []],
    }


@router.get(
    "/overflights",
    responses={
        404: {"model": Problem, "description": "No catalogue configured."},
        503: {"model": Problem, "description": "The configured catalogue cannot be read."},
    },
    summary="Usable satellite passes over the configured sites in the next hours",
)
def list_overflights(
    floor: FloorDep,
    hours: Annotated[float, Query(gt=0, le=240, description="How far ahead.")] = 48,
) -> dict[str, Any]:
    from watchfloor.errors import OverflightError
    from watchfloor.export.overflight import passes_document

    try:
        report = floor.upcoming_overflights(hours=hours)
    except OverflightError as exc:  # the server's own files, not the request
        raise HTTPException(status_code=503, detail=str(exc)) from None
    if report is None:
        raise HTTPException(status_code=404, detail="no satellite catalogue configured")
    return passes_document(report)


@router.post(
    "/ingest",
    status_code=202,
    response_model=JobOut,
    responses={**ERRORS, 422: {"model": Problem}},
    summary="Ingest pasted text or a URL (needs a token)",
)
def post_ingest(floor: FloorDep, who: Writer, body: IngestText) -> dict[str, Any]:
    if bool(body.text and body.text.strip()) == bool(body.url):
        raise HTTPException(status_code=422, detail="give either text or url")
    published = _date(body.published, "published")
    if body.url:
        url = body.url.strip()
        job = floor.start_job(f"url {url}", lambda job: _ingest_inputs(floor, job, [url]))
    else:
        from watchfloor.ingest.files import make_document

        document = make_document(
            body.text or "",
            origin="<pasted>",
            title=body.title or None,
            outlet=body.outlet or None,
            published=published,
        )
        job = floor.start_job("pasted text", lambda job: _ingest_documents(floor, job, [document]))
    return job.record()


@router.post(
    "/ingest/files",
    status_code=202,
    response_model=JobOut,
    responses={**ERRORS, 413: {"model": Problem}},
    summary="Ingest uploaded files: .txt, .html, .jsonl (needs a token)",
)
async def post_files(
    request: Request, who: Writer, files: Annotated[list[UploadFile], File()]
) -> dict[str, Any]:
    floor = floor_of(request)
    folder = Path(tempfile.mkdtemp(prefix="watchfloor-upload-"))
    paths: list[str] = []
    total = 0
    for n, upload in enumerate(files[:100]):
        data = await upload.read(floor.config.max_upload_bytes + 1)
        total += len(data)
        if total > floor.config.max_upload_bytes:
            raise HTTPException(status_code=413, detail="upload too large")
        name = _safe_name(upload.filename or "", n)
        (folder / name).write_bytes(data)
        paths.append(str(folder / name))
    job = floor.start_job(
        f"{len(paths)} file(s)", lambda job: _ingest_inputs(floor, job, paths, fetch=False)
    )
    return job.record()


def _safe_name(filename: str, n: int) -> str:
    """An upload's name reduced to safe characters, keeping its extension (the format)."""
    base = Path(filename.replace("\\", "/")).name
    stem, dot, ext = base.rpartition(".")
    clean = "".join(ch for ch in (stem or ext) if ch.isalnum() or ch in "-_")[:80] or "upload"
    suffix = ext.lower() if dot and ext.lower() in {"txt", "html", "htm", "jsonl"} else "txt"
    return f"{n:03d}-{clean}.{suffix}"


def _progress(job: Job) -> Any:
    from watchfloor.ledger import Stored

    def seen(name: str, outcome: Any) -> None:
        job.done += 1
        if isinstance(outcome, Stored):
            job.documents.append(outcome.document_id)
            job.claims += outcome.claims
        else:
            job.errors.append(" ".join(str(outcome).split()))

    return seen


def _ingest_inputs(floor: Floor, job: Job, inputs: list[str], *, fetch: bool = True) -> None:
    from watchfloor.run import ingest_inputs

    ingest_inputs(
        floor.ledger,
        inputs,
        registry=floor.registry,
        fetch=fetch,
        allowed_networks=floor.config.allowed_networks,
        progress=_progress(job),
    )


def _ingest_documents(floor: Floor, job: Job, documents: list[Any]) -> None:
    from watchfloor.run import ingest

    ingest(floor.ledger, documents, registry=floor.registry, progress=_progress(job))


@router.get("/jobs/{job_id}", response_model=JobOut, responses=ERRORS, summary="An ingest job")
def get_job(floor: FloorDep, job_id: str) -> dict[str, Any]:
    job = floor.job(job_id)
    if job is None:
        raise HTTPException(status_code=404, detail="no such job")
    return job.record()


@router.get(
    "/events",
    summary="Live updates (server-sent events): claims, phase, job",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}}},
)
async def events(request: Request) -> StreamingResponse:
    floor = floor_of(request)
    header = request.headers.get("last-event-id", "")
    start = int(header) if header.isdigit() else floor.feed.last

    async def stream() -> Any:
        last, idle = start, 0.0
        yield "retry: 3000\n\n"
        while not await request.is_disconnected():
            for event in floor.feed.since(last):
                last = event.seq
                idle = 0.0
                yield event_text(event)
            await asyncio.sleep(0.5)
            idle += 0.5
            if idle >= 15:
                idle = 0.0
                yield ": keep-alive\n\n"

    return StreamingResponse(
        stream(), media_type="text/event-stream", headers={"Cache-Control": "no-store"}
    )
