"""Form submissions: HTML posts become typed data; schema errors come back by field."""
from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask_babel import Babel

from motcua.domain.procedure import Paper
from motcua.engine.forms import Form, check_submission, load_form
from motcua.engine.problems import Problem
from motcua.web.form_render import Sources, error_messages, field_views, parse_post

FORMS = Path(__file__).resolve().parents[2] / "forms"


@pytest.fixture(autouse=True)
def babel_context():
    app = Flask(__name__)
    Babel(app)
    with app.test_request_context():
        yield


@pytest.fixture
def receive() -> Form:
    form = load_form(FORMS, "land_change_receive.schema.json")
    assert isinstance(form, Form)
    return form


PAPERS = Sources(units=[("80001", "Phường Long An")],
                 papers=(Paper("Đơn đăng ký", originals=1), Paper("Bản sao sổ hộ khẩu", copies=2)))


def test_a_complete_submission_has_no_errors(receive: Form) -> None:
    data, problems = parse_post(receive, {
        "applicant_name": " Lê Văn C ", "applicant_id_number": "080190001234", "applicant_phone": "0987654321",
        "parcel_number": "7", "map_sheet": "2", "parcel_unit": "80001", "change_type": "gift",
        "papers_received.0.originals": "1", "papers_received.1.copies": "2", "intake_decision": "receive",
    }, PAPERS)
    assert problems == {}
    assert data["applicant_name"] == "Lê Văn C"
    assert data["papers_received"] == [{"name": "Đơn đăng ký", "originals": 1, "copies": 0},
                                       {"name": "Bản sao sổ hộ khẩu", "originals": 0, "copies": 2}]
    assert check_submission(receive, data) == []


def test_errors_are_reported_per_field_in_vietnamese(receive: Form) -> None:
    data, _ = parse_post(receive, {"applicant_name": "A", "applicant_id_number": "12ab", "change_type": "sale",
                                   "intake_decision": "refuse"}, PAPERS)
    messages = error_messages(receive, check_submission(receive, data))
    assert messages["applicant_name"] == "Cần ít nhất 2 ký tự."
    assert messages["applicant_id_number"] == "Giá trị không đúng định dạng. (12 chữ số)"
    assert messages["change_type"] == "Vui lòng chọn một giá trị trong danh sách."
    assert messages["applicant_phone"] == "Vui lòng nhập trường này."
    assert messages["intake_note"] == "Vui lòng nhập trường này."  # a refusal needs its reasons


def test_the_papers_checklist_and_unit_select_come_from_deployment_data(receive: Form) -> None:
    views = {v.name: v for v in field_views(receive, {"papers_received": [{"name": "Bản sao sổ hộ khẩu", "copies": 2}]},
                                             {}, PAPERS)}
    assert views["parcel_unit"].options == [("80001", "Phường Long An")]
    rows = views["papers_received"].rows
    assert [(r.paper.name, r.originals, r.copies) for r in rows] == [("Đơn đăng ký", 0, 0), ("Bản sao sổ hộ khẩu", 0, 2)]


def test_dates_are_typed_dd_mm_yyyy_and_stored_iso() -> None:
    form = load_form(FORMS, "land_change_verify")
    data, problems = parse_post(form, {"opinion": "Đã kiểm tra", "site_visit_date": "05/01/2026",
                                       "proposal": "approve"})
    assert data["site_visit_date"] == "2026-01-05" and problems == {}
    assert field_views(form, data, {})[1].value == "05/01/2026"
    _, problems = parse_post(form, {"site_visit_date": "31/02/2026"})
    assert problems == {"site_visit_date": "Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy."}


def test_fields_follow_the_ui_schema_order_and_widgets(receive: Form) -> None:
    views = field_views(receive, {}, {})
    assert [v.name for v in views][:3] == ["applicant_name", "applicant_id_number", "applicant_phone"]
    widgets = {v.name: v.widget for v in views}
    assert widgets["change_type"] == "radio" and widgets["papers_received"] == "papers"
    assert widgets["note"] == "textarea"


def test_a_broken_schema_is_a_problem_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "bad.schema.json").write_text('{"type": "object", "properties": {"x": {"type": "strng"}}}')
    problem = load_form(tmp_path, "bad.schema.json")
    assert isinstance(problem, Problem)
    assert problem.file.endswith("bad.schema.json") and "not a valid JSON Schema at properties/x/type" in problem.message
    (tmp_path / "worse.schema.json").write_text('{"type": ')
    assert "not valid JSON" in load_form(tmp_path, "worse").message
