"""An outgoing document through the browser: a specialist drafts it from the desk, the leader signs it from the
inbox, the records clerk sends it, and the recipient ward's clerk finds it in their incoming register."""
from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import sign_in

SUMMARY = "Báo cáo tình hình tiếp nhận hồ sơ tuần đầu"


def _work_task(page: Page, base: str, username: str, title: str) -> None:
    sign_in(page, base, username)
    page.get_by_role("link", name=title).first.click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="Đăng xuất").click()


def test_a_document_drafted_signed_and_sent_in_the_browser_reaches_the_other_ward(page: Page, live_url: str) -> None:
    sign_in(page, live_url, "chuyenvien.longan")
    page.get_by_role("link", name="Văn bản", exact=True).click()
    page.get_by_role("link", name="Văn bản mới").click()
    page.get_by_role("button", name="Soạn thảo văn bản đi").click()
    expect(page.get_by_role("heading", name="Soạn thảo văn bản đi")).to_be_visible()
    page.select_option("#f_doc_type", "Công văn")
    page.fill("#f_summary", SUMMARY)
    page.click("main button[type=submit]")  # the content and the recipient are missing: refused by field, nothing lost
    expect(page.locator("#f_content_err")).to_be_visible()
    expect(page.locator("#f_summary")).to_have_value(SUMMARY)
    page.fill("#f_content", "Phường Long An báo cáo tình hình tiếp nhận hồ sơ tuần đầu vận hành.")
    page.select_option("#f_recipient_unit", "80002")
    page.select_option("#f_drafting_office", "VP")
    page.click("main button[type=submit]")
    expect(page.get_by_text("Đã hoàn thành: Soạn thảo văn bản đi")).to_be_visible()
    _sign_out(page)

    _work_task(page, live_url, "lanhdao.longan", "Duyệt, ký văn bản đi")
    page.get_by_label("Đồng ý, ký số ban hành").check()
    page.click("main button[type=submit]")
    expect(page.get_by_text("Đã hoàn thành: Duyệt, ký văn bản đi")).to_be_visible()
    _sign_out(page)

    _work_task(page, live_url, "vanthu.longan", "Phát hành văn bản")
    page.get_by_label("Đã kiểm tra thể thức, số, ký hiệu và chữ ký số của văn bản").check()
    page.click("main button[type=submit]")
    expect(page.get_by_text("Đã hoàn thành: Phát hành văn bản")).to_be_visible()
    page.goto(f"{live_url}/van-ban/so/di")
    row = page.locator("table.register tbody tr").first
    expect(row).to_contain_text("1/UBND-VP")
    expect(row).to_contain_text("Phường Kiến Tường")
    _sign_out(page)

    sign_in(page, live_url, "vanthu.kientuong")
    page.get_by_role("link", name="Văn bản", exact=True).click()
    page.fill("input[name=q]", "tuan dau")  # searched without accents
    page.get_by_role("button", name="Tìm").click()
    row = page.locator("table.register tbody tr").first
    expect(row).to_contain_text(SUMMARY)
    expect(row).to_contain_text("Phường Long An")
    with page.expect_response(lambda r: "/documents/" in r.url) as pdf:
        row.get_by_role("link", name="PDF").click()
    assert pdf.value.status == 200 and pdf.value.headers["content-type"] == "application/pdf"
