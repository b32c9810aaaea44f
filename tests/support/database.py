"""A fresh, migrated database for every test: SQLite by default, PostgreSQL when DATABASE_URL is set.

The schema is migrated once per session into a template (a file for SQLite,
a template database for PostgreSQL) and each test gets its own copy, so tests
are isolated and migrations are exercised on both engines.
"""
from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from motcua.config import _normalise_url
from motcua.store.db import upgrade


def _server_url() -> str | None:
    url = os.environ.get("DATABASE_URL")
    return _normalise_url(url) if url else None


def _admin(url: str):  # noqa: ANN202 - SQLAlchemy engine
    return create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session")
def database_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated, empty database to copy per test."""
    server = _server_url()
    if server is None:
        path = tmp_path_factory.mktemp("db") / "template.db"
        upgrade(f"sqlite:///{path}")
        yield str(path)
        return
    name = f"motcua_tmpl_{uuid.uuid4().hex[:10]}"
    admin = _admin(server)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    upgrade(url)
    yield name
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def database_url(database_template: str, tmp_path: Path) -> Iterator[str]:
    """The URL of this test's own copy of the migrated database."""
    server = _server_url()
    if server is None:
        path = tmp_path / "motcua.db"
        shutil.copyfile(database_template, path)
        yield f"sqlite:///{path}"
        return
    name = f"motcua_t_{uuid.uuid4().hex[:12]}"
    admin = _admin(server)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{database_template}"'))
    yield make_url(server).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
