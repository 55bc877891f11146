"""The pages: server-rendered HTML over the same reads as the API.

Templates autoescape everything (the environment is built with ``autoescape=True``, whatever the
file's extension); the only markup built in Python is in :mod:`watchfloor.web.render`, which
escapes the text it places. Pages need no JavaScript to read; ``static/app.js`` adds live updates,
the details of a highlighted span, and the token-carrying writes.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, select_autoescape

from watchfloor.config import parse_published
from watchfloor.errors import ConfigError
from watchfloor.records import RELIABILITY, Claim, Claimant, PhaseChange, SourceGrade
from watchfloor.web.api import floor_of, search
from watchfloor.web.floor import OVERFLIGHT_HOURS, Floor
from watchfloor.web.render import by_claimant, pieces, story_chart

__all__ = ["router", "templates"]

router = APIRouter(include_in_schema=False)

_env = Environment(
    loader=PackageLoader("watchfloor.web", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
templates = Jinja2Templates(env=_env)


def _date(value: dt.datetime | None) -> str:
    return value.date().isoformat() if value else ""


def _when(value: dt.datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else ""


_env.filters["date"] = _date
_env.filters["when"] = _when
_env.globals["RELIABILITY"] = RELIABILITY


def _render(request: Request, name: str, **context: Any) -> HTMLResponse:
    floor = floor_of(request)
    context.setdefault("playbooks", list(floor.playbooks))
    return templates.TemplateResponse(request, name, context)


def _as_date(value: str | None) -> dt.datetime | None:
    try:
        return parse_published(value, what="date")
    except ConfigError:
        raise HTTPException(status_code=422, detail="not a date") from None


PER_CLAIMANT = 8
"""Claims shown per claimant on a story page before "all N claims"."""


@router.get("/", response_class=HTMLResponse)
def overview(request: Request) -> HTMLResponse:
    floor = floor_of(request)
    books = []
    changes: list[tuple[str, PhaseChange]] = []
    for name, book in floor.playbooks.items():
        books.append((book, floor.current(name)))
        timeline, _ = floor.timeline(name)
        changes.extend((name, c) for c in (timeline or [])[-5:])
    changes.sort(key=lambda item: item[1].at, reverse=True)
    stories = sorted(floor.ledger.stories(limit=50), key=lambda s: -s.claim_count)[:10]
    documents = floor.ledger.recent_documents(limit=10).items
    return _render(
        request,
        "overview.html",
        books=books,
        changes=changes[:8],
        stories=stories,
        documents=documents,
        counts=floor.ledger.counts(),
        overflights=_overflights(floor),
    )


def _overflights(floor: Floor) -> dict[str, Any] | None:
    """The next usable passes for the overview (a dozen), and the problems met, or ``None``
    when the server has no catalogue; an unreadable catalogue is a problem, not an error page."""
    from watchfloor.errors import OverflightError

    try:
        report = floor.upcoming_overflights()
    except OverflightError as exc:
        return {"passes": [], "problems": [str(exc)], "hours": OVERFLIGHT_HOURS}
    if report is None:
        return None
    return {
        "passes": list(report.passes[:12]),
        "more": max(0, len(report.passes) - 12),
        "problems": [p.message for p in report.problems][:5],
        "hours": OVERFLIGHT_HOURS,
    }


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(
    request: Request, story_id: int, every: Annotated[bool, Query(alias="all")] = False
) -> HTMLResponse:
    """A story; each claimant's first ``PER_CLAIMANT`` claims unless ``?all=true``."""
    floor = floor_of(request)
    story = floor.ledger.story(story_id) if 0 < story_id < 2**62 else None
    if story is None:
        raise HTTPException(status_code=404)
    grades = {g.claimant.key: g for g in floor.ledger.sources()}
    origins = {m.origin for m in story.claims}
    return _render(
        request,
        "story.html",
        story=story,
        groups=by_claimant(story),
        chart=story_chart(story),
        grades=grades,
        shown=None if every else PER_CLAIMANT,
        copies=sum(1 for m in story.claims if m.origin != m.document_id),
        origins=len(origins),
    )


@router.get("/documents/{key}", response_class=HTMLResponse)
def document_page(request: Request, key: str) -> HTMLResponse:
    floor = floor_of(request)
    view = floor.ledger.document_view(key) if len(key) <= 200 else None
    if view is None:
        raise HTTPException(status_code=404)
    from watchfloor.ledger.codec import claimant_of

    claims = [c.claim for c in view.claims]
    grades = {g.claimant.key: g for g in floor.ledger.sources()}
    claimants = {c.id: claimant_of(c.source.actor) for c in claims if c.source is not None}
    return _render(
        request,
        "document.html",
        view=view,
        pieces=pieces(view.document.text, claims),
        grades=grades,
        claimants=claimants,
        hints={c.id: _hint(c, claimants.get(c.id), grades) for c in claims},
    )


def _hint(claim: Claim, claimant: Claimant | None, grades: dict[str, SourceGrade]) -> str:
    """What hovering a highlight tells: who (normalised, with the grade), how, and the event."""
    who = "unattributed"
    if claim.source is not None:
        actor = claim.source.actor
        who = actor.name + (f" ({actor.country})" if actor.country else "")
        grade = grades.get(claimant.key) if claimant else None
        if grade is not None:
            who += f", reliability {grade.reliability.value}"
    what = f"{claim.stance}{', hedged' if claim.hedged else ''}"
    event = claim.event
    if event is not None:
        mode = f" {event.mode}" if event.mode else ""
        what += f"; {event.type}{mode}: {event.actor or '?'} → {event.target or '?'}"
        if event.quantity is not None and event.quantity.value is not None:
            what += f", {event.quantity.value:,.0f} {event.quantity.unit or ''}".rstrip()
    return f"{who} · {what}"


@router.get("/claims/{claim_id}", response_class=HTMLResponse)
def claim_page(request: Request, claim_id: str) -> HTMLResponse:
    floor = floor_of(request)
    view = floor.ledger.claim(claim_id) if len(claim_id) <= 200 else None
    if view is None:
        raise HTTPException(status_code=404)
    return _render(request, "claim.html", view=view)


@router.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request) -> HTMLResponse:
    floor = floor_of(request)
    return _render(request, "sources.html", grades=floor.ledger.sources())


@router.get("/playbooks/{name}", response_class=HTMLResponse)
def playbook_page(
    request: Request,
    name: str,
    as_of: Annotated[str | None, Query(max_length=40)] = None,
) -> HTMLResponse:
    floor = floor_of(request)
    if name not in floor.playbooks:
        raise HTTPException(status_code=404)
    moment = _as_date(as_of)
    if moment is not None:
        moment = moment + dt.timedelta(days=1) - dt.timedelta(seconds=1)  # the end of that day
    assessment = floor.current(name) if moment is None else floor.assess_as_of(name, moment)
    changes, current = floor.timeline(name)
    return _render(
        request,
        "playbook.html",
        book=floor.playbooks[name],
        a=assessment,
        as_of=as_of or "",
        changes=changes,
        timeline_current=current,
    )


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    q: Annotated[str, Query(max_length=500)] = "",
    actor: Annotated[str, Query(max_length=200)] = "",
    country: Annotated[str, Query(max_length=10)] = "",
    event_type: Annotated[str, Query(max_length=20)] = "",
    stance: Annotated[str, Query(max_length=10)] = "",
    since: Annotated[str, Query(max_length=40)] = "",
    until: Annotated[str, Query(max_length=40)] = "",
    outlet: Annotated[str, Query(max_length=300)] = "",
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> HTMLResponse:
    floor = floor_of(request)
    form = {
        "q": q,
        "actor": actor,
        "country": country,
        "event_type": event_type,
        "stance": stance,
        "since": since,
        "until": until,
        "outlet": outlet,
    }
    hits = search(
        floor,
        text=q or None,
        actor=actor or None,
        country=country or None,
        event_type=event_type or None,
        stance=stance if stance in {"assert", "confirm", "allege", "deny"} else None,
        since=_as_date(since),
        until=_as_date(until),
        outlet=outlet or None,
        limit=50,
        offset=offset,
    )
    return _render(request, "search.html", form=form, hits=hits, offset=offset)


@router.get("/ingest", response_class=HTMLResponse)
def ingest_page(request: Request) -> HTMLResponse:
    return _render(request, "ingest.html")
