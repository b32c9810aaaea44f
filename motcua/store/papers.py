"""The digitised papers of dossiers (``DossierPaper``): a dossier's own, and the citizen's store read by the
holder's ID number (the index ``ix_dossier_papers_holder_kind``)."""
from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from motcua.store.models import Document, Dossier, DossierPaper, User

KEEPS_BYTES = ("scan", "result")  # a reuse row points at one of these; only these are offered again


class ListedPaper(NamedTuple):
    """A dossier's paper with who digitised it and, for a reused one, when and for which dossier its origin was."""

    paper: DossierPaper
    digitised_by: str | None
    origin_digitised_at: datetime | None
    origin_code: str | None
    origin_dossier_id: int | None


class Papers:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, row: DossierPaper) -> DossierPaper:
        self.session.add(row)
        self.session.flush()
        return row

    def get(self, paper_id: int) -> DossierPaper | None:
        return self.session.get(DossierPaper, paper_id)

    def for_dossier(self, dossier_id: int) -> Sequence[DossierPaper]:
        """A dossier's digitised papers in the order they were recorded."""
        return self.session.scalars(select(DossierPaper).where(DossierPaper.dossier_id == dossier_id)
                                    .order_by(DossierPaper.id)).all()

    def listing(self, dossier_id: int) -> Sequence[ListedPaper]:
        """A dossier's digitised papers as its pages list them, in one query."""
        origin, origin_dossier = aliased(DossierPaper), aliased(Dossier)
        rows = self.session.execute(
            select(DossierPaper, User.full_name, origin.digitised_at, origin_dossier.code, origin_dossier.id)
            .outerjoin(User, User.id == DossierPaper.digitised_by_id)
            .outerjoin(origin, origin.id == DossierPaper.reused_from_id)
            .outerjoin(origin_dossier, origin_dossier.id == origin.dossier_id)
            .where(DossierPaper.dossier_id == dossier_id).order_by(DossierPaper.id))
        return [ListedPaper(*row) for row in rows]

    def held(self, holder_id_number: str, kinds: Collection[str], unit_ids: Collection[int], today: date,
             exclude_dossier: int | None = None) -> Sequence[tuple[DossierPaper, Dossier]]:
        """The holder's papers of these kinds still valid ``today`` that carry their bytes (a scan or an
        electronic result), digitised for dossiers received by one of ``unit_ids``; newest first."""
        if not kinds or not unit_ids:
            return []
        query = (select(DossierPaper, Dossier).join(Dossier, Dossier.id == DossierPaper.dossier_id)
                 .where(DossierPaper.holder_id_number == holder_id_number, DossierPaper.kind.in_(list(kinds)),
                        DossierPaper.source.in_(KEEPS_BYTES), Dossier.receiving_unit_id.in_(list(unit_ids)),
                        or_(DossierPaper.valid_until.is_(None), DossierPaper.valid_until >= today)))
        if exclude_dossier is not None:
            query = query.where(DossierPaper.dossier_id != exclude_dossier)
        rows = self.session.execute(query.order_by(DossierPaper.digitised_at.desc(), DossierPaper.id.desc()))
        return [(paper, dossier) for paper, dossier in rows]

    def content(self, paper: DossierPaper) -> Document | None:
        """The document holding a scan's or a result's bytes (a reused paper's are its origin's)."""
        origin = paper
        while origin.reused_from_id is not None:
            found = self.get(origin.reused_from_id)
            if found is None:
                return None
            origin = found
        if origin.document_id is not None:
            return self.session.get(Document, origin.document_id)
        return self.session.scalar(select(Document).where(Document.dossier_id == origin.dossier_id,
                                                          Document.sha256 == origin.sha256).limit(1))
