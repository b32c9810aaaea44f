"""Leaders' keys on a PKCS#11 token (SoftHSM2 standing for a province's HSM): the key pair is made on the token,
the deployment CA certifies it, the leader signs through the normal approve step, and the result verifies with
the app's verify service and with poppler's pdfsig."""
from __future__ import annotations

import io
import subprocess
import uuid
from datetime import datetime
from pathlib import Path

import pkcs11
import pytest
from pkcs11 import Attribute, ObjectClass
from pyhanko.pdf_utils.reader import PdfFileReader

from features.steps.land_change import SIGN, VERIFY, receive_data
from motcua.documents.layout import Letterhead
from motcua.domain.clock import VN_TZ, FixedClock
from motcua.services import citizen
from motcua.services.runtime import Runtime
from motcua.signing.keys import SignerIdentity
from motcua.signing.pades import sign_pdf, verify_pdf
from motcua.signing.pki import KeyStore
from motcua.signing.settings import SigningSettings
from motcua.signing.token import TokenError, TokenKeys
from motcua.trial.desk import Desk
from tests.support.pdfs import result
from tests.support.runtimes import PROJECT_ROOT, make_runtime
from tests.support.softhsm import Token, softhsm  # noqa: F401 - the fixture

CODE = "000.00.31.H53-251124-0001"


def objects(token: Token, kind: ObjectClass, label: str) -> list[dict[str, object]]:
    """What the token holds under a label, read as another program would."""
    with pkcs11.lib(str(token.module)).get_token(token_label=token.label).open(user_pin=token.pin) as session:
        found = list(session.get_objects({Attribute.CLASS: kind, Attribute.LABEL: label}))
        if kind == ObjectClass.PRIVATE_KEY:
            return [{"sensitive": o[Attribute.SENSITIVE], "extractable": o[Attribute.EXTRACTABLE]} for o in found]
        return [{"value": o[Attribute.VALUE]} for o in found]


@pytest.fixture
def key_label() -> str:
    """A label of this test's own: the token outlives each test's CA."""
    return f"lanhdao-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def token_runtime(database_url: str, clock: FixedClock, instance_dir: Path, softhsm: Token,  # noqa: F811
                  key_label: str) -> Runtime:
    signing = SigningSettings(backend="pkcs11", pkcs11_module=softhsm.module, pkcs11_token=softhsm.label,
                              pkcs11_pin=softhsm.pin, pkcs11_key_labels={"lanhdao.longan": key_label})
    rt = make_runtime(database_url, PROJECT_ROOT, instance_dir, clock, signing=signing)
    yield rt
    rt.db.dispose()


def sign_a_land_change(runtime: Runtime) -> bytes:
    desk = Desk(runtime)
    dossier = desk.start("tiepnhan.longan", "80001")
    desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ", receive_data())
    desk.do("chuyenvien.longan", "Thẩm định hồ sơ", VERIFY)
    desk.do("lanhdao.longan", "Phê duyệt kết quả", SIGN)
    with runtime.uow() as uow:
        return uow.documents.latest(dossier, "ket-qua").content


def test_a_leader_signs_the_approved_result_with_a_key_that_never_leaves_the_token(
        token_runtime: Runtime, softhsm: Token, key_label: str, instance_dir: Path, tmp_path: Path) -> None:  # noqa: F811
    signed = sign_a_land_change(token_runtime)

    verification = citizen.verify_dossier(token_runtime, CODE)
    assert verification.report.ok, verification.report.reason
    [check] = verification.report.signatures
    assert check.signer == "Lãnh đạo Phường Long An" and check.unit == "Phường Long An"
    assert check.trusted_root == "CN=MotCua CA,O=MotCua,C=VN"

    (tmp_path / "ket-qua.pdf").write_bytes(signed)
    pdfsig = subprocess.run(["pdfsig", str(tmp_path / "ket-qua.pdf")], capture_output=True, text=True)
    assert "Signer Certificate Common Name: Lãnh đạo Phường Long An" in pdfsig.stdout, pdfsig.stdout
    assert "Signature Validation: Signature is Valid." in pdfsig.stdout
    assert "Total document signed" in pdfsig.stdout

    assert objects(softhsm, ObjectClass.PRIVATE_KEY, key_label) == [{"sensitive": True, "extractable": False}]
    [on_token] = objects(softhsm, ObjectClass.CERTIFICATE, key_label)
    [embedded] = PdfFileReader(io.BytesIO(signed)).embedded_signatures
    assert embedded.signer_cert.dump() == on_token["value"]  # the certificate the CA issued for the token's key
    assert not (instance_dir / "pki" / "signers").exists()  # no key file: only the CA's key is on disk
    assert (instance_dir / "pki" / "ca.key.pem").is_file()


def test_a_second_signature_reuses_the_enrolled_key(token_runtime: Runtime, softhsm: Token, key_label: str,  # noqa: F811
                                                    tmp_path: Path) -> None:
    leader = SignerIdentity("lanhdao.longan", "Lãnh đạo Phường Long An", "Lãnh đạo", "Phường Long An")
    first = sign_a_land_change(token_runtime)
    with token_runtime.signer.backend.signer(leader) as signer:
        second = sign_pdf(_minimal_pdf(), signer, "Ký văn bản khác", "Long An")
    certificates = [token_runtime.signer.verify(pdf).signatures[0] for pdf in (first, second)]
    assert all(c.ok for c in certificates)
    [a], [b] = (PdfFileReader(io.BytesIO(pdf)).embedded_signatures for pdf in (first, second))
    assert a.signer_cert.dump() == b.signer_cert.dump()
    assert len(objects(softhsm, ObjectClass.PRIVATE_KEY, key_label)) == 1
    assert len(objects(softhsm, ObjectClass.CERTIFICATE, key_label)) == 1


def test_without_a_mapping_the_key_label_is_the_username_and_a_wrong_pin_is_named(softhsm: Token,  # noqa: F811
                                                                                  tmp_path: Path) -> None:
    store = KeyStore(tmp_path / "pki", "secret")
    settings = SigningSettings(backend="pkcs11", pkcs11_module=softhsm.module, pkcs11_token=softhsm.label,
                               pkcs11_pin=softhsm.pin)
    keys = TokenKeys(softhsm.module, softhsm.label, softhsm.pin, ca=store.ca, key_label=settings.key_label)
    leader = SignerIdentity(f"lanhdao.{uuid.uuid4().hex[:8]}", "Trần Thị Lan", "Phó Chủ tịch", "Phường Kiến Tường")
    assert objects(softhsm, ObjectClass.CERTIFICATE, leader.username) == []
    with keys.signer(leader) as signer:
        signed = sign_pdf(_minimal_pdf(), signer, "Phê duyệt", "Kiến Tường")
    assert verify_pdf(signed, [store.ca_certificate()]).ok
    assert objects(softhsm, ObjectClass.PRIVATE_KEY, leader.username)
    assert softhsm.pin not in repr(keys) and softhsm.pin not in repr(settings)

    wrong = TokenKeys(softhsm.module, softhsm.label, "000000", ca=store.ca, key_label=settings.key_label)
    with pytest.raises(TokenError, match="the PIN for token 'motcua-test' is wrong"), wrong.signer(leader):
        pass
    missing = TokenKeys(softhsm.module, "no-such-token", softhsm.pin, ca=store.ca, key_label=settings.key_label)
    with pytest.raises(TokenError, match="no PKCS#11 token labelled 'no-such-token'"), missing.signer(leader):
        pass


def _minimal_pdf() -> bytes:
    head = Letterhead("Phường Kiến Tường", "000.00.32.H53-251124-0001", "http://127.0.0.1:5000/tra-cuu?ma=x", "Kiến Tường")
    return result(head, title="KẾT QUẢ", paragraphs=["Chấp thuận."], signer_name="Trần Thị Lan",
                  signer_title="Phó Chủ tịch", issued_at=datetime(2025, 11, 25, 9, 0, tzinfo=VN_TZ))
