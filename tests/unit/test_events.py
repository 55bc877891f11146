"""events: the PLOVER event of a claim's content or of its speech act.

The sentences are written for these tests. ``state_of`` is a stand-in for the actor resolver
(extract/actors.py): a small table of names, demonyms and capitals.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from tests.stand_ins import state_of
from watchfloor.errors import GazetteerError
from watchfloor.extraction.events import extract_event, is_speech_act, load_lexicon
from watchfloor.records import Event, Quantity, When

TUESDAY = dt.date(2024, 10, 22)


def event_of(
    nlp: Any, text: str, source: str | None, published: dt.date | None = TUESDAY
) -> Event | None:
    """The event of ``text``, where ``[...]`` marks the content and ``{...}`` the cue word."""
    sentence = text.replace("[", "").replace("]", "").replace("{", "").replace("}", "")
    plain = text.replace("{", "").replace("}", "")
    start, end = plain.index("["), plain.index("]") - 1
    cue = text[text.index("{") + 1 : text.index("}")]
    doc = nlp(sentence)
    cue_token = next(t for t in doc if t.text == cue)
    return extract_event(
        doc,
        content_ranges=((start, end),),
        content_head=None,
        cue_head=cue_token.i,
        cue_lemma=cue_token.lemma_,
        source_country=source,
        state_of=state_of,
        published=published,
    )


def month(y: int, m: int) -> When:
    return When(date=dt.date(y, m, 1), precision="month")


def day(y: int, m: int, d: int) -> When:
    return When(date=dt.date(y, m, d), precision="day")


CASES: list[tuple[str, str | None, Event]] = [
    # --- the founding example's claims, reworded ----------------------------------------------
    (
        "The spy agency {confirmed} that [North Korea sent 1,500 special operation forces "
        "to Russia this month].",
        "KOR",
        Event(
            type="AID",
            mode="military",
            actor="PRK",
            target="RUS",
            quantity=Quantity(value=1500, unit="special operation forces"),
            when=month(2024, 10),
        ),
    ),
    (
        "Zelensky {claimed} [his government had intelligence that 10,000 North Korean "
        "soldiers were being prepared to join invading Russian forces].",
        "UKR",
        Event(
            type="AID",
            mode="military",
            actor="PRK",
            target="RUS",
            quantity=Quantity(value=10000, unit="soldiers"),
            modality="planned",
        ),
    ),
    (
        "An official {said} that [Seoul was considering sending defensive and offensive "
        "weapons to Ukraine].",
        "KOR",
        Event(type="AID", mode="military", actor="KOR", target="UKR", modality="planned"),
    ),
    (
        "The officials {said} [Seoul would take phased countermeasures, based on the "
        "level of cooperation].",
        "KOR",
        Event(type="THREATEN", actor="KOR", modality="planned"),
    ),
    (
        "Seoul acted amid {reports} that [troops from the North have been rushed to aid "
        "Russia's war efforts].",
        None,
        Event(type="AID", mode="military", actor="PRK", target="RUS"),
    ),
    (
        "Seoul {fears} that [Moscow may offer high-tech technologies to Pyongyang to help "
        "it perfect its nuclear missiles].",
        "KOR",
        Event(type="AID", mode="military", actor="RUS", target="PRK", modality="hypothetical"),
    ),
    # --- speech acts: the cue is the event -----------------------------------------------------
    (
        "South Korea's top officials {condemned} [the North's alleged move to send "
        "soldiers to Russia].",
        "KOR",
        Event(type="DISAPPROVE", actor="KOR", target="PRK"),
    ),
    (
        "The ambassador rejected the reports on Monday (Oct 21), {accusing} the West [of "
        "scaremongering].",
        "RUS",
        Event(type="ACCUSE", actor="RUS", target="WEST", when=day(2024, 10, 21)),
    ),
    (
        "South Korea on Tuesday {threatened} [to consider sending offensive weapons to Ukraine].",
        "KOR",
        Event(type="THREATEN", actor="KOR", when=day(2024, 10, 22)),
    ),
    (
        "Seoul {warned} that [it would retaliate against any strike on Seoul].",
        "KOR",
        Event(type="THREATEN", mode="violence", actor="KOR"),
    ),
    (
        "Kyiv {urged} Minsk [to stay out of the war].",
        "UKR",
        Event(type="REQUEST", actor="UKR", target="BLR"),
    ),
    # an intention verb as the cue plans its to-clause, not its that-clause
    (
        "Seoul is {considering} [sending weapons to Ukraine].",
        "KOR",
        Event(type="AID", mode="military", actor="KOR", target="UKR", modality="planned"),
    ),
    (
        "Seoul {warned} that [Pyongyang has sent troops to Russia].",
        "KOR",
        Event(type="AID", mode="military", actor="PRK", target="RUS"),
    ),
    # a warning about someone else's act keeps the content's event
    (
        "Seoul {warned} that [Pyongyang would send more troops to Russia].",
        "KOR",
        Event(type="AID", mode="military", actor="PRK", target="RUS", modality="planned"),
    ),
    # --- transfers ----------------------------------------------------------------------------
    (
        "Officials {said} [Belarus sent 300 tanks to Russia last month].",
        None,
        Event(
            type="AID",
            mode="military",
            actor="BLR",
            target="RUS",
            quantity=Quantity(value=300, unit="tanks"),
            when=month(2024, 9),
        ),
    ),
    (
        "Officials {said} [Iran supplied Russia with thousands of drones].",
        None,
        Event(
            type="AID", mode="military", actor="IRN", target="RUS", quantity=Quantity(unit="drones")
        ),
    ),
    (
        "Officials {said} [China would provide $2 billion in loans to Pyongyang].",
        None,
        Event(
            type="AID",
            mode="economic",
            actor="CHN",
            target="PRK",
            quantity=Quantity(value=2e9, unit="dollars"),
            modality="planned",
        ),
    ),
    (
        "Officials {said} [3,000 troops were sent to Russia by Pyongyang].",
        None,
        Event(
            type="AID",
            mode="military",
            actor="PRK",
            target="RUS",
            quantity=Quantity(value=3000, unit="troops"),
        ),
    ),
    (
        "Officials {said} [up to 12,000 North Korean soldiers could be sent to Russia].",
        None,
        Event(
            type="AID",
            mode="military",
            actor="PRK",
            target="RUS",
            quantity=Quantity(max=12000, unit="soldiers"),
            modality="hypothetical",
        ),
    ),
    (
        "Officials {said} [Russia is expected to give Pyongyang fighter jets].",
        None,
        Event(type="AID", mode="military", actor="RUS", target="PRK", modality="planned"),
    ),
    (
        "Washington {said} [Beijing is ready to supply weapons to Moscow].",
        "USA",
        Event(type="AID", mode="military", actor="CHN", target="RUS", modality="planned"),
    ),
    (
        "Seoul {said} [it could send weapons to Ukraine if Pyongyang sends troops to Russia].",
        "KOR",
        Event(type="AID", mode="military", actor="KOR", target="UKR", modality="hypothetical"),
    ),
    (
        "Zelensky {said} [North Korean troops will fight alongside Russian forces].",
        "UKR",
        Event(type="AID", mode="military", actor="PRK", target="RUS", modality="planned"),
    ),
    # a military resource moved with no recipient state is a mobilisation
    (
        "Analysts {said} [Russia deployed 5,000 troops].",
        None,
        Event(
            type="MOBILIZE",
            mode="troops",
            actor="RUS",
            quantity=Quantity(value=5000, unit="troops"),
        ),
    ),
    # --- other types ----------------------------------------------------------------------------
    (
        "Kyiv {said} [Russian forces shelled Kharkiv on Monday].",
        "UKR",
        Event(type="FIGHT", mode="artillery", actor="RUS", target="UKR", when=day(2024, 10, 21)),
    ),
    (
        "Officials {said} [Russia launched a missile strike on Kyiv yesterday].",
        None,
        Event(type="FIGHT", mode="missile", actor="RUS", target="UKR", when=day(2024, 10, 21)),
    ),
    (
        "Seoul {said} [it will impose sanctions on Moscow].",
        "KOR",
        Event(type="SANCTION", actor="KOR", target="RUS", modality="planned"),
    ),
    (
        "The ministry {said} [Pyongyang threatened Seoul with retaliation].",
        "KOR",
        Event(type="THREATEN", mode="violence", actor="PRK", target="KOR", modality="planned"),
    ),
    (
        "Officials {said} [Pyongyang held talks with Moscow in August].",
        None,
        Event(type="CONSULT", actor="PRK", target="RUS", when=month(2024, 8)),
    ),
    (
        "Seoul {said} [the deepening military partnership between Moscow and Pyongyang "
        "may end up boosting its weapons].",
        "KOR",
        Event(type="COOPERATE", mode="military", actor="RUS", target="PRK"),
    ),
    (
        "Officials {said} [Seoul talked with Moscow on Monday].",
        None,
        Event(type="CONSULT", actor="KOR", target="RUS", when=day(2024, 10, 21)),
    ),
    (
        "The ministry {said} [Moscow rejected the proposal].",
        None,
        Event(type="REJECT", actor="RUS"),
    ),
]


@pytest.mark.parametrize(
    ("text", "source", "expected"),
    CASES,
    ids=[text[text.index("[") + 1 :][:40] for text, _, _ in CASES],
)
def test_extract_event(nlp: Any, text: str, source: str | None, expected: Event) -> None:
    assert event_of(nlp, text, source) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Both North Korea and Russia have {rubbished} [these reports].",
        "Moscow {dismissed} [the claims] on Monday.",
        "The ministry {said} [Moscow rejected the claims].",
        "Officials {said} [the weather was cold].",
        "Officials {said} [Seoul sent a letter to Moscow].",
        "Analysts {said} [they were studying the reports].",
        # "talk" needs a partner; an event that no state takes part in is dropped
        "Officials {said} [Seoul talked about reform].",
        "Officials {said} [the attacks continued overnight].",
    ],
)
def test_no_event(nlp: Any, text: str) -> None:
    assert event_of(nlp, text, "KOR") is None


def test_no_publication_date_keeps_the_event_without_a_relative_date(nlp: Any) -> None:
    text = "Officials {said} [Belarus sent 300 tanks to Russia last month]."
    event = event_of(nlp, text, None, published=None)
    assert event is not None
    assert event.when is None
    assert (event.type, event.actor, event.target) == ("AID", "BLR", "RUS")


def test_content_head_from_the_attribution_step_is_used(nlp: Any) -> None:
    sentence = "Officials said Belarus sent 300 tanks to Russia."
    doc = nlp(sentence)
    start = sentence.index("Belarus")
    event = extract_event(
        doc,
        content_ranges=((start, len(sentence) - 1),),
        content_head=next(t.i for t in doc if t.text == "sent"),
        cue_head=1,
        cue_lemma="say",
        source_country=None,
        state_of=state_of,
        published=TUESDAY,
    )
    assert event is not None
    assert event.type == "AID"


# ------------------------------------------------------------------ presence and transfer places


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the place of a transfer without a "to" phrase is the recipient; at home it is MOBILIZE
        ("Officials {said} [Moscow deployed troops in Belarus].", ("AID", "RUS", "BLR")),
        ("Officials {said} [Moscow deployed troops in Russia's west].", ("MOBILIZE", "RUS", None)),
        ("Officials {said} [Minsk moved tanks near the border].", ("MOBILIZE", "BLR", None)),
        # the holder of forces is the actor only when the forces have no state of their own
        ("Officials {said} [Moscow has 2,000 Iranian troops in Belarus].", ("AID", "IRN", "BLR")),
        ("Officials {said} [Moscow has 2,000 troops in Belarus].", ("AID", "RUS", "BLR")),
        ("Officials {said} [Russia has 50,000 troops in the Kursk region].", None),
        # copula adjectives, participles and relative clauses on the forces
        ("Officials {said} [North Korean troops were present in Russia].", ("AID", "PRK", "RUS")),
        (
            "Officials {said} [Chinese soldiers stationed in Russia took part in drills].",
            ("AID", "CHN", "RUS"),
        ),
        (
            "Officials {said} [North Korean soldiers who were in Russia had begun training].",
            ("AID", "PRK", "RUS"),
        ),
        ("Officials {said} [North Korean troops were happy in Kursk].", None),
        ("Officials {said} [Russian forces invading Ukraine were seen in Kharkiv].", None),
        ("Officials {said} [invading Russian units in Ukraine were seen].", None),
    ],
)
def test_presence_and_transfer_places(
    nlp: Any, text: str, expected: tuple[str, str, str | None] | None
) -> None:
    event = event_of(nlp, text, None)
    got = None if event is None else (event.type, event.actor, event.target)
    assert got == expected


def test_presence_keeps_the_count_of_the_forces_and_the_modality_of_their_clause(nlp: Any) -> None:
    event = event_of(nlp, "Officials {said} [Iran plans to keep 500 soldiers in Russia].", None)
    assert event == Event(
        type="AID",
        mode="military",
        actor="IRN",
        target="RUS",
        quantity=Quantity(value=500, unit="soldiers"),
        modality="planned",
    )


@pytest.mark.parametrize(
    ("lemma", "expected"), [("condemn", True), ("accuse", True), ("say", False), ("deny", False)]
)
def test_is_speech_act(lemma: str, expected: bool) -> None:
    assert is_speech_act(lemma) is expected


# ------------------------------------------------------------------------------ user lexicons


def test_an_extra_lexicon_adds_a_verb(nlp: Any, tmp_path: Path) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text("verbs:\n  airlift: {type: AID, transfer: true}\n", encoding="utf-8")
    sentence = "Officials said Pyongyang airlifted shells to Russia."
    doc = nlp(sentence)
    start = sentence.index("Pyongyang")
    event = extract_event(
        doc,
        content_ranges=((start, len(sentence) - 1),),
        content_head=None,
        cue_head=1,
        cue_lemma="say",
        source_country=None,
        state_of=state_of,
        published=TUESDAY,
        lexicon=load_lexicon((extra,)),
    )
    assert event == Event(type="AID", mode="military", actor="PRK", target="RUS",
                          quantity=None)  # fmt: skip
    assert "airlift" not in load_lexicon().verbs  # the bundled lexicon is untouched


def test_an_extra_lexicon_adds_a_presence_verb(nlp: Any, tmp_path: Path) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text("presence:\n  verbs: [linger]\n", encoding="utf-8")
    sentence = "Officials said North Korean troops lingered in Russia."
    doc = nlp(sentence)
    start = sentence.index("North")
    kwargs: dict[str, Any] = {
        "content_ranges": ((start, len(sentence) - 1),),
        "content_head": None,
        "cue_head": 1,
        "cue_lemma": "say",
        "source_country": None,
        "state_of": state_of,
        "published": TUESDAY,
    }
    assert extract_event(doc, **kwargs) is None
    event = extract_event(doc, **kwargs, lexicon=load_lexicon((extra,)))
    assert event == Event(type="AID", mode="military", actor="PRK", target="RUS")
    assert "be" in load_lexicon((extra,)).presence.verbs  # the lists are added to


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("verbs:\n  help: {type: HELP}\n", "unknown event type 'HELP'"),
        ("verbs:\n  help: {type: AID, mode: moral}\n", "'moral' is not a mode of AID"),
        ("verbs:\n  help: {type: AID, via: x}\n", "unknown key via"),
        ("targets:\n  AID: [to, on]\n", "quote it"),
        ("types: [AID]\n", "the PLOVER types are fixed"),
        ("modality:\n  planned_words: [plot]\n", "modality.planned_words must be one of"),
        ("verbs: [send]\n", "section 'verbs' must be a mapping"),
        ("verbs: {send: {type: AID\n", "not valid YAML"),
        ("presence: [be]\n", "section 'presence' must be a mapping"),
        ("presence:\n  verbz: [be]\n", "presence.verbz: unknown key"),
        ("presence:\n  preps: [in, on]\n", "quote it"),
        ("presence:\n  event: {type: AID, mode: moral}\n", "'moral' is not a mode of AID"),
    ],
)
def test_a_bad_lexicon_file_is_a_sentence(tmp_path: Path, text: str, message: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(GazetteerError, match=re.escape(message)) as info:
        load_lexicon((bad,))
    assert str(bad) in str(info.value)
