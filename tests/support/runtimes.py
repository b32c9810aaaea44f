"""Runtimes as the tests build them: the test secret, a stopped clock, and password hashing made cheap.

Argon2 costs a fifth of a second per hash on purpose; a suite that seeds and signs in hundreds of times
cannot pay that. The production default stays the strong one (tests/unit/test_password_hashing.py).
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher, profiles

from motcua.domain.clock import FixedClock
from motcua.engine.pack import Pack
from motcua.services.runtime import Runtime, build_runtime

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SECRET = "test-secret"  # noqa: S105 - the tests' app secret, never a deployment's
MORNING = datetime(2025, 11, 24, 8, 30)  # Monday 24 November 2025, 08:30 in Vietnam: a working morning
CHEAP_PASSWORDS = PasswordHasher.from_parameters(profiles.CHEAPEST)


def make_runtime(database_url: str, pack_root: Path, instance_dir: Path, clock: FixedClock,
                 pack: Pack | None = None, **options: Any) -> Runtime:  # noqa: ANN401 - build_runtime's options
    """A runtime on an already migrated test database, hashing passwords with the cheapest Argon2 parameters."""
    return build_runtime(database_url, pack_root, instance_dir, SECRET, clock=clock, migrate=False, pack=pack,
                         passwords=CHEAP_PASSWORDS, **options)
