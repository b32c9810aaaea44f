"""Errors the services raise; each carries a message a clerk can act on."""
from __future__ import annotations

from motcua.engine.forms import FieldError


class ServiceError(Exception):
    """Base of the use-case errors the web and CLI layers turn into answers."""


class NotFound(ServiceError):
    """The thing asked for does not exist (or the user may not know it exists)."""


class Forbidden(ServiceError):
    """The user holds no role that allows this here."""


class Conflict(ServiceError):
    """The step was already done, or someone else did it first."""


class InvalidSubmission(ServiceError):
    """The form data breaks the form's schema; nothing was saved."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        super().__init__(", ".join(f"{e.field}: {e.code}" for e in errors))


class StepFailed(ServiceError):
    """The engine could not run the step (a script or handler failed); nothing was saved."""
