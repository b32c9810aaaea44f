"""A database connection lost in the middle of a step: retry it once, or say so plainly.

PostgreSQL may drop a session at any moment (a restart, a failover, an
administrator's ``pg_terminate_backend``). A step that lost its connection
before its commit saved nothing, and the instance revision check
(store/repositories.py) makes running it again safe: the retry starts from the
state on disk, and a step someone else finished meanwhile is refused as done.
A connection lost during the commit itself leaves it unknown whether the step
was saved, so that one is not retried: the user is told to look before
trying again. Either way the answer is DatabaseUnavailable, which the web turns
into a 503 in the user's language, never the driver's message.
"""
from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterator
from typing import ParamSpec, TypeVar

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from motcua.services.errors import ServiceError
from motcua.store.ports import UnitOfWorkPort

log = logging.getLogger(__name__)
P = ParamSpec("P")
R = TypeVar("R")


class DatabaseUnavailable(ServiceError):
    """The database could not be reached; ``maybe_saved`` when it went away during the commit."""

    def __init__(self, maybe_saved: bool = False) -> None:
        self.maybe_saved = maybe_saved
        super().__init__("database.lost_while_saving" if maybe_saved else "database.lost")


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    queue: list[BaseException | None] = [exc]
    while queue:
        current = queue.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        queue += [current.__cause__, current.__context__, getattr(current, "exception", None)]


def lost_connection(exc: BaseException) -> DBAPIError | None:
    """The lost-connection error behind ``exc`` (wrapped by the engine or not), or None."""
    for cause in _chain(exc):
        if isinstance(cause, DBAPIError) and (cause.connection_invalidated
                                              or isinstance(cause, OperationalError | InterfaceError)):
            return cause
    return None


def commit(uow: UnitOfWorkPort) -> None:
    """Commit the step; a connection lost now leaves its fate unknown, so it is not retried."""
    try:
        uow.commit()
    except DBAPIError as exc:
        if lost_connection(exc) is None:
            raise
        raise DatabaseUnavailable(maybe_saved=True) from exc


def retry_once(step: Callable[P, R]) -> Callable[P, R]:
    """Run a step again, once, if it lost its database connection before committing."""
    @functools.wraps(step)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        for attempt in (1, 2):
            try:
                return step(*args, **kwargs)
            except DatabaseUnavailable:
                raise
            except Exception as exc:
                lost = lost_connection(exc)
                if lost is None:
                    raise
                if attempt == 2:
                    raise DatabaseUnavailable() from lost
                log.warning("%s lost its database connection before saving; running it again: %s",
                            step.__name__, type(lost.orig).__name__)
        raise AssertionError("unreachable")  # pragma: no cover
    return run
