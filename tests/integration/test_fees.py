"""Fees and charges through the runtime and the clerk's pages: assessed at intake from the form, printed on the
receipt slip with a VietQR a bank app reads, confirmed paid with a receipt (biên lai), tagged while owed, and
counted in the reports."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from motcua.services import fees, queries, records, reports
from motcua.services.errors import StepFailed
from motcua.services.runtime import Runtime
from motcua.services.steps import complete_task
from motcua.trial.desk import Desk
from motcua.trial.pdf import pdf_text
from tests.support.emvco import parse
from tests.support.web import Clerk

LONG_AN = "80001"
APPLICANT = {"applicant_name": "Trần Văn Bình", "applicant_id_number": "080190004321",
             "applicant_phone": "0987654321", "applicant_address": "Khu phố 3, Phường Long An"}
COPIES = {"document_title": "Bằng tốt nghiệp trung học phổ thông", "pages": 3, "copies": 2}  # 2 × 5.000 đồng
BIRTH = {"child_name": "Trần Minh An", "child_sex": "male", "birth_place": "Bệnh viện Đa khoa Long An",
         "mother_name": "Lê Thị Cúc", "relationship": "parent"}
ACCOUNT = {"bank_bin": "970436", "bank_name": "Vietcombank", "account_number": "0071000123456",
           "account_name": "UBND PHUONG LONG AN"}


@pytest.fixture
def desk(runtime: Runtime) -> Desk:
    return Desk(runtime)


def receive(desk: Desk, slug: str, specific: dict[str, Any]) -> int:
    dossier = desk.start("tiepnhan.longan", LONG_AN, slug)
    papers = [{"name": p.name, "originals": p.originals, "copies": p.copies}
              for p in desk.runtime.pack.get(slug).procedure.papers]
    [task_id] = [t.task_id for t in queries.inbox(desk.runtime, desk.user_id("tiepnhan.longan"))
                 if t.dossier.id == dossier]
    complete_task(desk.runtime, desk.user_id("tiepnhan.longan"), task_id,
                  {**APPLICANT, **specific, "papers_received": papers, "intake_decision": "receive"})
    return dossier


def document(desk: Desk, dossier: int, kind: str) -> bytes:
    user = desk.user_id("tiepnhan.longan")
    [found] = [d for d in records.documents(desk.runtime, user, dossier) if d.kind == kind]
    return records.document(desk.runtime, user, found.id)[1]


def qr_codes(pdf: bytes, folder: Path) -> list[str]:
    """Every QR code zbarimg reads on the first page, rendered by pdftoppm as a printer would."""
    (folder / "slip.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "200", "-f", "1", "-l", "1", str(folder / "slip.pdf"),
                    str(folder / "page")], check=True)
    [page] = folder.glob("page-*.png")
    decoded = subprocess.run(["zbarimg", "-q", "--raw", str(page)], capture_output=True, text=True, check=True)
    return decoded.stdout.split()


def test_a_fee_is_assessed_at_intake_paid_by_transfer_with_a_receipt_and_reported(
        app: Flask, desk: Desk, runtime: Runtime, tmp_path: Path) -> None:
    admin = Clerk(app, "quantri.longan")
    page = admin.submit("/quan-tri/tai-khoan-thu-phi/", {"unit": LONG_AN, **ACCOUNT})
    assert page.status_code == 302

    dossier = receive(desk, "copy_certification", COPIES)
    code = desk.dossier(dossier).dossier.code
    assert code
    slip = document(desk, dossier, "giay-tiep-nhan")
    text = pdf_text(slip)
    assert "Phí chứng thực bản sao từ bản chính" in text and "10.000 đồng" in text and "Mười nghìn đồng" in text
    [vietqr] = [c for c in qr_codes(slip, tmp_path) if c.startswith("000201")]
    fields = parse(vietqr)
    assert (fields["amount"], fields["note"], fields["bin"], fields["account"]) == (
        "10000", code, "970436", "0071000123456")

    clerk = Clerk(app, "tiepnhan.longan")
    assert "Chờ nộp phí" in clerk.get("/register").text
    page = clerk.get(f"/dossiers/{dossier}").text
    assert "Xác nhận đã thu tiền" in page and "10.000 đồng" in page
    answer = clerk.submit(f"/dossiers/{dossier}/fee", {"method": "transfer", "reference": "FT25328123"},
                          token_from=f"/dossiers/{dossier}")
    assert answer.status_code == 302
    view = fees.view(runtime, desk.user_id("tiepnhan.longan"), dossier)
    assert view is not None and (view.status, view.method, view.receipt_number) == ("paid", "transfer", "0000001/2025")
    receipt = pdf_text(document(desk, dossier, fees.RECEIPT_KIND))
    assert "BIÊN LAI THU PHÍ, LỆ PHÍ" in receipt and "Mười nghìn đồng" in receipt and "FT25328123" in receipt
    assert "Chờ nộp phí" not in clerk.get("/register").text
    with pytest.raises(fees.PaymentRefused, match="no fee waiting"):
        fees.confirm_payment(runtime, desk.user_id("tiepnhan.longan"), dossier, "cash")
    again = clerk.submit(f"/dossiers/{dossier}/fee", {"method": "cash"}, token_from="/register")
    assert again.status_code == 302
    assert "không có khoản phí đang chờ nộp" in clerk.get(again.location).text

    on_time = receive(desk, "birth_registration", {**BIRTH, "child_birth_date": "2025-11-01"})
    assert fees.view(runtime, desk.user_id("tiepnhan.longan"), on_time).status == "exempt"  # type: ignore[union-attr]
    today = runtime.clock.now().date()
    report = reports.build(runtime, desk.user_id("lanhdao.longan"), reports.ReportRequest(today, today))
    figures = report.total.as_dict()
    assert {k: figures[k] for k in ("fees_paid", "fees_collected", "fees_exempt", "fees_exempted", "fees_owed")} == {
        "fees_paid": 1, "fees_collected": 10_000, "fees_exempt": 1, "fees_exempted": 8_000, "fees_owed": 0}
    csv = Clerk(app, "lanhdao.longan").get(f"/bao-cao.csv?from={today}&to={today}")
    assert "Phí, lệ phí đã thu (đồng)" in csv.text and "10000" in csv.text


def test_without_a_bank_account_the_slip_asks_for_cash_and_the_lookup_qr_stays_alone(
        desk: Desk, tmp_path: Path) -> None:
    dossier = receive(desk, "copy_certification", COPIES)
    slip = document(desk, dossier, "giay-tiep-nhan")
    assert "Nộp tiền mặt tại Bộ phận Một cửa" in pdf_text(slip)
    assert [c for c in qr_codes(slip, tmp_path) if c.startswith("000201")] == []


def test_a_late_birth_registration_is_charged_unless_the_family_is_exempt(desk: Desk, runtime: Runtime) -> None:
    clerk_id = desk.user_id("tiepnhan.longan")
    late = receive(desk, "birth_registration", {**BIRTH, "child_birth_date": "2024-01-05"})
    poor = receive(desk, "birth_registration", {**BIRTH, "child_birth_date": "2024-01-05", "fee_exemption": "poor"})
    assert fees.view(runtime, clerk_id, late).assessment.due == 8_000  # type: ignore[union-attr]
    exempt = fees.view(runtime, clerk_id, poor)
    assert exempt is not None and exempt.status == "exempt" and "hộ nghèo" in exempt.assessment.exemption
    inbox = queries.register(runtime, clerk_id).entries
    assert {d.id: d.fee_status for d in inbox if d.id in (late, poor)} == {late: "due", poor: "exempt"}


def test_the_receive_page_shows_the_fee_once_the_form_gives_what_it_needs(app: Flask, desk: Desk) -> None:
    clerk = Clerk(app, "tiepnhan.longan")
    dossier = desk.start("tiepnhan.longan", LONG_AN, "copy_certification")
    [path] = [f"/tasks/{t.task_id}" for t in queries.inbox(desk.runtime, desk.user_id("tiepnhan.longan"))
              if t.dossier.id == dossier]
    page = clerk.get(path).text
    assert "2.000 đồng/trang" in page and "được tính khi có trường pages" in page
    answer = clerk.submit(path, {"pages": "3", "copies": "2", "document_title": ""})  # the title left out
    assert answer.status_code == 422
    assert re.search(r"Số tiền phải nộp: <strong>10\.000 đồng</strong>", answer.text)
    asked = clerk.submit(path, {"pages": "250", "copies": "1", "fee_preview": "1"})  # "Tính phí" before receiving
    assert asked.status_code == 200 and "Số tiền phải nộp: <strong>200.000 đồng</strong>" in asked.text
    assert 'value="250"' in asked.text and "Vui lòng sửa" not in asked.text
    assert desk.dossier(dossier).dossier.code is None


def test_a_fee_rule_that_fails_at_intake_names_the_field_and_keeps_nothing(desk: Desk, runtime: Runtime) -> None:
    from dataclasses import replace

    from motcua.domain.fees import read_schedule
    loaded = runtime.pack.procedures["copy_certification"]
    broken = read_schedule({"items": [{"label": "Phí thử", "amount": "1000 // (pages - 3)"}]})
    runtime.pack.procedures["copy_certification"] = replace(loaded, procedure=replace(loaded.procedure, fees=broken))
    with pytest.raises(StepFailed, match="Phí thử.*pages"):
        receive(desk, "copy_certification", COPIES)
    started = [t.dossier for t in queries.inbox(runtime, desk.user_id("tiepnhan.longan"))
               if t.dossier.procedure_slug == "copy_certification"]
    assert [d.code for d in started] == [None]  # the draft waits at reception, its step not taken


def test_an_administrator_typing_a_wrong_bin_is_told_which_field_and_nothing_is_saved(
        app: Flask, runtime: Runtime) -> None:
    admin = Clerk(app, "quantri.longan")
    page = admin.submit("/quan-tri/tai-khoan-thu-phi/", {"unit": LONG_AN, **ACCOUNT, "bank_bin": "97043"})
    assert page.status_code == 422 and "6 chữ số" in page.text and 'value="0071000123456"' in page.text
    assert fees.bank_account(runtime, LONG_AN) is None
    clerk = Clerk(app, "tiepnhan.longan")
    assert clerk.submit("/quan-tri/tai-khoan-thu-phi/", {"unit": LONG_AN, **ACCOUNT}).status_code == 403

