"""The land-change dossier driven through the web UI by the staff of a ward."""
from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from flask import Flask

from features.steps.land_change import RECEIVE, RETURN, SEND_BACK, SIGN, VERIFY
from motcua.domain.clock import FixedClock
from motcua.services.runtime import Runtime
from motcua.web import create_app
from tests.support.web import Clerk


def start(clerk: Clerk, unit: str = "80001") -> str:
    response = clerk.submit("/dossiers/new", {"unit": unit, "procedure": "land_change"})
    assert response.status_code == 302 and response.location.startswith("/tasks/")
    return response.location


def only_task(clerk: Clerk, title: str) -> str:
    tasks = clerk.inbox_tasks()
    assert [t for _, t in tasks] == [title], tasks
    return tasks[0][0]


def complete(clerk: Clerk, task: str, data: dict) -> str:
    response = clerk.submit(task, data)
    assert response.status_code == 302, re.findall(r'class="error"[^>]*>([^<]*)', response.text)
    return response.location


def test_three_staff_take_a_dossier_from_receipt_to_return(app: Flask, runtime: Runtime, clock: FixedClock) -> None:
    reception = Clerk(app, "tiepnhan.longan")
    specialist = Clerk(app, "chuyenvien.longan")
    leader = Clerk(app, "lanhdao.longan")

    dossier_page = complete(reception, start(reception), RECEIVE)
    page = reception.get(dossier_page).text
    code = re.search(r"<h1>Hồ sơ (\S+)</h1>", page).group(1)
    assert code == "000.00.31.H53-251124-0001"
    assert "08/12/2025 17:00" in page  # 10 working days after a Monday-morning receipt, at closing time

    assert reception.inbox_tasks() == []
    clock.advance(timedelta(days=2))
    complete(specialist, only_task(specialist, "Thẩm định hồ sơ"), VERIFY)
    complete(leader, only_task(leader, "Phê duyệt kết quả"), SEND_BACK)
    complete(specialist, only_task(specialist, "Thẩm định hồ sơ"), VERIFY)
    complete(leader, only_task(leader, "Phê duyệt kết quả"), SIGN)
    clock.advance(timedelta(days=1))
    page = reception.get(complete(reception, only_task(reception, "Trả kết quả cho công dân"), RETURN)).text

    assert "Đã trả kết quả" in page and "Trước hạn" in page
    history = re.findall(r"<td>[0-9/: ]+</td><td>([^<]+)</td><td>([^<]*)</td>", page)
    done = [(what, who) for what, who in history if what.startswith("Hoàn thành bước")]
    assert [who for _, who in done] == [
        "Cán bộ tiếp nhận Phường Long An", "Chuyên viên Phường Long An", "Lãnh đạo Phường Long An",
        "Chuyên viên Phường Long An", "Lãnh đạo Phường Long An", "Cán bộ tiếp nhận Phường Long An",
    ]
    for clerk in (reception, specialist, leader):
        assert clerk.inbox_tasks() == []


def test_a_clerk_of_another_ward_neither_sees_nor_acts(app: Flask) -> None:
    reception_a = Clerk(app, "tiepnhan.longan")
    dossier_page = complete(reception_a, start(reception_a), RECEIVE)
    specialist_a = Clerk(app, "chuyenvien.longan")
    task = only_task(specialist_a, "Thẩm định hồ sơ")

    specialist_b = Clerk(app, "chuyenvien.kientuong")
    assert specialist_b.inbox_tasks() == []
    assert specialist_b.get(task).status_code == 403
    forged = specialist_b.client.post(task, data={**VERIFY, "csrf_token": specialist_b.token("/")})
    assert forged.status_code == 403
    assert specialist_b.get(dossier_page).status_code == 404
    assert "000.00.31.H53-" not in specialist_b.get("/register").text
    reception_b = Clerk(app, "tiepnhan.kientuong")
    assert reception_b.client.post("/dossiers/new", data={
        "unit": "80001", "procedure": "land_change", "csrf_token": reception_b.token("/dossiers/new"),
    }).status_code == 403
    assert only_task(specialist_a, "Thẩm định hồ sơ") == task  # the forged post changed nothing


def test_the_app_restarts_halfway_and_the_dossier_finishes(app: Flask, runtime: Runtime, database_url: str,
                                                            clock: FixedClock, instance_dir: Path) -> None:
    reception = Clerk(app, "tiepnhan.longan")
    complete(reception, start(reception), RECEIVE)
    complete(Clerk(app, "chuyenvien.longan"), only_task(Clerk(app, "chuyenvien.longan"), "Thẩm định hồ sơ"), VERIFY)

    runtime.db.dispose()
    restarted = create_app({"DATABASE_URL": database_url, "CLOCK": clock, "TESTING": True, "SECRET_KEY": "other",
                            "RUNTIME_OPTIONS": {"instance_dir": instance_dir, "secret": "test-secret"}})
    try:
        leader = Clerk(restarted, "lanhdao.longan")
        complete(leader, only_task(leader, "Phê duyệt kết quả"), SIGN)
        reception = Clerk(restarted, "tiepnhan.longan")
        page = reception.get(complete(reception, only_task(reception, "Trả kết quả cho công dân"), RETURN)).text
        assert "Đã trả kết quả" in page
    finally:
        restarted.extensions["motcua"].db.dispose()


def test_invalid_input_is_shown_by_field_and_nothing_typed_is_lost(app: Flask) -> None:
    reception = Clerk(app, "tiepnhan.longan")
    task = start(reception)
    response = reception.submit(task, {**RECEIVE, "applicant_id_number": "12345", "applicant_phone": ""})
    assert response.status_code == 422
    page = response.text
    assert re.search(r'id="f_applicant_id_number_err">Giá trị không đúng định dạng\. \(12 chữ số\)<', page)
    assert re.search(r'id="f_applicant_phone_err">Vui lòng nhập trường này\.<', page)
    assert 'value="12345"' in page and 'value="Nguyễn Thị Hoa"' in page and 'value="215"' in page
    assert f'href="{task}"' in reception.get("/").text  # among the clerk's intakes in progress


def test_a_task_done_twice_is_refused_the_second_time(app: Flask) -> None:
    reception = Clerk(app, "tiepnhan.longan")
    complete(reception, start(reception), RECEIVE)
    first, second = Clerk(app, "chuyenvien.longan"), Clerk(app, "chuyenvien.longan")
    task = only_task(first, "Thẩm định hồ sơ")
    token = second.token(task)
    complete(first, task, VERIFY)
    late = second.client.post(task, data={**VERIFY, "csrf_token": token})
    assert late.status_code == 409
    assert "Bước “Thẩm định hồ sơ” đã được Chuyên viên Phường Long An hoàn thành lúc 24/11/2025 08:30." in late.text
    assert Clerk(app, "lanhdao.longan").inbox_tasks()[0][1] == "Phê duyệt kết quả"
    assert len(Clerk(app, "lanhdao.longan").inbox_tasks()) == 1


def test_forms_without_a_csrf_token_are_refused(app: Flask) -> None:
    reception = Clerk(app, "tiepnhan.longan")
    response = reception.client.post("/dossiers/new", data={"unit": "80001", "procedure": "land_change"})
    assert response.status_code == 400
    assert "Chưa có hồ sơ." in reception.get("/register").text


def test_wrong_password_is_refused_and_english_is_one_click_away(app: Flask) -> None:
    visitor = Clerk(app)
    assert visitor.submit("/login", {"username": "tiepnhan.longan", "password": "nope"}).status_code == 401
    clerk = Clerk(app, "tiepnhan.longan")
    assert "Việc cần làm" in clerk.get("/").text
    clerk.submit("/lang/en", {"next": "/"}, token_from="/")
    page = clerk.get("/").text
    assert "My tasks" in page and "Việc cần làm" not in page
