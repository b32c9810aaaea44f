"""Intakes begun and not yet received: the clerk's own drafts, discarding one, and the worker's sweep of old ones.

"Bắt đầu tiếp nhận" opens a dossier at once (its workflow waits at the first step), but until the clerk receives
it the dossier has no code and is nobody's record: it shows only to the clerk who began it, apart from their
tasks, and can be discarded. Discarding keeps nothing but the dossier's events (and the bare row they hang on,
status "discarded"): the workflow, the waiting task, the scans and the applicant's details go.
"""
from __future__ import annotations

from datetime import timedelta

from motcua.services import access
from motcua.services.errors import Conflict, NotFound
from motcua.services.runtime import Runtime
from motcua.services.transient import commit, retry_once
from motcua.store.models import Dossier, Event, User
from motcua.store.ports import UnitOfWorkPort

STALE_AFTER = timedelta(days=1)  # a draft left overnight is abandoned: the citizen has long gone home


def _may_discard(user: User, dossier: Dossier, uow: UnitOfWorkPort) -> bool:
    """Its starter, or whoever holds the role of its waiting step there."""
    return dossier.created_by_id == user.id or any(
        access.can_act(user, item) for item in uow.work_items.for_dossier(dossier.id))


@retry_once
def discard(runtime: Runtime, user_id: int, dossier_id: int) -> None:
    """Discard an intake the clerk began and will not finish (the citizen left, the wrong procedure...)."""
    with runtime.uow() as uow:
        user = uow.users.require(user_id)
        dossier = uow.dossiers.get(dossier_id)
        if dossier is None or not access.can_see(uow, user, dossier) or not _may_discard(user, dossier, uow):
            raise NotFound("dossier.not_in_your_units", dossier=dossier_id)
        if dossier.id not in uow.dossiers.draft_ids([dossier]):
            raise Conflict("dossier.not_a_draft", dossier=dossier.code or dossier_id)
        _discard(runtime, uow, dossier, user_id, "clerk")
        commit(uow)


def discard_stale(runtime: Runtime) -> int:
    """Discard the drafts begun more than a day ago (the worker calls this each round); how many went."""
    with runtime.uow() as uow:
        stale = uow.dossiers.drafts(runtime.clock.now() - STALE_AFTER)
        for dossier in stale:
            _discard(runtime, uow, dossier, None, "stale")
        commit(uow)
        return len(stale)


def _discard(runtime: Runtime, uow: UnitOfWorkPort, dossier: Dossier, user_id: int | None, why: str) -> None:
    uow.dossiers.discard(dossier)
    uow.events.add(Event(dossier_id=dossier.id, at=runtime.clock.now(), kind="dossier.discarded", user_id=user_id,
                         unit_id=dossier.receiving_unit_id, detail={"by": why}))
