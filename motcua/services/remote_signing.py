"""A leader's signature by a remote-signing service, inside workflow steps (issue 19).

The leader's step asks (``ask``): the PDF is prepared, the provider is asked, and a ``RemoteSignature`` row
keeps what finishing needs, in that step's transaction; the request then returns with no task open for
anyone. The worker polls the provider (``services.remote_poll``) and delivers its answer as the message
``chu_ky_so_tu_xa``; the step that message runs settles the row (``settle``): the signature value is put into
the prepared PDF and checked under the trusted roots, or the refusal is recorded. A value that does not
verify is treated as a refusal, so the diagram's way back to the leader is the one place both lead.
"""
from __future__ import annotations

from typing import Any, Protocol

from motcua.services.errors import Refusal
from motcua.services.runtime import Runtime
from motcua.services.signing import RemoteSignatureError
from motcua.signing.remote import PendingSignature
from motcua.store.models import Dossier, RemoteSignature, User
from motcua.store.ports import UnitOfWorkPort

MESSAGE = "chu_ky_so_tu_xa"  # declared in the pack's messages.toml by a procedure that signs remotely


class OfficeScope(Protocol):
    """What of the live office (``steps.LiveOffice``) remote signing uses: its transaction, dossier, acting
    user, history and the runtime."""

    runtime: Runtime
    uow: UnitOfWorkPort
    dossier: Dossier
    user: User | None
    remote_signer_id: int | None

    def record(self, kind: str, detail: dict[str, Any]) -> None: ...


def ask(office: OfficeScope, pdf: bytes, reason: str) -> str:
    """Send ``pdf`` to the acting leader's remote-signing service and keep the pending signature; its request id.

    Asking happens inside the step's transaction: if that transaction then fails, the provider holds a
    request nobody polls, which expires there; nothing half-done is kept here.
    """
    if office.user is None:
        raise ValueError("only a person can sign: put the remote signing after a leader's task, not a timer")
    if _open(office) is not None:
        raise Refusal("remote_signature.already_waiting", dossier=office.dossier.code)
    now = office.runtime.clock.now()
    pending = office.runtime.signer.ask_remote(pdf, office.user, reason, office.dossier.handling_unit.name)
    office.uow.remote_signatures.add(RemoteSignature(
        dossier_id=office.dossier.id, user_id=office.user.id, request_id=pending.request_id,
        pending=pending.to_json(), asked_at=now, next_poll_at=now, attempts=0))
    office.uow.audit.record(now, "result.remote_requested", username=office.user.username, user_id=office.user.id,
                            detail={"dossier": office.dossier.code, "reason": reason, "request": pending.request_id})
    office.record("result.remote_requested", {"request": pending.request_id, "leader": office.user.full_name})
    return pending.request_id


def settle(office: OfficeScope, signature: bytes | None, refusal: str = "") -> bytes | None:
    """The signed PDF from the dossier's pending remote signature, or None when refused or not verifying;
    the row is closed either way, in the step's transaction."""
    row = _open(office)
    if row is None:
        raise ValueError(f"dossier {office.dossier.code} has no remote signature waiting to be settled")
    row.settled_at = office.runtime.clock.now()
    signed = None
    if signature is not None and not refusal:
        try:
            signed = office.runtime.signer.finish_remote(PendingSignature.from_json(row.pending), signature)
        except RemoteSignatureError as exc:
            refusal = str(exc)
    else:
        refusal = refusal or "the message carried no signature"
    row.outcome = "signed" if signed is not None else "refused"
    row.last_error = refusal or None
    leader = row.leader
    if signed is not None:
        office.remote_signer_id = row.user_id
        office.uow.audit.record(row.settled_at, "result.signed", username=leader.username, user_id=leader.id,
                                detail={"dossier": office.dossier.code, "remote_request": row.request_id})
    else:
        office.record("result.remote_refused", {"request": row.request_id, "leader": leader.full_name,
                                                "reason": refusal})
    return signed


def _open(office: OfficeScope) -> RemoteSignature | None:
    return office.uow.remote_signatures.open_for(office.dossier.id)
