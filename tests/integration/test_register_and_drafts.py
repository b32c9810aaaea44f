"""The register a clerk searches (code, name without accents, last digits of an ID or phone, filters, pages,
CSV of what is filtered) and the intake drafts that never clutter it: discarded by hand or by the worker."""
from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

from flask import Flask
from sqlalchemy import select

from features.steps.land_change import receive
from motcua.domain.clock import FixedClock
from motcua.domain.dossier import RegisterQuery
from motcua.services import drafts, queries
from motcua.services.runtime import Runtime
from motcua.store.models import Dossier, Event, Instance, WorkItem
from tests.support.web import Clerk

PEOPLE = [("Nguyễn Thị Hoa", "080190001234", "0912345678"), ("Trần Văn Đức", "080185004321", "0987650001"),
          ("Lê Thị Ánh", "080199007777", "0905551212")]


def _receive(clerk: Clerk, name: str, id_number: str, phone: str) -> str:
    started = clerk.submit("/dossiers/new", {"unit": "80001", "procedure": "land_change"})
    form = {**receive(), "applicant_name": name, "applicant_id_number": id_number, "applicant_phone": phone}
    done = clerk.submit(started.location, form)
    assert done.status_code == 302, done.text
    return re.search(r"<h1>Hồ sơ (\S+)</h1>", clerk.get(done.location).text).group(1)


def _codes(page: str) -> list[str]:
    return re.findall(r'<a href="/dossiers/\d+">(000\.00\.31\.H53-[0-9-]+)</a>', page)


def test_the_register_finds_by_code_name_without_accents_and_last_digits(app: Flask) -> None:
    clerk = Clerk(app, "tiepnhan.longan")
    codes = [_receive(clerk, *person) for person in PEOPLE]

    assert _codes(clerk.get("/register").text) == codes[::-1]
    assert _codes(clerk.get("/register?q=tran+van+duc").text) == [codes[1]]  # typed without accents
    assert _codes(clerk.get("/register?q=THI").text) == [codes[2], codes[0]]
    assert _codes(clerk.get("/register?q=7777").text) == [codes[2]]  # last digits of the ID number
    assert _codes(clerk.get("/register?q=650001").text) == [codes[1]]  # last digits of the phone
    assert _codes(clerk.get(f"/register?q={codes[0]}").text) == [codes[0]]
    assert _codes(clerk.get("/register?status=processing&procedure=land_change").text) == codes[::-1]
    assert _codes(clerk.get("/register?status=returned").text) == []
    assert _codes(clerk.get("/register?from=24/11/2025&to=24/11/2025").text) == codes[::-1]
    assert _codes(clerk.get("/register?from=2025-11-25").text) == []
    assert _codes(clerk.get("/register?timeliness=late").text) == []
    wrong = clerk.get("/register?from=31/02/2025")
    assert wrong.status_code == 400 and "“31/02/2025” không phải là ngày" in wrong.text


def test_the_register_pages_and_exports_what_is_filtered(app: Flask, runtime: Runtime) -> None:
    clerk = Clerk(app, "tiepnhan.longan")
    codes = [_receive(clerk, *person) for person in PEOPLE]
    user = clerk_id(runtime, "tiepnhan.longan")

    first = queries.register(runtime, user, query=RegisterQuery(), page=1, per_page=2)
    second = queries.register(runtime, user, query=RegisterQuery(), page=2, per_page=2)
    assert [d.code for d in first.entries] == codes[:0:-1] and first.more
    assert [d.code for d in second.entries] == [codes[0]] and not second.more

    exported = clerk.get("/register.csv?q=thi")
    assert exported.mimetype == "text/csv" and exported.data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(exported.data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Mã hồ sơ", "Thủ tục", "Người nộp"]
    assert [(r[0], r[2]) for r in rows[1:]] == [(codes[2], "Lê Thị Ánh"), (codes[0], "Nguyễn Thị Hoa")]


def clerk_id(runtime: Runtime, username: str) -> int:
    with runtime.uow() as uow:
        user = uow.users.by_username(username)
        assert user is not None
        return user.id


def test_a_draft_is_only_its_starters_and_discarding_keeps_only_the_events(app: Flask, runtime: Runtime) -> None:
    clerk = Clerk(app, "tiepnhan.longan")
    task = clerk.submit("/dossiers/new", {"unit": "80001", "procedure": "land_change"}).location
    dossier_id = int(re.search(r'/dossiers/(\d+)/discard', clerk.get(task).text).group(1))

    inbox = clerk.get("/").text
    assert clerk.inbox_tasks() == [] and "Hồ sơ đang tiếp nhận dở" in inbox  # apart from the tasks
    assert f"#{dossier_id}" not in clerk.get("/register").text
    specialist = Clerk(app, "chuyenvien.longan")
    assert clerk_id(runtime, "chuyenvien.longan") and specialist.inbox_tasks() == []

    done = clerk.submit(f"/dossiers/{dossier_id}/discard", {}, token_from="/")
    assert done.status_code == 302 and done.location == "/"
    assert "Hồ sơ đang tiếp nhận dở" not in clerk.get("/").text
    with runtime.uow() as uow:
        dossier = uow.dossiers.require(dossier_id)
        assert dossier.status == "discarded" and dossier.code is None
        assert uow.session.scalars(select(WorkItem).where(WorkItem.dossier_id == dossier_id)).all() == []
        assert uow.session.scalars(select(Instance).where(Instance.dossier_id == dossier_id)).all() == []
        kinds = uow.session.scalars(select(Event.kind).where(Event.dossier_id == dossier_id)).all()
        assert kinds == ["dossier.started", "dossier.discarded"]
    assert clerk.get(task).status_code in (404, 409)


def test_a_received_dossier_cannot_be_discarded(app: Flask, runtime: Runtime) -> None:
    clerk = Clerk(app, "tiepnhan.longan")
    code = _receive(clerk, *PEOPLE[0])
    with runtime.uow() as uow:
        dossier_id = uow.session.scalars(select(Dossier.id).where(Dossier.code == code)).one()
    refused = clerk.submit(f"/dossiers/{dossier_id}/discard", {}, token_from="/")
    assert refused.status_code == 409 and "đã được tiếp nhận nên không thể hủy" in refused.text


def test_the_worker_discards_drafts_left_since_yesterday(app: Flask, runtime: Runtime, clock: FixedClock) -> None:
    clerk = Clerk(app, "tiepnhan.longan")
    clerk.submit("/dossiers/new", {"unit": "80001", "procedure": "land_change"})
    _receive(clerk, *PEOPLE[0])
    assert drafts.discard_stale(runtime) == 0
    clock.advance(timedelta(days=1, minutes=1))
    assert drafts.discard_stale(runtime) == 1
    with runtime.uow() as uow:
        statuses = sorted(uow.session.scalars(select(Dossier.status)).all())
    assert statuses == ["discarded", "processing"]
