"""Alerts: what changed between two assessments, written as JSON lines and posted to a webhook.

A webhook is posted from a background thread through a bounded queue, so a slow or dead endpoint
never blocks ingestion: each alert is tried ``retries + 1`` times with exponential back-off and a
timeout per try, and dropped (with a warning in the log) if it still fails or the queue is full.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import queue
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from watchfloor.records import Assessment

if TYPE_CHECKING:
    from watchfloor.ledger import Ledger

__all__ = [
    "Alert",
    "WebhookSender",
    "alert_record",
    "alerts_between",
    "saved_state",
    "state_key",
    "state_of",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class Alert:
    """A change worth telling: the phase moved, or an indicator became met or stopped being."""

    playbook: str
    kind: str  # "phase" or "indicator"
    as_of: dt.datetime
    previous_phase: int | None
    phase: int
    phase_name: str
    newly_met: tuple[str, ...]
    no_longer_met: tuple[str, ...]
    evidence: tuple[str, ...]
    """Claim ids the current phase rests on."""


def state_key(playbook_name: str) -> str:
    """Where the ledger keeps a watch's last state of a playbook (``Ledger.text``)."""
    return f"watch:{playbook_name}"


def saved_state(ledger: Ledger, playbook_name: str) -> dict[str, Any] | None:
    """The last state a watch kept of a playbook (see :func:`state_of`), or ``None``."""
    saved = ledger.text(state_key(playbook_name))
    if not saved:
        return None
    try:
        state = json.loads(saved)
    except ValueError:
        log.warning("the watch state of %s is not JSON; ignored", playbook_name)
        return None
    return state if isinstance(state, dict) else None


def state_of(a: Assessment, previous: dict[str, Any] | None = None) -> dict[str, Any]:
    """What a watch remembers of an assessment between runs: the phase, since when (kept from
    ``previous`` while the phase is unchanged), and the indicators met."""
    entered = a.as_of.isoformat()
    if previous is not None and previous.get("phase") == a.phase and previous.get("entered"):
        entered = previous["entered"]
    return {
        "phase": a.phase,
        "entered": entered,
        "met": sorted(r.name for r in a.indicators if r.met),
    }


def alerts_between(previous: dict[str, Any] | None, current: Assessment) -> list[Alert]:
    """The alerts from a remembered state (``state_of``; ``None`` at the first run) to now."""
    met = {r.name for r in current.indicators if r.met}
    was_met = set(previous["met"]) if previous else set()
    was_phase = previous["phase"] if previous else None
    if was_phase != current.phase:
        kind = "phase"
    elif met != was_met:
        kind = "indicator"
    else:
        return []
    return [
        Alert(
            playbook=current.playbook,
            kind=kind,
            as_of=current.as_of,
            previous_phase=was_phase,
            phase=current.phase,
            phase_name=current.phase_name,
            newly_met=tuple(sorted(met - was_met)),
            no_longer_met=tuple(sorted(was_met - met)),
            evidence=tuple(m.claim.id for m in current.evidence),
        )
    ]


def alert_record(alert: Alert) -> dict[str, Any]:
    return {
        "playbook": alert.playbook,
        "kind": alert.kind,
        "as_of": alert.as_of.isoformat(),
        "previous_phase": alert.previous_phase,
        "phase": alert.phase,
        "phase_name": alert.phase_name,
        "newly_met": list(alert.newly_met),
        "no_longer_met": list(alert.no_longer_met),
        "evidence": list(alert.evidence),
    }


class WebhookSender:
    """Posts alerts as JSON to ``url`` from a background thread (see the module docstring)."""

    def __init__(
        self,
        url: str,
        *,
        timeout: float = 5.0,
        retries: int = 3,
        backoff: float = 0.5,
        capacity: int = 1000,
    ) -> None:
        import httpx

        self.url = url
        self.retries = retries
        self.backoff = backoff
        self.delivered = 0
        self.failed = 0
        self._client = httpx.Client(timeout=timeout, trust_env=False, follow_redirects=False)
        self._queue: queue.Queue[Alert | None] = queue.Queue(maxsize=capacity)
        self._thread = threading.Thread(target=self._run, name="watchfloor-webhook", daemon=True)
        self._thread.start()

    def send(self, alert: Alert) -> None:
        """Queue ``alert``; returns at once (drops it with a warning if the queue is full)."""
        try:
            self._queue.put_nowait(alert)
        except queue.Full:
            self.failed += 1
            log.warning("webhook %s: queue full, alert dropped", self.url)

    def close(self, wait: float = 30.0) -> None:
        """Deliver what is queued (up to ``wait`` seconds), then stop."""
        self._queue.put(None)
        self._thread.join(wait)
        self._client.close()

    def _run(self) -> None:
        while True:
            alert = self._queue.get()
            if alert is None:
                return
            self._deliver(alert)

    def _deliver(self, alert: Alert) -> None:
        import httpx

        body = json.dumps(alert_record(alert), ensure_ascii=False).encode()
        for attempt in range(self.retries + 1):
            try:
                response = self._client.post(
                    self.url, content=body, headers={"Content-Type": "application/json"}
                )
                if response.status_code < 300:
                    self.delivered += 1
                    return
                problem = f"answered {response.status_code}"
            except httpx.HTTPError as exc:
                problem = f"{type(exc).__name__}: {exc}"
            if attempt < self.retries:
                time.sleep(self.backoff * 2**attempt)
        self.failed += 1
        log.warning(
            "webhook %s: alert not delivered after %d tries (%s)",
            self.url,
            self.retries + 1,
            problem,
        )
