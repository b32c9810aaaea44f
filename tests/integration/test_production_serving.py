"""The documented production command: gunicorn with several workers, built once, serving and ready."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gunicorn_serves_with_two_workers_and_reports_ready(database_url: str, tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "MOTCUA_INSTANCE_DIR": str(tmp_path),
           "MOTCUA_SECRET_KEY": "serving-test", "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "2"}
    server = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "app:app"], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline, answer = time.monotonic() + 60, None
        while time.monotonic() < deadline and answer is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as response:
                    answer = response.status, response.read().decode()
            except OSError:
                time.sleep(0.3)
        assert answer is not None, "gunicorn did not answer"
        assert answer[0] == 200 and '"ready":true' in answer[1].replace(" ", "")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/thu-tuc?q=khai+sinh", timeout=5) as response:
            assert "Đăng ký khai sinh" in response.read().decode()
    finally:
        server.send_signal(signal.SIGTERM)
        output = server.communicate(timeout=30)[0]
    assert output.count("Booting worker") == 2, output
    assert "Traceback" not in output, output
