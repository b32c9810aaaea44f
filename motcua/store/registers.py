"""The registers of official documents (sổ văn bản đến, sổ văn bản đi, sổ biên bản) as a repository."""
from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from motcua.store.models import RegisterEntry


class Registers:
    """Register entries by unit, book and year; numbering is done with the unit of work's counters."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, entry: RegisterEntry) -> RegisterEntry:
        self.session.add(entry)
        self.session.flush()
        return entry

    def get(self, entry_id: int) -> RegisterEntry | None:
        return self.session.get(RegisterEntry, entry_id)

    def for_dossier(self, dossier_id: int, book: str | None = None) -> Sequence[RegisterEntry]:
        query = select(RegisterEntry).where(RegisterEntry.dossier_id == dossier_id)
        if book:
            query = query.where(RegisterEntry.book == book)
        return self.session.scalars(query.order_by(RegisterEntry.id)).all()

    def delivered_from(self, source_id: int) -> Sequence[RegisterEntry]:
        """The incoming entries an outgoing document became at its recipients."""
        return self.session.scalars(select(RegisterEntry).where(RegisterEntry.source_id == source_id)
                                    .order_by(RegisterEntry.id)).all()

    def book(self, unit_id: int, book: str, year: int) -> Sequence[RegisterEntry]:
        """One year of a unit's book, newest number first (a commune's year is a few thousand lines at most)."""
        return self.session.scalars(
            select(RegisterEntry).where(RegisterEntry.unit_id == unit_id, RegisterEntry.book == book,
                                        RegisterEntry.year == year)
            .order_by(RegisterEntry.number.desc())).all()
