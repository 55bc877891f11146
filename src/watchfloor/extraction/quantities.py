"""Numbers in a claim's content: the main count and the noun it counts.

``parse_quantity(span)`` returns the main number of a content span as a
:class:`~watchfloor.records.Quantity`; ``find_quantity_mentions(span)`` returns every number with
where it sits and how it is bounded. Both read the tokens of the span only (no re-parsing, no
regular expression over the document), so they cost a few microseconds per claim.

Decisions, each one a choice between readings that the record cannot hold side by side:

* **Unit.** The unit is the counted noun with the compound nouns and adjectives between the
  number and the noun, as the text spells them: "1,500 special operation forces" has the unit
  "special operation forces". Demonyms and place names are *not* part of the unit ("10,000 North
  Korean soldiers" has the unit "soldiers"): the state belongs to the event's actor, and keeping
  it out lets two claimants' counts of "soldiers" line up. Determiners, possessives and the
  quantity adjectives of ``_QUANTITY_ADJECTIVES`` ("additional", "more", "new") are dropped too.
  :func:`unit_class` groups units into classes ("troops", "weapons", "money" ...) from
  ``data/units.yaml``.
* **Bounds.** ``Quantity`` has a value and an upper bound only. An upper bound ("up to 12,000",
  "as many as") fills ``max`` and leaves ``value`` empty; a range ("between 8,000 and 10,000",
  "8,000-10,000") fills both. A lower bound ("at least 3,000", "more than", "over") and an
  approximation ("about", "some", "nearly") keep the number as ``value``: a floor is the figure
  the claimant commits to. The bound itself is kept on :class:`QuantityMention` (``bound``), for
  the claim's reasons.
* **Vague counts** ("several thousand soldiers", "hundreds of troops", "dozens of drones") keep
  the unit with neither value nor max; a vague count without a unit is dropped.
* **Not counts.** Numbers inside DATE, TIME and ORDINAL entities and bare four-digit years are
  skipped. Percentages are quantities of the unit "percent" and rank below every count, so they
  never stand in for a troop number. A spelled-out number needs a counted noun ("three
  battalions"); a number in digits may stand alone ("at least 3,000").
* **Main number.** Counts of a known unit class first, then counts of any noun, then bare
  numbers, then percentages; exact figures before vague ones; earlier before later.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from spacy.tokens import Doc, Span, Token

from watchfloor.errors import GazetteerError
from watchfloor.extraction.datafiles import read_yaml_mapping
from watchfloor.records import Quantity

__all__ = [
    "Bound",
    "QuantityMention",
    "find_quantities",
    "find_quantity_mentions",
    "load_unit_classes",
    "parse_quantity",
    "unit_class",
]

Bound = Literal["exact", "approx", "at_least", "at_most", "range", "vague"]

_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_HUNDRED = {"hundred": 100.0, "dozen": 12.0}
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_SUFFIXES = {"k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "b": 1e9, "bn": 1e9, "tn": 1e12}
# Plural scale words and indefinite counters make a count vague: "hundreds of", "several".
_VAGUE = frozenset(
    {"several", "few", "dozens", "hundreds", "thousands", "millions", "billions", "tens", "scores"}
)
_NUMBER_WORDS = frozenset({*_SMALL, *_HUNDRED, *_SCALES, *_VAGUE})
# "several officials" is no count; "several thousand soldiers" is a vague one
_INDEFINITE = frozenset({"several", "few"})

_DIGITS = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_DIGITS_SUFFIX = re.compile(r"^((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(k|m|mn|mln|b|bn|tn)$", re.I)
_DIGIT_RANGE = re.compile(r"^(\d[\d,]*(?:\.\d+)?)[-–—](\d[\d,]*(?:\.\d+)?)$")
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")

_NOT_COUNTS = frozenset({"DATE", "TIME", "ORDINAL"})
_NOT_UNIT_ENTS = frozenset({"NORP", "GPE"})
_QUANTITY_ADJECTIVES = frozenset(
    {"additional", "more", "other", "new", "extra", "further", "fresh", "estimated", "total",
     "some", "roughly", "about", "approximately", "nearly", "almost", "around"}
)  # fmt: skip
_SKIP_BEFORE_UNIT = frozenset({"the", "its", "their", "his", "her", "our", "these", "those"})
_CURRENCY_SYMBOLS = {"$": "dollars", "us$": "dollars", "€": "euros", "£": "pounds", "₩": "won"}
_PERCENT = frozenset({"%", "percent", "pct"})

# Words before a number that bound it, longest first.
_BOUND_CUES: tuple[tuple[tuple[str, ...], Bound], ...] = (
    (("no", "more", "than"), "at_most"),
    (("not", "more", "than"), "at_most"),
    (("as", "many", "as"), "at_most"),
    (("as", "much", "as"), "at_most"),
    (("a", "maximum", "of"), "at_most"),
    (("no", "fewer", "than"), "at_least"),
    (("no", "less", "than"), "at_least"),
    (("in", "excess", "of"), "at_least"),
    (("a", "minimum", "of"), "at_least"),
    (("up", "to"), "at_most"),
    (("at", "most"), "at_most"),
    (("fewer", "than"), "at_most"),
    (("less", "than"), "at_most"),
    (("at", "least"), "at_least"),
    (("more", "than"), "at_least"),
    (("upwards", "of"), "at_least"),
    (("close", "to"), "approx"),
    (("an", "estimated"), "approx"),
    (("under",), "at_most"),
    (("over",), "at_least"),
    (("above",), "at_least"),
    (("about",), "approx"),
    (("around",), "approx"),
    (("some",), "approx"),
    (("approximately",), "approx"),
    (("roughly",), "approx"),
    (("nearly",), "approx"),
    (("almost",), "approx"),
    (("estimated",), "approx"),
)
_RANGE_JOINERS = frozenset({"to", "-", "–", "—"})

_CLASS_RANK_KNOWN, _CLASS_RANK_NOUN, _CLASS_RANK_BARE, _CLASS_RANK_PERCENT = range(4)


@dataclass(frozen=True, slots=True)
class QuantityMention:
    """One number of a span: the quantity, how it is bounded, and where it sits.

    ``start`` and ``end`` are token indices into the Doc, end-exclusive, covering the bound
    words, the number and the unit. ``unit_class`` is the class of the unit (``units.yaml``),
    or ``None``.
    """

    quantity: Quantity
    bound: Bound
    start: int
    end: int
    unit_class: str | None

    @property
    def rank(self) -> tuple[int, int, int]:
        """Sort key of :func:`parse_quantity`: the lower the more likely the main number."""
        if self.unit_class == "percent":
            cls = _CLASS_RANK_PERCENT
        elif self.unit_class is not None:
            cls = _CLASS_RANK_KNOWN
        elif self.quantity.unit is not None:
            cls = _CLASS_RANK_NOUN
        else:
            cls = _CLASS_RANK_BARE
        return (cls, int(self.bound == "vague"), self.start)


# ---------------------------------------------------------------------------------- unit classes


@functools.cache
def load_unit_classes(extra: tuple[Path, ...] = ()) -> Mapping[str, str]:
    """Noun (lower-case lemma or phrase) -> unit class, from ``data/units.yaml`` and ``extra``.

    Later files win: a noun listed under another class in an extra file moves there.
    """
    sources: list[Any] = [resources.files(__package__) / "data" / "units.yaml", *extra]
    table: dict[str, str] = {}
    for source in sources:
        for cls, nouns in _read(source).items():
            if not isinstance(nouns, list):
                raise GazetteerError(
                    f"{source}: class {cls!r} must be a list of nouns, got {type(nouns).__name__}"
                )
            for noun in nouns:
                table[str(noun).lower()] = str(cls)
    return table


def _singulars(word: str) -> tuple[str, ...]:
    if word.endswith("ies"):
        return (word, word[:-3] + "y")
    if word.endswith("men"):
        return (word, word[:-3] + "man")
    if word.endswith("es"):
        return (word, word[:-1], word[:-2])
    if word.endswith("s") and not word.endswith("ss"):
        return (word, word[:-1])
    return (word,)


def unit_class(unit: str | None, classes: Mapping[str, str] | None = None) -> str | None:
    """The class of a unit ("special operation forces" -> "troops"), or ``None``.

    The whole unit is looked up first, then its last two words, then its last word, each also
    in a naive singular form (the lexicon lists lemmas).
    """
    if not unit:
        return None
    table = classes if classes is not None else load_unit_classes()
    words = unit.lower().split()
    for n in (len(words), 2, 1):
        if n > len(words):
            continue
        head = words[-n:]
        for last in _singulars(head[-1]):
            found = table.get(" ".join([*head[:-1], last]))
            if found is not None:
                return found
    return None


# ------------------------------------------------------------------------------- number phrases


def _is_digits(text: str) -> bool:
    return bool(_DIGITS.match(text) or _DIGITS_SUFFIX.match(text))


def _is_number_token(token: Token, entities_ok: int = -1) -> bool:
    """Whether ``token`` is part of a number; tokens of DATE/TIME/ORDINAL entities are not,
    unless their index is below ``entities_ok`` (a mislabelled count, see ``_count_like``)."""
    if token.ent_type_ in _NOT_COUNTS and token.i >= entities_ok:
        return False
    low = token.lower_
    if low in _NUMBER_WORDS or _is_digits(low):
        return True
    # "a dozen", "a thousand", "an estimated" is a bound, not a number
    nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return low in {"a", "an"} and nxt is not None and nxt.lower_ in {*_HUNDRED, *_SCALES}


def _is_scale_suffix(tokens: list[Token], token: Token) -> bool:
    """Whether ``token`` is a scale suffix split off the digits before it ("12" "K")."""
    return bool(
        tokens
        and token.lower_ in _SUFFIXES
        and not tokens[-1].whitespace_
        and _DIGITS.match(tokens[-1].lower_)
    )


def _count_like(doc: Doc, i: int, classes: Mapping[str, str]) -> int:
    """End of the DATE entity at ``i`` when it is in fact a count: "between 8 and 10 thousand
    soldiers" is sometimes tagged DATE; a counted noun of a known class right after the entity
    gives it away. Returns -1 when the entity is a date."""
    token = doc[i]
    if token.ent_type_ not in {"DATE", "TIME"}:
        return -1
    end = i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    if end < len(doc) and doc[end].pos_ == "NOUN" and doc[end].lemma_.lower() in classes:
        return end
    return -1


def _number_run(doc: Doc, start: int, limit: int, entities_ok: int = -1) -> list[Token]:
    run: list[Token] = []
    i = start
    while i < limit:
        token = doc[i]
        if _is_number_token(token, entities_ok) or _is_scale_suffix(run, token):
            run.append(token)
            i += 1
            continue
        # "tens of thousands", "hundreds of thousands"
        if (
            run
            and i + 1 < limit
            and token.lower_ == "of"
            and run[-1].lower_ in _VAGUE
            and doc[i + 1].lower_ in _VAGUE
        ):
            i += 1
            continue
        # "twenty-five", "one hundred and fifty"
        if (
            run
            and i + 1 < limit
            and token.text in {"-", "and"}
            and run[-1].lower_ in {*_SMALL, *_HUNDRED}
            and doc[i + 1].lower_ in _SMALL
        ):
            i += 1
            continue
        break
    return run


def _number_value(run: list[Token]) -> float | None:
    """The value of a number run, or ``None`` for a vague count ("several thousand")."""
    total = 0.0
    current = 0.0
    for token in run:
        low = token.lower_
        if low in _VAGUE:
            return None
        if low in {"a", "an"}:
            continue
        if low in _SUFFIXES and token.i != run[0].i:
            current = (current or 1.0) * _SUFFIXES[low]
            total, current = total + current, 0.0
            continue
        match = _DIGITS_SUFFIX.match(low)
        if match:
            current += float(match.group(1).replace(",", "")) * _SUFFIXES[match.group(2)]
        elif _DIGITS.match(low):
            current += float(low.replace(",", ""))
        elif low in _SMALL:
            current += _SMALL[low]
        elif low in _HUNDRED:
            current = (current or 1.0) * _HUNDRED[low]
        elif low in _SCALES:
            total += (current or 1.0) * _SCALES[low]
            current = 0.0
    return total + current


def _scale_of(run: list[Token]) -> float:
    last = run[-1].lower_
    if last in _SCALES:
        return _SCALES[last]
    if last in _SUFFIXES:
        return _SUFFIXES[last]
    return 1.0


def _bound_before(doc: Doc, start: int, floor: int) -> tuple[Bound, int] | None:
    words = [t.lower_ for t in doc[max(floor, start - 3) : start]]
    for phrase, bound in _BOUND_CUES:
        if len(phrase) <= len(words) and tuple(words[-len(phrase) :]) == phrase:
            return bound, start - len(phrase)
    return None


def _unit_after(doc: Doc, k: int, limit: int) -> tuple[str | None, Token | None, int]:
    """The unit text, its head noun and the index after it, starting at token ``k``."""
    if k < limit and doc[k].lower_ in _PERCENT:
        return "percent", doc[k], k + 1
    if k + 1 < limit and doc[k].lower_ == "per" and doc[k + 1].lower_ == "cent":
        return "percent", doc[k + 1], k + 2
    if k < limit and doc[k].lower_ == "of":
        k += 1
        while k < limit and (doc[k].lower_ in _SKIP_BEFORE_UNIT or doc[k].tag_ == "POS"):
            k += 1
    modifiers: list[Token] = []
    while k < limit:
        token = doc[k]
        if token.ent_type_ in {"DATE", "TIME"} or _is_number_token(token):
            break
        is_modifier_pos = token.pos_ in {"ADJ", "NOUN", "PROPN"} or (
            token.tag_ in {"VBN", "VBG", "HYPH"} and token.dep_ in {"amod", "compound", "punct"}
        )
        if not is_modifier_pos:
            break
        attached_later = token.dep_ in {"compound", "amod", "nmod", "punct"} and (
            k < token.head.i <= k + 6
        )
        if token.pos_ in {"NOUN", "PROPN"} and not attached_later:
            kept = [
                t
                for t in modifiers
                if t.ent_type_ not in _NOT_UNIT_ENTS
                and t.lower_ not in _QUANTITY_ADJECTIVES
                and t.tag_ != "POS"
            ]
            while kept and kept[0].tag_ == "HYPH":
                kept.pop(0)
            parts = [t.text_with_ws for t in kept] + [token.text]
            return "".join(parts).strip(), token, k + 1
        modifiers.append(token)
        k += 1
    return None, None, k


def _currency_before(doc: Doc, start: int, floor: int) -> str | None:
    if start - 1 >= floor:
        return _CURRENCY_SYMBOLS.get(doc[start - 1].lower_)
    return None


def _class_of(unit: str | None, head: Token | None, classes: Mapping[str, str]) -> str | None:
    if unit == "percent":
        return "percent"
    found = unit_class(unit, classes)
    if found is None and head is not None:
        found = classes.get(head.lemma_.lower())
    return found


def find_quantity_mentions(
    span: Span, classes: Mapping[str, str] | None = None
) -> list[QuantityMention]:
    """Every number of ``span`` with its unit and bound, in text order."""
    classes = classes if classes is not None else load_unit_classes()
    doc = span.doc
    floor, limit = span.start, span.end
    found: list[QuantityMention] = []
    i = floor
    while i < limit:
        token = doc[i]
        entities_ok = _count_like(doc, i, classes)
        split = (
            _DIGIT_RANGE.match(token.text)
            if token.ent_type_ not in _NOT_COUNTS or entities_ok > i
            else None
        )
        run = [] if split else _number_run(doc, i, limit, entities_ok)
        if (not run and not split) or all(t.lower_ in _INDEFINITE for t in run):
            i += 1
            continue
        end = i + 1 if split else run[-1].i + 1
        bound: Bound = "exact"
        start = i
        cue = _bound_before(doc, i, floor)
        if cue is not None:
            bound, start = cue
        value: float | None
        top: float | None = None
        if split:
            value = float(split.group(1).replace(",", ""))
            top = float(split.group(2).replace(",", ""))
            bound = "range"
        else:
            value = _number_value(run)
            if value is None:
                bound = "vague"
            # "8,000 to 10,000", "between 8 and 10 thousand"
            between = start > floor and doc[start - 1].lower_ == "between"
            joiner = doc[end].lower_ if end < limit else ""
            if value is not None and (joiner in _RANGE_JOINERS or (between and joiner == "and")):
                second = _number_run(doc, end + 1, limit, entities_ok)
                second_value = _number_value(second) if second else None
                if second_value is not None:
                    if _scale_of(second) > 1 and _scale_of(run) == 1 and value < second_value:
                        value *= _scale_of(second)
                    top, bound = second_value, "range"
                    end = second[-1].i + 1
            if between and cue is None:
                start -= 1
        unit, head, after = _unit_after(doc, end, limit)
        if unit is None:
            unit = _currency_before(doc, i, floor)
        digits = split is not None or any(_is_digits(t.lower_) for t in run)
        is_year = (
            not split
            and len(run) == 1
            and bool(_YEAR.match(run[0].text))
            and _class_of(unit, head, classes) is None
        )
        if is_year or (unit is None and (not digits or value is None)):
            i = end
            continue
        if bound == "at_most":
            value, top = None, value
        quantity = Quantity(value=value, max=top, unit=unit)
        found.append(
            QuantityMention(
                quantity=quantity,
                bound=bound,
                start=start,
                end=after if head is not None else end,
                unit_class=_class_of(unit, head, classes),
            )
        )
        i = after if head is not None else end
    return found


def find_quantities(span: Span) -> list[Quantity]:
    """The quantities of every number in ``span``, in text order."""
    return [m.quantity for m in find_quantity_mentions(span)]


def parse_quantity(span: Span) -> Quantity | None:
    """The main number of ``span`` with its unit, or ``None`` when the span counts nothing.

    "1,500 special operation forces" -> Quantity(1500 special operation forces);
    "up to 12,000 troops" -> max 12000; "several thousand soldiers" -> unit only. See the module
    docstring for how bounds, units and the main number are chosen.
    """
    mentions = find_quantity_mentions(span)
    if not mentions:
        return None
    return min(mentions, key=lambda m: m.rank).quantity


def _read(path: Any) -> dict[str, Any]:
    return read_yaml_mapping(path, "a mapping of unit classes to lists of nouns")
