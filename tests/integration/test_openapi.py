"""The OpenAPI description stays true: it describes every JSON route of the app, and a property-based fuzz run
of every described operation (schemathesis) meets no server error, on SQLite and on PostgreSQL."""
from __future__ import annotations

import inspect
import re

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings

from motcua.services.people import add_user
from motcua.services.runtime import Runtime
from motcua.web import create_app
from motcua.web.openapi import description

FUZZER = "kiem.thu.api"
PASSWORD = "Kiểm-thử API 2026 rất dài!"  # noqa: S105 - a test account on a throw-away database
EXAMPLES = 20  # per operation: under a minute for the whole API on either database


def _answers_json(app: Flask, endpoint: str) -> bool:
    source = inspect.getsource(app.view_functions[endpoint])
    return "jsonify(" in source or "json_answer(" in source


def _openapi_path(rule: str) -> str:
    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule)


def test_every_json_route_is_described_and_every_description_is_a_route(app: Flask) -> None:
    described = {(path, method.upper()) for path, item in description()["paths"].items() for method in item}
    routes = {(_openapi_path(rule.rule), method) for rule in app.url_map.iter_rules()
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    json_routes = {(_openapi_path(rule.rule), method) for rule in app.url_map.iter_rules()
                   if _answers_json(app, rule.endpoint) for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert json_routes - described == set(), "JSON routes missing from motcua/web/openapi.json"
    assert described - routes == set(), "described operations the app does not have"
    assert len(json_routes) >= 15


def test_the_description_is_served_and_is_openapi_3_1(app: Flask) -> None:
    response = app.test_client().get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.json["openapi"] == "3.1.0"
    schema = schemathesis.openapi.from_dict(response.json)
    assert len([result.ok() for result in schema.get_all_operations()]) == sum(
        len(item) for item in description()["paths"].values())


@pytest.fixture
def fuzzed_app(runtime: Runtime) -> Flask:
    """The app with a signed-in session that reaches every operation (analyst, leader, reception); CSRF and
    rate limits off, so the fuzzer's requests get past them to the code under test."""
    add_user(runtime, FUZZER, "Kiểm thử API", PASSWORD,
             [("80000", "analyst"), ("80001", "leader"), ("80001", "reception"), ("80001", "admin")])
    return create_app({"RUNTIME": runtime, "TESTING": True, "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False,
                       "RATELIMIT_ENABLED": False, "MOTCUA_REQUIRE_2FA": False})


def test_fuzzing_every_operation_meets_no_server_error(fuzzed_app: Flask) -> None:
    client = fuzzed_app.test_client()
    signed_in = client.post("/login", data={"username": FUZZER, "password": PASSWORD})
    assert signed_in.status_code == 302, signed_in.text
    cookie = client.get_cookie("session").value
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", fuzzed_app)
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def drive(case: schemathesis.Case) -> None:
            response = case.call(cookies={"session": cookie})
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path} query={case.query} body={case.body!r:.200} "
                                f"-> {response.status_code} {response.text[:300]}")

        drive()
    assert failures == []
