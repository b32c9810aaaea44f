"""/xac-thuc and POST /api/v1/verify with a configured trusted root (a CA made here stands for the government's):
an official's signature under it holds and the root is named, in Vietnamese on the page and in the JSON; a
certificate under no trusted root does not hold."""
from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from flask import Flask

from motcua.documents.layout import Letterhead
from motcua.domain.clock import VN_TZ, FixedClock
from motcua.signing.pades import file_signer, sign_pdf
from motcua.signing.pki import Credential, create_ca, issue_signer
from motcua.signing.settings import SigningSettings
from motcua.web import create_app
from tests.support.pdfs import result
from tests.support.runtimes import PROJECT_ROOT, make_runtime
from tests.support.web import Clerk

GOVERNMENT = "CN=Ban Cơ yếu Chính phủ CA,O=Ban Cơ yếu Chính phủ,C=VN"


@pytest.fixture(scope="module")
def government() -> Credential:
    return create_ca("Ban Cơ yếu Chính phủ CA", "Ban Cơ yếu Chính phủ")


@pytest.fixture
def trusting_app(database_url: str, clock: FixedClock, instance_dir: Path, tmp_path: Path,
                 government: Credential) -> Flask:
    roots = tmp_path / "government-root.pem"
    roots.write_bytes(government.certificate.public_bytes(serialization.Encoding.PEM))
    runtime = make_runtime(database_url, PROJECT_ROOT, instance_dir, clock,
                           signing=SigningSettings(trusted_roots=(roots,)))
    yield create_app({"RUNTIME": runtime, "TESTING": True, "SECRET_KEY": "test"})
    runtime.db.dispose()


def signed_by(authority: Credential, name: str) -> bytes:
    official = issue_signer(authority, name, "Chủ tịch", "UBND tỉnh Tây Ninh")
    head = Letterhead("UBND tỉnh Tây Ninh", "2/QĐ-UBND", "http://127.0.0.1:5000/xac-thuc?ma=x", "Tây Ninh")
    pdf = result(head, title="QUYẾT ĐỊNH", paragraphs=["Phê duyệt."], signer_name=name, signer_title="Chủ tịch",
                 issued_at=datetime(2025, 11, 25, 9, 0, tzinfo=VN_TZ))
    return sign_pdf(pdf, file_signer(official, authority.certificate), "Ban hành", "Tây Ninh")


def test_a_signature_under_a_configured_root_holds_and_the_root_is_named(trusting_app: Flask,
                                                                          government: Credential) -> None:
    citizen = Clerk(trusting_app)
    signed = signed_by(government, "Nguyễn Văn Minh")
    api = citizen.client.post("/api/v1/verify", data={"file": (io.BytesIO(signed), "qd.pdf")})
    body = api.get_json()
    assert api.status_code == 200 and body["ok"], body
    [signature] = body["signatures"]
    assert signature["trusted_root"] == GOVERNMENT and signature["trusted_root_name"] == "Ban Cơ yếu Chính phủ CA"

    page = citizen.submit("/xac-thuc", {"file": (io.BytesIO(signed), "qd.pdf")}).text
    assert 'class="flash success verdict"' in page
    assert ("Chứng thư số của Nguyễn Văn Minh được cấp trong chuỗi tin cậy của tổ chức chứng thực gốc "
            "Ban Cơ yếu Chính phủ CA") in page


def test_a_certificate_under_no_trusted_root_does_not_hold(trusting_app: Flask) -> None:
    citizen = Clerk(trusting_app)
    signed = signed_by(create_ca("Giả mạo CA", "Giả mạo"), "Kẻ mạo danh")
    body = citizen.client.post("/api/v1/verify", data={"file": (io.BytesIO(signed), "qd.pdf")}).get_json()
    assert not body["ok"] and body["signatures"][0]["trusted_root"] is None
    assert body["reason_codes"] == ["signature.untrusted"] and "được tin cậy cấp" in body["reason"]
    page = citizen.submit("/xac-thuc", {"file": (io.BytesIO(signed), "qd.pdf")}).text
    assert 'class="flash error verdict"' in page and "chuỗi tin cậy" not in page
