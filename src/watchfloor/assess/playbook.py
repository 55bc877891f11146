"""Playbooks: the indicators a desk watches and the phases of its response, as a YAML file.

A playbook declares

* **indicators** — conditions over the ledger's stories: the event (type, mode, actor, target),
  the object class (soldiers, missiles, technology …), a minimum number, a minimum information
  credibility (1 best), a minimum number of independent origins, the stances that must be among
  the supporting claims ("confirm", not merely "allege"), a minimum reliability of one supporting
  source, and a time window. An indicator may instead be a *rule* over other indicators, or an
  *overflight* condition: a usable pass of chosen satellites over listed sites within some hours
  (:mod:`watchfloor.assess.overhead`);
* **phases** — ordered levels, the first of which (the base) holds with no rule; each other phase
  is entered when its rule over indicators holds (``all`` / ``any`` / ``at_least: N of``) and
  stands for a response (text), with an optional hold time;
* **likelihood** and **confidence** wording: the ICD 203 band for each information credibility
  (and ``computed``, for a phase that rests on computed passes alone), and the independent
  origins needed for moderate and high confidence.

:func:`load_playbook` validates everything and raises :class:`PlaybookError` with the file and line
of the first problem and what to write instead. ``docs/playbooks.md`` documents the format.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml

from watchfloor.assess.overhead import (
    InputsKey,
    OverflightCondition,
    OverflightInputs,
    overflight_condition,
)
from watchfloor.assess.yamlmarks import Marked, MarkedList, load_marked
from watchfloor.errors import PlaybookError
from watchfloor.records import CREDIBILITY, RELIABILITY, STANCES

__all__ = [
    "CONFIDENCE",
    "ICD203",
    "EventPattern",
    "Indicator",
    "Phase",
    "Playbook",
    "Rule",
    "load_playbook",
]

ICD203 = (
    "almost no chance",
    "very unlikely",
    "unlikely",
    "roughly even chance",
    "likely",
    "very likely",
    "almost certain",
)
"""The ICD 203 expressions of likelihood, from least to most likely."""

CONFIDENCE = ("low", "moderate", "high")

_INDICATOR_KEYS = {
    "description",
    "event",
    "objects",
    "min_quantity",
    "min_credibility",
    "min_origins",
    "stances",
    "min_reliability",
    "window_days",
    "rule",
    "overflight",
}
_EVENT_KEYS = {"type", "mode", "actor", "target"}
_PHASE_KEYS = {"level", "name", "response", "when", "hold_days"}
_TOP_KEYS = {"playbook", "title", "description", "indicators", "phases", "likelihood", "confidence"}


@dataclass(frozen=True, slots=True, kw_only=True)
class EventPattern:
    """The event an indicator looks for; ``None`` fields match anything."""

    type: str
    mode: str | None = None
    actor: str | None = None
    target: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    """``indicator`` (a name), or ``all`` / ``any`` / ``at_least`` (``n``) of sub-rules."""

    kind: Literal["indicator", "all", "any", "at_least"]
    name: str | None = None
    n: int = 0
    items: tuple[Rule, ...] = ()

    def names(self) -> set[str]:
        """The indicators this rule refers to."""
        if self.kind == "indicator":
            return {self.name or ""}
        return set().union(*(item.names() for item in self.items)) if self.items else set()

    def __str__(self) -> str:
        if self.kind == "indicator":
            return str(self.name)
        inner = ", ".join(str(i) for i in self.items)
        return (
            f"at least {self.n} of ({inner})"
            if self.kind == "at_least"
            else f"{self.kind}({inner})"
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Indicator:
    """One condition over the ledger (see the module docstring). ``rule`` makes it composite;
    ``overflight`` makes it a condition over computed passes, which no story meets."""

    name: str
    description: str
    line: int
    event: EventPattern | None = None
    objects: tuple[str, ...] = ()
    min_quantity: float | None = None
    min_credibility: int | None = None
    min_origins: int = 1
    stances: tuple[str, ...] = ()
    min_reliability: str | None = None
    window_days: int | None = None
    rule: Rule | None = None
    rule_line: int = 0
    overflight: OverflightCondition | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Phase:
    """An ordered level of response; the base phase (the first) has no rule."""

    level: int
    name: str
    response: str
    line: int
    rule: Rule | None = None
    hold_days: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Playbook:
    name: str
    title: str
    description: str
    indicators: tuple[Indicator, ...]
    phases: tuple[Phase, ...]
    likelihood: tuple[tuple[int, str], ...]
    """The ICD 203 band for each information credibility (1–6)."""
    confidence: tuple[tuple[str, int], ...]
    """Independent origins needed for each confidence level above low."""
    origin: str
    computed_likelihood: str = "very likely"
    """The ICD 203 band for a phase that rests on computed passes alone (no reporting)."""

    def indicator(self, name: str) -> Indicator:
        return next(i for i in self.indicators if i.name == name)

    def __repr__(self) -> str:
        return (
            f"Playbook({self.name!r} {len(self.indicators)} indicators {len(self.phases)} phases)"
        )


class _Reader:
    """Validation with the file and line of every problem."""

    def __init__(self, where: str) -> None:
        self.where = where

    def fail(self, line: int | None, problem: str) -> PlaybookError:
        at = f" line {line}" if line else ""
        return PlaybookError(f"{self.where}{at}: {problem}")

    def mapping(self, value: Any, line: int, what: str) -> Marked:
        if not isinstance(value, Marked):
            raise self.fail(line, f"{what} must be a mapping (key: value lines)")
        return value

    def keys(self, m: Marked, allowed: set[str], what: str) -> None:
        for key in m:
            if key not in allowed:
                raise self.fail(
                    m.lines[key], f"unknown key {key!r} in {what}: use {', '.join(sorted(allowed))}"
                )

    def text(self, m: Marked, key: str, what: str, *, required: bool = True) -> str:
        value = m.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            raise self.fail(m.lines.get(key, m.line), f"{what} needs {key!r}: a line of text")
        return value.strip()

    def number(
        self, m: Marked, key: str, what: str, *, low: float, high: float | None = None
    ) -> float | None:
        value = m.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(m.lines[key], f"{what}: {key} must be a number, got {value!r}")
        if value < low or (high is not None and value > high):
            bound = f"between {low:g} and {high:g}" if high is not None else f"at least {low:g}"
            raise self.fail(m.lines[key], f"{what}: {key} must be {bound}, got {value!r}")
        return float(value)


def _event(r: _Reader, value: Any, line: int, what: str) -> EventPattern:
    from watchfloor.extraction.plover import PLOVER_TYPES

    m = r.mapping(value, line, f"{what}: event")
    r.keys(m, _EVENT_KEYS, f"{what}: event")
    kind = m.get("type")
    if kind not in PLOVER_TYPES:
        raise r.fail(
            m.lines.get("type", m.line),
            f"{what}: unknown event type {kind!r}: use one of {', '.join(PLOVER_TYPES)}",
        )
    fields = {k: str(m[k]) for k in ("mode", "actor", "target") if m.get(k) is not None}
    return EventPattern(type=kind, **fields)


def _rule(r: _Reader, value: Any, line: int, what: str) -> Rule:
    if isinstance(value, str):
        return Rule(kind="indicator", name=value)
    if isinstance(value, Marked) and len(value) == 1 and next(iter(value)) in ("all", "any"):
        kind = next(iter(value))
        items = value[kind]
        if not isinstance(items, MarkedList) or not items:
            raise r.fail(value.line, f"{what}: '{kind}' needs a list of indicators or rules")
        subs = tuple(_rule(r, v, items.lines[i], what) for i, v in enumerate(items))
        return Rule(kind=kind, items=subs)  # type: ignore[arg-type]
    if isinstance(value, Marked) and set(value) == {"at_least", "of"}:
        n, items = value["at_least"], value["of"]
        if not isinstance(items, MarkedList) or not items:
            raise r.fail(value.line, f"{what}: 'of' needs a list of indicators or rules")
        if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= len(items):
            raise r.fail(
                value.lines["at_least"],
                f"{what}: at_least must be a whole number from 1 to {len(items)}, got {n!r}",
            )
        subs = tuple(_rule(r, v, items.lines[i], what) for i, v in enumerate(items))
        return Rule(kind="at_least", n=n, items=subs)
    raise r.fail(
        getattr(value, "line", line),
        f"{what}: a rule is an indicator name, {{all: [...]}}, {{any: [...]}} or "
        "{at_least: N, of: [...]}",
    )


def _indicator(
    r: _Reader,
    name: str,
    value: Any,
    line: int,
    *,
    base: Path,
    shared: dict[InputsKey, OverflightInputs],
) -> Indicator:
    from watchfloor.corroborate.rules import load_rules

    what = f"indicator {name!r}"
    m = r.mapping(value, line, what)
    r.keys(m, _INDICATOR_KEYS, what)
    description = r.text(m, "description", what)
    if "overflight" in m:
        extra = set(m) - {"overflight", "description"}
        if extra:
            raise r.fail(
                m.lines[sorted(extra)[0]],
                f"{what}: an overflight indicator is met by computed passes and takes no "
                f"conditions on claims or rules ({', '.join(sorted(extra))}): declare those "
                "in another indicator and combine both in a rule",
            )
        return Indicator(
            name=name,
            description=description,
            line=line,
            overflight=overflight_condition(
                r, m["overflight"], m.lines["overflight"], what, base=base, shared=shared
            ),
        )
    if "rule" in m:
        extra = set(m) - {"rule", "description"}
        if extra:
            raise r.fail(
                m.lines[sorted(extra)[0]],
                f"{what}: an indicator with a rule combines other indicators and takes no "
                f"conditions of its own ({', '.join(sorted(extra))})",
            )
        return Indicator(
            name=name,
            description=description,
            line=line,
            rule=_rule(r, m["rule"], m.lines["rule"], what),
            rule_line=m.lines["rule"],
        )
    if "event" not in m:
        raise r.fail(
            m.line,
            f"{what} needs an 'event' (type, mode, actor, target), a 'rule' or an 'overflight'",
        )
    objects = m.get("objects") or []
    known = set(load_rules().objects.values())
    if not isinstance(objects, list) or not all(o in known for o in objects):
        raise r.fail(
            m.lines.get("objects"),
            f"{what}: objects must be a list of object classes: {', '.join(sorted(known))}",
        )
    stances = m.get("stances") or []
    if not isinstance(stances, list) or not all(s in STANCES for s in stances) or "deny" in stances:
        raise r.fail(
            m.lines.get("stances"),
            f"{what}: stances must be a list of assert, confirm, allege (denials never support)",
        )
    reliability = m.get("min_reliability")
    if reliability is not None and str(reliability) not in RELIABILITY:
        raise r.fail(m.lines["min_reliability"], f"{what}: min_reliability must be one of A-F")
    credibility = r.number(m, "min_credibility", what, low=1, high=6)
    origins = r.number(m, "min_origins", what, low=1)
    window = r.number(m, "window_days", what, low=1)
    return Indicator(
        name=name,
        description=description,
        line=line,
        event=_event(r, m["event"], m.lines["event"], what),
        objects=tuple(objects),
        min_quantity=r.number(m, "min_quantity", what, low=0),
        min_credibility=int(credibility) if credibility is not None else None,
        min_origins=int(origins) if origins is not None else 1,
        stances=tuple(stances),
        min_reliability=str(reliability) if reliability is not None else None,
        window_days=int(window) if window is not None else None,
    )


def _check_cycles(r: _Reader, indicators: dict[str, Indicator]) -> None:
    state: dict[str, int] = {}

    def visit(name: str, path: list[str]) -> None:
        if state.get(name) == 2:
            return
        if state.get(name) == 1:
            cycle = " -> ".join([*path[path.index(name) :], name])
            raise r.fail(
                indicators[name].line, f"indicators refer to each other in a cycle: {cycle}"
            )
        state[name] = 1
        rule = indicators[name].rule
        for sub in sorted(rule.names()) if rule else ():
            visit(sub, [*path, name])
        state[name] = 2

    for name in indicators:
        visit(name, [])


def _phases(r: _Reader, value: Any, line: int, indicators: dict[str, Indicator]) -> list[Phase]:
    if not isinstance(value, MarkedList) or len(value) < 2:
        raise r.fail(line, "phases must be a list of at least two phases (a base and one more)")
    out: list[Phase] = []
    for i, item in enumerate(value):
        m = r.mapping(item, value.lines[i], f"phase {i + 1}")
        r.keys(m, _PHASE_KEYS, f"phase {i + 1}")
        level = m.get("level")
        if level != i:
            raise r.fail(
                m.lines.get("level", m.line),
                f"phase {i + 1}: level must be {i} (phases are listed in order from 0), "
                f"got {level!r}",
            )
        what = f"phase {level}"
        name, response = r.text(m, "name", what), r.text(m, "response", what)
        hold = r.number(m, "hold_days", what, low=0)
        if i == 0:
            if "when" in m:
                raise r.fail(m.lines["when"], "phase 0 is the base phase: it takes no 'when' rule")
            out.append(Phase(level=0, name=name, response=response, line=m.line))
            continue
        if m.get("when") is None:
            raise r.fail(m.line, f"{what} has no rule: add 'when:' with the indicators it needs")
        rule = _rule(r, m["when"], m.lines["when"], what)
        for missing in sorted(rule.names() - set(indicators)):
            raise r.fail(
                m.lines["when"],
                f"{what}: unknown indicator {missing!r} in its rule: declared are "
                f"{', '.join(sorted(indicators))}",
            )
        out.append(
            Phase(
                level=i,
                name=name,
                response=response,
                line=m.line,
                rule=rule,
                hold_days=int(hold or 0),
            )
        )
    return out


def _likelihood(r: _Reader, value: Any, line: int) -> tuple[tuple[tuple[int, str], ...], str]:
    """The band per credibility grade, and the band for a phase on computed passes alone."""
    computed = "very likely"
    default = {
        1: "almost certain",
        2: "very likely",
        3: "likely",
        4: "roughly even chance",
        5: "unlikely",
        6: "roughly even chance",
    }
    if value is None:
        return tuple(sorted(default.items())), computed
    m = r.mapping(value, line, "likelihood")
    out = dict(default)
    for key, word in m.items():
        if str(key) not in CREDIBILITY and key != "computed":
            raise r.fail(
                m.lines[key],
                f"likelihood: keys are credibility grades 1-6 and 'computed', got {key!r}",
            )
        if word not in ICD203:
            raise r.fail(
                m.lines[key],
                f"likelihood: {word!r} is not an ICD 203 band: use {', '.join(ICD203)}",
            )
        if key == "computed":
            computed = word
        else:
            out[int(key)] = word
    return tuple(sorted(out.items())), computed


def _confidence(r: _Reader, value: Any, line: int) -> tuple[tuple[str, int], ...]:
    default = {"moderate": 2, "high": 3}
    if value is None:
        return tuple(default.items())
    m = r.mapping(value, line, "confidence")
    r.keys(m, {"moderate", "high"}, "confidence")
    out = dict(default)
    for key in m:
        out[key] = int(r.number(m, key, "confidence", low=1) or 1)
    if out["high"] < out["moderate"]:
        raise r.fail(m.line, "confidence: high needs at least as many origins as moderate")
    return tuple(out.items())


def load_playbook(path: str | Path) -> Playbook:
    """Read and validate the playbook at ``path`` (see the module docstring)."""
    file = Path(path)
    where = str(file)
    r = _Reader(where)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PlaybookError(
            f"playbook {where} does not exist: give the path of a YAML file"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PlaybookError(f"playbook {where} cannot be read: {exc}") from None
    try:
        data = load_marked(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise r.fail(mark.line + 1 if mark else None, f"not valid YAML: {problem}") from None
    top = r.mapping(data, 1, "a playbook")
    r.keys(top, _TOP_KEYS, "the playbook")
    name = r.text(top, "playbook", "the playbook")
    raw = r.mapping(top.get("indicators"), top.lines.get("indicators", 1), "indicators")
    if not raw:
        raise r.fail(top.lines.get("indicators", 1), "indicators: declare at least one")
    shared: dict[InputsKey, OverflightInputs] = {}
    base = file.resolve().parent
    indicators = {
        k: _indicator(r, k, v, raw.lines[k], base=base, shared=shared) for k, v in raw.items()
    }
    for indicator in indicators.values():
        for missing in sorted(
            (indicator.rule.names() if indicator.rule else set()) - set(indicators)
        ):
            raise r.fail(
                indicator.rule_line,
                f"indicator {indicator.name!r}: unknown indicator {missing!r} in its rule",
            )
    _check_cycles(r, indicators)
    phases = _phases(r, top.get("phases"), top.lines.get("phases", 1), indicators)
    likelihood, computed = _likelihood(r, top.get("likelihood"), top.lines.get("likelihood", 1))
    return Playbook(
        name=name,
        title=r.text(top, "title", "the playbook"),
        description=r.text(top, "description", "the playbook", required=False),
        indicators=tuple(indicators.values()),
        phases=tuple(phases),
        likelihood=likelihood,
        confidence=_confidence(r, top.get("confidence"), top.lines.get("confidence", 1)),
        origin=where,
        computed_likelihood=computed,
    )
