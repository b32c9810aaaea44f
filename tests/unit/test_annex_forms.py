"""The seven forms of Circular 03/2025/TT-VPCP, Annex I: each rendered with every field it has, to PDF and to PNG.

The PNGs (and PDFs) are kept in ``reports/forms/`` (``MOTCUA_FORMS_ARTEFACTS`` moves it) so that a reader can put
them beside the annex and compare field by field; the assertions read each PDF's text back (pypdf) and check that
every field of the form is there. Which source each form's fields come from, and how sure: ``slips.FORM_SOURCES``.
"""
from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from datetime import date, datetime
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from motcua.documents import slips
from motcua.documents.layout import Letterhead
from motcua.domain.clock import VN_TZ

ARTEFACTS = Path(os.environ.get("MOTCUA_FORMS_ARTEFACTS", Path(__file__).parents[2] / "reports" / "forms"))
HEAD = Letterhead("Phường Long An", "80001-251124-0007", "http://127.0.0.1:5000/tra-cuu?ma=80001-251124-0007",
                  "Long An")
WHO = slips.Applicant("Nguyễn Thị Hoa", "Khu phố 2, Phường Long An", "0912345678", "hoa@example.vn")
RECEIVED = datetime(2025, 11, 24, 8, 30, tzinfo=VN_TZ)
DUE = datetime(2025, 12, 8, 17, 0, tzinfo=VN_TZ)
MOTTO = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Long An, ngày"]
CONTACTS = ["Nguyễn Thị Hoa", "Khu phố 2, Phường Long An", "0912345678", "hoa@example.vn"]


def _receipt() -> bytes:
    return slips.receipt(
        HEAD, applicant=WHO, procedure="Đăng ký biến động đất đai (mã 1.004227)",
        papers=[slips.PaperCount("Đơn đăng ký biến động", 1, 0), slips.PaperCount("Giấy chứng nhận đã cấp", 1, 1)],
        sets=1, processing_days=10, processing_hours=None, received_at=RECEIVED, due_at=DUE,
        return_place="Bộ phận Một cửa, Phường Long An", register_number=15, clerk="Lê Văn Tiếp", fee="Miễn")


def _supplement() -> bytes:
    return slips.supplement_request(
        HEAD, applicant=WHO, procedure="Đăng ký biến động đất đai", missing=["Giấy chứng nhận đã cấp (bản chính)"],
        reason="Thiếu bản chính", legal_basis=["Luật Đất đai 2024"], issued_at=RECEIVED, clerk="Lê Văn Tiếp",
        clock_stopped=True)


def _refusal() -> bytes:
    return slips.refusal(HEAD, applicant=WHO, procedure="Đăng ký biến động đất đai",
                         reason="Không thuộc thẩm quyền giải quyết", issued_at=RECEIVED, clerk="Lê Văn Tiếp")


def _apology() -> bytes:
    return slips.apology(HEAD, applicant=WHO, procedure="Đăng ký biến động đất đai", received_at=RECEIVED,
                         due_at=DUE, new_due_at=datetime(2025, 12, 12, 17, 0, tzinfo=VN_TZ),
                         reason="Chờ kết quả xác minh", issued_at=DUE, signer="Trần Lãnh Đạo",
                         receiving_unit="Phường Long An")


def _stop() -> bytes:
    return slips.stop_notice(HEAD, applicant=WHO, procedure="Đăng ký biến động đất đai", received_at=RECEIVED,
                             due_at=DUE, ground="withdrawn", reason="Công dân có đơn xin rút hồ sơ",
                             request_date=date(2025, 11, 27), issued_at=datetime(2025, 11, 28, 9, 0, tzinfo=VN_TZ),
                             signer="Trần Lãnh Đạo", receiving_unit="Phường Long An")


def _control() -> bytes:
    return slips.control_sheet(HEAD, applicant=WHO, procedure="Đăng ký biến động đất đai", received_at=RECEIVED,
                               due_at=DUE, issued_at=DUE, lines=[slips.ControlLine(
                                   "Tiếp nhận · Phường Long An", "Chuyên viên · Phường Kiến Tường", RECEIVED,
                                   datetime(2025, 11, 25, 17, 0, tzinfo=VN_TZ), "Trước hạn", giver="Lê Văn Tiếp",
                                   receiver="Phạm Chuyên Viên")])


def _register() -> bytes:
    line = slips.RegisterLine(15, "80001-251124-0007", "Đăng ký biến động đất đai", 1, "Nguyễn Thị Hoa",
                              "Khu phố 2, Phường Long An, 0912345678", "Phường Kiến Tường", RECEIVED, DUE,
                              RECEIVED, datetime(2025, 12, 3, 10, 0, tzinfo=VN_TZ),
                              datetime(2025, 12, 4, 9, 0, tzinfo=VN_TZ), "Đã trả kết quả (Trước hạn)")
    return slips.register_book(HEAD, lines=[line], start=date(2025, 11, 1), end=date(2025, 11, 30),
                               issued_at=DUE)


FORMS: dict[str, tuple[Callable[[], bytes], list[str]]] = {
    "01": (_receipt, [*MOTTO, *CONTACTS, "Mẫu số 01", "BỘ PHẬN MỘT CỬA", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
                      "Mã hồ sơ: 80001-251124-0007", "Nội dung yêu cầu giải quyết", "Thành phần hồ sơ nộp gồm",
                      "Giấy chứng nhận đã cấp", "Bản chính", "Bản sao", "Số lượng hồ sơ", "01 (bộ)",
                      "Thời gian giải quyết hồ sơ theo quy định", "10 ngày làm việc", "Thời gian nhận hồ sơ",
                      "08 giờ 30 phút, ngày 24/11/2025", "Thời gian trả kết quả giải quyết hồ sơ",
                      "17 giờ 00 phút, ngày 08/12/2025", "Đăng ký nhận kết quả tại", "Phí, lệ phí",
                      "Vào Sổ theo dõi hồ sơ, Quyển số", "Số thứ tự: 15", "NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ",
                      "Lê Văn Tiếp", "Liên 1", "Liên 2", "02 liên"]),
    "02": (_supplement, [*MOTTO, *CONTACTS, "Mẫu số 02", "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
                         "Nội dung yêu cầu giải quyết", "Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau",
                         "Giấy chứng nhận đã cấp (bản chính)", "Lý do", "Căn cứ", "NGƯỜI HƯỚNG DẪN", "vướng mắc"]),
    "03": (_refusal, [*MOTTO, *CONTACTS, "Mẫu số 03", "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
                      "Nội dung yêu cầu giải quyết", "từ chối tiếp nhận", "Không thuộc thẩm quyền giải quyết",
                      "NGƯỜI TIẾP NHẬN HỒ SƠ"]),
    "04": (_apology, [*MOTTO, *CONTACTS, "Mẫu số 04", "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN", "Kính gửi",
                      "Ngày 24/11/2025", "80001-251124-0007", "17 giờ 00 phút, ngày 08/12/2025", "Lý do",
                      "Chờ kết quả xác minh", "xin lỗi", "gia hạn", "17 giờ 00 phút, ngày 12/12/2025",
                      "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ", "Trần Lãnh Đạo", "Nơi nhận"]),
    "05": (_stop, [*MOTTO, *CONTACTS, "Mẫu số 05", "THÔNG BÁO", "Về việc dừng giải quyết hồ sơ", "Kính gửi",
                   "Ngày 24/11/2025", "80001-251124-0007", "đề nghị dừng giải quyết hồ sơ của ông/bà ngày 27/11/2025",
                   "dừng giải quyết hồ sơ nêu trên kể từ 09 giờ 00 phút, ngày 28/11/2025", "Lý do dừng giải quyết",
                   "Công dân có đơn xin rút hồ sơ", "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ", "Trần Lãnh Đạo", "Nơi nhận"]),
    "06": (_control, [*MOTTO, *CONTACTS, "Mẫu số 06", "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
                      "Kèm theo hồ sơ của", "TÊN CƠ QUAN", "THỜI GIAN GIAO, NHẬN HỒ SƠ", "KẾT QUẢ GIẢI QUYẾT HỒ SƠ",
                      "GHI CHÚ", "1. Giao", "2. Nhận", "Người giao: Lê Văn Tiếp", "Người nhận", "Trước hạn",
                      "Hạn xử lý"]),
    "07": (_register, [*MOTTO, "Mẫu số 07", "SỔ THEO DÕI HỒ SƠ", "Từ ngày 01/11/2025 đến ngày 30/11/2025", "TT",
                       "Mã hồ sơ", "Tên thủ tục hành chính", "Số lượng hồ sơ", "Tên cá nhân, tổ chức",
                       "Địa chỉ, số điện thoại", "Cơ quan chủ trì giải quyết", "Nhận hồ sơ", "Hẹn trả kết quả",
                       "Chuyển hồ sơ đến cơ quan giải quyết", "Nhận kết quả từ cơ quan giải quyết",
                       "Trả kết quả cho cá nhân, tổ chức", "Ghi chú", "80001-251124-0007", "24/11/2025",
                       "04/12/2025", "Đã trả kết quả"]),
}


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("number", sorted(FORMS))
def test_each_form_of_the_annex_has_its_fields_and_is_kept_as_png(number: str) -> None:
    draw, fields = FORMS[number]
    pdf = draw()
    text = _flat("\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages))
    missing = [f for f in fields if _flat(f) not in text]
    assert not missing, f"Mẫu số {number} lacks {missing}"
    assert number in slips.FORM_SOURCES
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTEFACTS / f"mau-so-{number}"
    target.with_suffix(".pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "80", str(target.with_suffix(".pdf")), str(target)], check=True)
    assert sorted(ARTEFACTS.glob(f"mau-so-{number}-*.png"))


def test_the_receipt_is_issued_in_two_copies() -> None:
    assert len(PdfReader(BytesIO(_receipt())).pages) == 2


def test_the_copies_of_a_long_receipt_share_one_layout_and_each_carries_its_own_label() -> None:
    papers = [slips.PaperCount(f"Giấy tờ số {i} kèm theo hồ sơ đăng ký biến động", 1, 1) for i in range(1, 31)]
    pdf = slips.receipt(HEAD, applicant=WHO, procedure="Đăng ký biến động đất đai", papers=papers, sets=1,
                        processing_days=10, processing_hours=None, received_at=RECEIVED, due_at=DUE,
                        return_place="Bộ phận Một cửa", register_number=15, clerk="Lê Văn Tiếp")
    pages = PdfReader(BytesIO(pdf)).pages
    assert len(pages) % 2 == 0 and len(pages) >= 4  # each copy runs over more than one page
    half = len(pages) // 2
    texts = [page.extract_text() for page in pages]
    first, second = slips.TWO_COPIES
    assert first in texts[0] and second in texts[half]  # each copy's label on its first page, and only there
    assert not any(first in t or second in t for i, t in enumerate(texts) if i not in (0, half))
    assert all("Giấy tờ số 30" in "".join(texts[start:start + half]) for start in (0, half))
    forms = [set(page["/Resources"]["/XObject"]) for page in pages]
    assert forms[:half] == forms[half:] and len(set.union(*forms)) == half  # the layout once, placed per copy


def test_a_notice_of_stopping_refuses_a_ground_it_does_not_know() -> None:
    with pytest.raises(ValueError, match="unknown ground for stopping 'tired'; one of: withdrawn, by_law"):
        slips.stop_notice(HEAD, applicant=WHO, procedure="x", received_at=RECEIVED, due_at=DUE, ground="tired",
                          reason="x", request_date=None, issued_at=DUE, signer="x", receiving_unit="x")
