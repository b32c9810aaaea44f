"""Staff working dossiers through the services, by username and task title: what trial scripts do.

Part of the trial step library's runtime (features/steps builds each scenario's world on it), and the test
suite's way of working dossiers without a browser. A missing user or task fails the scenario with an
AssertionError saying what was there instead, as a failed step should; ``complete`` and ``missing`` word
a refused form and a task that is not there as a tester's sentence (``TrialFailure``).
"""
from __future__ import annotations

from typing import Any

from motcua.domain.roles import role_title
from motcua.messages import render
from motcua.services import queries, steps
from motcua.services.errors import InvalidSubmission, StepFailed
from motcua.services.runtime import Runtime
from motcua.trial.failures import TrialFailure, failure, sentence
from motcua.trial.words import FormWords


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

    def waiting(self, dossier_id: int) -> list[tuple[str, str, str]]:
        """(task title, role code, unit name) of every task the dossier waits for now, whoever it is offered to."""
        with self.runtime.uow() as uow:
            found = []
            for item in uow.work_items.for_dossier(dossier_id):
                unit = uow.units.get(item.unit_id)
                found.append((item.title, item.role, unit.name if unit else str(item.unit_id)))
            return found

    def missing(self, dossier_id: int, role: str, unit: str, title: str, language: str) -> TrialFailure:
        """The failure of a step that expected task ``title`` of ``role`` (a code) in ``unit`` (a name): what was
        expected, and what the dossier actually waits for (task titles, roles and units)."""
        waiting = [sentence(language, "waiting_task", task=task, role=role_title(code, language), unit=where)
                   for task, code, where in self.waiting(dossier_id)]
        return failure(language, "no_task", who=sentence(language, "who", role=role_title(role, language), unit=unit),
                       task=title, waiting=", ".join(waiting) or sentence(language, "waits_for_nobody"))

    def complete(self, username: str, task_id: str, title: str, candidates: list[dict[str, Any]],
                 words: FormWords | None, language: str) -> steps.Outcome:
        """Complete a task with the first of ``candidates`` the services accept; when none is, a TrialFailure
        naming the refused fields by their titles (and the values a choice allows), or why the step failed."""
        first: TrialFailure | None = None
        for data in candidates:
            try:
                return steps.complete_task(self.runtime, self.user_id(username), task_id, data)
            except InvalidSubmission as exc:
                problems = words.refusal(exc.errors) if words else ", ".join(f"{e.field}: {e.code}" for e in exc.errors)
                first = first or failure(language, "refused", form=words.title if words else "", task=title,
                                         problems=problems)
            except StepFailed as exc:
                said = render(exc.code, exc.params, language) if exc.refusal else exc.detail
                first = first or failure(language, "step_failed", task=title, detail=said)
        raise first or failure(language, "step_failed", task=title, detail="-")

    def receiving_unit(self, dossier_id: int) -> str:
        """The code of the unit that received a dossier."""
        return queries.receiving_unit(self.runtime, dossier_id)

    def dossier(self, dossier_id: int, username: str = "tiepnhan.longan") -> queries.DossierView:
        """The dossier as ``username`` sees it (by default the demo data's reception clerk of Phường Long An)."""
        return queries.dossier_view(self.runtime, self.user_id(username), dossier_id)
