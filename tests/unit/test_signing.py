"""PAdES signatures: a signed result verifies; one changed byte, a foreign CA or no signature do not."""
from __future__ import annotations

import stat
from datetime import datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from motcua.documents.layout import Letterhead
from motcua.documents.slips import result
from motcua.domain.clock import VN_TZ
from motcua.signing.pades import InvalidPdf, sign_pdf, verify_pdf
from motcua.signing.pki import KeyStore, create_ca, issue_signer


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> KeyStore:
    return KeyStore(tmp_path_factory.mktemp("pki"), "deployment secret")


@pytest.fixture(scope="module")
def unsigned() -> bytes:
    head = Letterhead("Phường Kiến Tường", "80001-251124-0001", "http://127.0.0.1:5000/tra-cuu?ma=x", "Kiến Tường")
    return result(head, title="XÁC NHẬN ĐĂNG KÝ BIẾN ĐỘNG", paragraphs=["Chấp thuận."], signer_name="Trần Thị Lan",
                  signer_title="Phó Chủ tịch", issued_at=datetime(2025, 11, 25, 9, 0, tzinfo=VN_TZ))


@pytest.fixture(scope="module")
def signed(store: KeyStore, unsigned: bytes) -> bytes:
    leader = store.signer("lanhdao.kientuong", "Trần Thị Lan", "Phó Chủ tịch", "Phường Kiến Tường")
    return sign_pdf(unsigned, leader, store.ca_certificate(), "Phê duyệt kết quả", "Kiến Tường")


def test_a_signed_result_verifies_with_its_signer(store: KeyStore, signed: bytes) -> None:
    report = verify_pdf(signed, [store.ca_certificate()])
    assert report.ok and report.reason == ""
    [check] = report.signatures
    assert (check.signer, check.title, check.unit) == ("Trần Thị Lan", "Phó Chủ tịch", "Phường Kiến Tường")
    assert check.signed_at is not None


def test_one_changed_byte_breaks_the_signature(store: KeyStore, signed: bytes) -> None:
    tampered = bytearray(signed)
    position = signed.index(b"/Contents") // 2  # inside the signed byte range, in the page content
    tampered[position] ^= 0x01
    report = verify_pdf(bytes(tampered), [store.ca_certificate()])
    assert not report.ok
    assert "changed after Trần Thị Lan signed it" in report.reason


def test_a_certificate_from_another_authority_is_not_trusted(store: KeyStore, unsigned: bytes) -> None:
    outsider_ca = create_ca("Other CA", "Other")
    outsider = issue_signer(outsider_ca, "Kẻ mạo danh", "Chủ tịch", "Phường X")
    report = verify_pdf(sign_pdf(unsigned, outsider, outsider_ca.certificate, "x", "y"), [store.ca_certificate()])
    assert not report.ok and report.signatures[0].intact and not report.signatures[0].trusted
    assert "not issued by this deployment's authority" in report.reason


def test_an_unsigned_pdf_and_garbage_are_reported_clearly(store: KeyStore, unsigned: bytes) -> None:
    report = verify_pdf(unsigned, [store.ca_certificate()])
    assert not report.ok and report.reason == "the document carries no digital signature"
    with pytest.raises(InvalidPdf, match="not a readable PDF"):
        verify_pdf(b"this is not a pdf", [store.ca_certificate()])


def test_keys_are_encrypted_and_readable_by_the_owner_only(store: KeyStore, signed: bytes) -> None:
    key_file = store.directory / "signers" / "lanhdao.kientuong.key.pem"
    data = key_file.read_bytes()
    assert b"ENCRYPTED PRIVATE KEY" in data
    with pytest.raises(TypeError):
        serialization.load_pem_private_key(data, password=None)
    for path in [key_file, store.directory / "ca.key.pem"]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert KeyStore(store.directory, "deployment secret").signer("lanhdao.kientuong", "x", "y", "z").certificate == \
        store.signer("lanhdao.kientuong", "x", "y", "z").certificate


def test_a_wrong_deployment_secret_cannot_open_the_keys(store: KeyStore, signed: bytes) -> None:
    with pytest.raises(ValueError):
        KeyStore(Path(store.directory), "wrong secret").ca()
