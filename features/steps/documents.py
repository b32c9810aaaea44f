"""Trial steps: official documents (incoming, outgoing, answers) and meeting minutes.

People are addressed by role and unit; the document a scenario talks about is the trial's current dossier
(the outgoing document drafted, or the incoming one that arrived). In-process, steps call the services the
desk calls; over HTTP, the books' pages (their ``tr.book-line`` rows) and the public verification API.
"""
from __future__ import annotations

from dataclasses import dataclass

from pytest_bdd import parsers, then, when

from motcua.services import books, citizen, records
from motcua.trial.failures import expect, sentence

from .trial import Trial

BOOK_SLUGS = {"incoming": "den", "outgoing": "di", "minutes": "bien-ban"}  # the books' pages


@dataclass(frozen=True)
class Line:
    """A line of a book, in either mode."""

    number: int
    symbol: str
    summary: str
    dossier_id: int
    document_id: int | None

DRAFT_TASK, APPROVE_TASK, ISSUE_TASK = "Soạn thảo văn bản đi", "Duyệt, ký văn bản đi", "Phát hành văn bản"
ASSIGN_TASK, PROCESS_TASK, ANSWER_APPROVE_TASK = ("Phân công xử lý văn bản đến", "Xử lý văn bản đến",
                                                  "Duyệt, ký văn bản trả lời")
MINUTES_TASK, MINUTES_APPROVE_TASK = "Lập biên bản họp", "Duyệt, ký biên bản họp"


def _book(trial: Trial, unit: str, book: str) -> list[Line]:
    """A unit's book as its records clerk reads it."""
    if trial.web is not None:
        return [Line(e.number, e.symbol, e.summary, e.dossier_id, e.document_id)
                for e in trial.web.book(trial.account("văn thư", unit), BOOK_SLUGS[book], trial.unit(unit))]
    reader = trial.desk.user_id(trial.user("văn thư", unit))
    return [Line(e.number, e.symbol, e.summary, e.dossier_id, e.document_id)
            for e in books.book(trial.runtime, reader, book, trial.unit(unit)).entries]


def _shown(trial: Trial, lines: list[Line]) -> str:
    """A book's lines as a tester reads them: «number, symbol: summary»."""
    return ", ".join(f"«{e.symbol}: {e.summary}»" for e in lines) or sentence(trial.language, "empty")


def _line(trial: Trial, unit: str, book: str) -> Line:
    """The current document's line in a book of its unit; when it has none, a failure showing the book."""
    lines = _book(trial, unit, book)
    mine = [line for line in lines if line.dossier_id == trial.current]
    expect(mine, trial.language, "not_in_book", book=sentence(trial.language, book), unit=unit,
           lines=_shown(trial, lines))
    return mine[0]


def _verifies(trial: Trial, unit: str, document_id: int | None) -> tuple[bool, str]:
    """Whether a document's signature holds (read by the unit's records clerk), and why not."""
    expect(document_id is not None, trial.language, "not_verified", reason="-")
    assert document_id is not None
    if trial.web is not None:
        answer = trial.web.verify_file(trial.web.document(trial.account("văn thư", unit), document_id))
        return bool(answer["ok"]), str(answer["reason"])
    _, pdf = records.document(trial.runtime, trial.desk.user_id(trial.user("văn thư", unit)), document_id)
    report = citizen.verify_file(trial.runtime, pdf).report
    return report.ok, str(report.reason)


def _draft(trial: Trial, unit: str, summary: str, recipient: str, doc_type: str = "Công văn") -> None:
    trial.start("chuyên viên", unit, "outgoing_document", viewer="văn thư")
    trial.do("chuyên viên", unit, DRAFT_TASK, {
        "doc_type": doc_type, "summary": summary, "drafting_office": "VP", "recipient_unit": trial.unit(recipient),
        "content": f"{summary}.\n\nĐề nghị quý cơ quan nghiên cứu, thực hiện."})


@when(parsers.parse('the specialist of "{unit}" drafts the outgoing document "{summary}" to "{recipient}"'))
@when(parsers.parse('chuyên viên của "{unit}" soạn văn bản đi "{summary}" gửi "{recipient}"'))
def draft_outgoing(trial: Trial, unit: str, summary: str, recipient: str) -> None:
    """A specialist drafts an outgoing document (a công văn) addressed to a unit on the system."""
    _draft(trial, unit, summary, recipient)


@when(parsers.parse('the leader of "{unit}" signs the outgoing document'))
@when(parsers.parse('lãnh đạo của "{unit}" ký duyệt văn bản đi'))
def leader_signs_outgoing(trial: Trial, unit: str) -> None:
    """The leader approves: the document is numbered in the outgoing register and signed digitally."""
    trial.do("lãnh đạo", unit, APPROVE_TASK, {"decision": "sign"})


@when(parsers.parse('the records clerk of "{unit}" sends the {what}'))
@when(parsers.parse('văn thư của "{unit}" phát hành {what}'))
def clerk_sends(trial: Trial, unit: str, what: str) -> None:
    """The records clerk checks the signed document and sends it (the outgoing document or an answer)."""
    trial.do("văn thư", unit, ISSUE_TASK, {"checked": True})


@when(parsers.parse('the records clerk of "{sender}" sends the document "{summary}" to "{recipient}"'))
@when(parsers.parse('văn thư của "{sender}" gửi văn bản "{summary}" đến "{recipient}"'))
def unit_sends(trial: Trial, sender: str, summary: str, recipient: str) -> None:
    """A unit's document leaves it the whole way: its specialist drafts (a hướng dẫn), its leader signs, its
    records clerk sends; the scenario then follows it at the recipient."""
    _draft(trial, sender, summary, recipient, doc_type="Hướng dẫn")
    trial.do("lãnh đạo", sender, APPROVE_TASK, {"decision": "sign"})
    trial.do("văn thư", sender, ISSUE_TASK, {"checked": True})


@then(parsers.parse('the outgoing document is numbered in the outgoing register of "{unit}"'))
@then(parsers.parse('văn bản đi được cấp số trong sổ văn bản đi của "{unit}"'))
def numbered(trial: Trial, unit: str) -> None:
    """The document has the next number of the unit's outgoing register, printed on its signed PDF."""
    line = _line(trial, unit, "outgoing")
    expect(line.number >= 1 and line.symbol.startswith(f"{line.number}/"), trial.language, "bad_number",
           symbol=line.symbol, number=line.number)
    ok, why = _verifies(trial, unit, line.document_id)
    expect(ok, trial.language, "not_verified", reason=why)


@then(parsers.parse('the incoming register of "{unit}" has "{summary}"'))
@then(parsers.parse('văn bản đến của "{unit}" có "{summary}"'))
def has_incoming(trial: Trial, unit: str, summary: str) -> None:
    """The unit received the document (registered in its incoming book); the scenario now follows it there."""
    found = [line for line in _book(trial, unit, "incoming") if line.summary == summary]
    expect(found, trial.language, "not_in_book", book=sentence(trial.language, "incoming"), unit=unit,
           lines=_shown(trial, _book(trial, unit, "incoming")))
    trial.follow(found[0].dossier_id, trial.unit(unit), "incoming_document", viewer="văn thư")


@when(parsers.parse('the leader of "{unit}" assigns the document to the specialist of "{handler}"'))
@when(parsers.parse('lãnh đạo của "{unit}" giao văn bản cho chuyên viên của "{handler}"'))
def assign(trial: Trial, unit: str, handler: str) -> None:
    """The leader gives the incoming document to the unit's specialists to handle."""
    expect(unit == handler, trial.language, "assign_elsewhere", unit=unit, handler=handler)
    trial.do("lãnh đạo", unit, ASSIGN_TASK,
             {"handling": "process", "assign_instruction": "Nghiên cứu, tham mưu trả lời"})


@when(parsers.parse('the specialist of "{unit}" answers the document'))
@when(parsers.parse('chuyên viên của "{unit}" trả lời văn bản'))
def answer(trial: Trial, unit: str) -> None:
    """The specialist drafts a written answer to the sender, for the leader to sign."""
    trial.do("chuyên viên", unit, PROCESS_TASK, {
        "outcome": "answer", "process_note": "Đã nghiên cứu, dự thảo văn bản trả lời", "answer_type": "Công văn",
        "answer_summary": "Trả lời văn bản", "answer_content": "Đơn vị đã tiếp nhận và triển khai thực hiện."})


@when(parsers.parse('the leader of "{unit}" signs the answer'))
@when(parsers.parse('lãnh đạo của "{unit}" ký duyệt văn bản trả lời'))
def leader_signs_answer(trial: Trial, unit: str) -> None:
    """The leader signs the answer, numbered in the unit's outgoing register."""
    trial.do("lãnh đạo", unit, ANSWER_APPROVE_TASK, {"decision": "sign"})


@then(parsers.parse('the answer is signed and reaches "{unit}"'))
@then(parsers.parse('văn bản trả lời được ký số và đến "{unit}"'))
def answer_arrives(trial: Trial, unit: str) -> None:
    """The answer verifies and is in the sender's incoming register, with the same signed bytes."""
    here = trial.unit_name(trial.receiving[trial.current][0])
    answer_line = _line(trial, here, "outgoing")
    arrived = [line for line in _book(trial, unit, "incoming") if line.symbol == answer_line.symbol
               and line.summary == answer_line.summary]
    expect(arrived, trial.language, "not_arrived", symbol=answer_line.symbol, unit=unit,
           lines=_shown(trial, _book(trial, unit, "incoming")))
    ok, why = _verifies(trial, unit, arrived[0].document_id)
    expect(ok, trial.language, "not_verified", reason=why)


@when(parsers.parse('the specialist of "{unit}" records the minutes of "{title}" held on {day} at {hour}'))
@when(parsers.parse('chuyên viên của "{unit}" lập biên bản cuộc họp "{title}" ngày {day} lúc {hour}'))
def record_minutes(trial: Trial, unit: str, title: str, day: str, hour: str) -> None:
    """The meeting's secretary writes the minutes (the conference link included)."""
    specialist = trial.user("chuyên viên", unit)
    trial.start("chuyên viên", unit, "meeting_minutes", viewer="văn thư")
    d, m, y = day.split("/")
    trial.do("chuyên viên", unit, MINUTES_TASK, {
        "title": title, "meeting_date": f"{y}-{m}-{d}", "start_time": hour, "place": "Hội trường",
        "conference_link": "https://hop.example.gov.vn/phong-1", "chair": trial.user("lãnh đạo", unit),
        "secretary": specialist, "attendees": "Lãnh đạo và công chức các bộ phận",
        "content": "Các bộ phận báo cáo tình hình.", "conclusions": "Thống nhất triển khai."})


@when(parsers.parse('the leader of "{unit}" signs the minutes'))
@when(parsers.parse('lãnh đạo của "{unit}" ký biên bản họp'))
def leader_signs_minutes(trial: Trial, unit: str) -> None:
    """The chairing leader approves and signs the minutes."""
    trial.do("lãnh đạo", unit, MINUTES_APPROVE_TASK, {"decision": "sign"})


@then(parsers.parse('the minutes are signed and kept in the register of minutes of "{unit}"'))
@then(parsers.parse('biên bản họp được ký số và vào sổ biên bản của "{unit}"'))
def minutes_kept(trial: Trial, unit: str) -> None:
    """The minutes have a number in the unit's register of minutes and a signature that verifies."""
    ok, why = _verifies(trial, unit, _line(trial, unit, "minutes").document_id)
    expect(ok, trial.language, "not_verified", reason=why)
