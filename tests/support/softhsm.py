"""A SoftHSM2 token for tests, standing for a province's HSM.

One token per test process: the PKCS#11 library reads SOFTHSM2_CONF once, when it is first loaded, so every
test shares the token and keeps to key labels of its own.
"""
from __future__ import annotations

import atexit
import functools
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

MODULES = [Path("/usr/lib/softhsm/libsofthsm2.so"), Path("/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so")]


@dataclass(frozen=True)
class Token:
    """Where the test token is and how to open it."""

    module: Path
    label: str
    pin: str


@functools.cache
def _token() -> Token | None:
    util = shutil.which("softhsm2-util")
    module = next((m for m in MODULES if m.is_file()), None)
    if util is None or module is None:
        return None
    directory = Path(tempfile.mkdtemp(prefix="motcua-softhsm-"))
    atexit.register(shutil.rmtree, directory, True)
    (directory / "tokens").mkdir()
    config = directory / "softhsm2.conf"
    config.write_text(f"directories.tokendir = {directory / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n")
    os.environ["SOFTHSM2_CONF"] = str(config)
    token = Token(module, "motcua-test", "246810")
    subprocess.run([util, "--init-token", "--free", "--label", token.label, "--pin", token.pin, "--so-pin", "13579"],
                   check=True, capture_output=True)
    return token


@pytest.fixture
def softhsm() -> Token:
    """The test token (skipped, saying why, on a machine without SoftHSM2)."""
    token = _token()
    if token is None:
        pytest.skip("SoftHSM2 is not installed: apt-get install softhsm2 (scripts/system-deps.sh does)")
    return token
