"""Citizens in a real browser: a dossier sent online from the procedure's sheet reaches the ward's clerk;
feedback sent online is classified by the 1022 operator on the task page, answered, and looked up by code."""
from __future__ import annotations

from playwright.sync_api import Page, expect

from motcua.services.runtime import Runtime
from motcua.trial.desk import Desk
from tests.browser.conftest import off_the_browser_loop, sign_in
from tests.integration.test_feedback_1022 import ANSWER, ANSWERED, APPROVE, LEADER, NOTIFY, OPERATOR, SPECIALIST


def test_a_citizen_sends_a_dossier_online_and_the_wards_clerk_finds_it_filled_in(page: Page, live_url: str) -> None:
    page.goto(f"{live_url}/thu-tuc/marital_status")
    page.click("text=Nộp hồ sơ trực tuyến")
    page.select_option("select[name=unit]", "80001")
    page.fill("input[name=applicant_name]", "Đỗ Thị Hạnh")
    page.fill("input[name=applicant_id_number]", "080190005555")
    page.fill("input[name=applicant_phone]", "09")  # a mistake: refused by field, nothing typed is lost
    page.fill("input[name=purpose]", "Để đăng ký kết hôn")
    page.check("input[name=marital_status][value=never_married]")
    page.click("main button[type=submit]")
    expect(page.locator("#f_applicant_phone_err")).to_be_visible()
    expect(page.locator("input[name=applicant_name]")).to_have_value("Đỗ Thị Hạnh")
    page.fill("input[name=applicant_phone]", "0977000111")
    page.click("main button[type=submit]")
    expect(page.locator("#dossier-code")).to_have_text("000.00.31.H53-251124-0001")

    page.context.clear_cookies()
    sign_in(page, live_url, "tiepnhan.longan")
    page.click("a.task")
    expect(page.locator("input[name=applicant_name]")).to_have_value("Đỗ Thị Hạnh")
    expect(page.locator("input[name=purpose]")).to_have_value("Để đăng ký kết hôn")


def test_feedback_sent_online_is_routed_answered_and_looked_up_by_code(page: Page, live_url: str,
                                                                      runtime: Runtime) -> None:
    page.goto(f"{live_url}/phan-anh")
    page.select_option("select[name=service_code]", "moi-truong")
    page.check("input[name=feedback_kind][value=phan_anh]")
    page.fill("textarea[name=description]", "Cống thoát nước ở hẻm 5 bị nghẹt, nước tràn ra đường khi mưa.")
    page.fill("input[name=applicant_name]", "Huỳnh Văn Phúc")
    page.fill("input[name=applicant_phone]", "0966555444")
    page.click("main button[type=submit]")
    code = page.locator("#feedback-code").inner_text()
    assert code.startswith("000.00.00.H53-251124-")

    sign_in(page, live_url, OPERATOR)
    page.click("a.task")
    expect(page.locator("textarea[name=description]")).to_have_value(
        "Cống thoát nước ở hẻm 5 bị nghẹt, nước tràn ra đường khi mưa.")
    page.check("input[name=decision][value=route]")
    page.select_option("select[name=responsible_unit]", "80001")
    page.click("main button[type=submit]")
    expect(page.locator(".flash.success")).to_be_visible()

    def answer_and_close() -> None:
        desk = Desk(runtime)
        dossier = next(d for _t, d in desk.tasks(SPECIALIST))
        desk.do(SPECIALIST, ANSWER, ANSWERED, dossier)
        desk.do(LEADER, APPROVE, {"approval": "approve"}, dossier)
        desk.do(OPERATOR, NOTIFY, {"notified_by": "sms"}, dossier)

    off_the_browser_loop(answer_and_close)
    page.context.clear_cookies()
    page.goto(f"{live_url}/phan-anh/tra-cuu")
    page.fill("input[name=ma]", code)
    page.click("main button[type=submit]")
    expect(page.locator("#feedback-answer")).to_have_text(ANSWERED["answer"])
    expect(page.locator("#feedback-stage")).to_have_text("Đã trả lời, kết thúc")
    expect(page.locator("main")).not_to_contain_text("Huỳnh Văn Phúc")
