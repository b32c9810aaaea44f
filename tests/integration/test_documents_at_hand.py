"""Documents at hand: a scan shows by its name with a preview on every task page and the dossier; the leader
sees the result as it will be signed (drawn on the fly, nothing kept); the return page links the signed result;
an ID card's QR code fills the applicant's fields without any script."""
from __future__ import annotations

import io
import re

from flask import Flask
from sqlalchemy import func, select

from features.steps.land_change import RECEIVE, VERIFY
from motcua.services.runtime import Runtime
from motcua.store.models import Document, Event, SecurityEvent
from tests.support.web import Clerk

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CARD = "080190001234|123456789|Nguyễn Thị Hoa|12031990|Nữ|Khu phố 2, Phường Long An, Tây Ninh|15042021"


def _counts(runtime: Runtime) -> tuple[int, int, int]:
    with runtime.uow() as uow:
        return (uow.session.scalar(select(func.count()).select_from(Document)) or 0,
                uow.session.scalar(select(func.count()).select_from(Event)) or 0,
                uow.session.scalar(select(func.count()).select_from(SecurityEvent)) or 0)


def _task(clerk: Clerk, title: str) -> str:
    [(path, _)] = [(p, t) for p, t in clerk.inbox_tasks() if t == title]
    return path


def test_scans_and_results_are_previewed_and_the_leader_sees_the_draft(app: Flask, runtime: Runtime) -> None:
    reception = Clerk(app, "tiepnhan.longan")
    task = reception.submit("/dossiers/new", {"unit": "80001", "procedure": "land_change"}).location
    done = reception.submit(task, {**RECEIVE, "application_scan": (io.BytesIO(PDF), "don.pdf")})
    assert done.status_code == 302, done.text

    specialist = Clerk(app, "chuyenvien.longan")
    verify = specialist.get(_task(specialist, "Thẩm định hồ sơ")).text
    assert "Bản quét đơn đăng ký (nếu có)" in verify and "application_scan-" not in re.sub(r"<[^>]+>", " ", verify)
    scan = re.search(r'<iframe class="preview" src="(/documents/\d+)"', verify).group(1)
    served = specialist.get(scan)
    assert served.mimetype == "application/pdf" and served.headers["Content-Disposition"].startswith("inline")
    assert "frame-ancestors 'self'" in served.headers["Content-Security-Policy"]
    assert specialist.get(scan + "?tai-ve=1").headers["Content-Disposition"].startswith("attachment")
    specialist.submit(_task(specialist, "Thẩm định hồ sơ"), VERIFY)

    leader = Clerk(app, "lanhdao.longan")
    approve = _task(leader, "Phê duyệt kết quả")
    page = leader.get(approve).text
    assert "Dự thảo kết quả sẽ được ký" in page and f'src="{approve}/du-thao.pdf"' in page
    before = _counts(runtime)
    draft = leader.get(f"{approve}/du-thao.pdf")
    assert draft.status_code == 200 and draft.data.startswith(b"%PDF") and b"/ByteRange" not in draft.data
    assert _counts(runtime) == before  # nothing signed, kept, recorded or audited
    assert specialist.get(f"{approve}/du-thao.pdf").status_code == 403  # not the specialist's task

    signed = leader.submit(approve, {"decision": "sign", "leader_comment": "Đồng ý"})
    assert signed.status_code == 302, signed.text
    give_back = _task(reception, "Trả kết quả cho công dân")
    back = reception.get(give_back).text
    assert "Kết quả giải quyết" in back and "đã ký số" in back
    assert re.search(r'<iframe class="preview" src="/documents/\d+"', back)


def test_the_return_offers_the_applicant_and_asks_someone_else_for_the_authorisation(
        app: Flask, runtime: Runtime) -> None:
    reception = Clerk(app, "tiepnhan.longan")
    task = reception.submit("/dossiers/new", {"unit": "80001", "procedure": "land_change"}).location
    reception.submit(task, RECEIVE)
    specialist = Clerk(app, "chuyenvien.longan")
    specialist.submit(_task(specialist, "Thẩm định hồ sơ"), VERIFY)
    leader = Clerk(app, "lanhdao.longan")
    leader.submit(_task(leader, "Phê duyệt kết quả"), {"decision": "sign", "leader_comment": "Đồng ý"})
    give_back = _task(reception, "Trả kết quả cho công dân")
    page = reception.get(give_back).text
    assert re.search(r'name="recipient" value="applicant" checked', page)
    assert 'value="Nguyễn Thị Hoa"' in page and 'value="080190001234"' in page  # the applicant, offered

    someone = {"recipient": "other", "recipient_name": "Trần Văn Bình", "recipient_id_number": "080185004321",
               "fee_collected": "on", "rating": "satisfied"}
    refused = reception.submit(give_back, someone)
    assert refused.status_code == 422 and 'id="f_authorisation_scan_err"' in refused.text
    scanned = reception.submit(give_back, {"id_card_qr": "080185004321||Trần Văn Bình|01011985|Nam|Ấp 3|01012022"})
    assert re.search(r'name="recipient" value="other" checked', scanned.text)
    assert 'value="Trần Văn Bình"' in scanned.text
    done = reception.submit(give_back, {**someone, "authorisation_scan": (io.BytesIO(PDF), "uy-quyen.pdf")})
    assert done.status_code == 302, done.text
    dossier = reception.get(done.location).text
    assert "Đã trả kết quả" in dossier and "Bản quét giấy ủy quyền nhận kết quả" in dossier


def test_an_id_card_scan_fills_the_applicant_without_script(app: Flask) -> None:
    reception = Clerk(app, "tiepnhan.longan")
    task = reception.submit("/dossiers/new", {"unit": "80001", "procedure": "land_change"}).location
    page = reception.get(task).text
    assert 'name="id_card_qr"' in page and "task-form.js" in page

    filled = reception.submit(task, {"id_card_qr": CARD, "applicant_phone": "0912345678", "parcel_number": "215"})
    assert filled.status_code == 200
    for value in ("Nguyễn Thị Hoa", "080190001234", "Khu phố 2, Phường Long An, Tây Ninh", "0912345678", "215"):
        assert f'value="{value}"' in filled.text, value
    assert "Đã điền thông tin từ thẻ căn cước của Nguyễn Thị Hoa" in filled.text
    assert f'href="{task}"' in reception.get("/").text  # nothing completed: still an intake in progress

    wrong = reception.submit(task, {"id_card_qr": "https://example.com/not-a-card"})
    assert wrong.status_code == 422 and "không phải mã trên thẻ Căn cước công dân gắn chip" in wrong.text
