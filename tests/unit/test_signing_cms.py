"""The signature container joined from prepared parts: the same bytes pyHanko makes, a valid ECDSA signature over
the signed attributes, pyHanko's own path for anything else, and a reserved space that fits it exactly."""
from __future__ import annotations

import asyncio
import hashlib
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from asn1crypto import cms
from asn1crypto import core as asn1_core
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from pyhanko.sign import signers
from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes

from motcua.documents.layout import Letterhead
from motcua.domain.clock import VN_TZ
from motcua.signing.cms import EcdsaSigner, Joined, tlv
from motcua.signing.pades import file_signer, reserved_size, sign_pdf, verify_pdf
from motcua.signing.pki import Credential, create_ca, issue_signer
from tests.support.pdfs import result


def _result_pdf() -> bytes:
    head = Letterhead("Phường Long An", "80001-261130-0001", "http://127.0.0.1:5000/tra-cuu?ma=x", "Long An")
    return result(head, title="XÁC NHẬN ĐĂNG KÝ BIẾN ĐỘNG", paragraphs=["Chấp thuận."], signer_name="Trần Thị Lan",
                  signer_title="Chủ tịch", issued_at=datetime(2026, 11, 30, 9, 0, tzinfo=VN_TZ))


def _signer() -> tuple[EcdsaSigner, Credential, Credential]:
    ca = create_ca("MotCua Test CA", "MotCua Test")
    leader = issue_signer(ca, "Trần Thị Lan", "Chủ tịch", "Phường Long An")
    signer = file_signer(leader, ca.certificate)
    assert isinstance(signer, EcdsaSigner)
    return signer, leader, ca


def test_the_joined_container_is_pyhankos_container_but_for_the_signature_value() -> None:
    signer, leader, _ca = _signer()
    digest = hashlib.sha256(b"a result").digest()
    ours = asyncio.run(signer.async_sign(digest, "sha256", use_pades=True))
    theirs = asyncio.run(signers.SimpleSigner.async_sign(signer, digest, "sha256", use_pades=True))
    ours_info, theirs_info = ours["content"]["signer_infos"][0], theirs["content"]["signer_infos"][0]
    assert ours_info["signed_attrs"].dump() == theirs_info["signed_attrs"].dump()
    assert [a["type"].native for a in ours_info["signed_attrs"]] == ["content_type", "message_digest",
                                                                    "signing_certificate_v2"]
    for name in ("version", "digest_algorithms", "encap_content_info", "certificates"):
        assert ours["content"][name].dump() == theirs["content"][name].dump()
    for name in ("version", "sid", "digest_algorithm", "signature_algorithm"):
        assert ours_info[name].dump() == theirs_info[name].dump()
    assert ours["content_type"].native == "signed_data" and len(ours["content"]["signer_infos"]) == 1
    assert ours_info["unsigned_attrs"].native is None
    # the value is the leader's ECDSA signature over the DER SET of the signed attributes
    signed = b"\x31" + ours_info["signed_attrs"].dump()[1:]
    leader.key.public_key().verify(ours_info["signature"].native, signed, ec.ECDSA(hashes.SHA256()))


def test_a_request_it_was_not_prepared_for_goes_through_pyhanko() -> None:
    signer, _leader, _ca = _signer()
    digest = hashlib.sha256(b"a result").digest()
    plain_cms = asyncio.run(signer.async_sign(  # CMS, not PAdES: pyHanko adds the signing time
        digest, "sha256", use_pades=False, signed_attr_settings=PdfCMSSignedAttributes(signing_time=datetime.now(UTC))))
    assert "signing_time" in [a["type"].native for a in plain_cms["content"]["signer_infos"][0]["signed_attrs"]]
    assert asyncio.run(signer.async_sign(digest, "sha512", use_pades=True))["content"]["digest_algorithms"][0][
        "algorithm"].native == "sha512"


def test_a_signed_result_verifies_here_and_in_pdfsig_and_reserves_no_padding(tmp_path: Path) -> None:
    signer, _leader, ca = _signer()
    pdf = sign_pdf(_result_pdf(), signer, "Phê duyệt kết quả", "Long An", box=(300, 500, 500, 550))
    report = verify_pdf(pdf, [ca.certificate])
    assert report.ok, report.reason_in("en")
    assert signer.max_size is not None and reserved_size(signer) == 2 * signer.max_size
    (tmp_path / "ket-qua.pdf").write_bytes(pdf)
    pdfsig = subprocess.run(["pdfsig", str(tmp_path / "ket-qua.pdf")], capture_output=True, text=True)
    assert "Signature Validation: Signature is Valid." in pdfsig.stdout, pdfsig.stdout
    assert "Total document signed" in pdfsig.stdout
    contents = pdf.split(b"/Contents <")[1].split(b">")[0]
    assert len(contents) - len(contents.rstrip(b"0")) < 16  # at most a few bytes of the reserve left unused


def test_a_container_whose_length_ends_in_0x80_is_given_as_loaded_not_re_encoded(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # ContentInfo { data, [0] { OCTET STRING } } of 1,408 content bytes: header 30 82 05 80, which asn1crypto takes
    # for an indefinite length and re-encodes, certificates and all, when a real container is that long
    oid = cms.ContentType("data").dump()
    body = tlv(0x30, oid + tlv(0xA0, tlv(0x04, bytes(1408 - len(oid) - 8))))
    assert body[:4] == bytes.fromhex("30820580")
    re_encoded: list[str] = []
    original = asn1_core.Sequence._set_contents

    def counted(self: asn1_core.Sequence, force: bool = False) -> None:
        re_encoded.append(type(self).__name__)
        original(self, force)

    monkeypatch.setattr(asn1_core.Sequence, "_set_contents", counted)
    assert cms.ContentInfo.load(body).dump() == body and re_encoded  # the library's way: re-encoded
    re_encoded.clear()
    assert Joined.load(body).dump() == body and not re_encoded
    signer, _leader, _ca = _signer()  # and a container the signer joins is such a container
    made = asyncio.run(signer.async_sign(hashlib.sha256(b"x").digest(), "sha256", use_pades=True))
    assert isinstance(made, Joined)
