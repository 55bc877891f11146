"""quantities: the main number of a content span, its unit and its bound."""

from __future__ import annotations

from typing import Any

import pytest

from watchfloor.extraction.quantities import (
    find_quantities,
    find_quantity_mentions,
    parse_quantity,
    unit_class,
)
from watchfloor.records import Quantity

Q = Quantity


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the founding example's numbers
        (
            "Pyongyang sent 1,500 special operation forces to Russia.",
            Q(value=1500, unit="special operation forces"),
        ),
        (
            "Some 10,000 North Korean soldiers are training in the east.",
            Q(value=10000, unit="soldiers"),
        ),
        # bounds
        ("Up to 12,000 troops could cross the border.", Q(max=12000, unit="troops")),
        ("As many as 400 drones were launched overnight.", Q(max=400, unit="drones")),
        ("At least 3,000 were wounded in the fighting.", Q(value=3000)),
        ("More than 200 civilians fled the town.", Q(value=200, unit="civilians")),
        (
            "Between 8,000 and 10,000 troops massed near the river.",
            Q(value=8000, max=10000, unit="troops"),
        ),
        ("A force of 8,000-10,000 marines landed.", Q(value=8000, max=10000, unit="marines")),
        (
            "Between 8 and 10 thousand soldiers are stationed there.",
            Q(value=8000, max=10000, unit="soldiers"),
        ),
        # vague counts keep the unit only
        ("Several thousand soldiers crossed into the region.", Q(unit="soldiers")),
        ("Hundreds of tanks were seen moving north.", Q(unit="tanks")),
        ("Dozens of drones hit the port.", Q(unit="drones")),
        ("Tens of thousands of troops took part.", Q(unit="troops")),
        # spelled-out and abbreviated numbers
        ("Ten thousand reservists were called up.", Q(value=10000, unit="reservists")),
        ("Three battalions moved to the front.", Q(value=3, unit="battalions")),
        ("A dozen fighter jets took off.", Q(value=12, unit="fighter jets")),
        (
            "The army has 1.5 million artillery shells in stock.",
            Q(value=1.5e6, unit="artillery shells"),
        ),
        ("Officials counted 12k volunteers.", Q(value=12000, unit="volunteers")),
        ("Twenty-five sailors were rescued.", Q(value=25, unit="sailors")),
        ("One hundred and fifty prisoners were exchanged.", Q(value=150, unit="prisoners")),
        # money from a currency symbol
        ("The package is worth $5 billion.", Q(value=5e9, unit="dollars")),
        # demonyms and quantity adjectives are not part of the unit
        (
            "They deployed 2,000 additional Russian paratroopers.",
            Q(value=2000, unit="paratroopers"),
        ),
        # a percentage only when nothing else is counted
        ("About 30% of the budget goes to defence.", Q(value=30, unit="percent")),
        ("Some 40 percent of the 5,000 troops are conscripts.", Q(value=5000, unit="troops")),
    ],
)
def test_parse_quantity(nlp: Any, text: str, expected: Quantity) -> None:
    assert parse_quantity(nlp(text)[:]) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The talks ended without agreement.",
        "The war began in 2022 and flared again on 21 October.",
        "It was the second such launch this year.",
        "Each one of them is more absurd than the one before.",
        "The summit took place two weeks ago.",
        "Several officials said so.",
    ],
)
def test_no_quantity(nlp: Any, text: str) -> None:
    assert parse_quantity(nlp(text)[:]) is None


@pytest.mark.parametrize(
    ("text", "bound"),
    [
        ("Up to 12,000 troops", "at_most"),
        ("at least 3,000 troops", "at_least"),
        ("about 1,500 troops", "approx"),
        ("between 8,000 and 10,000 troops", "range"),
        ("several thousand troops", "vague"),
        ("1,500 troops", "exact"),
    ],
)
def test_bound_is_kept_on_the_mention(nlp: Any, text: str, bound: str) -> None:
    (mention,) = find_quantity_mentions(nlp(text)[:])
    assert mention.bound == bound
    assert mention.unit_class == "troops"


def test_mention_offsets_cover_bound_number_and_unit(nlp: Any) -> None:
    doc = nlp("Officials said up to 12,000 North Korean troops were sent.")
    (mention,) = find_quantity_mentions(doc[:])
    assert doc[mention.start : mention.end].text == "up to 12,000 North Korean troops"


def test_find_quantities_in_text_order(nlp: Any) -> None:
    doc = nlp("Russia fired 20 missiles and 3 million artillery shells at 40 towns.")
    assert find_quantities(doc[:]) == [
        Q(value=20, unit="missiles"),
        Q(value=3e6, unit="artillery shells"),
        Q(value=40, unit="towns"),
    ]


def test_main_number_prefers_a_known_unit(nlp: Any) -> None:
    doc = nlp("In 40 towns, 1,200 soldiers were stationed.")
    assert parse_quantity(doc[:]) == Q(value=1200, unit="soldiers")


def test_only_the_span_is_read(nlp: Any) -> None:
    doc = nlp("Officials said 5,000 troops left, but 300 tanks stayed.")
    but = next(t.i for t in doc if t.text == "but")
    assert parse_quantity(doc[but:]) == Q(value=300, unit="tanks")
    assert parse_quantity(doc[:but]) == Q(value=5000, unit="troops")


@pytest.mark.parametrize(
    ("unit", "cls"),
    [
        ("special operation forces", "troops"),
        ("soldiers", "troops"),
        ("North Korean troops", "troops"),
        ("personnel", "troops"),
        ("battalions", "units"),
        ("artillery shells", "munitions"),
        ("fighter jets", "aircraft"),
        ("casualties", "casualties"),
        ("dollars", "money"),
        ("percent", "percent"),
        ("bananas", None),
        (None, None),
    ],
)
def test_unit_class(unit: str | None, cls: str | None) -> None:
    assert unit_class(unit) == cls
