"""Official documents and meeting minutes run end to end through the services: an outgoing document is drafted,
signed with its number on it, sent, and arrives as an incoming document at each recipient, where it is
assigned, answered, and the signed answer comes back; a paper document is entered in the incoming book with its
scan; minutes are signed and kept in the unit's book of minutes."""
from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.exc import IntegrityError

from motcua.services import books, citizen, queries
from motcua.services.errors import Forbidden, InvalidSubmission
from motcua.services.runtime import Runtime
from motcua.services.steps import Upload, complete_task
from motcua.store.models import BookEntry
from motcua.trial.desk import Desk
from motcua.trial.pdf import pdf_text

LONG_AN, KIEN_TUONG, PROVINCE = "80001", "80002", "80000"
DRAFT = {"doc_type": "Công văn", "summary": "Báo cáo kết quả chạy thử Trung tâm Phục vụ hành chính công",
         "content": "Ủy ban nhân dân phường báo cáo kết quả chạy thử như sau.\n\nTiếp nhận 25 hồ sơ, trả đúng hạn 25.",
         "recipient_unit": KIEN_TUONG, "recipient_unit_2": PROVINCE, "drafting_office": "VP"}
SIGN, SEND_BACK, ISSUE = {"decision": "sign"}, {"decision": "send_back", "leader_comment": "Bổ sung số liệu"}, \
    {"checked": True}
SCAN = Upload("cong-van.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")


@pytest.fixture
def desk(runtime: Runtime) -> Desk:
    return Desk(runtime)


def _task(desk: Desk, username: str, title: str, dossier_id: int) -> str:
    found = [t.task_id for t in queries.inbox(desk.runtime, desk.user_id(username))
             if t.title == title and t.dossier.id == dossier_id]
    assert found, f"{username} has no {title!r}; waiting: {desk.tasks(username)}"
    return found[0]


def _book(desk: Desk, username: str, book: str, unit: str) -> list[books.EntryView]:
    return books.book(desk.runtime, desk.user_id(username), book, unit).entries


def _send_outgoing(desk: Desk, draft: dict[str, Any] = DRAFT) -> int:
    dossier = desk.start("chuyenvien.longan", LONG_AN, "outgoing_document")
    desk.do("chuyenvien.longan", "Soạn thảo văn bản đi", draft, dossier)
    desk.do("lanhdao.longan", "Duyệt, ký văn bản đi", SIGN, dossier)
    desk.do("vanthu.longan", "Phát hành văn bản", ISSUE, dossier)
    return dossier


def test_outgoing_document_is_signed_numbered_and_arrives_at_each_recipient(desk: Desk) -> None:
    dossier = desk.start("chuyenvien.longan", LONG_AN, "outgoing_document")
    desk.do("chuyenvien.longan", "Soạn thảo văn bản đi", DRAFT, dossier)
    desk.do("lanhdao.longan", "Duyệt, ký văn bản đi", SEND_BACK, dossier)  # the leader asks for a change first
    desk.do("chuyenvien.longan", "Soạn thảo văn bản đi", DRAFT, dossier)
    desk.do("lanhdao.longan", "Duyệt, ký văn bản đi", SIGN, dossier)

    [line] = _book(desk, "vanthu.longan", "outgoing", LONG_AN)
    assert (line.number, line.symbol, line.year) == (1, "1/UBND-VP", 2025)
    assert line.counterpart == "Phường Kiến Tường; Tỉnh Tây Ninh (demo)"
    assert _book(desk, "vanthu.kientuong", "incoming", KIEN_TUONG) == []  # not sent before the clerk sends it

    desk.do("vanthu.longan", "Phát hành văn bản", ISSUE, dossier)
    assert desk.dossier(dossier, "vanthu.longan").dossier.finished_at is not None
    runtime = desk.runtime
    _, signed = _file(desk, "vanthu.longan", line.document_id)
    text = pdf_text(signed)
    assert "Số: 1/UBND-VP" in text and "V/v Báo cáo kết quả chạy thử" in text and "Kính gửi" in text
    for username, unit in (("vanthu.kientuong", KIEN_TUONG), ("vanthu.tayninh", PROVINCE)):
        [arrived] = _book(desk, username, "incoming", unit)
        assert (arrived.number, arrived.symbol, arrived.counterpart) == (1, "1/UBND-VP", "Phường Long An")
        _, copy = _file(desk, username, arrived.document_id)
        assert copy == signed  # the very bytes signed, so the signature verifies where it arrives
        verification = citizen.verify_file(runtime, copy)
        assert verification.report.ok, verification.report.reason
        assert verification.report.signatures[0].signer == "Lãnh đạo Phường Long An"
        assert verification.issued_for == desk.dossier(dossier, "vanthu.longan").dossier.code
    assert ("Phân công xử lý văn bản đến", _incoming_dossier(desk, "vanthu.kientuong", KIEN_TUONG)) in \
        desk.tasks("lanhdao.kientuong")


def _file(desk: Desk, username: str, document_id: int | None) -> tuple[str, bytes]:
    from motcua.services import records
    assert document_id is not None, "the book line has no document"
    return records.document(desk.runtime, desk.user_id(username), document_id)


def _incoming_dossier(desk: Desk, username: str, unit: str) -> int:
    return _book(desk, username, "incoming", unit)[0].dossier_id


def test_incoming_document_is_assigned_answered_and_the_answer_reaches_the_sender(desk: Desk) -> None:
    _send_outgoing(desk)
    incoming = _incoming_dossier(desk, "vanthu.kientuong", KIEN_TUONG)
    desk.do("lanhdao.kientuong", "Phân công xử lý văn bản đến",
            {"handling": "process", "assign_instruction": "Chuyên viên nghiên cứu, trả lời"}, incoming)
    answer = {"outcome": "answer", "process_note": "Đã nghiên cứu", "answer_type": "Công văn",
              "answer_summary": "Trả lời báo cáo kết quả chạy thử",
              "answer_content": "Phường Kiến Tường ghi nhận báo cáo và thống nhất phối hợp."}
    with pytest.raises(InvalidSubmission) as refused:  # an answer needs its text
        complete_task(desk.runtime, desk.user_id("chuyenvien.kientuong"),
                      _task(desk, "chuyenvien.kientuong", "Xử lý văn bản đến", incoming),
                      {"outcome": "answer", "process_note": "Đã nghiên cứu"})
    assert {e.field for e in refused.value.errors} == {"answer_type", "answer_summary", "answer_content"}
    desk.do("chuyenvien.kientuong", "Xử lý văn bản đến", answer, incoming)
    desk.do("lanhdao.kientuong", "Duyệt, ký văn bản trả lời", SIGN, incoming)
    desk.do("vanthu.kientuong", "Phát hành văn bản", ISSUE, incoming)

    [reply] = _book(desk, "vanthu.kientuong", "outgoing", KIEN_TUONG)
    assert reply.symbol == "1/UBND-VP" and reply.counterpart == "Phường Long An"
    assert reply.detail["reply_to"] == "1/UBND-VP của Phường Long An"
    [back] = _book(desk, "vanthu.longan", "incoming", LONG_AN)
    assert back.summary == "Trả lời báo cáo kết quả chạy thử" and back.counterpart == "Phường Kiến Tường"
    _, pdf = _file(desk, "vanthu.longan", back.document_id)
    assert citizen.verify_file(desk.runtime, pdf).report.ok
    assert "Trả lời văn bản số 1/UBND-VP của Phường Long An" in pdf_text(pdf)
    assert desk.dossier(incoming, "vanthu.kientuong").dossier.finished_at is not None


def test_a_paper_document_is_entered_with_its_scan_and_closed_by_the_handler(desk: Desk) -> None:
    dossier = desk.start("vanthu.longan", LONG_AN, "incoming_document")
    form = {"sender": "Sở Nội vụ tỉnh Tây Ninh", "symbol": "125/SNV-VP", "document_date": "2025-11-20",
            "doc_type": "Hướng dẫn", "summary": "Hướng dẫn vận hành Trung tâm Phục vụ hành chính công",
            "urgency": "urgent"}
    task = _task(desk, "vanthu.longan", "Vào sổ văn bản đến", dossier)
    with pytest.raises(InvalidSubmission) as refused:  # a paper document is digitised when it is entered
        complete_task(desk.runtime, desk.user_id("vanthu.longan"), task, form)
    assert [e.field for e in refused.value.errors] == ["attachment"]
    complete_task(desk.runtime, desk.user_id("vanthu.longan"), task, form, {"attachment": SCAN})
    [line] = _book(desk, "vanthu.longan", "incoming", LONG_AN)
    assert (line.number, line.symbol, line.counterpart, str(line.document_date)) == \
        (1, "125/SNV-VP", "Sở Nội vụ tỉnh Tây Ninh", "2025-11-20")
    assert _file(desk, "vanthu.longan", line.document_id)[1] == SCAN.content
    desk.do("lanhdao.longan", "Phân công xử lý văn bản đến", {"handling": "process"}, dossier)
    desk.do("chuyenvien.longan", "Xử lý văn bản đến", {"outcome": "close", "process_note": "Đã triển khai"},
            dossier)
    assert desk.dossier(dossier, "vanthu.longan").dossier.finished_at is not None
    assert _book(desk, "vanthu.longan", "outgoing", LONG_AN) == []
    assert books.book(desk.runtime, desk.user_id("vanthu.longan"), "incoming", LONG_AN,
                          words="huong dan VAN HANH").entries  # searched without accents
    assert not books.book(desk.runtime, desk.user_id("vanthu.longan"), "incoming", LONG_AN,
                              words="khai sinh").entries


def test_a_document_for_information_is_filed_by_the_leader(desk: Desk) -> None:
    _send_outgoing(desk)
    incoming = _incoming_dossier(desk, "vanthu.kientuong", KIEN_TUONG)
    desk.do("lanhdao.kientuong", "Phân công xử lý văn bản đến", {"handling": "file"}, incoming)
    assert desk.tasks("chuyenvien.kientuong") == []
    assert desk.dossier(incoming, "vanthu.kientuong").dossier.finished_at is not None


def test_numbers_run_per_unit_and_year_and_a_document_is_never_delivered_twice(desk: Desk, runtime: Runtime) -> None:
    _send_outgoing(desk)
    _send_outgoing(desk, {**DRAFT, "doc_type": "Báo cáo", "recipient_unit_2": ""})
    symbols = [e.symbol for e in _book(desk, "vanthu.longan", "outgoing", LONG_AN)]
    assert symbols == ["2/BC-UBND", "1/UBND-VP"]
    assert [e.number for e in _book(desk, "vanthu.kientuong", "incoming", KIEN_TUONG)] == [2, 1]
    with runtime.uow() as uow:  # the book refuses a second delivery of one document to one unit
        first = uow.session.get(BookEntry, _book(desk, "vanthu.kientuong", "incoming", KIEN_TUONG)[1].id)
        uow.session.add(BookEntry(dossier_id=first.dossier_id, unit_id=first.unit_id, book="incoming",
                                      year=2025, number=99, summary="again", registered_at=first.registered_at,
                                      source_id=first.source_id, detail={}))
        with pytest.raises(IntegrityError):
            uow.session.flush()


def test_books_are_read_by_the_unit_staff_only(desk: Desk) -> None:
    _send_outgoing(desk)
    with pytest.raises(Forbidden):
        books.book(desk.runtime, desk.user_id("chuyenvien.kientuong"), "outgoing", LONG_AN)
    assert books.book(desk.runtime, desk.user_id("chuyenvien.longan"), "outgoing", LONG_AN).entries


MINUTES = {"title": "Họp giao ban triển khai Trung tâm Phục vụ hành chính công", "meeting_date": "2025-11-24",
           "start_time": "08:00", "place": "Hội trường Ủy ban nhân dân phường",
           "conference_link": "https://hop.tayninh.gov.vn/phong/giao-ban", "chair": "Lãnh đạo Phường Long An",
           "secretary": "Chuyên viên Phường Long An", "attendees": "Lãnh đạo, công chức các bộ phận",
           "content": "Đánh giá tuần đầu vận hành; ý kiến các bộ phận.", "conclusions": "Bổ sung 01 quầy tiếp nhận."}


def test_meeting_minutes_are_signed_by_the_chair_and_kept_in_the_book_of_minutes(desk: Desk) -> None:
    dossier = desk.start("chuyenvien.longan", LONG_AN, "meeting_minutes")
    task = _task(desk, "chuyenvien.longan", "Lập biên bản họp", dossier)
    with pytest.raises(InvalidSubmission) as refused:
        complete_task(desk.runtime, desk.user_id("chuyenvien.longan"), task,
                      {**MINUTES, "conference_link": "hop truc tuyen", "start_time": "8h"})
    assert {e.field for e in refused.value.errors} == {"conference_link", "start_time"}
    desk.do("chuyenvien.longan", "Lập biên bản họp", MINUTES, dossier)
    desk.do("lanhdao.longan", "Duyệt, ký biên bản họp", SIGN, dossier)
    [line] = _book(desk, "chuyenvien.longan", "minutes", LONG_AN)
    assert (line.symbol, line.detail["conference_link"]) == ("1/BB-UBND", MINUTES["conference_link"])
    _, pdf = _file(desk, "chuyenvien.longan", line.document_id)
    report = citizen.verify_file(desk.runtime, pdf).report
    assert report.ok and report.signatures[0].signer == "Lãnh đạo Phường Long An"
    text = pdf_text(pdf)
    assert "BIÊN BẢN" in text and "hop.tayninh.gov.vn" in text and "Bổ sung 01 quầy tiếp nhận" in text


def test_minutes_without_a_conference_link_are_fine(desk: Desk) -> None:
    dossier = desk.start("chuyenvien.longan", LONG_AN, "meeting_minutes")
    desk.do("chuyenvien.longan", "Lập biên bản họp", {k: v for k, v in MINUTES.items() if k != "conference_link"},
            dossier)
    desk.do("lanhdao.longan", "Duyệt, ký biên bản họp", SIGN, dossier)
    assert _book(desk, "lanhdao.longan", "minutes", LONG_AN)[0].detail["conference_link"] == ""


def test_documents_stay_out_of_the_portal_feed(desk: Desk, runtime: Runtime) -> None:
    _send_outgoing(desk)
    from motcua.store.models import OutboxMessage
    with runtime.uow() as uow:
        assert uow.session.query(OutboxMessage).count() == 0
