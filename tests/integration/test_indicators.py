"""Decision 766 indicators on a generated June with hand-computed answers, under the report's access rules."""
from __future__ import annotations

import io
import re
from datetime import datetime
from urllib.parse import urlencode

import pytest
from flask import Flask
from openpyxl import load_workbook
from sqlalchemy import func, select

from features.steps.land_change import ASK_SUPPLEMENT, RETURN_DATA, SIGN, SUPPLEMENT_DATA, VERIFY, receive_data
from motcua.domain.clock import VN_TZ, FixedClock
from motcua.services import indicators, reports
from motcua.services.errors import Forbidden, NotFound
from motcua.services.people import add_user
from motcua.services.runtime import Runtime
from motcua.store.indicator_rollup import asked_twice
from motcua.trial.desk import Desk
from tests.support import indicator_data
from tests.support.indicator_data import LONG_AN, PERIOD, PROVINCE
from tests.support.web import Clerk

QUERY = urlencode(PERIOD)


def build(runtime: Runtime, username: str, **args: str) -> indicators.IndicatorReport:
    request = reports.parse_request(runtime, {**PERIOD, **args})
    return indicators.build(runtime, Desk(runtime).user_id(username), request)


def figures(report: indicators.IndicatorReport) -> dict[str, tuple]:
    return {r.indicator.key: (r.numerator, r.denominator, r.rate, r.points)
            for g in report.groups for r in g.results if r.measured}


@pytest.fixture
def june(runtime: Runtime) -> dict[str, int]:
    add_user(runtime, "lanhdao.tinh", "Lãnh đạo tỉnh", "motcua-demo", [("80000", "leader")])
    return indicator_data.load(runtime)


def test_a_ward_leader_gets_every_indicator_as_computed_by_hand(runtime: Runtime, june: dict) -> None:
    report = build(runtime, "lanhdao.longan")
    assert figures(report) == LONG_AN
    groups = {g.group.key: (g.points, g.measured_maximum, g.group.maximum) for g in report.groups}
    assert groups == {"transparency": (3.71, 8, 18), "progress": (12.5, 20, 20), "digitisation": (3.76, 12, 22),
                      "online": (6.93, 20, 22), "satisfaction": (10.0, 18, 18)}
    assert (report.points, report.measured_maximum) == (36.9, 78)
    not_held = [r for g in report.groups for r in g.results if not r.measured]
    assert {r.indicator.key for r in not_held} == {"published_on_time", "updated_on_time", "certified_copy",
                                                   "store_linked", "population_dossiers", "population_procedures",
                                                   "payable_on_portal"}
    assert all(r.points is None and r.indicator.missing_vi for r in not_held)


def test_a_province_counts_its_wards_and_the_feedback_routed_to_them(runtime: Runtime, june: dict) -> None:
    assert figures(build(runtime, "lanhdao.tinh")) == PROVINCE
    assert figures(build(runtime, "lanhdao.tinh", unit="80001")) == LONG_AN


def test_the_dossiers_behind_an_indicator_are_the_counted_ones_then_the_rest(runtime: Runtime, june: dict) -> None:
    request = reports.parse_request(runtime, PERIOD)
    leader = Desk(runtime).user_id("lanhdao.longan")
    behind = indicators.behind(runtime, leader, request, "on_time")
    assert [(m.code, m.counted) for m in behind.dossiers] == [
        ("80001-D8", True), ("80001-D1", True), ("80001-D2", True), ("80001-D7", True), ("80001-D5", True),
        ("80001-D3", False), ("80001-D4", False), ("80001-D6", False)]
    assert behind.shown_all and behind.result.numerator == 5
    synced = indicators.behind(runtime, leader, request, "synced")
    assert {m.code for m in synced.dossiers if m.counted} == {"80001-D1", "80001-D4"}
    assert "80002-K1" not in {m.code for m in synced.dossiers}  # Kiến Tường's, not the reader's
    fees = indicators.behind(runtime, leader, request, "fee_procedures_paid_online")
    assert [(p.slug, counted) for p, counted in fees.procedures][0] == ("land_change", True)
    assert len(fees.procedures) == 5


def test_readers_are_the_report_readers(runtime: Runtime, june: dict) -> None:
    with pytest.raises(Forbidden):
        build(runtime, "tiepnhan.longan")
    with pytest.raises(Forbidden):
        build(runtime, "lanhdao.kientuong", unit="80001")
    request = reports.parse_request(runtime, PERIOD)
    with pytest.raises(NotFound):
        indicators.behind(runtime, Desk(runtime).user_id("lanhdao.longan"), request, "nonsense")


def test_one_procedure_narrows_every_dossier_indicator(runtime: Runtime, june: dict) -> None:
    births = figures(build(runtime, "lanhdao.longan", procedure="birth_registration"))
    assert births["on_time"] == (0, 0, None, None) and births["full_content"] == (1, 1, 100.0, 2.0)
    assert births["feedback_on_time"] == LONG_AN["feedback_on_time"]  # feedback has no procedure


def test_the_report_page_shows_each_indicator_and_opens_the_dossiers_behind_it(app: Flask, june: dict) -> None:
    leader = Clerk(app, "lanhdao.longan")
    page = leader.get(f"/bao-cao?{QUERY}").get_data(as_text=True)
    assert 'id="indicators-766"' in page and "Tổng điểm: 36,9 / 100" in page
    row = re.search(r'<tr class="indicator" data-indicator="on_time">(.*?)</tr>', page, re.S).group(1)
    assert "sau khi trừ thời gian công dân bổ sung" in row and "chỉ tiêu 2.1" in row
    assert re.search(r"data-numerator>5<.*data-denominator>8<.*data-rate>62,5<.*data-points>12,5 / 20<", row, re.S)
    assert "data-rate>14,29<" in page  # online: 1 of 7
    assert f'href="/bao-cao/chi-so/on_time?{QUERY.replace("&", "&amp;")}"' in row
    detail = leader.get(f"/bao-cao/chi-so/on_time?{QUERY}").get_data(as_text=True)
    counted = re.findall(r'data-dossier-id="(\d+)" data-counted="(yes|no)"', detail)
    assert [(int(i), c == "yes") for i, c in counted] == [
        (june[name], hit) for name, hit in (("D8", True), ("D1", True), ("D2", True), ("D7", True), ("D5", True),
                                            ("D3", False), ("D4", False), ("D6", False))]
    assert f'href="/dossiers/{june["D1"]}"' in detail  # the ward's own dossiers open
    province = Clerk(app, "lanhdao.tinh").get(f"/bao-cao/chi-so/synced?{QUERY}").get_data(as_text=True)
    assert "80002-K1" in province and f'href="/dossiers/{june["K1"]}"' not in province  # listed, not opened
    assert Clerk(app, "lanhdao.longan").get(f"/bao-cao/chi-so/nonsense?{QUERY}").status_code == 404
    assert Clerk(app, "tiepnhan.longan").get(f"/bao-cao/chi-so/on_time?{QUERY}").status_code == 403


def test_the_exports_and_the_api_carry_the_indicators(app: Flask, june: dict) -> None:
    leader = Clerk(app, "lanhdao.longan")
    book = load_workbook(io.BytesIO(leader.get(f"/bao-cao.xlsx?{QUERY}").data))
    sheet = book["Chỉ số 766"]
    lines = {row[2]: row for row in sheet.iter_rows(min_row=2, values_only=True) if row[1]}
    assert lines["Hồ sơ xử lý trước hạn, đúng hạn"][4:9] == (5, 8, 62.5, 12.5, 20)
    assert lines["Hồ sơ trực tuyến"][4:9] == (1, 7, 14.29, 3.43, 12)
    assert lines["Thủ tục hành chính công bố đúng hạn"][4:9] == (None, None, None, None, 6)
    answer = leader.get(f"/api/v1/reports?{QUERY}").get_json()["indicators"]
    assert (answer["points"], answer["measured_maximum"]) == (36.9, 78)
    progress = next(g for g in answer["groups"] if g["key"] == "progress")
    assert progress["indicators"][0]["numerator"] == 5 and progress["maximum"] == 20


def test_dossiers_run_through_the_steps_are_judged_as_the_method_says(runtime: Runtime, clock: FixedClock) -> None:
    """End to end: one supplement moves the appointment by the citizen's time (on time although returned after
    the first appointment); two supplements make a dossier late although it was returned early."""
    desk, calendar = Desk(runtime), runtime.pack.calendar

    def working_days(n: int) -> None:
        day = clock.now().date()
        for _ in range(n):
            day = calendar.next_working_day(day)
        clock.set(datetime.combine(day, clock.now().timetz()))

    def supplement() -> None:
        desk.do("chuyenvien.longan", "Thẩm định hồ sơ", ASK_SUPPLEMENT)
        working_days(3)
        desk.do("tiepnhan.longan", "Tiếp nhận hồ sơ bổ sung", SUPPLEMENT_DATA)

    once = desk.start("tiepnhan.longan", "80001")
    desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ", receive_data(), once)
    first_appointment = desk.dossier(once).dossier.due_at
    supplement()
    working_days(9)  # past the first appointment, within the one the supplement moved
    desk.do("chuyenvien.longan", "Thẩm định hồ sơ", VERIFY, once)
    desk.do("lanhdao.longan", "Phê duyệt kết quả", SIGN, once)
    desk.do("tiepnhan.longan", "Trả kết quả cho công dân", RETURN_DATA, once)
    assert clock.now() > first_appointment and desk.dossier(once).dossier.timeliness in ("early", "on_time")

    twice = desk.start("tiepnhan.longan", "80001")
    desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ", receive_data(), twice)
    supplement()
    supplement()
    desk.do("chuyenvien.longan", "Thẩm định hồ sơ", VERIFY, twice)
    desk.do("lanhdao.longan", "Phê duyệt kết quả", SIGN, twice)
    desk.do("tiepnhan.longan", "Trả kết quả cho công dân", RETURN_DATA, twice)
    assert desk.dossier(twice).dossier.timeliness == "early"

    request = reports.parse_request(runtime, {"from": "2025-11-01", "to": clock.now().date().isoformat()})
    behind = indicators.behind(runtime, desk.user_id("lanhdao.longan"), request, "on_time")
    assert [(m.dossier_id, m.counted) for m in behind.dossiers] == [(once, True), (twice, False)]
    assert (behind.result.numerator, behind.result.denominator, behind.result.points) == (1, 2, 10.0)


def test_an_indicator_the_pack_cannot_count_says_why(app: Flask, june: dict) -> None:
    page = Clerk(app, "lanhdao.longan").get(f"/bao-cao/chi-so/published_on_time?{QUERY}").get_data(as_text=True)
    assert 'id="indicator-missing"' in page and "Cơ sở dữ liệu quốc gia về thủ tục hành chính" in page
    assert 'id="indicator-dossiers"' not in page


def test_the_dossiers_asked_twice_are_read_from_the_index_of_requests(runtime: Runtime, june: dict) -> None:
    """The partial index's condition is the query's, word for word: a change to either (the payment wait's words,
    how SQLAlchemy writes the JSON look-up) would leave the index unused and a province's year several times
    slower, silently. Table scans are ruled out, so the planner takes the index if it can use it at all."""
    if runtime.db.dialect.name != "postgresql":
        pytest.skip("a PostgreSQL index (SQLite cannot match a partial index against bound values): runs in the "
                    "PostgreSQL pass")
    query = select(func.count()).select_from(asked_twice(datetime(2025, 7, 1, tzinfo=VN_TZ)).subquery())
    with runtime.db.connect() as connection:
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
        connection.exec_driver_sql("SET LOCAL enable_bitmapscan = off")
        statement = query.compile(connection)
        plan = "\n".join(row[0] for row in connection.exec_driver_sql("EXPLAIN " + str(statement),
                                                                        statement.params))
        asked = connection.scalar(query)
    assert "ix_events_supplement_requests" in plan, plan
    assert asked == 1  # D3, asked twice in June (tests/support/indicator_data.py)
