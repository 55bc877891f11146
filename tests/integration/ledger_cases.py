"""Hand-made documents and claims for the search and access tests: every claim's spans are found
in its text by substring, so each test states exactly which claims a query must return."""

from __future__ import annotations

import datetime as dt
import hashlib

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
)

ENGINE = "extract.test"


def document(
    key: str, text: str, *, published: dt.datetime | None, outlet: str | None, title: str = ""
) -> Document:
    return Document(
        id=key,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        origin=f"test:{key}",
        text=text,
        title=title or key.replace("-", " "),
        outlet=outlet,
        published=published,
    )


def _find(text: str, part: str, after: int = 0) -> tuple[int, int]:
    start = text.index(part, after)
    return start, start + len(part)


def claim(
    doc: Document,
    *,
    cue: str,
    content: str | tuple[str, ...],
    source: str | None = None,
    actor: Actor | None = None,
    stance: Stance = "assert",
    event: Event | None = None,
    hedged: bool = False,
    sentence: str | None = None,
) -> Claim:
    """A claim of ``doc``: ``cue``, ``content`` (several parts for a wrapped quote) and the
    ``source`` mention are located in the text (from the ``sentence``, when given); the
    sentence is the cue's line unless given."""
    text = doc.text
    base = 0 if sentence is None else _find(text, sentence)[0]
    cue_at = _find(text, cue, base)
    if sentence is None:
        start = text.rfind("\n", 0, cue_at[0]) + 1
        end = text.find("\n", cue_at[1])
        sentence_at = (start, len(text) if end < 0 else end)
    else:
        sentence_at = _find(text, sentence)
    parts = (content,) if isinstance(content, str) else content
    ranges = []
    after = base
    for part in parts:
        ranges.append(_find(text, part, after))
        after = ranges[-1][1]
    found = None
    if source is not None:
        assert actor is not None
        found = Source(span=Span.of(text, (_find(text, source, base),)), actor=actor)
    return Claim(
        id=f"{doc.sha256[:12]}-{cue_at[0]}",
        document_id=doc.id,
        sentence=Span.of(text, (sentence_at,)),
        source=found,
        cue=Cue(span=Span.of(text, (cue_at,)), lemma=cue.rsplit(maxsplit=1)[-1].lower()),
        content=Span.of(text, tuple(ranges)),
        stance=stance,
        hedged=hedged,
        event=event,
        confidence=0.9,
        extractor="attribution.test.v1",
        reasons=("made by hand for a test",),
    )


def day(d: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(2024, 10, d, hour, tzinfo=dt.UTC)


NIS = Actor(
    name="National Intelligence Service", kind="organisation", country="KOR", role="intelligence"
)
SOUTH_KOREA = Actor(name="South Korea", kind="state", country="KOR", role="government")
ZELENSKY = Actor(name="Volodymyr Zelensky", kind="person", country="UKR", role="leader")
RUSSIA = Actor(name="Russia", kind="state", country="RUS", role="government")
REUTERS = Actor(name="Reuters", kind="media", country=None, role="media")
SPOKESMAN = Actor(name="a spokesman", kind="unknown")


def cases() -> dict[str, Extraction]:
    """Five articles: the NIS confirming troops sent, Zelensky alleging more, Russia denying,
    a wrapped quote, and an undated blog post whose content runs past its sentence."""
    nis = document(
        "nis",
        "South Korea's spy agency confirmed that North Korea had sent 1,500 special forces to "
        "Russia.\nThe presidential office said it would hold an emergency security meeting.",
        published=day(18),
        outlet="Seoul Ledger",
    )
    zelensky = document(
        "zelensky",
        "Ukraine's president claimed that 10,000 North Korean troops were being prepared to "
        "fight for Russia.",
        published=day(21),
        outlet="Kyiv Post",
    )
    tass = document(
        "tass",
        'Moscow dismissed the reports as "fake news" on Tuesday.',
        published=day(22),
        outlet="TASS",
    )
    quote = document(
        "quote",
        '"These are regular units," a spokesman said, "not labourers."',
        published=day(19, 7),
        outlet="Kyiv Post",
    )
    blog = document(
        "blog",
        "Analysts reportedly believe the following:\nTroops crossed the Tumen river at night.",
        published=None,
        outlet="Blog",
    )
    aid = Event(type="AID", mode="military", actor="PRK", target="RUS")
    return {
        "nis": Extraction(
            document=nis,
            claims=(
                claim(
                    nis,
                    source="South Korea's spy agency",
                    actor=NIS,
                    cue="confirmed",
                    content="North Korea had sent 1,500 special forces to Russia",
                    stance="confirm",
                    event=Event(
                        type="AID",
                        mode="military",
                        actor="PRK",
                        target="RUS",
                        quantity=Quantity(value=1500, unit="special forces"),
                    ),
                ),
                claim(
                    nis,
                    source="The presidential office",
                    actor=SOUTH_KOREA,
                    cue="said",
                    content="it would hold an emergency security meeting",
                    event=Event(type="CONSULT", actor="KOR"),
                ),
            ),
        ),
        "zelensky": Extraction(
            document=zelensky,
            claims=(
                claim(
                    zelensky,
                    source="Ukraine's president",
                    actor=ZELENSKY,
                    cue="claimed",
                    content="10,000 North Korean troops were being prepared to fight for Russia",
                    stance="allege",
                    event=Event(
                        type="AID",
                        mode="military",
                        actor="PRK",
                        target="RUS",
                        quantity=Quantity(value=10000, unit="troops"),
                        modality="planned",
                    ),
                ),
            ),
        ),
        "tass": Extraction(
            document=tass,
            claims=(
                claim(
                    tass,
                    source="Moscow",
                    actor=RUSSIA,
                    cue="dismissed",
                    content='the reports as "fake news"',
                    stance="deny",
                ),
            ),
        ),
        "quote": Extraction(
            document=quote,
            claims=(
                claim(
                    quote,
                    source="a spokesman",
                    actor=SPOKESMAN,
                    cue="said",
                    content=("These are regular units,", "not labourers."),
                ),
            ),
        ),
        "blog": Extraction(
            document=blog,
            claims=(
                claim(
                    blog,
                    cue="reportedly",
                    content="Troops crossed the Tumen river at night.",
                    stance="allege",
                    hedged=True,
                    sentence="Analysts reportedly believe the following:",
                    event=aid,
                ),
            ),
        ),
    }


def bulk(n: int) -> list[Extraction]:
    """``n`` articles of two Reuters claims each; every third pair shares a publication time,
    so that ordering must break ties to page deterministically."""
    out = []
    for i in range(n):
        text = (
            f"Reuters reported that convoy {i} crossed the border near Kursk.\n"
            f"Reuters said shelling number {i} hit the bridge."
        )
        doc = document(
            f"bulk-{i:02d}",
            text,
            published=dt.datetime(2024, 9, 1 + i // 3, 12, tzinfo=dt.UTC),
            outlet="Wire",
        )
        out.append(
            Extraction(
                document=doc,
                claims=(
                    claim(
                        doc,
                        source="Reuters",
                        actor=REUTERS,
                        cue="reported",
                        content=f"convoy {i} crossed the border near Kursk",
                    ),
                    claim(
                        doc,
                        source="Reuters",
                        actor=REUTERS,
                        cue="said",
                        content=f"shelling number {i} hit the bridge",
                    ),
                ),
            )
        )
    return out
