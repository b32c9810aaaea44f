"""Errors with a stable code and parameters, which the edges (web, API, CLI) translate for the reader.

A service or a store lookup says *what* went wrong (``dossier.not_found`` with ``dossier=12``); the words
a clerk reads, in Vietnamese or English, are chosen where the answer is written (``motcua.messages``).
This module sits below both the store and the services, so a repository's ``require_*`` lookup raises the
same ``NotFound`` the web layer turns into a 404.
"""
from __future__ import annotations

from typing import Any

from motcua.messages import render


class ServiceError(Exception):
    """Base of the use-case errors the web and CLI layers turn into answers.

    ``code`` names the error for programs and translators (``<thing>.<what>``); ``params`` fill the message.
    ``str()`` gives the English message, for logs and for callers that only keep a text.
    """

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params

    def __str__(self) -> str:
        return render(self.code, self.params, "en")


class NotFound(ServiceError):
    """The thing asked for does not exist (or the user may not know it exists)."""


class Forbidden(ServiceError):
    """The user holds no role that allows this here."""


class Conflict(ServiceError):
    """The step was already done, or someone else did it first."""


class InvalidField(ServiceError):
    """A value typed into a named field is not in the form it must have; nothing was saved.

    ``field`` names the field (as the form or page calls it) and ``value`` repeats what was typed."""

    def __init__(self, code: str, field: str, value: str, **params: Any) -> None:
        super().__init__(code, field=field, value=value, **params)
        self.field = field


class Refusal(ServiceError):
    """A rule of the procedure refuses the step as the person filled it in (a handler's check): they can put it
    right, and the code says how in their language (``intake.papers_missing`` with ``missing=...``).

    Handlers raise it (``motcua.engine.handlers`` re-exports it for plug-ins); any other exception a handler
    raises is a fault of the pack, shown to the clerk as ``step.failed`` and logged for whoever fixes it."""
