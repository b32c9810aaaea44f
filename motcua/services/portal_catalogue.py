"""Publishing the province's catalogue to the National Public Service Portal: one outbox message per
administrative procedure whose entry changed since it was last queued (``motcua catalogue publish``).

The entry goes in the record shape of the portal's own catalogue (LayThuTuc, ``domain/portal_shape.py``), so the
two can be compared field by field (Decision 766/QĐ-TTg scores procedures published on time and complete).
Nothing is queued for an entry already queued as it is (its digest is kept with the message), so publishing
twice sends nothing new. A procedure whose national code is still unconfirmed is queued too: the schema then
holds its message, and the administrators see it until the code is set and the message released.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from motcua.domain.portal_shape import catalogue_record
from motcua.services.portal_messages import CATALOGUE_TOPIC
from motcua.services.runtime import Runtime
from motcua.store.models import OutboxMessage


@dataclass(frozen=True)
class Published:
    """What one publication queued (procedures by slug) and how many entries had not changed."""

    queued: list[str]
    unchanged: int


def publish(runtime: Runtime) -> Published:
    """Queue the administrative procedures whose catalogue entry is new or changed, in one transaction."""
    now = runtime.clock.now()
    with runtime.uow() as uow:
        last = {m.payload.get("procedure_slug"): m.payload.get("digest") for m in uow.outbox.of_topic(CATALOGUE_TOPIC)}
        queued: list[str] = []
        unchanged = 0
        for slug, loaded in sorted(runtime.pack.procedures.items()):
            if not loaded.procedure.is_public_service:
                continue
            record = catalogue_record(loaded.procedure)
            digest = hashlib.sha256(json.dumps(record, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
            if last.get(slug) == digest:
                unchanged += 1
                continue
            uow.outbox.add(OutboxMessage(dossier_id=None, topic=CATALOGUE_TOPIC, created_at=now, available_at=now,
                                         attempts=0, payload={"procedure_slug": slug, "digest": digest,
                                                              "record": record}))
            queued.append(slug)
        uow.commit()
    return Published(queued, unchanged)
