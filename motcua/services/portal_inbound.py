"""Dossiers submitted on the National Public Service Portal, handed to the ward they were sent to.

The portal posts the dossier (``docs/portal/incoming-dossier.schema.json``) signed with a secret shared with this
deployment (HMAC-SHA256 of the exact body: a forged or altered body fails, and the secret never travels). The
dossier then takes the online submission's path (services/online.py): the same checks of the procedure's intake
form, the same first step in the ward's reception inbox, a code at once. It is idempotent on the portal's own id
of the dossier (``MaHoSo``), which the dossier keeps in a unique column: a resubmission, even two at the same
moment, finds the dossier the first one made instead of making a second.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError

from motcua.domain.channels import Channel
from motcua.services import online, portal_schemas
from motcua.services.errors import InvalidField, InvalidSubmission, NotFound, ServiceError
from motcua.services.runtime import Runtime
from motcua.services.steps import Upload
from motcua.store.models import Dossier, Event
from motcua.store.ports import UnitOfWorkPort

SIGNATURE_HEADER = "X-Portal-Signature"
SIGNATURE_PREFIX = "sha256="
CHANNELS = {"2": Channel.ONLINE, "3": Channel.POSTAL}  # KenhThucHien, domain/channels.py
FORM_DATA = "DuLieuBieuMau"


class PortalUnauthorized(ServiceError):
    """The request does not carry this deployment's signature of its body."""


class PortalInvalid(ServiceError):
    """The body breaks the incoming schema or the procedure's intake form; ``problems`` name each field."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("portal.invalid", fields="; ".join(f"{field}: {why}" for field, why in problems))


@dataclass(frozen=True)
class Accepted:
    """What the portal is answered: our dossier for its id, and whether this request made it."""

    portal_dossier_id: str
    dossier_code: str
    unit_name: str
    created: bool


def signature(secret: str, body: bytes) -> str:
    """The signature header's value for a body: ``sha256=`` and the hex HMAC-SHA256 under the shared secret."""
    return SIGNATURE_PREFIX + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def check_signature(secret: str, body: bytes, given: str | None) -> None:
    """Refuse a body whose signature is missing or wrong, comparing in constant time."""
    if not given:
        raise PortalUnauthorized("portal.signature_missing", header=SIGNATURE_HEADER)
    if not hmac.compare_digest(signature(secret, body).encode("utf-8"), given.strip().encode("utf-8")):
        raise PortalUnauthorized("portal.signature_invalid", header=SIGNATURE_HEADER)


def record_refusal(runtime: Runtime, refusal: PortalUnauthorized, address: str | None, path: str) -> None:
    """Note a refused request in the security log, the place administrators look for intrusions."""
    with runtime.uow() as uow:
        uow.audit.record(runtime.clock.now(), "portal.request_refused", address=address,
                         detail={"reason": refusal.code, "path": path[:200]})
        uow.commit()


def _existing(runtime: Runtime, portal_id: str) -> Accepted | None:
    with runtime.uow() as uow:
        dossier = uow.dossiers.by_portal_id(portal_id)
        if dossier is None:
            return None
        return Accepted(portal_id, dossier.code or "", dossier.receiving_unit.name, created=False)


def _procedure(runtime: Runtime, code: str) -> str:
    """The slug of the public procedure with this national code; PortalInvalid naming MaTTHC otherwise."""
    for slug, loaded in runtime.pack.procedures.items():
        if loaded.procedure.code == code and loaded.procedure.is_public_service:
            return slug
    raise PortalInvalid([("MaTTHC", f"no administrative procedure {code!r} is offered here")])


def _unit_code(runtime: Runtime, agency_code: str) -> str:
    with runtime.uow() as uow:
        unit = uow.units.by_agency_code(agency_code)
        if unit is None:
            raise PortalInvalid([("MaDinhDanhDV", f"no unit here has the electronic identifier {agency_code!r}")])
        return unit.code


def _files(body: dict[str, Any]) -> dict[str, Upload]:
    files: dict[str, Upload] = {}
    for index, item in enumerate(body.get("TepDinhKem", [])):
        try:
            content = base64.b64decode(item["NoiDung"], validate=True)
        except (binascii.Error, ValueError) as exc:
            raise PortalInvalid([(f"TepDinhKem.{index}.NoiDung", "not base64")]) from exc
        files[item["TruongDuLieu"]] = Upload(item["TenTep"], content)
    return files


def _keep_portal_id(portal_id: str, submitted_at: str | None) -> Any:
    """Write the portal's id on the new dossier, and note in its history where it came from, in its transaction."""
    def keep(uow: UnitOfWorkPort, dossier: Dossier) -> None:
        dossier.portal_dossier_id = portal_id
        uow.events.add(Event(dossier_id=dossier.id, at=dossier.created_at, kind="dossier.from_portal",
                             detail={"portal_dossier_id": portal_id, "submitted_at": submitted_at}))
    return keep


def _form_problems(exc: InvalidSubmission) -> list[tuple[str, str]]:
    field = {"unit": "MaDinhDanhDV"}
    return [(field.get(e.field, f"{FORM_DATA}.{e.field}"),
             e.code + (f" {e.params}" if e.params else "")) for e in exc.errors]


def receive(runtime: Runtime, body: Any) -> Accepted:
    """Put a dossier the portal sent in its ward's reception inbox once; PortalInvalid names each wrong field."""
    found = portal_schemas.problems("incoming", body)
    if found:
        raise PortalInvalid(found)
    portal_id = body["MaHoSo"]
    existing = _existing(runtime, portal_id)
    if existing is not None:
        return existing
    slug, unit_code = _procedure(runtime, body["MaTTHC"]), _unit_code(runtime, body["MaDinhDanhDV"])
    submitted_at = body.get("NgayNop")
    try:
        datetime.fromisoformat(submitted_at or "2000-01-01T00:00:00+07:00")
    except ValueError as exc:
        raise PortalInvalid([("NgayNop", "not an ISO 8601 date-time")]) from exc
    try:
        sent = online.submit(runtime, slug, unit_code, dict(body[FORM_DATA]), _files(body),
                             channel=CHANNELS[body.get("KenhThucHien", "2")], postal_item=body.get("SoHieuBuuGui"),
                             also=_keep_portal_id(portal_id, submitted_at))
    except InvalidSubmission as exc:
        raise PortalInvalid(_form_problems(exc)) from exc
    except InvalidField as exc:  # the postal item number's check digit
        raise PortalInvalid([("SoHieuBuuGui", exc.code)]) from exc
    except NotFound as exc:  # the procedure has no intake form to fill online
        raise PortalInvalid([("MaTTHC", f"cannot be submitted online here ({exc.code})")]) from exc
    except IntegrityError:  # the same portal dossier, sent at the same moment, was saved first by the other
        raced = _existing(runtime, portal_id)
        if raced is None:
            raise
        return raced
    return Accepted(portal_id, sent.code, sent.unit_name, created=True)
