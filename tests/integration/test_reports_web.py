"""The reports page, its CSV and Excel exports and the JSON API show the same figures under the same access rules."""
from __future__ import annotations

import csv
import io
import re
from urllib.parse import urlencode

import pytest
from flask import Flask
from openpyxl import load_workbook

from motcua.services import reports
from motcua.services.people import add_user
from motcua.services.runtime import Runtime
from tests.support import report_data
from tests.support.report_data import EXPECTED, PERIOD
from tests.support.web import Clerk

KEYS = [key for key, _, _ in reports.COLUMNS]
QUERY = urlencode(PERIOD)


@pytest.fixture
def month(runtime: Runtime) -> dict[str, int]:
    add_user(runtime, "lanhdao.tinh", "Lãnh đạo tỉnh", "motcua-demo", [("80000", "leader")])
    return report_data.load(runtime)


def expected_rows(level_names: tuple[str, str, str]) -> list[list]:
    """The export's lines for the whole province in June: unit, its procedures, …, then the total."""
    unit, procedure, total = level_names
    wards = [("80002", "Phường Kiến Tường", [("land_change", "1.004227")]),
             ("80001", "Phường Long An", [("land_change", "1.004227"), ("birth_registration", "1.001193")])]
    rows = []
    for code, name, procedures in wards:
        rows.append([unit, code, name, "", "", *(EXPECTED[(code, None)][k] for k in KEYS)])
        for slug, number in procedures:
            rows.append([procedure, code, name, number, "", *(EXPECTED[(code, slug)][k] for k in KEYS)])
    rows.append([total, "", "", "", "", *(EXPECTED[(None, None)][k] for k in KEYS)])
    return rows


def without_names(rows: list[list]) -> list[list]:
    """Procedure names are long; compare everything else."""
    return [[*row[:4], *row[5:]] for row in rows]


def test_the_csv_holds_exactly_the_reported_figures(app: Flask, month: dict) -> None:
    response = Clerk(app, "lanhdao.tinh").get(f"/bao-cao.csv?{QUERY}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert 'filename=bao-cao-20250601-20250630.csv' in response.headers["Content-Disposition"]
    assert response.data.startswith("\ufeff".encode())
    table = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert table[0][:5] == ["Cấp", "Mã đơn vị", "Đơn vị", "Mã thủ tục", "Thủ tục"]
    assert table[0][5:] == [vi for _, vi, _ in reports.COLUMNS]
    as_text = [["" if v is None else str(v) for v in row] for row in expected_rows(("Đơn vị", "Thủ tục", "Tổng cộng"))]
    assert without_names(table[1:len(as_text) + 1]) == without_names(as_text)
    assert table[2][4].startswith("Đăng ký biến động")
    indicators = table[len(as_text) + 1:]  # after an empty line, the Decision 766 indicators
    assert indicators[0] == [] and indicators[1][:3] == ["Nhóm", "Số", "Chỉ số"]
    assert indicators[-1][0] == "Tổng cộng" and indicators[-1][8] == "100"


def test_the_workbook_reads_back_with_the_same_figures(app: Flask, month: dict) -> None:
    clerk = Clerk(app, "lanhdao.tinh")
    clerk.submit("/lang/en", {"next": "/"}, token_from="/")
    response = clerk.get(f"/bao-cao.xlsx?{QUERY}")
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet.title == "Report" and sheet["A2"].value == "Period: 01/06/2025 – 30/06/2025"
    cells = [list(row) for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert cells[0][5:] == [en for _, _, en in reports.COLUMNS]
    assert without_names([[("" if v is None else v) for v in row] for row in cells[1:]]) == without_names(
        [[("" if v is None else v) for v in row] for row in expected_rows(("Unit", "Procedure", "Total"))])
    assert cells[2][4].startswith("Registration of changes")  # procedure names in the reader's language


def test_the_api_gives_the_same_figures_to_the_same_readers(app: Flask, month: dict) -> None:
    body = Clerk(app, "lanhdao.tinh").get(f"/api/v1/reports?{QUERY}").get_json()
    assert body["period"] == {"from": "2025-06-01", "to": "2025-06-30", "time_zone": "Asia/Ho_Chi_Minh"}
    assert body["total"] == EXPECTED[(None, None)]
    assert {(u["code"], p["slug"]): p["figures"] for u in body["units"] for p in u["procedures"]} == {
        key: value for key, value in EXPECTED.items() if key[0] and key[1]}
    assert [c["key"] for c in body["columns"]] == KEYS

    ward = Clerk(app, "lanhdao.kientuong")
    assert ward.get(f"/api/v1/reports?{QUERY}").get_json()["total"] == EXPECTED[("80002", None)]
    refused = ward.get(f"/api/v1/reports?{QUERY}&unit=80001")
    assert refused.status_code == 403 and refused.get_json()["code"] == "report.unit_forbidden" \
        and "80001" in refused.get_json()["message"]
    assert Clerk(app, "tiepnhan.longan").get(f"/api/v1/reports?{QUERY}").status_code == 403
    assert Clerk(app).get(f"/api/v1/reports?{QUERY}").status_code == 401
    wrong = ward.get("/api/v1/reports?from=2025-13-01")
    assert wrong.status_code == 400 and wrong.get_json()["field"] == "from"


def cell(html: str, unit: str, key: str, procedure: str | None = None) -> str:
    row_class = f'class="procedure" data-unit="{unit}" data-procedure="{procedure}"' if procedure \
        else f'class="unit" data-unit="{unit}"'
    row = re.search(rf"<tr {row_class}>(.*?)</tr>", html, re.S)
    assert row, f"no row for {unit} {procedure}"
    return re.search(rf'<td class="num" data-key="{key}">([^<]*)</td>', row.group(1)).group(1)


def test_the_page_shows_the_table_the_charts_and_the_export_links(app: Flask, month: dict) -> None:
    leader = Clerk(app, "lanhdao.tinh")
    html = leader.get(f"/bao-cao?{QUERY}").text
    assert cell(html, "80001", "received") == "10" and cell(html, "80001", "overdue_now") == "2"
    assert cell(html, "80001", "online_rate") == "20,0" and cell(html, "80002", "on_time_rate") == "100,0"
    # several units: a line each, whose name opens its procedures (the exports keep every line)
    assert 'class="procedure"' not in html and 'id="report-by-unit"' in html
    opens = re.search(r'<tr class="unit" data-unit="80001"><th scope="row"><a href="([^"]+)">', html).group(1)
    assert opens == "/bao-cao?from=2025-06-01&amp;to=2025-06-30&amp;unit=80001"
    ward = leader.get(opens.replace("&amp;", "&")).text
    assert cell(ward, "80001", "refused_after_review", "birth_registration") == "1"
    assert cell(ward, "80001", "received") == "10" and 'id="report-by-unit"' not in ward
    one_procedure = leader.get(f"/bao-cao?{QUERY}&procedure=birth_registration").text  # a line per unit: shown
    assert cell(one_procedure, "80001", "refused_after_review", "birth_registration") == "1"
    assert cell(html, "80002", "late") == "0"
    assert '<tr class="total">' in html
    timeliness = re.search(r'<figure class="chart" id="chart-timeliness">(.*?)</figure>', html, re.S).group(1)
    assert re.findall(r'class="seg (\w+)"', timeliness) == ["early", "early", "on_time", "late"]
    assert 'href="/bao-cao.xlsx?from=2025-06-01&amp;to=2025-06-30"' in html
    # nothing loaded from elsewhere (the page's CSRF token is random text: once it held "cdn")
    assert 'src="http' not in html and not re.search(r'(?:src|href)="[^"]*cdn', html, re.IGNORECASE)


def test_a_wrong_filter_is_shown_by_its_field_and_kept(app: Flask, month: dict) -> None:
    clerk = Clerk(app, "lanhdao.longan")
    page = clerk.get("/bao-cao?from=31/02/2025&to=30/06/2025")
    assert page.status_code == 400
    assert "“31/02/2025” không phải là ngày: hãy viết dd/mm/yyyy." in page.text
    assert 'value="31/02/2025"' in page.text and 'value="30/06/2025"' in page.text
    assert clerk.get("/bao-cao.csv?from=2025-06-30&to=2025-06-01").status_code == 400


def test_only_leaders_and_administrators_see_the_link_and_the_page(app: Flask, month: dict) -> None:
    leader = Clerk(app, "lanhdao.longan")
    assert 'href="/bao-cao"' in leader.get("/").text
    clerk = Clerk(app, "tiepnhan.longan")
    assert 'href="/bao-cao"' not in clerk.get("/").text
    assert clerk.get("/bao-cao").status_code == 403
    assert Clerk(app, "lanhdao.kientuong").get("/bao-cao?unit=80001").status_code == 403
    assert Clerk(app).get("/bao-cao").status_code == 302  # sign in first


def test_the_page_reads_in_english_with_the_switch(app: Flask, month: dict) -> None:
    clerk = Clerk(app, "lanhdao.tinh")
    clerk.submit("/lang/en", {"next": "/"}, token_from="/")
    html = clerk.get(f"/bao-cao?{QUERY}").text
    assert "Report on handling administrative procedures" in html and ">Download Excel<" in html
    assert ">Early or on time (%)<" in html and cell(html, "80001", "online_rate") == "20.0"
    assert "How the figures are counted" in html
