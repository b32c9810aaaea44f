"""Trial steps: official documents (incoming, outgoing, answers) and meeting minutes.

People are addressed by role and unit; the document a scenario talks about is the trial's current dossier
(the outgoing document drafted, or the incoming one that arrived). Steps call the services the desk calls.
"""
from __future__ import annotations

from pytest_bdd import parsers, then, when

from motcua.services import books, citizen, records
from motcua.services.books import EntryView

from .trial import Trial

DRAFT_TASK, APPROVE_TASK, ISSUE_TASK = "Soạn thảo văn bản đi", "Duyệt, ký văn bản đi", "Phát hành văn bản"
ASSIGN_TASK, PROCESS_TASK, ANSWER_APPROVE_TASK = ("Phân công xử lý văn bản đến", "Xử lý văn bản đến",
                                                  "Duyệt, ký văn bản trả lời")
MINUTES_TASK, MINUTES_APPROVE_TASK = "Lập biên bản họp", "Duyệt, ký biên bản họp"


def _book(trial: Trial, unit: str, book: str) -> list[EntryView]:
    reader = trial.desk.user_id(trial.user("văn thư", unit))
    return books.book(trial.runtime, reader, book, trial.unit(unit)).entries


def _lines(trial: Trial, book: str) -> list[EntryView]:
    """The current document's lines in a book (its own unit's)."""
    reader = trial.desk.user_id(trial.desk_user(trial.current))
    return [line for kind, line in books.entries_of(trial.runtime, reader, trial.current) if kind == book]


def _draft(trial: Trial, unit: str, summary: str, recipient: str, doc_type: str = "Công văn") -> None:
    specialist = trial.user("chuyên viên", unit)
    trial.dossier_id = trial.desk.start(specialist, trial.unit(unit), "outgoing_document")
    trial.dossiers.append(trial.dossier_id)
    trial.desk.do(specialist, DRAFT_TASK, {
        "doc_type": doc_type, "summary": summary, "drafting_office": "VP", "recipient_unit": trial.unit(recipient),
        "content": f"{summary}.\n\nĐề nghị quý cơ quan nghiên cứu, thực hiện."}, trial.current)


@when(parsers.parse('the specialist of "{unit}" drafts the outgoing document "{summary}" to "{recipient}"'))
@when(parsers.parse('chuyên viên của "{unit}" soạn văn bản đi "{summary}" gửi "{recipient}"'))
def draft_outgoing(trial: Trial, unit: str, summary: str, recipient: str) -> None:
    """A specialist drafts an outgoing document (a công văn) addressed to a unit on the system."""
    _draft(trial, unit, summary, recipient)


@when(parsers.parse('the leader of "{unit}" signs the outgoing document'))
@when(parsers.parse('lãnh đạo của "{unit}" ký duyệt văn bản đi'))
def leader_signs_outgoing(trial: Trial, unit: str) -> None:
    """The leader approves: the document is numbered in the outgoing register and signed digitally."""
    trial.desk.do(trial.user("lãnh đạo", unit), APPROVE_TASK, {"decision": "sign"}, trial.current)


@when(parsers.parse('the records clerk of "{unit}" sends the {what}'))
@when(parsers.parse('văn thư của "{unit}" phát hành {what}'))
def clerk_sends(trial: Trial, unit: str, what: str) -> None:
    """The records clerk checks the signed document and sends it (the outgoing document or an answer)."""
    trial.desk.do(trial.user("văn thư", unit), ISSUE_TASK, {"checked": True}, trial.current)


@when(parsers.parse('the records clerk of "{sender}" sends the document "{summary}" to "{recipient}"'))
@when(parsers.parse('văn thư của "{sender}" gửi văn bản "{summary}" đến "{recipient}"'))
def unit_sends(trial: Trial, sender: str, summary: str, recipient: str) -> None:
    """A unit's document leaves it the whole way: its specialist drafts (a hướng dẫn), its leader signs, its
    records clerk sends; the scenario then follows it at the recipient."""
    _draft(trial, sender, summary, recipient, doc_type="Hướng dẫn")
    trial.desk.do(trial.user("lãnh đạo", sender), APPROVE_TASK, {"decision": "sign"}, trial.current)
    trial.desk.do(trial.user("văn thư", sender), ISSUE_TASK, {"checked": True}, trial.current)


@then(parsers.parse('the outgoing document is numbered in the outgoing register of "{unit}"'))
@then(parsers.parse('văn bản đi được cấp số trong sổ văn bản đi của "{unit}"'))
def numbered(trial: Trial, unit: str) -> None:
    """The document has the next number of the unit's outgoing register, printed on its signed PDF."""
    [line] = _lines(trial, "outgoing")
    assert line in _book(trial, unit, "outgoing"), f"{line.symbol} is not in the outgoing register of {unit}"
    assert line.number >= 1 and line.symbol.startswith(f"{line.number}/"), line.symbol
    _, pdf = records.document(trial.runtime, trial.desk.user_id(trial.user("văn thư", unit)), line.document_id)
    assert citizen.verify_file(trial.runtime, pdf).report.ok, "the numbered document's signature does not hold"


@then(parsers.parse('the incoming register of "{unit}" has "{summary}"'))
@then(parsers.parse('văn bản đến của "{unit}" có "{summary}"'))
def has_incoming(trial: Trial, unit: str, summary: str) -> None:
    """The unit received the document (registered in its incoming book); the scenario now follows it there."""
    found = [line for line in _book(trial, unit, "incoming") if line.summary == summary]
    assert found, f"{unit} has no incoming document {summary!r}: {[e.summary for e in _book(trial, unit, 'incoming')]}"
    trial.dossier_id = found[0].dossier_id


@when(parsers.parse('the leader of "{unit}" assigns the document to the specialist of "{handler}"'))
@when(parsers.parse('lãnh đạo của "{unit}" giao văn bản cho chuyên viên của "{handler}"'))
def assign(trial: Trial, unit: str, handler: str) -> None:
    """The leader gives the incoming document to the unit's specialists to handle."""
    assert unit == handler, "a leader assigns documents within their own unit"
    trial.desk.do(trial.user("lãnh đạo", unit), ASSIGN_TASK,
                  {"handling": "process", "assign_instruction": "Nghiên cứu, tham mưu trả lời"}, trial.current)


@when(parsers.parse('the specialist of "{unit}" answers the document'))
@when(parsers.parse('chuyên viên của "{unit}" trả lời văn bản'))
def answer(trial: Trial, unit: str) -> None:
    """The specialist drafts a written answer to the sender, for the leader to sign."""
    trial.desk.do(trial.user("chuyên viên", unit), PROCESS_TASK, {
        "outcome": "answer", "process_note": "Đã nghiên cứu, dự thảo văn bản trả lời", "answer_type": "Công văn",
        "answer_summary": "Trả lời văn bản", "answer_content": "Đơn vị đã tiếp nhận và triển khai thực hiện."},
        trial.current)


@when(parsers.parse('the leader of "{unit}" signs the answer'))
@when(parsers.parse('lãnh đạo của "{unit}" ký duyệt văn bản trả lời'))
def leader_signs_answer(trial: Trial, unit: str) -> None:
    """The leader signs the answer, numbered in the unit's outgoing register."""
    trial.desk.do(trial.user("lãnh đạo", unit), ANSWER_APPROVE_TASK, {"decision": "sign"}, trial.current)


@then(parsers.parse('the answer is signed and reaches "{unit}"'))
@then(parsers.parse('văn bản trả lời được ký số và đến "{unit}"'))
def answer_arrives(trial: Trial, unit: str) -> None:
    """The answer verifies and is in the sender's incoming register, with the same signed bytes."""
    [answer_line] = _lines(trial, "outgoing")
    arrived = [line for line in _book(trial, unit, "incoming") if line.symbol == answer_line.symbol
               and line.summary == answer_line.summary]
    assert arrived, f"{answer_line.symbol} has not reached {unit}"
    _, pdf = records.document(trial.runtime, trial.desk.user_id(trial.user("văn thư", unit)), arrived[0].document_id)
    report = citizen.verify_file(trial.runtime, pdf).report
    assert report.ok, report.reason


@when(parsers.parse('the specialist of "{unit}" records the minutes of "{title}" held on {day} at {hour}'))
@when(parsers.parse('chuyên viên của "{unit}" lập biên bản cuộc họp "{title}" ngày {day} lúc {hour}'))
def record_minutes(trial: Trial, unit: str, title: str, day: str, hour: str) -> None:
    """The meeting's secretary writes the minutes (the conference link included)."""
    specialist = trial.user("chuyên viên", unit)
    trial.dossier_id = trial.desk.start(specialist, trial.unit(unit), "meeting_minutes")
    trial.dossiers.append(trial.dossier_id)
    d, m, y = day.split("/")
    trial.desk.do(specialist, MINUTES_TASK, {
        "title": title, "meeting_date": f"{y}-{m}-{d}", "start_time": hour, "place": "Hội trường",
        "conference_link": "https://hop.example.gov.vn/phong-1", "chair": trial.user("lãnh đạo", unit),
        "secretary": specialist, "attendees": "Lãnh đạo và công chức các bộ phận",
        "content": "Các bộ phận báo cáo tình hình.", "conclusions": "Thống nhất triển khai."}, trial.current)


@when(parsers.parse('the leader of "{unit}" signs the minutes'))
@when(parsers.parse('lãnh đạo của "{unit}" ký biên bản họp'))
def leader_signs_minutes(trial: Trial, unit: str) -> None:
    """The chairing leader approves and signs the minutes."""
    trial.desk.do(trial.user("lãnh đạo", unit), MINUTES_APPROVE_TASK, {"decision": "sign"}, trial.current)


@then(parsers.parse('the minutes are signed and kept in the register of minutes of "{unit}"'))
@then(parsers.parse('biên bản họp được ký số và vào sổ biên bản của "{unit}"'))
def minutes_kept(trial: Trial, unit: str) -> None:
    """The minutes have a number in the unit's register of minutes and a signature that verifies."""
    [line] = _lines(trial, "minutes")
    assert line in _book(trial, unit, "minutes")
    _, pdf = records.document(trial.runtime, trial.desk.user_id(trial.user("văn thư", unit)), line.document_id)
    assert citizen.verify_file(trial.runtime, pdf).report.ok
