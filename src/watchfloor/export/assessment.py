"""An assessment as JSON (a dict) and as a Markdown report, with its chain of evidence."""

from __future__ import annotations

from typing import Any

from watchfloor.export.ledger_json import claimant_to_dict
from watchfloor.records import Assessment, IndicatorResult, StoryClaim

__all__ = ["assessment_markdown", "assessment_record"]


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
        lines.append("No claim supports a phase above the base.")
    for m in a.evidence:
        who = m.claimant.name if m.claimant else "(unattributed)"
        lines.append(
            f"- {m.reported.date().isoformat()} · **{who}** ({m.claim.stance}) · "
            f"{m.outlet or m.document_id}: “{m.claim.sentence.text}”"
        )
    return "\n".join(lines) + "\n"
