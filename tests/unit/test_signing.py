"""PAdES signatures: a signed result verifies and names its root; one changed byte, a foreign CA or no signature
do not; a configured root (the government's CA) is trusted; the key passphrase rotates."""
from __future__ import annotations

import stat
from datetime import datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from motcua.documents.layout import Letterhead
from motcua.domain.clock import VN_TZ
from motcua.signing.pades import InvalidPdf, file_signer, sign_pdf, verify_pdf
from motcua.signing.pki import KeyStore, WrongPassphrase, create_ca, issue_signer
from motcua.signing.roots import TrustedRootError, load_roots
from tests.support.pdfs import result


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
    return sign_pdf(unsigned, file_signer(leader, store.ca_certificate()), "Phê duyệt kết quả", "Kiến Tường")


def test_a_signed_result_verifies_with_its_signer(store: KeyStore, signed: bytes) -> None:
    report = verify_pdf(signed, [store.ca_certificate()])
    assert report.ok and report.reason == ""
    [check] = report.signatures
    assert (check.signer, check.title, check.unit) == ("Trần Thị Lan", "Phó Chủ tịch", "Phường Kiến Tường")
    assert check.signed_at is not None
    assert check.trusted_root == store.ca_certificate().subject.rfc4514_string() == "CN=MotCua CA,O=MotCua,C=VN"


def test_one_changed_byte_breaks_the_signature(store: KeyStore, signed: bytes) -> None:
    tampered = bytearray(signed)
    position = signed.index(b"/Contents") // 2  # inside the signed byte range, in the page content
    tampered[position] ^= 0x01
    report = verify_pdf(bytes(tampered), [store.ca_certificate()])
    assert not report.ok
    assert [(p.code, p.params) for p in report.problems] == [("signature.changed", {"signer": "Trần Thị Lan"})]
    assert report.reason == "Tệp đã bị sửa đổi sau khi Trần Thị Lan ký."
    assert report.reason_in("en") == "The document was changed after Trần Thị Lan signed it."


def test_a_certificate_from_another_authority_is_not_trusted(store: KeyStore, unsigned: bytes) -> None:
    outsider_ca = create_ca("Other CA", "Other")
    outsider = issue_signer(outsider_ca, "Kẻ mạo danh", "Chủ tịch", "Phường X")
    report = verify_pdf(sign_pdf(unsigned, file_signer(outsider, outsider_ca.certificate), "x", "y"),
                        [store.ca_certificate()])
    assert not report.ok and report.signatures[0].intact and not report.signatures[0].trusted
    assert report.signatures[0].trusted_root is None
    assert [p.code for p in report.problems] == ["signature.untrusted"]


def test_a_certificate_from_a_configured_root_is_trusted_and_the_root_named(store: KeyStore, unsigned: bytes,
                                                                            tmp_path: Path) -> None:
    government = create_ca("Ban Cơ yếu Chính phủ CA", "Ban Cơ yếu Chính phủ")
    official = issue_signer(government, "Nguyễn Văn Minh", "Chủ tịch", "UBND tỉnh Tây Ninh")
    signed = sign_pdf(unsigned, file_signer(official, government.certificate), "Phê duyệt", "Tây Ninh")
    pem = tmp_path / "roots.pem"
    pem.write_bytes(government.certificate.public_bytes(serialization.Encoding.PEM)
                    + store.ca_certificate().public_bytes(serialization.Encoding.PEM))
    roots = load_roots([pem])
    report = verify_pdf(signed, [store.ca_certificate(), *roots])
    assert report.ok, report.reason
    assert report.signatures[0].trusted_root == "CN=Ban Cơ yếu Chính phủ CA,O=Ban Cơ yếu Chính phủ,C=VN"
    assert report.signatures[0].trusted_root_name == "Ban Cơ yếu Chính phủ CA"


def test_a_trusted_root_that_is_no_ca_or_no_certificate_is_refused_naming_the_file(tmp_path: Path) -> None:
    leaf = issue_signer(create_ca("X CA", "X"), "Người ký", "Chủ tịch", "Phường X")
    (tmp_path / "leaf.pem").write_bytes(leaf.certificate.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "junk.pem").write_text("not a certificate")
    with pytest.raises(TrustedRootError, match=r"leaf\.pem: CN=Người ký.* is not a CA certificate"):
        load_roots([tmp_path / "leaf.pem"])
    with pytest.raises(TrustedRootError, match=r"junk\.pem: not a PEM certificate"):
        load_roots([tmp_path / "junk.pem"])
    with pytest.raises(TrustedRootError, match=r"missing\.pem: cannot read"):
        load_roots([tmp_path / "missing.pem"])


def test_an_unsigned_pdf_and_garbage_are_reported_clearly(store: KeyStore, unsigned: bytes) -> None:
    report = verify_pdf(unsigned, [store.ca_certificate()])
    assert not report.ok and report.reason == "Tệp không có chữ ký số."
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
    with pytest.raises(WrongPassphrase, match="ca.key.pem: the key passphrase does not open this key"):
        KeyStore(Path(store.directory), "wrong secret").ca()


def test_rotating_the_passphrase_reencrypts_every_key_and_a_wrong_one_changes_nothing(tmp_path: Path) -> None:
    old = KeyStore(tmp_path, "old secret")
    certificate = old.signer("lanhdao.longan", "Lê Văn An", "Chủ tịch", "Phường Long An").certificate
    before = {p: p.read_bytes() for p in old.key_files()}
    assert len(before) == 2
    with pytest.raises(WrongPassphrase):
        KeyStore(tmp_path, "not the old one").rotate_passphrase("new passphrase")
    assert {p: p.read_bytes() for p in old.key_files()} == before
    with pytest.raises(ValueError, match="must be non-empty and differ"):
        old.rotate_passphrase("old secret")

    assert old.rotate_passphrase("new passphrase") == 2
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in old.key_files())
    assert not list(tmp_path.rglob("*.new"))
    with pytest.raises(WrongPassphrase):
        KeyStore(tmp_path, "old secret").ca()
    assert KeyStore(tmp_path, "new passphrase").signer("lanhdao.longan", "x", "y", "z").certificate == certificate


def test_a_rotation_cut_short_is_finished_by_running_it_again(tmp_path: Path) -> None:
    old = KeyStore(tmp_path, "old secret")
    old.signer("lanhdao.longan", "Lê Văn An", "Chủ tịch", "Phường Long An")
    ca_key = tmp_path / "ca.key.pem"  # as if the run stopped after rewriting the CA's key only
    ca_key.write_bytes(serialization.load_pem_private_key(ca_key.read_bytes(), b"old secret").private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"new passphrase")))
    assert KeyStore(tmp_path, "old secret").rotate_passphrase("new passphrase") == 2
    assert KeyStore(tmp_path, "new passphrase").signer("lanhdao.longan", "x", "y", "z").key is not None
