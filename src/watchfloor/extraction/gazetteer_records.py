"""The records the gazetteer files become, and how alias text and tokens are keyed.

Alias text and document tokens are compared through the same normalisation (:func:`norm_token`,
:func:`alias_key`): lower case, accents folded, typographic apostrophes made straight, full stops
dropped ("U.S." = "US"), hyphens and slashes ignored ("Kim Jong-un" = "Kim Jong Un"), and the
possessive "'s" kept as a token of its own, as spaCy's English tokenizer splits it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

from watchfloor.errors import GazetteerError
from watchfloor.records import Actor

__all__ = [
    "CATEGORIES",
    "ROLES",
    "Anaphor",
    "Body",
    "Category",
    "ContextAlias",
    "Entry",
    "GazetteerError",
    "LexiconPart",
    "Place",
    "Tenure",
    "Title",
    "alias_key",
    "alias_pieces",
    "case_levels",
    "norm_token",
]


Category = Literal["state", "org", "agency", "person", "media"]
CATEGORIES: tuple[str, ...] = ("states", "organisations", "agencies", "people", "media")
ROLES: frozenset[str] = frozenset(
    {
        "leader",
        "minister",
        "diplomat",
        "spokesperson",
        "military",
        "intelligence",
        "government",
        "opposition",
        "security",
        "media",
    }
)
# --- normalisation --------------------------------------------------------------------------

_FOLD = str.maketrans(
    {
        "’": "'",
        "‘": "'",
        "ʼ": "'",
        "`": "'",
        "ı": "i",
        "ø": "o",
        "æ": "ae",
        "œ": "oe",
        "ß": "ss",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "þ": "th",
    }
)
_SKIP = frozenset("-‐‑‒–—―/")
# spaCy splits a hyphen only between letters ("Jong-un"), not next to a digit ("G-20").
_LETTER_HYPHEN = re.compile(r"(?<=[^\W\d_])[-‐‑‒–—―]+(?=[^\W\d_])")


def norm_token(text: str) -> str:
    """The comparison form of one token; ``""`` for tokens a name match steps over.

    Hyphens, dashes, slashes and whitespace normalise to ``""``; a token made only of full stops
    stays ``"."`` so that a sentence end still breaks a name.
    """
    low = text.lower()
    if not low.isascii():
        low = low.translate(_FOLD)
        if not low.isascii():
            low = "".join(
                c for c in unicodedata.normalize("NFKD", low) if not unicodedata.combining(c)
            )
    if "." in low:
        stripped = low.replace(".", "")
        low = stripped or "."
    if not low.strip() or all(c in _SKIP for c in low):
        return ""
    if "-" in low or not low.isascii():
        low = "".join(c for c in low if c not in _SKIP) or low
    return low


def alias_pieces(alias: str) -> list[str]:
    """Split alias text the way spaCy's tokenizer splits a name (hyphens, slashes, "'s")."""
    text = _LETTER_HYPHEN.sub(" ", alias.translate(_FOLD))
    out: list[str] = []
    for word in re.split(r"[\s/]+", text):
        if not word:
            continue
        if len(word) > 2 and word.endswith("'s"):
            out.extend((word[:-2], "'s"))
        elif len(word) > 1 and word.endswith("'"):
            out.extend((word[:-1], "'"))
        else:
            out.append(word)
    return out


def alias_key(alias: str) -> tuple[str, ...]:
    """The normalised token tuple an alias is indexed under."""
    return tuple(t for t in (norm_token(p) for p in alias_pieces(alias)) if t)


def case_levels(alias: str) -> tuple[int, ...]:
    """Per key token: 2 = acronym, the text must be upper case too ("US", not "us");
    1 = capitalised, the text must start upper case ("Turkey", not "turkey"); 0 = any case."""
    levels: list[int] = []
    for piece in alias_pieces(alias):
        if not norm_token(piece):
            continue
        letters = [c for c in piece if c.isalpha()]
        if len(letters) >= 2 and all(c.isupper() for c in letters):
            levels.append(2)
        elif letters and letters[0].isupper():
            levels.append(1)
        else:
            levels.append(0)
    return tuple(levels)


# --- records --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Tenure:
    """A post a person held: role, office, country (the person's unless the file says), years
    inclusive (``None`` = open)."""

    role: str
    office: str | None = None
    country: str | None = None
    start: int | None = None
    end: int | None = None

    def covers(self, year: int) -> bool:
        return (self.start is None or self.start <= year) and (self.end is None or year <= self.end)


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer record: the actor it stands for and the words that name it."""

    category: Category
    actor: Actor
    origin: str
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    metonyms: tuple[str, ...] = ()
    type: str | None = None
    functions: tuple[str, ...] = ()
    gender: str | None = None
    tenures: tuple[Tenure, ...] = ()

    @property
    def identity(self) -> tuple[str, ...]:
        """What a user entry must share with a bundled one to replace it."""
        if self.category in ("state", "org"):
            return (self.category, self.actor.country or "")
        if self.category == "agency":
            return (self.category, self.actor.name.casefold(), self.actor.country or "")
        return (self.category, self.actor.name.casefold())

    def government(self) -> Actor:
        """The actor of a metonym: the state (or organisation) in its role of government."""
        return Actor(
            name=self.actor.name,
            kind=self.actor.kind,
            country=self.actor.country,
            role="government",
        )

    def tenure_actor(self, tenure: Tenure) -> Actor:
        """This person as holder of ``tenure``."""
        return Actor(
            name=self.actor.name,
            kind="person",
            country=tenure.country or self.actor.country,
            role=tenure.role,
        )


@dataclass(frozen=True, slots=True)
class ContextAlias:
    """An alias whose target depends on the codes the document mentions (contextual.yaml)."""

    alias: str
    target: str
    when: frozenset[str] | None
    origin: str


@dataclass(frozen=True, slots=True)
class Place:
    """A place inside a state that is not an actor (places.yaml): "Kursk" is in RUS."""

    name: str
    country: str
    aliases: tuple[str, ...]
    origin: str


@dataclass(frozen=True, slots=True)
class Title:
    """A word for a person's office ("foreign minister")."""

    phrase: str
    role: str
    office: str | None = None


@dataclass(frozen=True, slots=True)
class Body:
    """A word for an institution ("spy agency"), with the function that finds its entry."""

    phrase: str
    function: str
    role: str
    type: str
    generic: str
    owned_only: bool = False


@dataclass(frozen=True, slots=True)
class Anaphor:
    """A generic noun ("the agency") and the entry types it can refer back to."""

    phrase: str
    types: frozenset[str]


@dataclass(slots=True)
class LexiconPart:
    """The contents of one roles file, merged by :mod:`.gazetteer` (later files win)."""

    titles: list[Title] = field(default_factory=list)
    bodies: list[Body] = field(default_factory=list)
    neutral: set[str] = field(default_factory=set)
    modifier_roles: dict[str, str] = field(default_factory=dict)
    gender: dict[str, str] = field(default_factory=dict)
    honorifics: set[str] = field(default_factory=set)
    anaphors: list[Anaphor] = field(default_factory=list)
