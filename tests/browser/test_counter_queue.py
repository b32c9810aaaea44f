"""A citizen takes a number at the kiosk, a clerk calls it at a counter, the waiting room's screen shows it."""
from __future__ import annotations

from playwright.sync_api import Browser, expect

from tests.browser.conftest import sign_in


def test_kiosk_ticket_is_called_by_a_clerk_and_shown_on_the_display(browser: Browser, live_url: str) -> None:
    kiosk = browser.new_context(locale="vi-VN").new_page()
    display = browser.new_context(locale="vi-VN").new_page()
    clerk = browser.new_context(locale="vi-VN").new_page()
    for page in (kiosk, display, clerk):
        page.set_default_timeout(20_000)

    display.goto(f"{live_url}/man-hinh/80001")
    expect(display.locator("#latest-number")).to_have_text("—")

    kiosk.goto(f"{live_url}/xep-hang/80001")
    kiosk.get_by_role("button", name="Đất đai").click()
    expect(kiosk.locator("#ticket-number")).to_have_text("A-001")
    expect(kiosk.locator("#ahead")).to_have_text("0")
    expect(display.locator("#waiting [data-letter=A]")).to_have_text("1")  # the screen polls on its own

    sign_in(clerk, live_url, "tiepnhan.longan")
    clerk.get_by_role("link", name="Quầy tiếp nhận").click()
    clerk.fill("#counter", "3")
    clerk.get_by_role("button", name="Mở quầy").click()
    clerk.get_by_role("button", name="Gọi số tiếp theo (1)").click()
    expect(clerk.locator("#current-number")).to_have_text("A-001")

    expect(display.locator("#latest-number")).to_have_text("A-001")
    expect(display.locator("#latest-counter")).to_have_text("3")
    expect(display.locator("#waiting [data-letter=A]")).to_have_text("0")

    clerk.get_by_role("button", name="Đã phục vụ xong").click()
    expect(clerk.locator(".serving.empty")).to_be_visible()
    expect(kiosk).to_have_url(f"{live_url}/xep-hang/80001")  # the kiosk's screen went back for the next citizen
