"""Mentions, and how pronouns and definite descriptions find the mention they refer back to.

Each look-back walks a list of earlier mentions from the most recent one and stops at a window
of sentences, so resolving a document stays linear in its length.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from watchfloor.records import Actor

__all__ = [
    "DESCRIPTION_WINDOW",
    "PRONOUN_WINDOW",
    "Discourse",
    "Mention",
    "antecedent",
    "last",
    "role_is",
]

PRONOUN_WINDOW = 4
"""Sentences a pronoun or a definite title ("the minister") looks back."""
DESCRIPTION_WINDOW = 12
"""Sentences a definite description ("the agency", "the officials") looks back."""


@dataclass(slots=True)
class Mention:
    """One mention found by the pass: tokens [start, end), head token, the actor it refers to
    (``None`` if unresolved), its kind (person, entity, demonym, body, group, anaphor,
    pronoun), and what pronouns and descriptions need to find it again."""

    start: int
    end: int
    head: int
    actor: Actor | None
    kind: str
    sent: int
    plural: bool = False
    gender: str | None = None
    type: str | None = None
    functions: tuple[str, ...] = ()
    subject: bool = False


@dataclass(slots=True)
class Discourse:
    """The mentions pronouns and descriptions can refer back to, oldest first."""

    persons: list[Mention] = field(default_factory=list)
    things: list[Mention] = field(default_factory=list)
    groups: list[Mention] = field(default_factory=list)


def role_is(role: str) -> Callable[[Mention], bool]:
    """A test for mentions whose actor has ``role``."""
    return lambda m: m.actor is not None and m.actor.role == role


def last(
    pool: list[Mention], sent: int, window: int, accept: Callable[[Mention], bool]
) -> Mention | None:
    """The most recent mention of ``pool`` within ``window`` sentences that ``accept`` takes."""
    for m in reversed(pool):
        if sent - m.sent > window:
            return None
        if m.actor is not None and accept(m):
            return m
    return None


def antecedent(pool: list[Mention], sent: int, gender: str) -> Mention | None:
    """The antecedent of he/she: a subject of the same sentence, then any person of the same
    sentence, then the subject of an earlier sentence, then the most recent person."""
    best: Mention | None = None
    best_rank = 9
    for m in reversed(pool):
        if sent - m.sent > PRONOUN_WINDOW:
            break
        if m.actor is None or (m.gender is not None and m.gender != gender):
            continue
        rank = (0 if m.sent == sent else 2) + (0 if m.subject else 1)
        if rank < best_rank:
            best, best_rank = m, rank
            if rank == 0:
                break
    return best
