"""The books of official documents and the start page through the web client: search, own units only, CSRF."""
from __future__ import annotations

import pytest
from flask import Flask

from motcua.services.runtime import Runtime
from motcua.trial.desk import Desk
from tests.integration.test_official_documents import DRAFT, ISSUE, SIGN
from tests.support.web import Clerk


@pytest.fixture
def desk_with_a_sent_document(runtime: Runtime) -> Desk:
    desk = Desk(runtime)
    dossier = desk.start("chuyenvien.longan", "80001", "outgoing_document")
    desk.do("chuyenvien.longan", "Soạn thảo văn bản đi", DRAFT, dossier)
    desk.do("lanhdao.longan", "Duyệt, ký văn bản đi", SIGN, dossier)
    desk.do("vanthu.longan", "Phát hành văn bản", ISSUE, dossier)
    return desk


def test_starting_a_document_opens_its_first_step_for_the_right_role_only(app: Flask) -> None:
    specialist = Clerk(app, "chuyenvien.longan")
    page = specialist.get("/van-ban/moi").text
    assert "Soạn thảo văn bản đi" in page and "Lập biên bản họp" in page and "Vào sổ văn bản đến" not in page
    started = specialist.submit("/van-ban/moi", {"pick": "outgoing_document|80001"})
    assert started.status_code == 302 and "/tasks/" in started.location
    assert "Soạn thảo văn bản đi" in specialist.get(started.location).text
    refused = specialist.submit("/van-ban/moi", {"pick": "incoming_document|80001"})  # not a records clerk
    assert refused.status_code == 403
    no_token = specialist.client.post("/van-ban/moi", data={"pick": "meeting_minutes|80001"})
    assert no_token.status_code == 400


def test_the_books_list_search_and_stay_within_the_readers_units(app: Flask, desk_with_a_sent_document: Desk) -> None:
    clerk = Clerk(app, "vanthu.kientuong")
    page = clerk.get("/van-ban/so/den").text
    assert "Báo cáo kết quả chạy thử" in page and "1/UBND-VP" in page and "Phường Long An" in page
    assert "Báo cáo kết quả chạy thử" not in clerk.get("/van-ban/so/den?q=khai+sinh").text
    assert "Báo cáo kết quả chạy thử" in clerk.get("/van-ban/so/den?q=bao+cao").text
    assert clerk.get("/van-ban/so/di?don_vi=80001").status_code == 403  # another ward's book
    assert clerk.get("/van-ban/so/khac").status_code == 404
    english = Clerk(app, "vanthu.longan")
    english.submit("/lang/en", {"next": "/van-ban/so/di"}, token_from="/van-ban/so/di")
    assert "Outgoing register" in english.get("/van-ban/so/di").text

