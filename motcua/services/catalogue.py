"""The public catalogue of procedures (niêm yết công khai): what to bring, what it costs, how long it takes."""
from __future__ import annotations

from typing import Any

from motcua.domain.procedure import Procedure
from motcua.services.errors import NotFound
from motcua.services.runtime import Runtime


def search(runtime: Runtime, query: str = "") -> list[Procedure]:
    """Procedures matching a query typed with or without accents, by field then name; all when it is empty."""
    found = [loaded.procedure for loaded in runtime.pack.procedures.values() if loaded.procedure.is_public_service
             and (not query.strip() or loaded.procedure.matches(query))]
    return sorted(found, key=lambda p: (p.field, p.name_vi))


def procedure(runtime: Runtime, slug: str) -> Procedure:
    """One procedure's catalogue entry."""
    loaded = runtime.pack.procedures.get(slug)
    if loaded is None or not loaded.procedure.is_public_service:
        raise NotFound("procedure.not_found", procedure=slug)
    return loaded.procedure


def as_json(procedure: Procedure) -> dict[str, Any]:
    """A catalogue entry as the API gives it."""
    kind, amount = procedure.time_limit()
    return {
        "slug": procedure.slug, "code": procedure.code, "name_vi": procedure.name_vi, "name_en": procedure.name_en,
        "field": procedure.field, "level": procedure.level, "fee": procedure.fee, "result": procedure.result,
        "time_limit": {"kind": kind, "amount": amount,
                       "same_day_until": procedure.same_day_until.isoformat(timespec="minutes")
                       if procedure.same_day_until else None},
        "papers": [{"name": p.name, "originals": p.originals, "copies": p.copies, "optional": p.optional}
                   for p in procedure.papers],
        "legal_basis": list(procedure.legal_basis), "sources": list(procedure.sources),
        "unconfirmed": list(procedure.unconfirmed), "pattern": procedure.pattern or None,
        "competent_authority": procedure.competent_authority or None,
    }
