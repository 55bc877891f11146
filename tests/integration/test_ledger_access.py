"""API tokens and analysts' source grades, on a real SQLite file and a real PostgreSQL server:
tokens are stored hashed and can be revoked; an analyst's grade overrides the registry, regrades
the stories at the next rebuild, and keeps its history; bad inputs are one clear error. Also the
``watchfloor token`` and ``watchfloor grade`` commands."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from tests.integration.ledger_cases import ENGINE, REUTERS, cases, claim, day, document
from watchfloor.cli import app
from watchfloor.corroborate import load_registry, needs_rebuild, rebuild
from watchfloor.errors import LedgerError
from watchfloor.ledger import Ledger, open_ledger
from watchfloor.ledger import schema as t
from watchfloor.records import Actor, Event, Extraction

# -- tokens ------------------------------------------------------------------------------------


def _everything_stored(ledger: Ledger, url: str) -> bytes:
    """Every byte the database holds, as far as a test can read it: the SQLite files (main and
    write-ahead log), or every row of every table of the PostgreSQL database as text."""
    if url.startswith("sqlite"):
        path = Path(url.removeprefix("sqlite:///"))
        return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    out = []
    with ledger.engine.connect() as conn:
        for table in sa.inspect(conn).get_table_names():
            out += [str(row) for row in conn.exec_driver_sql(f'SELECT t::text FROM "{table}" t')]
    return "\n".join(out).encode()


def test_a_token_is_shown_once_stored_hashed_and_checked(ledger_url: str) -> None:
    with open_ledger(ledger_url) as ledger:
        assert not ledger.has_tokens()
        token = ledger.create_token("web-desk")
        other = ledger.create_token("ingest.bot@desk")
        assert token.startswith("wf_") and len(token) >= 40 and token != other
        assert ledger.has_tokens()
        info = ledger.verify_token(token)
        assert info is not None and info.name == "web-desk" and info.active
        assert info.last_used is not None
        assert abs(info.last_used - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=1)
        assert ledger.verify_token(other).name == "ingest.bot@desk"  # type: ignore[union-attr]
        for wrong in (token[:-1], token + "x", token.upper(), "wf_", "", token[3:], "x" * 10_000):
            assert ledger.verify_token(wrong) is None, wrong
        listed = ledger.tokens()
        assert [x.name for x in listed] == ["web-desk", "ingest.bot@desk"]
        assert listed[0].last_used is not None and listed[1].revoked is None
        stored = _everything_stored(ledger, ledger_url)
        assert token.encode() not in stored and token[3:].encode() not in stored
        assert b"web-desk" in stored  # the search did read the data


def test_a_revoked_token_stops_working_and_keeps_its_name(ledger_url: str) -> None:
    with open_ledger(ledger_url) as ledger:
        token = ledger.create_token("web-desk")
        revoked = ledger.revoke_token("web-desk")
        assert revoked.revoked is not None and not revoked.active
        assert ledger.verify_token(token) is None
        assert not ledger.has_tokens()
        assert ledger.revoke_token("web-desk").revoked == revoked.revoked  # again: no change
        with pytest.raises(LedgerError, match=r"'web-desk' already exists \(revoked"):
            ledger.create_token("web-desk")
        with pytest.raises(LedgerError, match="no token named 'nobody'"):
            ledger.revoke_token("nobody")
        assert [x.name for x in ledger.tokens()] == ["web-desk"]


@pytest.mark.parametrize("name", ["", " desk", "web desk", "-desk", "a" * 65, "désk", "x;drop"])
def test_a_bad_token_name_is_one_clear_error(tmp_path: Path, name: str) -> None:
    with open_ledger(f"sqlite:///{tmp_path / 'w.db'}") as ledger:
        with pytest.raises(LedgerError, match=r"token name .* cannot be used") as caught:
            ledger.create_token(name)
        assert repr(name) in str(caught.value) and "\n" not in str(caught.value)
        assert ledger.tokens() == ()


def test_last_used_is_written_at_most_once_a_minute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from watchfloor.ledger import access

    with open_ledger(f"sqlite:///{tmp_path / 'w.db'}") as ledger:
        token = ledger.create_token("desk")
        with ledger.engine.begin() as conn:
            first = access.verify_token(conn, token, now=day(1, 10))
            same = access.verify_token(conn, token, now=day(1, 10) + dt.timedelta(seconds=30))
            later = access.verify_token(conn, token, now=day(1, 10) + dt.timedelta(minutes=2))
        assert first is not None and same is not None and later is not None
        assert first.last_used == same.last_used == day(1, 10)
        assert later.last_used == day(1, 10) + dt.timedelta(minutes=2)
        assert ledger.tokens()[0].last_used == later.last_used


# -- analysts' source grades -------------------------------------------------------------------

REUTERS_KEY = "media:-:Reuters"


def _reuters_story(ledger: Ledger) -> str:
    """The credibility of the story only Reuters reports."""
    (story,) = [s for s in ledger.stories() if s.actor == "RUS"]
    return story.credibility.value


def _reuters_ledger(ledger: Ledger) -> None:
    text = "Reuters confirmed that Russia moved air defences to Kursk."
    doc = document("reuters", text, published=day(20), outlet="Wire")
    report = claim(
        doc,
        source="Reuters",
        actor=REUTERS,
        cue="confirmed",
        content="Russia moved air defences to Kursk",
        stance="confirm",
        event=Event(type="MOBILIZE", mode="military", actor="RUS", target="UKR"),
    )
    ledger.store(Extraction(document=doc, claims=(report,)), extractor=ENGINE)
    rebuild(ledger)


def _grade_of(ledger: Ledger, key: str):  # type: ignore[no-untyped-def]
    return next(g for g in ledger.sources() if g.claimant.key == key)


def test_an_analysts_grade_overrides_the_registry_and_regrades_stories(ledger_url: str) -> None:
    with open_ledger(ledger_url) as ledger:
        _reuters_ledger(ledger)
        assert _grade_of(ledger, REUTERS_KEY).reliability.value == "F"
        assert _reuters_story(ledger) == "3"  # one group reports it plainly
        edit = ledger.set_source_reliability(
            REUTERS_KEY, "b", reason="  Wire copy checked   against 40 stories ", by="web-desk"
        )
        assert (edit.reliability, edit.reason, edit.by) == (
            "B",
            "Wire copy checked against 40 stories",
            "web-desk",
        )
        assert ledger.stories_stale() and needs_rebuild(ledger)
        rebuild(ledger)
        assert not ledger.stories_stale()
        grade = _grade_of(ledger, REUTERS_KEY)
        assert grade.reliability.value == "B" and grade.registry == "B"
        assert grade.reliability.reasons[0] == (
            f"set to B by analyst web-desk on {edit.at.date().isoformat()}: "
            "Wire copy checked against 40 stories"
        )
        assert _reuters_story(ledger) == "2"  # one group graded A or B reports it plainly
        # a newer edit wins; the history keeps both, newest first
        ledger.set_source_reliability(REUTERS_KEY, "E", reason="Retracted twice", by="chief")
        rebuild(ledger)
        assert _grade_of(ledger, REUTERS_KEY).reliability.value == "E"
        assert _reuters_story(ledger) == "3"
        history = ledger.source_history(REUTERS_KEY)
        assert [(h.reliability, h.by) for h in history] == [("E", "chief"), ("B", "web-desk")]
        assert ledger.grade_edits() == {REUTERS_KEY: history[0]}
        assert ledger.source_history("media:-:Nobody") == ()


def test_an_analysts_grade_wins_over_a_registry_given_later(
    ledger_url: str, tmp_path: Path
) -> None:
    registry = tmp_path / "mine.yaml"
    registry.write_text("sources:\n  - name: Reuters\n    reliability: A\n", encoding="utf-8")
    with open_ledger(ledger_url) as ledger:
        _reuters_ledger(ledger)
        rebuild(ledger, registry=load_registry(registry))
        assert _grade_of(ledger, REUTERS_KEY).reliability.value == "A"
        ledger.set_source_reliability(REUTERS_KEY, "D", reason="Two fabricated quotes", by="desk")
        rebuild(ledger, registry=load_registry(registry))
        grade = _grade_of(ledger, REUTERS_KEY)
        assert grade.reliability.value == "D"
        assert grade.reliability.reasons[1] == "registry mine.yaml grades it A: overridden"
        rebuild(ledger)  # later rebuilds, with the registry the ledger kept, keep the edit too
        assert _grade_of(ledger, REUTERS_KEY).reliability.value == "D"
        assert _reuters_story(ledger) == "3"


FRANCE = Actor(name="France", kind="state", country="FRA", role="government")
GERMANY = Actor(name="Germany", kind="state", country="DEU", role="government")


def test_a_track_record_never_moves_an_analysts_grade(ledger_url: str, tmp_path: Path) -> None:
    """Three stories Reuters reports and two uninvolved governments deny: improbable (5), so
    Reuters' track record is 0 of 3 (E). That moves a registry's A to B; an analyst's A stays."""
    events = [("ASSAULT", "RUS", "UKR"), ("SANCTION", "USA", "IRN"), ("AID", "CHN", "RUS")]
    speakers = [
        ("Reuters", REUTERS, "confirmed", "confirm"),
        ("France", FRANCE, "denied", "deny"),
        ("Germany", GERMANY, "denied", "deny"),
    ]
    registry = tmp_path / "mine.yaml"
    registry.write_text("sources:\n  - name: Reuters\n    reliability: A\n", encoding="utf-8")
    with open_ledger(ledger_url) as ledger:
        for i, (kind, actor, target) in enumerate(events):
            said = f"{actor} did {kind.lower()} {target}"
            text = "\n".join(f"{who} {cue} that {said}." for who, _, cue, _ in speakers)
            doc = document(f"track-{i}", text, published=day(10 + i), outlet="Wire")
            event = Event(type=kind, actor=actor, target=target)
            made = [
                claim(
                    doc,
                    source=who,
                    actor=a,
                    cue=cue,
                    content=said,
                    stance=stance,
                    event=event,
                    sentence=f"{who} {cue} that {said}.",
                )
                for who, a, cue, stance in speakers
            ]
            ledger.store(Extraction(document=doc, claims=tuple(made)), extractor=ENGINE)
        rebuild(ledger, registry=load_registry(registry))
        assert {s.credibility.value for s in ledger.stories()} == {"5"}
        moved = _grade_of(ledger, REUTERS_KEY)
        assert (moved.contradicted, moved.reliability.value) == (3, "B")
        ledger.set_source_reliability(REUTERS_KEY, "A", reason="Our best wire", by="desk")
        rebuild(ledger)
        grade = _grade_of(ledger, REUTERS_KEY)
        assert grade.reliability.value == "A" and grade.contradicted == 3
        assert grade.reliability.reasons[0].endswith(": Our best wire")
        assert "track record: 0 of 3 judged stories confirmed (E)" in grade.reliability.reasons


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (("media:-:Nobody", "B", "why", "desk"), "unknown source 'media:-:Nobody'"),
        ((REUTERS_KEY, "G", "why", "desk"), "reliability 'G' for source 'media:-:Reuters' is not"),
        ((REUTERS_KEY, "AB", "why", "desk"), "reliability 'AB' .* use one of A, B, C, D, E, F"),
        ((REUTERS_KEY, "B", "   ", "desk"), "grade B for source 'media:-:Reuters' needs a reason"),
        ((REUTERS_KEY, "B", "why", " "), "needs who set it .*not ' '"),
        ((REUTERS_KEY, "B", "x" * 2001, "desk"), "keep it under 2000"),
    ],
)
def test_a_bad_grade_is_one_clear_error_and_changes_nothing(
    ledger_url: str, edit: tuple[str, str, str, str], message: str
) -> None:
    source, letter, reason, by = edit
    with open_ledger(ledger_url) as ledger:
        _reuters_ledger(ledger)
        version = ledger.claims_version()
        with pytest.raises(LedgerError, match=message) as caught:
            ledger.set_source_reliability(source, letter, reason=reason, by=by)
        assert "\n" not in str(caught.value)
        assert ledger.claims_version() == version and not ledger.stories_stale()
        assert ledger.grade_edits() == {}
        with ledger.engine.connect() as conn:
            assert (
                conn.execute(sa.select(sa.func.count()).select_from(t.source_grade_edits)).scalar()
                == 0
            )


# -- the command line --------------------------------------------------------------------------


def test_the_token_and_grade_commands(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'w.db'}"
    with open_ledger(url) as ledger:
        for e in cases().values():
            ledger.store(e, extractor=ENGINE)
        rebuild(ledger)
    runner = CliRunner()
    made = runner.invoke(app, ["token", "create", "web-desk", "--db", url])
    assert made.exit_code == 0, made.output
    token = made.stdout.strip()
    assert token.startswith("wf_") and "\n" not in token
    assert "shown this once" in made.stderr and token not in made.stderr
    with open_ledger(url) as ledger:
        assert ledger.verify_token(token).name == "web-desk"  # type: ignore[union-attr]
    listed = runner.invoke(app, ["token", "list", "--db", url])
    assert listed.exit_code == 0 and "web-desk" in listed.stdout and "active" in listed.stdout
    assert token not in listed.stdout
    gone = runner.invoke(app, ["token", "revoke", "web-desk", "--db", url])
    assert gone.exit_code == 0 and "revoked" in gone.stderr
    assert "revoked" in runner.invoke(app, ["token", "list", "--db", url]).stdout
    graded = runner.invoke(
        app,
        [
            "grade",
            "national intelligence service",
            "C",
            "--reason",
            "Overstated before",
            "--by",
            "desk",
            "--db",
            url,
        ],
    )
    assert graded.exit_code == 0, graded.output
    key = "organisation:KOR:National Intelligence Service"
    assert graded.stdout.split("\t")[:2] == [key, "C"]
    assert "Overstated before" in graded.stdout
    with open_ledger(url) as ledger:
        assert not ledger.stories_stale()
        assert _grade_of(ledger, key).reliability.value == "C"
    table = runner.invoke(app, ["sources", "--format", "table", "--db", url])
    row = next(line for line in table.stdout.splitlines() if "National Intelligence" in line)
    assert "analyst desk" in row and "registry" not in row
    missing = runner.invoke(app, ["token", "list", "--db", f"sqlite:///{tmp_path / 'typo.db'}"])
    assert missing.exit_code == 1 and not (tmp_path / "typo.db").exists()
    bad = runner.invoke(app, ["grade", "Nobody", "B", "--reason", "x", "--db", url])
    assert bad.exit_code == 1
