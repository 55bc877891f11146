"""The ``watchfloor`` command: a thin shell over the library, one module per command group.

Only this package prints. Data goes to stdout; errors, progress and logs go to stderr. Expected
errors are one line on stderr and exit 1; usage errors exit 2; ``--debug`` shows tracebacks.
"""

from __future__ import annotations

import logging
import sys

import typer

from watchfloor.cli import assess as _assess
from watchfloor.cli import export as _export
from watchfloor.cli import extract as _extract
from watchfloor.cli import grade as _grade
from watchfloor.cli import ingest as _ingest
from watchfloor.cli import overflight as _overflight
from watchfloor.cli import serve as _serve
from watchfloor.cli import stories as _stories
from watchfloor.cli import tokens as _tokens
from watchfloor.cli.common import ReportedError, state
from watchfloor.errors import WatchfloorError

__all__ = ["app", "main"]

app = typer.Typer(
    name="watchfloor",
    help="A watch floor for contested geopolitical reporting: who claims what, and how.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root(
    debug: bool = typer.Option(False, "--debug", help="Log everything and show tracebacks."),
) -> None:
    state.debug = debug
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


app.command("extract")(_extract.extract)
app.command("ingest")(_ingest.ingest)
app.command("stories")(_stories.stories)
app.command("story")(_stories.story)
app.command("sources")(_stories.sources)
app.command("export")(_export.export)
app.command("assess")(_assess.assess)
app.command("timeline")(_assess.timeline)
app.command("watch")(_assess.watch)
app.command("grade")(_grade.grade)
app.add_typer(_tokens.token_app, name="token")
app.command("serve")(_serve.serve)
app.command("passes")(_overflight.passes)
app.command("revisit")(_overflight.revisit)


def main() -> None:
    """Console entry point: run the app, turning expected errors into one line on stderr.

    typer's standalone mode handles usage errors itself (a message and exit code 2).
    """
    try:
        app()
    except ReportedError as exc:
        raise SystemExit(exc.code) from None
    except WatchfloorError as exc:
        if state.debug:
            raise
        print(f"watchfloor: error: {exc}", file=sys.stderr)
        raise SystemExit(1) from None
    except KeyboardInterrupt:
        print("watchfloor: interrupted", file=sys.stderr)
        raise SystemExit(130) from None
    except Exception as exc:
        if state.debug:
            raise
        print(
            f"watchfloor: internal error: {type(exc).__name__}: {exc} "
            "(run with --debug for the traceback, and please report it)",
            file=sys.stderr,
        )
        raise SystemExit(1) from None
