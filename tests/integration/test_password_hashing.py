"""Passwords are hashed with Argon2id at RFC 9106's low-memory profile wherever the app is built from its
settings; only the test suite's runtimes trade that for the cheapest parameters (tests/support/runtimes.py)."""
from __future__ import annotations

from pathlib import Path

from argon2 import extract_parameters, profiles

from motcua.services.people import add_user
from motcua.services.runtime import Runtime
from motcua.web import create_app
from tests.support.runtimes import CHEAP_PASSWORDS


def stored_hash(runtime: Runtime, username: str) -> str:
    with runtime.uow() as uow:
        return uow.users.by_username(username).password_hash


def test_the_app_built_from_its_settings_hashes_with_the_strong_profile(empty_database_url: str,
                                                                        tmp_path: Path) -> None:
    app = create_app({"DATABASE_URL": empty_database_url, "TESTING": True, "SECRET_KEY": "x",
                      "RUNTIME_OPTIONS": {"instance_dir": tmp_path / "instance", "secret": "hashing-test"}})
    runtime: Runtime = app.extensions["motcua"]
    try:
        add_user(runtime, "quantri.moi", "Quản trị mới", "song hong chay mai", [])
        stored = stored_hash(runtime, "quantri.moi")
        assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
        assert extract_parameters(stored) == profiles.RFC_9106_LOW_MEMORY
    finally:
        runtime.db.dispose()


def test_the_test_suite_alone_uses_the_cheap_profile_and_its_hashes_still_verify(runtime: Runtime) -> None:
    stored = stored_hash(runtime, "tiepnhan.longan")  # seeded once into the template with the test runtime
    assert extract_parameters(stored) == profiles.CHEAPEST != profiles.RFC_9106_LOW_MEMORY
    assert runtime.passwords is CHEAP_PASSWORDS and runtime.passwords.verify(stored, "motcua-demo")
