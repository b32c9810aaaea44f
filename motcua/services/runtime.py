"""The runtime: the loaded pack, the engine, the database and the clock, built once per process.

Web views, CLI commands and trial steps all receive one of these and call
service functions with it; nothing else holds application state.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine as DbEngine
from sqlalchemy.orm import Session, sessionmaker

from motcua.domain.clock import Clock
from motcua.engine.pack import Pack, load_pack
from motcua.engine.runner import Engine
from motcua.store.db import make_engine, session_factory, upgrade
from motcua.store.uow import UnitOfWork


@dataclass
class Runtime:
    """Everything a use case needs besides its arguments."""

    pack: Pack
    engine: Engine
    db: DbEngine
    sessions: sessionmaker[Session]
    clock: Clock
    _specs: dict[int, tuple[Any, dict[str, Any]]] = field(default_factory=dict)

    def uow(self) -> UnitOfWork:
        """A fresh unit of work for one use case."""
        return UnitOfWork(self.sessions)

    def specs(self, version_id: int, spec_json: str) -> tuple[Any, dict[str, Any]]:
        """A version's parsed spec, restored from its stored JSON once per process."""
        if version_id not in self._specs:
            self._specs[version_id] = self.engine.serializer.load_spec(spec_json)
        return self._specs[version_id]


def build_runtime(database_url: str, pack_root: Path, clock: Clock | None = None,
                  migrate: bool = True, script_time_limit: float = 2.0) -> Runtime:
    """Load and check the pack, bring the schema up to date, and register procedure versions."""
    from motcua.services.versions import register_pack_versions

    pack = load_pack(pack_root)
    if migrate:
        upgrade(database_url)
    db = make_engine(database_url)
    runtime = Runtime(pack=pack, engine=Engine(pack.handlers, script_time_limit), db=db,
                      sessions=session_factory(db), clock=clock or Clock())
    register_pack_versions(runtime)
    return runtime
