"""The site's public address is configured once (MOTCUA_PUBLIC_URL, else the host and port it serves on) and
is what every slip and its QR code print (issue 18, point 6)."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from features.steps.land_change import receive_data
from motcua.config import Settings, default_public_url
from motcua.services import records
from motcua.services.runtime import Runtime
from motcua.trial.desk import Desk
from motcua.trial.pdf import pdf_text

SITE = "https://motcua.tayninh.gov.vn"


def test_a_slip_and_its_qr_code_carry_the_configured_address(runtime: Runtime, tmp_path: Path) -> None:
    runtime.public_url = SITE
    desk = Desk(runtime)
    dossier = desk.start("tiepnhan.longan", "80001")
    desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ", receive_data())
    user = desk.user_id("tiepnhan.longan")
    _, content = records.document(runtime, user, records.documents(runtime, user, dossier)[0].id)
    lookup = f"{SITE}/tra-cuu?ma=000.00.31.H53-251124-0001"
    assert lookup in "".join(pdf_text(content).split()) and "127.0.0.1" not in pdf_text(content)
    (tmp_path / "receipt.pdf").write_bytes(content)
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", str(tmp_path / "receipt.pdf"),
                    str(tmp_path / "page")], check=True)
    decoded = subprocess.run(["zbarimg", "-q", "--raw", str(tmp_path / "page-1.png")], capture_output=True, text=True)
    assert decoded.stdout.strip() == lookup


def test_the_address_is_the_setting_else_the_port_served_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MOTCUA_PUBLIC_URL", raising=False)
    monkeypatch.setenv("PORT", "8080")
    assert Settings.from_env().public_url == "http://127.0.0.1:8080"
    monkeypatch.setenv("MOTCUA_PUBLIC_URL", SITE + "/")
    assert Settings.from_env().public_url == SITE
    assert default_public_url("0.0.0.0", 80) == f"http://{socket.gethostname()}:80"  # noqa: S104


def test_run_on_another_port_prints_the_address_its_slips_carry(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k not in ("MOTCUA_PUBLIC_URL", "DATABASE_URL")}
    env.update(PORT=str(port), PYTHONUNBUFFERED="1", MOTCUA_INSTANCE_DIR=str(tmp_path / "instance"),
               DATABASE_URL=f"sqlite:///{tmp_path / 'motcua.db'}")
    server = subprocess.Popen([str(Path(sys.executable).parent / "motcua"), "run"], env=env,  # noqa: S603
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert server.stdout is not None
        first = server.stdout.readline()
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert first.strip() == (f"Public address on slips and QR codes: http://127.0.0.1:{port} "
                             "(set MOTCUA_PUBLIC_URL to change it)")
