"""1022 feedback end to end through the services: received by phone or online, classified, routed to the
responsible ward, answered there on time (or late, escalated), approved, the person told, closed; the public
lookup shows status and the published answer, never the person."""
from __future__ import annotations

from datetime import timedelta

import pytest

from motcua.domain.clock import FixedClock
from motcua.services import feedback, queries
from motcua.services.errors import Forbidden, InvalidSubmission
from motcua.services.runtime import Runtime
from motcua.services.steps import Upload
from motcua.trial.desk import Desk

OPERATOR, SPECIALIST, LEADER = "tongdai.tayninh", "chuyenvien.longan", "lanhdao.longan"
CLASSIFY, ANSWER = "Tiếp nhận, phân loại phản ánh, kiến nghị", "Xử lý, dự thảo trả lời phản ánh, kiến nghị"
APPROVE, NOTIFY = "Duyệt nội dung trả lời", "Thông báo kết quả cho người phản ánh"
PERSON = {"applicant_name": "Trần Thị Bích", "applicant_phone": "0912345678", "email": "bich@example.vn"}
REQUEST = {"service_code": "moi-truong", "feedback_kind": "phan_anh", "address": "Hẻm 12 đường Hùng Vương",
           "description": "Rác thải ứ đọng ở đầu hẻm 12 đã ba ngày chưa được thu gom.", **PERSON}
ROUTE = {"decision": "route", "responsible_unit": "80001"}
ANSWERED = {"answer_decision": "answer", "answer": "Phường đã bố trí thu gom rác tại hẻm 12 ngày 26/11/2025."}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def classify(desk: Desk, dossier_id: int, decision: dict) -> None:
    """The operator confirms what was received (the form comes filled in) and decides where it goes."""
    task = next(t for t in queries.inbox(desk.runtime, desk.user_id(OPERATOR))
                if t.title == CLASSIFY and t.dossier.id == dossier_id)
    view = queries.task_view(desk.runtime, desk.user_id(OPERATOR), task.task_id)
    desk.do(OPERATOR, CLASSIFY, {**view.prefill, **decision}, dossier_id)


def test_online_feedback_is_classified_routed_answered_on_time_and_closed(runtime: Runtime, clock: FixedClock) -> None:
    desk = Desk(runtime)
    received = feedback.receive(runtime, REQUEST, source="online", files={"attachment": Upload("rac.png", PNG)})
    assert received.code.startswith("000.00.00.H53-251124-")
    assert received.due_at.strftime("%d/%m/%Y %H:%M") == "08/12/2025 17:00"  # 10 working days
    assert (CLASSIFY, received.dossier_id) in desk.tasks(OPERATOR)
    view = queries.task_view(runtime, desk.user_id(OPERATOR), desk_task(desk, OPERATOR, CLASSIFY))
    assert view.prefill["description"] == REQUEST["description"]  # the operator sees what the person sent
    assert view.prefill["attachment"].startswith("attachment-") and view.prefill["attachment"].endswith(".png")

    classify(desk, received.dossier_id, ROUTE)
    assert feedback.lookup(runtime, received.code).agency == "Phường Long An"
    clock.advance(timedelta(days=2))
    desk.do(SPECIALIST, ANSWER, ANSWERED, received.dossier_id)
    assert feedback.lookup(runtime, received.code).answer is None  # not public before the leader approves
    desk.do(LEADER, APPROVE, {"approval": "approve"}, received.dossier_id)
    public = feedback.lookup(runtime, received.code)
    assert (public.status, public.stage, public.answer) == ("open", "answered", ANSWERED["answer"])
    desk.do(OPERATOR, NOTIFY, {"notified_by": "sms"}, received.dossier_id)

    public = feedback.lookup(runtime, received.code)
    assert (public.status, public.stage, public.timeliness) == ("closed", "answered_closed", "early")
    assert public.agency == "Phường Long An" and public.service_name == "Môi trường, vệ sinh, rác thải"
    shown = repr(public)
    assert all(secret not in shown for secret in ("Bích", "0912345678", "bich@example.vn"))
    history = [e.kind for e in desk.dossier(received.dossier_id, OPERATOR).history]
    assert history.count("dossier.transferred") == 2  # to the ward and back to the 1022 center


def desk_task(desk: Desk, username: str, title: str) -> str:
    return next(t.task_id for t in queries.inbox(desk.runtime, desk.user_id(username)) if t.title == title)


def test_operator_takes_feedback_by_phone_and_the_ward_sends_back_what_is_not_its_own(runtime: Runtime) -> None:
    desk = Desk(runtime)
    received = feedback.receive(runtime, {**REQUEST, "service_code": "an-ninh-trat-tu"}, source="phone",
                                user_id=desk.user_id(OPERATOR))
    assert received.first_task_id == desk_task(desk, OPERATOR, CLASSIFY)
    classify(desk, received.dossier_id, ROUTE)
    desk.do(SPECIALIST, ANSWER, {"answer_decision": "not_ours", "not_ours_reason": "Thuộc Kiến Tường"},
            received.dossier_id)
    classify(desk, received.dossier_id, {"decision": "route", "responsible_unit": "80002"})
    assert feedback.lookup(runtime, received.code).agency == "Phường Kiến Tường"
    desk.do("chuyenvien.kientuong", ANSWER, ANSWERED, received.dossier_id)
    desk.do("lanhdao.kientuong", APPROVE, {"approval": "revise", "leader_comment": "Nêu rõ ngày xử lý"},
            received.dossier_id)
    desk.do("chuyenvien.kientuong", ANSWER, ANSWERED, received.dossier_id)
    desk.do("lanhdao.kientuong", APPROVE, {"approval": "approve"}, received.dossier_id)
    desk.do(OPERATOR, NOTIFY, {"notified_by": "phone"}, received.dossier_id)
    assert feedback.lookup(runtime, received.code).status == "closed"


def test_feedback_out_of_scope_is_closed_with_the_reason_told(runtime: Runtime) -> None:
    desk = Desk(runtime)
    received = feedback.receive(runtime, REQUEST, source="online")
    classify(desk, received.dossier_id, {"decision": "reject", "reject_reason": "Nội dung trùng phản ánh đã trả lời"})
    public = feedback.lookup(runtime, received.code)
    assert (public.status, public.stage, public.closing_note) == ("closed", "rejected",
                                                                   "Nội dung trùng phản ánh đã trả lời")


def test_an_answer_not_given_in_time_warns_then_escalates_to_the_ward_leaders(runtime: Runtime,
                                                                               clock: FixedClock) -> None:
    from features.steps.trial import Trial

    desk = Desk(runtime)
    trial = Trial(runtime.pack, runtime)
    received = feedback.receive(runtime, REQUEST, source="online")
    classify(desk, received.dossier_id, ROUTE)
    trial.pass_working_days(7)  # P6D runs to the closing time of the 6th working day
    notices = queries.notices(runtime, desk.user_id(LEADER))
    assert [n.kind for n in notices] == ["sla.near_due"]
    trial.pass_working_days(2)
    assert {n.kind for n in queries.notices(runtime, desk.user_id(LEADER))} == {"sla.near_due", "sla.overdue"}
    trial.pass_working_days(2)  # past the 10 working days of the whole
    desk.do(SPECIALIST, ANSWER, ANSWERED, received.dossier_id)
    desk.do(LEADER, APPROVE, {"approval": "approve"}, received.dossier_id)
    desk.do(OPERATOR, NOTIFY, {"notified_by": "lookup"}, received.dossier_id)
    assert feedback.lookup(runtime, received.code).timeliness == "late"


def test_bad_feedback_is_refused_by_field_and_nothing_is_saved(runtime: Runtime) -> None:
    with pytest.raises(InvalidSubmission) as refused:
        feedback.receive(runtime, {**REQUEST, "description": "ngắn", "applicant_phone": "12345",
                                   "service_code": "khong-co", "decision": "route"}, source="online")
    assert {(e.field, e.code) for e in refused.value.errors} >= {
        ("description", "minLength"), ("applicant_phone", "pattern"), ("service_code", "oneOf"),
        ("decision", "additionalProperties")}
    with pytest.raises(Forbidden):
        feedback.receive(runtime, REQUEST, source="phone", user_id=Desk(runtime).user_id("tiepnhan.longan"))
    assert feedback.search(runtime, feedback.Query()) == []


def test_categories_and_attributes_come_from_the_intake_form(runtime: Runtime) -> None:
    codes = [c.code for c in feedback.categories(runtime)]
    assert "moi-truong" in codes and "thu-tuc-hanh-chinh" in codes
    attributes = {a.code: a for a in feedback.attributes(runtime, "moi-truong")}
    assert attributes["feedback_kind"].required and [v.key for v in attributes["feedback_kind"].values] == [
        "phan_anh", "kien_nghi"]
    assert ("80001", "Phường Long An") in [(v.key, v.name) for v in attributes["unit_concerned"].values]
