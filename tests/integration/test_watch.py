"""``watchfloor watch``: ingest, assess, alert once per change, post alerts to a webhook on
127.0.0.1 with retries, and never hang on a dead endpoint."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import CORPUS, ROOT

WATCHFLOOR = str(Path(sys.executable).with_name("watchfloor"))


class _Hook(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        body = json.loads(self.rfile.read(length))
        server = self.server
        server.attempts += 1  # type: ignore[attr-defined]
        if server.failures_left > 0:  # type: ignore[attr-defined]
            server.failures_left -= 1  # type: ignore[attr-defined]
            self.send_response(500)
            self.end_headers()
            return
        server.received.append(body)  # type: ignore[attr-defined]
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def hook() -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hook)
    server.received = []  # type: ignore[attr-defined]
    server.attempts = 0  # type: ignore[attr-defined]
    server.failures_left = 1  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()


@pytest.fixture
def playbook(tmp_path: Path) -> Path:
    """The founding playbook without its time windows, so a 2024 corpus counts today."""
    text = (ROOT / "playbooks" / "korea-russia.yaml").read_text(encoding="utf-8")
    path = tmp_path / "no-window.yaml"
    path.write_text(text.replace("    window_days: 180\n", ""), encoding="utf-8")
    return path


def watch(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [WATCHFLOOR, "watch", *args], capture_output=True, text=True, timeout=300, check=False
    )


def test_watch_alerts_once_per_change_and_posts_with_retries(
    hook: ThreadingHTTPServer, playbook: Path, tmp_path: Path
) -> None:
    url = f"http://127.0.0.1:{hook.server_address[1]}/alerts"
    db = f"sqlite:///{tmp_path / 'watch.db'}"
    args = (str(CORPUS), "-p", str(playbook), "--cycles", "1", "--webhook", url, "--db", db)
    first = watch(*args)
    assert first.returncode == 0, first.stderr
    (alert,) = [json.loads(line) for line in first.stdout.splitlines()]
    assert (alert["kind"], alert["previous_phase"], alert["phase"]) == ("phase", None, 2)
    assert "deployment_confirmed" in alert["newly_met"]
    assert alert["evidence"]
    assert hook.received == [alert]  # type: ignore[attr-defined]
    assert hook.attempts == 2  # type: ignore[attr-defined]  # a 500, then delivered
    assert "cycle 1: 7 new document(s), 0 failed; korea-russia phase 2" in first.stderr

    again = watch(*args)  # nothing changed since the remembered state: no alert
    assert again.returncode == 0, again.stderr
    assert again.stdout == ""
    assert len(hook.received) == 1  # type: ignore[attr-defined]


def test_a_dead_webhook_never_hangs_the_watch(playbook: Path, tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    done = watch(
        str(CORPUS),
        "-p",
        str(playbook),
        "--cycles",
        "1",
        "--webhook",
        f"http://127.0.0.1:{port}/alerts",
        "--db",
        f"sqlite:///{tmp_path / 'dead.db'}",
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["phase"] == 2  # the alert still reaches stdout
    assert "not delivered after 4 tries" in done.stderr
