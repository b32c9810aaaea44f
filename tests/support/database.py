"""A fresh database for every test: SQLite by default, PostgreSQL when DATABASE_URL is set.

The schema is migrated once per session into a template (a file for SQLite, a template database for
PostgreSQL), and a second template gets the demo units and staff and the project pack's procedure versions
on top, also once. Each test copies a template: ``database_url`` is a copy with the demo data (what almost
every test starts from), ``empty_database_url`` a copy of the bare schema (first start, seed-demo, serving a
new install). Tests are isolated and migrations are exercised on both databases.
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
from motcua.domain.clock import FixedClock
from motcua.engine.pack import Pack
from motcua.services.demo import seed_demo
from motcua.store.db import Database, upgrade
from tests.support.runtimes import MORNING, PROJECT_ROOT, make_runtime


def _server_url() -> str | None:
    url = os.environ.get("DATABASE_URL")
    return _normalise_url(url) if url else None


def _admin(url: str) -> Database:
    return create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")


def _database(server: str, name: str) -> str:
    return make_url(server).set(database=name).render_as_string(hide_password=False)


def _create(server: str, name: str, template: str | None = None) -> None:
    admin = _admin(server)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")))
    admin.dispose()


def _drop(server: str, name: str) -> None:
    admin = _admin(server)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def database_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated, empty database to copy per test (a file path, or a PostgreSQL database name)."""
    server = _server_url()
    if server is None:
        path = tmp_path_factory.mktemp("db") / "template.db"
        upgrade(f"sqlite:///{path}")
        yield str(path)
        return
    name = f"motcua_tmpl_{uuid.uuid4().hex[:10]}"
    _create(server, name)
    upgrade(_database(server, name))
    yield name
    _drop(server, name)


@pytest.fixture(scope="session")
def demo_template(database_template: str, project_pack: Pack,
                  tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The migrated template plus the project pack's versions and the demo staff, seeded once per session."""
    server = _server_url()
    instance = tmp_path_factory.mktemp("seed") / "instance"
    if server is None:
        path = tmp_path_factory.mktemp("db") / "demo.db"
        shutil.copyfile(database_template, path)
        url, name = f"sqlite:///{path}", str(path)
    else:
        name = f"motcua_demo_{uuid.uuid4().hex[:10]}"
        _create(server, name, database_template)
        url = _database(server, name)
    runtime = make_runtime(url, PROJECT_ROOT, instance, FixedClock(MORNING), pack=project_pack)
    seed_demo(runtime)
    runtime.db.dispose()
    yield name
    if server is not None:
        _drop(server, name)


def _copy(template: str, tmp_path: Path) -> Iterator[str]:
    server = _server_url()
    if server is None:
        path = tmp_path / "motcua.db"
        shutil.copyfile(template, path)
        yield f"sqlite:///{path}"
        return
    name = f"motcua_t_{uuid.uuid4().hex[:12]}"
    _create(server, name, template)
    yield _database(server, name)
    _drop(server, name)


@pytest.fixture
def database_url(demo_template: str, tmp_path: Path) -> Iterator[str]:
    """The URL of this test's own copy of the database with the demo staff and the pack's versions."""
    yield from _copy(demo_template, tmp_path)


@pytest.fixture
def empty_database_url(database_template: str, tmp_path: Path) -> Iterator[str]:
    """The URL of this test's own copy of the migrated database, with no rows at all."""
    yield from _copy(database_template, tmp_path)
