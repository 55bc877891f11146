"""Overflight indicators evaluated: met by computed passes with the passes as reasons, not met
with why, the window following as-of, element sets counted from their epoch and not when too
old, and the files read again when they change.

The inputs are the bundled example (examples/overflight/): constructed element sets with epochs
on 31 October and 1 November 2024; EXAMPLE-EO-PRK-1 (99001) is the only satellite the example
list tags as North Korean (optical). Its passes over the example sites in South Korea come
about 01:50 UTC each day (late morning, usable) and around 12:30-14:00 UTC (night: the Sun is
far below the optical limit of 10°).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import textwrap
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES
from watchfloor.assess.evaluate import evaluate
from watchfloor.assess.playbook import Playbook, load_playbook
from watchfloor.records import IndicatorResult


def _at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


def _playbook(tmp_path: Path, **block: object) -> Playbook:
    """A playbook whose phase 1 is one overflight indicator over copies of the example files;
    ``block`` replaces or adds keys of its overflight block (None removes one)."""
    folder = tmp_path / "overflight"
    if not folder.exists():
        folder.mkdir(parents=True)
        for name in ("catalog.json", "satellites.yaml", "sites.yaml"):
            shutil.copy(EXAMPLES / "overflight" / name, folder / name)
    keys: dict[str, object] = {
        "elements": "overflight/catalog.json",
        "satellites": "overflight/satellites.yaml",
        "sites": "overflight/sites.yaml",
        "owner": "PRK",
        "sensor": "[optical, sar]",
        "within_hours": 72,
        "max_element_age_days": 14,
    }
    keys.update(block)
    lines = "".join(f"      {k}: {v}\n" for k, v in keys.items() if v is not None)
    text = textwrap.dedent(
        """\
        playbook: test
        title: overflight
        indicators:
          overhead:
            description: a North Korean imaging satellite makes a usable pass over a site
            overflight:
        """
    )
    text += lines + textwrap.dedent(
        """\
        phases:
          - {level: 0, name: watch, response: nothing}
          - {level: 1, name: conceal, response: keep movements out of the windows, when: overhead}
        """
    )
    path = tmp_path / "pb.yaml"
    path.write_text(text, encoding="utf-8")
    return load_playbook(path)


def _overhead(playbook: Playbook, as_of: str) -> IndicatorResult:
    assessment = evaluate(playbook, (), (), as_of=_at(as_of))
    (result,) = assessment.indicators
    return result


def test_met_by_usable_passes_listed_in_the_reasons(tmp_path: Path) -> None:
    playbook = _playbook(tmp_path)
    assessment = evaluate(playbook, (), (), as_of=_at("2024-11-01T12:00"))
    (result,) = assessment.indicators
    assert result.met
    assert (result.stories, result.evidence) == ((), ())  # computed, never reported
    head, first, *rest = result.reasons
    assert head == (
        "16 usable pass(es) by 1 satellite(s) of owner PRK, sensor optical or sar over 7 "
        "site(s) from 2024-11-01 12:00 UTC to 2024-11-04 12:00 UTC, computed from element "
        "sets, not reported"
    )
    assert first == (
        "EXAMPLE-EO-PRK-1 (99001; PRK, optical) over Seoul City Hall: window "
        "2024-11-02 01:51:53–01:59:08 UTC, max elevation 64°, elements 0.9 days old at the "
        "pass, margin ±0.5 s"
    )
    assert rest[4] == "… and 11 more usable pass(es)"  # five passes shown, then the count
    # the phase rests on the computation alone: the playbook's band for it, low confidence
    assert (assessment.phase, assessment.likelihood, assessment.confidence) == (
        1,
        "very likely",
        "low",
    )
    assert assessment.evidence == ()
    assert "rests on computed passes alone (overhead)" in assessment.reasons[1]


def test_as_of_moves_the_window(tmp_path: Path) -> None:
    playbook = _playbook(tmp_path, within_hours=24)
    for as_of in ("2024-11-01T12:00", "2024-11-02T03:00", "2024-11-03T02:00"):
        result = _overhead(playbook, as_of)
        assert result.met
        first_day = (_at(as_of) + dt.timedelta(days=1)).date().isoformat()
        assert f"window {first_day} 01:" in result.reasons[1], (as_of, result.reasons[1])
    # the passes of 11-03 around 01:36 are under way at 01:37: they count from as-of
    inside = _overhead(playbook, "2024-11-03T01:37")
    assert "window 2024-11-03 01:3" in inside.reasons[1]


def test_not_met_when_no_pass_in_the_window_is_usable(tmp_path: Path) -> None:
    # 12:00-18:00 UTC is night in Korea: the passes then are too dark for an optical sensor
    result = _overhead(_playbook(tmp_path, within_hours=6), "2024-11-01T12:00")
    assert not result.met
    assert result.reasons[0].startswith(
        "no usable pass of the 1 satellite(s) of owner PRK, sensor optical or sar over the 7 "
        "site(s) from 2024-11-01 12:00 UTC to 2024-11-01 18:00 UTC: "
    )
    assert "the sensor cannot use" in result.reasons[0]
    assert "Sun at -" in result.reasons[0]


def test_not_met_without_a_satellite_of_that_owner(tmp_path: Path) -> None:
    result = _overhead(_playbook(tmp_path, owner="KOR"), "2024-11-01T12:00")
    assert not result.met
    assert result.reasons == (
        "no satellite(s) of owner KOR, sensor optical or sar among the 8 satellite(s) with "
        "element sets; the satellite list tags CHN optical, CHN sar, PRK optical, RUS optical, "
        "RUS sar, RUS sigint (1 not in the list)",
    )


def test_element_sets_count_from_their_epoch(tmp_path: Path) -> None:
    # a replay before the epoch must not use elements published later
    result = _overhead(_playbook(tmp_path), "2024-10-30T00:00")
    assert not result.met
    assert result.reasons == (
        "no element set of the 1 satellite(s) of owner PRK, sensor optical or sar was "
        "published by 2024-10-30 00:00 UTC (the earliest epoch is 2024-11-01 03:12 UTC): an "
        "element set counts from its epoch",
    )


def test_old_element_sets_are_left_out(tmp_path: Path) -> None:
    result = _overhead(_playbook(tmp_path), "2024-11-20T00:00")
    assert not result.met
    assert result.reasons == (
        "no satellite(s) of owner PRK, sensor optical or sar with element sets at most 14 days "
        "old at 2024-11-20 00:00 UTC",
        "EXAMPLE-EO-PRK-1 (99001): its elements (epoch 2024-11-01 03:12 UTC) are 18.9 days old "
        "at as-of, more than max_element_age_days 14: not counted",
    )
    # without the limit the same elements count, and the overflight stage's warning says how
    # far they are from the period
    unlimited = _overhead(_playbook(tmp_path / "b", max_element_age_days=None), "2024-11-20T00:00")
    assert unlimited.met
    assert any(
        r.startswith("warning: ") and "are up to 22 days from the period" in r
        for r in unlimited.reasons
    )


def test_an_owner_without_a_sensor_filter_takes_every_sensor(tmp_path: Path) -> None:
    result = _overhead(_playbook(tmp_path, owner="RUS", sensor=None), "2024-11-01T12:00")
    assert result.met
    sensors = {reason.split(";")[1].split(")")[0].strip() for reason in result.reasons[1:6]}
    assert sensors <= {"RUS, optical", "RUS, sar", "RUS, sigint"}
    assert "satellite(s) of owner RUS over" in result.reasons[0]


def test_the_same_moment_is_computed_once(tmp_path: Path) -> None:
    playbook = _playbook(tmp_path)
    first = _overhead(playbook, "2024-11-01T12:00")
    assert _overhead(playbook, "2024-11-01T12:00") is first
    assert _overhead(playbook, "2024-11-01T13:00") is not first


def test_changed_files_are_read_again(tmp_path: Path) -> None:
    playbook = _playbook(tmp_path)
    assert _overhead(playbook, "2024-11-01T12:00").met
    listing = tmp_path / "overflight" / "satellites.yaml"
    text = listing.read_text(encoding="utf-8")
    listing.write_text(text.replace("owner: PRK", "owner: KOR"), encoding="utf-8")
    _touch_later(listing)
    changed = _overhead(playbook, "2024-11-01T12:00")
    assert not changed.met
    assert changed.reasons[0].startswith("no satellite(s) of owner PRK")
    # a file that cannot be read any more: the last good reading is kept, and the reasons say so
    listing.write_text("satellites: [\n", encoding="utf-8")
    _touch_later(listing)
    broken = _overhead(playbook, "2024-11-01T12:00")
    assert not broken.met  # still the reading with KOR
    assert "is not valid YAML" in broken.reasons[0]
    assert broken.reasons[0].endswith("the files as read before are used")


def _touch_later(path: Path) -> None:
    """Move the modification time on, as a later write would (file systems with coarse clocks
    could otherwise give the rewrite the same time and size)."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))


@pytest.mark.parametrize("as_of", ["2024-11-01T12:00", "2024-11-10T00:00"])
def test_the_bundled_example_playbook(as_of: str) -> None:
    from tests.conftest import ROOT

    playbook = load_playbook(ROOT / "playbooks" / "korea-overflight.yaml")
    assessment = evaluate(playbook, (), (), as_of=_at(as_of))
    met = {r.name for r in assessment.indicators if r.met}
    assert met == {"nk_imaging_overhead"}
    assert (assessment.phase, assessment.phase_name) == (1, "heightened concealment")


def test_a_composite_over_an_overflight_indicator_rests_on_computed_passes(
    tmp_path: Path,
) -> None:
    base = _playbook(tmp_path)
    text = Path(base.origin).read_text(encoding="utf-8")
    text = text.replace(
        "phases:\n",
        "  either:\n    description: either\n    rule: {any: [overhead]}\nphases:\n",
    ).replace("when: overhead}", "when: either}")
    path = tmp_path / "composite.yaml"
    path.write_text(text, encoding="utf-8")
    assessment = evaluate(load_playbook(path), (), (), as_of=_at("2024-11-01T12:00"))
    assert assessment.phase == 1
    assert assessment.reasons[0] == "phase 1 holds: either"
    assert assessment.reasons[1].startswith("it rests on computed passes alone (overhead)")
    assert (assessment.likelihood, assessment.confidence) == ("very likely", "low")
