"""Every unit that held a dossier keeps reading it (issue 18, point 1): the ward that decided a dossier received
elsewhere, or answered a 1022 feedback, still finds it in its register, marked as handed on with where it is
now, and opens it read-only; after a step a person lands on their next task, else on the dossier."""
from __future__ import annotations

import re

from flask import Flask

from features.steps.land_change import RECEIVE, RETURN, SIGN, VERIFY, receive
from motcua.services import feedback, people, queries
from motcua.services.runtime import Runtime
from motcua.trial.desk import Desk
from tests.integration.test_feedback_1022 import ANSWER, ANSWERED, APPROVE, NOTIFY, OPERATOR, REQUEST, ROUTE, classify
from tests.support.statements import captured
from tests.support.web import Clerk

LONG_AN, KIEN_TUONG = "80001", "80002"


def only_task(clerk: Clerk, title: str) -> str:
    tasks = [path for path, name in clerk.inbox_tasks() if name == title]
    assert len(tasks) == 1, clerk.inbox_tasks()
    return tasks[0]


def complete(clerk: Clerk, task: str, data: dict) -> str:
    response = clerk.submit(task, data)
    assert response.status_code == 302, re.findall(r'class="(?:error|flash error)"[^>]*>([^<]*)', response.text)
    return response.location


def register_row(clerk: Clerk, code: str) -> str:
    """The register's row of a dossier, as text."""
    rows = [row for row in re.findall(r"<tr[^>]*>(.*?)</tr>", clerk.get("/register").text, re.S) if code in row]
    assert len(rows) == 1, f"{code} is not in the register"
    return re.sub(r"<[^>]+>", " ", rows[0])


def test_the_ward_that_decided_keeps_the_dossier_read_only_after_it_goes_back(app: Flask) -> None:
    reception, specialist = Clerk(app, "tiepnhan.longan"), Clerk(app, "chuyenvien.kientuong")
    leader = Clerk(app, "lanhdao.kientuong")
    started = reception.submit("/dossiers/new", {"unit": LONG_AN, "procedure": "land_change"})
    page = reception.get(complete(reception, started.location, receive(parcel_unit=KIEN_TUONG))).text
    code = re.search(r"<h1>Hồ sơ (\S+)</h1>", page).group(1)

    complete(specialist, only_task(specialist, "Thẩm định hồ sơ"), VERIFY)
    landed = complete(leader, only_task(leader, "Phê duyệt kết quả"), SIGN)

    assert landed.startswith("/dossiers/")  # not the inbox, not a 404
    page = leader.get(landed)
    assert page.status_code == 200
    assert "Không tìm thấy" not in page.text and "nay ở Phường Long An" in page.text
    assert "Trả kết quả cho công dân" in page.text  # what is waiting, and where
    assert '<a href="/tasks/' not in page.text  # read-only: no task of theirs to open
    assert "Chuyển giao hồ sơ sang đơn vị khác" not in page.text
    for clerk in (leader, specialist):
        row = register_row(clerk, code)
        assert "Đã xử lý, đã chuyển đi" in row and "nay ở Phường Long An" in row
    row = register_row(reception, code)
    assert "Đã xử lý, đã chuyển đi" not in row  # Long An holds it now

    complete(reception, only_task(reception, "Trả kết quả cho công dân"), RETURN)
    assert "Đã trả kết quả" in register_row(leader, code)  # the decided dossier's end is seen where it was decided
    assert leader.get(landed).status_code == 200


def test_a_unit_that_never_held_a_dossier_still_cannot_read_it(app: Flask) -> None:
    reception, stranger = Clerk(app, "tiepnhan.longan"), Clerk(app, "chuyenvien.kientuong")
    started = reception.submit("/dossiers/new", {"unit": LONG_AN, "procedure": "land_change"})
    landed = complete(reception, started.location, RECEIVE)
    assert stranger.get(landed).status_code == 404
    assert register_row(reception, re.search(r"<h1>Hồ sơ (\S+)</h1>", reception.get(landed).text).group(1))


def test_a_person_lands_on_their_next_task_of_the_dossier(app: Flask, runtime: Runtime) -> None:
    """A reception clerk who also works as the specialist goes straight from receiving to verifying."""
    people.add_user(runtime, "hai.viec", "Cán bộ hai việc", "ban-tiep-dan-Song-Vam-2026",
                    [(LONG_AN, "reception"), (LONG_AN, "specialist")])
    clerk = Clerk(app, "hai.viec", password="ban-tiep-dan-Song-Vam-2026")
    started = clerk.submit("/dossiers/new", {"unit": LONG_AN, "procedure": "land_change"})
    landed = complete(clerk, started.location, RECEIVE)
    assert landed.startswith("/tasks/") and "Thẩm định hồ sơ" in clerk.get(landed).text


def test_a_posted_step_reads_its_form_and_lands_without_reading_the_page_or_the_dossier_again(
        app: Flask, runtime: Runtime) -> None:
    """The post is parsed against the task's form alone (the documents, papers and units the page shows beside it
    are not read), and where the person lands is decided in the step's own transaction."""
    reception, specialist = Clerk(app, "tiepnhan.longan"), Clerk(app, "chuyenvien.longan")
    started = reception.submit("/dossiers/new", {"unit": LONG_AN, "procedure": "land_change"})
    complete(reception, started.location, RECEIVE)
    task = only_task(specialist, "Thẩm định hồ sơ")
    token = specialist.token(task)
    with captured(runtime) as statements:
        answer = specialist.client.post(task, data={**VERIFY, "csrf_token": token})
    assert answer.status_code == 302 and answer.location.startswith("/dossiers/")
    reads = [s for s in statements if s.startswith("SELECT")]
    assert not [s for s in reads if re.match(r"SELECT (documents|dossier_papers|units)\.", s)], reads
    assert not [s for s in reads if s.startswith("SELECT dossiers.")], reads  # the landing reads nothing more
    sent = [s for s in statements if not s.startswith("BEGIN")]
    assert len(sent) <= 10, sent  # (15 before the post stopped reading the page and the landing)


def test_the_ward_that_answered_a_1022_feedback_keeps_reading_it(runtime: Runtime) -> None:
    desk = Desk(runtime)
    received = feedback.receive(runtime, REQUEST, source="online")
    classify(desk, received.dossier_id, ROUTE)
    desk.do("chuyenvien.longan", ANSWER, ANSWERED, received.dossier_id)
    desk.do("lanhdao.longan", APPROVE, {"approval": "approve"}, received.dossier_id)
    desk.do(OPERATOR, NOTIFY, {"notified_by": "sms"}, received.dossier_id)

    for username in ("chuyenvien.longan", "lanhdao.longan"):
        user_id = desk.user_id(username)
        rows = [d for d in queries.register(runtime, user_id).entries if d.id == received.dossier_id]
        assert len(rows) == 1 and rows[0].held_before
        view = queries.dossier_view(runtime, user_id, received.dossier_id)
        assert view.dossier.held_before and not view.actionable
        assert "feedback.answered" in [e.kind for e in view.history]
