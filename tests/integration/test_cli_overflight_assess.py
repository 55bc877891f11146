"""``watchfloor assess`` with the overflight example playbook, as a user runs it: the installed
console script in a subprocess, over a SQLite ledger of the bundled corpus."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT

WATCHFLOOR = str(Path(sys.executable).with_name("watchfloor"))
PLAYBOOK = str(ROOT / "playbooks" / "korea-overflight.yaml")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [WATCHFLOOR, *args], capture_output=True, text=True, timeout=600, check=False
    )


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory: pytest.TempPathFactory, corpus_extractions) -> str:  # type: ignore[no-untyped-def]
    from watchfloor.corroborate import load_registry, rebuild
    from watchfloor.extraction.engine import ENGINE_ID
    from watchfloor.ledger import open_ledger

    url = f"sqlite:///{tmp_path_factory.mktemp('overflight') / 'corpus.db'}"
    with open_ledger(url) as ledger:
        for extraction in corpus_extractions:
            ledger.store(extraction, extractor=ENGINE_ID)
        rebuild(ledger, registry=load_registry(EXAMPLES / "sources.yaml"))
    return url


def test_assess_shows_the_overflight_indicator_with_its_passes(corpus_db: str) -> None:
    table = run("assess", "-p", PLAYBOOK, "--as-of", "2024-11-02", "--db", corpus_db)
    assert table.returncode == 0, table.stderr
    assert "korea-overflight: phase 2, concealment and allied briefing" in table.stdout
    assert "nk_imaging_overhead" in table.stdout
    assert "EXAMPLE-EO-PRK-1 (99001; PRK, optical) over Seoul" in table.stdout
    assert "computed from element sets, not reported" in " ".join(table.stdout.split())

    done = run("assess", "-p", PLAYBOOK, "--as-of", "2024-11-02", "-f", "json", "--db", corpus_db)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    overhead = next(i for i in result["indicators"] if i["name"] == "nk_imaging_overhead")
    assert overhead["met"] and overhead["claims"] == [] and overhead["stories"] == []
    assert overhead["reasons"][0].startswith("16 usable pass(es) by 1 satellite(s) of owner PRK")
    assert overhead["reasons"][1] == (
        "EXAMPLE-EO-PRK-1 (99001; PRK, optical) over Seoul City Hall: window "
        "2024-11-02 01:51:53–01:59:08 UTC, max elevation 64°, elements 0.9 days old at the "
        "pass, margin ±0.5 s"
    )
    assert result["evidence"], "phase 2 also rests on the reporting"
    assert result["reasons"][-1].startswith("it rests also on computed passes")


def test_assess_says_why_the_overflight_indicator_is_not_met(corpus_db: str) -> None:
    done = run("assess", "-p", PLAYBOOK, "--as-of", "2024-11-20", "-f", "json", "--db", corpus_db)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["phase"] == 0
    overhead = next(i for i in result["indicators"] if i["name"] == "nk_imaging_overhead")
    assert not overhead["met"]
    assert "more than max_element_age_days 14: not counted" in overhead["reasons"][1]


def test_a_phase_on_computed_passes_alone(tmp_path: Path) -> None:
    from watchfloor.ledger import open_ledger

    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    with open_ledger(empty):  # a ledger with no claims: nothing reported
        pass
    done = run("assess", "-p", PLAYBOOK, "--as-of", "2024-11-02", "-f", "markdown", "--db", empty)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("# korea-overflight: phase 1, heightened concealment")
    assert "**very likely**, low confidence" in done.stdout
    assert "rests on computed passes alone (nk_imaging_overhead)" in done.stdout
    assert "No reported claim stands behind the phase" in done.stdout
