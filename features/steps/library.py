"""The trial step library, in English and Vietnamese: each step function carries both phrasings.

Steps act through the same services the clerks' UI calls. Dates are written
dd/mm/yyyy and times HH:MM, as on Vietnamese slips.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from pytest_bdd import given, parsers, then, when

from features.steps.land_change import (
    ASK_SUPPLEMENT,
    RETURN_DATA,
    SEND_BACK,
    SIGN,
    SUPPLEMENT_DATA,
    VERIFY,
    receive_data,
)
from motcua.domain.clock import VN_TZ
from motcua.services import citizen, queries, records
from motcua.services.transfers import hand_over_unit
from motcua.trial.failures import expect, sentence
from motcua.trial.pdf import pdf_text
from motcua.trial.rehearsal import KINDS, ONE_UNIT, TWO_UNITS

from .trial import Trial

RISK = {"nearly due": "near_due", "overdue": "overdue", "sắp đến hạn": "near_due", "quá hạn": "overdue"}
TIMELINESS = {"early": "early", "on time": "on_time", "late": "late",
              "trước hạn": "early", "đúng hạn": "on_time", "quá hạn": "late"}
RECEIVE_TASK, VERIFY_TASK, APPROVE_TASK = "Tiếp nhận, kiểm tra hồ sơ", "Thẩm định hồ sơ", "Phê duyệt kết quả"
SUPPLEMENT_TASK, APOLOGY_TASK, RETURN_TASK = ("Tiếp nhận hồ sơ bổ sung", "Lập phiếu xin lỗi, hẹn lại ngày trả",
                                              "Trả kết quả cho công dân")


def _moment(day: str, hour: str = "08:00") -> datetime:
    return datetime.strptime(f"{day} {hour}", "%d/%m/%Y %H:%M").replace(tzinfo=VN_TZ)


HAND_OVER_NOT_OVER_HTTP = {
    "vi": "bàn giao cả đơn vị là lệnh `motcua hand-over` trên máy chủ; trang hồ sơ chỉ chuyển từng hồ sơ và giữ "
          "nơi trả kết quả cũ, nên không làm thay được.",
    "en": "a whole unit's hand-over is the server command `motcua hand-over`; a dossier's page moves one dossier "
          "and keeps its old counter for the result, so it cannot stand in for it.",
}


# --- the world -------------------------------------------------------------------------------------------

@given(parsers.parse(TWO_UNITS[0], extra_types=KINDS))
@given(parsers.parse(TWO_UNITS[1], extra_types=KINDS))
def two_units(trial: Trial, kind_a: str, a: str, kind_b: str, b: str, province: str) -> None:
    """Declare two units of a province (created with their staff when missing)."""
    trial.ensure_unit(kind_a, a, province)
    trial.ensure_unit(kind_b, b, province)


@given(parsers.parse(ONE_UNIT[0], extra_types=KINDS))
@given(parsers.parse(ONE_UNIT[1], extra_types=KINDS))
def one_unit(trial: Trial, kind: str, name: str, province: str) -> None:
    """Declare one unit of a province."""
    trial.ensure_unit(kind, name, province)


@given(parsers.parse("today is {day} at {hour}"))
@given(parsers.parse("hôm nay là {day} lúc {hour}"))
def today(trial: Trial, day: str, hour: str) -> None:
    """Set the trial's clock."""
    trial.at(_moment(day, hour))


# --- citizens at the counter -----------------------------------------------------------------------------

def _submit(trial: Trial, procedure: str, unit: str, parcel: str | None = None, missing: str | None = None,
            decision: str = "receive", note: str = "", rows: list[list[str]] | None = None) -> None:
    """A citizen's dossier received at ``unit``: the catalogue's papers all handed in (but ``missing``), the
    table's rows in the words of the procedure's reception form; without a table, sample data the form accepts
    (the land-change form gets the trial's parcel, decided by ``parcel`` or ``unit``)."""
    loaded = trial.procedure(procedure)
    task_id, title = trial.start("reception clerk", unit, loaded.procedure.slug)
    form = trial.task_form(loaded.procedure.slug, title)
    properties = form.schema.get("properties", {}) if form else {}
    papers = [{"name": p.name, "originals": 0 if missing and p.name.startswith(missing) else p.originals,
               "copies": 0 if missing and p.name.startswith(missing) else p.copies} for p in loaded.procedure.papers]
    home = trial.unit(parcel or unit)
    known = {k: v for k, v in receive_data(parcel_unit=home, decision=decision, note=note).items() if k in properties}
    given = {**known, **({"papers_received": papers} if "papers_received" in properties else {})}
    trial.complete("reception clerk", unit, task_id, title, form, loaded.procedure,
                   rows=rows, given={**(APPLICANT if rows is not None else {}), **given})


@given(parsers.parse('a citizen submits "{procedure}" at "{unit}" for a parcel in "{parcel}"'))
@when(parsers.parse('a citizen submits "{procedure}" at "{unit}" for a parcel in "{parcel}"'))
@given(parsers.parse('công dân nộp hồ sơ "{procedure}" tại "{unit}" cho thửa đất ở "{parcel}"'))
@when(parsers.parse('công dân nộp hồ sơ "{procedure}" tại "{unit}" cho thửa đất ở "{parcel}"'))
def submit_for_parcel(trial: Trial, procedure: str, unit: str, parcel: str) -> None:
    """A complete dossier is received at one unit for a parcel decided by another."""
    _submit(trial, procedure, unit, parcel)


@given(parsers.parse('a citizen submits "{procedure}" at "{unit}"'))
@when(parsers.parse('a citizen submits "{procedure}" at "{unit}"'))
@given(parsers.parse('công dân nộp hồ sơ "{procedure}" tại "{unit}"'))
@when(parsers.parse('công dân nộp hồ sơ "{procedure}" tại "{unit}"'))
def submit(trial: Trial, procedure: str, unit: str) -> None:
    """A complete dossier is received where it is decided."""
    _submit(trial, procedure, unit)


@when(parsers.parse('a citizen submits "{procedure}" at "{unit}" without "{paper}"'))
@when(parsers.parse('công dân nộp hồ sơ "{procedure}" tại "{unit}" còn thiếu "{paper}"'))
def submit_incomplete(trial: Trial, procedure: str, unit: str, paper: str) -> None:
    """The clerk finds a paper missing and guides the citizen to complete the dossier."""
    _submit(trial, procedure, unit, missing=paper, decision="supplement", note=f"Bổ sung {paper}")


@when(parsers.parse('the citizen comes back to "{unit}" with all the papers'))
@when(parsers.parse('công dân quay lại "{unit}" với đủ giấy tờ'))
def complete_papers(trial: Trial, unit: str) -> None:
    """The same dossier is received again, now complete."""
    trial.do("reception clerk", unit, RECEIVE_TASK, receive_data(parcel_unit=trial.unit(unit)))


@when(parsers.parse('the citizen brings the supplement to "{unit}"'))
@when(parsers.parse('công dân nộp hồ sơ bổ sung tại "{unit}"'))
def bring_supplement(trial: Trial, unit: str) -> None:
    """The reception clerk takes the supplementary papers; the clock restarts."""
    trial.do("reception clerk", unit, SUPPLEMENT_TASK, SUPPLEMENT_DATA)


APPLICANT = {"applicant_name": "Nguyễn Văn Thử", "applicant_id_number": "080190009999",
             "applicant_phone": "0909123456"}


@given(parsers.parse('a citizen submits "{procedure}" at "{unit}" with:'))
@when(parsers.parse('a citizen submits "{procedure}" at "{unit}" with:'))
@given(parsers.parse('công dân nộp hồ sơ "{procedure}" tại "{unit}" với:'))
@when(parsers.parse('công dân nộp hồ sơ "{procedure}" tại "{unit}" với:'))
def submit_with(trial: Trial, procedure: str, unit: str, datatable: list[list[str]]) -> None:
    """Any procedure: a complete dossier with all its papers; the table gives the procedure's own fields, each
    named by its title on the form (or its key), a choice by its title (or value), dates dd/mm/yyyy."""
    _submit(trial, procedure, unit, rows=datatable[1:])


@when(parsers.parse('the {role} of "{unit}" completes "{title}" with:'))
@when(parsers.parse('{role} của "{unit}" hoàn thành "{title}" với:'))
def complete_with(trial: Trial, role: str, unit: str, title: str, datatable: list[list[str]]) -> None:
    """Any step of any procedure, by its title as the inbox shows it, with its form's fields in its words."""
    trial.do(role, unit, title, rows=datatable[1:])


@when(parsers.parse('the {role} of "{unit}" completes "{title}"'))
@when(parsers.parse('{role} của "{unit}" hoàn thành "{title}"'))
def complete(trial: Trial, role: str, unit: str, title: str) -> None:
    """Any step of any procedure, by its title, with sample data its form accepts (its first choices)."""
    trial.do(role, unit, title)


# --- the back office -------------------------------------------------------------------------------------

@when(parsers.parse('the specialist of "{unit}" approves the dossier'))
@when(parsers.parse('chuyên viên của "{unit}" thẩm định đạt'))
def specialist_approves(trial: Trial, unit: str) -> None:
    """The specialist verifies and proposes to approve."""
    trial.do("specialist", unit, VERIFY_TASK, VERIFY)


@when(parsers.parse('the specialist of "{unit}" asks for a supplement'))
@when(parsers.parse('chuyên viên của "{unit}" yêu cầu bổ sung'))
def specialist_asks(trial: Trial, unit: str) -> None:
    """The specialist asks the citizen for more papers; the clock stops."""
    trial.do("specialist", unit, VERIFY_TASK, ASK_SUPPLEMENT)


@when(parsers.parse('the leader of "{unit}" signs the result'))
@when(parsers.parse('lãnh đạo của "{unit}" ký duyệt kết quả'))
def leader_signs(trial: Trial, unit: str) -> None:
    """The leader approves; the result is signed with their certificate."""
    trial.do("leader", unit, APPROVE_TASK, SIGN)


@when(parsers.parse('the leader of "{unit}" sends the dossier back'))
@when(parsers.parse('lãnh đạo của "{unit}" trả lại hồ sơ'))
def leader_sends_back(trial: Trial, unit: str) -> None:
    """The leader returns the dossier to the specialist."""
    trial.do("leader", unit, APPROVE_TASK, SEND_BACK)


@when(parsers.parse('the leader of "{unit}" apologises with a new date {n:d} working days later'))
@when(parsers.parse('lãnh đạo của "{unit}" xin lỗi và hẹn lại sau {n:d} ngày làm việc'))
def leader_apologises(trial: Trial, unit: str, n: int) -> None:
    """A late dossier gets its apology slip and a new appointment."""
    day = trial.now().date()
    for _ in range(n):
        day = trial.pack.calendar.next_working_day(day)
    trial.do("leader", unit, APOLOGY_TASK, {"delay_reason": "Chậm xác minh thực địa", "new_due_date": day.isoformat()})


@when(parsers.parse('the reception clerk of "{unit}" returns the result'))
@when(parsers.parse('cán bộ tiếp nhận của "{unit}" trả kết quả'))
def return_result(trial: Trial, unit: str) -> None:
    """The citizen collects the result at the counter."""
    trial.do("reception clerk", unit, RETURN_TASK, RETURN_DATA)


@when(parsers.parse('the running dossiers of "{source}" are handed over to "{target}"'))
@when(parsers.parse('hồ sơ đang giải quyết của "{source}" được bàn giao cho "{target}"'))
def hand_over(trial: Trial, source: str, target: str) -> None:
    """A unit's running dossiers move to another, with their open tasks, and their citizens collect the results
    at the new unit (the old counter closes)."""
    trial.in_process(HAND_OVER_NOT_OVER_HTTP)
    hand_over_unit(trial.runtime, trial.unit(source), trial.unit(target), "Bàn giao khi sắp xếp đơn vị hành chính")


@when(parsers.parse("{n:d} working days pass"))
@when(parsers.parse("{n:d} ngày làm việc trôi qua"))
def working_days_pass(trial: Trial, n: int) -> None:
    """Time moves on by working days (weekends and holidays skipped)."""
    trial.pass_working_days(n)


@when(parsers.parse("{n:d} hours pass"))
@when(parsers.parse("{n:d} giờ trôi qua"))
def hours_pass(trial: Trial, n: int) -> None:
    """Time moves on by hours."""
    trial.later(timedelta(hours=n))


# --- what the trial checks ---------------------------------------------------------------------------------

@then(parsers.parse("the dossier is returned {timeliness}"))
@then(parsers.parse("hồ sơ được trả {timeliness}"))
def returned(trial: Trial, timeliness: str) -> None:
    """The dossier was returned, classified as said."""
    facts = trial.facts()
    expect(facts.status == "returned", trial.language, "not_returned", status=facts.status)
    expect(facts.timeliness == TIMELINESS[timeliness], trial.language, "timeliness", found=facts.timeliness,
           wanted=timeliness)


@then(parsers.parse('the dossier waits for the {role} of "{unit}"'))
@then(parsers.parse('hồ sơ chờ {role} của "{unit}"'))
def waits_for(trial: Trial, role: str, unit: str) -> None:
    """The dossier's next task is in that person's inbox."""
    expect(trial.waiting_for(role, unit), trial.language, "not_waiting",
           who=sentence(trial.language, "who", role=role, unit=unit))


@then(parsers.parse('the {role} of "{unit}" has nothing to do'))
@then(parsers.parse('{role} của "{unit}" không có việc nào'))
def nothing_to_do(trial: Trial, role: str, unit: str) -> None:
    """That person's inbox is empty."""
    n = trial.inbox_size(role, unit)
    expect(n == 0, trial.language, "has_work", who=sentence(trial.language, "who", role=role, unit=unit), n=n)


@then(parsers.parse('the leader of "{unit}" is told that "{step}" is {level}'))
@then(parsers.parse('lãnh đạo của "{unit}" được báo bước "{step}" {level}'))
def leader_told(trial: Trial, unit: str, step: str, level: str) -> None:
    """The step's timer fired (the worker runs whenever time passes) and the unit's leader got one notice of it."""
    if trial.web is not None:
        notices = [(kind, name) for kind, name, dossier in trial.web.notices(trial.account("leader", unit))
                   if dossier == trial.current]
    else:
        leader = trial.desk.user_id(trial.user("leader", unit))
        notices = [(n.kind, n.step) for n in queries.notices(trial.runtime, leader) if n.dossier_id == trial.current]
    wanted = [n for n in notices if n == (f"sla.{RISK[level]}", step)]
    expect(len(wanted) == 1, trial.language, "notices", unit=unit, found=notices, step=step, level=level)


@then(parsers.parse("the dossier is marked {level}"))
@then(parsers.parse("hồ sơ bị đánh dấu {level}"))
def marked(trial: Trial, level: str) -> None:
    """The register marks the dossier at risk while its open step is nearly due or overdue."""
    at_risk = trial.facts().at_risk
    expect(at_risk == RISK[level], trial.language, "risk", found=at_risk or "-", wanted=level)


@then("the dossier is not at risk")
@then("hồ sơ không bị đánh dấu rủi ro")
def not_at_risk(trial: Trial) -> None:
    """No open step of the dossier is nearly due or overdue."""
    at_risk = trial.facts().at_risk
    expect(at_risk is None, trial.language, "risk", found=at_risk, wanted="-")


@then(parsers.parse("the appointment is {day} at {hour}"))
@then(parsers.parse("ngày hẹn trả là {day} lúc {hour}"))
def appointment(trial: Trial, day: str, hour: str) -> None:
    """The dossier's due moment."""
    due = trial.facts().due_at
    expect(due == _moment(day, hour), trial.language, "appointment", found=f"{due:%d/%m/%Y %H:%M}" if due else "-",
           wanted=f"{day} {hour}")


@then(parsers.parse('the dossier status is "{status}"'))
@then(parsers.parse('trạng thái hồ sơ là "{status}"'))
def status_is(trial: Trial, status: str) -> None:
    """The register's status code (processing, supplement, awaiting_return, returned, refused, stopped)."""
    found = trial.facts().status
    expect(found == status, trial.language, "status", found=found, wanted=status)


@then("the control sheet shows these hand-overs:")
@then("phiếu kiểm soát ghi các lần chuyển giao:")
def control_sheet_shows(trial: Trial, datatable: list[list[str]]) -> None:
    """Each row: the step handed on, and who received it (role · unit), as printed on the sheet."""
    if trial.web is not None:
        name, pdf = "phieu-kiem-soat.pdf", trial.web.control_sheet(trial.viewer(), trial.current)
    else:
        user_id = trial.desk.user_id(trial.desk_user(trial.current))
        name, pdf = records.control_sheet_pdf(trial.runtime, user_id, trial.current)
    text = pdf_text(pdf)
    for step, received_by in datatable[1:]:
        expect(step in text and received_by in text, trial.language, "not_on_sheet", step=step, receiver=received_by)


@then(parsers.parse('the result is signed by the leader of "{unit}" and verifies'))
@then(parsers.parse('kết quả được lãnh đạo của "{unit}" ký số và xác thực hợp lệ'))
def result_verifies(trial: Trial, unit: str) -> None:
    """Anyone can verify the signed result by its dossier code."""
    code = trial.facts().code
    if trial.web is not None:
        answer = trial.web.verify(code)
        expect(answer["ok"], trial.language, "not_verified", reason=answer["reason"])
        signer = answer["signatures"][0]["unit"]
        expect(signer.endswith(unit), trial.language, "signed_elsewhere", found=signer, unit=unit)
        return
    verification = citizen.verify_dossier(trial.runtime, code)
    expect(verification is not None and verification.report.ok, trial.language, "not_verified",
           reason=verification.report.reason if verification else "-")
    assert verification is not None
    signer = verification.report.signatures[0].unit
    expect(signer.endswith(unit), trial.language, "signed_elsewhere", found=signer, unit=unit)


@then("the citizen finds the dossier with the last 4 digits of their phone")
@then("công dân tra cứu được hồ sơ bằng 4 số cuối điện thoại")
def citizen_finds(trial: Trial) -> None:
    """The public lookup answers with the masked dossier."""
    code, digits = trial.facts().code, RETURN_DATA["recipient_id_number"][-4:]
    if trial.web is not None:
        expect(trial.web.lookup(code, digits), trial.language, "lookup_missing", code=code, digits=digits)
        return
    found = citizen.lookup(trial.runtime, code, digits)
    expect(found is not None and found.code == code, trial.language, "lookup_missing", code=code, digits=digits)
