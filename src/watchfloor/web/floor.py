"""What the server holds: the ledger, the playbooks, the costly answers, the live feed, the jobs.

Assessing now takes under a second at 100,000 claims and a timeline replay takes minutes, so
neither runs inside a request: a watcher thread notices when the ledger's claims change
(``Ledger.claims_version``) and recomputes the current assessments; timelines and as-of replays
run in a separate process (a spawned one-worker pool), so that replaying a large ledger never
holds the interpreter lock that page requests need. Pages show what is ready and say what is
still being computed.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import logging
import multiprocessing
import threading
from collections import OrderedDict, deque
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from watchfloor.assess import load_playbook
from watchfloor.assess.playbook import Playbook
from watchfloor.corroborate import Registry, load_registry, needs_rebuild, rebuild
from watchfloor.errors import WatchfloorError
from watchfloor.ledger import Ledger, open_ledger
from watchfloor.records import Assessment, PhaseChange

__all__ = ["Event", "Feed", "Floor", "Job", "WebConfig"]

log = logging.getLogger(__name__)

OVERFLIGHT_HOURS = 48.0
"""How far ahead the overview looks for satellite passes."""

REASSESS = dt.timedelta(minutes=5)
"""How old the current assessments may grow while the ledger does not change."""


@dataclass(frozen=True, slots=True, kw_only=True)
class WebConfig:
    """How ``watchfloor serve`` was started."""

    db: str
    playbooks: tuple[Path, ...] = ()
    registry: Path | None = None
    allowed_networks: tuple[str, ...] = ()
    elements: Path | None = None
    sites: Path | None = None
    satellites: Path | None = None
    poll_seconds: float = 2.0
    max_upload_bytes: int = 10 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Event:
    """One live update: ``kind`` is ``claims`` (the ledger changed), ``phase`` (a playbook's
    phase changed) or ``job`` (an ingest job moved)."""

    seq: int
    kind: str
    data: dict[str, Any]


class Feed:
    """The recent live updates, numbered, for server-sent events (a client resumes from the
    last number it saw)."""

    def __init__(self, keep: int = 500) -> None:
        self._events: deque[Event] = deque(maxlen=keep)
        self._seq = itertools.count(1)
        self._lock = threading.Lock()

    def publish(self, kind: str, data: dict[str, Any]) -> Event:
        with self._lock:
            event = Event(next(self._seq), kind, data)
            self._events.append(event)
            return event

    def since(self, seq: int) -> list[Event]:
        with self._lock:
            return [e for e in self._events if e.seq > seq]

    @property
    def last(self) -> int:
        with self._lock:
            return self._events[-1].seq if self._events else 0


@dataclass(slots=True, kw_only=True)
class Job:
    """An ingest started from the web: its inputs, progress, and what it stored."""

    id: str
    what: str
    state: str = "queued"  # queued, running, done, failed
    done: int = 0
    documents: list[str] = field(default_factory=list)
    claims: int = 0
    errors: list[str] = field(default_factory=list)
    started: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    finished: dt.datetime | None = None

    def record(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "what": self.what,
            "state": self.state,
            "done": self.done,
            "documents": list(self.documents),
            "claims": self.claims,
            "errors": list(self.errors),
            "started": self.started.isoformat(),
            "finished": self.finished.isoformat() if self.finished else None,
        }


def _replay_timeline(db: str, playbook: Path) -> list[PhaseChange]:
    """A timeline computed in the replay process (module level, so it pickles)."""
    from watchfloor.assess.replay import timeline

    with open_ledger(db) as ledger:
        return list(timeline(ledger, load_playbook(playbook)))


def _replay_as_of(db: str, playbook: Path, as_of: dt.datetime) -> Assessment:
    from watchfloor.assess.replay import assess_ledger

    with open_ledger(db) as ledger:
        return assess_ledger(ledger, load_playbook(playbook), as_of=as_of)


class Floor:
    """The server's state over one ledger (see the module docstring). Thread-safe."""

    def __init__(self, config: WebConfig) -> None:
        self.config = config
        self.registry: Registry | None = load_registry(config.registry) if config.registry else None
        self.playbooks: dict[str, Playbook] = {}
        self._paths: dict[str, Path] = {}
        for path in config.playbooks:
            book = load_playbook(path)
            self.playbooks[book.name] = book
            self._paths[book.name] = path.resolve()
        self.ledger: Ledger = open_ledger(config.db)
        self.feed = Feed()
        self.write_lock = threading.Lock()
        self._lock = threading.Lock()
        self._version = -1
        self._assessed = dt.datetime.min.replace(tzinfo=dt.UTC)
        self._current: dict[str, Assessment] = {}
        self._timelines: dict[str, tuple[int, list[PhaseChange]]] = {}
        self._pending: dict[str, Future[list[PhaseChange]]] = {}
        self._failed: dict[str, int] = {}
        self._as_of: OrderedDict[tuple[str, int, str], Assessment] = OrderedDict()
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._job_ids = itertools.count(1)
        self._pools: dict[str, ProcessPoolExecutor] = {}
        self._pool_lock = threading.Lock()
        self._passes: dict[float, tuple[dt.datetime, Any]] = {}
        self._stop = threading.Event()
        self._watcher = threading.Thread(target=self._watch, name="floor-watch", daemon=True)

    # -- life cycle ---------------------------------------------------------------------------

    def start(self) -> None:
        """Bring the stories up to date, assess every playbook, and start watching."""
        with self.write_lock:
            if needs_rebuild(self.ledger, self.registry):
                rebuild(self.ledger, registry=self.registry)
        self.refresh()
        self._watcher.start()

    def close(self) -> None:
        self._stop.set()
        if self._watcher.is_alive():
            self._watcher.join(timeout=5)
        for pool in self._pools.values():
            pool.shutdown(wait=False, cancel_futures=True)
        self.ledger.close()

    def _watch(self) -> None:
        while not self._stop.wait(self.config.poll_seconds):
            try:
                self.refresh()
                self._catch_up_timelines()
            except WatchfloorError as exc:
                log.warning("watch: %s", exc)
            except Exception:
                log.exception("watch: unexpected error")

    # -- assessments --------------------------------------------------------------------------

    def refresh(self) -> None:
        """If the ledger's claims changed, or the last assessment is older than ``REASSESS``
        (windows lapse, hold times end and satellites move with the clock alone): assess every
        playbook again, publish what changed, and start recomputing the timelines."""
        version = self.ledger.claims_version()
        now = dt.datetime.now(dt.UTC)
        if version == self._version and now - self._assessed < REASSESS:
            return
        self._assessed = now
        from watchfloor.assess.replay import assess_ledger

        current = {name: assess_ledger(self.ledger, book) for name, book in self.playbooks.items()}
        counts = self.ledger.counts()
        with self._lock:
            before, self._current, first = self._current, current, self._version < 0
            before_version, self._version = self._version, version
        if not first and version != before_version:
            self.feed.publish("claims", {"version": version, **counts})
        for name, latest in current.items():
            was = before.get(name)
            if was is not None and was.phase != latest.phase:
                self.feed.publish(
                    "phase",
                    {
                        "playbook": name,
                        "previous": was.phase,
                        "phase": latest.phase,
                        "phase_name": latest.phase_name,
                        "response": latest.response,
                        "likelihood": latest.likelihood,
                        "confidence": latest.confidence,
                        "met": sum(1 for r in latest.indicators if r.met),
                        "indicators": len(latest.indicators),
                    },
                )
        if version != before_version:
            for name in self.playbooks:
                self._start_timeline(name, version)

    @property
    def version(self) -> int:
        with self._lock:
            return self._version

    def current(self, name: str) -> Assessment:
        with self._lock:
            return self._current[name]

    def _submit(self, lane: str, fn: Callable[..., Any], *args: Any) -> Future[Any]:
        """Run ``fn`` in the replay process of ``lane`` (``timeline`` or ``as_of``: a long
        timeline never makes an as-of picker wait)."""
        with self._pool_lock:  # not self._lock: _start_timeline submits while holding it
            pool = self._pools.get(lane)
            if pool is None:
                pool = ProcessPoolExecutor(
                    max_workers=1, mp_context=multiprocessing.get_context("spawn")
                )
                self._pools[lane] = pool
        return pool.submit(fn, *args)

    def _start_timeline(self, name: str, version: int) -> None:
        with self._lock:
            pending = self._pending.get(name)
            if pending is not None and not pending.done():
                return  # the watcher catches up once this one is done
            self._pending[name] = future = self._submit(
                "timeline", _replay_timeline, self.config.db, self._paths[name]
            )

        def finished(done: Future[list[PhaseChange]]) -> None:
            try:
                changes = done.result()
            except Exception as exc:
                log.warning("timeline of %s: %s", name, exc)
                with self._lock:
                    self._failed[name] = version  # not tried again until the ledger changes
                return
            with self._lock:
                self._timelines[name] = (version, changes)

        future.add_done_callback(finished)

    def _catch_up_timelines(self) -> None:
        """Start again every timeline computed for an older ledger, once none is running."""
        version = self.version
        for name in self.playbooks:
            with self._lock:
                kept = self._timelines.get(name)
                pending = self._pending.get(name)
                failed = self._failed.get(name) == version
            stale = kept is None or kept[0] != version
            if stale and not failed and (pending is None or pending.done()):
                self._start_timeline(name, version)

    def timeline(self, name: str) -> tuple[list[PhaseChange] | None, bool]:
        """The last timeline computed for ``name`` (``None`` before the first), and whether it
        is for the ledger as it is now."""
        with self._lock:
            kept = self._timelines.get(name)
            if kept is None:
                return None, False
            return kept[1], kept[0] == self._version

    def assess_as_of(self, name: str, as_of: dt.datetime, *, timeout: float = 600) -> Assessment:
        """The replayed assessment at ``as_of`` (in the replay process; a few are kept)."""
        key = (name, self.version, as_of.isoformat())
        with self._lock:
            if key in self._as_of:
                self._as_of.move_to_end(key)
                return self._as_of[key]
        result: Assessment = self._submit(
            "as_of", _replay_as_of, self.config.db, self._paths[name], as_of
        ).result(timeout=timeout)
        with self._lock:
            self._as_of[key] = result
            while len(self._as_of) > 32:
                self._as_of.popitem(last=False)
        return result

    # -- overflights --------------------------------------------------------------------------

    def upcoming_overflights(self, *, hours: float = OVERFLIGHT_HOURS) -> Any | None:
        """The passes over the configured sites in the next ``hours`` (a ``PassReport``: usable
        passes, and the problems met, such as stale elements), or ``None`` when no catalogue
        and sites were given; recomputed at most every ten minutes."""
        if self.config.elements is None or self.config.sites is None:
            return None
        now = dt.datetime.now(dt.UTC)
        with self._lock:
            kept = self._passes.get(hours)
        if kept is not None and now - kept[0] < dt.timedelta(minutes=10):
            return kept[1]
        from watchfloor.overflight.compute import upcoming_passes

        report = upcoming_passes(
            self.config.elements,
            self.config.sites,
            satellites=self.config.satellites,
            start=now,
            days=hours / 24,
        )
        with self._lock:
            self._passes[hours] = (now, report)
        return report

    # -- ingest jobs --------------------------------------------------------------------------

    def start_job(self, what: str, work: Callable[[Job], None]) -> Job:
        """Run ``work`` (an ingest) in a thread, one writer at a time; its progress is kept."""
        job = Job(id=f"job-{next(self._job_ids)}", what=what)
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > 100:
                self._jobs.popitem(last=False)

        def run() -> None:
            with self.write_lock:
                job.state = "running"
                self.feed.publish("job", job.record())
                try:
                    work(job)
                    job.state = "done"
                except WatchfloorError as exc:
                    job.errors.append(str(exc))
                    job.state = "failed"
                except Exception as exc:
                    log.exception("ingest job %s", job.id)
                    job.errors.append(f"internal error: {type(exc).__name__}")
                    job.state = "failed"
                job.finished = dt.datetime.now(dt.UTC)
            self.feed.publish("job", job.record())
            try:
                self.refresh()
                self._catch_up_timelines()
            except WatchfloorError as exc:
                log.warning("refresh after %s: %s", job.id, exc)

        threading.Thread(target=run, name=job.id, daemon=True).start()
        return job

    def job(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)


def event_text(event: Event) -> str:
    """One server-sent event."""
    return f"id: {event.seq}\nevent: {event.kind}\ndata: {json.dumps(event.data)}\n\n"
