"""dates: date expressions, the date of a content, the date of a statement."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from watchfloor.extraction.dates import (
    FORWARD_DAYS,
    parse_date_expression,
    resolve_when,
    statement_date,
)
from watchfloor.records import When

TUESDAY = dt.date(2024, 10, 22)  # the founding example's publication date, a Tuesday
D = dt.date


def day(y: int, m: int, d: int) -> When:
    return When(date=D(y, m, d), precision="day")


def month(y: int, m: int) -> When:
    return When(date=D(y, m, 1), precision="month")


def year(y: int) -> When:
    return When(date=D(y, 1, 1), precision="year")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # explicit dates; the explicit one wins over a weekday next to it
        ("on Monday (Oct 21)", day(2024, 10, 21)),
        ("Oct. 21", day(2024, 10, 21)),
        ("October 21st", day(2024, 10, 21)),
        ("21 October 2024", day(2024, 10, 21)),
        ("the 3rd of March, 2023", day(2023, 3, 3)),
        ("Sept 9, 2023", day(2023, 9, 9)),
        ("2024-10-21", day(2024, 10, 21)),
        ("October 2023", month(2023, 10)),
        ("in 2022", year(2022)),
        # weekdays: the most recent on or before publication
        ("on Monday", day(2024, 10, 21)),
        ("on Tuesday", day(2024, 10, 22)),
        ("on Wednesday", day(2024, 10, 16)),
        ("last Tuesday", day(2024, 10, 15)),
        ("next Monday", day(2024, 10, 28)),
        ("Monday night", day(2024, 10, 21)),
        # days
        ("yesterday", day(2024, 10, 21)),
        ("today", day(2024, 10, 22)),
        ("the day before yesterday", day(2024, 10, 20)),
        ("three days ago", day(2024, 10, 19)),
        # weeks resolve to the month holding their middle
        ("last week", month(2024, 10)),
        ("earlier this week", month(2024, 10)),
        ("two weeks ago", month(2024, 10)),
        ("the past three days", month(2024, 10)),
        # months and years
        ("this month", month(2024, 10)),
        ("earlier this month", month(2024, 10)),
        ("last month", month(2024, 9)),
        ("next month", month(2024, 11)),
        ("two months ago", month(2024, 8)),
        ("in August", month(2024, 8)),
        ("mid-October", month(2024, 10)),
        ("in November", month(2024, 11)),  # 10 days ahead: an announced plan
        ("in December", month(2023, 12)),  # more than FORWARD_DAYS ahead: last December
        ("last year", year(2023)),
        ("this year", year(2024)),
        ("next year", year(2025)),
        ("a year ago", year(2023)),
    ],
)
def test_parse_date_expression(text: str, expected: When) -> None:
    assert parse_date_expression(text, TUESDAY) == expected


def test_a_week_straddling_two_months_takes_the_month_of_its_middle() -> None:
    # published Tuesday 2024-10-01: last week is 23-29 September
    assert parse_date_expression("last week", D(2024, 10, 1)) == month(2024, 9)
    # published Wednesday 2024-10-02: earlier this week is 30 Sept - 2 Oct, middle 1 Oct
    assert parse_date_expression("earlier this week", D(2024, 10, 2)) == month(2024, 10)


def test_year_less_date_near_new_year_reads_back() -> None:
    assert parse_date_expression("Dec. 30", D(2025, 1, 3)) == day(2024, 12, 30)
    assert parse_date_expression("Jan. 20", D(2024, 12, 28)) == day(2025, 1, 20)
    assert FORWARD_DAYS == 31


@pytest.mark.parametrize(
    "text",
    ["coming days", "in the coming weeks", "recently", "the 1990s", "for three years", "soon", ""],
)
def test_vague_expressions_give_no_date(text: str) -> None:
    assert parse_date_expression(text, TUESDAY) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("21 October 2024", day(2024, 10, 21)),
        ("2024-10-21", day(2024, 10, 21)),
        ("October 2023", month(2023, 10)),
        ("in 2022", year(2022)),
        ("on Monday", None),
        ("Oct. 21", None),
        ("last week", None),
        ("in August", None),
        ("yesterday", None),
    ],
)
def test_without_publication_only_absolute_dates(text: str, expected: When | None) -> None:
    assert parse_date_expression(text, None) == expected


def test_lower_case_may_is_not_a_month() -> None:
    assert parse_date_expression("may", TUESDAY) is None
    assert parse_date_expression("in May", TUESDAY) == month(2024, 5)


def _token(doc: Any, word: str) -> int:
    return next(t.i for t in doc if t.text == word)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("North Korea sent 1,500 special operation forces to Russia this month.", month(2024, 10)),
        ("The drones struck the port on Monday (Oct 21).", day(2024, 10, 21)),
        ("Belarus moved troops to the border in August.", month(2024, 8)),
        ("The exercise was held in 2022.", year(2022)),
        ("The exercise was held near the border.", None),
    ],
)
def test_resolve_when(nlp: Any, sentence: str, expected: When | None) -> None:
    assert resolve_when(nlp(sentence)[:], TUESDAY) == expected


def test_resolve_when_prefers_the_date_of_the_predicate(nlp: Any) -> None:
    doc = nlp("The troops who arrived in August were sent to the front yesterday.")
    sent = doc[_token(doc, "sent")]
    assert resolve_when(doc[:], TUESDAY, head=sent) == day(2024, 10, 21)


def test_resolve_when_needs_publication_for_relative_dates(nlp: Any) -> None:
    doc = nlp("Pyongyang sent the shells last week.")
    assert resolve_when(doc[:], None) is None


@pytest.mark.parametrize(
    ("sentence", "cue", "expected"),
    [
        (
            "Russia's ambassador Vassily Nebenzia dismissed the claims on Monday (Oct 21).",
            "dismissed",
            day(2024, 10, 21),
        ),
        (
            "Seoul's intelligence agency last week confirmed that Pyongyang sent troops.",
            "confirmed",
            month(2024, 10),
        ),
        (
            "South Korea on Tuesday (Oct 22) threatened to send weapons to Ukraine.",
            "threatened",
            day(2024, 10, 22),
        ),
        (
            "The envoy rejected the report on Monday, accusing the West of lying.",
            "accusing",
            day(2024, 10, 21),
        ),
        # the content's date is not the statement's
        ("Officials said Pyongyang sent troops in August.", "said", None),
        ("The officials earlier condemned the move.", "condemned", None),
    ],
)
def test_statement_date(nlp: Any, sentence: str, cue: str, expected: When | None) -> None:
    doc = nlp(sentence)
    assert statement_date(doc, _token(doc, cue), TUESDAY) == expected
