"""The runtime: the loaded pack, the process runner, the database and the clock, built once per process.

Web views, CLI commands and trial steps all receive one of these and call
service functions with it; nothing else holds application state.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

from argon2 import PasswordHasher
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from motcua.config import default_public_url
from motcua.domain.clock import Clock
from motcua.engine.forms import Form
from motcua.engine.pack import Pack, load_pack
from motcua.engine.runner import ProcessRunner
from motcua.errors import NotFound
from motcua.services.live_day import LiveDays
from motcua.services.secretbox import SecretBox
from motcua.services.signing import Signer, build_signer
from motcua.signing.settings import SigningSettings
from motcua.store.db import Database, open_database, session_factory, upgrade
from motcua.store.pinning import one_connection
from motcua.store.ports import UnitOfWorkPort
from motcua.store.replica import Replica, open_replica
from motcua.store.rollup_days import watch
from motcua.store.uow import ReadUnitOfWork, UnitOfWork

T = TypeVar("T")


@dataclass
class Runtime:
    """Everything a use case needs besides its arguments."""

    pack: Pack
    runner: ProcessRunner
    db: Database
    sessions: sessionmaker[Session]
    clock: Clock
    signer: Signer
    secrets: SecretBox  # seals stored TOTP seeds
    public_url: str = field(default_factory=default_public_url)  # the site's address on slips (Settings.public_url)
    # Hashes and checks passwords (Argon2id). The default is argon2-cffi's RFC 9106 low-memory profile; only
    # the test suite passes a cheaper one, because each hash costs a fifth of a second by design.
    passwords: PasswordHasher = field(default_factory=PasswordHasher)
    _versions: dict[int, CachedVersion] = field(default_factory=dict)
    replica: Replica | None = None  # a streaming replica for reads (MOTCUA_REPLICA_URL), None: read the primary
    today: LiveDays = field(default_factory=LiveDays)  # today's heat map figures, kept by this process

    def lookup_url(self, code: str) -> str:
        """The citizen's lookup page for a dossier (what its QR code opens)."""
        return f"{self.public_url.rstrip('/')}/tra-cuu?ma={quote(code)}"

    def uow(self) -> UnitOfWork:
        """A fresh unit of work for one use case."""
        return UnitOfWork(self.sessions)

    def one_connection(self) -> AbstractContextManager[None]:
        """Within the block (a web request), units of work share one connection, each in its own transaction
        (``store/pinning.py``): one checkout and one liveness check instead of one per unit of work."""
        return one_connection(self.db)

    def read_uow(self) -> ReadUnitOfWork:
        """A unit of work for a use case that only reads (reports, the heat map, the citizen's lookup): on the
        replica when one is configured and answering, else on the primary; it cannot commit."""
        return ReadUnitOfWork(self.sessions, self.replica)

    def read(self, work: Callable[[ReadUnitOfWork], T]) -> T:
        """Run a use case that only reads on a ``read_uow``. When the replica fails in its middle (it stopped, or
        cancelled a query in conflict with what it replays), it is marked down and the whole case runs again on
        the primary: the reader gets the page, not a fault. Another error is the case's own and is raised."""
        with self.read_uow() as uow:
            try:
                return work(uow)
            except OperationalError as exc:
                if uow.source != "replica" or self.replica is None:
                    raise
                self.replica.mark_down(exc)
        with self.read_uow() as uow:
            return work(uow)

    def version(self, uow: UnitOfWorkPort, version_id: int) -> CachedVersion:
        """A procedure version's spec and forms, read and parsed once per process (versions never change)."""
        if version_id not in self._versions:
            row = uow.versions.get(version_id)
            if row is None:
                raise NotFound("version.unknown_id", version=version_id)
            spec, subprocess_specs = self.runner.serializer.load_spec(row.spec_json)
            forms = {name: Form(name=f["name"], schema=f["schema"], uischema=f.get("uischema", {}))
                     for name, f in row.forms.items()}
            self._versions[version_id] = CachedVersion(row.id, row.slug, row.number, spec, subprocess_specs, forms)
        return self._versions[version_id]


@dataclass(frozen=True)
class CachedVersion:
    """What running a dossier needs from its procedure version."""

    id: int
    slug: str
    number: int
    spec: Any
    subprocess_specs: dict[str, Any]
    forms: dict[str, Form]

    @cached_property
    def form_fields(self) -> frozenset[str]:
        """The names of every field of the version's forms: the data a work item keeps for its task page."""
        return frozenset(name for form in self.forms.values() for name in form.schema.get("properties", {}))


def build_runtime(database_url: str, pack_root: Path, instance_dir: Path, secret: str, clock: Clock | None = None,
                  migrate: bool = True, script_time_limit: float = 2.0, public_url: str = "",
                  organization: str = "MotCua", signing: SigningSettings | None = None, pack: Pack | None = None,
                  passwords: PasswordHasher | None = None, previous_secrets: Sequence[str] = (),
                  replica_url: str = "") -> Runtime:
    """Load and check the pack, bring the schema up to date, and register procedure versions.

    ``pack`` is the pack of ``pack_root`` already loaded (the test suite loads it once per session);
    ``passwords`` replaces the strong default hasher (only tests do, see ``Runtime.passwords``);
    ``previous_secrets`` are the app secrets before the current one, still opening what they sealed;
    ``replica_url`` a streaming replica of the same database that read-only use cases read (``read_uow``)."""
    from motcua.services import step_rollup  # noqa: F401  (registers the heat map's daily roll-up)
    from motcua.services.versions import register_pack_versions

    pack = pack or load_pack(pack_root)
    if migrate:
        upgrade(database_url)
    db = open_database(database_url)
    clock = clock or Clock()
    public_url = public_url or default_public_url()
    runtime = Runtime(pack=pack, runner=ProcessRunner(pack.handlers, clock, pack.calendar, script_time_limit), db=db,
                      sessions=session_factory(db), clock=clock,
                      signer=build_signer(instance_dir / "pki", secret, organization, signing), public_url=public_url,
                      secrets=SecretBox(secret, previous_secrets), passwords=passwords or PasswordHasher(),
                      replica=Replica(open_replica(replica_url)) if replica_url else None)
    watch(runtime.sessions, clock)  # late changes mark the closed days they touch (store/rollup_days.py)
    register_pack_versions(runtime)
    return runtime
