"""The ward that decided keeps its dossier, in a browser on a desk screen and on a phone (issue 18, point 1):
Kiến Tường's leader signs a dossier Long An received, lands on that dossier (read-only, now at Long An),
and finds it in Kiến Tường's register marked as handed on. Screenshots are kept for the reviewer in
``MOTCUA_SCREENSHOTS`` (default: artefacts/screenshots/ in the project, ignored by git)."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from features.steps.land_change import VERIFY, receive_data
from motcua.services.runtime import Runtime
from motcua.trial.desk import Desk
from tests.browser.conftest import off_the_browser_loop, sign_in

SCREENSHOTS = Path(os.environ.get("MOTCUA_SCREENSHOTS") or Path(__file__).resolve().parents[2] / "artefacts/screenshots")
SIZES = {"desk": (1366, 768), "phone": (390, 844)}


def _dossier_at_the_leader(runtime: Runtime) -> str:
    """Long An receives a land change for a parcel in Kiến Tường, whose specialist verifies it: its code."""
    desk = Desk(runtime)
    dossier = desk.start("tiepnhan.longan", "80001")
    desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ", receive_data(parcel_unit="80002"))
    desk.do("chuyenvien.kientuong", "Thẩm định hồ sơ", VERIFY)
    return desk.dossier(dossier).dossier.code or ""


def _shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("size", SIZES)
def test_the_leader_who_signed_lands_on_the_dossier_and_finds_it_in_the_register(
        browser: Browser, live_url: str, runtime: Runtime, size: str) -> None:
    code = off_the_browser_loop(lambda: _dossier_at_the_leader(runtime))
    width, height = SIZES[size]
    context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        sign_in(page, live_url, "lanhdao.kientuong")
        page.get_by_role("link", name="Phê duyệt kết quả").first.click()
        page.select_option("#f_decision", "sign")
        page.click("main button[type=submit]")

        page.wait_for_url(re.compile(re.escape(live_url) + r"/dossiers/\d+$"))
        expect(page.get_by_text("Đã hoàn thành: Phê duyệt kết quả")).to_be_visible()
        expect(page.get_by_role("heading", name=f"Hồ sơ {code}")).to_be_visible()
        expect(page.locator("p.notice.held-before")).to_contain_text("nay ở Phường Long An")
        expect(page.get_by_text("Không tìm thấy")).to_have_count(0)
        expect(page.locator("main a[href^='/tasks/']")).to_have_count(0)  # read-only
        _shot(page, f"held-dossier-{size}-after-signing")

        page.goto(f"{live_url}/register")
        row = page.locator("tr", has_text=code)
        expect(row).to_contain_text("Đã xử lý, đã chuyển đi")
        expect(row).to_contain_text("nay ở Phường Long An")
        _shot(page, f"held-dossier-{size}-register")
        row.get_by_role("link", name=code).click()
        expect(page.locator("p.notice.held-before")).to_be_visible()
    finally:
        context.close()
