"""The stored versions of the frame's shared parts (``SharedPartVersion``): the modeler's edits of them."""
from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from motcua.store.models import SharedPartVersion


class SharedParts:
    def __init__(self, session: Session) -> None:
        self.session = session

    def latest(self, name: str) -> SharedPartVersion | None:
        return self.session.scalar(select(SharedPartVersion).where(SharedPartVersion.name == name)
                                   .order_by(SharedPartVersion.number.desc()).limit(1))

    def number(self, name: str, number: int) -> SharedPartVersion | None:
        return self.session.scalar(select(SharedPartVersion).where(SharedPartVersion.name == name,
                                                                   SharedPartVersion.number == number))

    def all_of(self, name: str) -> Sequence[SharedPartVersion]:
        return self.session.scalars(select(SharedPartVersion).where(SharedPartVersion.name == name)
                                    .order_by(SharedPartVersion.number.desc())).all()

    def newest_texts(self) -> dict[str, str]:
        """Each part's newest saved text, by name: what the modeler compiles with instead of the pack's file."""
        newest = (select(SharedPartVersion.name, func.max(SharedPartVersion.number).label("number"))
                  .group_by(SharedPartVersion.name).subquery())
        rows = self.session.execute(select(SharedPartVersion.name, SharedPartVersion.xml).join(
            newest, (newest.c.name == SharedPartVersion.name) & (newest.c.number == SharedPartVersion.number)))
        return {name: xml for name, xml in rows}

    def add(self, version: SharedPartVersion) -> SharedPartVersion:
        self.session.add(version)
        self.session.flush()
        return version
