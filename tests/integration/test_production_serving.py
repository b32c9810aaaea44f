"""The documented production command: gunicorn with several workers, built once, serving and ready."""
from __future__ import annotations

from pathlib import Path

import httpx

from bench.serving import production_server


def test_gunicorn_serves_with_two_workers_and_reports_ready(database_url: str, tmp_path: Path) -> None:
    log = tmp_path / "gunicorn.log"
    with production_server(database_url, tmp_path / "instance", "serving-test", 2, log, access_log=True) as base:
        ready = httpx.get(f"{base}/readyz", timeout=5)
        assert ready.status_code == 200 and ready.json()["ready"] is True
        assert "Đăng ký khai sinh" in httpx.get(f"{base}/thu-tuc", params={"q": "khai sinh"}, timeout=5).text
    output = log.read_text()
    assert output.count("Booting worker") == 2, output
    assert "Traceback" not in output, output
