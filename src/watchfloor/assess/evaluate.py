"""Evaluating a playbook against stories: indicators met, the phase, likelihood, confidence.

:func:`evaluate` is a pure function of the playbook, the stories (with their claims), the source
grades and the time ``as_of``. An indicator is met when at least one story meets all of its
conditions; the evidence is that story's supporting claims that satisfied them. An overflight
indicator is met by computed satellite passes (:mod:`watchfloor.assess.overhead`) and has no
evidence: its reasons list the passes. A phase holds when its rule holds; the phase reported is
the highest that holds (phases are cumulative levels of response). The likelihood is the
playbook's ICD 203 band for the best credibility behind the phase; the confidence comes from the
independent origins behind it. A phase that rests on computed passes alone takes the playbook's
``computed`` band and low confidence: no reporting stands behind it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from watchfloor.assess.overhead import overflight_result
from watchfloor.assess.playbook import Indicator, Playbook, Rule
from watchfloor.corroborate.stories import object_class_of
from watchfloor.records import Assessment, IndicatorResult, SourceGrade, Story, StoryClaim

__all__ = ["evaluate", "event_matches"]

_LETTERS = "ABCDEF"


def event_matches(indicator: Indicator, story: Story) -> bool:
    """Whether the story's event frame is the one the indicator looks for (a composite
    indicator, with no event of its own, matches no story)."""
    pattern = indicator.event
    if pattern is None or story.event_type != pattern.type:
        return False
    return all(
        want is None or want == got
        for want, got in (
            (pattern.mode, story.mode),
            (pattern.actor, story.actor),
            (pattern.target, story.target),
        )
    )


def _check(
    indicator: Indicator,
    story: Story,
    grades: Mapping[str, SourceGrade],
    as_of: dt.datetime,
) -> tuple[bool, list[str], list[StoryClaim]]:
    """Whether ``story`` meets ``indicator``, the reasons, and the claims that satisfied it."""
    reasons: list[str] = []
    if indicator.objects and object_class_of(story) not in indicator.objects:
        return False, [f"story {story.id} is about {object_class_of(story) or 'nothing named'}"], []
    if indicator.window_days is not None:
        since = as_of - dt.timedelta(days=indicator.window_days)
        if story.last_seen < since:
            return False, [f"story {story.id} was last reported before {since.date()}"], []
    if indicator.min_credibility is not None:
        if int(story.credibility.value) > indicator.min_credibility:
            return (
                False,
                [
                    f"story {story.id} has credibility {story.credibility.value}, "
                    f"needs {indicator.min_credibility} or better"
                ],
                [],
            )
        reasons.append(f"credibility {story.credibility.value} ({story.credibility.meaning})")
    if story.origins < indicator.min_origins:
        return (
            False,
            [
                f"story {story.id} has {story.origins} independent origin(s), "
                f"needs {indicator.min_origins}"
            ],
            [],
        )
    support = [m for m in story.claims if m.relation == "supports" and m.claimant is not None]
    if indicator.stances:
        support = [m for m in support if m.claim.stance in indicator.stances]
    if indicator.min_reliability is not None:
        bound = _LETTERS.index(indicator.min_reliability)

        def reliable(m: StoryClaim) -> bool:
            grade = grades.get(m.claimant.key) if m.claimant else None
            return grade is not None and _LETTERS.index(grade.reliability.value) <= bound

        support = [m for m in support if reliable(m)]
    if indicator.min_quantity is not None:
        support = [
            m
            for m in support
            if m.claim.event is not None
            and m.claim.event.quantity is not None
            and (m.claim.event.quantity.value or 0) >= indicator.min_quantity
        ]
    if not support:
        wanted = []
        if indicator.stances:
            wanted.append("stance " + " or ".join(indicator.stances))
        if indicator.min_reliability:
            wanted.append(f"a source graded {indicator.min_reliability} or better")
        if indicator.min_quantity is not None:
            wanted.append(f"a number of at least {indicator.min_quantity:,.0f}")
        return False, [f"story {story.id} has no claim with {', '.join(wanted) or 'a source'}"], []
    who = sorted({m.claimant.name for m in support if m.claimant})
    reasons.append(f"{len(support)} claim(s) by {', '.join(who)} in story {story.id}")
    return True, reasons, support


def _indicator_result(
    indicator: Indicator,
    stories: Sequence[Story],
    grades: Mapping[str, SourceGrade],
    as_of: dt.datetime,
) -> IndicatorResult:
    met_stories: list[int] = []
    evidence: list[StoryClaim] = []
    reasons: list[str] = []
    misses: list[str] = []
    for story in stories:
        if not event_matches(indicator, story):
            continue
        ok, why, claims = _check(indicator, story, grades, as_of)
        if ok:
            met_stories.append(story.id)
            evidence.extend(claims)
            reasons.extend(why)
        else:
            misses.extend(why)
    if not met_stories:
        reasons = misses or ["no story with this event"]
    return IndicatorResult(
        name=indicator.name,
        description=indicator.description,
        met=bool(met_stories),
        stories=tuple(met_stories),
        evidence=tuple(evidence),
        reasons=tuple(reasons),
    )


def _holds(rule: Rule, results: Mapping[str, IndicatorResult]) -> bool:
    if rule.kind == "indicator":
        return results[rule.name or ""].met
    values = [_holds(item, results) for item in rule.items]
    if rule.kind == "all":
        return all(values)
    if rule.kind == "any":
        return any(values)
    return sum(values) >= rule.n


def _composite(indicator: Indicator, results: Mapping[str, IndicatorResult]) -> IndicatorResult:
    assert indicator.rule is not None
    parts = [results[name] for name in sorted(indicator.rule.names())]
    met = _holds(indicator.rule, results)
    evidence = tuple(m for part in parts if part.met for m in part.evidence)
    return IndicatorResult(
        name=indicator.name,
        description=indicator.description,
        met=met,
        stories=tuple(sorted({s for part in parts if part.met for s in part.stories})),
        evidence=evidence if met else (),
        reasons=(
            f"{indicator.rule}: "
            + ", ".join(f"{p.name} {'met' if p.met else 'not met'}" for p in parts),
        ),
    )


def _results(
    playbook: Playbook,
    stories: Sequence[Story],
    grades: Mapping[str, SourceGrade],
    as_of: dt.datetime,
) -> dict[str, IndicatorResult]:
    results: dict[str, IndicatorResult] = {}
    pending = list(playbook.indicators)
    while pending:  # composites after what they combine (no cycles: the loader checked)
        for indicator in list(pending):
            if indicator.overflight is not None:
                results[indicator.name] = overflight_result(indicator, as_of)
            elif indicator.rule is None:
                results[indicator.name] = _indicator_result(indicator, stories, grades, as_of)
            elif indicator.rule.names() <= results.keys():
                results[indicator.name] = _composite(indicator, results)
            else:
                continue
            pending.remove(indicator)
    return results


def _computed(playbook: Playbook, rule: Rule, results: Mapping[str, IndicatorResult]) -> list[str]:
    """The met overflight indicators a rule reaches, directly or through composites."""
    found: dict[str, None] = {}
    pending = sorted(rule.names())
    while pending:
        indicator = playbook.indicator(pending.pop(0))
        if indicator.overflight is not None and results[indicator.name].met:
            found[indicator.name] = None
        elif indicator.rule is not None:
            pending.extend(sorted(indicator.rule.names()))
    return sorted(found)


def _unique(claims: Iterable[StoryClaim]) -> tuple[StoryClaim, ...]:
    seen: dict[str, StoryClaim] = {}
    for m in claims:
        seen.setdefault(m.claim.id, m)
    return tuple(sorted(seen.values(), key=lambda m: (m.reported, m.claim.id)))


def evaluate(
    playbook: Playbook,
    stories: Sequence[Story],
    grades: Iterable[SourceGrade],
    *,
    as_of: dt.datetime,
) -> Assessment:
    """The assessment of ``playbook`` over ``stories`` (full stories, with their claims)."""
    by_key = {g.claimant.key: g for g in grades}
    results = _results(playbook, stories, by_key, as_of)
    phase = playbook.phases[0]
    for candidate in playbook.phases[1:]:
        if candidate.rule is not None and _holds(candidate.rule, results):
            phase = candidate
    used = sorted(phase.rule.names()) if phase.rule else []
    evidence = _unique(m for name in used if results[name].met for m in results[name].evidence)
    story_ids = {s for name in used if results[name].met for s in results[name].stories}
    behind = [s for s in stories if s.id in story_ids]
    likelihood_of = dict(playbook.likelihood)
    computed = _computed(playbook, phase.rule, results) if phase.rule else []
    also = (
        (
            f"it rests also on computed passes ({', '.join(computed)}): predictions from "
            "element sets, not reporting; the likelihood and confidence grade the reporting",
        )
        if computed
        else ()
    )
    reasons: tuple[str, ...]
    if behind:
        best = min(int(s.credibility.value) for s in behind)
        likelihood = likelihood_of[best]
        origins = len({m.origin for m in evidence})
        thresholds = dict(playbook.confidence)
        confidence = (
            "high"
            if origins >= thresholds["high"]
            else "moderate"
            if origins >= thresholds["moderate"]
            else "low"
        )
        reasons = (
            f"phase {phase.level} holds: {phase.rule}",
            f"best story credibility {best}: {likelihood}",
            f"{origins} independent origin(s) behind it: {confidence} confidence",
            *also,
        )
    elif computed:
        likelihood, confidence = playbook.computed_likelihood, "low"
        reasons = (
            f"phase {phase.level} holds: {phase.rule}",
            f"it rests on computed passes alone ({', '.join(computed)}): predictions from "
            f"element sets, not reporting: {likelihood} (the playbook's band for computed "
            "passes), low confidence (no independent origin stands behind it)",
        )
    else:
        likelihood, confidence = "roughly even chance", "low"
        reasons = ("no phase above the base holds: no indicator of a higher phase is met",)
        likelihood = likelihood_of.get(6, likelihood)
    return Assessment(
        playbook=playbook.name,
        phase=phase.level,
        phase_name=phase.name,
        response=phase.response,
        as_of=as_of,
        likelihood=likelihood,
        confidence=confidence,
        indicators=tuple(results[i.name] for i in playbook.indicators),
        evidence=evidence,
        reasons=reasons,
    )
