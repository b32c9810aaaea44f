"""/xac-thuc answers in plain words which document a file is, whether it is signed, by whom, and whether it is
unchanged, without contradicting itself: a signed result, the same result changed, an unsigned slip we issued,
a PDF we never issued (issue 18, point 7)."""
from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

from flask import Flask

from motcua.documents.layout import Letterhead
from tests.integration.test_records_web import finished_dossier
from tests.support.pdfs import result as plain_pdf
from tests.support.web import Clerk

CODE = "000.00.31.H53-251124-0001"


def _documents(app: Flask) -> dict[str, bytes]:
    page = finished_dossier(app)
    reception = Clerk(app, "tiepnhan.longan")
    links = re.findall(r'<a href="(/documents/\d+)\?tai-ve=1" download="([a-z-]+)-' + re.escape(CODE),
                       reception.get(page).text)
    return {kind: reception.get(link).data for link, kind in links}


def _upload(app: Flask, pdf: bytes, locale: str = "vi") -> str:
    citizen = Clerk(app)
    with citizen.client.session_transaction() as session:
        session["lang"] = locale
    token = citizen.token("/xac-thuc")
    answer = citizen.client.post("/xac-thuc", data={"file": (io.BytesIO(pdf), "tep.pdf"), "csrf_token": token})
    assert answer.status_code == 200
    return re.sub(r"\s+", " ", answer.text)


def test_the_signed_result_names_itself_its_signer_and_that_it_is_unchanged(app: Flask, tmp_path: Path) -> None:
    signed = _documents(app)["ket-qua"]
    text = _upload(app, signed)
    assert 'class="flash success verdict"' in text
    assert f"Đây là kết quả giải quyết hồ sơ do Phường Kiến Tường cấp cho hồ sơ {CODE}." in text
    assert "Văn bản có chữ ký số hợp lệ của Lãnh đạo Phường Kiến Tường, còn nguyên vẹn" in text
    assert "Không hợp lệ" not in text
    english = _upload(app, signed, "en")
    assert f"This is the result of the dossier that Phường Kiến Tường issued for dossier {CODE}." in english
    (tmp_path / "ket-qua.pdf").write_bytes(signed)
    pdfsig = subprocess.run(["pdfsig", str(tmp_path / "ket-qua.pdf")], capture_output=True, text=True)
    assert "Signature Validation: Signature is Valid." in pdfsig.stdout and "Total document signed" in pdfsig.stdout


def test_a_changed_result_is_said_to_be_changed_and_not_ours(app: Flask) -> None:
    signed = _documents(app)["ket-qua"]
    tampered = bytearray(signed)
    tampered[signed.index(b"/Contents") // 2] ^= 1
    text = _upload(app, bytes(tampered))
    assert 'class="flash error verdict"' in text
    assert "Không hợp lệ: văn bản đã bị sửa đổi sau khi Lãnh đạo Phường Kiến Tường ký." in text
    assert "Đây là" not in text and "nguyên vẹn, không" not in text


def test_an_unsigned_slip_we_issued_is_named_and_said_to_carry_no_signature(app: Flask) -> None:
    receipt = _documents(app)["giay-tiep-nhan"]
    text = _upload(app, receipt)
    assert (f"Đây là giấy tiếp nhận hồ sơ và hẹn trả kết quả do Phường Long An cấp cho hồ sơ {CODE} ngày "
            in text)
    assert "phiếu này không có chữ ký số." in text and "chưa bị sửa đổi" in text
    assert "Không hợp lệ" not in text and "<table" not in text
    api = Clerk(app).client.post("/api/v1/verify", data={"file": (io.BytesIO(receipt), "x.pdf")}).get_json()
    assert api["verdict"] == "unsigned_ours" and api["document"]["kind"] == "giay-tiep-nhan"
    assert api["document"]["dossier_code"] == CODE and not api["ok"]


def test_a_pdf_we_never_issued_cannot_be_verified(app: Flask) -> None:
    _documents(app)
    head = Letterhead("Phường Nào Đó", "X-1", "http://example.invalid/tra-cuu?ma=X-1", "Nào Đó")
    foreign = plain_pdf(head, title="GIẤY TỰ LÀM", paragraphs=["Không do hệ thống cấp."], signer_name="Ai đó",
                        signer_title="Chủ tịch", issued_at=__import__("datetime").datetime(2025, 11, 24, 9, 0))
    text = _upload(app, foreign)
    assert "Không xác thực được: tệp này không có chữ ký số và không trùng với văn bản nào" in text
    assert "Đây là" not in text


def test_the_signed_result_carries_each_element_of_decree_30(app: Flask, tmp_path: Path) -> None:
    signed = _documents(app)["ket-qua"]
    (tmp_path / "ket-qua.pdf").write_bytes(signed)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "ket-qua.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    lines = [" ".join(line.split()) for line in text.splitlines()]
    words = " ".join(lines)
    for element in ("UBND TỈNH TÂY NINH (DEMO)", "UBND PHƯỜNG KIẾN TƯỜNG",  # issuing body under its parent
                    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",  # national motto
                    "Số: 1/GXN-UBND",  # number and symbol from the unit's outgoing book
                    "Kiến Tường, ngày 24 tháng 11 năm 2025",  # place and date
                    "XÁC NHẬN ĐĂNG KÝ BIẾN ĐỘNG ĐẤT ĐAI",  # title
                    "Chấp thuận đề nghị của ông/bà.", "Nơi nhận:",  # body, recipients
                    "CHỦ TỊCH",  # the signer's authority, from the leader's title
                    "Ký bởi: Lãnh đạo Phường Kiến Tường", "Cơ quan: UBND Phường Kiến Tường", "Ký lúc:"):  # mark
        assert element in words, (element, text)
    assert lines.count("Lãnh đạo Phường Kiến Tường") + sum(line.endswith(" Lãnh đạo Phường Kiến Tường")
                                                           for line in lines) >= 1  # the full name under it
    assert "LÃNH ĐẠO" not in words
    from pyhanko.pdf_utils.reader import PdfFileReader

    [signature] = PdfFileReader(io.BytesIO(signed)).embedded_signatures
    x1, y1, x2, y2 = (float(v) for v in signature.sig_field["/Kids"][0]["/Rect"]) \
        if "/Kids" in signature.sig_field else (float(v) for v in signature.sig_field["/Rect"])
    assert x2 - x1 > 100 and y2 - y1 > 30  # a visible signature field, over the drawn mark
