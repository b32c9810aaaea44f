"""The postal channel through the clerk's pages: papers received by post with their item number, a result sent
back by post with the address, item number and hand-over date, the citizen's lookup, and the report counting
both under the national channel codes. Wrong item numbers are refused naming the field, with nothing lost."""
from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

from flask import Flask
from sqlalchemy import select

from features.steps.land_change import RECEIVE, RETURN, SIGN, VERIFY
from motcua.domain.clock import FixedClock
from motcua.services import citizen, report_export, reports
from motcua.services.runtime import Runtime
from motcua.store.models import Dossier, Event
from tests.integration.test_land_change_web import complete, only_task
from tests.support.web import Clerk

ITEM = "EB000717595HK"  # the S10 example: serial 00071759, check digit 5
MISTYPED = "EB000717594HK"  # the same number with a wrong check digit


def dossiers(runtime: Runtime) -> list[SimpleNamespace]:
    """The register's rows as plain values, readable after their session closed."""
    with runtime.uow() as uow:
        return [SimpleNamespace(**{c.key: getattr(d, c.key) for c in Dossier.__table__.columns})
                for d in uow.session.scalars(select(Dossier).order_by(Dossier.id))]


def start_by_post(clerk: Clerk, item: str) -> object:
    return clerk.submit("/dossiers/new", {"unit": "80001", "procedure": "land_change", "channel": "postal",
                                          "postal_item": item})


def test_a_wrong_postal_item_number_at_reception_is_refused_naming_the_field(app: Flask, runtime: Runtime) -> None:
    reception = Clerk(app, "tiepnhan.longan")
    for typed, words in ((MISTYPED, "sai chữ số kiểm tra"), ("EB12345VN", "không đúng định dạng"),
                         ("", "cần số hiệu bưu gửi")):
        page = start_by_post(reception, typed)
        assert page.status_code == 422 and words in page.text, typed
        assert 'id="start-error"' in page.text and 'aria-invalid="true"' in page.text
        assert f'name="postal_item" value="{typed}"' in page.text  # what was typed stays, to be corrected
        assert 'value="postal" checked' in page.text
    assert dossiers(runtime) == []  # nothing was opened
    assert reception.submit("/dossiers/new", {"unit": "80001", "procedure": "land_change",
                                              "channel": "pigeon"}).status_code == 422


def test_received_by_post_returned_by_post_and_counted_under_channel_3(app: Flask, runtime: Runtime,
                                                                      clock: FixedClock) -> None:
    reception, specialist, leader = (Clerk(app, f"{role}.longan") for role in ("tiepnhan", "chuyenvien", "lanhdao"))
    opened = start_by_post(reception, "eb 000717595 hk")  # as read off the envelope: spaces, lower case
    assert opened.status_code == 302
    complete(reception, opened.location, RECEIVE)
    clock.advance(timedelta(days=1))
    complete(specialist, only_task(specialist, "Thẩm định hồ sơ"), VERIFY)
    complete(leader, only_task(leader, "Phê duyệt kết quả"), SIGN)
    clock.advance(timedelta(days=1))

    task = only_task(reception, "Trả kết quả cho công dân")
    by_post = {**RETURN, "return_channel": "postal", "postal_address": "Số 12 Nguyễn Trung Trực, Phường Long An",
               "postal_item": MISTYPED, "posted_on": clock.now().strftime("%d/%m/%Y")}
    refused = reception.submit(task, by_post)
    assert refused.status_code == 422 and "Giá trị không đúng định dạng" in refused.text and "UPU S10" in refused.text
    assert "Số 12 Nguyễn Trung Trực" in refused.text  # the address typed is still there
    missing = reception.submit(task, {**by_post, "postal_address": "", "postal_item": ITEM})
    assert missing.status_code == 422 and "Vui lòng nhập trường này." in missing.text
    complete(reception, task, {**by_post, "postal_item": ITEM})

    [dossier] = dossiers(runtime)
    assert (dossier.channel, dossier.postal_item, dossier.status) == ("postal", ITEM, "returned")
    assert (dossier.result_channel, dossier.result_postal_item, dossier.result_posted_on) == \
        ("postal", ITEM, date(2025, 11, 26))
    assert dossier.result_postal_address == "Số 12 Nguyễn Trung Trực, Phường Long An"
    with runtime.uow() as uow:
        events = {e.kind: e.detail for e in uow.session.scalars(select(Event).where(Event.dossier_id == dossier.id))}
    assert events["dossier.started"]["postal_item"] == ITEM and events["dossier.returned"]["channel"] == "postal"

    found = citizen.lookup(runtime, dossier.code.lower(), "5678")
    assert found is not None and found.code == dossier.code and found.result_postal_item == ITEM
    page = reception.submit("/tra-cuu", {"ma": dossier.code, "so": "5678"})
    assert f"Số hiệu bưu gửi {ITEM}, giao bưu chính ngày 26/11/2025" in page.text

    with runtime.uow() as uow:
        leader_id = uow.users.by_username("lanhdao.longan").id
    report = reports.build(runtime, leader_id, reports.ReportRequest(date(2025, 11, 1), date(2025, 11, 30)))
    assert (report.total.received, report.total.received_in_person, report.total.received_online,
            report.total.received_postal, report.total.returned_by_post) == (1, 0, 0, 1, 1)
    csv = report_export.to_csv(report).decode("utf-8-sig").splitlines()
    assert "Trong đó qua bưu chính (kênh 3)" in csv[0] and "Trả kết quả qua bưu chính" in csv[0]
    assert report.as_json()["total"]["received_postal"] == 1


def test_a_result_handed_over_at_the_counter_is_not_counted_as_posted(app: Flask, runtime: Runtime,
                                                                      clock: FixedClock) -> None:
    reception, specialist, leader = (Clerk(app, f"{role}.longan") for role in ("tiepnhan", "chuyenvien", "lanhdao"))
    opened = reception.submit("/dossiers/new", {"unit": "80001", "procedure": "land_change", "channel": "counter",
                                                "postal_item": "ignored for the counter"})
    complete(reception, opened.location, RECEIVE)
    complete(specialist, only_task(specialist, "Thẩm định hồ sơ"), VERIFY)
    complete(leader, only_task(leader, "Phê duyệt kết quả"), SIGN)
    complete(reception, only_task(reception, "Trả kết quả cho công dân"), RETURN)
    [dossier] = dossiers(runtime)
    assert (dossier.channel, dossier.postal_item, dossier.result_channel, dossier.result_postal_item) == \
        ("counter", None, "counter", None)
    with runtime.uow() as uow:
        leader_id = uow.users.by_username("lanhdao.longan").id
    total = reports.build(runtime, leader_id, reports.ReportRequest(date(2025, 11, 1), date(2025, 11, 30))).total
    assert (total.received_in_person, total.received_postal, total.returned_by_post) == (1, 0, 0)
