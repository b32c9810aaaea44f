"""Errors the services raise: a stable code and its parameters, translated at the edge (``motcua.messages``).

The coded base and the plain not-found, forbidden and conflict errors live in ``motcua.errors``, below the
store, so a repository's ``require_*`` lookup raises the same ``NotFound``; they are named here too, the one
place services and the web layer import errors from.
"""
from __future__ import annotations

from motcua.engine.forms import FieldError
from motcua.errors import Conflict, Forbidden, InvalidField, NotFound, Refusal, ServiceError

__all__ = ["Conflict", "Forbidden", "InvalidField", "InvalidSubmission", "NotFound", "Refusal", "ServiceError",
           "StepFailed", "step_failed"]


class InvalidSubmission(ServiceError):
    """The form data breaks the form's schema; nothing was saved. ``errors`` say which field and how."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        super().__init__("form.invalid", fields=", ".join(f"{e.field}: {e.code}" for e in errors))


class StepFailed(ServiceError):
    """The engine could not run the step; nothing was saved. When a handler refused it (``refusal``) the error
    takes the refusal's code and parameters, words the person can act on; otherwise its code is
    ``step.failed``, naming only the diagram element, and ``detail`` is the engine's own account (English,
    naming the task) for the log and the people who fix the diagram, never shown to a clerk."""

    def __init__(self, detail: str, element: str | None = None, refusal: Refusal | None = None) -> None:
        self.detail = detail
        self.refusal = refusal
        if refusal is not None:
            super().__init__(refusal.code, **refusal.params)
        else:
            super().__init__("step.failed", element=element or "?")


def step_failed(exc: BaseException, element: str | None = None) -> StepFailed:
    """The StepFailed for an engine error, carrying the handler's refusal found in its chain of causes."""
    seen: BaseException | None = exc
    for _depth in range(10):  # SpiffWorkflow wraps a handler's exception once or twice
        if seen is None or isinstance(seen, Refusal):
            break
        seen = getattr(seen, "exception", None) or seen.__cause__ or seen.__context__
    return StepFailed(str(exc), element, seen if isinstance(seen, Refusal) else None)
