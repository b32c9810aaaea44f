"""Trial steps: dossiers sent online, and 1022 feedback, in English and Vietnamese.

Steps call the services the public pages and the clerks' desk call. A procedure's online form is filled in
with the trial applicant and a plausible value for each required field, or with the rows of a table.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from pytest_bdd import given, parsers, then, when

from motcua.domain.text import fold
from motcua.engine.forms import Form
from motcua.services import feedback, online, queries
from motcua.services.errors import InvalidSubmission
from motcua.services.people import holders
from motcua.services.queries import unit_choices
from motcua.services.steps import Upload
from motcua.trial.failures import closest, expect, failure
from motcua.trial.words import FormWords

from .library import APPLICANT, TIMELINESS
from .trial import Trial

PATTERNED = ("12", "1", "080190009999", "0909123456", "A1")  # numbers, ID, phone, sheet
SCAN = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CLASSIFY, ANSWER = "Tiếp nhận, phân loại phản ánh, kiến nghị", "Xử lý, dự thảo trả lời phản ánh, kiến nghị"
APPROVE, NOTIFY = "Duyệt nội dung trả lời", "Thông báo kết quả cho người phản ánh"
SEND = "Gửi phản ánh, kiến nghị"
CALLER = {"applicant_name": "Người dân thử nghiệm", "applicant_phone": "0909000111"}


def _sample(trial: Trial, form: Form, name: str, unit: str) -> Any:
    """A plausible value for a required field the scenario does not mention."""
    prop, widget = form.schema["properties"][name], form.uischema.get(name, {}).get("ui:widget")
    if name in APPLICANT:
        return APPLICANT[name]
    if widget == "unit":
        return trial.unit(unit)
    if "oneOf" in prop:
        return prop["oneOf"][0]["const"]
    if prop.get("format") == "date":
        return "2000-01-01"
    if prop.get("type") in ("integer", "number"):
        return max(1, prop.get("minimum", 1))
    if prop.get("type") == "boolean":
        return True
    if prop.get("pattern"):
        fits = [c for c in PATTERNED if re.search(prop["pattern"], c)]
        expect(fits, trial.language, "no_sample", name=name, pattern=prop["pattern"])
        return fits[0]
    return "Nội dung thử nghiệm"[: prop.get("maxLength", 100)]


def _send_online(trial: Trial, procedure: str, unit: str, table: list[list[str]] | None = None) -> None:
    slug = trial.procedure(procedure).procedure.slug
    if trial.web is not None:  # the citizen's part of the intake form, as the public page offers it
        intake = trial.pack.get(slug).compiled.forms.get(online.intake_form_name(slug))
        expect(intake is not None, trial.language, "not_online", name=procedure)
        assert intake is not None
        form = online.citizen_part(intake)
    else:
        form = online.online_form(trial.runtime, slug).form
    given = FormWords(form, trial.language).typed(table[1:], trial.unit) if table else {}
    uploads = [name for name in form.uploads() if name in form.schema["required"]]
    data = {name: _sample(trial, form, name, unit) for name in form.schema["required"] if name not in uploads}
    trial.before_dossier()
    if trial.web is not None:
        code = trial.web.submit_online(slug, trial.unit(unit), {**data, **given}, uploads, form)
        trial.follow(trial.web.dossier_in_inbox(trial.account("reception clerk", unit), code), trial.unit(unit))
        return
    files = {name: Upload(f"{name}.pdf", SCAN) for name in uploads}
    sent = online.submit(trial.runtime, slug, trial.unit(unit), {**data, **given}, files)
    trial.follow(sent.dossier_id, trial.unit(unit))


@given(parsers.parse('a citizen submits "{procedure}" online to "{unit}"'))
@when(parsers.parse('a citizen submits "{procedure}" online to "{unit}"'))
@given(parsers.parse('công dân nộp trực tuyến hồ sơ "{procedure}" gửi "{unit}"'))
@when(parsers.parse('công dân nộp trực tuyến hồ sơ "{procedure}" gửi "{unit}"'))
def submit_online(trial: Trial, procedure: str, unit: str) -> None:
    """A dossier sent from the procedure's sheet to a ward; it waits for that ward's reception clerk.
    (``Then the dossier waits for the reception clerk of "…"`` checks it, as for a counter dossier.)"""
    _send_online(trial, procedure, unit)


@when(parsers.parse('a citizen submits "{procedure}" online to "{unit}" with:'))
@when(parsers.parse('công dân nộp trực tuyến hồ sơ "{procedure}" gửi "{unit}" với:'))
def submit_online_with(trial: Trial, procedure: str, unit: str, datatable: list[list[str]]) -> None:
    """The same, with the procedure's own fields given as "field | value" rows."""
    _send_online(trial, procedure, unit, datatable)


@then(parsers.parse('the dossier was sent online and is received like one from the counter'))
@then(parsers.parse('hồ sơ nộp trực tuyến được tiếp nhận như hồ sơ nộp trực tiếp'))
def online_like_counter(trial: Trial) -> None:
    """Its first step is the counter's intake step, in the reception clerk's inbox, with the citizen's data."""
    if trial.web is not None:
        clerk = trial.viewer()
        row = next(r for r in trial.web.inbox(clerk) if r.dossier_id == trial.current)
        values = trial.web.task_values(clerk, row.task_id)
        intake = trial.task_form(trial.facts().procedure, row.title)
        expect(intake and intake.name == online.intake_form_name(trial.facts().procedure)
               and values.get("applicant_name") == APPLICANT["applicant_name"], trial.language, "not_like_counter",
               task=row.title)
        return
    clerk_name = trial.desk_user(trial.current)
    task = next(t for t in queries.inbox(trial.runtime, trial.desk.user_id(clerk_name))
                if t.dossier.id == trial.current)
    view = queries.task_view(trial.runtime, trial.desk.user_id(clerk_name), task.task_id)
    expect(view.form and view.form.name == online.intake_form_name(task.dossier.procedure_slug)
           and view.prefill.get("applicant_name") == APPLICANT["applicant_name"], trial.language, "not_like_counter",
           task=view.title)


# --- 1022 feedback ---------------------------------------------------------------------------------------

def _request_form(trial: Trial) -> Form:
    """The feedback form a person fills in (the pack's intake form without the operator's part)."""
    if trial.web is None:
        return feedback.request_form(trial.runtime).form
    intake = trial.pack.get(feedback.SLUG).compiled.forms[online.intake_form_name(feedback.SLUG)]
    return online.citizen_part(intake)


def _category(trial: Trial, words: str) -> str:
    options = _request_form(trial).schema["properties"]["service_code"]["oneOf"]
    for option in options:
        name = str(option.get("title", option["const"]))
        if fold(words) in (fold(option["const"]), fold(name)) or fold(words) in fold(name):
            return str(option["const"])
    names = [str(o.get("title", o["const"])) for o in options]
    raise failure(trial.language, "no_category", name=words, closest=closest(trial.language, words, names),
                  names=", ".join(f"«{n}»" for n in names))


def _center(trial: Trial, name: str) -> str:
    """The name of the 1022 center a scenario names: a unit by its name, or the one unit with a 1022 operator
    whose name contains it ("Tây Ninh" for the demo's "Tỉnh Tây Ninh (demo)")."""
    try:
        trial.unit(name)
        return name
    except AssertionError:
        if trial.accounts is not None:
            units = [full for full, unit in trial.accounts.units.items() if unit.get(feedback.OPERATOR)]
        else:
            units = [full for code, full in unit_choices(trial.runtime) if holders(trial.runtime, code,
                                                                                   feedback.OPERATOR)]
        found = [full for full in units if fold(name) in fold(full)]
        expect(len(found) == 1, trial.language, "no_center", name=name, closest=closest(trial.language, name, units))
        return found[0]


@contextmanager
def _worded(trial: Trial) -> Iterator[None]:
    """A refused feedback form told as the tester's sentence: each field by its title, what it needs."""
    try:
        yield
    except InvalidSubmission as exc:
        words = FormWords(_request_form(trial), trial.language)
        raise failure(trial.language, "refused", form=words.title, task=SEND,
                      problems=words.refusal(exc.errors)) from None


def _request(trial: Trial, category: str, text: str) -> dict[str, Any]:
    return {**CALLER, "service_code": _category(trial, category), "feedback_kind": "phan_anh", "description": text}


@when(parsers.parse('a citizen sends feedback "{category}" online to the 1022 center of "{center}": "{text}"'))
@when(parsers.parse('người dân gửi trực tuyến phản ánh "{category}" đến tổng đài 1022 của "{center}": "{text}"'))
def send_feedback(trial: Trial, category: str, center: str, text: str) -> None:
    """Feedback sent from the public form (or Open311), received at that 1022 center. (Over HTTP the public
    form sends it to the deployment's 1022 center, the one its operators answer.)"""
    where = _center(trial, center)
    trial.before_dossier()
    if trial.web is not None:
        code = trial.web.send_feedback(_request(trial, category, text))
        operator = trial.account("tổng đài viên", where)
        trial.follow(trial.web.dossier_in_inbox(operator, code), trial.unit(where), feedback.SLUG, "tổng đài viên")
        return
    with _worded(trial):
        received = feedback.receive(trial.runtime, _request(trial, category, text), source="online",
                                    center=trial.unit(where))
    trial.follow(received.dossier_id, trial.unit(where), feedback.SLUG, "tổng đài viên")


@when(parsers.parse('the 1022 operator of "{center}" takes a call about "{category}": "{text}"'))
@when(parsers.parse('tổng đài viên của "{center}" nhận cuộc gọi phản ánh "{category}": "{text}"'))
def take_call(trial: Trial, center: str, category: str, text: str) -> None:
    """Feedback by phone: the operator types it in."""
    where = _center(trial, center)
    trial.before_dossier()
    if trial.web is not None:
        operator = trial.account("tổng đài viên", where)
        task_id = trial.web.take_call(operator, _request(trial, category, text))
        trial.follow(trial.web.task_dossier(operator, task_id)[0], trial.unit(where), feedback.SLUG, "tổng đài viên")
        return
    with _worded(trial):
        received = feedback.receive(trial.runtime, _request(trial, category, text), source="phone",
                                    user_id=trial.desk.user_id(trial.user("tổng đài viên", where)))
    trial.follow(received.dossier_id, trial.unit(where), feedback.SLUG, "tổng đài viên")


@when(parsers.parse('the 1022 operator of "{center}" routes the feedback to "{unit}"'))
@when(parsers.parse('tổng đài viên của "{center}" chuyển phản ánh đến "{unit}"'))
def route_feedback(trial: Trial, center: str, unit: str) -> None:
    """Classified and sent to the unit responsible for it."""
    trial.do("tổng đài viên", _center(trial, center), CLASSIFY,
             {"decision": "route", "responsible_unit": trial.unit(unit)})


@when(parsers.parse('the 1022 operator of "{center}" declines the feedback because "{reason}"'))
@when(parsers.parse('tổng đài viên của "{center}" không xử lý phản ánh vì "{reason}"'))
def decline_feedback(trial: Trial, center: str, reason: str) -> None:
    """Not handled (unclear, duplicate, out of scope); the reason is what the citizen reads."""
    trial.do("tổng đài viên", _center(trial, center), CLASSIFY, {"decision": "reject", "reject_reason": reason})


@when(parsers.parse('the specialist of "{unit}" answers the feedback: "{answer}"'))
@when(parsers.parse('chuyên viên của "{unit}" trả lời phản ánh: "{answer}"'))
def answer_feedback(trial: Trial, unit: str, answer: str) -> None:
    """The responsible unit's specialist drafts the answer for the leader."""
    trial.do("specialist", unit, ANSWER, {"answer_decision": "answer", "answer": answer})


@when(parsers.parse('the specialist of "{unit}" sends the feedback back: "{reason}"'))
@when(parsers.parse('chuyên viên của "{unit}" trả lại phản ánh không thuộc thẩm quyền: "{reason}"'))
def not_ours(trial: Trial, unit: str, reason: str) -> None:
    """Not this unit's business: back to the 1022 center to be routed again."""
    trial.do("specialist", unit, ANSWER, {"answer_decision": "not_ours", "not_ours_reason": reason})


@when(parsers.parse('the leader of "{unit}" approves the answer'))
@when(parsers.parse('lãnh đạo của "{unit}" duyệt nội dung trả lời'))
def approve_answer(trial: Trial, unit: str) -> None:
    """The answer becomes public."""
    trial.do("leader", unit, APPROVE, {"approval": "approve"})


@when(parsers.parse('the 1022 operator of "{center}" tells the citizen'))
@when(parsers.parse('tổng đài viên của "{center}" thông báo kết quả cho người dân'))
def tell_citizen(trial: Trial, center: str) -> None:
    """The person is called back (or texted) and the feedback is closed."""
    trial.do("tổng đài viên", _center(trial, center), NOTIFY, {"notified_by": "phone"})


def _public(trial: Trial) -> dict[str, Any]:
    """What anyone reads by the feedback's code (status, timeliness, agency, answer), and the page's text."""
    code = trial.facts().code
    if trial.web is not None:
        return trial.web.feedback_lookup(code)
    found = feedback.lookup(trial.runtime, code)
    expect(found is not None, trial.language, "lookup_missing", code=code, digits="-")
    assert found is not None
    return {"status": found.status, "timeliness": found.timeliness, "agency": found.agency,
            "answer": found.answer or found.closing_note or "", "text": repr(found)}


@then(parsers.parse('the citizen looks the feedback up by its code and reads "{answer}"'))
@then(parsers.parse('người dân tra cứu phản ánh bằng mã và đọc được "{answer}"'))
def reads_answer(trial: Trial, answer: str) -> None:
    """The lookup by code shows the published answer (or the reason it was not handled), and nobody's name."""
    found = _public(trial)
    expect(found["answer"] == answer, trial.language, "feedback_answer", found=found["answer"], wanted=answer)
    expect(CALLER["applicant_name"] not in found["text"] and CALLER["applicant_phone"] not in found["text"],
           trial.language, "feedback_private")


@then(parsers.parse("the feedback is closed {timeliness}"))
@then(parsers.parse("phản ánh được kết thúc {timeliness}"))
def closed_in_time(trial: Trial, timeliness: str) -> None:
    """Closed, and answered early, on time or late against its 10 working days."""
    found = _public(trial)
    expect((found["status"], found["timeliness"]) == ("closed", TIMELINESS[timeliness]), trial.language,
           "feedback_state", status=found["status"], timeliness=found["timeliness"] or "-", wanted=timeliness)


@then(parsers.parse('the feedback is handled by "{unit}"'))
@then(parsers.parse('phản ánh đang do "{unit}" xử lý'))
def handled_by(trial: Trial, unit: str) -> None:
    """The agency responsible, as the public sees it."""
    agency = _public(trial)["agency"]
    expect(agency.endswith(unit), trial.language, "feedback_agency", found=agency, unit=unit)
