"""A real PostgreSQL streaming replica of the test server, made on this machine for the read-replica tests.

``pg_basebackup -R`` copies the running cluster (127.0.0.1:5432) into a temporary directory with the standby
settings written in; the copy is started with ``pg_ctl`` as the ``postgres`` OS user on a free port, streams from
the primary until it is stopped and removed. The primary must accept replication connections from 127.0.0.1:
Debian's default pg_hba.conf does (``host replication all 127.0.0.1/32 …``), a trimmed one may not, so
``allow_local_replication`` adds that one line with the same trust the file gives other local connections and
reloads the server (.ci/run does the same before the suite). ``wal_level`` must be ``replica`` or ``logical``
(PostgreSQL's default); ``unavailable`` names what is missing when the machine cannot run a replica.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

BIN = Path(os.environ.get("MOTCUA_PG_BIN", "/usr/lib/postgresql/15/bin"))
REPLICATION_LINE = "host replication all 127.0.0.1/32 trust  # motcua tests: a local streaming replica\n"


def _as_postgres(*command: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["runuser", "-u", "postgres", "--", *command], capture_output=True, text=True,
                          check=check, timeout=120)


def unavailable(server_url: str) -> str | None:
    """Why this machine cannot run a replica of the server (None when it can)."""
    if os.geteuid() != 0 or shutil.which("runuser") is None:
        return "a replica cluster is started as the postgres OS user: the tests must run as root with runuser"
    if not (BIN / "pg_basebackup").exists():
        return f"no PostgreSQL binaries in {BIN} (set MOTCUA_PG_BIN)"
    url = make_url(server_url)
    if url.host not in ("127.0.0.1", "localhost"):
        return f"the server {url.host} is not on this machine"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            wal_level = conn.execute(text("SHOW wal_level")).scalar()
            senders = int(conn.execute(text("SHOW max_wal_senders")).scalar() or 0)
    finally:
        admin.dispose()
    if wal_level not in ("replica", "logical") or senders < 1:
        return f"the server has wal_level={wal_level} and max_wal_senders={senders}: no streaming replication"
    return None


def allow_local_replication(server_url: str) -> None:
    """Let 127.0.0.1 open replication connections (one line in pg_hba.conf, then a reload), if not yet allowed."""
    admin = create_engine(make_url(server_url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            rules = conn.execute(text("SELECT type, database, address, error FROM pg_hba_file_rules")).all()
            if any(kind == "host" and "replication" in (database or []) and address in ("127.0.0.1", "all")
                   and not error for kind, database, address, error in rules):
                return
            hba = Path(str(conn.execute(text("SHOW hba_file")).scalar()))
            with hba.open("a") as file:
                file.write(REPLICATION_LINE)
            conn.execute(text("SELECT pg_reload_conf()"))
    finally:
        admin.dispose()
    time.sleep(0.5)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class ReplicaCluster:
    """A running standby: its data directory and port; stop and start it as a failing replica would."""

    data: Path
    port: int

    def url(self, server_url: str, database: str) -> str:
        """The URL of a database of the primary, read on this replica."""
        return make_url(server_url).set(port=self.port, database=database).render_as_string(hide_password=False)

    def start(self) -> None:
        options = (f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.data} "
                   "-c hot_standby=on -c fsync=off")
        _as_postgres(str(BIN / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.data / "server.log"),
                     "-w", "-t", "60", "start")

    def stop(self) -> None:
        _as_postgres(str(BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop", check=False)


@contextmanager
def replica_of(server_url: str) -> Iterator[ReplicaCluster]:
    """A streaming replica of the server for the duration of the block, removed afterwards."""
    allow_local_replication(server_url)
    url = make_url(server_url)
    data = Path(tempfile.mkdtemp(prefix="motcua-replica-", dir="/tmp"))
    shutil.chown(data, "postgres", "postgres")
    cluster = ReplicaCluster(data, _free_port())
    try:
        _as_postgres(str(BIN / "pg_basebackup"), "-h", str(url.host), "-p", str(url.port or 5432), "-U",
                     str(url.username or "postgres"), "-D", str(data), "-X", "stream", "-R", "-c", "fast")
        # Debian keeps the server's configuration outside its data directory: the copy gets its own, minimal
        (data / "postgresql.conf").write_text("")
        (data / "pg_hba.conf").write_text("local all all trust\nhost all all 127.0.0.1/32 trust\n")
        (data / "pg_ident.conf").write_text("")
        for name in ("postgresql.conf", "pg_hba.conf", "pg_ident.conf"):
            shutil.chown(data / name, "postgres", "postgres")
        cluster.start()
        yield cluster
    finally:
        cluster.stop()
        shutil.rmtree(data, ignore_errors=True)
