"""The counter queue's pages through the web client: kiosk and display without signing in, the clerk's
counter with CSRF-protected forms, the report page and its JSON."""
from __future__ import annotations

import re
from datetime import timedelta

from flask import Flask

from motcua.domain.clock import FixedClock
from tests.support.web import Clerk

LONG_AN = "80001"


def take_number(citizen: Clerk, letter: str) -> tuple[str, str]:
    response = citizen.submit(f"/xep-hang/{LONG_AN}", {"group": letter})
    assert response.status_code == 302, response.text
    ticket = citizen.get(response.headers["Location"])
    return response.headers["Location"], re.search(r'id="ticket-number">([^<]+)<', ticket.text).group(1)


def test_a_citizen_takes_a_number_at_the_kiosk_and_the_display_shows_its_call(app: Flask, clock: FixedClock) -> None:
    citizen = Clerk(app)
    kiosk = citizen.get(f"/xep-hang/{LONG_AN}")
    assert kiosk.status_code == 200 and "Phường Long An" in kiosk.text and "Hộ tịch" in kiosk.text
    assert citizen.client.post(f"/xep-hang/{LONG_AN}", data={"group": "A"}).status_code == 400  # no CSRF token

    location, number = take_number(citizen, "A")
    assert number == "A-001" and "print=1" in location
    page = citizen.get(location).text
    assert "Đất đai" in page and "24/11/2025 08:30" in page and 'id="ahead">0<' in page
    assert take_number(citizen, "A")[1] == "A-002"

    clerk = Clerk(app, "tiepnhan.longan")
    clerk.submit("/quay/mo", {"unit": LONG_AN, "counter": "2", "groups": ["A", "B"]}, token_from="/quay")
    clock.advance(timedelta(minutes=4))
    clerk.submit("/quay/goi", {"unit": LONG_AN, "ticket": ""}, token_from="/quay")
    counter = clerk.get(f"/quay?unit={LONG_AN}").text
    assert 'id="current-number">A-001<' in counter

    shown = citizen.get(f"/api/v1/queue/{LONG_AN}/display").get_json()
    assert shown["calls"][0] | {"at": None} == {"number": "A-001", "group": "Đất đai", "counter": 2, "at": None,
                                                 "calls": 1, "status": "called"}
    assert shown["waiting"]["A"] == 1 and shown["counters"] == [{"counter": 2, "serving": "A-001"}]
    display = citizen.get(f"/man-hinh/{LONG_AN}").text
    assert 'id="latest-number">A-001<' in display and 'id="latest-counter">2<' in display
    assert citizen.get("/api/v1/queue/nowhere/display").status_code == 404


def test_out_of_hours_the_kiosk_says_when_it_issues_numbers(app: Flask, clock: FixedClock) -> None:
    clock.advance(timedelta(hours=9))  # 17:30
    response = Clerk(app).submit(f"/xep-hang/{LONG_AN}", {"group": "A"})
    assert response.status_code == 409 and "từ 07:30 đến 17:00" in response.text


def test_the_counter_form_refuses_by_field_and_only_reception_clerks_use_it(app: Flask) -> None:
    clerk = Clerk(app, "tiepnhan.longan")
    refused = clerk.submit("/quay/mo", {"unit": LONG_AN, "counter": "abc"}, token_from="/quay")
    assert refused.status_code == 422
    assert "Số quầy từ 1 đến 99." in refused.text and "Chọn ít nhất một nhóm dịch vụ." in refused.text
    assert 'value="abc"' in refused.text  # what was typed is kept
    assert Clerk(app, "chuyenvien.longan").get("/quay").status_code == 403
    taken = Clerk(app, "tiepnhan.kientuong").client.post("/quay/goi", data={"unit": LONG_AN})
    assert taken.status_code == 400  # no CSRF token: refused before anything else


def test_served_and_absent_tickets_reach_the_report_page_and_its_json(app: Flask, clock: FixedClock) -> None:
    citizen, clerk = Clerk(app), Clerk(app, "tiepnhan.longan")
    take_number(citizen, "A")
    take_number(citizen, "A")
    clerk.submit("/quay/mo", {"unit": LONG_AN, "counter": "1", "groups": ["A"]}, token_from="/quay")
    clock.advance(timedelta(minutes=6))
    clerk.submit("/quay/goi", {"unit": LONG_AN}, token_from="/quay")
    clock.advance(timedelta(minutes=9))
    clerk.submit("/quay/xong", {"unit": LONG_AN}, token_from="/quay")
    clerk.submit("/quay/goi", {"unit": LONG_AN}, token_from="/quay")
    clerk.submit("/quay/vang", {"unit": LONG_AN}, token_from="/quay")

    page = clerk.get(f"/quay/bao-cao?unit={LONG_AN}&tu=24/11/2025&den=24/11/2025")
    assert page.status_code == 200 and "Quầy 1" in page.text and "A · Đất đai" in page.text
    data = clerk.get(f"/api/v1/queue/{LONG_AN}/report?from=2025-11-24&to=2025-11-24").get_json()
    assert (data["total"]["tickets"], data["total"]["served"], data["total"]["no_show"]) == (2, 1, 1)
    assert data["by_counter"][0]["waiting_minutes"] == {"count": 2, "average": 10.5, "p90": 15.0, "max": 15.0}
    assert data["by_counter"][0]["service_minutes"] == {"count": 1, "average": 9.0, "p90": 9.0, "max": 9.0}

    bad = clerk.get(f"/quay/bao-cao?unit={LONG_AN}&tu=31/02/2025")
    assert bad.status_code == 422 and "Ngày không hợp lệ (dd/mm/yyyy)." in bad.text
    api_bad = clerk.get(f"/api/v1/queue/{LONG_AN}/report?from=2025-11-24&to=2025-11-01")
    assert api_bad.status_code == 400 and api_bad.get_json()["field"] == "to"
    assert citizen.get(f"/api/v1/queue/{LONG_AN}/report").status_code == 401
    assert Clerk(app, "chuyenvien.longan").get(f"/api/v1/queue/{LONG_AN}/report").status_code == 403


def test_the_kiosk_and_the_report_read_in_english_with_the_switch(app: Flask) -> None:
    clerk = Clerk(app, "tiepnhan.longan")
    clerk.submit("/lang/en", {"next": "/"}, token_from="/quay")
    assert "Touch the field of your matter to take a number" in clerk.get(f"/xep-hang/{LONG_AN}").text
    assert "Waiting time (minutes)" in clerk.get("/quay/bao-cao").text
    assert "Open a counter" in clerk.get("/quay").text
