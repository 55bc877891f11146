"""``watchfloor extract`` as a user runs it: the installed console script in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.conftest import SEED

SCHEMA = json.loads(
    (
        Path(__file__).resolve().parents[2] / "src/watchfloor/schema/extraction.schema.json"
    ).read_text(encoding="utf-8")
)
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
WATCHFLOOR = str(Path(sys.executable).with_name("watchfloor"))
ARTICLE = (
    "The defence ministry in Tokyo said on Friday that it had tracked two missiles. "
    "“We will respond firmly,” the minister said.\n"
)


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "160"}
    return subprocess.run(
        [WATCHFLOOR, *args],
        input=stdin.decode() if stdin is not None else None,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


def _jsonl(stdout: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def test_seed_as_jsonl_validates_against_the_schema() -> None:
    result = run("extract", str(SEED), "--published", "2024-10-22", "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    (obj,) = _jsonl(result.stdout)
    VALIDATOR.validate(obj)
    assert obj["document"]["id"] == "seed-article"
    assert obj["document"]["published"].startswith("2024-10-22")
    text = SEED.read_text(encoding="utf-8")
    assert len(obj["claims"]) >= 10
    for claim in obj["claims"]:
        for role in ("sentence", "cue", "content", "source"):
            span = claim[role]
            if span is None:
                continue
            pieces = [text[s:e] for s, e in span["spans"]]
            assert span["text"] == " … ".join(pieces)


def test_table_output_shows_sources_stances_and_events() -> None:
    result = run("extract", str(SEED), "--published", "2024-10-22", "--format", "table")
    assert result.returncode == 0, result.stderr
    for expected in ("Zelensky", "confirm", "deny", "AID", "1,500", "10,000", "(no source)"):
        assert expected in result.stdout


def test_batch_goes_on_past_bad_inputs(tmp_path: Path) -> None:
    good = tmp_path / "tokyo.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02binary")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Séoul a dit".encode("latin-1"))
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "f1", "text": ARTICLE}) + "\n{broken\n", encoding="utf-8")
    huge = tmp_path / "huge.txt"
    huge.write_bytes(b"Officials said so. " * 1_100_000)  # 20.9 MB
    missing = tmp_path / "missing.txt"
    result = run(
        "extract",
        str(empty),
        str(good),
        str(binary),
        str(latin),
        str(feed),
        str(huge),
        str(missing),
        "--format",
        "jsonl",
    )
    assert result.returncode == 1
    ids = [obj["document"]["id"] for obj in _jsonl(result.stdout)]
    assert ids == ["tokyo", "f1"]
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 6, result.stderr
    assert "Traceback" not in result.stderr
    for bad in (empty, binary, latin, huge, missing):
        assert any(line.startswith(f"watchfloor: error: {bad}: ") for line in lines), bad
    assert any(f"{feed} line 2: not valid JSON" in line for line in lines)


def test_stdin_and_json_format() -> None:
    result = run(
        "extract", "-", "--format", "json", "--published", "2024-03-01", stdin=ARTICLE.encode()
    )
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert isinstance(payload, list) and len(payload) == 1
    VALIDATOR.validate(payload[0])
    sources = {c["source"]["text"] for c in payload[0]["claims"] if c["source"]}
    assert "The defence ministry in Tokyo" in sources or "The defence ministry" in sources


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["extract", "x.txt", "--published", "Tuesday"], 1, "published 'Tuesday' is not a date"),
        (["extract", "x.txt", "--format", "xml"], 2, "Invalid value"),
        (["extract"], 2, "Missing argument"),
    ],
)
def test_usage_and_config_errors(args: list[str], code: int, message: str) -> None:
    result = run(*args)
    assert result.returncode == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_debug_shows_the_traceback_of_an_expected_error() -> None:
    result = run("--debug", "extract", "x.txt", "--published", "Tuesday")
    assert result.returncode != 0
    assert "Traceback" in result.stderr


def test_directory_input_with_two_jobs(tmp_path: Path) -> None:
    for n in range(5):
        (tmp_path / f"d{n}.txt").write_text(ARTICLE.replace("two", str(n + 2)), encoding="utf-8")
    result = run("extract", str(tmp_path), "--jobs", "2", "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    assert [o["document"]["id"] for o in _jsonl(result.stdout)] == [f"d{n}" for n in range(5)]
