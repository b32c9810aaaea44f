"""Staff working dossiers through the services, by username and task title: what trial scripts do.

Part of the trial step library's runtime (features/steps builds each scenario's world on it), and the test
suite's way of working dossiers without a browser. A missing user or task fails the scenario with an
AssertionError saying what was there instead, as a failed step should.
"""
from __future__ import annotations

from typing import Any

from motcua.services import queries, steps
from motcua.services.runtime import Runtime


class Desk:
    """The one-stop counter and back offices of a runtime, addressed by who acts and what they do."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def user_id(self, username: str) -> int:
        with self.runtime.uow() as uow:
            user = uow.users.by_username(username)
            if user is None:
                raise AssertionError(f"no user {username}")
            return user.id

    def start(self, username: str, unit: str, procedure: str = "land_change") -> int:
        return steps.start_dossier(self.runtime, self.user_id(username), unit, procedure).dossier_id

    def tasks(self, username: str) -> list[tuple[str, int]]:
        """(title, dossier id) of what waits for a user."""
        return [(t.title, t.dossier.id) for t in queries.inbox(self.runtime, self.user_id(username))]

    def do(self, username: str, title: str, data: dict[str, Any], dossier_id: int | None = None) -> steps.Outcome:
        """Complete the task of that title waiting for the user (on that dossier, if given)."""
        entries = [t for t in queries.inbox(self.runtime, self.user_id(username))
                   if t.title == title and (dossier_id is None or t.dossier.id == dossier_id)]
        if not entries:
            raise AssertionError(f"{username} has no task {title!r}; waiting: {self.tasks(username)}")
        return steps.complete_task(self.runtime, self.user_id(username), entries[0].task_id, data)

    def receiving_unit(self, dossier_id: int) -> str:
        """The code of the unit that received a dossier."""
        return queries.receiving_unit(self.runtime, dossier_id)

    def dossier(self, dossier_id: int, username: str = "tiepnhan.longan") -> queries.DossierView:
        """The dossier as ``username`` sees it (by default the demo data's reception clerk of Phường Long An)."""
        return queries.dossier_view(self.runtime, self.user_id(username), dossier_id)
