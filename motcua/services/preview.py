"""The result as it will be signed, shown to the leader before they sign: drawn on the fly by the very handler
that makes it.

The leader's decision is played ahead in the step's transaction ("sign" chosen), up to the moment the handler
hands its PDF to the signer; the PDF is taken there and everything is rolled back: nothing is signed, numbered,
kept or recorded, and the dossier is as it was. So the preview is always the document the signature will bear,
whatever the procedure's diagram passes to the handler.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from motcua.documents.official import SignaturePlace
from motcua.engine.runner import StepError
from motcua.services.runtime import Runtime
from motcua.services.steps import LiveOffice, offered_task
from motcua.services.steps import _facts as facts_of  # the live office starts from the row's facts, as steps do

SIGN = "sign"  # the choice of the leader's decision form that leads to the signature


class _Drawn(Exception):
    """Carries the unsigned PDF out of the handler, stopping the step there."""

    def __init__(self, pdf: bytes) -> None:
        super().__init__("draft drawn")
        self.pdf = pdf


@dataclass
class _PreviewOffice(LiveOffice):
    """The live office, except that whatever would be signed is handed back instead."""

    def sign(self, pdf: bytes, reason: str, mark: SignaturePlace | None = None) -> bytes:
        raise _Drawn(pdf)

    def ask_remote_signature(self, pdf: bytes, reason: str) -> str:
        raise _Drawn(pdf)


def _drawn(exc: BaseException | None) -> bytes | None:
    while exc is not None:
        if isinstance(exc, _Drawn):
            return exc.pdf
        exc = exc.__cause__ or exc.__context__
    return None


def offers_signature(form_schema: dict[str, Any]) -> bool:
    """True when a task's form lets its user choose to sign (the leader's decision)."""
    decision = form_schema.get("properties", {}).get("decision", {})
    return any(option.get("const") == SIGN for option in decision.get("oneOf", []))


def draft_result(runtime: Runtime, user_id: int, task_id: str) -> tuple[str, bytes] | None:
    """The file name and unsigned PDF the leader's "sign" would sign now, or None when choosing it signs
    nothing (no signing step follows, or the step fails before it: the task page then says nothing)."""
    with runtime.uow() as uow:
        user, item = offered_task(uow, user_id, task_id)
        instance = uow.instances.for_dossier(item.dossier_id)
        if instance is None:
            return None
        version = runtime.version(uow, instance.version_id)
        if not item.form or not offers_signature(version.forms[item.form].schema):
            return None
        dossier = item.dossier
        office = _PreviewOffice(runtime, uow, user, dossier, facts_of(dossier), [])
        workflow = runtime.runner.restore(instance.state, version.spec, version.subprocess_specs)
        try:
            runtime.runner.complete(workflow, task_id, {"decision": SIGN}, office.context_for)
        except (StepError, _Drawn) as exc:
            pdf = _drawn(exc)
            return (f"du-thao-ket-qua-{dossier.code or dossier.id}.pdf", pdf) if pdf else None
        return None  # the uow rolls back on leaving: nothing of the played step stays
