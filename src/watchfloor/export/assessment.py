"""An assessment as JSON (a dict) and as a Markdown report, with its chain of evidence."""

from __future__ import annotations

from typing import Any

from watchfloor.export.ledger_json import claimant_to_dict
from watchfloor.records import Assessment, IndicatorResult, PhaseChange, StoryClaim

__all__ = ["assessment_markdown", "assessment_record", "change_record", "timeline_markdown"]


def _claim(m: StoryClaim) -> dict[str, Any]:
    return {
        "claim": m.claim.id,
        "document": m.document_id,
        "origin": m.origin,
        "outlet": m.outlet,
        "reported": m.reported.isoformat(),
        "claimant": claimant_to_dict(m.claimant),
        "stance": m.claim.stance,
        "cue": m.claim.cue.span.text,
        "content": m.claim.content.text,
        "sentence": m.claim.sentence.text,
        "sentence_spans": [list(r) for r in m.claim.sentence.ranges],
    }


def _indicator(r: IndicatorResult) -> dict[str, Any]:
    return {
        "name": r.name,
        "description": r.description,
        "met": r.met,
        "stories": list(r.stories),
        "reasons": list(r.reasons),
        "claims": [m.claim.id for m in r.evidence],
    }


def assessment_record(a: Assessment) -> dict[str, Any]:
    """The assessment as a JSON-ready dict: phase, wording, indicators, evidence claims."""
    return {
        "playbook": a.playbook,
        "as_of": a.as_of.isoformat(),
        "phase": a.phase,
        "phase_name": a.phase_name,
        "response": a.response,
        "likelihood": a.likelihood,
        "confidence": a.confidence,
        "reasons": list(a.reasons),
        "indicators": [_indicator(r) for r in a.indicators],
        "evidence": [_claim(m) for m in a.evidence],
    }


def assessment_markdown(a: Assessment) -> str:
    """A Markdown report of the assessment, every statement traced to its claims."""
    lines = [
        f"# {a.playbook}: phase {a.phase}, {a.phase_name}",
        "",
        f"As of {a.as_of.date().isoformat()}: **{a.likelihood}**, {a.confidence} confidence.",
        f"Response: {a.response}.",
        "",
        *(f"- {reason}" for reason in a.reasons),
        "",
        "## Indicators",
        "",
        "| indicator | met | why |",
        "|---|---|---|",
    ]
    for r in a.indicators:
        why = "; ".join(r.reasons).replace("|", "\\|")
        lines.append(f"| {r.name}: {r.description} | {'yes' if r.met else 'no'} | {why} |")
    lines += ["", "## Evidence", ""]
    if not a.evidence:
        lines.append(
            "No claim supports a phase above the base."
            if a.phase == 0
            else "No reported claim stands behind the phase: see its reasons (computed passes, "
            "or a hold time)."
        )
    for m in a.evidence:
        who = m.claimant.name if m.claimant else "(unattributed)"
        lines.append(
            f"- {m.reported.date().isoformat()} · **{who}** ({m.claim.stance}) · "
            f"{m.outlet or m.document_id}: “{m.claim.sentence.text}”"
        )
    return "\n".join(lines) + "\n"


def change_record(change: PhaseChange) -> dict[str, Any]:
    """One step of a timeline as a JSON-ready dict (one JSON line per change)."""
    return {
        "at": change.at.isoformat(),
        "previous": change.previous,
        "phase": change.assessment.phase,
        "phase_name": change.assessment.phase_name,
        "newly_met": list(change.newly_met),
        "no_longer_met": list(change.no_longer_met),
        "likelihood": change.assessment.likelihood,
        "confidence": change.assessment.confidence,
        "trigger": [_claim(m) for m in change.trigger],
    }


def timeline_markdown(playbook: str, changes: list[PhaseChange]) -> str:
    """A Markdown timeline: each change with the claims that caused it."""
    lines = [f"# {playbook}: timeline", ""]
    if not changes:
        lines.append("No evidence in the ledger moves this playbook.")
    for c in changes:
        a = c.assessment
        was = "start" if c.previous is None else f"phase {c.previous}"
        lines.append(f"## {c.at.date().isoformat()}: {was} → phase {a.phase}, {a.phase_name}")
        lines.append("")
        lines.append(f"{a.likelihood}, {a.confidence} confidence.")
        if c.newly_met:
            lines.append(f"Newly met: {', '.join(c.newly_met)}.")
        if c.no_longer_met:
            lines.append(f"No longer met: {', '.join(c.no_longer_met)}.")
        for m in c.trigger:
            who = m.claimant.name if m.claimant else "(unattributed)"
            where = m.outlet or m.document_id
            lines.append(f"- **{who}** ({m.claim.stance}), {where}: “{m.claim.sentence.text}”")
        lines.append("")
    return "\n".join(lines) + "\n"
