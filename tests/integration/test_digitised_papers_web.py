"""The clerk's pages for digitised papers: each checklist row takes a scan at intake; at the same citizen's next
intake the row offers the paper already held (where and when it was digitised, previewed in place) and a tick
reuses it; the dossier page lists the digitised papers and which were reused from which dossier; the
administrator reads every access in the audit log."""
from __future__ import annotations

import io
import re

from flask import Flask
from sqlalchemy import event, select

from features.steps.land_change import SIGN
from motcua.services.runtime import Runtime
from motcua.store.models import Dossier
from motcua.trial.desk import Desk
from tests.integration.test_digitised_papers import (
    ID_NUMBER,
    MARITAL,
    MARRIAGE,
    PNG,
    first_dossier,
    index_of,
    two_pages,
)
from tests.support.web import Clerk

APPLICANT = {"applicant_name": "Trần Văn Bình", "applicant_id_number": ID_NUMBER, "applicant_phone": "0987654321"}


def _counts(runtime: Runtime, slug: str) -> dict[str, str]:
    """The checklist posted as the clerk fills it: required papers received, optional ones left at 0."""
    fields = {}
    for i, paper in enumerate(runtime.pack.get(slug).procedure.papers):
        fields[f"papers_received.{i}.originals"] = "0" if paper.optional else str(paper.originals)
        fields[f"papers_received.{i}.copies"] = "0" if paper.optional else str(paper.copies)
    return fields


def _dossier_of(location: str, clerk: Clerk) -> int:
    page = clerk.get(location).text
    return int(re.search(r'href="/dossiers/(\d+)"', page).group(1))


def test_a_clerk_scans_then_the_next_intake_reuses_with_a_tick(app: Flask, runtime: Runtime) -> None:
    desk = Desk(runtime)
    long_an = Clerk(app, "tiepnhan.longan")
    task = long_an.submit("/dossiers/new", {"unit": "80001", "procedure": "marital_status"}).location
    page = long_an.get(task).text
    declaration, card = (index_of(runtime, "marital_status", k) for k in ("application_form", "id_card"))
    assert f'name="papers_received.{declaration}.scan"' in page and f'name="papers_received.{card}.valid_until"' in page
    first = _dossier_of(task, long_an)
    done = long_an.submit(task, {**APPLICANT, **MARITAL, **_counts(runtime, "marital_status"),
                                 "intake_decision": "receive", f"papers_received.{card}.valid_until": "02/03/2035",
                                 f"papers_received.{declaration}.scan": (io.BytesIO(two_pages()), "to-khai.pdf"),
                                 f"papers_received.{card}.scan": (io.BytesIO(PNG), "cccd.png")})
    assert done.status_code == 302, done.text
    desk.do("chuyenvien.longan", "Kiểm tra hồ sơ hộ tịch", {"opinion": "Đủ điều kiện.", "proposal": "approve"}, first)
    desk.do("lanhdao.longan", "Phê duyệt kết quả", SIGN, first)
    shown = long_an.get(f"/dossiers/{first}").text
    assert "Giấy tờ đã số hóa" in shown and "Kết quả điện tử đã ký số" in shown and "còn giá trị đến 23/05/2026" in shown
    assert "Hồ sơ đã số hóa đủ giấy tờ tiếp nhận" in shown

    kien_tuong = Clerk(app, "tiepnhan.kientuong")
    second_task = kien_tuong.submit("/dossiers/new", {"unit": "80002", "procedure": "marriage_registration"}).location
    looked = kien_tuong.submit(second_task, {**APPLICANT, "papers_lookup": "1"})
    assert looked.status_code == 200
    row = index_of(runtime, "marriage_registration", "marital_status_confirmation")
    offered = re.search(rf'name="papers_received\.{row}\.reuse" value="(\d+)"', looked.text)
    assert offered and "số hóa 24/11/2025" in looked.text and "Phường Long An" in looked.text
    preview = re.search(r'<iframe class="preview" src="(/tasks/[^"]+/giay-to/\d+\?cccd=\d+)"', looked.text)
    assert preview and kien_tuong.get(preview.group(1).replace("&amp;", "&")).data.startswith(b"%PDF")
    card_row = index_of(runtime, "marriage_registration", "id_card")
    card_offer = re.search(rf'name="papers_received\.{card_row}\.reuse" value="(\d+)"', looked.text).group(1)

    second = _dossier_of(second_task, kien_tuong)
    received = kien_tuong.submit(second_task, {
        **APPLICANT, **MARRIAGE, "both_present": "on", "groom_birth_date": "02/03/1995", "bride_birth_date": "15/07/1997",
        **_counts(runtime, "marriage_registration"), f"papers_received.{row}.originals": "1",
        "intake_decision": "receive", f"papers_received.{row}.reuse": offered.group(1),
        f"papers_received.{card_row}.reuse": card_offer,
        f"papers_received.{index_of(runtime, 'marriage_registration', 'application_form')}.scan":
            (io.BytesIO(two_pages()), "to-khai.pdf")})
    assert received.status_code == 302, received.text
    statements: list[str] = []
    listener = lambda _c, _k, statement, *_: statements.append(statement)  # noqa: E731 - counted, not kept
    event.listen(runtime.db, "before_cursor_execute", listener)
    page = kien_tuong.get(f"/dossiers/{second}").text
    event.remove(runtime.db, "before_cursor_execute", listener)
    assert len([s for s in statements if not s.startswith("BEGIN")]) <= 5, statements  # papers come with the dossier
    assert page.count("Dùng lại bản đã số hóa") == 2 and "Hồ sơ đã số hóa đủ giấy tờ tiếp nhận" in page
    reused = re.findall(r'<iframe class="preview" src="(/giay-to-so-hoa/\d+)"', page)
    assert reused and all(kien_tuong.get(url).status_code == 200 for url in reused)
    assert Clerk(app, "chuyenvien.longan").get(reused[0]).status_code == 404  # Long An never held the second dossier

    log = Clerk(app, "quantri.kientuong").get("/quan-tri/nhat-ky?tu=2025-11-24&den=2025-11-24").text
    assert "Xem danh sách giấy tờ đã số hóa của công dân" in log and "Dùng lại giấy tờ đã số hóa" in log
    assert "Mở giấy tờ đã số hóa của công dân" in log


def test_a_citizen_online_finds_and_reuses_their_digitised_paper(app: Flask, runtime: Runtime) -> None:
    first = first_dossier(Desk(runtime))  # its code is printed on the citizen's receipt
    with runtime.uow() as uow:
        code = uow.dossiers.require(first).code
    citizen = Clerk(app)
    path = "/thu-tuc/marriage_registration/nop-truc-tuyen"
    typed = {**APPLICANT, **MARRIAGE, "both_present": "on", "groom_birth_date": "02/03/1995",
             "bride_birth_date": "15/07/1997", "unit": "80002"}
    refused = citizen.submit(path, {**typed, "earlier_code": "000.00.31.H53-251124-9999", "papers_lookup": "1"})
    assert refused.status_code == 422 and "không khớp với hồ sơ nào" in refused.text
    looked = citizen.submit(path, {**typed, "earlier_code": code, "papers_lookup": "1"})
    row = index_of(runtime, "marriage_registration", "marital_status_confirmation")
    offered = re.search(rf'name="papers_received\.{row}\.reuse" value="(\d+)"', looked.text)
    assert looked.status_code == 200 and offered and "Phường Long An" in looked.text
    sent = citizen.submit(path, {**typed, "earlier_code": code, f"papers_received.{row}.reuse": offered.group(1)})
    assert sent.status_code == 200 and "000.00.32.H53-" in sent.text, sent.text
    with runtime.uow() as uow:
        dossier = uow.session.scalars(select(Dossier).where(Dossier.channel == "online")).one()
        assert [(p.source, p.digitised_by_id) for p in uow.papers.for_dossier(dossier.id)] == [("reuse", None)]
