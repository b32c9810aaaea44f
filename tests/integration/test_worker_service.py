"""The worker as systemd keeps it running: the shipped unit file is valid and starts `motcua worker`, and the
worker stops cleanly on the SIGTERM systemd sends (its current round finished, exit status 0)."""
from __future__ import annotations

import configparser
import getpass
import grp
import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from motcua.cli import main

ROOT = Path(__file__).resolve().parents[2]
UNIT = ROOT / "deploy" / "motcua-worker@.service"


def unit() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=True, interpolation=None)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read(UNIT)
    return parser


def test_the_unit_restarts_the_worker_command_and_stops_it_with_sigterm() -> None:
    service = unit()["Service"]
    command = shlex.split(service["ExecStart"])
    assert command[0].endswith("/.venv/bin/motcua") and command[1] == "worker" and "worker" in main.commands
    assert service["Restart"] == "always" and int(service["RestartSec"]) > 0
    assert service["KillSignal"] == "SIGTERM" and service["EnvironmentFile"].startswith("/etc/")
    assert "StartLimitBurst" in unit()["Unit"]
    assert "systemctl enable --now motcua-worker@1" in UNIT.read_text()


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed here")
def test_systemd_accepts_the_unit_file(tmp_path: Path) -> None:
    text = (UNIT.read_text().replace("/opt/motcua", str(ROOT)).replace("/etc/motcua/motcua.env", str(tmp_path / "env"))
            .replace("User=motcua", f"User={getpass.getuser()}").replace("Group=motcua",
                                                                         f"Group={grp.getgrgid(os.getgid()).gr_name}"))
    (tmp_path / "env").write_text("")
    (tmp_path / "motcua-worker@1.service").write_text(text)
    checked = subprocess.run(["systemd-analyze", "verify", "--man=no", "./motcua-worker@1.service"], cwd=tmp_path,
                             capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0 and checked.stderr.strip() == "", checked.stderr


def test_the_worker_exits_cleanly_on_sigterm(database_url: str, tmp_path: Path) -> None:
    env = {**os.environ, "DATABASE_URL": database_url, "MOTCUA_INSTANCE_DIR": str(tmp_path / "instance"),
           "MOTCUA_SECRET_KEY": "worker-test"}
    worker = subprocess.Popen([str(Path(sys.executable).parent / "motcua"), "worker", "--interval", "0.2"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        line = ""
        while "MOTCUA_PORTAL_URL is not set" not in line and time.monotonic() < deadline:
            line = worker.stdout.readline()
        time.sleep(0.5)  # a few rounds
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=30) == 0
    finally:
        if worker.poll() is None:
            worker.kill()
