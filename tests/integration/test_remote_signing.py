"""Remote signing as an asynchronous step: the request goes out and returns at once, the pending signature is
kept as JSON (a process may restart), nothing is signed until the leader confirms on the phone, and what comes
back is checked under the trusted roots (the provider's CA among them) before it is used."""
from __future__ import annotations

import json
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from motcua.documents.layout import Letterhead
from motcua.domain.clock import VN_TZ
from motcua.services.signing import RemoteSignatureError, Signer, build_signer
from motcua.signing.remote import PendingSignature, SignatureRefused
from motcua.signing.settings import SigningSettings
from motcua.store.models import User
from tests.support.pdfs import result
from tests.support.remote_provider import FakeProvider

LEADER = User(username="lanhdao.longan", full_name="Lãnh đạo Phường Long An")


@pytest.fixture
def provider() -> FakeProvider:
    provider = FakeProvider()
    provider.enrol(LEADER.username, LEADER.full_name)
    return provider


@pytest.fixture
def signer(provider: FakeProvider, tmp_path: Path) -> Signer:
    root = tmp_path / "provider-root.pem"
    root.write_bytes(provider.ca.certificate.public_bytes(serialization.Encoding.PEM))
    built = build_signer(tmp_path / "pki", "secret", "MotCua", SigningSettings(trusted_roots=(root,)))
    built.remote = provider
    return built


def unsigned() -> bytes:
    head = Letterhead("Phường Long An", "000.00.31.H53-251124-0001", "http://127.0.0.1:5000/tra-cuu?ma=x", "Long An")
    return result(head, title="XÁC NHẬN ĐĂNG KÝ BIẾN ĐỘNG", paragraphs=["Chấp thuận."], signer_name=LEADER.full_name,
                  signer_title="Lãnh đạo", issued_at=datetime(2025, 11, 25, 9, 0, tzinfo=VN_TZ))


def test_the_signature_arrives_later_and_completes_a_document_kept_meanwhile(signer: Signer, provider: FakeProvider,
                                                                             tmp_path: Path) -> None:
    pending = signer.ask_remote(unsigned(), LEADER, "Phê duyệt kết quả", "Phường Long An")
    assert list(provider.waiting) == [pending.request_id]
    kept = json.dumps(pending.to_json())  # what the step would store; the request that asked has ended
    assert signer.collect_remote(PendingSignature.from_json(json.loads(kept))) is None  # not confirmed yet

    provider.confirm_on_phone(pending.request_id)
    signed = signer.collect_remote(PendingSignature.from_json(json.loads(kept)))
    assert signed is not None
    report = signer.verify(signed)
    assert report.ok, report.reason
    assert report.signatures[0].signer == "Lãnh đạo Phường Long An"
    assert report.signatures[0].trusted_root_name == "SmartCA thử nghiệm"

    (tmp_path / "signed.pdf").write_bytes(signed)
    pdfsig = subprocess.run(["pdfsig", str(tmp_path / "signed.pdf")], capture_output=True, text=True).stdout
    assert "Signature Validation: Signature is Valid." in pdfsig and "Total document signed" in pdfsig


def test_a_refusal_and_a_wrong_signature_value_are_reported_not_used(signer: Signer, provider: FakeProvider) -> None:
    refused = signer.ask_remote(unsigned(), LEADER, "Phê duyệt kết quả", "Phường Long An")
    provider.refuse_on_phone(refused.request_id)
    with pytest.raises(SignatureRefused, match="was refused by the signer"):
        signer.collect_remote(refused)

    forged = signer.ask_remote(unsigned(), LEADER, "Phê duyệt kết quả", "Phường Long An")
    provider.confirm_on_phone(forged.request_id, key=ec.generate_private_key(ec.SECP256R1()))  # not the leader's key
    with pytest.raises(RemoteSignatureError, match=f"request {forged.request_id} does not hold"):
        signer.collect_remote(forged)
    with pytest.raises(RemoteSignatureError, match="does not hold: Final ByteRange payload larger"):
        signer.finish_remote(forged, b"x" * 10_000)  # more than the room the prepared PDF left for it


def test_without_a_remote_service_asking_is_refused_clearly(tmp_path: Path) -> None:
    plain = build_signer(tmp_path / "pki", "secret", "MotCua")
    with pytest.raises(RemoteSignatureError, match="no remote-signing service is configured"):
        plain.ask_remote(unsigned(), LEADER, "x", "y")
