"""``watchfloor grade SOURCE LETTER --reason ...``: an analyst's reliability grade of a source.

The grade is kept in the ledger with its reason and author, overrides the source registry, and
is applied at once: stories and grades are rebuilt before the command returns.
"""

from __future__ import annotations

import getpass
import sys

import typer

from watchfloor.cli.ledger_options import DB_OPTION, existing_ledger

__all__ = ["grade"]


def _default_author() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no user name in a bare container
        return "command line"


def grade(
    source: str = typer.Argument(
        ..., help="The source: its key (`watchfloor sources --format json`) or its name."
    ),
    reliability: str = typer.Argument(..., help="A, B, C, D, E or F."),
    reason: str = typer.Option(..., "--reason", help="Why: kept with the grade (required)."),
    by: str | None = typer.Option(None, "--by", help="Who sets it (default: your user name)."),
    db: str = DB_OPTION,
) -> None:
    """Set a source's reliability (A-F) with a reason; it overrides the registry."""
    from watchfloor.corroborate import rebuild
    from watchfloor.errors import LedgerError

    with existing_ledger(db) as ledger:
        claimants = [c for c, _ in ledger.claimants()]
        keys = {c.key for c in claimants}
        key = source
        if source not in keys:
            named = sorted(c.key for c in claimants if c.name.casefold() == source.casefold())
            if len(named) > 1:
                raise LedgerError(
                    f"source {source!r} names {len(named)} claimants: give one key of "
                    + ", ".join(repr(k) for k in named)
                )
            key = named[0] if named else source
        edit = ledger.set_source_reliability(
            key, reliability, reason=reason, by=by or _default_author()
        )
        rebuild(ledger)
        graded = next(g for g in ledger.sources() if g.claimant.key == key)
    print(f"{key}\t{graded.reliability.value}\t{graded.reliability.reasons[0]}")
    print(
        f"watchfloor: {graded.claimant.name} graded {edit.reliability} by {edit.by}; "
        "stories and grades rebuilt",
        file=sys.stderr,
    )
