"""The heat map's page, its printable page, SVG, CSV, Excel and JSON show the same figures under the reports'
access rules; the page works without script (the server's SVG) and lists the dossiers behind a step."""
from __future__ import annotations

import csv
import io
from urllib.parse import urlencode

import pytest
from flask import Flask
from lxml import etree
from openpyxl import load_workbook

from motcua.services.people import add_user
from motcua.services.runtime import Runtime
from tests.support import heatmap_data
from tests.support.heatmap_data import PERIOD
from tests.support.web import Clerk

QUERY = urlencode(PERIOD)


@pytest.fixture
def data(runtime: Runtime) -> dict[str, int]:
    add_user(runtime, "lanhdao.tinh", "Lãnh đạo tỉnh", "motcua-demo", [("80000", "leader")])
    return heatmap_data.load(runtime)


def test_the_page_draws_the_heat_map_without_script_and_links_every_export(app: Flask, data: dict) -> None:
    page = Clerk(app, "lanhdao.longan").get(f"/bao-cao/ban-do-nhiet?{QUERY}")
    assert page.status_code == 200
    html = page.text
    assert 'class="heat-static"' in html and 'data-element="verify" data-level="4"' in html
    for link in ("ban-do-nhiet.csv", "ban-do-nhiet.xlsx", "ban-do-nhiet.svg", "ban-do-nhiet/in", "/api/v1/heatmap"):
        assert link in html
    assert 'id="between-units"' in html and 'id="trends"' in html and "<polyline" in html
    assert "bpmn-navigated-viewer.production.min.js" in html


def test_svg_json_csv_and_excel_agree(app: Flask, data: dict) -> None:
    leader = Clerk(app, "lanhdao.longan")
    answer = leader.get(f"/api/v1/heatmap?{QUERY}").json
    verify = next(s for s in answer["steps"] if s["element"] == "verify")
    assert (verify["now"], verify["finished"], verify["late_share"], verify["colour"]) == (3, 7, 28.6, "red")
    assert verify["median"]["bucket"] == [900, 1350] and answer["histogram_edges_minutes"][8] == 900
    assert {f["id"]: f["taken"] for f in answer["flows"]}["f_gw_decision_verify"] == 1
    by_late = leader.get(f"/api/v1/heatmap?{QUERY}&measure=late").json
    assert {s["element"]: s["colour"] for s in by_late["steps"]} == {
        "reception": "green", "verify": "red", "receive_supplement": "green", "decision": "green",
        "result_return": "green"}  # only the examination finished late: 0 % is the lowest share

    svg = leader.get(f"/bao-cao/ban-do-nhiet.svg?{QUERY}")
    assert svg.mimetype == "image/svg+xml"
    tree = etree.fromstring(svg.data)
    red = tree.find(".//{http://www.w3.org/2000/svg}g[@data-element='verify']")
    assert red is not None and red.get("data-level") == "4"
    assert red.find("{http://www.w3.org/2000/svg}rect").get("fill") == "#ef9a9a"

    rows = list(csv.reader(io.StringIO(leader.get(f"/bao-cao/ban-do-nhiet.csv?{QUERY}").data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Phạm vi", "Mã bước", "Bước"]
    line = next(r for r in rows if r[:2] == ["Tất cả đơn vị", "verify"])
    assert line[3:9] == ["3", "1", "10", "7", "2", "28.6"] and line[10] == "15–22.5"
    assert ["f_gw_decision_verify", "Trả lại"] == next(r for r in rows if r and r[0] == "f_gw_decision_verify")[:2]

    book = load_workbook(io.BytesIO(leader.get(f"/bao-cao/ban-do-nhiet.xlsx?{QUERY}").data))
    assert book.sheetnames == ["Các bước", "Các luồng", "Theo tuần"]
    sheet = book["Các bước"]
    assert "Đăng ký biến động" in str(sheet["A1"].value) or sheet["A1"].value
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    assert next(v for v in values if v[1] == "verify")[6] == 7


def test_the_printable_page_and_the_dossiers_behind_a_step(app: Flask, data: dict) -> None:
    leader = Clerk(app, "lanhdao.longan")
    printable = leader.get(f"/bao-cao/ban-do-nhiet/in?{QUERY}")
    assert printable.status_code == 200 and "data-print" in printable.text and "<svg" in printable.text
    behind = leader.get(f"/bao-cao/ban-do-nhiet/buoc/verify?{QUERY}&view=late")
    assert behind.status_code == 200 and "80001-D3" in behind.text and "80001-D4" in behind.text
    assert "80001-D0" not in behind.text
    listed = leader.get(f"/api/v1/heatmap/steps/verify/dossiers?{QUERY}&view=now").json
    assert sorted(d["code"] for d in listed["dossiers"]) == ["80001-T1", "80001-W1", "80001-W2"]
    assert leader.get(f"/api/v1/heatmap/steps/nowhere/dossiers?{QUERY}").status_code == 404
    diagram = leader.get(f"/bao-cao/ban-do-nhiet/so-do.bpmn?{QUERY}")
    assert diagram.status_code == 200 and b"bpmndi:BPMNDiagram" in diagram.data


def test_readers_only_and_only_their_units(app: Flask, data: dict) -> None:
    assert app.test_client().get(f"/api/v1/heatmap?{QUERY}").status_code == 401
    assert Clerk(app, "chuyenvien.longan").get(f"/api/v1/heatmap?{QUERY}").status_code == 403
    kien_tuong = Clerk(app, "lanhdao.kientuong")
    assert kien_tuong.get(f"/api/v1/heatmap?{QUERY}&unit=80001").status_code == 403
    assert kien_tuong.get(f"/api/v1/heatmap/steps/verify/dossiers?{QUERY}&unit=80001").status_code == 403
    listed = kien_tuong.get(f"/api/v1/heatmap/steps/verify/dossiers?{QUERY}").json
    assert [d["code"] for d in listed["dossiers"]] == ["80002-K1"]
    assert kien_tuong.get(f"/bao-cao/ban-do-nhiet.svg?{QUERY}&unit=80001").status_code == 403
    assert kien_tuong.get("/api/v1/heatmap?procedure=land_change&from=31/02/2025").status_code == 400
    assert Clerk(app, "lanhdao.tinh").get(f"/bao-cao/ban-do-nhiet?{QUERY}").text.count('id="side-by-side"') == 1


def test_in_english_the_packs_step_names_are_marked_as_vietnamese_and_the_rest_is_english(
        app: Flask, runtime: Runtime, data: dict) -> None:
    from tests.integration.test_vietnamese_pages import raw_words, typed, visible_text

    leader = Clerk(app, "lanhdao.longan")
    leader.submit("/lang/en", {"next": "/"}, token_from="/thu-tuc")
    svg = etree.fromstring(leader.get(f"/bao-cao/ban-do-nhiet.svg?{QUERY}").data)
    names = svg.findall(".//{http://www.w3.org/2000/svg}g[@data-element='verify']/{http://www.w3.org/2000/svg}text")
    name = next(t for t in names if t.get("{http://www.w3.org/XML/1998/namespace}lang") == "vi")
    assert " ".join(span.text for span in name) == "Thẩm định hồ sơ"  # one text, a line per tspan
    assert "Now" in "".join(svg.itertext()) and "Đang có" not in "".join(svg.itertext())
    allowed = typed(runtime, "en")  # people's and units' names, the pack's own words as whole texts
    for path in (f"/bao-cao/ban-do-nhiet?{QUERY}", f"/bao-cao/ban-do-nhiet/in?{QUERY}"):
        page = leader.get(path).text
        assert raw_words(visible_text(page, "en"), allowed, "en") == [], path
        assert raw_words(visible_text(page.replace('lang="vi"', ""), "en"), allowed, "en"), \
            "the step names broken into lines are Vietnamese words only their mark tells from the interface's"
