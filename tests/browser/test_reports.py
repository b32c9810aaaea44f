"""A province leader opens the report in a browser, filters it, sees the charts and downloads the workbook."""
from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from motcua.services.runtime import Runtime
from tests.browser.conftest import sign_in
from tests.support import report_data
from tests.support.report_data import EXPECTED


def test_a_province_leader_filters_the_report_sees_the_chart_and_downloads_it(
        page: Page, live_url: str, runtime: Runtime, tmp_path: Path) -> None:
    report_data.load(runtime)
    sign_in(page, live_url, "lanhdao.tayninh")
    page.click("nav >> text=Báo cáo")
    expect(page.locator("h1")).to_have_text("Báo cáo tình hình giải quyết thủ tục hành chính")

    page.fill("#from", "01/06/2025")
    page.fill("#to", "30/06/2025")
    page.select_option("#unit", "80001")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**/bao-cao?from=01%2F06%2F2025&to=30%2F06%2F2025&unit=80001&procedure=")

    long_an = page.locator('tr.unit[data-unit="80001"]')
    expect(long_an.locator('td[data-key="received"]')).to_have_text("10")
    expect(long_an.locator('td[data-key="satisfaction_rate"]')).to_have_text("75,0")
    expect(page.locator('tr.unit[data-unit="80002"]')).to_have_count(0)
    bars = page.locator("#chart-timeliness rect.seg")  # one ward: a bar per procedure
    expect(bars).to_have_count(5)
    assert bars.first.bounding_box()["width"] > 10

    with page.expect_download() as download:
        page.click("#export-xlsx")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "bao-cao-20250601-20250630.xlsx"
    sheet = load_workbook(saved).active
    header = [c.value for c in sheet[4]]
    unit_row = [c.value for c in sheet[5]]
    assert unit_row[1] == "80001"
    assert unit_row[header.index("Tiếp nhận trong kỳ")] == EXPECTED[("80001", None)]["received"]
    assert unit_row[header.index("Đang quá hạn hiện nay")] == EXPECTED[("80001", None)]["overdue_now"]
