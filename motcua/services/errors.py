"""Errors the services raise: a stable code and its parameters, translated at the edge (``motcua.messages``).

The coded base and the plain not-found, forbidden and conflict errors live in ``motcua.errors``, below the
store, so a repository's ``require_*`` lookup raises the same ``NotFound``; they are named here too, the one
place services and the web layer import errors from.
"""
from __future__ import annotations

from motcua.engine.forms import FieldError
from motcua.errors import Conflict, Forbidden, InvalidField, NotFound, ServiceError

__all__ = ["Conflict", "Forbidden", "InvalidField", "InvalidSubmission", "NotFound", "ServiceError", "StepFailed"]


class InvalidSubmission(ServiceError):
    """The form data breaks the form's schema; nothing was saved. ``errors`` say which field and how."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        super().__init__("form.invalid", fields=", ".join(f"{e.field}: {e.code}" for e in errors))


class StepFailed(ServiceError):
    """The engine could not run the step (a script or handler failed); nothing was saved. ``detail`` is the
    engine's own account (English, naming the task), kept as it is for the people who fix the diagram."""

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__("step.failed", detail=detail)
