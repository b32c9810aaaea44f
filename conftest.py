"""Fixtures shared by unit, integration and BDD tests: real databases, the real pack, the real app."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from motcua.domain.clock import FixedClock
from motcua.services.demo import seed_demo
from motcua.services.runtime import Runtime, build_runtime
from motcua.web import create_app

pytest_plugins = ["tests.support.database", "features.steps.plugin"]

PROJECT_ROOT = Path(__file__).parent


@pytest.fixture
def clock() -> FixedClock:
    """Monday 24 November 2025, 08:30 in Vietnam: a working morning."""
    return FixedClock(datetime(2025, 11, 24, 8, 30))


@pytest.fixture
def instance_dir(tmp_path: Path) -> Path:
    """This test's instance folder (keys, secrets)."""
    return tmp_path / "instance"


@pytest.fixture
def runtime(database_url: str, clock: FixedClock, instance_dir: Path) -> Runtime:
    """The runtime on this test's database, with the project's pack and demo staff."""
    rt = build_runtime(database_url, PROJECT_ROOT, instance_dir, "test-secret", clock=clock, migrate=False)
    seed_demo(rt)
    yield rt
    rt.db.dispose()


@pytest.fixture
def app(runtime: Runtime):
    """The web app on the test runtime, CSRF on as in production."""
    return create_app({"RUNTIME": runtime, "TESTING": True, "SECRET_KEY": "test"})
