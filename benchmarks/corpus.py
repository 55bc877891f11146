"""Generated news for the ledger benchmarks: short attributed reports with their ground truth.

    python benchmarks/corpus.py [--documents 3] [--seed 0]     (prints sample articles)

:func:`generate` makes ``n`` articles from a seeded ``random.Random``: the same arguments give
the same texts on every machine. Each article reports one *incident* (a state sending troops,
shells, missiles or drones to another, aid, sanctions, strikes, expulsions, troops massed on a
border, threats, military cooperation) through two to seven attributed statements. Claimants
come from the bundled gazetteer (presidents, ministers and spokespeople in office in the
articles' year, state agencies, officials by demonym, capitals as metonyms, news agencies), so
they resolve as they would in real reporting. Claimants disagree about the numbers; some condemn
the incident, some of the accused deny it, some statements are hedged ("may have sent") or
unsourced ("amid reports that"), some speak of another incident, some of nothing countable.
Background sentences without attribution pad each article to 120-250 words. Publication dates
spread over nine months of 2024; about 5% of the articles are syndicated copies of an earlier
one (another outlet, up to a day and a half later, one sentence dropped), which the ledger
should link as near-duplicates.

Every attributed statement is kept as ground truth (character ranges of sentence, source, cue
and content; the resolved actor; stance; the PLOVER event with its quantity and date), so
:meth:`Article.extraction` turns an article into an :class:`~watchfloor.records.Extraction`
without running spaCy: that is how ``benchmarks/ledger.py`` builds its 100,000-claim ledger.
The templates and word lists are this benchmark's own; only the names come from the gazetteer.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import random
import re
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import Any

import yaml

from watchfloor.records import (
    Actor,
    Claim,
    Cue,
    Document,
    Event,
    Extraction,
    Quantity,
    Source,
    Span,
    Stance,
    When,
)

__all__ = ["Article", "generate"]

YEAR = 2024
START = dt.date(YEAR, 1, 1)
DAYS = 270
COPY_SHARE = 0.05
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")  # fmt: skip

# --- names from the gazetteer ---------------------------------------------------------------------

# States whose people, bodies and officials speak; they and ACTING send, strike and sanction.
SPEAKING = ("USA", "RUS", "UKR", "KOR", "PRK", "CHN", "ISR", "IRN", "GBR", "JPN", "DEU", "TWN",
            "TUR", "FRA", "POL", "BLR", "IND", "PAK")  # fmt: skip
ACTING = (*SPEAKING, "SYR", "LBN", "YEM", "IRQ", "MDA", "GEO", "LTU", "PHL", "VNM", "SAU", "QAT",
          "EGY", "AZE", "ARM", "FIN", "SWE", "HUN", "ITA", "CAN")  # fmt: skip
ORGANISATIONS = ("NATO", "EU", "UN")
ADJECTIVE = {"USA": "U.S.", "GBR": "British", "NATO": "NATO", "EU": "EU", "UN": "UN"}
TITLES = {
    "president": "President",
    "prime minister": "Prime Minister",
    "chancellor": "Chancellor",
    "foreign minister": "Foreign Minister",
    "defence minister": "Defence Minister",
    "foreign ministry spokesperson": "Foreign Ministry {spokes}",
    "defence ministry spokesperson": "Defence Ministry {spokes}",
    "national security adviser": "National Security Adviser",
    "intelligence chief": "intelligence chief",
    "chief of general staff": "Chief of General Staff",
    "secretary general": "Secretary General",
    "high representative": "foreign policy chief",
}
TITLE_OF = {
    ("USA", "foreign minister"): "Secretary of State",
    ("USA", "defence minister"): "Defense Secretary",
    ("GBR", "foreign minister"): "Foreign Secretary",
    ("GBR", "defence minister"): "Defence Secretary",
}
OFFICIALS = (("{} officials", "government"), ("{} military officials", "military"),
             ("the {} government", "government"), ("{} diplomats", "diplomat"))  # fmt: skip
ARTICLE = {"USA", "GBR", "PHL", "NLD", "ARE", "BHS"}  # named with "the"
HOT = {"RUS", "UKR", "PRK", "KOR", "CHN", "TWN", "ISR", "IRN", "LBN", "YEM", "USA", "BLR", "POL",
       "SYR", "JPN"}  # fmt: skip
NO_ARTICLE = {"Mossad", "Shin Bet", "Aman", "Roscosmos", "Rosatom", "Rosgvardia", "Rosgvardiya",
              "NASA", "GCHQ", "Cheong Wa Dae", "Foggy Bottom"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class State:
    code: str
    name: str
    adjective: str
    capital: str | None

    def mention(self, rng: random.Random) -> str:
        """The state as an event's party: its name, sometimes its capital."""
        if self.capital and rng.random() < 0.25:
            return self.capital
        return self.called

    @property
    def called(self) -> str:
        """Its name as running text uses it ("the Philippines")."""
        return ("the " if self.code in ARTICLE else "") + self.name

    @property
    def seat(self) -> str:
        return self.capital or self.called


@dataclass(frozen=True, slots=True)
class Speaker:
    """A claimant: the words that name it, and the actor they resolve to."""

    surface: str
    actor: Actor


def _data(name: str) -> Any:
    path = resources.files("watchfloor.extraction").joinpath(f"data/gazetteer/{name}")
    return path.read_text(encoding="utf-8")


@cache
def _states() -> dict[str, State]:
    lines = (ln for ln in _data("states.tsv").splitlines() if not ln.startswith("#"))
    out = {}
    for code, name, _, demonyms, metonyms in list(csv.reader(lines, delimiter="\t"))[1:]:
        adjective = ADJECTIVE.get(code, demonyms.split("|")[0])
        out[code] = State(code, name, adjective, metonyms.split("|")[0] or None)
    return out


def _people(states: dict[str, State]) -> list[tuple[str, Speaker]]:
    """People in office in YEAR, each named with and without the adjective of their state."""
    out = []
    for person in yaml.safe_load(_data("people.yaml")):
        for tenure in person.get("roles") or []:
            country = tenure.get("country", person["country"])
            office = tenure.get("office")
            current = tenure.get("from", 0) <= YEAR <= (tenure.get("to") or YEAR)
            if country not in (*SPEAKING, *ORGANISATIONS) or office not in TITLES or not current:
                continue
            spokes = "spokeswoman" if person.get("gender") == "f" else "spokesman"
            title = TITLE_OF.get((country, office), TITLES[office]).format(spokes=spokes)
            adjective = states[country].adjective if country in states else ADJECTIVE[country]
            actor = Actor(name=person["name"], kind="person", country=country, role=tenure["role"])
            for surface in (f"{adjective} {title} {person['name']}", f"{title} {person['name']}"):
                out.append((country, Speaker(surface[0].upper() + surface[1:], actor)))
    return out


def _bodies() -> list[tuple[str, Speaker]]:
    """State bodies by their name and up to two of their multi-word aliases."""
    out = []
    for body in yaml.safe_load(_data("agencies.yaml")):
        country = body["country"]
        if country not in SPEAKING:
            continue
        actor = Actor(name=body["name"], kind="organisation", country=country, role=body["role"])
        names = [body["name"], *(a for a in body.get("aliases") or () if " " in a)]
        for surface in names[:3]:
            article = "" if surface in NO_ARTICLE or "'s " in surface else "the "
            out.append((country, Speaker(article + surface, actor)))
    return out


@cache
def _speakers() -> dict[str, tuple[Speaker, ...]]:
    """Claimants by country: people, bodies, "<demonym> officials" and capitals."""
    states = _states()
    found = _people(states) + _bodies()
    for code in SPEAKING:
        state = states[code]
        for words, role in OFFICIALS:
            actor = Actor(name=state.name, kind="state", country=code, role=role)
            found.append((code, Speaker(words.format(state.adjective), actor)))
        if state.capital:
            actor = Actor(name=state.name, kind="state", country=code, role="government")
            found.append((code, Speaker(state.capital, actor)))
    out: dict[str, list[Speaker]] = {}
    for code, speaker in found:
        out.setdefault(code, []).append(speaker)
    return {code: tuple(speakers) for code, speakers in out.items()}


@cache
def _outlets() -> tuple[Speaker, ...]:
    """News agencies, newspapers and broadcasters, as claimants and as publishers."""
    return tuple(
        Speaker(m["name"], Actor(name=m["name"], kind="media", country=m["country"], role="media"))
        for m in yaml.safe_load(_data("media.yaml"))
        if m.get("type") in ("agency", "newspaper", "broadcaster") and not m["name"].isupper()
    )


# --- incidents ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Kind:
    """One kind of incident: its PLOVER event, its phrasings ("{A} had sent {Q} to {T}", {Q}
    the counted noun phrase), the nouns it counts, its usual size and how often it is news."""

    type: str
    mode: str | None
    verbs: tuple[str, ...]
    nouns: tuple[str, ...] = ()
    size: tuple[int, int] = (1, 1)
    weight: int = 2
    has_target: bool = True
    headline: str = "acts against"


KINDS = {
    "troops": Kind(
        "AID",
        "military",
        ("{A} had sent {Q} to {T}", "{A} has deployed {Q} to {T}", "{A} dispatched {Q} to {T}",
         "{A} was sending {Q} to {T}"),
        ("troops", "soldiers", "special forces", "combat engineers"),
        (800, 15_000), 6, headline="sends troops to",
    ),
    "shells": Kind(
        "AID",
        "military",
        ("{A} had supplied {Q} to {T}", "{A} has shipped {Q} to {T}", "{A} delivered {Q} to {T}"),
        ("artillery shells", "shells"),
        (200_000, 5_000_000), 4, headline="supplies shells to",
    ),
    "missiles": Kind(
        "AID",
        "military",
        ("{A} had transferred {Q} to {T}", "{A} shipped {Q} to {T}"),
        ("ballistic missiles", "short-range missiles"),
        (20, 400), 3, headline="ships missiles to",
    ),
    "drones": Kind(
        "AID",
        "military",
        ("{A} has supplied {Q} to {T}", "{A} had delivered {Q} to {T}"),
        ("attack drones", "drones"),
        (100, 3000), 3, headline="supplies drones to",
    ),
    "aid": Kind(
        "AID",
        "economic",
        ("{A} would provide {Q} in aid to {T}",),
        ("million dollars", "million euros"),
        (50, 2000), headline="pledges aid to",
    ),
    "sanctions": Kind(
        "SANCTION",
        None,
        ("{A} imposed new sanctions on {T}", "{A} had imposed sanctions on {Q} in {T}"),
        ("companies", "banks"),
        (5, 120), 3, headline="sanctions",
    ),
    "expulsion": Kind(
        "SANCTION", "expel", ("{A} expelled {Q} from {T}",), ("diplomats",), (2, 40), 1,
        headline="expels diplomats of",
    ),
    "drone_strike": Kind(
        "FIGHT",
        "drone",
        ("{A} launched {Q} at {T}", "{A} attacked {T} with {Q}"),
        ("drones", "attack drones"),
        (10, 300), 3, headline="strikes",
    ),
    "missile_strike": Kind(
        "FIGHT", "missile", ("{A} fired {Q} at {T}",), ("missiles", "cruise missiles"), (2, 90),
        headline="fires missiles at",
    ),
    "shelling": Kind(
        "FIGHT", "artillery", ("{A} shelled border villages in {T}",), headline="shells",
    ),
    "massing": Kind(
        "MOBILIZE",
        "troops",
        ("{A} was massing {Q} near its border with {T}",
         "{A} had moved {Q} closer to its border with {T}"),
        ("troops", "soldiers"),
        (2000, 60_000), has_target=False, headline="masses troops near",
    ),
    "threat": Kind(
        "THREATEN", "violence", ("{A} would retaliate against {T}",), headline="warns",
    ),
    "cooperation": Kind(
        "COOPERATE", "military", ("{A} was deepening military cooperation with {T}",),
        headline="deepens military ties with",
    ),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Incident:
    kind: Kind
    actor: State
    target: State
    start: dt.date
    days: int
    size: int
    weight: float


# --- statements with their ground truth -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Said:
    """One attributed statement as written: its parts ``(role, text)``, role one of source,
    cue, content or ``None``, and what it means."""

    parts: tuple[tuple[str | None, str], ...]
    actor: Actor | None
    lemma: str
    stance: Stance
    hedged: bool = False
    event: Event | None = None
    said: When | None = None


# {S} source, {C} cue, {X} content; each frame with the cue words it takes.
FRAMES = (
    ("{S} {C} {X}.", "said stated claimed confirmed alleged estimated reported"),
    ("{S} {C} on {day} {X}.", "said claimed confirmed announced"),
    ("{S} {C} in a statement on {day} {X}.", "said claimed alleged"),
    ("{S} {C} reporters {X}.", "told"),
    ("In a briefing on {day}, {S} {C} {X}.", "said confirmed"),
    ("{S}, after reviewing satellite imagery, {C} {X}.", "said estimated"),
    ("{S} also {C} {X}.", "said claimed"),
    ("{S} {C} in a post on Telegram {X}.", "said claimed"),
)
INVERTED = ("{X}, {S} {C}.", "{X}, {S} {C} on {day}.", "{X}, {S} {C} in an interview.")
CUES: dict[str, tuple[str, Stance]] = {
    "said": ("say", "assert"),
    "stated": ("state", "assert"),
    "reported": ("report", "assert"),
    "announced": ("announce", "assert"),
    "estimated": ("estimate", "assert"),
    "told": ("tell", "assert"),
    "claimed": ("claim", "allege"),
    "alleged": ("allege", "allege"),
    "confirmed": ("confirm", "confirm"),
}
REPORT_CUES = ("said", "said", "said", "claimed", "confirmed", "told", "estimated", "reported",
               "alleged", "stated")  # fmt: skip
REMARKS = (
    "the situation along the border remained tense",
    "talks would continue next week",
    "more details would be released in the coming days",
    "the government was monitoring the situation closely",
    "the decision had been taken after months of consultations",
    "there was no immediate threat to civilians",
    "a full assessment would take weeks",
    "the two sides had agreed to keep channels of communication open",
)
DISMISSALS = (
    ("dismissed", "dismiss", "the reports as {adj}"),
    ("rejected", "reject", "the allegations as {adj}"),
    ("denied", "deny", "the accusations outright"),
)
BASELESS = ("baseless", "groundless", "fabricated", "absurd", "a provocation", "propaganda")
CONDEMN = (("condemned", "condemn"), ("denounced", "denounce"), ("criticised", "criticise"))
_SLOT = re.compile(r"(\{[SCX]\})")


def _two_digits(value: float) -> int:
    """``value`` rounded to two significant digits, as figures are quoted."""
    digits = len(str(int(value))) - 2
    return int(round(value, -digits)) if digits > 0 else max(1, round(value))


class _Writer:
    """The statements and background sentences of articles, drawn from one generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.states = _states()
        self.speakers = _speakers()
        self.outlets = _outlets()

    def speaker(self, country: str | None = None, *, avoid: tuple[str, ...] = ()) -> Speaker:
        """A claimant of ``country``; without one (or one with no claimants), of any country
        but ``avoid``, or now and then a news outlet."""
        rng = self.rng
        if country not in self.speakers:
            if rng.random() < 0.12:
                return rng.choice(self.outlets)
            country = rng.choice([c for c in self.speakers if c not in avoid])
        return rng.choice(self.speakers[country])

    def count(self, kind: Kind, size: int) -> tuple[str, Quantity]:
        """A claimant's figure: the true size give or take half, written as reporters do."""
        rng = self.rng
        noun = rng.choice(kind.nouns)
        value = _two_digits(size * rng.uniform(0.5, 1.5))
        if noun.startswith("million "):
            return f"{value:,} {noun}", Quantity(value=value * 1e6, unit=noun.split()[1])
        shown = f"{value / 1e6:g} million" if value >= 1_000_000 else f"{value:,}"
        roll = rng.random()
        if roll < 0.1:
            vague = "several thousand" if value > 2000 else "dozens of"
            return f"{vague} {noun}", Quantity(unit=noun)
        if roll < 0.2:
            return f"up to {shown} {noun}", Quantity(max=float(value), unit=noun)
        bound = rng.choice(("", "", "", "about ", "more than ", "at least ", "nearly "))
        return f"{bound}{shown} {noun}", Quantity(value=float(value), unit=noun)

    def party(self, verb: str, incident: Incident) -> str:
        """The target as ``verb`` needs it: a place ("villages in Ukraine") takes the name."""
        place = "in {T}" in verb or "with {T}" in verb
        return incident.target.called if place else incident.target.mention(self.rng)

    def clause(
        self, incident: Incident, published: dt.date, *, hedged: bool = False
    ) -> tuple[str, Event]:
        """The incident as a content clause (no "that") and its event; ``hedged`` gives the
        "may have" form."""
        rng, kind = self.rng, incident.kind
        verb = rng.choice(kind.verbs)
        modality = "planned" if " would " in verb else "actual"
        if hedged and modality == "actual":
            verb = re.sub(r"^\{A\} (?:had|has) ", "{A} may have ", verb)
            verb = re.sub(r"^\{A\} was ", "{A} may have been ", verb)
            verb = re.sub(r"^\{A\} (\w+ed) ", r"{A} may have \1 ", verb)
            modality = "hypothetical"
        quantity, counted = None, ""
        if "{Q}" in verb:
            counted, quantity = self.count(kind, incident.size)
        text = verb.format(A=incident.actor.mention(rng), T=self.party(verb, incident), Q=counted)
        when = None
        if rng.random() < 0.3:
            month = incident.start.replace(day=1)
            when = When(date=month, precision="month")
            text += " this month" if month == published.replace(day=1) else f" in {month:%B}"
        event = Event(
            type=kind.type,
            mode=kind.mode,
            actor=incident.actor.code,
            target=incident.target.code if kind.has_target else None,
            quantity=quantity,
            when=when,
            modality=modality,  # type: ignore[arg-type]
        )
        return text, event

    def statement(
        self,
        speaker: Speaker,
        content: str,
        cue: str,
        published: dt.date,
        *,
        event: Event | None = None,
        hedged: bool = False,
    ) -> Said:
        """``speaker`` says ``content`` through ``cue`` in one of the frames that take it."""
        rng = self.rng
        lemma, stance = CUES[cue]
        if cue in ("said", "claimed") and rng.random() < 0.25:
            frame = rng.choice(INVERTED)
            content = content[0].upper() + content[1:]
        else:
            frame = rng.choice([f for f, cues in FRAMES if cue in cues.split()])
            content = "that " + content
        said = None
        if "{day}" in frame:
            day = published - dt.timedelta(days=rng.randint(1, 6))
            frame = frame.replace("{day}", WEEKDAYS[day.weekday()])
            said = When(date=day)
        words = {
            "{S}": ("source", speaker.surface),
            "{C}": ("cue", cue),
            "{X}": ("content", content),
        }
        parts = tuple(words.get(piece, (None, piece)) for piece in _SLOT.split(frame) if piece)
        return Said(parts, speaker.actor, lemma, stance, hedged, event, said)

    def report(self, incident: Incident, published: dt.date, *, first: bool) -> Said:
        """A claimant reports the incident, with their own figure."""
        rng = self.rng
        country = incident.target.code if rng.random() < 0.2 else None
        speaker = self.speaker(country, avoid=(incident.actor.code,))
        hedged = not first and rng.random() < 0.12
        clause, event = self.clause(incident, published, hedged=hedged)
        if not first and rng.random() < 0.1:
            parts = ((None, "The development comes amid "), ("cue", "reports"), (None, " "),
                     ("content", "that " + clause), (None, "."))  # fmt: skip
            return Said(parts, None, "report", "assert", True, event)
        cue = "reported" if speaker.actor.kind == "media" else rng.choice(REPORT_CUES)
        return self.statement(speaker, clause, cue, published, event=event, hedged=hedged)

    def denial(self, incident: Incident, published: dt.date) -> Said:
        """The accused deny it: naming the event, or dismissing "the reports"."""
        rng = self.rng
        if incident.actor.code not in self.speakers:
            return self.remark(published)
        speaker = self.speaker(incident.actor.code)
        if rng.random() < 0.5:
            word, lemma, what = rng.choice(DISMISSALS)
            parts = (("source", speaker.surface), (None, " "), ("cue", word), (None, " "),
                     ("content", what.format(adj=rng.choice(BASELESS))), (None, "."))  # fmt: skip
            return Said(parts, speaker.actor, lemma, "deny")
        kind = incident.kind
        any_noun = f"any {kind.nouns[0]}" if kind.nouns else ""
        verb = rng.choice(kind.verbs)
        verb = verb.format(A=incident.actor.mention(rng), T=self.party(verb, incident), Q=any_noun)
        target = incident.target.code if kind.has_target else None
        event = Event(type=kind.type, mode=kind.mode, actor=incident.actor.code, target=target)
        parts = (("source", speaker.surface), (None, " "), ("cue", "denied"), (None, " "),
                 ("content", "that " + verb), (None, "."))  # fmt: skip
        return Said(parts, speaker.actor, "deny", "deny", False, event)

    def condemnation(self, incident: Incident) -> Said:
        """A third state condemns the incident: a DISAPPROVE event of its own."""
        rng = self.rng
        speaker = self.speaker(avoid=(incident.actor.code, *ORGANISATIONS))
        while speaker.actor.kind == "media":
            speaker = self.speaker(avoid=(incident.actor.code, *ORGANISATIONS))
        word, lemma = rng.choice(CONDEMN)
        actor = incident.actor
        whose = f"{actor.called}'s" if rng.random() < 0.7 else f"the {actor.adjective}"
        what = rng.choice(("decision", "move", "actions", "latest step"))
        end = rng.choice((".", " as reckless.", ", calling for restraint.", " in strong terms."))
        parts = (("source", speaker.surface), (None, " "), ("cue", word), (None, " "),
                 ("content", f"{whose} {what}"), (None, end))  # fmt: skip
        event = Event(type="DISAPPROVE", actor=speaker.actor.country, target=incident.actor.code)
        return Said(parts, speaker.actor, lemma, "assert", False, event)

    def remark(self, published: dt.date) -> Said:
        """A statement about nothing countable: a claim with no event."""
        speaker = self.speaker()
        cue = "reported" if speaker.actor.kind == "media" else "said"
        return self.statement(speaker, self.rng.choice(REMARKS), cue, published)

    def background(self, incident: Incident) -> list[str]:
        """Sentences of context without attribution, in random order."""
        rng, a, t = self.rng, incident.actor, incident.target
        other = self.states[rng.choice(ACTING)]
        month, n, day = MONTHS[rng.randrange(12)], rng.randint(2, 90), rng.choice(WEEKDAYS)
        lines = [
            f"{a.called} and {t.called} have been bound by a treaty on strategic partnership "
            f"since {rng.randint(1994, YEAR - 1)}.",
            f"A delegation from {a.seat} visited {t.seat} in {month} for talks that lasted "
            f"{rng.randint(2, 30)} hours.",
            f"Trade between the two countries rose {rng.randint(2, 40)} percent last year to "
            f"{rng.randint(2, 60)} billion dollars.",
            f"The next round of talks is scheduled for {MONTHS[rng.randrange(12)]} "
            f"{rng.randint(1, 28)} in {other.seat}.",
            f"{other.called} hosted a meeting of {rng.randint(4, 40)} defence ministers in "
            f"{month}.",
            f"Fighting near the {rng.choice(('northern', 'eastern', 'southern'))} front has "
            f"intensified since {MONTHS[rng.randrange(12)]}.",
            f"The {rng.choice(('port', 'airfield', 'rail hub', 'depot'))} near the border was "
            f"rebuilt after a fire in {rng.randint(2015, YEAR - 1)}.",
            f"{a.adjective} and {t.adjective} envoys last met {rng.randint(2, 40)} weeks ago.",
            f"Commercial satellites photographed {rng.randint(5, 300)} vehicles at a base "
            f"{rng.randint(20, 400)} kilometres from the frontier.",
            f"Markets in {other.seat} fell {rng.randint(1, 9)}.{rng.randint(0, 9)} percent on "
            "the news.",
            f"{rng.choice(('Hundreds', 'Thousands', 'Dozens'))} of people gathered outside the "
            f"{t.adjective} embassy in {other.seat}.",
            f"The {rng.choice(('parliament', 'security council', 'cabinet'))} of {t.called} "
            f"will meet on {day} to weigh a response.",
            f"Flights between {a.seat} and {other.seat} were suspended for {n} days.",
            f"The {rng.randint(40, 900)}-kilometre rail link between the two capitals opened in "
            f"{rng.randint(1950, YEAR - 1)}.",
            f"No casualty figures have been released since {month}.",
            f"{other.adjective} naval vessels entered the area on {day}, a week after the last "
            "exercise ended.",
            f"The {rng.choice(('summit', 'forum', 'conference'))} in {other.seat} ended without "
            "a joint declaration.",
            f"Officials from {rng.randint(3, 30)} countries attended an emergency meeting in "
            f"{other.seat} late on {rng.choice(WEEKDAYS)}.",
            f"The ambassadors of {t.called} were summoned home for consultations in {month}.",
            f"Shipping insurers raised premiums for vessels sailing to {t.called} ports by "
            f"{rng.randint(5, 60)} percent.",
        ]
        rng.shuffle(lines)
        return [line[0].upper() + line[1:] for line in lines]


# --- articles -------------------------------------------------------------------------------------

FIRST_NAMES = ("Anna", "Tom", "Mina", "Jae-won", "Olena", "Pavel", "Lina", "Kenji", "Sara", "David",
               "Ayse", "Hamid", "Marta", "Lucas", "Yuki", "Noor")  # fmt: skip
SURNAMES = ("Kim", "Novak", "Hartley", "Petrenko", "Sato", "Haddad", "Kowalski", "Moreau", "Choi",
            "Ivanova", "Demir", "Rahimi", "Lindqvist", "Okafor", "Brennan")  # fmt: skip

Piece = str | Said
Placed = tuple[Said, dict[str, tuple[int, int]]]


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """A generated article: its Document, the ground truth of its attributed statements
    (claims with extractor ``"generated"``) and the id of the article it copies, if any."""

    document: Document
    truth: tuple[Claim, ...]
    copy_of: str | None = None

    def extraction(self, extractor: str) -> Extraction:
        """The Extraction a perfect extractor with id ``extractor`` would give."""
        claims = tuple(replace(c, extractor=extractor) for c in self.truth)
        return Extraction(document=self.document, claims=claims)


def _render(paragraphs: list[list[Piece]]) -> tuple[str, list[Placed]]:
    """The text of an article, and the character ranges of each statement's parts."""
    text = ""
    placed: list[Placed] = []
    for p, paragraph in enumerate(paragraphs):
        text += "\n\n" if p else ""
        for s, piece in enumerate(paragraph):
            text += " " if s else ""
            if isinstance(piece, str):
                text += piece
                continue
            start, where = len(text), {}
            for k, (role, words) in enumerate(piece.parts):
                part = words[0].upper() + words[1:] if k == 0 else words
                if role:
                    where[role] = (len(text), len(text) + len(part))
                text += part
            where["sentence"] = (start, len(text))
            placed.append((piece, where))
    return text, placed


def _article(
    paragraphs: list[list[Piece]],
    *,
    doc_id: str,
    outlet: str,
    title: str,
    published: dt.datetime,
    copy_of: str | None = None,
) -> Article:
    text, placed = _render(paragraphs)
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    slug = re.sub(r"[^a-z]+", "-", outlet.lower())
    document = Document(
        id=doc_id,
        sha256=sha,
        origin=f"generated:{doc_id}",
        text=text,
        title=title,
        outlet=outlet,
        url=f"https://news.example/{slug}/{doc_id}",
        published=published,
        retrieved=published + dt.timedelta(hours=2),
    )
    claims = []
    for said, where in placed:
        source = None
        if said.actor is not None:
            source = Source(span=Span.of(text, (where["source"],)), actor=said.actor)
        cue = Span.of(text, (where["cue"],))
        claims.append(
            Claim(
                id=f"{sha[:12]}-{cue.start}",
                document_id=doc_id,
                sentence=Span.of(text, (where["sentence"],)),
                source=source,
                cue=Cue(span=cue, lemma=said.lemma),
                content=Span.of(text, (where["content"],)),
                stance=said.stance,
                hedged=said.hedged,
                event=said.event,
                said=said.said,
                confidence=0.9,
                extractor="generated",
                reasons=("generated ground truth",),
            )
        )
    return Article(document=document, truth=tuple(claims), copy_of=copy_of)


def _incidents(rng: random.Random, states: dict[str, State], n: int) -> list[Incident]:
    """About one incident per six articles; a few state pairs are in the news far more often."""
    pairs = [(a, t) for a in ACTING for t in ACTING if a != t]
    rng.shuffle(pairs)
    pairs.sort(key=lambda pair: (pair[0] not in HOT) + (pair[1] not in HOT))
    pair_weights = [1 / (rank + 8) for rank in range(len(pairs))]
    kinds = list(KINDS.values())
    out = []
    for _ in range(max(4, n // 6)):
        a, t = rng.choices(pairs, pair_weights)[0]
        kind = rng.choices(kinds, [k.weight for k in kinds])[0]
        days = rng.randint(3, 45)
        start = START + dt.timedelta(days=rng.randrange(DAYS - days))
        size = rng.randint(*kind.size)
        weight = min(rng.paretovariate(1.5), 12.0)  # a few incidents make far more news
        out.append(Incident(kind, states[a], states[t], start, days, size, weight))
    return out


def _statements(
    writer: _Writer, incident: Incident, day: dt.date, incidents: list[Incident]
) -> list[Said]:
    """The statements of one article about ``incident``, the report of it first."""
    rng = writer.rng
    pieces = [writer.report(incident, day, first=True)]
    pieces += [writer.report(incident, day, first=False) for _ in range(rng.randint(1, 4))]
    if rng.random() < 0.45:
        pieces.append(writer.condemnation(incident))
    if rng.random() < 0.25:
        pieces.append(writer.denial(incident, day))
    if rng.random() < 0.35:
        other = rng.choice(incidents)
        known = other.start <= day
        pieces.append(writer.report(other, day, first=True) if known else writer.remark(day))
    if rng.random() < 0.5:
        pieces.append(writer.remark(day))
    return pieces


def generate(n: int, *, seed: int = 0) -> list[Article]:
    """``n`` articles (see the module docstring); the same ``n`` and ``seed`` give the same ones."""
    rng = random.Random(seed)
    writer = _Writer(rng)
    incidents = _incidents(rng, writer.states, n)
    outlets = [o.surface for o in writer.outlets]
    articles: list[Article] = []
    originals: list[tuple[list[list[Piece]], Article]] = []
    for i in range(n):
        doc_id = f"gen{seed}-{i:06d}"
        if originals and rng.random() < COPY_SHARE:
            paragraphs, original = rng.choice(originals)
            copy = [list(p) for p in paragraphs]
            longer = [p for p in copy if len(p) > 1]
            if longer:
                victim = rng.choice(longer)
                victim.pop(rng.randrange(1, len(victim)))
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
            copy.append([f"Additional reporting by {name}."])
            assert original.document.published is not None
            published = original.document.published + dt.timedelta(hours=rng.randint(1, 36))
            title = original.document.title or ""
            outlet = rng.choice(outlets)
            copied = _article(
                copy,
                doc_id=doc_id,
                outlet=outlet,
                title=title,
                published=published,
                copy_of=original.document.id,
            )
            articles.append(copied)
            continue
        incident = rng.choices(incidents, [x.weight for x in incidents])[0]
        day = incident.start + dt.timedelta(days=rng.randrange(incident.days))
        published = dt.datetime.combine(day, dt.time(rng.randrange(24), rng.randrange(60)), dt.UTC)
        outlet = rng.choice(outlets)
        lead, *said = _statements(writer, incident, day, incidents)
        rest: list[Piece] = list(said)
        words = sum(len(text.split()) for s in (lead, *said) for _, text in s.parts)
        target = rng.randint(120, 250)
        background = writer.background(incident)
        while words < target - 10 and background:
            line = background.pop()
            rest.insert(rng.randint(0, len(rest)), line)
            words += len(line.split())
        first: list[Piece] = [lead]
        if rng.random() < 0.4:
            city = incident.target.seat.upper()
            first.insert(0, f"{city}, {day:%b} {day.day} ({outlet}) -")
        paragraphs = [first]
        while rest:
            take = rng.randint(1, 3)
            paragraphs.append(rest[:take])
            rest = rest[take:]
        if rng.random() < 0.3:
            by, editor = (f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}" for _ in "12")
            paragraphs.append([f"Reporting by {by}; editing by {editor}."])
        title = f"{incident.actor.name} {incident.kind.headline} {incident.target.name}"
        article = _article(
            paragraphs, doc_id=doc_id, outlet=outlet, title=title, published=published
        )
        originals.append((paragraphs, article))
        articles.append(article)
    return articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    for article in generate(args.documents, seed=args.seed):
        d = article.document
        words = len(d.text.split())
        print(f"# {d.id} {d.published:%Y-%m-%d %H:%M} {d.outlet}: {d.title} ({words} words)")
        print(d.text)
        for claim in article.truth:
            print(f"  - {claim!r} {claim.event!r}")
        print()


if __name__ == "__main__":
    main()
