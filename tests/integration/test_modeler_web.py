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
                                 json={"xml": ORIGINAL.replace('targetRef="approve"', 'targetRef="nowhere"')})
    assert broken.status_code == 422 and broken.get_json()["ok"] is False
    assert any(p["element"] for p in broken.get_json()["problems"])
    same = analyst.client.post("/modeler/land_change", headers=headers, json={"xml": ORIGINAL})
    assert same.get_json() == {"ok": True, "version": 1, "created": False}
    garbage = analyst.client.post("/modeler/land_change", headers=headers, json={"xml": "<bpmn"})
    assert garbage.status_code == 422 and "XML is not well-formed" in garbage.get_json()["problems"][0]["message"]
