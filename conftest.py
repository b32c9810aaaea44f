"""Fixtures shared by unit, integration and BDD tests: real databases, the real pack, the real app."""
from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from motcua.domain.clock import FixedClock
from motcua.engine.pack import Pack, load_pack
from motcua.services.runtime import Runtime
from motcua.web import create_app
from tests.support.runtimes import MORNING, PROJECT_ROOT, make_runtime

pytest_plugins = ["tests.support.database", "features.steps.plugin"]


@pytest.fixture(scope="session")
def project_pack() -> Pack:
    """The project's pack, loaded and compiled once per session (loading is read-only)."""
    return load_pack(PROJECT_ROOT)


@pytest.fixture
def clock() -> FixedClock:
    """Monday 24 November 2025, 08:30 in Vietnam: a working morning."""
    return FixedClock(MORNING)


@pytest.fixture
def instance_dir(tmp_path: Path) -> Path:
    """This test's instance folder (keys, secrets)."""
    return tmp_path / "instance"


@pytest.fixture
def runtime(database_url: str, clock: FixedClock, instance_dir: Path, project_pack: Pack) -> Iterator[Runtime]:
    """The runtime on this test's database (which carries the demo staff), with the project's pack.

    The pack is shared by the session; the runtime gets its own table of procedures, so a test that swaps
    one out cannot leak it into the next."""
    pack = dataclasses.replace(project_pack, procedures=dict(project_pack.procedures))
    rt = make_runtime(database_url, PROJECT_ROOT, instance_dir, clock, pack=pack)
    yield rt
    rt.db.dispose()


@pytest.fixture
def app(runtime: Runtime) -> Flask:
    """The web app on the test runtime, CSRF on as in production."""
    return create_app({"RUNTIME": runtime, "TESTING": True, "SECRET_KEY": "test"})
