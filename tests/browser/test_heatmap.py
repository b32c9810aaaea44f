"""A province leader opens the heat map on a 1366×768 screen: the diagram in the bpmn-js viewer with the slow step
red and the figures on each step, a click on the step lists its dossiers, and the page fits the screen's width.
The screenshot is kept (build/screenshots/heatmap-desk.png, or MOTCUA_SCREENSHOTS)."""
from __future__ import annotations

import re
from urllib.parse import urlencode

from playwright.sync_api import Browser, expect

from motcua.services.runtime import Runtime
from tests.browser.conftest import SIZES, overflow, sign_in, snap
from tests.support import heatmap_data
from tests.support.heatmap_data import PERIOD


def test_a_leader_sees_where_dossiers_wait_and_clicks_through(browser: Browser, live_url: str,
                                                               runtime: Runtime) -> None:
    heatmap_data.load(runtime)
    context = browser.new_context(locale="vi-VN", viewport=SIZES["desk"])
    page = context.new_page()
    page.set_default_timeout(20_000)
    sign_in(page, live_url, "lanhdao.tayninh")
    page.click("nav >> text=Bản đồ nhiệt")
    expect(page.locator("h1")).to_have_text("Bản đồ nhiệt: hồ sơ dừng lâu ở bước nào")
    page.goto(f"{live_url}/bao-cao/ban-do-nhiet?{urlencode(PERIOD)}")
    expect(page.locator("#heat-canvas")).to_have_attribute("data-ready", "true")
    expect(page.locator("#heat-canvas .heat-static")).to_be_hidden()  # the viewer replaced the server's drawing

    expect(page.locator('.djs-element[data-element-id="lane_specialist"]')).to_contain_text("Chuyên viên xử lý")
    verify = page.locator('.djs-element[data-element-id="verify"]')
    expect(verify).to_have_class(re.compile(r"\bheat-4\b"))
    expect(page.locator('.djs-element[data-element-id="reception"]')).to_have_class(
        re.compile(r"\bheat-1\b"))
    expect(page.locator('.heat-badge[data-element="verify"]')).to_contain_text("Đang có 4")
    expect(page.locator('.flow-badge[data-flow="f_gw_decision_verify"]')).to_have_text("1")

    verify.click()
    expect(page.locator("#panel-title")).to_have_text("Thẩm định hồ sơ")
    items = page.locator("#panel-list li[data-dossier]")
    expect(items).to_have_count(4)
    expect(page.locator("#panel-list")).to_contain_text("80002-K1")
    page.click('#panel-views button[data-view="late"]')
    expect(items).to_have_count(2)
    expect(page.locator("#panel-list .late").first).to_have_text("trễ hạn")
    assert overflow(page) == 0
    snap(page, "heatmap")

    page.click("#print-page")
    expect(page.locator(".heat-print-diagram svg g[data-element='verify']")).to_have_attribute("data-level", "4")
    assert overflow(page) == 0
    snap(page, "heatmap-print")
    context.close()
