"""``watchfloor passes`` and ``watchfloor revisit`` as a user runs them: the installed console
script in a subprocess, every output format, and the one-line errors."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.overflight.orbits import tle
from watchfloor.export.overflight import PASS_COLUMNS, REVISIT_COLUMNS

WATCHFLOOR = str(Path(sys.executable).with_name("watchfloor"))
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "overflight"
COMMON = [
    "--elements", str(EXAMPLES / "catalog.json"), "--sites", str(EXAMPLES / "sites.yaml"),
    "--satellites", str(EXAMPLES / "satellites.yaml"), "--start", "2024-11-01", "--days", "2",
]  # fmt: skip


def run(*args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run(
        [WATCHFLOOR, *args], capture_output=True, env=env, timeout=120, check=False
    )


@pytest.fixture(scope="module")
def as_json() -> dict:  # type: ignore[type-arg]
    result = run("passes", *COMMON, "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_json_holds_the_passes_the_period_and_the_margin_rule(as_json: dict) -> None:  # type: ignore[type-arg]
    assert as_json["start"] == "2024-11-01T00:00:00.000Z"
    assert as_json["end"] == "2024-11-03T00:00:00.000Z"
    assert "widened by margin_s" in as_json["margin"]
    passes = as_json["passes"]
    assert len(passes) > 20 and all(p["usable"] for p in passes)
    assert set(passes[0]) == set(PASS_COLUMNS)
    assert {p["site"] for p in passes} >= {"Seoul City Hall", "Pyeongtaek Port area"}
    for p in passes:
        assert p["window_open"] <= p["rise"] <= p["culmination"] <= p["set"] <= p["window_close"]
    assert as_json["problems"] == []


def test_table_and_csv_show_the_same_passes(as_json: dict) -> None:  # type: ignore[type-arg]
    table = run("passes", *COMMON)
    assert table.returncode == 0, table.stderr
    text = table.stdout.decode()
    assert text.startswith(f"{len(as_json['passes'])} usable passes, 2024-11-01 00:00 – ")
    assert "EXAMPLE-EO-PRK-1 (PRK/optical)" in text and "Windows are the computed rise" in text
    result = run("passes", *COMMON, "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout.decode())))
    assert tuple(rows[0]) == PASS_COLUMNS
    assert len(rows) - 1 == len(as_json["passes"])
    assert rows[1][PASS_COLUMNS.index("window_open")] == as_json["passes"][0]["window_open"]


def test_ics_is_valid_icalendar(as_json: dict) -> None:  # type: ignore[type-arg]
    result = run("passes", *COMMON, "--format", "ics")
    assert result.returncode == 0, result.stderr
    data = result.stdout
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")  # CRLF only
    physical = data[:-2].split(b"\r\n")
    assert all(len(line) <= 75 for line in physical)
    for line in physical:  # folding never splits a UTF-8 sequence
        line.decode("utf-8")
    assert any(line.startswith(b" ") for line in physical)  # long lines were folded
    lines = data.decode("utf-8").replace("\r\n ", "").split("\r\n")[:-1]  # unfolded
    assert lines[:2] == ["BEGIN:VCALENDAR", "VERSION:2.0"] and lines[-1] == "END:VCALENDAR"
    assert any(line.startswith("PRODID:") for line in lines)
    events = []
    for line in lines:
        if line == "BEGIN:VEVENT":
            events.append({})
        elif events and ":" in line and line != "END:VEVENT":
            key, value = line.split(":", 1)
            events[-1][key] = value
    assert len(events) == len(as_json["passes"]) == lines.count("END:VEVENT")
    stamp = re.compile(r"\d{8}T\d{6}Z")
    assert len({e["UID"] for e in events}) == len(events)
    for event, p in zip(events, as_json["passes"], strict=True):
        assert {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION"} <= set(event)
        assert all(stamp.fullmatch(event[k]) for k in ("DTSTAMP", "DTSTART", "DTEND"))
        assert event["DTSTART"] < event["DTEND"]
        start = p["window_open"]
        assert event["DTSTART"] == start[:19].replace("-", "").replace(":", "") + "Z"
        assert event["SUMMARY"].startswith(p["satellite"].replace(",", "\\,"))
        assert "widened by" in event["DESCRIPTION"] and "\\n" in event["DESCRIPTION"]


def test_revisit_in_every_format() -> None:
    result = run("revisit", *COMMON, "--format", "json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    sites = {s["site"]: s for s in doc["sites"]}
    assert len(sites) == 7 and sites["Seoul City Hall"]["passes"] > 5
    seoul = sites["Seoul City Hall"]
    assert 0 < seoul["mean_gap_h"] <= seoul["max_gap_h"] and 0 < seoul["observed_fraction"] < 1
    result = run("revisit", *COMMON, "--format", "csv")
    rows = list(csv.reader(io.StringIO(result.stdout.decode())))
    assert tuple(rows[0]) == REVISIT_COLUMNS and len(rows) == 8
    result = run("revisit", *COMMON)
    assert result.returncode == 0 and b"longest unobserved" in result.stdout


def test_a_bad_element_set_is_one_line_and_the_rest_is_computed(tmp_path: Path) -> None:
    lines = tle("ISS-LIKE").splitlines()
    right = int(lines[1][-1])
    lines[1] = lines[1][:-1] + str((right + 1) % 10)
    elements = tmp_path / "cat.tle"
    elements.write_text(tle("LEO-IMAGER") + "\n".join(lines) + "\n", encoding="utf-8")
    result = run("passes", "-e", str(elements), "-s", str(EXAMPLES / "sites.yaml"),
                 "--start", "2024-11-01", "--days", "1", "--format", "csv")  # fmt: skip
    assert result.returncode == 1
    err = result.stderr.decode().splitlines()
    assert err[0] == (
        f"watchfloor: error: {elements}:5: line 1 of ISS-LIKE fails its checksum (it ends in "
        f"{(right + 1) % 10}, its digits sum to {right}): the "
        "line was altered or mistyped; fetch the element set again"
    )
    assert err[1] == "watchfloor: 1 input(s) left out; the rest was computed"
    rows = list(csv.reader(io.StringIO(result.stdout.decode())))
    assert len(rows) > 3 and {r[0] for r in rows[1:]} == {"LEO-IMAGER"}


def test_unreadable_inputs_and_bad_options(tmp_path: Path) -> None:
    result = run("passes", "-e", str(EXAMPLES / "catalog.tle"), "-s", str(tmp_path / "no.yaml"))
    assert result.returncode == 1
    assert result.stderr.decode() == (
        f"watchfloor: error: sites file '{tmp_path / 'no.yaml'}' not found: check the path\n"
    )
    result = run("passes", *COMMON, "--format", "xml")
    assert result.returncode == 2 and b"xml" in result.stderr
    result = run("passes", *COMMON[:-2], "--days", "0")
    assert result.returncode == 1
    assert (
        result.stderr.decode() == "watchfloor: error: days is 0: give a positive number of days\n"
    )
    result = run("revisit", *COMMON[:-4], "--start", "yesterday")
    assert result.returncode == 1 and b"--start 'yesterday' is not a date" in result.stderr


def test_help_lists_the_commands_and_stays_light() -> None:
    result = run("--help")
    assert result.returncode == 0
    assert b"passes" in result.stdout and b"revisit" in result.stdout
    code = (
        "import sys, watchfloor.cli; "
        "print(sorted(m for m in ('numpy', 'sgp4', 'skyfield') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
