"""A real ``watchfloor ingest`` process killed in the middle of a run leaves every committed
document complete and the ledger consistent; the next run finishes the job."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy as sa

from tests.conftest import CORPUS, SEED_PUBLISHED
from watchfloor.ledger import open_ledger
from watchfloor.ledger import schema as t

WATCHFLOOR = str(Path(sys.executable).with_name("watchfloor"))
DOCUMENTS = 60


def _corpus(folder: Path) -> Path:
    """60 distinct articles: the invented corpus, each with a numbered update paragraph."""
    base = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    path = folder / "many.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for i in range(DOCUMENTS):
            item = dict(base[i % len(base)])
            item["id"] = f"{item['id']}-{i}"
            item["text"] += (
                f"\nIn update number {i}, officials said talks would resume on day {i + 2} "
                "of the month."
            )
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
    return path


def _stored(url: str) -> int:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(t.documents)).scalar())
    except sa.exc.SQLAlchemyError:
        return 0
    finally:
        engine.dispose()


def test_a_killed_ingest_leaves_complete_documents(ledger_url: str, tmp_path: Path) -> None:
    from watchfloor.extraction.engine import extract_documents
    from watchfloor.ingest.files import iter_documents

    source = _corpus(tmp_path)
    command = [WATCHFLOOR, "ingest", str(source), "--db", ledger_url, "--quiet"]
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    deadline = time.monotonic() + 240
    while _stored(ledger_url) < 5 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    killed_at = _stored(ledger_url)
    assert 5 <= killed_at < DOCUMENTS, "the kill did not land in the middle of the run"

    documents = {d.id: d for d in iter_documents([str(source)], published=SEED_PUBLISHED)}
    with open_ledger(ledger_url) as ledger:
        stored = list(ledger.documents())
        assert len(stored) == killed_at
        expected = {
            e.document.id: e
            for e in extract_documents(
                d for d in documents.values() if d.id in {s.id for s in stored}
            )
        }
        for document in stored:
            assert document.text == documents[document.id].text
            assert ledger.claims_of(document.id) == expected[document.id].claims
        with ledger.engine.connect() as conn:
            bands = dict(
                conn.execute(
                    sa.select(t.document_bands.c.document_id, sa.func.count()).group_by(
                        t.document_bands.c.document_id
                    )
                ).all()
            )
            d = t.documents.c
            for pk, copy_of in conn.execute(sa.select(d.id, d.duplicate_of)).all():
                # every origin is indexed in full; a copy points at an indexed origin instead
                assert bands.get(pk) == 32 if copy_of is None else copy_of in bands
            if ledger.engine.dialect.name == "sqlite":
                assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
                assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []

    # the next run stores the rest, skips what is there, and builds the stories
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    assert f"{DOCUMENTS - killed_at} new, {killed_at} already stored, 0 failed" in done.stderr
    with open_ledger(ledger_url) as ledger:
        assert ledger.counts()["documents"] == DOCUMENTS
        assert not ledger.stories_stale()
        assert ledger.counts()["stories"] > 0


def test_stories_left_stale_by_a_kill_are_rebuilt_on_read(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'stale.db'}"
    from watchfloor.extraction.engine import extract_documents
    from watchfloor.ingest.files import iter_documents

    with open_ledger(url) as ledger:
        for extraction in extract_documents(
            iter_documents([str(CORPUS)], published=SEED_PUBLISHED)
        ):
            ledger.store(extraction, extractor="extract.test")
        assert ledger.stories_stale()  # as after a run killed before corroborating
    shown = subprocess.run(
        [WATCHFLOOR, "stories", "--db", url], capture_output=True, text=True, check=False
    )
    assert shown.returncode == 0, shown.stderr
    assert "PRK AID military → RUS" in shown.stdout
    with open_ledger(url) as ledger:
        assert not ledger.stories_stale()
