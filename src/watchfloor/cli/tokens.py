"""``watchfloor token create|list|revoke``: the API tokens that writes through the web app need.

A token is printed once, on stdout, when it is created (a note goes to stderr); the ledger keeps
only its hash, so it can never be shown again: revoke it and create another if it is lost.
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import TYPE_CHECKING

import typer

from watchfloor.cli.ledger_options import DB_OPTION, existing_ledger

if TYPE_CHECKING:
    pass

__all__ = ["token_app"]

token_app = typer.Typer(
    name="token",
    help="API tokens: writes through the web app (ingest, grade edits) need one.",
    no_args_is_help=True,
    add_completion=False,
)

NAME_ARGUMENT = typer.Argument(
    ..., help="The token's name: who or what uses it, e.g. web-desk (letters, digits, . _ @ -)."
)


def _when(value: dt.datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "-"


@token_app.command("create")
def create(name: str = NAME_ARGUMENT, db: str = DB_OPTION) -> None:
    """Create a token and print it once; only its hash is kept."""
    with existing_ledger(db) as ledger:
        token = ledger.create_token(name)
    print(token)
    print(
        f"watchfloor: token {name!r} created. It is shown this once and cannot be recovered "
        "(only its hash is kept): store it now.",
        file=sys.stderr,
    )


@token_app.command("list")
def list_tokens(db: str = DB_OPTION) -> None:
    """Every token's name, when it was created and last used, and whether it is revoked."""
    with existing_ledger(db) as ledger:
        found = ledger.tokens()
    if not found:
        print("watchfloor: no tokens: `watchfloor token create NAME` makes one", file=sys.stderr)
        return
    width = max(len(t.name) for t in found)
    print(f"{'name':<{width}}  {'created':<20}  {'last used':<20}  state")
    for t in found:
        state = "active" if t.revoked is None else f"revoked {_when(t.revoked)}"
        print(f"{t.name:<{width}}  {_when(t.created):<20}  {_when(t.last_used):<20}  {state}")


@token_app.command("revoke")
def revoke(name: str = NAME_ARGUMENT, db: str = DB_OPTION) -> None:
    """Revoke a token: it stops working at once; its name stays in the list."""
    with existing_ledger(db) as ledger:
        info = ledger.revoke_token(name)
    print(f"watchfloor: token {info.name!r} revoked ({_when(info.revoked)})", file=sys.stderr)
