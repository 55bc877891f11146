"""What the pages draw that a template cannot: an article cut into highlighted pieces, and a
story's claims and numbers over time as an SVG chart.

Both work on the stored text and records only; every piece of text is escaped here or by the
(autoescaping) templates, never inserted raw.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from watchfloor.records import Claim, Story

__all__ = ["Piece", "pieces", "story_chart"]

_ROLES = ("cue", "source", "content")  # the colour a piece takes when roles overlap


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of the article's text with the claims and roles that cover it."""

    start: int
    end: int
    text: str
    role: str | None
    claims: tuple[str, ...]
    """Ids of the claims covering this run, innermost (shortest span) first."""


def pieces(text: str, claims: Iterable[Claim]) -> list[Piece]:
    """``text`` cut at every boundary of the source, cue and content of ``claims``; the pieces
    put back together are ``text`` exactly."""
    marks: list[tuple[int, int, str, str, int]] = []
    for claim in claims:
        spans = [("content", claim.content), ("cue", claim.cue.span)]
        if claim.source is not None:
            spans.append(("source", claim.source.span))
        width = claim.content.end - claim.content.start
        for kind, span in spans:
            marks.extend((s, e, kind, claim.id, width) for s, e in span.ranges if s < e)
    cuts = sorted({0, len(text), *(m[0] for m in marks), *(m[1] for m in marks)})
    out: list[Piece] = []
    for start, end in itertools.pairwise(cuts):
        over = [m for m in marks if m[0] <= start and end <= m[1]]
        roles = {m[2] for m in over}
        role = next((r for r in _ROLES if r in roles), None)
        ids = tuple(dict.fromkeys(m[3] for m in sorted(over, key=lambda m: (m[4], m[3]))))
        out.append(Piece(start, end, text[start:end], role, ids))
    return out


_STANCE_COLOURS = {
    "assert": "#1f5fa8",
    "confirm": "#1b7a3a",
    "allege": "#9a6200",
    "deny": "#b3261e",
}


def _number(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 or value == int(value) else f"{value:,.1f}"


def story_chart(story: Story, *, width: int = 720, height: int = 240) -> Markup:
    """The story's claims over time (a mark per claim, coloured by stance, along the bottom) and
    its numbers per claimant (a dot per figure, by value), as inline SVG with a text summary."""
    left, right, top, bottom = 64, 16, 16, 44
    days = [m.reported.date() for m in story.claims] + [f.said for f in story.figures]
    if not days:
        return Markup("")
    first, last = min(days), max(days)
    span = max((last - first).days, 1)
    values = [f.quantity.value for f in story.figures if f.quantity.value is not None]
    top_value = max(values) if values else 1.0
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(day: dt.date) -> float:
        return left + plot_w * ((day - first).days / span)

    def y(value: float) -> float:
        return top + plot_h * (1 - value / (top_value * 1.1))

    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="chart-title chart-desc" xmlns="http://www.w3.org/2000/svg">',
        '<title id="chart-title">Claims and numbers over time</title>',
        f'<desc id="chart-desc">{html.escape(_summary(story))}</desc>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" '
        'class="axis"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" class="axis"/>',
        f'<text x="{left - 6}" y="{y(top_value) + 4:.1f}" class="tick" text-anchor="end">'
        f"{_number(top_value)}</text>",
        f'<text x="{left}" y="{height - 8}" class="tick">{first.isoformat()}</text>',
        f'<text x="{width - right}" y="{height - 8}" class="tick" text-anchor="end">'
        f"{last.isoformat()}</text>",
    ]
    for m in story.claims:
        colour = _STANCE_COLOURS.get(m.claim.stance, "#555")
        cx = x(m.reported.date())
        label = f"{m.claimant.name if m.claimant else 'unattributed'} ({m.claim.stance})"
        parts.append(
            f'<line x1="{cx:.1f}" y1="{top + plot_h + 4}" x2="{cx:.1f}" y2="{top + plot_h + 16}" '
            f'stroke="{colour}" stroke-width="3"><title>{html.escape(label)}</title></line>'
        )
    for f in story.figures:
        if f.quantity.value is None:
            continue
        colour = _STANCE_COLOURS.get(f.stance, "#555")
        cx, cy = x(f.said), y(f.quantity.value)
        label = f"{f.claimant}: {_number(f.quantity.value)} ({f.stance}, {f.said.isoformat()})"
        parts.append(
            f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="6" fill="{colour}">'
            f"<title>{html.escape(label)}</title></circle>"
            # labels of points in the right part read leftwards, so none runs off the chart
            + (
                f'<text x="{cx - 9:.1f}" y="{cy + 4:.1f}" class="label" text-anchor="end">'
                if cx > left + plot_w * 0.6
                else f'<text x="{cx + 9:.1f}" y="{cy + 4:.1f}" class="label">'
            )
            + f"{html.escape(f.claimant)}: {_number(f.quantity.value)}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # every text above is escaped


def _summary(story: Story) -> str:
    numbers = "; ".join(
        f"{f.claimant} {_number(f.quantity.value)} ({f.stance})"
        for f in story.figures
        if f.quantity.value is not None
    )
    return (
        f"{len(story.claims)} claims from {story.first_seen.date().isoformat()} to "
        f"{story.last_seen.date().isoformat()}" + (f"; numbers: {numbers}" if numbers else "")
    )


def by_claimant(story: Story) -> list[tuple[str, Sequence[object]]]:
    """The story's claims grouped by claimant, claimants in order of their first claim."""
    groups: dict[str, list[object]] = {}
    for m in story.claims:
        groups.setdefault(m.claimant.name if m.claimant else "(unattributed)", []).append(m)
    return list(groups.items())
