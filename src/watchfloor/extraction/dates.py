"""Dates in claims: when the event of a content happened, and when a statement was made.

Three functions, from the text of one date expression up to a parsed sentence:

* :func:`parse_date_expression` turns a short date expression ("on Monday (Oct 21)",
  "last week", "in August", "2024-10-21") into a :class:`~watchfloor.records.When`;
* :func:`resolve_when` picks the date of a content span from its DATE entities;
* :func:`statement_date` picks the date attached to the cue verb of a speech act
  ("dismissed the claims on Monday (Oct 21)", "last week confirmed").

All patterns are compiled once at import; each function reads only the few tokens it is given.

Decisions (the record has day, month and year precision only):

* **An explicit calendar date wins** over a weekday or a relative word in the same expression:
  "Monday (Oct 21)" is 2024-10-21 whatever Monday the text might mean.
* **A weekday alone** is the most recent such day on or before publication ("on Tuesday" in a
  Tuesday paper is that day); "last Tuesday" is the most recent one strictly before it;
  "next Tuesday" the first one after it.
* **A year-less date or month** ("Oct. 21", "in August") is the most recent one on or before
  publication, unless it falls at most ``FORWARD_DAYS`` (31) days after publication: reports
  mostly look back, but a date a few weeks ahead is an announced plan ("talks on Nov. 5").
* **A week has no precision of its own.** A range of days ("last week", "earlier this week",
  "two weeks ago", "the past week") resolves to its day when it is one day, else to the month
  that holds the middle of the range, with month precision: coarse but never falsely exact.
  "last week" in a paper of Tuesday 2024-10-22 is 14-20 October: October 2024.
* **No publication date, no relative dates.** Without ``published`` only absolute dates resolve
  (a full date, a month with its year, a year).
* **Vague expressions** ("recently", "in coming days", "the 1990s", "for three years") give no
  date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator

from spacy.tokens import Doc, Span, Token

from watchfloor.records import Precision, When

__all__ = ["FORWARD_DAYS", "parse_date_expression", "resolve_when", "statement_date"]

FORWARD_DAYS = 31
"""How far after publication a year-less date may fall and still be read as this year's."""

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": 0, "few": 0,
}  # fmt: skip

_MON = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>1[89]\d\d|20\d\d)"
_I = re.IGNORECASE

_ISO = re.compile(r"\b(?P<year>\d{4})[-/](?P<month>\d{1,2})[-/](?P<day>\d{1,2})\b")
_DMY = re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MON},?\s+{_YEAR}\b", _I)
_MDY = re.compile(rf"\b{_MON}\s+{_DAY},?\s+{_YEAR}\b", _I)
_MY = re.compile(rf"\b{_MON},?\s+(?:of\s+)?{_YEAR}\b", _I)
_DM = re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MON}(?!\w)", _I)
_MD = re.compile(rf"\b{_MON}\s+{_DAY}\b", _I)
_MON_ONLY = re.compile(rf"\b{_MON}(?!\w)", _I)
_Y = re.compile(rf"(?<![\d-]){_YEAR}(?!s|'s|\d)", _I)

_DAY_WORDS = re.compile(
    r"\b(?P<w>the day before yesterday|yesterday|today|tonight|this (?:morning|afternoon|evening)"
    r"|tomorrow)\b",
    _I,
)
_WEEKDAY = re.compile(
    r"\b(?:(?P<rel>last|this|next|past|previous|coming)\s+)?"
    r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\b",
    _I,
)
_THIS_UNIT = re.compile(
    r"\b(?P<rel>(?:earlier |later )?this|last|next|past|previous|coming)\s+"
    r"(?P<unit>week|weekend|month|year)\b",
    _I,
)
_AGO = re.compile(
    r"\b(?P<n>\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
    r"(?P<unit>day|week|month|year)s?\s+ago\b",
    _I,
)
_PAST_N = re.compile(
    r"\b(?:the\s+)?(?:past|last|previous)\s+(?P<n>\d+|two|three|four|five|six|seven|few|several)"
    r"\s+(?P<unit>day|week)s\b",
    _I,
)
_VAGUE = re.compile(r"\b(?:coming|recent|upcoming|(?:\d\d)?\d0s|decades?|centur)", _I)


def _month_number(text: str) -> int:
    return _MONTHS[text.lower()[:3]]


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _near_year(month: int, day: int, published: dt.date) -> int:
    """The year of a year-less date: the latest one not more than FORWARD_DAYS ahead."""
    for year in (published.year + 1, published.year):
        candidate = _safe_date(year, month, day) or dt.date(year, month, 28)
        if (candidate - published).days <= FORWARD_DAYS:
            return year
    return published.year - 1


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _first_of_previous_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def _first_of_next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def _range_when(start: dt.date, end: dt.date) -> When:
    """A range of days as a When: the day when it is one day, else the month of its middle."""
    if start == end:
        return When(date=start, precision="day")
    middle = start + (end - start) / 2
    return When(date=middle.replace(day=1), precision="month")


def _when(date: dt.date, precision: Precision) -> When:
    if precision == "month":
        date = date.replace(day=1)
    elif precision == "year":
        date = date.replace(month=1, day=1)
    return When(date=date, precision=precision)


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBERS.get(word.lower(), 0)


# ------------------------------------------------------------------------- absolute expressions


def _absolute(text: str, published: dt.date | None) -> When | None:
    """Explicit calendar dates, most specific first; year-less ones need ``published``."""
    if m := _ISO.search(text):
        date = _safe_date(int(m["year"]), int(m["month"]), int(m["day"]))
        if date is not None:
            return When(date=date, precision="day")
    for pattern in (_DMY, _MDY):
        if m := pattern.search(text):
            date = _safe_date(int(m["year"]), _month_number(m["mon"]), int(m["day"]))
            if date is not None:
                return When(date=date, precision="day")
    if m := _MY.search(text):
        return When(date=dt.date(int(m["year"]), _month_number(m["mon"]), 1), precision="month")
    if published is not None:
        for pattern in (_DM, _MD):
            if m := pattern.search(text):
                month, day = _month_number(m["mon"]), int(m["day"])
                date = _safe_date(_near_year(month, day, published), month, day)
                if date is not None:
                    return When(date=date, precision="day")
    year = _Y.search(text)
    if published is not None and (m := _MON_ONLY.search(text)) and not _is_modal_may(text, m):
        month = _month_number(m["mon"])
        y = int(year["year"]) if year else _near_year(month, 1, published)
        return When(date=dt.date(y, month, 1), precision="month")
    if year:
        return When(date=dt.date(int(year["year"]), 1, 1), precision="year")
    return None


def _is_modal_may(text: str, match: re.Match[str]) -> bool:
    """Whether a lower-case "may" is the modal verb rather than the month."""
    return match["mon"].lower() == "may" and not match["mon"][0].isupper()


# ------------------------------------------------------------------------- relative expressions


def _relative(text: str, published: dt.date) -> When | None:
    if m := _DAY_WORDS.search(text):
        word = m["w"].lower()
        offset = {"yesterday": -1, "the day before yesterday": -2, "tomorrow": 1}.get(word, 0)
        return When(date=published + dt.timedelta(days=offset), precision="day")
    if m := _AGO.search(text):
        n, unit = _count(m["n"]), m["unit"].lower()
        if unit == "day":
            return When(date=published - dt.timedelta(days=n), precision="day")
        if unit == "week":
            monday = _monday(published - dt.timedelta(weeks=n))
            return _range_when(monday, monday + dt.timedelta(days=6))
        if unit == "month":
            first = published.replace(day=1)
            for _ in range(n):
                first = _first_of_previous_month(first)
            return When(date=first, precision="month")
        return _when(published.replace(year=published.year - n, day=1), "year")
    if m := _PAST_N.search(text):
        n = _count(m["n"]) or 3  # "the past few days"
        days = n * (7 if m["unit"].lower() == "week" else 1)
        return _range_when(published - dt.timedelta(days=days), published)
    if m := _WEEKDAY.search(text):
        return _weekday(_WEEKDAYS[m["wd"].lower()], (m["rel"] or "").lower(), published)
    if m := _THIS_UNIT.search(text):
        return _this_unit(m["rel"].lower(), m["unit"].lower(), published)
    return None


def _weekday(weekday: int, rel: str, published: dt.date) -> When:
    back = (published.weekday() - weekday) % 7
    if rel in {"last", "past", "previous"} and back == 0:
        back = 7
    if rel in {"next", "coming"}:
        ahead = (weekday - published.weekday()) % 7 or 7
        return When(date=published + dt.timedelta(days=ahead), precision="day")
    return When(date=published - dt.timedelta(days=back), precision="day")


def _this_unit(rel: str, unit: str, published: dt.date) -> When | None:
    step = -1 if rel in {"last", "past", "previous"} else 1 if rel in {"next", "coming"} else 0
    if unit in {"week", "weekend"}:
        monday = _monday(published) + dt.timedelta(weeks=step)
        if unit == "weekend":
            saturday = monday + dt.timedelta(days=5)
            return _range_when(saturday, saturday + dt.timedelta(days=1))
        if rel == "earlier this":
            return _range_when(monday, published)
        if rel == "later this":
            return _range_when(published, monday + dt.timedelta(days=6))
        return _range_when(monday, monday + dt.timedelta(days=6))
    if unit == "month":
        first = published.replace(day=1)
        if step < 0:
            first = _first_of_previous_month(first)
        elif step > 0:
            first = _first_of_next_month(first)
        return When(date=first, precision="month")
    return When(date=dt.date(published.year + step, 1, 1), precision="year")


def _parse(text: str, published: dt.date | None) -> tuple[When, bool] | None:
    """The When of ``text`` and whether it came from an explicit calendar date."""
    found = _absolute(text, published)
    if found is not None:
        return found, True
    if published is None or _VAGUE.search(text):
        return None
    found = _relative(text, published)
    return (found, False) if found is not None else None


def parse_date_expression(text: str, published: dt.date | None) -> When | None:
    """The date a short expression names, relative to the publication date.

    ``text`` is a date expression (a DATE entity, or a few words around one), not a document:
    the first pattern that matches wins, explicit calendar dates before weekdays and relative
    words. Returns ``None`` when the expression names no date or needs a publication date that
    is missing. See the module docstring for the rules.
    """
    found = _parse(text, published)
    return found[0] if found is not None else None


# -------------------------------------------------------------------------------- over a Doc

_DAY_TOKENS = frozenset({*_WEEKDAYS, "yesterday", "today", "tonight", "tomorrow"})
_PRECISION_RANK = {"day": 0, "month": 1, "year": 2}


def _entity_at(doc: Doc, i: int) -> Span:
    """The entity that token ``i`` belongs to (or the token alone)."""
    start = i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]


def _date_expressions(span: Span) -> Iterator[Span]:
    """The DATE entities of ``span``, and day words the entity recogniser missed."""
    seen_end = span.start
    for token in span:
        if token.i < seen_end:
            continue
        if token.ent_type_ == "DATE":
            entity = _entity_at(token.doc, token.i)
            seen_end = entity.end
            yield entity
        elif token.lower_ in _DAY_TOKENS:
            yield token.doc[token.i : token.i + 1]


def _governing_predicate(token: Token) -> Token:
    """The nearest verb above ``token`` (or the root)."""
    head = token.head
    while head.i != head.head.i and head.pos_ not in {"VERB", "AUX"}:
        head = head.head
    return head


def _best(
    expressions: Iterator[Span],
    published: dt.date | None,
    attached: Callable[[Span], bool],
) -> When | None:
    best: tuple[tuple[int, int, int, int], When] | None = None
    for expression in expressions:
        found = _parse(expression.text, published)
        if found is None:
            continue
        when, explicit = found
        key = (
            0 if attached(expression) else 1,
            0 if explicit else 1,
            _PRECISION_RANK[when.precision],
            expression.start,
        )
        if best is None or key < best[0]:
            best = (key, when)
    return best[1] if best is not None else None


def resolve_when(
    span: Span, published: dt.date | None, *, head: Token | None = None
) -> When | None:
    """The date of the event a content span speaks of, or ``None``.

    Reads the DATE entities of ``span`` (and weekday/"yesterday" tokens the recogniser missed).
    When ``head`` (the event's predicate) is given, dates attached to it come first; then
    explicit calendar dates before relative ones, finer precision before coarser, earlier before
    later. "sent 1,500 troops to Russia this month" (published 2024-10-22) -> When(2024-10).
    """
    predicate = head

    def attached(expression: Span) -> bool:
        return predicate is not None and _governing_predicate(expression.root) == predicate

    return _best(_date_expressions(span), published, attached)


# Dependencies followed from the cue to reach its own modifiers; clausal complements (the
# content) and relative clauses are not entered.
_STATEMENT_DEPS = frozenset(
    {"npadvmod", "prep", "pobj", "appos", "nsubj", "nsubjpass", "tmod", "advmod", "agent",
     "nummod", "compound", "amod", "punct"}
)  # fmt: skip
_STATEMENT_DEPTH = 5


def statement_date(doc: Doc, cue_token_index: int, published: dt.date | None) -> When | None:
    """The date of the speech act itself: the DATE attached to the cue verb, or ``None``.

    "Nebenzia dismissed the claims on Monday (Oct 21)" -> 2024-10-21 (the explicit date wins
    over the weekday); "Seoul's intelligence agency last week confirmed ..." -> October 2024.
    Looks at the cue's adverbial and prepositional modifiers and at those of its subject
    ("South Korea on Tuesday (Oct 22) threatened", where the parser hangs "on Tuesday" on the
    subject), never inside the content clause. A date the parser hangs on the cue's direct
    object ("rejected the reports on Monday") counts, after any date on the cue itself.
    """
    cue = doc[cue_token_index]
    verbs = {cue.i}
    # "..., accusing the West of ...": a participle cue shares the date of the verb it hangs on
    if cue.tag_ == "VBG" and cue.dep_ in {"advcl", "pcomp", "conj"}:
        verbs.add(cue.head.i)
    frontier = [(doc[i], 0, False) for i in verbs]
    seen = set(verbs)
    found: dict[int, tuple[Span, bool]] = {}
    while frontier:
        token, depth, via_object = frontier.pop()
        if token.ent_type_ == "DATE" or token.lower_ in _DAY_TOKENS:
            entity = (
                _entity_at(doc, token.i)
                if token.ent_type_ == "DATE"
                else doc[token.i : token.i + 1]
            )
            found.setdefault(entity.start, (entity, via_object))
        if depth >= _STATEMENT_DEPTH:
            continue
        for child in token.children:
            direct_object = child.dep_ == "dobj" and token.i in verbs
            if child.i not in seen and (child.dep_ in _STATEMENT_DEPS or direct_object):
                seen.add(child.i)
                frontier.append((child, depth + 1, via_object or direct_object))
    spans = [entity for entity, _ in found.values()]
    return _best(iter(spans), published, lambda e: not found[e.start][1])
