"""Citizens told by e-mail and SMS: written with the step that causes them, sent by the worker to a real local SMTP
server and an SMS gateway, retried when those fail, never holding up the dossier."""
from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from flask import Flask

from features.steps.land_change import ASK_SUPPLEMENT, RETURN_DATA, SIGN, SUPPLEMENT_DATA, VERIFY, receive, receive_data
from motcua.domain.clock import FixedClock
from motcua.services import citizen_notices, online, queries, worker
from motcua.services.citizen_notices import Senders
from motcua.services.errors import Forbidden, InvalidSubmission
from motcua.services.mailer import SmtpMailer
from motcua.services.runtime import Runtime
from motcua.services.sms import SmsGateway
from motcua.store.models import CitizenNotice
from motcua.trial.desk import Desk
from tests.support.relays import MailRelay, SmsGatewayStub
from tests.support.web import Clerk

CODE = "000.00.31.H53-251124-0001"
BOTH = {"notify_by": "both", "applicant_email": "hoa@example.vn"}
STOP = {"decision": "stop", "stop_ground": "withdrawn", "stop_reason": "Công dân có đơn xin rút hồ sơ"}


@pytest.fixture
def relay() -> Iterator[MailRelay]:
    started = MailRelay().start()
    yield started
    started.stop()


@pytest.fixture
def gateway() -> Iterator[SmsGatewayStub]:
    stub = SmsGatewayStub()
    yield stub
    stub.stop()


@pytest.fixture
def desk(runtime: Runtime) -> Desk:
    return Desk(runtime)


def senders(relay: MailRelay, gateway: SmsGatewayStub) -> Senders:
    return Senders(email=SmtpMailer(relay.url, "Trung tâm Phục vụ hành chính công <no-reply@longan.example.vn>"),
                   sms=SmsGateway(gateway.url, "sms-token", sender="MOTCUA"))


def rows(runtime: Runtime, dossier_id: int) -> list[CitizenNotice]:
    """The dossier's notice rows, detached as read (the unit of work's rollback would expire them)."""
    with runtime.uow() as uow:
        found = list(uow.citizen_notices.for_dossier(dossier_id))
        uow.session.expunge_all()
        return found


def test_a_land_change_walked_to_its_return_tells_the_citizen_by_mail_and_sms(
        desk: Desk, runtime: Runtime, clock: FixedClock, relay: MailRelay, gateway: SmsGatewayStub) -> None:
    ways = senders(relay, gateway)
    dossier = desk.start("tiepnhan.longan", "80001")
    desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ", {**receive_data(), **BOTH})
    assert [(n.event, n.channel, n.recipient) for n in rows(runtime, dossier)] == [
        ("received", "email", "hoa@example.vn"), ("received", "sms", "0912345678")]
    assert relay.received == [] and gateway.posts == []  # nothing is sent inside the clerk's step

    assert worker.one_round(runtime, None, notices=ways).notices_sent == 2
    mail = relay.received[0]
    assert mail["Subject"] == f"Hồ sơ {CODE} đã được tiếp nhận" and mail["To"] == "hoa@example.vn"
    assert mail["From"].addresses[0].display_name == "Trung tâm Phục vụ hành chính công"
    assert mail.get_content_type() == "text/plain" and mail.get_content_charset() == "utf-8"
    assert b"=?utf-8?" in relay.raw[0].split(b"\r\n\r\n")[0]  # the Vietnamese subject is RFC 2047-encoded
    body = mail.get_content()
    assert "Kính gửi ông/bà Nguyễn Thị Hoa" in body and "Ngày hẹn trả kết quả: 08/12/2025" in body
    assert f"/tra-cuu?ma={CODE}" in body
    assert mail["Message-ID"].startswith("<motcua-notice-")
    assert gateway.texts() == [f"Ho so {CODE} da duoc tiep nhan ngay 24/11/2025, hen tra ket qua ngay 08/12/2025."]
    assert gateway.headers[0]["Authorization"] == "Bearer sms-token" and gateway.posts[0]["to"] == "0912345678"
    assert gateway.posts[0]["sender"] == "MOTCUA"

    clock.set(datetime(2025, 11, 26, 10, 0))
    desk.do("chuyenvien.longan", "Thẩm định hồ sơ", ASK_SUPPLEMENT)
    clock.set(datetime(2025, 12, 1, 10, 0))
    desk.do("tiepnhan.longan", "Tiếp nhận hồ sơ bổ sung", SUPPLEMENT_DATA)
    desk.do("chuyenvien.longan", "Thẩm định hồ sơ", VERIFY)
    desk.do("lanhdao.longan", "Phê duyệt kết quả", SIGN)
    desk.do("tiepnhan.longan", "Trả kết quả cho công dân", RETURN_DATA)
    assert [n.event for n in rows(runtime, dossier)] == ["received"] * 2 + ["supplement"] * 2 + ["result_ready"] * 2

    worker.one_round(runtime, None, notices=ways)
    assert [m["Subject"] for m in relay.received] == [
        f"Hồ sơ {CODE} đã được tiếp nhận", f"Hồ sơ {CODE} cần bổ sung, hoàn thiện", f"Hồ sơ {CODE} đã có kết quả"]
    assert "Bổ sung trích lục bản đồ địa chính thửa đất số 215." in relay.received[1].get_content()
    assert "Mời ông/bà đến nhận tại Bộ phận Một cửa, Phường Long An" in relay.received[2].get_content()
    assert gateway.texts()[1:] == [
        f"Ho so {CODE} can bo sung: Bo sung trich luc ban do dia chinh thua dat so 215.. Lien he Bo phan Mot cua.",
        f"Ho so {CODE} da co ket qua. Moi nhan tai Bo phan Mot cua, Phuong Long An."]
    assert all(len(text) <= 160 for text in gateway.texts())
    assert all(n.delivered_at is not None for n in rows(runtime, dossier))


def test_a_stop_and_a_late_apology_are_told(desk: Desk, runtime: Runtime, clock: FixedClock, relay: MailRelay,
                                            gateway: SmsGatewayStub) -> None:
    stopped = desk.start("tiepnhan.longan", "80001")
    desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ", {**receive_data(), "notify_by": "sms"})
    desk.do("chuyenvien.longan", "Thẩm định hồ sơ", VERIFY)
    desk.do("lanhdao.longan", "Phê duyệt kết quả", STOP)
    late = desk.start("tiepnhan.longan", "80001")
    desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ", {**receive_data(), "applicant_email": "an@example.vn",
                                                              "notify_by": "email"})
    clock.set(datetime(2025, 12, 9, 9, 0))  # the day after the appointment
    desk.do("chuyenvien.longan", "Thẩm định hồ sơ", VERIFY)
    desk.do("lanhdao.longan", "Phê duyệt kết quả", SIGN)
    desk.do("lanhdao.longan", "Lập phiếu xin lỗi, hẹn lại ngày trả",
            {"delay_reason": "Phải xác minh ranh giới thửa đất", "new_due_date": "2025-12-11"})

    worker.one_round(runtime, None, notices=senders(relay, gateway))
    assert [(n.event, n.channel) for n in rows(runtime, late)] == [("received", "email"), ("result_ready", "email"),
                                                                  ("apology", "email")]
    assert [(n.event, n.channel) for n in rows(runtime, stopped)] == [("received", "sms"), ("stopped", "sms")]
    assert gateway.texts()[1] == f"Ho so {CODE} da dung giai quyet. Ly do: Cong dan co don xin rut ho so."
    assert [m["Subject"] for m in relay.received] == [
        "Hồ sơ 000.00.31.H53-251124-0002 đã được tiếp nhận", "Hồ sơ 000.00.31.H53-251124-0002 đã có kết quả",
        "Xin lỗi về việc trễ hạn hồ sơ 000.00.31.H53-251124-0002"]
    apology = relay.received[2].get_content()
    assert "Lý do: Phải xác minh ranh giới thửa đất" in apology and "Ngày hẹn trả kết quả mới: 11/12/2025" in apology
    assert "chưa được giải quyết đúng hạn 08/12/2025" in apology


def test_a_citizen_who_chose_none_is_not_told(desk: Desk, runtime: Runtime) -> None:
    dossier = desk.start("tiepnhan.longan", "80001")
    desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ", receive_data())  # the form's default: none
    assert rows(runtime, dossier) == []


def test_a_failing_relay_never_blocks_the_step_and_the_notice_arrives_once_it_recovers(
        desk: Desk, runtime: Runtime, gateway: SmsGatewayStub) -> None:
    relay = MailRelay()  # not started: the relay is down
    gateway.failing = 2
    ways = senders(relay, gateway)
    dossier = desk.start("tiepnhan.longan", "80001")
    desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ", {**receive_data(), **BOTH})
    assert desk.dossier(dossier).dossier.status == "processing"
    wall = FixedClock(datetime(2026, 1, 5, 9, 0))

    first = citizen_notices.deliver_pending(runtime, ways, clock=wall)
    assert (first.delivered, first.failed) == (0, 2)
    assert citizen_notices.deliver_pending(runtime, ways, clock=wall).failed == 0  # both wait for their backoff
    email, sms = rows(runtime, dossier)
    assert email.attempts == 1 and "relay unreachable" in (email.last_error or "") and email.failed_at is None
    assert sms.last_error == "SMS gateway answered HTTP 503"

    desk.do("chuyenvien.longan", "Thẩm định hồ sơ", VERIFY)  # the dossier goes on meanwhile
    relay.start()
    try:
        wall.advance(timedelta(minutes=10))
        again = citizen_notices.deliver_pending(runtime, ways, clock=wall)
        assert again.failed == 1  # the gateway's second refusal
        wall.advance(timedelta(minutes=10))
        citizen_notices.deliver_pending(runtime, ways, clock=wall)
    finally:
        relay.stop()
    assert [m["Subject"] for m in relay.received] == [f"Hồ sơ {CODE} đã được tiếp nhận"]
    assert len(gateway.texts()) == 1 and len(gateway.posts) == 3
    assert {(n.channel, n.attempts) for n in rows(runtime, dossier)} == {("email", 1), ("sms", 2)}
    assert all(n.delivered_at for n in rows(runtime, dossier))


def test_a_mailbox_refused_for_good_waits_for_an_administrator_and_holds_nothing_up(
        app: Flask, desk: Desk, runtime: Runtime, clock: FixedClock, relay: MailRelay, gateway: SmsGatewayStub) -> None:
    relay.bounce = {"khong-co@example.vn"}
    ways = senders(relay, gateway)
    dossier = desk.start("tiepnhan.longan", "80001")
    desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ",
            {**receive_data(), "notify_by": "email", "applicant_email": "khong-co@example.vn"})
    citizen_notices.deliver_pending(runtime, ways)
    [refused] = rows(runtime, dossier)
    assert refused.failed_at is not None and "550" in (refused.last_error or "")
    clock.set(datetime(2025, 11, 26, 10, 0))
    desk.do("chuyenvien.longan", "Thẩm định hồ sơ", ASK_SUPPLEMENT)
    assert citizen_notices.deliver_pending(runtime, ways).failed == 1  # the next notice is tried: not held up

    admin = desk.user_id("quantri.longan")
    shown = citizen_notices.failing(runtime, admin)
    assert [(n.dossier_code, n.event, n.state) for n in shown] == [(CODE, "received", "failed"),
                                                                   (CODE, "supplement", "failed")]
    with pytest.raises(Forbidden):
        citizen_notices.failing(runtime, desk.user_id("tiepnhan.longan"))
    page = Clerk(app, "quantri.longan")
    listed = page.get("/quan-tri/thong-bao-cong-dan/").text
    assert CODE in listed and "Không gửi được" in listed and "550 5.1.1 No such mailbox" in listed
    relay.bounce = set()  # the address was corrected at the relay
    retried = page.submit(f"/quan-tri/thong-bao-cong-dan/{shown[0].id}/gui-lai", {},
                          token_from="/quan-tri/thong-bao-cong-dan/")
    assert retried.status_code == 302
    assert citizen_notices.deliver_pending(runtime, ways).delivered == 1
    assert [m["To"] for m in relay.received] == ["khong-co@example.vn"]


def test_the_dossier_page_shows_what_was_sent_by_which_channel_and_what_failed(
        app: Flask, runtime: Runtime, relay: MailRelay) -> None:
    reception = Clerk(app, "tiepnhan.longan")
    task = reception.submit("/dossiers/new", {"unit": "80001", "procedure": "land_change"}).location
    missing_email = reception.submit(task, {**receive(), "notify_by": "email"})
    assert missing_email.status_code == 422 and "Thư điện tử" in missing_email.text  # asked for, named
    page = reception.submit(task, {**receive(), **BOTH}).location
    citizen_notices.deliver_pending(runtime, Senders(email=SmtpMailer(relay.url, "no-reply@longan.example.vn")))
    html = reception.get(page).text
    assert "Thông báo cho công dân" in html
    assert "hoa@example.vn" in html and "0912345678" in html
    assert "Đã gửi" in html and "Chờ gửi" in html  # the e-mail went, the SMS waits for a gateway
    assert f"Hồ sơ {CODE} đã được tiếp nhận" in html

    admin = Clerk(app, "quantri.longan")
    assert "Không có thông báo nào gửi lỗi" in admin.get("/quan-tri/thong-bao-cong-dan/").text


def test_a_citizen_chooses_online_how_to_be_told_and_is_told_once_received(
        app: Flask, desk: Desk, runtime: Runtime) -> None:
    page = Clerk(app).get("/thu-tuc/land_change/nop-truc-tuyen").text
    assert 'name="notify_by"' in page and "Nhận thông báo về hồ sơ qua" in page
    land = {"applicant_name": "Lê Văn Tâm", "applicant_id_number": "080190001234", "applicant_phone": "0987654321",
            "parcel_number": "125", "map_sheet": "12", "parcel_unit": "80001", "change_type": "transfer"}
    with pytest.raises(InvalidSubmission) as refused:
        online.submit(runtime, "land_change", "80001", {**land, "notify_by": "both"})
    assert [e.field for e in refused.value.errors] == ["applicant_email"]
    sent = online.submit(runtime, "land_change", "80001", {**land, "notify_by": "both", "applicant_email": "tam@example.vn"})
    assert rows(runtime, sent.dossier_id) == []  # told when a clerk receives it, not before
    view = queries.task_view(runtime, desk.user_id("tiepnhan.longan"),
                             next(t.task_id for t in queries.inbox(runtime, desk.user_id("tiepnhan.longan"))
                                  if t.dossier.id == sent.dossier_id))
    assert view.prefill["notify_by"] == "both"
    desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ", {**receive_data(), **view.prefill}, sent.dossier_id)
    assert [(n.channel, n.recipient) for n in rows(runtime, sent.dossier_id)] == [("email", "tam@example.vn"),
                                                                                ("sms", "0987654321")]


def test_two_workers_never_send_the_same_notice(desk: Desk, runtime: Runtime, gateway: SmsGatewayStub) -> None:
    for _ in range(15):
        desk.start("tiepnhan.longan", "80001")
        desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ", {**receive_data(), "notify_by": "sms"})
    ways = Senders(sms=SmsGateway(gateway.url))
    reports = []
    workers = [threading.Thread(target=lambda: reports.append(citizen_notices.deliver_pending(runtime, ways)))
               for _ in range(2)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join(timeout=60)
    assert sum(r.delivered for r in reports) == 15 and len(gateway.posts) == 15
    assert len({h["Idempotency-Key"] for h in gateway.headers}) == 15
