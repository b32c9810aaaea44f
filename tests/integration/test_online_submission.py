"""Online submission: a citizen sends a dossier from the procedure's sheet; it waits for the chosen ward's
reception clerk at the same first step of the same process as a counter dossier, with what was typed (and
the scans sent) in the clerk's form; the clerk receives it as usual."""
from __future__ import annotations

import io

import pytest
from flask import Flask

from features.steps.land_change import receive_data
from motcua.services import online, queries
from motcua.services.errors import Forbidden, InvalidSubmission, NotFound
from motcua.services.runtime import Runtime
from motcua.services.steps import Upload, start_dossier
from motcua.trial.desk import Desk
from tests.support.web import Clerk

RECEIVE = "Tiếp nhận, kiểm tra hồ sơ"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CITIZEN = {"applicant_name": "Lê Văn Tâm", "applicant_id_number": "080190001234", "applicant_phone": "0987654321"}
LAND = {**CITIZEN, "parcel_number": "125", "map_sheet": "12", "parcel_unit": "80001", "change_type": "transfer"}


def test_the_citizen_form_is_the_intake_form_without_the_clerks_fields(runtime: Runtime) -> None:
    offered = online.online_form(runtime, "land_change")
    fields = set(offered.form.schema["properties"])
    assert {"applicant_name", "parcel_number", "application_scan"} <= fields
    assert not fields & {"papers_received", "intake_decision", "intake_note", "note"}
    assert "intake_decision" not in offered.form.schema["required"]
    assert ("80001", "Phường Long An") in offered.units and all(code != "80000" for code, _ in offered.units)
    with pytest.raises(NotFound):
        online.online_form(runtime, "feedback_1022")  # not an administrative procedure


def test_an_online_dossier_waits_for_the_reception_clerk_at_the_same_step_and_is_received_as_usual(
        runtime: Runtime) -> None:
    desk = Desk(runtime)
    counter = desk.start("tiepnhan.longan", "80001", "land_change")
    sent = online.submit(runtime, "land_change", "80001", LAND, {"application_scan": Upload("don.pdf", PDF)})
    assert sent.code.startswith("000.00.31.H53-251124-") and sent.unit_name == "Phường Long An"
    waiting = {t.dossier.id: t for t in queries.inbox(runtime, desk.user_id("tiepnhan.longan"))}
    assert waiting[sent.dossier_id].title == waiting[counter].title == RECEIVE
    with runtime.uow() as uow:
        dossier, other = uow.dossiers.get(sent.dossier_id), uow.dossiers.get(counter)
        assert (dossier.channel, other.channel) == ("online", "counter")
        assert dossier.created_by_id is None and dossier.version_id == other.version_id
        assert [d.kind for d in uow.documents.for_dossier(sent.dossier_id)] == ["upload:application_scan"]
    view = queries.task_view(runtime, desk.user_id("tiepnhan.longan"), waiting[sent.dossier_id].task_id)
    assert {k: view.prefill[k] for k in LAND} == LAND and view.prefill["application_scan"].endswith(".pdf")

    desk.do("tiepnhan.longan", RECEIVE, {**view.prefill, **receive_data()}, sent.dossier_id)
    with runtime.uow() as uow:
        dossier = uow.dossiers.get(sent.dossier_id)
        assert (dossier.code, dossier.status, dossier.channel) == (sent.code, "processing", "online")


def test_a_bad_online_dossier_is_refused_by_field_and_nothing_is_saved(runtime: Runtime) -> None:
    with pytest.raises(InvalidSubmission) as refused:
        online.submit(runtime, "land_change", "80000", {**LAND, "applicant_phone": "123",
                                                          "intake_decision": "receive"})
    assert {(e.field, e.code) for e in refused.value.errors} >= {
        ("applicant_phone", "pattern"), ("unit", "enum"), ("intake_decision", "additionalProperties")}
    with pytest.raises(InvalidSubmission) as refused:
        online.submit(runtime, "land_change", "80001", LAND, {"application_scan": Upload("x.pdf", b"not a pdf")})
    assert [(e.field, e.code) for e in refused.value.errors] == [("application_scan", "file_type")]
    assert queries.inbox(runtime, Desk(runtime).user_id("tiepnhan.longan")) == []


def test_only_a_clerk_of_the_first_steps_role_opens_a_dossier_and_only_online_without_one(runtime: Runtime) -> None:
    desk = Desk(runtime)
    with pytest.raises(Forbidden, match="reception clerk of Phường Long An"):
        start_dossier(runtime, desk.user_id("chuyenvien.longan"), "80001", "land_change")
    with pytest.raises(Forbidden):
        start_dossier(runtime, None, "80001", "land_change")
    assert queries.inbox(runtime, desk.user_id("tiepnhan.longan")) == []


def test_the_online_page_is_reached_from_the_sheet_and_keeps_what_was_typed(app: Flask) -> None:
    citizen = Clerk(app)
    assert "/thu-tuc/land_change/nop-truc-tuyen" in citizen.get("/thu-tuc/land_change").text
    page = citizen.get("/thu-tuc/land_change/nop-truc-tuyen")
    assert page.status_code == 200 and 'name="intake_decision"' not in page.text
    form = {**LAND, "applicant_phone": "12", "unit": "80001"}
    refused = citizen.submit("/thu-tuc/land_change/nop-truc-tuyen", form)
    assert refused.status_code == 422 and "Lê Văn Tâm" in refused.text and 'aria-invalid="true"' in refused.text
    token = citizen.token("/thu-tuc/land_change/nop-truc-tuyen")
    sent = citizen.client.post("/thu-tuc/land_change/nop-truc-tuyen", content_type="multipart/form-data", data={
        **LAND, "unit": "80001", "csrf_token": token, "application_scan": (io.BytesIO(PDF), "don.pdf")})
    assert sent.status_code == 200 and "000.00.31.H53-251124-0001" in sent.text
    assert citizen.client.post("/thu-tuc/land_change/nop-truc-tuyen", data=form).status_code == 400  # no CSRF
    clerk = Clerk(app, "tiepnhan.longan")
    assert [title for _path, title in clerk.inbox_tasks()] == [RECEIVE]
