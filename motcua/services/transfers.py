"""Hand-over of running dossiers between units, outside any diagram.

This is how communes take over what the abolished district level was
handling on 1 July 2025, and how a province moves work when a unit is
reorganised. The open tasks follow the dossier to its new unit.
"""
from __future__ import annotations

from motcua.services import access
from motcua.services.errors import Conflict, Forbidden, NotFound
from motcua.services.portal_messages import announce
from motcua.services.runtime import Runtime
from motcua.store.models import Event, Transfer


def hand_over(runtime: Runtime, user_id: int | None, dossier_id: int, to_unit: str, comment: str = "",
              move_reception: bool = False) -> None:
    """Move one running dossier to another unit; ``user_id`` None is the system (a CLI run by an operator).

    With ``move_reception`` (the source unit is being dissolved) the citizen also collects the result at the
    new unit, since the old counter closes.
    """
    with runtime.uow() as uow:
        dossier = uow.dossiers.require(dossier_id)
        target = uow.units.require_code(to_unit)
        source = dossier.handling_unit
        if user_id is not None:
            user = uow.users.get(user_id)
            allowed = {source.id, source.parent_id}
            if user is None or not any(access.has_role(user, unit, "admin") for unit in allowed if unit):
                raise Forbidden("handover.admins_only", unit=source.name)
        if dossier.finished_at is not None:
            raise Conflict("handover.finished", dossier=dossier.code)
        if target.id == source.id:
            raise Conflict("handover.same_unit", dossier=dossier.code, unit=target.name)
        now = runtime.clock.now()
        instance = uow.instances.for_dossier(dossier.id)
        if instance is None:
            raise NotFound("dossier.no_instance", dossier=dossier.code or dossier.id)
        uow.instances.save(instance, instance.state, instance.completed, now)  # a concurrent step now conflicts
        uow.dossiers.hand_to(dossier, target, reception=move_reception and dossier.receiving_unit_id == source.id)
        for item in uow.work_items.for_dossier(dossier.id):
            item.unit_id = target.id
        travelling = [d.filename for d in uow.documents.for_dossier(dossier.id)]
        uow.transfers.add(Transfer(dossier_id=dossier.id, at=now, from_unit_id=source.id, from_user_id=user_id,
                                   to_unit_id=target.id, reason="handover", comment=comment, attachments=travelling))
        uow.events.add(Event(dossier_id=dossier.id, at=now, kind="dossier.transferred", user_id=user_id,
                             unit_id=source.id, detail={"from": source.name, "to": target.name, "reason": "handover",
                                                        "comment": comment}))
        actor = uow.users.get(user_id) if user_id is not None else None
        uow.audit.record(now, "dossier.handed_over", username=actor.username if actor else "", user_id=user_id,
                         detail={"dossier": dossier.code, "from": source.code, "to": target.code})
        announce(runtime, uow, dossier, now)
        uow.commit()


def hand_over_unit(runtime: Runtime, from_unit: str, to_unit: str, comment: str = "",
                   procedure: str | None = None) -> list[str]:
    """Move every running dossier of a unit being dissolved (optionally of one procedure); returns their codes.

    The citizens of dossiers received there collect their results at the new unit.
    """
    with runtime.uow() as uow:
        source = uow.units.require_code(from_unit)
        running = [(d.id, d.code or f"#{d.id}") for d in uow.dossiers.running_at(source.id)
                   if procedure is None or d.procedure_slug == procedure]
    for dossier_id, _code in running:
        hand_over(runtime, None, dossier_id, to_unit, comment, move_reception=True)
    return [code for _id, code in running]
