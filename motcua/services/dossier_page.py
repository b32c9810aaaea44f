"""The dossier page in one read: head, open tasks, history, documents, digitised papers, fee and notices from one
unit of work.

Each part has its own service for the other pages that show it; read here together, the dossier, its fee and
its open tasks come in one query and the signed-in user is loaded once, so the page costs a fixed handful of
queries however long the dossier's history (``python -m bench.pages`` prints them).
"""
from __future__ import annotations

from dataclasses import dataclass

from motcua.services import access, citizen_notices, digitisation, fees, queries, records
from motcua.services.runtime import Runtime


@dataclass(frozen=True)
class DossierPage:
    """What the dossier page shows."""

    view: queries.DossierView
    files: list[records.DocumentInfo]
    fee: fees.FeeView | None
    hand_over_to: list[tuple[str, str]]  # (code, name) of the units an administrator may hand it to; else empty
    notices: list[citizen_notices.SentNotice]  # what the citizen was told, by which channel, and what failed
    digitised: list[digitisation.DigitisedPaper]  # its papers held digitally, and where reused ones came from


def dossier_page(runtime: Runtime, who: int | access.Person, dossier_id: int, locale: str = "vi",
                 may_hand_over: bool = False) -> DossierPage:
    """The dossier as ``who`` (the signed-in person, or a user id) may read it; ``may_hand_over`` (the reader
    administers a unit) adds the units an unfinished dossier can be handed to. NotFound when the reader's
    units never held it."""
    with runtime.uow() as uow:
        user, dossier = queries.visible_dossier(uow, who, dossier_id)
        view = queries.view_of(runtime, uow, user, dossier, locale)
        units = ([(u.code, u.name) for u in uow.units.all() if u.id != dossier.handling_unit_id]
                 if may_hand_over and dossier.finished_at is None else [])
        return DossierPage(view, records.files_of(runtime, uow, dossier), fees.view_of(user, dossier, dossier.fee),
                           units, citizen_notices.notices_of(uow, dossier),
                           digitisation.listed(runtime, dossier.papers, locale))
