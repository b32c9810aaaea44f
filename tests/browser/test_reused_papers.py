"""The same citizen comes back, in a browser at a clerk's 1366×768 screen: the intake finds their papers digitised
at another ward of the province by the ID number typed, the clerk previews one, ticks "reuse" instead of scanning,
and the dossier page shows the papers reused and from which dossier."""
from __future__ import annotations

from playwright.sync_api import Browser, expect

from motcua.services.runtime import Runtime
from motcua.trial.desk import Desk
from tests.browser.conftest import SIZES, off_the_browser_loop, overflow, sign_in, snap
from tests.integration.test_digitised_papers import ID_NUMBER, first_dossier, index_of


def test_the_clerk_reuses_a_paper_digitised_for_the_first_dossier(browser: Browser, live_url: str,
                                                                   runtime: Runtime) -> None:
    first = off_the_browser_loop(lambda: first_dossier(Desk(runtime)))  # scanned, signed at Long An
    with runtime.uow() as uow:
        first_code = uow.dossiers.require(first).code or ""
    page = browser.new_context(locale="vi-VN", viewport=SIZES["desk"]).new_page()
    page.set_default_timeout(20_000)
    sign_in(page, live_url, "tiepnhan.kientuong")
    page.goto(f"{live_url}/dossiers/new")
    page.check("input[name=procedure][value=marriage_registration]")
    page.click("main button:has-text('Bắt đầu tiếp nhận')")
    page.fill("#f_applicant_name", "Trần Văn Bình")
    page.fill("#f_applicant_id_number", ID_NUMBER)
    page.fill("#f_applicant_phone", "0987654321")
    page.get_by_role("button", name="Tìm giấy tờ đã số hóa theo số định danh").click()

    row = index_of(runtime, "marriage_registration", "marital_status_confirmation")
    reuse = page.locator(f"input[name='papers_received.{row}.reuse']")
    expect(reuse).to_be_visible()
    held = page.locator(f"tr:has(input[name='papers_received.{row}.reuse']) details")
    expect(held).to_contain_text(f"hồ sơ {first_code}")
    expect(held).to_contain_text("Phường Long An")
    held.locator("summary").click()
    expect(held.locator("iframe.preview")).to_be_visible()  # the confirmation, previewed in place
    assert overflow(page) <= 0
    snap(page, "intake-reuses-papers")

    page.get_by_role("button", name="Nhận đủ số bản như yêu cầu").click()
    reuse.check()  # the optional confirmation is not handed in: the reused copy stands for it
    page.locator(f"input[name='papers_received.{index_of(runtime, 'marriage_registration', 'id_card')}.reuse']").check()
    page.fill("#f_groom_name", "Trần Văn Bình")
    page.fill("#f_groom_birth_date", "02/03/1995")
    page.fill("#f_groom_id_number", ID_NUMBER)
    page.fill("#f_bride_name", "Phạm Thị Dung")
    page.fill("#f_bride_birth_date", "15/07/1997")
    page.fill("#f_bride_id_number", "080197001111")
    page.check("#f_both_present")
    page.get_by_role("button", name="Hoàn thành").click()
    expect(page.get_by_text("Đã hoàn thành")).to_be_visible()

    page.goto(f"{live_url}/register")
    page.locator("table a", has_text="000.00.32.H53-").first.click()
    digitised = page.locator("ul.digitised")
    expect(digitised.locator("li")).to_have_count(2)
    expect(digitised).to_contain_text(f"Dùng lại bản đã số hóa từ hồ sơ {first_code}")
    assert overflow(page) <= 0
    snap(page, "dossier-reused-papers")
