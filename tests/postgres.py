"""A throw-away PostgreSQL server on 127.0.0.1, for the tests and the benchmarks.

Started with the machine's server binaries (Debian's ``postgresql-15``, found through
``pg_config --bindir`` or the usual folders); ``initdb`` refuses to run as root, so as root the
server runs as the ``postgres`` user. The data folder is temporary and removed on stop.

Set ``WATCHFLOOR_TEST_POSTGRES_URL`` to use a server of your own instead (it must be empty or
disposable: the tests create and drop databases on it).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Postgres", "find_bindir", "start_postgres"]

_CANDIDATES = (
    "/usr/lib/postgresql/15/bin",
    "/usr/lib/postgresql/16/bin",
    "/usr/lib/postgresql/17/bin",
)


def find_bindir() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl``, or ``None`` if PostgreSQL is not installed."""
    for folder in _CANDIDATES:
        if Path(folder, "initdb").is_file():
            return Path(folder)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Postgres:
    """A running throw-away server; :meth:`url` gives a SQLAlchemy URL for one of its databases."""

    bindir: Path
    folder: Path
    port: int
    as_postgres: bool

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """Create (or re-create) database ``name``; return its URL."""
        import psycopg

        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True
        ) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)


def start_postgres() -> Postgres:
    """Initialise and start a server in a new temporary folder; raises RuntimeError (with the
    server's log) if it cannot start."""
    bindir = find_bindir()
    if bindir is None:
        raise RuntimeError(
            "PostgreSQL server binaries not found: install Debian's postgresql-15 "
            "(.ci/run does), or set WATCHFLOOR_TEST_POSTGRES_URL"
        )
    as_postgres = os.geteuid() == 0
    folder = Path(tempfile.mkdtemp(prefix="watchfloor-pg-"))
    if as_postgres:
        shutil.chown(folder, "postgres", "postgres")
    folder.chmod(0o700)
    server = Postgres(bindir=bindir, folder=folder, port=_free_port(), as_postgres=as_postgres)
    init = server._run(
        "initdb",
        "-D",
        str(folder / "data"),
        "-U",
        "postgres",
        "--auth=trust",
        "-E",
        "UTF8",
        "--locale=C.UTF-8",
        "--no-sync",
    )
    if init.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"initdb failed: {init.stderr.strip() or init.stdout.strip()}")
    options = (
        f"-c listen_addresses=127.0.0.1 -p {server.port} -k {folder} -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=50"
    )
    started = server._run(
        "pg_ctl",
        "-D",
        str(folder / "data"),
        "-l",
        str(folder / "log"),
        "-o",
        options,
        "-w",
        "-t",
        "60",
        "start",
    )
    if started.returncode != 0:
        log = (folder / "log").read_text(errors="replace") if (folder / "log").exists() else ""
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"PostgreSQL did not start: {started.stderr.strip()}\n{log[-2000:]}")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", server.port)) == 0:
                return server
        time.sleep(0.1)
    server.stop()
    raise RuntimeError("PostgreSQL started but does not accept connections on 127.0.0.1")
