"""The result a leader signs, as Nghị định 30/2020/NĐ-CP lays it out: who signs under which authority, which
ký hiệu a result's title gives, and the mark of the signature where the visible field goes."""
from __future__ import annotations

import importlib
from datetime import datetime

from motcua.documents import official
from motcua.domain.clock import VN_TZ

signing = importlib.import_module("handlers.signing")


def test_the_head_signs_under_his_title_a_deputy_for_him_and_an_untitled_leader_for_the_committee() -> None:
    assert official.signing_authority("Chủ tịch") == ["CHỦ TỊCH"]
    assert official.signing_authority("Phó Chủ tịch") == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert official.signing_authority("  phó  chủ tịch ") == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert official.signing_authority("") == ["TM. ỦY BAN NHÂN DÂN"]


def test_a_result_is_numbered_as_the_type_its_title_names() -> None:
    assert signing.result_type("QUYẾT ĐỊNH HỖ TRỢ CHI PHÍ MAI TÁNG") == "Quyết định"
    assert signing.result_type("GIẤY CHỨNG NHẬN KẾT HÔN") == "Giấy chứng nhận"
    assert signing.result_type("XÁC NHẬN ĐĂNG KÝ BIẾN ĐỘNG ĐẤT ĐAI") == "Giấy xác nhận"
    assert signing.result_type("VĂN BẢN TRẢ LỜI") == "Công văn"
    assert signing.result_type("TRÍCH LỤC KHAI TỬ") == "Công văn"


def test_the_signature_mark_reports_where_it_was_drawn() -> None:
    issuer = official.Issuer(authority="UBND Phường Long An", parent="UBND Tỉnh Tây Ninh", place="Long An",
                             verify_url="http://localhost/xac-thuc?ma=A-1", verify_code="A-1")
    pdf, place = official.result(issuer, symbol="3/GCN-UBND", title="Giấy chứng nhận kết hôn",
                                 paragraphs=["Chấp thuận."], recipients=["Ông/Bà Nguyễn Thị Hoa"],
                                 signer_position="Phó Chủ tịch", signer_name="Trần Thị Lan",
                                 issued_at=datetime(2026, 11, 30, 9, 5, tzinfo=VN_TZ))
    x1, y1, x2, y2 = place.box
    assert pdf.startswith(b"%PDF") and place.page == 0
    assert 0 < x1 < x2 < 595 and 0 < y1 < y2 < 842 and round(x2 - x1) == 204 and round(y2 - y1) == 48
