"""``watchfloor assess``: the phase of a playbook the ledger's evidence supports, and why."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path

import typer

from watchfloor.cli.ledger_options import DB_OPTION, fresh_ledger
from watchfloor.config import parse_duration, parse_published

__all__ = ["assess", "timeline", "watch"]


class AssessFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


class KnownBy(StrEnum):
    published = "published"
    ingested = "ingested"


KNOWN_BY_OPTION = typer.Option(
    KnownBy.published,
    "--known-by",
    help="Replay claims from their publication (the world's reporting), or only once also "
    "ingested (what the ledger held then).",
)


def assess(
    playbook: Path = typer.Option(..., "--playbook", "-p", help="The playbook (YAML)."),
    as_of: str | None = typer.Option(
        None, "--as-of", help="Replay the ledger as known then (ISO date or time)."
    ),
    fmt: AssessFormat = typer.Option(
        AssessFormat.table, "--format", "-f", help="table, json or markdown."
    ),
    known_by: KnownBy = KNOWN_BY_OPTION,
    db: str = DB_OPTION,
) -> None:
    """Which phase of the playbook the evidence supports, the indicators met and not met, the
    likelihood and confidence, and the claims behind it."""
    import json

    from watchfloor.assess import load_playbook
    from watchfloor.assess.replay import assess_ledger
    from watchfloor.export.assessment import assessment_markdown, assessment_record

    book = load_playbook(playbook)
    moment = parse_published(as_of, what="--as-of")
    with fresh_ledger(db) as ledger:
        result = assess_ledger(ledger, book, as_of=moment, known_by=known_by.value)
    if fmt is AssessFormat.json:
        sys.stdout.write(json.dumps(assessment_record(result), ensure_ascii=False, indent=2) + "\n")
    elif fmt is AssessFormat.markdown:
        sys.stdout.write(assessment_markdown(result))
    else:
        _print_table(result)


def _print_table(a: object) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from watchfloor.records import Assessment

    assert isinstance(a, Assessment)
    console = Console() if sys.stdout.isatty() else Console(width=140)
    head = Text()
    head.append(f"{a.playbook}: phase {a.phase}, {a.phase_name}\n", style="bold")
    head.append(f"as of {a.as_of.date().isoformat()}: {a.likelihood}, {a.confidence} confidence\n")
    head.append(f"response: {a.response}\n")
    for reason in a.reasons:
        head.append(f"  · {reason}\n")
    console.print(head)
    indicators = Table(title="Indicators", title_justify="left")
    indicators.add_column("indicator")
    indicators.add_column("met", justify="center")
    indicators.add_column("why", ratio=2)
    for r in a.indicators:
        indicators.add_row(
            f"{r.name}\n{r.description}",
            Text("yes", style="green") if r.met else Text("no", style="dim"),
            "\n".join(r.reasons),
        )
    console.print(indicators)
    if a.evidence:
        evidence = Table(title="Evidence: the claims behind the phase", title_justify="left")
        for name in ("date", "claimant", "stance", "sentence", "outlet"):
            evidence.add_column(name, ratio=3 if name == "sentence" else None)
        for m in a.evidence:
            evidence.add_row(
                m.reported.date().isoformat(),
                m.claimant.name if m.claimant else "(unattributed)",
                m.claim.stance,
                m.claim.sentence.text,
                m.outlet or m.document_id,
            )
        console.print(evidence)


def timeline(
    playbook: Path = typer.Option(..., "--playbook", "-p", help="The playbook (YAML)."),
    until: str | None = typer.Option(
        None, "--until", help="Replay up to this date (ISO; default: the last evidence)."
    ),
    step: str = typer.Option(
        "1d", "--step", help="How often to look (e.g. 1d, 12h): changes undone sooner go unseen."
    ),
    fmt: AssessFormat = typer.Option(
        AssessFormat.table, "--format", "-f", help="table, json (one line per change) or markdown."
    ),
    known_by: KnownBy = KNOWN_BY_OPTION,
    db: str = DB_OPTION,
) -> None:
    """Every change of phase (and of the indicators met), replaying the ledger every --step and,
    where something changed, at each arrival of evidence, with the claims that caused it."""
    import json

    from watchfloor.assess import load_playbook
    from watchfloor.assess.replay import timeline as replay_timeline
    from watchfloor.export.assessment import change_record, timeline_markdown

    book = load_playbook(playbook)
    stop = parse_published(until, what="--until")
    every = parse_duration(step, what="--step")
    with fresh_ledger(db) as ledger:
        changes = list(
            replay_timeline(ledger, book, until=stop, known_by=known_by.value, step=every)
        )
    if fmt is AssessFormat.json:
        for change in changes:
            sys.stdout.write(json.dumps(change_record(change), ensure_ascii=False) + "\n")
        return
    if fmt is AssessFormat.markdown:
        sys.stdout.write(timeline_markdown(book.name, changes))
        return
    from rich.console import Console
    from rich.table import Table

    console = Console() if sys.stdout.isatty() else Console(width=140)
    table = Table(title=f"{book.name}: {len(changes)} change(s)", title_justify="left")
    for name in ("date", "phase", "indicators", "likelihood", "the claims that moved it"):
        table.add_column(name, ratio=3 if name.startswith("the claims") else None)
    for c in changes:
        a = c.assessment
        was = "start" if c.previous is None else str(c.previous)
        moved = "\n".join(
            f"{m.claimant.name if m.claimant else '(unattributed)'} ({m.claim.stance}): "
            f"{m.claim.content.text}"
            for m in c.trigger
        )
        indicators = [f"+ {n}" for n in c.newly_met] + [f"- {n}" for n in c.no_longer_met]
        table.add_row(
            c.at.date().isoformat(),
            f"{was} → {a.phase} {a.phase_name}",
            "\n".join(indicators),
            f"{a.likelihood}, {a.confidence}",
            moved,
        )
    console.print(table)


def watch(
    inputs: list[str] = typer.Argument(
        ..., metavar="INPUT...", help="What to ingest each cycle: files, folders, URLs, feeds."
    ),
    playbook: Path = typer.Option(..., "--playbook", "-p", help="The playbook (YAML)."),
    every: float = typer.Option(900.0, "--every", min=1.0, help="Seconds between cycles."),
    cycles: int = typer.Option(0, "--cycles", min=0, help="Stop after N cycles (0: never)."),
    webhook: str | None = typer.Option(
        None, "--webhook", help="POST every alert as JSON to this URL (in the background)."
    ),
    db: str = DB_OPTION,
    allow_network: list[str] = typer.Option(
        [], "--allow-network", metavar="CIDR", help="Fetch from this private network anyway."
    ),
) -> None:
    """Ingest INPUTs every cycle, assess the playbook, and alert on a change of phase or of the
    indicators met: one JSON line per alert on stdout, and to --webhook if given. The last state
    is kept in the ledger, so a restarted watch alerts only on what changed since."""
    import json
    import time

    from watchfloor.assess import load_playbook
    from watchfloor.assess.alerts import (
        WebhookSender,
        alert_record,
        alerts_between,
        saved_state,
        state_key,
        state_of,
    )
    from watchfloor.assess.replay import assess_ledger
    from watchfloor.ledger import open_ledger
    from watchfloor.run import ingest_inputs

    book = load_playbook(playbook)
    key = state_key(book.name)
    sender = WebhookSender(webhook) if webhook else None
    try:
        with open_ledger(db) as ledger:
            cycle = 0
            while True:
                cycle += 1
                report = ingest_inputs(ledger, inputs, allowed_networks=allow_network)
                for problem in report.errors:
                    print(f"watchfloor: error: {' '.join(problem.split())}", file=sys.stderr)
                state = saved_state(ledger, book.name)
                current = assess_ledger(ledger, book)  # holds the phase the state recorded
                for alert in alerts_between(state, current):
                    sys.stdout.write(json.dumps(alert_record(alert), ensure_ascii=False) + "\n")
                    sys.stdout.flush()
                    if sender is not None:
                        sender.send(alert)
                ledger.set_text(key, json.dumps(state_of(current, state)))
                print(
                    f"watchfloor: cycle {cycle}: {report.new} new document(s), "
                    f"{report.failed} failed; {book.name} phase {current.phase}",
                    file=sys.stderr,
                )
                if cycles and cycle >= cycles:
                    break
                time.sleep(every)
    finally:
        if sender is not None:
            sender.close()
