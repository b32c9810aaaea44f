"""Meeting minutes through the browser: the secretary records them (a bad conference link is refused without
losing what was typed), the chairing leader signs them from the inbox, and they are in the register of minutes
with their PDF (the signature itself is verified in tests/integration/test_official_documents.py)."""
from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import sign_in

TITLE = "Họp giao ban tuần đầu vận hành Trung tâm"


def test_minutes_recorded_and_signed_in_the_browser_are_in_the_register(page: Page, live_url: str) -> None:
    sign_in(page, live_url, "chuyenvien.longan")
    page.get_by_role("link", name="Văn bản", exact=True).click()
    page.get_by_role("link", name="Văn bản mới").click()
    page.get_by_role("button", name="Lập biên bản họp").click()
    expect(page.get_by_role("heading", name="Lập biên bản họp")).to_be_visible()
    page.fill("#f_title", TITLE)
    page.fill("#f_meeting_date", "24/11/2025")
    page.fill("#f_start_time", "08:00")
    page.fill("#f_place", "Hội trường Ủy ban nhân dân phường")
    page.fill("#f_conference_link", "hop truc tuyen")
    page.fill("#f_chair", "Lãnh đạo Phường Long An")
    page.fill("#f_secretary", "Chuyên viên Phường Long An")
    page.fill("#f_attendees", "Lãnh đạo, công chức các bộ phận")
    page.fill("#f_content", "Đánh giá tuần đầu vận hành; ý kiến các bộ phận về quầy tiếp nhận.")
    page.fill("#f_conclusions", "Bổ sung 01 quầy tiếp nhận từ thứ Hai.")
    page.click("main button[type=submit]")
    expect(page.locator("#f_conference_link_err")).to_be_visible()  # not an http(s) link: refused by field
    expect(page.locator("#f_title")).to_have_value(TITLE)
    page.fill("#f_conference_link", "https://hop.tayninh.gov.vn/phong/giao-ban")
    page.click("main button[type=submit]")
    expect(page.get_by_text("Đã hoàn thành: Lập biên bản họp")).to_be_visible()
    page.get_by_role("button", name="Đăng xuất").click()

    sign_in(page, live_url, "lanhdao.longan")
    page.get_by_role("link", name="Duyệt, ký biên bản họp").first.click()
    page.get_by_label("Đồng ý, ký số ban hành").check()
    page.click("main button[type=submit]")
    expect(page.get_by_text("Đã hoàn thành: Duyệt, ký biên bản họp")).to_be_visible()
    page.goto(f"{live_url}/van-ban/so/bien-ban")
    row = page.locator("table.register tbody tr").first
    expect(row).to_contain_text(TITLE)
    with page.expect_response(lambda r: "/documents/" in r.url) as pdf:
        row.get_by_role("link", name="PDF").click()
    assert pdf.value.status == 200 and pdf.value.headers["content-type"] == "application/pdf"
