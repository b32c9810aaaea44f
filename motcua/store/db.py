"""The database (SQLAlchemy's engine: a pool of connections to it), sessions and schema migrations.

SQLite is the embedded default (one file under instance/); PostgreSQL is what
a province runs. Alembic owns the schema in both cases.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, TypeAlias

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, CursorResult, Engine, Result, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).parent / "migrations"
# SQLAlchemy's engine (a pool of connections to one database) under the name the code uses for it: in
# MotCua "engine" names the workflow engine only.
Database: TypeAlias = Engine


def rows_matched(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE matched. Session.execute is typed to return a Result; a DML statement's
    result is a CursorResult, the one kind that has a row count."""
    if not isinstance(result, CursorResult):
        raise TypeError(f"{type(result).__name__} is not the result of an UPDATE or DELETE: it has no row count")
    return result.rowcount


def open_database(url: str) -> Database:
    """SQLAlchemy's engine for the URL, tuned for the dialect (SQLite: foreign keys on, WAL, a busy timeout,
    writers serialised)."""
    if url.startswith("sqlite"):
        db = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(db, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:  # the sqlite3 driver's own objects
            dbapi_connection.isolation_level = None  # the driver's implicit BEGIN is replaced below
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

        @event.listens_for(db, "begin")
        def _begin_immediate(connection: Connection) -> None:
            # Take the write lock at the start: a transaction that read first and writes later would get
            # "database is locked" at once (no busy wait) if another connection wrote in between.
            connection.exec_driver_sql("BEGIN IMMEDIATE")

        return db
    return create_engine(url, pool_pre_ping=True)


def session_factory(db: Database) -> sessionmaker[Session]:
    """Sessions that keep loaded objects usable after commit (views render after the use case ends)."""
    return sessionmaker(bind=db, expire_on_commit=False)


def alembic_config(url: str) -> Config:
    """Alembic configured in code, so no alembic.ini has to sit in the working directory."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str) -> None:
    """Bring the schema to the newest migration (safe to run at every start)."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(url), "head")


def newest_revisions() -> set[str]:
    """The head revision(s) of the migrations shipped with this code."""
    return set(ScriptDirectory(str(MIGRATIONS)).get_heads())
