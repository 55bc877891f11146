"""``watchfloor serve`` in a process of its own, started and stopped from Python: what the
browser tests and the web benchmark run against, and a way to embed a server in a script."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

__all__ = ["free_port", "start_server", "stop_server"]

SCRIPT = Path(sys.executable).with_name("watchfloor")


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(
    db: str, log: Path, *options: str, timeout: float = 60.0
) -> tuple[subprocess.Popen[bytes], str]:
    """Start ``watchfloor serve --db DB OPTIONS`` on a free port of 127.0.0.1, its output in
    ``log``; return the process and its base URL once ``/healthz`` answers. Raises
    ``RuntimeError`` (with the log) if it exits or does not answer within ``timeout`` s."""
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("WATCHFLOOR_DB", None)
    process = subprocess.Popen(
        [str(SCRIPT), "serve", "--db", db, "--port", str(port), *options],
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited: {log.read_text(errors='replace')}")
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return process, url
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"the server did not answer in {timeout:g} s: {log.read_text()}")


def stop_server(process: subprocess.Popen[bytes]) -> None:
    """Stop a server started by :func:`start_server` (SIGTERM, then SIGKILL after 15 s)."""
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
