"""The public catalogue (niêm yết công khai) and file uploads through the web."""
from __future__ import annotations

import io
import re

from flask import Flask

from motcua.domain.text import fold
from motcua.services.runtime import Runtime
from tests.support.web import Clerk


def names(html: str) -> list[str]:
    return re.findall(r'<a href="/thu-tuc/[a-z_]+">([^<]+)</a>', html)


def test_the_catalogue_is_searchable_without_accents(app: Flask, runtime: Runtime) -> None:
    visitor = Clerk(app)
    public = [p.procedure for p in runtime.pack.procedures.values() if p.procedure.is_public_service]
    assert sorted(names(visitor.get("/thu-tuc").text)) == sorted(p.name_vi for p in public)
    assert "Đăng ký khai sinh" in names(visitor.get("/thu-tuc?q=dang+ky+khai+sinh").text)
    certified = names(visitor.get("/thu-tuc?q=CHUNG THUC").text)
    assert {"Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt Nam cấp hoặc chứng "
            "nhận", "Chứng thực chữ ký trong các giấy tờ, văn bản"} <= set(certified)
    assert all("chung thuc" in fold(p.search_text()) for p in public if p.name_vi in certified)
    assert len(certified) == sum(1 for p in public if p.matches("CHUNG THUC"))
    assert names(visitor.get("/thu-tuc?q=1.004227").text) == [
        "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất"]
    empty = visitor.get("/thu-tuc?q=xay+dung+cau+duong").text
    assert names(empty) == [] and "Không tìm thấy thủ tục nào" in empty


def test_a_procedure_sheet_lists_papers_fee_time_and_legal_basis(app: Flask) -> None:
    page = Clerk(app).get("/thu-tuc/copy_certification")
    html = page.text
    assert page.status_code == 200 and "2.000815" in html and "200.000 đồng/bản" in html
    assert "Trong ngày (nhận sau 15:00 thì trả trong ngày làm việc tiếp theo)" in html
    assert "Bản chính giấy tờ, văn bản làm cơ sở để chứng thực bản sao" in html
    assert "Nghị định số 23/2015/NĐ-CP" in html and "data-print" in html  # print.js prints it
    assert Clerk(app).get("/thu-tuc/khong-co").status_code == 404


def test_the_catalogue_api_gives_the_same_entries(app: Flask) -> None:
    client = app.test_client()
    found = client.get("/api/v1/procedures?q=dang ky ket hon").get_json()["procedures"]
    assert "1.000894" in [p["code"] for p in found]
    assert all("ket hon" in fold(p["name_vi"]) for p in found)
    flagged = client.get("/api/v1/procedures/civil_status_extract_copy").get_json()
    assert flagged["code"] == "" and "code" in flagged["unconfirmed"] and flagged["sources"]
    entry = client.get("/api/v1/procedures/household_business").get_json()
    assert entry["time_limit"] == {"kind": "days", "amount": 3, "same_day_until": None}
    assert entry["papers"][0] == {"name": "Giấy đề nghị đăng ký hộ kinh doanh", "originals": 1, "copies": 0,
                                  "optional": False}
    assert client.get("/api/v1/procedures/none").status_code == 404


def household_form(runtime: Runtime) -> dict:
    form = {"applicant_name": "Trần Văn Bình", "applicant_id_number": "080190004321",
            "applicant_phone": "0987654321", "business_name": "Hộ kinh doanh Bình An",
            "business_address": "12 Nguyễn Huệ, Long An", "business_lines": "Bán lẻ tạp hóa", "capital_vnd": "50000000",
            "intake_decision": "receive"}
    for i, paper in enumerate(runtime.pack.get("household_business").procedure.papers):
        form[f"papers_received.{i}.originals"] = str(paper.originals)
        form[f"papers_received.{i}.copies"] = str(paper.copies)
    return form


def test_a_scanned_paper_is_uploaded_checked_by_its_bytes_and_kept(app: Flask, runtime: Runtime) -> None:
    clerk = Clerk(app, "tiepnhan.longan")
    task = clerk.submit("/dossiers/new", {"unit": "80001", "procedure": "household_business"}).location
    assert 'type="file" id="f_application_scan" name="application_scan"' in clerk.get(task).text

    wrong = clerk.submit(task, {**household_form(runtime),
                                "application_scan": (io.BytesIO(b"MZ\x90\x00" + b"\0" * 64), "scan.pdf")})
    assert wrong.status_code == 422 and "Tệp không đúng loại cho phép (PDF, JPEG, PNG)." in wrong.text
    assert "Hộ kinh doanh Bình An" in wrong.text  # nothing typed is lost

    done = clerk.submit(task, {**household_form(runtime),
                               "application_scan": (io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "don.pdf")})
    assert done.status_code == 302, done.text
    page = clerk.get(done.location).text
    assert re.search(r'download="application_scan-[0-9a-f]{10}\.pdf"', page)  # kept under its stored name
    assert re.search(r'<iframe class="preview" src="/documents/\d+"', page)  # and previewed in place


def test_a_sheet_flags_the_facts_not_confirmed_and_lists_its_sources(app: Flask, runtime: Runtime) -> None:
    procedure = runtime.pack.get("land_transfer").procedure
    html = Clerk(app).get("/thu-tuc/land_transfer").text
    assert html.count("⚠ chưa xác minh") == len(procedure.unconfirmed) == 4  # code, time, fee, papers
    assert "Văn phòng đăng ký đất đai hoặc Chi nhánh" in html and procedure.sources[0] in html
    confirmed = Clerk(app).get("/thu-tuc/copy_certification").text
    assert "chưa xác minh" not in confirmed
