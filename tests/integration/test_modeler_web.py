"""The modeler's endpoints: only analysts, CSRF on saves, problems as JSON naming elements."""
from __future__ import annotations

import re
from pathlib import Path

from flask import Flask

from tests.support.web import Clerk

ORIGINAL = (Path(__file__).resolve().parents[2] / "bpmn" / "land_change.bpmn").read_text(encoding="utf-8")


def token(clerk: Clerk) -> str:
    return re.search(r'<meta name="csrf-token" content="([^"]+)"', clerk.get("/modeler/land_change").text).group(1)


def test_only_analysts_open_the_modeler(app: Flask) -> None:
    assert Clerk(app, "lanhdao.longan").get("/modeler/").status_code == 403
    assert Clerk(app).get("/modeler/land_change").status_code == 302
    analyst = Clerk(app, "quytrinh.tayninh")
    listing = analyst.get("/modeler/").text
    assert "/modeler/birth_registration" in listing and "/modeler/land_change" in listing
    page = analyst.get("/modeler/land_change").text
    assert "bpmn-modeler.production.min.js" in page and "sla.escalate" in page  # the palette lists handlers
    assert analyst.get("/modeler/vendor/bpmn-modeler.production.min.js").status_code == 200
    assert analyst.get("/modeler/vendor/../../package.json").status_code == 404
    xml = analyst.get("/modeler/land_change/diagram.bpmn")
    assert xml.mimetype == "application/xml" and xml.text == ORIGINAL


def test_a_save_needs_its_csrf_token_and_answers_problems_by_element(app: Flask) -> None:
    analyst = Clerk(app, "quytrinh.tayninh")
    forged = analyst.client.post("/modeler/land_change", json={"xml": ORIGINAL})
    assert forged.status_code == 400
    headers = {"X-CSRFToken": token(analyst)}
    broken = analyst.client.post("/modeler/land_change", headers=headers,
                                 json={"xml": ORIGINAL.replace('targetRef="decision"', 'targetRef="nowhere"')})
    assert broken.status_code == 422 and broken.get_json()["ok"] is False
    assert any(p["element"] for p in broken.get_json()["problems"])
    same = analyst.client.post("/modeler/land_change", headers=headers, json={"xml": ORIGINAL})
    answer = same.get_json()
    assert {k: answer[k] for k in ("ok", "version", "created")} == {"ok": True, "version": 1, "created": False}
    assert answer["paths"] >= 10  # the save dry-ran the diagram before saying ok
    garbage = analyst.client.post("/modeler/land_change", headers=headers, json={"xml": "<bpmn"})
    assert garbage.status_code == 422 and "XML không đúng cú pháp" in garbage.get_json()["problems"][0]["message"]
    for sent, said in (({"xml": "  "}, "Chưa gửi sơ đồ nào."), ({"xml": 42}, "Trường xml phải là nội dung sơ đồ.")):
        empty = analyst.client.post("/modeler/land_change", headers=headers, json=sent)
        assert empty.status_code == 400 and empty.get_json()["problems"][0]["message"] == said
        empty_part = analyst.client.post("/modeler/shared/result_return", headers=headers, json=sent)
        assert empty_part.status_code == 400 and empty_part.get_json()["problems"][0]["message"] == said


def _save(analyst: Clerk, xml: str):
    return analyst.client.post("/modeler/land_change", headers={"X-CSRFToken": token(analyst)}, json={"xml": xml})


def test_a_diagram_declared_in_another_encoding_keeps_its_characters_in_the_version_and_the_download(
        app: Flask) -> None:
    analyst = Clerk(app, "quytrinh.tayninh")
    for number, encoding in ((2, "ISO-8859-1"), (3, "UTF-16")):
        # The browser sends unicode text whose declaration still names the encoding of the file it came from.
        sent = (ORIGINAL.replace('encoding="UTF-8"', f'encoding="{encoding}"')
                .replace('name="Thẩm định hồ sơ"', f'name="Thẩm định hồ sơ Café {encoding}"'))
        saved = _save(analyst, sent)
        answer = saved.get_json()
        assert {k: answer[k] for k in ("ok", "version", "created")} == {"ok": True, "version": number,
                                                                         "created": True}, answer
        download = analyst.get(f"/modeler/land_change/diagram.bpmn?version={number}")
        assert download.headers["Content-Type"] == "application/xml; charset=utf-8"
        assert f'name="Thẩm định hồ sơ Café {encoding}"' in download.data.decode("utf-8")
        assert download.data.decode("utf-8").startswith('<?xml version="1.0" encoding="UTF-8"?>')
        assert download.data.decode("utf-8") == sent.replace(f'encoding="{encoding}"', 'encoding="UTF-8"')


def test_the_size_limits_are_named_not_crashed_on(app: Flask) -> None:
    analyst = Clerk(app, "quytrinh.tayninh")
    huge_text = ORIGINAL.replace('<bpmn:userTask id="verify" name="Thẩm định hồ sơ">',
                                 '<bpmn:userTask id="verify" name="Thẩm định hồ sơ"><bpmn:documentation>'
                                 + "x" * (11 * 1024 * 1024) + "</bpmn:documentation>", 1)
    refused = _save(analyst, huge_text)
    assert refused.status_code == 422
    [problem] = refused.get_json()["problems"]
    assert "dài quá 10.000.000 ký tự" in problem["message"] and problem["line"]  # in the analyst's language
    too_big = _save(analyst, ORIGINAL + "<!--" + "x" * (21 * 1024 * 1024) + "-->")
    assert too_big.status_code == 413
    assert "larger than 20 MB" in too_big.get_json()["problems"][0]["message"]


def test_a_save_that_passes_every_check_but_cannot_run_is_refused_at_the_gateway(app: Flask) -> None:
    """Every static check passes when the refusal branch's condition is misspelt; the dry run finds that a
    dossier the clerk refuses has nowhere to go, so no version is made."""
    analyst = Clerk(app, "quytrinh.tayninh")
    headers = {"X-CSRFToken": token(analyst)}
    typo = ORIGINAL.replace("intake_decision == 'refuse'", "intake_decision == 'refused'")
    answer = analyst.client.post("/modeler/land_change", headers=headers, json={"xml": typo})
    assert answer.status_code == 422, answer.get_json()
    [problem] = answer.get_json()["problems"]
    assert problem["line"] and problem["file"] == "bpmn/land_change.bpmn"
    assert "không điều kiện nào trên các luồng ra của cổng đúng" in problem["message"]  # the analyst's language
    assert "intake_decision='refuse'" in problem["message"]  # the choice that leads there
    analyst.submit("/lang/en", {"next": "/modeler/"}, token_from="/modeler/")
    [english] = analyst.client.post("/modeler/land_change", headers={"X-CSRFToken": token(analyst)},
                                    json={"xml": typo}).get_json()["problems"]
    assert "none of the conditions on its outgoing flows holds" in english["message"]
    assert "version" not in answer.get_json()


SHARED = (Path(__file__).resolve().parents[2] / "bpmn" / "shared" / "result_return.bpmn").read_text(encoding="utf-8")


def test_shared_parts_are_listed_with_their_users_opened_and_refused_with_problems_by_procedure(app: Flask) -> None:
    analyst = Clerk(app, "quytrinh.tayninh")
    listing = analyst.get("/modeler/").text
    assert "/modeler/shared/result_return" in listing and "bpmn/shared/reception.bpmn" in listing
    page = analyst.get("/modeler/shared/result_return").text
    assert 'data-save="/modeler/shared/result_return"' in page and 'data-file="bpmn/shared/result_return.bpmn"' in page
    assert 'href="/modeler/land_change"' in page and "Đăng ký biến động quyền sử dụng đất" in page  # used by
    assert Clerk(app, "lanhdao.longan").get("/modeler/shared/result_return").status_code == 403
    assert analyst.get("/modeler/shared/nothing_here").status_code == 404
    assert analyst.get("/modeler/shared/..%2Freception").status_code == 404
    assert analyst.get("/modeler/shared/result_return/diagram.bpmn").text == SHARED
    assert analyst.get("/modeler/shared/result_return/diagram.bpmn?version=9").status_code == 404
    procedure = analyst.get("/modeler/land_change").text
    assert 'href="/modeler/shared/result_return"' in procedure and 'href="/modeler/shared/reception"' in procedure

    headers = {"X-CSRFToken": token(analyst)}
    assert analyst.client.post("/modeler/shared/result_return", json={"xml": SHARED}).status_code == 400  # no CSRF
    broken = analyst.client.post("/modeler/shared/result_return", headers=headers,
                                 json={"xml": SHARED.replace(">not late<", ">not late ==<")})
    assert broken.status_code == 422
    problems = broken.get_json()["problems"]
    assert {p["procedure"] for p in problems} >= {"land_change", "birth_registration"}
    assert {(p["file"], p["element"]) for p in problems} == {("bpmn/shared/result_return.bpmn", "gw_late")}
    assert {p["procedure_name"] for p in problems if p["procedure"] == "land_change"} == {
        "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất"}
    part_only = analyst.client.post("/modeler/shared/result_return", headers=headers,
                                    json={"xml": SHARED.replace('"one_stop_return"', '"renamed"')})
    assert part_only.status_code == 422 and part_only.get_json()["problems"][0]["procedure"] is None
    analyst.submit("/lang/en", {"next": "/"}, token_from="/")
    english = analyst.get("/modeler/shared/result_return").text
    assert "Used by" in english and "Edit shared part" in english
    assert "Shared parts of the one-stop frame" in analyst.get("/modeler/").text


def test_a_diagram_problem_is_said_in_the_analysts_language(app: Flask) -> None:
    analyst = Clerk(app, "quytrinh.tayninh")
    headers = {"X-CSRFToken": token(analyst)}
    wrong = ORIGINAL.replace('"processing.resume"', '"processing.teleport"')
    assert wrong != ORIGINAL
    said = analyst.client.post("/modeler/land_change", headers=headers, json={"xml": wrong}).get_json()["problems"]
    assert [p["code"] for p in said] == ["diagram.unknown_operator"]
    assert said[0]["message"].startswith("Tác vụ dịch vụ gọi thao tác 'processing.teleport', nhưng chưa có hàm xử lý")
    analyst.submit("/lang/en", {"next": "/"}, token_from="/")
    said = analyst.client.post("/modeler/land_change", headers=headers, json={"xml": wrong}).get_json()["problems"]
    assert said[0]["message"].startswith("service task names operator 'processing.teleport', which no handler registers")
