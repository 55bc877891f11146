"""Golden claim cases (see README.md in this folder)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import watchfloor
from watchfloor.records import Claim

CASES = [
    json.loads(line)
    for line in (Path(__file__).with_name("cases.jsonl")).read_text(encoding="utf-8").splitlines()
    if line.strip()
]
EDGE = " \t\r\n.,;:!?\"'“”‘’"


def _matches(claim: Claim, checks: dict[str, Any]) -> bool:
    actor = claim.source.actor if claim.source else None
    for key, want in checks.items():
        if key == "cue" and claim.cue.span.text.split(" … ")[0] != want:
            return False
        if key == "cue_contains" and want not in claim.cue.span.text:
            return False
        if key == "stance" and claim.stance != want:
            return False
        if key == "hedged" and claim.hedged != want:
            return False
        if key == "source" and want is None and claim.source is not None:
            return False
        if key == "source_country" and (actor is None or actor.country != want):
            return False
        if key == "source_role" and (actor is None or actor.role != want):
            return False
        if key == "source_name" and (actor is None or want not in actor.name):
            return False
        if key == "content" and claim.content.text.strip(EDGE) != want:
            return False
        if key == "content_ranges" and len(claim.content.ranges) != want:
            return False
    return True


def _params() -> list[Any]:
    out = []
    for case in CASES:
        marks = []
        if case.get("known_failure"):
            marks.append(pytest.mark.xfail(reason=case["known_failure"], strict=True))
        out.append(pytest.param(case, id=case["label"], marks=marks))
    return out


@pytest.mark.parametrize("case", _params())
def test_golden_claims(case: dict[str, Any]) -> None:
    result = watchfloor.extract(case["input"]["text"], published=case["input"]["published"])
    shown = "\n".join(f"{c!r} cue={c.cue.span.text!r} source={c.source!r}" for c in result.claims)
    if not case["expected"]:
        assert not result.claims, f"expected no claim, got:\n{shown}"
    for checks in case["expected"]:
        assert any(_matches(c, checks) for c in result.claims), f"{checks}\nnot in:\n{shown}"
