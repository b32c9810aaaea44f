"""The digitised papers of dossiers (``DossierPaper``): a dossier's own, and the citizen's store read by the
holder's ID number (the index ``ix_dossier_papers_holder_kind``)."""
from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload

from motcua.store.models import Document, Dossier, DossierPaper, User

KEEPS_BYTES = ("scan", "result")  # a reuse row points at one of these; only these are offered again


def page_options(base: Any | None = None) -> list[Any]:
    """Loader options that bring, with each paper, its digitiser's name and a reused paper's origin and that
    origin's dossier, in the same query: from the papers themselves, or from ``base`` (``joinedload(Dossier.papers)``
    when the dossier page loads them with the dossier)."""
    def start(attribute: Any) -> Any:
        return base.joinedload(attribute) if base is not None else joinedload(attribute)
    return [start(DossierPaper.digitised_by).lazyload(User.memberships),
            start(DossierPaper.reused_from).joinedload(DossierPaper.dossier)]


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

    def for_page(self, dossier_id: int) -> Sequence[DossierPaper]:
        """A dossier's digitised papers as its pages list them, with who digitised them and where reused ones come
        from, in one query."""
        return self.session.scalars(select(DossierPaper).where(DossierPaper.dossier_id == dossier_id)
                                    .options(*page_options()).order_by(DossierPaper.id)).unique().all()

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
