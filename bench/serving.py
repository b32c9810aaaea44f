"""The production command (``gunicorn app:app`` with ``gunicorn.conf.py``) started on a free port for as long as
a block runs: what the load benchmark drives and what the serving test checks."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """A localhost port nobody listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def shared_limits() -> Iterator[str]:
    """MOTCUA_RATELIMIT_STORAGE when set, else a throwaway redis-server on a free port: gunicorn refuses
    several workers that would each count sign-in and lookup tries alone."""
    if os.environ.get("MOTCUA_RATELIMIT_STORAGE"):
        yield os.environ["MOTCUA_RATELIMIT_STORAGE"]
        return
    port = free_port()
    redis = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                              "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or redis.poll() is not None:
                    raise RuntimeError("redis-server did not start (scripts/system-deps.sh installs it)") from None
                time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}"
    finally:
        redis.terminate()
        redis.wait(timeout=10)


@contextmanager
def production_server(url: str, instance: Path, secret: str, workers: int, log: Path,
                      access_log: bool = False) -> Iterator[str]:
    """Serve until the block ends (then SIGTERM and wait); yields the base URL once ``/readyz`` answers 200.

    Everything gunicorn prints goes to ``log`` (its access log too when asked), for callers to read afterwards.
    """
    with shared_limits() as storage:
        yield from _serve(url, instance, secret, workers, log, access_log, storage)


def _serve(url: str, instance: Path, secret: str, workers: int, log: Path, access_log: bool,
           storage: str) -> Iterator[str]:
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "MOTCUA_INSTANCE_DIR": str(instance), "MOTCUA_SECRET_KEY": secret,
           "MOTCUA_RATELIMIT_STORAGE": storage, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": str(workers)}
    command = [sys.executable, "-m", "gunicorn", "app:app", "-c", "gunicorn.conf.py"]
    if not access_log:
        command += ["--access-logfile", "/dev/null"]
    base = f"http://127.0.0.1:{port}"
    with log.open("w") as output:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:  # not listening yet: try again until the deadline
                    time.sleep(0.2)
                if server.poll() is not None:
                    raise RuntimeError(f"gunicorn exited:\n{log.read_text()}")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn was not ready in 60 s:\n{log.read_text()}")
            yield base
        finally:
            server.terminate()
            server.wait(timeout=30)
