"""Playbooks: the bundled ones load; every malformed playbook is one line naming file and line."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT
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


@pytest.mark.parametrize(
    "name", ["korea-russia.yaml", "iran-russia-drones.yaml", "korea-overflight.yaml"]
)
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


# -- overflight indicators --------------------------------------------------------------------

OVERFLIGHT = textwrap.dedent(
    """\
    playbook: test
    title: A test playbook
    indicators:
      overhead:
        description: a North Korean imager passes
        overflight:
          elements: overflight/catalog.json
          satellites: overflight/satellites.yaml
          sites: overflight/sites.yaml
          owner: PRK
          sensor: [optical, sar]
          within_hours: 72
          max_element_age_days: 14
      sent:
        description: troops sent
        event: {type: AID, mode: military, actor: PRK, target: RUS}
    phases:
      - level: 0
        name: watch
        response: nothing
      - level: 1
        name: hide
        response: conceal
        when: {all: [overhead, sent]}
    """
)


@pytest.fixture
def overflight_dir(tmp_path: Path) -> Path:
    """The example overflight inputs, copied beside the playbook (paths are relative to it)."""
    folder = tmp_path / "overflight"
    folder.mkdir()
    for name in ("catalog.json", "satellites.yaml", "sites.yaml"):
        shutil.copy(EXAMPLES / "overflight" / name, folder / name)
    (folder / "garbage.tle").write_text("not an element set\n", encoding="utf-8")
    return folder


def test_an_overflight_indicator_reads_into_records(tmp_path: Path, overflight_dir: Path) -> None:
    playbook = load_playbook(write(tmp_path, OVERFLIGHT))
    overhead = playbook.indicator("overhead")
    condition = overhead.overflight
    assert condition is not None and overhead.event is None and overhead.rule is None
    assert condition.elements == (overflight_dir / "catalog.json",)
    assert condition.satellites == overflight_dir / "satellites.yaml"
    assert condition.sites == overflight_dir / "sites.yaml"
    assert (condition.owners, condition.sensors) == (("PRK",), ("optical", "sar"))
    assert (condition.within_hours, condition.max_element_age_days) == (72.0, 14.0)
    assert condition.selection() == "satellite(s) of owner PRK, sensor optical or sar"
    assert playbook.computed_likelihood == "very likely"


def test_overflight_indicators_naming_the_same_files_read_them_once(
    tmp_path: Path, overflight_dir: Path
) -> None:
    text = OVERFLIGHT.replace(
        "  sent:\n",
        "  any_sar:\n"
        "    description: a SAR passes\n"
        "    overflight: {elements: overflight/catalog.json, satellites: "
        "overflight/satellites.yaml, sites: overflight/sites.yaml, sensor: sar, "
        "within_hours: 6}\n"
        "  sent:\n",
    )
    playbook = load_playbook(write(tmp_path, text))
    one, two = playbook.indicator("overhead").overflight, playbook.indicator("any_sar").overflight
    assert one is not None and two is not None
    assert one.inputs is two.inputs
    assert two.owners == () and two.sensors == ("sar",) and two.max_element_age_days is None


@pytest.mark.parametrize(
    ("old", "new", "line", "expected"),
    [
        (
            "sensor: [optical, sar]",
            "sensor: [optical, lidar]",
            11,
            "unknown sensor 'lidar': use optical, sar, sigint",
        ),
        ("sensor: [optical, sar]", "sensor: []", 11, "sensor is an empty list"),
        ("within_hours: 72", "within_hours: 0", 12, "within_hours must be a positive number"),
        ("within_hours: 72", "within_hours: -6", 12, "within_hours must be a positive number"),
        ("within_hours: 72", "within_hours: soon", 12, "within_hours must be a positive number"),
        ("within_hours: 72", "within_hours: 2000", 12, "at most 1440"),
        ("      within_hours: 72\n", "", 6, "overflight needs 'within_hours'"),
        ("max_element_age_days: 14", "max_element_age_days: 0", 13, "positive number of days"),
        ("max_element_age_days: 14", "max_age_days: 14", 13, "unknown key 'max_age_days'"),
        (
            "elements: overflight/catalog.json",
            "elements: overflight/nope.json",
            7,
            "elements: file 'overflight/nope.json' does not exist",
        ),
        (
            "elements: overflight/catalog.json",
            "elements: [overflight/catalog.json, overflight/gone.tle]",
            7,
            "file 'overflight/gone.tle' does not exist",
        ),
        (
            "sites: overflight/sites.yaml",
            "sites: overflight/sites.yml",
            9,
            "sites: file 'overflight/sites.yml' does not exist",
        ),
        ("      sites: overflight/sites.yaml\n", "", 6, "overflight needs 'sites'"),
        (
            "elements: overflight/catalog.json",
            "elements: overflight/garbage.tle",
            6,
            "garbage.tle' gives no usable element set",
        ),
        ("owner: PRK", "owner: North Korea", 10, "is not a country or organisation code"),
        (
            "      satellites: overflight/satellites.yaml\n",
            "",
            9,
            "owner needs a 'satellites' list",
        ),
        (
            "    description: a North Korean imager passes\n",
            "    description: a North Korean imager passes\n    min_credibility: 2\n",
            6,
            "an overflight indicator is met by computed passes and takes no conditions",
        ),
        (
            "    description: a North Korean imager passes\n",
            "    description: a North Korean imager passes\n    rule: sent\n",
            6,
            "takes no conditions on claims or rules (rule)",
        ),
    ],
)
@pytest.mark.usefixtures("overflight_dir")
def test_a_broken_overflight_indicator_is_one_line_with_file_and_line(
    tmp_path: Path, old: str, new: str, line: int, expected: str
) -> None:
    assert old in OVERFLIGHT
    path = write(tmp_path, OVERFLIGHT.replace(old, new))
    with pytest.raises(PlaybookError) as caught:
        load_playbook(path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path} line {line}: ")
    assert expected in message


@pytest.mark.parametrize(
    ("likelihood", "expected"),
    [
        ("{computed: sure}", "'sure' is not an ICD 203 band"),
        ("{computation: likely}", "keys are credibility grades 1-6 and 'computed'"),
    ],
)
@pytest.mark.usefixtures("overflight_dir")
def test_the_likelihood_of_computed_passes_is_an_icd203_band(
    tmp_path: Path, likelihood: str, expected: str
) -> None:
    path = write(tmp_path, OVERFLIGHT + f"likelihood: {likelihood}\n")
    with pytest.raises(PlaybookError, match=f"line 25: .*{expected}"):
        load_playbook(path)
    good = write(tmp_path, OVERFLIGHT + "likelihood: {computed: likely}\n")
    assert load_playbook(good).computed_likelihood == "likely"
