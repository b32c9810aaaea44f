"""A dossier waits for a remote signature without holding a request open (issue 19).

The leader approves; the step asks the provider and returns at once, leaving no task for anyone; the
provider is answered later (the leader confirms or refuses on the phone); a worker round polls it and
delivers the answer as the message ``chu_ky_so_tu_xa``; the signed result is issued as ``sign_result``
issues it, or a refusal leads back to the leader's approval.
"""
from __future__ import annotations

import shutil
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy import select

from motcua.domain.clock import FixedClock
from motcua.engine.dryrun import dry_run_pack
from motcua.engine.pack import load_pack
from motcua.services.runtime import Runtime
from motcua.services.signing import RemoteSignatureError, build_signer
from motcua.services.worker import one_round
from motcua.signing.settings import SigningSettings, SigningSettingsError
from motcua.store.models import Document, Dossier, RemoteSignature
from motcua.trial.desk import Desk
from tests.support.packs import PROCEDURE, PROJECT_ROOT
from tests.support.remote_provider import FakeProvider
from tests.support.runtimes import make_runtime

FIXTURE = PROJECT_ROOT / "tests" / "fixtures" / "remote_signing"
SLUG, UNIT, CODE = "remote_signing", "80001", "000.00.31.H53-251124-0001"
RECEPTION, LEADER = "tiepnhan.longan", "lanhdao.longan"
APPROVE, RETURN = "Phê duyệt kết quả", "Trả kết quả"
PROVIDER = "tests.support.remote_provider:FakeProvider"


def remote_pack(root: Path) -> Path:
    """The project's handlers and forms, the remote-signing diagram and the message it waits for."""
    shutil.copytree(PROJECT_ROOT / "handlers", root / "handlers", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(PROJECT_ROOT / "forms", root / "forms")
    (root / "bpmn").mkdir()
    shutil.copy(FIXTURE / "remote_signing.bpmn", root / "bpmn")
    shutil.copy(FIXTURE / "messages.toml", root)
    (root / "processes").mkdir()
    (root / "processes" / f"{SLUG}.toml").write_text(PROCEDURE.format(code=77, process_id=SLUG), encoding="utf-8")
    return root


@pytest.fixture
def runtime(tmp_path: Path, database_url: str) -> Runtime:
    clock = FixedClock(datetime(2025, 11, 24, 8, 30))
    built = make_runtime(database_url, remote_pack(tmp_path / "pack"), tmp_path / "instance", clock,
                         signing=SigningSettings(remote_service=PROVIDER))
    provider = built.signer.remote
    assert isinstance(provider, FakeProvider)
    provider.enrol(LEADER, "Lãnh đạo Phường Long An")
    built.signer.trusted_roots.append(provider.ca.certificate)  # the deployment trusts its provider's CA
    return built


def approved_and_waiting(runtime: Runtime, desk: Desk) -> int:
    """A dossier received, given its code, and approved by the leader: it now waits for the phone."""
    dossier_id = desk.start(RECEPTION, UNIT, SLUG)
    desk.do(RECEPTION, "Tiếp nhận", {}, dossier_id)
    with runtime.uow() as uow:
        uow.dossiers.get(dossier_id).code = CODE  # this trial process has no intake step to issue one
        uow.commit()
    outcome = desk.do(LEADER, APPROVE, {"decision": "sign"}, dossier_id)
    assert outcome.waiting == []  # the leader's request returns at once, with nothing open for anyone
    return dossier_id


def pending(runtime: Runtime, dossier_id: int) -> list[RemoteSignature]:
    with runtime.uow() as uow:
        rows = uow.session.scalars(select(RemoteSignature).where(RemoteSignature.dossier_id == dossier_id)
                                   .order_by(RemoteSignature.id)).all()
        uow.session.expunge_all()
        return list(rows)


def results(runtime: Runtime, dossier_id: int) -> list[Document]:
    with runtime.uow() as uow:
        docs = uow.session.scalars(select(Document).where(Document.dossier_id == dossier_id,
                                                          Document.kind == "ket-qua")).all()
        uow.session.expunge_all()
        return list(docs)


def events(runtime: Runtime, dossier_id: int, kind: str) -> list[dict]:
    with runtime.uow() as uow:
        return [dict(e.detail) for e in uow.events.for_dossier(dossier_id) if e.kind == kind]


def status(runtime: Runtime, dossier_id: int) -> str:
    with runtime.uow() as uow:
        return uow.session.get(Dossier, dossier_id).status


def test_the_diagram_that_waits_for_a_remote_signature_passes_the_dry_run(tmp_path: Path) -> None:
    [walked] = dry_run_pack(load_pack(remote_pack(tmp_path / "pack")))
    assert walked.problems == [] and walked.paths >= 1, walked.summary()


def test_the_signature_confirmed_on_the_phone_is_collected_by_the_worker_and_issued(
        runtime: Runtime, tmp_path: Path) -> None:
    desk, provider = Desk(runtime), runtime.signer.remote
    dossier_id = approved_and_waiting(runtime, desk)
    [row] = pending(runtime, dossier_id)
    assert list(provider.waiting) == [row.request_id] and row.settled_at is None
    assert desk.tasks(RECEPTION) == [] and desk.tasks(LEADER) == []
    assert events(runtime, dossier_id, "result.remote_requested") == [
        {"request": row.request_id, "leader": "Lãnh đạo Phường Long An"}]
    assert results(runtime, dossier_id) == []

    wall = FixedClock(datetime(2026, 11, 30, 9, 0))
    assert one_round(runtime, None, clock=wall).signatures == 0  # not confirmed yet: polled, put off
    [row] = pending(runtime, dossier_id)
    assert row.attempts == 1 and row.next_poll_at > wall.now()
    provider.confirm_on_phone(row.request_id)
    assert one_round(runtime, None, clock=wall).signatures == 0  # backing off: not asked again before its time

    wall.set(wall.now() + timedelta(minutes=1))
    assert one_round(runtime, None, clock=wall).signatures == 1
    [row] = pending(runtime, dossier_id)
    assert row.outcome == "signed" and row.settled_at is not None
    [document] = results(runtime, dossier_id)
    assert document.signed_by_id == desk.user_id(LEADER)
    report = runtime.signer.verify(document.content)
    assert report.ok, report.reason
    assert report.signatures[0].signer == "Lãnh đạo Phường Long An"
    assert report.signatures[0].trusted_root_name == "SmartCA thử nghiệm"
    (tmp_path / "ket-qua.pdf").write_bytes(document.content)
    pdfsig = subprocess.run(["pdfsig", str(tmp_path / "ket-qua.pdf")], capture_output=True, text=True).stdout
    assert "Signature Validation: Signature is Valid." in pdfsig and "Total document signed" in pdfsig
    assert status(runtime, dossier_id) == "awaiting_return"
    assert [title for title, _ in desk.tasks(RECEPTION)] == [RETURN]


def test_a_refusal_or_a_forged_value_leads_back_to_the_leader_and_a_later_approval_signs(runtime: Runtime) -> None:
    desk, provider = Desk(runtime), runtime.signer.remote
    dossier_id = approved_and_waiting(runtime, desk)
    wall = FixedClock(datetime(2026, 11, 30, 9, 0))
    provider.refuse_on_phone(pending(runtime, dossier_id)[0].request_id)
    assert one_round(runtime, None, clock=wall).signatures == 1
    assert [title for title, _ in desk.tasks(LEADER)] == [APPROVE]
    assert results(runtime, dossier_id) == [] and status(runtime, dossier_id) == "processing"
    refused = events(runtime, dossier_id, "result.remote_refused")
    assert len(refused) == 1 and "was refused by the signer" in refused[0]["reason"]

    desk.do(LEADER, APPROVE, {"decision": "sign"}, dossier_id)  # asks again: a value made with another key
    provider.confirm_on_phone(pending(runtime, dossier_id)[1].request_id, key=ec.generate_private_key(ec.SECP256R1()))
    assert one_round(runtime, None, clock=wall).signatures == 1
    assert [title for title, _ in desk.tasks(LEADER)] == [APPROVE] and results(runtime, dossier_id) == []
    assert [r.outcome for r in pending(runtime, dossier_id)] == ["refused", "refused"]

    desk.do(LEADER, APPROVE, {"decision": "sign"}, dossier_id)
    provider.confirm_on_phone(pending(runtime, dossier_id)[2].request_id)
    assert one_round(runtime, None, clock=wall).signatures == 1
    [document] = results(runtime, dossier_id)
    assert runtime.signer.verify(document.content).ok
    assert [title for title, _ in desk.tasks(RECEPTION)] == [RETURN]


def test_the_deployment_names_its_provider_class_in_a_setting(tmp_path: Path) -> None:
    settings = SigningSettings.from_env({"MOTCUA_REMOTE_SIGNING": PROVIDER})
    assert isinstance(build_signer(tmp_path / "pki", "secret", "MotCua", settings).remote, FakeProvider)
    with pytest.raises(SigningSettingsError, match="package.module:Class"):
        SigningSettings.from_env({"MOTCUA_REMOTE_SIGNING": "tests.support.remote_provider"})
    with pytest.raises(RemoteSignatureError, match="cannot import 'no.such.module:Provider'"):
        build_signer(tmp_path / "pki", "secret", "MotCua", SigningSettings(remote_service="no.such.module:Provider"))

