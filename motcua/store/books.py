"""The books of official documents (sổ văn bản đến, sổ văn bản đi, sổ biên bản) as a repository."""
from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from motcua.store.models import BookEntry


class Books:
    """Book entries by unit, book and year; numbering is done with the unit of work's counters."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, entry: BookEntry) -> BookEntry:
        self.session.add(entry)
        self.session.flush()
        return entry

    def get(self, entry_id: int) -> BookEntry | None:
        return self.session.get(BookEntry, entry_id)

    def for_dossier(self, dossier_id: int, book: str | None = None) -> Sequence[BookEntry]:
        query = select(BookEntry).where(BookEntry.dossier_id == dossier_id)
        if book:
            query = query.where(BookEntry.book == book)
        return self.session.scalars(query.order_by(BookEntry.id)).all()

    def delivered_from(self, source_id: int) -> Sequence[BookEntry]:
        """The incoming entries an outgoing document became at its recipients."""
        return self.session.scalars(select(BookEntry).where(BookEntry.source_id == source_id)
                                    .order_by(BookEntry.id)).all()

    def book(self, unit_id: int, book: str, year: int) -> Sequence[BookEntry]:
        """One year of a unit's book, newest number first (a commune's year is a few thousand lines at most)."""
        return self.session.scalars(
            select(BookEntry).where(BookEntry.unit_id == unit_id, BookEntry.book == book,
                                        BookEntry.year == year)
            .order_by(BookEntry.number.desc())).all()
