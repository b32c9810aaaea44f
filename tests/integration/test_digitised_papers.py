"""Digitised papers through the engine and the database: scanned at intake in the step's transaction, the signed
result issued electronically into the citizen's store, the same citizen's next dossier reusing the first one's
papers, a 6-month paper no longer offered after 6 months, a unit of another province refused, and every access
to the store in the audit log."""
from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import pytest
from pypdf import PdfWriter
from sqlalchemy import select

from features.steps.land_change import SIGN
from motcua.domain.clock import FixedClock
from motcua.services import digitisation, online, queries
from motcua.services.digitisation import ReuseRefused
from motcua.services.people import add_unit, add_user
from motcua.services.runtime import Runtime
from motcua.services.steps import Upload, complete_task
from motcua.store.models import Dossier, DossierPaper, SecurityEvent
from motcua.trial.desk import Desk

LONG_AN, KIEN_TUONG = "80001", "80002"
ID_NUMBER = "080190004321"
APPLICANT = {"applicant_name": "Trần Văn Bình", "applicant_id_number": ID_NUMBER, "applicant_phone": "0987654321"}
MARITAL = {"purpose": "để đăng ký kết hôn", "marital_status": "never_married"}
MARRIAGE = {"groom_name": "Trần Văn Bình", "groom_birth_date": "1995-03-02", "groom_id_number": ID_NUMBER,
            "bride_name": "Phạm Thị Dung", "bride_birth_date": "1997-07-15", "bride_id_number": "080197001111",
            "both_present": True}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
CARD_EXPIRY = "2035-03-02"


def two_pages() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def desk(runtime: Runtime) -> Desk:
    return Desk(runtime)


def checklist(runtime: Runtime, slug: str, **extra: dict[str, Any]) -> list[dict[str, Any]]:
    """The checklist as the clerk records it: what is required, received; optional papers left at 0."""
    return [{"name": p.name, "originals": 0 if p.optional else p.originals, "copies": 0 if p.optional else p.copies,
             **extra.get(p.kind, {})} for p in runtime.pack.get(slug).procedure.papers]


def index_of(runtime: Runtime, slug: str, kind: str) -> int:
    return next(i for i, p in enumerate(runtime.pack.get(slug).procedure.papers) if p.kind == kind)


def intake_task(desk: Desk, username: str, dossier: int) -> str:
    [task] = [t.task_id for t in queries.inbox(desk.runtime, desk.user_id(username)) if t.dossier.id == dossier]
    return task


def papers_of(runtime: Runtime, dossier: int) -> list[DossierPaper]:
    with runtime.uow() as uow:
        found = list(uow.papers.for_dossier(dossier))
        uow.session.expunge_all()  # read after the unit of work is closed
        return found


def row(runtime: Runtime, dossier: int) -> Dossier:
    with runtime.uow() as uow:
        found = uow.dossiers.require(dossier)
        uow.session.expunge_all()
        return found


def audit(runtime: Runtime, kind: str) -> list[dict[str, Any]]:
    with runtime.uow() as uow:
        return [e.detail for e in uow.session.scalars(select(SecurityEvent).where(SecurityEvent.kind == kind)
                                                      .order_by(SecurityEvent.id))]


def first_dossier(desk: Desk) -> int:
    """A marital status confirmation at Long An: the declaration and the ID card scanned at intake, approved and
    signed (the result goes to the applicant's store)."""
    runtime = desk.runtime
    dossier = desk.start("tiepnhan.longan", LONG_AN, "marital_status")
    files = {f"papers_received.{index_of(runtime, 'marital_status', 'application_form')}.scan":
             Upload("to-khai.pdf", two_pages()),
             f"papers_received.{index_of(runtime, 'marital_status', 'id_card')}.scan": Upload("cccd.png", PNG)}
    data = {**APPLICANT, **MARITAL, "intake_decision": "receive",
            "papers_received": checklist(runtime, "marital_status", id_card={"valid_until": CARD_EXPIRY})}
    complete_task(runtime, desk.user_id("tiepnhan.longan"), intake_task(desk, "tiepnhan.longan", dossier), data,
                  files)
    desk.do("chuyenvien.longan", "Kiểm tra hồ sơ hộ tịch", {"opinion": "Đủ điều kiện.", "proposal": "approve"},
            dossier)
    desk.do("lanhdao.longan", "Phê duyệt kết quả", SIGN, dossier)
    return dossier


def test_papers_scanned_at_intake_are_digitised_in_the_step_and_the_result_is_electronic(desk: Desk) -> None:
    runtime = desk.runtime
    dossier = first_dossier(desk)
    scans = [p for p in papers_of(runtime, dossier) if p.source == "scan"]
    assert sorted((p.kind, p.pages) for p in scans) == [("application_form", 2), ("id_card", 1)]
    clerk = desk.user_id("tiepnhan.longan")
    assert {p.digitised_by_id for p in scans} == {clerk} and {p.holder_id_number for p in scans} == {ID_NUMBER}
    card = next(p for p in scans if p.kind == "id_card")
    declaration = next(p for p in scans if p.kind == "application_form")
    assert card.valid_until == date.fromisoformat(CARD_EXPIRY)  # the date typed from the card
    assert declaration.valid_until == runtime.clock.now().date()  # single use: this dossier only
    found = row(runtime, dossier)
    assert found.papers_digitised_at is not None and found.result_electronic_at is not None

    [result] = [p for p in papers_of(runtime, dossier) if p.source == "result"]
    issued_on = runtime.clock.now().date()
    assert result.kind == "marital_status_confirmation" and result.holder_id_number == ID_NUMBER
    assert result.valid_until == date(2026, 5, 23) and issued_on == date(2025, 11, 24)  # 06 tháng kể từ ngày cấp
    assert result.document_id is not None and result.digitised_by_id == desk.user_id("lanhdao.longan")

    listed = digitisation.of_dossier(runtime, clerk, dossier)
    assert {p.source for p in listed} == {"scan", "result"}


def test_a_paper_received_and_not_scanned_leaves_the_dossier_not_digitised(desk: Desk) -> None:
    runtime = desk.runtime
    dossier = desk.start("tiepnhan.longan", LONG_AN, "marital_status")
    files = {f"papers_received.{index_of(runtime, 'marital_status', 'application_form')}.scan":
             Upload("to-khai.pdf", two_pages())}
    data = {**APPLICANT, **MARITAL, "intake_decision": "receive",
            "papers_received": checklist(runtime, "marital_status")}
    complete_task(runtime, desk.user_id("tiepnhan.longan"), intake_task(desk, "tiepnhan.longan", dossier), data,
                  files)
    assert [p.kind for p in papers_of(runtime, dossier)] == ["application_form"]
    assert row(runtime, dossier).papers_digitised_at is None  # the ID card was received, not digitised


def test_the_same_citizen_comes_back_and_the_second_dossier_reuses_the_first_ones_papers(desk: Desk) -> None:
    runtime = desk.runtime
    first = first_dossier(desk)
    second = desk.start("tiepnhan.kientuong", KIEN_TUONG, "marriage_registration")
    task, clerk = intake_task(desk, "tiepnhan.kientuong", second), desk.user_id("tiepnhan.kientuong")

    held = digitisation.held_for_intake(runtime, clerk, task, ID_NUMBER)
    assert sorted(h.kind for h in held) == ["id_card", "marital_status_confirmation"]  # the declaration is not
    assert {h.dossier_code for h in held} == {row(runtime, first).code} and {h.unit for h in held} == {"Phường Long An"}
    confirmation = next(h for h in held if h.kind == "marital_status_confirmation")
    card = next(h for h in held if h.kind == "id_card")
    assert confirmation.rows == (index_of(runtime, "marriage_registration", "marital_status_confirmation"),)
    name, content = digitisation.open_held(runtime, clerk, task, confirmation.id, ID_NUMBER)
    assert content.startswith(b"%PDF") and name.startswith("ket-qua-")

    rows = checklist(runtime, "marriage_registration", id_card={"reuse": card.id},
                     marital_status_confirmation={"reuse": confirmation.id})  # left at 0: reuse counts it
    files = {f"papers_received.{index_of(runtime, 'marriage_registration', 'application_form')}.scan":
             Upload("to-khai.pdf", two_pages())}
    complete_task(runtime, clerk, task, {**APPLICANT, **MARRIAGE, "intake_decision": "receive",
                                         "papers_received": rows}, files)

    papers = papers_of(runtime, second)
    reused = {p.kind: p for p in papers if p.source == "reuse"}
    assert set(reused) == {"id_card", "marital_status_confirmation"}
    assert reused["marital_status_confirmation"].reused_from_id == confirmation.id
    assert reused["id_card"].reused_from_id == card.id and reused["id_card"].digitised_by_id == clerk
    assert row(runtime, second).papers_digitised_at is not None  # scan + two reuses: every paper received

    shown = digitisation.of_dossier(runtime, clerk, second)
    assert {p.reused_from for p in shown if p.source == "reuse"} == {row(runtime, first).code}
    opened = next(p for p in shown if p.source == "reuse" and p.paper_name.startswith("Giấy xác nhận"))
    assert digitisation.paper_file(runtime, clerk, opened.id)[1].startswith(b"%PDF")

    assert [d["holder"] for d in audit(runtime, "papers.listed")] == [ID_NUMBER]
    assert [d["paper"] for d in audit(runtime, "papers.reused")] == [card.id, confirmation.id]
    assert len(audit(runtime, "papers.opened")) == 2  # at the intake, and on the second dossier's page


def test_a_six_month_paper_is_no_longer_offered_after_six_months(desk: Desk, clock: FixedClock) -> None:
    runtime = desk.runtime
    first_dossier(desk)
    clock.advance(timedelta(days=183))  # 25/05/2026: the confirmation was valid until 23/05/2026
    second = desk.start("tiepnhan.kientuong", KIEN_TUONG, "marriage_registration")
    task, clerk = intake_task(desk, "tiepnhan.kientuong", second), desk.user_id("tiepnhan.kientuong")
    assert [h.kind for h in digitisation.held_for_intake(runtime, clerk, task, ID_NUMBER)] == ["id_card"]


def test_another_province_and_another_person_cannot_reuse_the_papers(desk: Desk) -> None:
    runtime = desk.runtime
    first_dossier(desk)
    with runtime.uow() as uow:
        confirmation = next(p for p in uow.session.scalars(select(DossierPaper)) if p.source == "result")
        uow.session.expunge_all()
    add_unit(runtime, "90000", "Tỉnh Khác (thử)", "province", identifier="000.00.00.H99")
    add_unit(runtime, "90001", "Phường Khác", "ward", "90000", identifier="000.00.01.H99")
    add_user(runtime, "tiepnhan.khac", "Cán bộ tiếp nhận Phường Khác", "motcua-demo", [("90001", "reception")])
    elsewhere = desk.start("tiepnhan.khac", "90001", "marriage_registration")
    task, clerk = intake_task(desk, "tiepnhan.khac", elsewhere), desk.user_id("tiepnhan.khac")

    assert digitisation.held_for_intake(runtime, clerk, task, ID_NUMBER) == []
    rows = checklist(runtime, "marriage_registration", marital_status_confirmation={"reuse": confirmation.id})
    data = {**APPLICANT, **MARRIAGE, "intake_decision": "receive", "papers_received": rows}
    with pytest.raises(ReuseRefused) as refused:
        complete_task(runtime, clerk, task, data)
    assert refused.value.code == "papers.unit_not_allowed"
    with pytest.raises(digitisation.NotFound):
        digitisation.open_held(runtime, clerk, task, confirmation.id, ID_NUMBER)

    same_province = desk.start("tiepnhan.kientuong", KIEN_TUONG, "marriage_registration")
    other_task = intake_task(desk, "tiepnhan.kientuong", same_province)
    someone_else = {**data, "applicant_id_number": "080197001111"}
    with pytest.raises(ReuseRefused) as not_theirs:
        complete_task(runtime, desk.user_id("tiepnhan.kientuong"), other_task, someone_else)
    assert not_theirs.value.code == "papers.not_the_holders"

    assert papers_of(runtime, elsewhere) == [] and papers_of(runtime, same_province) == []  # nothing kept
    assert row(runtime, elsewhere).status == "draft"
    assert [d["why"] for d in audit(runtime, "papers.reuse_refused")] == ["papers.unit_not_allowed",
                                                                          "papers.not_the_holders"]


def test_scans_sent_online_count_as_digitised_by_the_citizen(desk: Desk) -> None:
    runtime = desk.runtime
    index = index_of(runtime, "marital_status", "application_form")
    sent = online.submit(runtime, "marital_status", LONG_AN, {**APPLICANT, **MARITAL},
                         {f"papers_received.{index}.scan": Upload("to-khai.pdf", two_pages())})
    [scan] = papers_of(runtime, sent.dossier_id)
    assert (scan.source, scan.digitised_by_id, scan.holder_id_number, scan.pages) == ("scan", None, ID_NUMBER, 2)


def test_a_citizen_online_reuses_their_papers_after_giving_an_earlier_dossiers_code(desk: Desk) -> None:
    runtime = desk.runtime
    code = row(runtime, first_dossier(desk)).code or ""
    with pytest.raises(digitisation.Forbidden):  # someone who knows the ID number but holds no receipt of theirs
        digitisation.held_for_citizen(runtime, "marriage_registration", ID_NUMBER, "000.00.31.H53-251124-9999",
                                      "203.0.113.7")
    held = digitisation.held_for_citizen(runtime, "marriage_registration", ID_NUMBER, code.lower(), "203.0.113.7")
    confirmation = next(h for h in held if h.kind == "marital_status_confirmation")
    row_index = index_of(runtime, "marriage_registration", "marital_status_confirmation")
    with pytest.raises(digitisation.Forbidden):
        online.submit(runtime, "marriage_registration", KIEN_TUONG, {**APPLICANT, **MARRIAGE}, {},
                      {row_index: confirmation.id}, "", "203.0.113.7")
    sent = online.submit(runtime, "marriage_registration", KIEN_TUONG, {**APPLICANT, **MARRIAGE}, {},
                         {row_index: confirmation.id}, code, "203.0.113.7")
    [reused] = papers_of(runtime, sent.dossier_id)
    assert (reused.source, reused.reused_from_id, reused.digitised_by_id) == ("reuse", confirmation.id, None)
    assert audit(runtime, "papers.lookup_refused")[0]["earlier_dossier"] == "000.00.31.H53-251124-9999"
    assert audit(runtime, "papers.listed")[0]["identified_by"] == code
    with runtime.uow() as uow:
        addresses = {e.address for e in uow.session.scalars(select(SecurityEvent)
                                                           .where(SecurityEvent.kind.like("papers.%")))}
    assert "203.0.113.7" in addresses
