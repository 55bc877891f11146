"""Places inside states: regions, provinces and cities that name no actor ("Kursk", "Donbas").

A capital that stands for its government ("Seoul said") is a metonym of ``states.tsv`` and an
actor; "the Kursk region" or "bases near Vladivostok" are only *where* something is. The event
stage needs their state ("North Korean units were deployed to the Kursk region" is AID to Russia),
the source resolution must not take them for speakers ("Kursk said" is no one). So places are
indexed apart from the actors: :class:`Places` answers "which state is this place in" for the
normalised tokens of a span, and :meth:`.actors.DocumentActors.state_of` asks it only when the
span names no actor.

The bundled ``places.yaml`` and the user's files (``places*.yaml`` or a ``places:`` section) are
merged like the other gazetteer files: a user's place wins over a bundled one with the same name.
A place's name or alias may not be an actor's alias (capitals are metonyms already), and may not
name two states within one layer.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from watchfloor.extraction.gazetteer_records import (
    GazetteerError,
    Place,
    alias_key,
    alias_pieces,
    case_levels,
    norm_token,
)

__all__ = ["Places", "build_places"]


@dataclass(frozen=True, slots=True)
class Places:
    """Normalised token tuples of place names -> (the case the text needs, the state code)."""

    index: dict[tuple[str, ...], tuple[tuple[int, ...], str]]
    longest: int

    def find(self, norms: Sequence[str], texts: Sequence[str]) -> str | None:
        """The state of the first, longest place name in a run of tokens, or ``None``.

        ``norms`` are the tokens' :func:`~.gazetteer_records.norm_token` forms, ``texts`` their
        text (a capitalised name needs a capital: "Sumy", not "sumy").
        """
        kept = [(n, t) for n, t in zip(norms, texts, strict=True) if n]  # "-" in Rostov-on-Don
        norms, texts = [n for n, _ in kept], [t for _, t in kept]
        for start in range(len(norms)):
            for end in range(min(len(norms), start + self.longest), start, -1):
                found = self.index.get(tuple(norms[start:end]))
                if found is not None and _case_ok(found[0], texts[start:end]):
                    return found[1]
        return None

    def lookup(self, text: str) -> str | None:
        """The state of a place named by ``text`` ("the Kursk region" -> RUS), or ``None``."""
        pieces = [p for p in alias_pieces(text) if norm_token(p)]
        return self.find([norm_token(p) for p in pieces], pieces)

    def __len__(self) -> int:
        return len(self.index)


def _case_ok(caps: tuple[int, ...], texts: Sequence[str]) -> bool:
    return all(level == 0 or text[:1].isupper() for level, text in zip(caps, texts, strict=False))


def build_places(
    layers: list[list[Place]], states: Collection[str], actor_keys: Collection[tuple[str, ...]]
) -> Places:
    """The place index of the bundled layer and the user's layer (later layers win).

    Raises :class:`GazetteerError` for a place in no known state, a name that is also an actor's
    alias, or a name given to two states within one layer.
    """
    index: dict[tuple[str, ...], tuple[tuple[int, ...], str]] = {}
    for layer in layers:
        owner: dict[tuple[str, ...], Place] = {}
        for place in layer:
            if place.country not in states:
                raise GazetteerError(
                    f"{place.origin}: unknown state {place.country!r} for {place.name!r}: use "
                    "a state code of states.tsv"
                )
            for word in (place.name, *place.aliases):
                key = alias_key(word)
                if key in actor_keys:
                    raise GazetteerError(
                        f"{place.origin}: {word!r} already names an actor in the gazetteer "
                        "(a state, its capital or another name): leave it out of the places"
                    )
                other = owner.get(key)
                if other is not None and other.country != place.country:
                    raise GazetteerError(
                        f"{place.origin}: {word!r} is also a place in {other.country} "
                        f"({other.origin}): keep one, or leave the ambiguous name out"
                    )
                owner[key] = place
                index[key] = (case_levels(word), place.country)
    return Places(index=index, longest=max((len(k) for k in index), default=0))
