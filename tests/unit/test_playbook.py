"""Playbooks: the bundled ones load; every malformed playbook is one line naming file and line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tests.conftest import ROOT
from watchfloor.assess.playbook import Rule, load_playbook
from watchfloor.errors import PlaybookError

GOOD = textwrap.dedent(
    """\
    playbook: test
    title: A test playbook
    indicators:
      sent:
        description: troops sent
        event: {type: AID, mode: military, actor: PRK, target: RUS}
        objects: [personnel]
        stances: [confirm]
        min_credibility: 2
      big:
        description: many troops
        event: {type: AID, actor: PRK, target: RUS}
        min_quantity: 10000
      both:
        description: both
        rule: {all: [sent, big]}
    phases:
      - level: 0
        name: watch
        response: nothing
      - level: 1
        name: act
        response: something
        when: {at_least: 1, of: [sent, both]}
    """
)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pb.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["korea-russia.yaml", "iran-russia-drones.yaml"])
def test_bundled_playbooks_load(name: str) -> None:
    playbook = load_playbook(ROOT / "playbooks" / name)
    assert [p.level for p in playbook.phases] == list(range(len(playbook.phases)))
    assert playbook.phases[0].rule is None
    assert all(p.rule is not None for p in playbook.phases[1:])


def test_a_good_playbook_reads_into_records(tmp_path: Path) -> None:
    playbook = load_playbook(write(tmp_path, GOOD))
    sent = playbook.indicator("sent")
    assert sent.event is not None and sent.event.type == "AID" and sent.event.actor == "PRK"
    assert (sent.objects, sent.stances, sent.min_credibility) == (("personnel",), ("confirm",), 2)
    assert sent.line == 4
    assert playbook.indicator("big").min_quantity == 10000
    assert playbook.indicator("both").rule == Rule(
        kind="all", items=(Rule(kind="indicator", name="sent"), Rule(kind="indicator", name="big"))
    )
    assert str(playbook.phases[1].rule) == "at least 1 of (sent, both)"


def _broken(tmp_path: Path, old: str, new: str) -> str:
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new))
    with pytest.raises(PlaybookError) as caught:
        load_playbook(path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path} line ")
    return message


@pytest.mark.parametrize(
    ("old", "new", "line", "expected"),
    [
        ("type: AID, mode", "type: INVADE, mode", 6, "unknown event type 'INVADE': use one of"),
        ("of: [sent, both]", "of: [sent, huge]", 24, "unknown indicator 'huge' in its rule"),
        ("rule: {all: [sent, big]}", "rule: {all: [sent, nope]}", 16, "unknown indicator 'nope'"),
        ("rule: {all: [sent, big]}", "rule: {all: [sent, both]}", 14, "cycle: both -> both"),
        ("    when: {at_least: 1, of: [sent, both]}\n", "", 21, "phase 1 has no rule"),
        ("title: A test", "title: [A test", 3, "not valid YAML"),
        ("    min_credibility: 2", "    min_credibility: 9", 9, "between 1 and 6"),
        ("    stances: [confirm]", "    stances: [deny]", 8, "denials never support"),
        ("    objects: [personnel]", "    objects: [tanks]", 7, "object classes"),
        ("  - level: 1", "  - level: 2", 21, "level must be 1"),
        ("    min_quantity: 10000", "    minimum: 10000", 13, "unknown key 'minimum'"),
        ("of: [sent, both]}", "of: [sent, both], most: 2}", 24, "a rule is an indicator name"),
        ("at_least: 1,", "at_least: 3,", 24, "at_least must be a whole number from 1 to 2"),
    ],
)
def test_a_broken_playbook_is_one_line_with_file_and_line(
    tmp_path: Path, old: str, new: str, line: int, expected: str
) -> None:
    message = _broken(tmp_path, old, new)
    assert f" line {line}: " in message
    assert expected in message


def test_a_cycle_through_two_indicators_is_named(tmp_path: Path) -> None:
    text = GOOD.replace(
        "    event: {type: AID, actor: PRK, target: RUS}\n    min_quantity: 10000\n",
        "    rule: {any: [both]}\n",
    )
    assert text != GOOD
    path = write(tmp_path, text)
    with pytest.raises(PlaybookError, match=r"line 10: .*cycle: big -> both -> big"):
        load_playbook(path)


def test_a_missing_playbook_names_the_path(tmp_path: Path) -> None:
    with pytest.raises(PlaybookError, match="does not exist"):
        load_playbook(tmp_path / "nope.yaml")
