"""The rehearsal clock (`/thu-nghiem/dong-ho`): only a server started with a stopped clock and a rehearsal token
lets a trial move its time, and only for a caller with the token; moving it fires the timers that came due."""
from __future__ import annotations

from datetime import datetime

from flask import Flask

from features.steps.land_change import receive_data
from motcua.domain.clock import VN_TZ
from motcua.services.runtime import Runtime
from motcua.trial.desk import Desk
from motcua.web import create_app

URL = "/thu-nghiem/dong-ho"
HEADER = {"X-Rehearsal-Token": "tok"}


def rehearsal_app(runtime: Runtime) -> Flask:
    return create_app({"RUNTIME": runtime, "TESTING": True, "SECRET_KEY": "test", "MOTCUA_REHEARSAL_TOKEN": "tok"})


def test_the_clock_moves_for_the_token_and_fires_what_came_due(runtime: Runtime) -> None:
    desk = Desk(runtime)
    dossier = desk.start("tiepnhan.longan", "80001", "land_change")
    desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ", receive_data(), dossier)
    client = rehearsal_app(runtime).test_client()
    assert client.get(URL, headers=HEADER).get_json()["now"] == "2025-11-24T08:30:00+07:00"
    moved = client.post(URL, headers=HEADER, json={"at": "2025-12-10T09:00:00+07:00"}).get_json()
    assert moved["now"] == "2025-12-10T09:00:00+07:00" and moved["fired"] >= 1  # the step's deadline timers
    assert runtime.clock.now() == datetime(2025, 12, 10, 9, 0, tzinfo=VN_TZ)
    assert client.post(URL, headers=HEADER, json={"at": "tomorrow"}).status_code == 400


def test_no_token_no_clock(runtime: Runtime, app: Flask) -> None:
    assert app.test_client().get(URL, headers=HEADER).status_code == 404  # the server allows no rehearsal
    client = rehearsal_app(runtime).test_client()
    assert client.get(URL).status_code == 403
    assert client.post(URL, headers={"X-Rehearsal-Token": "guess"}, json={"at": "2030-01-01T00:00"}).status_code == 403
    assert runtime.clock.now() == datetime(2025, 11, 24, 8, 30, tzinfo=VN_TZ)
