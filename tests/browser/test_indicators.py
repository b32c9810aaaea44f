"""A province leader reads the Decision 766 indicators under the report and opens the dossiers behind one."""
from __future__ import annotations

from playwright.sync_api import Page, expect

from motcua.services.runtime import Runtime
from tests.browser.conftest import overflow, sign_in, snap
from tests.support import indicator_data


def test_a_province_leader_reads_the_indicators_and_opens_the_dossiers_behind_one(
        sized: Page, live_url: str, runtime: Runtime) -> None:
    page = sized
    indicator_data.load(runtime)
    sign_in(page, live_url, "lanhdao.tayninh")
    page.goto(f"{live_url}/bao-cao?from=01/06/2025&to=30/06/2025")
    table = page.locator("#indicators-766")
    expect(table.locator("tr.indicator")).to_have_count(19)
    progress = table.locator('tr.indicator[data-indicator="on_time"]')
    expect(progress.locator("td[data-points]")).to_have_text("13,33 / 20")
    expect(table.locator('tr.indicator-group[data-group="progress"] td[data-points]')).to_contain_text("13,33 / 20")
    expect(table.locator('tr.indicator[data-indicator="published_on_time"]')).to_contain_text("Chưa tính được")
    assert overflow(page) <= 0  # the wide table scrolls inside its card
    snap(page, "indicators-766")

    progress.locator("a").click()
    expect(page.locator("h1")).to_contain_text("Hồ sơ xử lý trước hạn, đúng hạn")
    rows = page.locator("#indicator-dossiers tbody tr")
    expect(rows).to_have_count(9)
    expect(page.locator('#indicator-dossiers tr[data-counted="yes"]')).to_have_count(6)
    expect(rows.last).to_contain_text("Không (chỉ ở mẫu số)")
    assert overflow(page) <= 0
    snap(page, "indicator-on-time")
