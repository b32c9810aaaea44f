"""The modeler's import endpoint: analysts only, CSRF, the converted XML with its notes, nothing saved."""
from __future__ import annotations

import io
import re
from pathlib import Path

from flask import Flask
from werkzeug.test import TestResponse

from motcua.services import versions
from motcua.services.runtime import Runtime
from tests.support.web import Clerk

CAMUNDA = Path(__file__).resolve().parents[1] / "fixtures" / "import" / "camunda7_verification.bpmn"


def token(clerk: Clerk) -> str:
    return re.search(r'<meta name="csrf-token" content="([^"]+)"', clerk.get("/modeler/land_change").text).group(1)


def upload(clerk: Clerk, content: bytes, headers: dict[str, str] | None = None,
           name: str = "verification.bpmn") -> TestResponse:
    return clerk.client.post("/modeler/land_change/import", headers=headers or {},
                             data={"file": (io.BytesIO(content), name)}, content_type="multipart/form-data")


def test_an_analyst_imports_a_camunda_diagram_and_gets_it_converted_with_its_notes(app: Flask,
                                                                                    runtime: Runtime) -> None:
    analyst = Clerk(app, "quytrinh.tayninh")
    page = analyst.get("/modeler/land_change").text
    assert 'id="import"' in page and "modeler-import.js" in page and "/modeler/land_change/import" in page
    reply = upload(analyst, CAMUNDA.read_bytes(), {"X-CSRFToken": token(analyst)})
    assert reply.status_code == 200
    result = reply.get_json()
    assert result["ok"] is True and result["engines"] == ["Camunda 7"]
    assert 'id="land_change"' in result["xml"] and "camunda:" not in result["xml"]  # the procedure's process id
    assert {"file": "verification.bpmn", "element": "verify", "line": 7, "code": "import.to_lane",
            "message": "candidateGroups 'Chuyên viên xử lý' của Camunda 7 -> làn specialist"} in result["converted"]
    assert {"file": "verification.bpmn", "element": "verify", "line": 10, "code": "import.setting_removed",
            "message": "Đã bỏ thiết lập inputOutput (phần tử) của Camunda 7: truyền dữ liệu qua tham số của hàm xử lý "
                       "hoặc một bước kịch bản Python"} in result["notes"]  # in the analyst's language
    assert [v.number for v in versions.history(runtime, "land_change")] == [1]  # importing saves nothing
    with analyst.client.session_transaction() as session:
        session["lang"] = "en"
    english = analyst.get("/modeler/land_change").text
    assert "Import a diagram from Camunda, Flowable, Activiti..." in english and "To do by hand" in english


def test_an_import_needs_an_analyst_a_csrf_token_and_a_diagram(app: Flask) -> None:
    leader = Clerk(app, "lanhdao.longan")
    assert upload(leader, CAMUNDA.read_bytes(), {"X-CSRFToken": leader.token("/")}).status_code == 403
    analyst = Clerk(app, "quytrinh.tayninh")
    assert upload(analyst, CAMUNDA.read_bytes()).status_code == 400  # no CSRF token
    headers = {"X-CSRFToken": token(analyst)}
    empty = upload(analyst, b"", headers)
    assert empty.status_code == 400 and empty.get_json()["problems"][0]["message"] == "Chưa gửi tệp sơ đồ nào."
    broken = upload(analyst, b"<bpmn:definitions", headers)
    assert broken.status_code == 422
    assert broken.get_json()["problems"][0]["message"].startswith("XML không đúng cú pháp")  # the analyst's language
    assert analyst.client.post("/modeler/nowhere/import", headers=headers,
                               data={"file": (io.BytesIO(CAMUNDA.read_bytes()), "x.bpmn")},
                               content_type="multipart/form-data").status_code == 404
