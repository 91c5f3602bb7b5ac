"""Fixtures: real databases (a SQLite file; a throwaway PostgreSQL cluster), a host clock.

PostgreSQL: the Debian ``postgresql`` package's binaries (``/usr/lib/postgresql/*/bin``;
``python3 dev.py test`` installs the package when it is missing). The fixture runs
``initdb`` on a temporary directory and ``pg_ctl start`` on a free port of 127.0.0.1 — as
the ``postgres`` system user when the tests run as root, since PostgreSQL refuses to run as
root — creates one database per test, and stops and removes the cluster at the end.

Where PostgreSQL truly cannot be had, its tests are skipped with a loud message — unless
``DUBAN_REQUIRE_SYSTEM_PACKAGES=1`` (set by ``dev.py test`` once it installed them), when a
missing binary fails the run instead.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from duban_core.clock import CST

REQUIRED = os.environ.get("DUBAN_REQUIRE_SYSTEM_PACKAGES") == "1"


def unavailable(what: str) -> None:
    """Skip loudly (or fail, where the system packages are required)."""
    message = f"{what} — install it (python3 dev.py test does, as root on Debian)"
    if REQUIRED:
        pytest.fail(message)
    banner = "!" * 78
    print(f"\n{banner}\nSKIPPED: {message}\n{banner}", file=sys.stderr, flush=True)
    pytest.skip(message)


def free_port() -> int:
    """A TCP port of 127.0.0.1 nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class FakeClock:
    """The host's clock, set by the test."""

    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> FakeClock:
    """Monday 23 September 2024, 09:00 China time."""
    return FakeClock(datetime(2024, 9, 23, 9, 0, tzinfo=CST))


@dataclass
class Cluster:
    """A running throwaway PostgreSQL server."""

    port: int
    user: str
    _numbers: Iterator[int]

    def new_database(self) -> str:
        """A fresh empty database; its SQLAlchemy URL."""
        name = f"duban_test_{next(self._numbers)}"
        admin = create_engine(self._url("postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        return self._url(name)

    def _url(self, database: str) -> str:
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/{database}"


@pytest.fixture(scope="session")
def postgres() -> Iterator[Cluster]:
    """A PostgreSQL cluster for this test session."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        unavailable("PostgreSQL (Debian package postgresql) is not installed")
    bindir = Path(found[-1]).parent
    as_user: list[str] = []
    owner = None
    if os.geteuid() == 0:  # initdb and postgres refuse to run as root
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            unavailable("running as root and there is no 'postgres' system user")
        as_user = ["runuser", "-u", "postgres", "--"]
    workdir = Path(tempfile.mkdtemp(prefix="duban-pg-"))
    if owner is not None:
        os.chown(workdir, owner.pw_uid, owner.pw_gid)
    data, log, port = workdir / "data", workdir / "server.log", free_port()

    def pg(*args: str) -> None:
        subprocess.run(
            [*as_user, str(bindir / args[0]), *args[1:]],
            check=True,
            capture_output=True,
            timeout=120,
            cwd=workdir,  # the postgres user may not enter the caller's directory
        )

    try:
        pg("initdb", "-D", str(data), "-A", "trust", "-U", "duban", "-E", "UTF8", "--no-sync")
        options = f"-p {port} -k {workdir} -c listen_addresses=127.0.0.1 -c fsync=off"
        pg("pg_ctl", "-D", str(data), "-l", str(log), "-o", options, "-w", "start")
    except subprocess.CalledProcessError as exc:
        shutil.rmtree(workdir, ignore_errors=True)
        raise RuntimeError(f"could not start PostgreSQL: {exc.stderr.decode(errors='replace')}") from exc
    try:
        yield Cluster(port, "duban", itertools.count(1))
    finally:
        subprocess.run(
            [*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
            capture_output=True,
            timeout=120,
            check=False,
            cwd=workdir,
        )
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh database of each kind."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'events.db'}"
    cluster: Cluster = request.getfixturevalue("postgres")
    return cluster.new_database()
