"""The seven forms of Circular 03/2025/TT-VPCP, Annex I (biểu mẫu giải quyết thủ tục hành chính), and the
signed result document.

Sources, and how sure each is (``FORM_SOURCES`` per form). The annex's own text was not found (searched: the
circular's pages on hethongphapluat.com and thuviennhadat.vn give its preamble and the list of forms, not the
forms). The seven titles and numbers are from secondary copies: thuviennhadat.vn, "Tải file word biểu mẫu Thông
tư 03/2025/TT-VPCP" (https://thuviennhadat.vn/phap-luat/tai-file-word-bieu-mau-thong-tu-03-2025-tt-vpcp-ve-giai-
quyet-thu-tuc-hanh-chinh-tai-bo-phan-mot-cua-708489.html) and a provincial analysis in a public repository. The
fields follow the forms of Circular 01/2018/TT-VPCP, which the 2025 forms are reported to follow closely, as
LEGAL.md lists them and as provincial systems print them (public repositories: "Vào Sổ theo dõi hồ sơ, Quyển số …
Số thứ tự …", "NGƯỜI NỘP HỒ SƠ / NGƯỜI TIẾP NHẬN HỒ SƠ", "NGƯỜI HƯỚNG DẪN", the two copies, the control sheet's
four columns), with the 2025 names ("Bộ phận Một cửa"). Form 04 (the apology now also asks to extend the time)
and form 05 (notice of stopping, new in 2025) are inferred from their titles and Nghị định 118/2025/NĐ-CP:
compare them with the annex before relying on them.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from reportlab.platypus import Flowable

from motcua.documents.grid import table
from motcua.documents.layout import (
    FormPage,
    Letterhead,
    Runs,
    SignatureBlock,
    day,
    labelled,
    render_form,
    when,
)

FORM_SOURCES = {  # form number: (title, how sure: V seen in the text, S secondary copy, I inferred)
    "01": ("Giấy tiếp nhận hồ sơ và hẹn trả kết quả", "title S; fields S (Circular 01/2018 form 01)"),
    "02": ("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", "title S; fields S (Circular 01/2018 form 02)"),
    "03": ("Phiếu từ chối tiếp nhận giải quyết hồ sơ", "title S; fields S (Circular 01/2018 form 03)"),
    "04": ("Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết", "title S; fields S (2018 form 05) + I"),
    "05": ("Thông báo dừng giải quyết hồ sơ", "title S; fields I (new in 2025)"),
    "06": ("Phiếu kiểm soát quá trình giải quyết hồ sơ", "title S; fields S (Circular 01/2018 form 04)"),
    "07": ("Sổ theo dõi hồ sơ", "title S; columns S (Circular 01/2018 form 06)"),
}
TWO_COPIES = ("Liên 1: giao cá nhân, tổ chức nộp hồ sơ", "Liên 2: lưu tại Bộ phận Một cửa, kèm Phiếu kiểm soát")
STOP_GROUNDS = {  # why a dossier is stopped (Nghị định 118/2025/NĐ-CP; the cases as far as we know: I)
    "withdrawn": "Căn cứ đề nghị dừng giải quyết hồ sơ của ông/bà",
    "by_law": "Căn cứ quy định của pháp luật",
}


@dataclass(frozen=True)
class PaperCount:
    """A paper handed in, with how many originals and copies."""

    name: str
    originals: int
    copies: int


@dataclass(frozen=True)
class Applicant:
    """Who the form concerns, with the contacts the forms print."""

    name: str
    address: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class ControlLine:
    """One hand-over on the control sheet: from whom to whom, when, by what deadline, how it went."""

    handed_by: str
    received_by: str
    at: datetime
    due_at: datetime | None
    timeliness: str
    giver: str = ""
    receiver: str = ""


@dataclass(frozen=True)
class RegisterLine:
    """One dossier as a line of the register of dossiers (Mẫu số 07)."""

    number: int | None
    code: str
    procedure: str
    sets: int
    applicant: str
    contacts: str
    handling_unit: str
    received_at: datetime | None
    due_at: datetime | None
    transferred_at: datetime | None
    result_at: datetime | None
    returned_at: datetime | None
    note: str


def _lines(pairs: Sequence[tuple[str, str]]) -> list[Flowable]:
    return [labelled(label, value) for label, value in pairs]


def _paragraphs(values: Sequence[str]) -> list[Flowable]:
    return [Runs([("Body", v)]) for v in values if v]


def _contacts(who: Applicant) -> list[tuple[str, str]]:
    return [("Địa chỉ", who.address), ("Số điện thoại", who.phone), ("Thư điện tử", who.email)]


def _days(days: int | None, hours: int | None) -> str:
    if hours:
        return f"{hours} giờ làm việc"
    return f"{days:02d} ngày làm việc" if days else "trong ngày"


def receipt(head: Letterhead, *, applicant: Applicant, procedure: str, papers: Sequence[PaperCount], sets: int,
            processing_days: int | None, processing_hours: int | None, received_at: datetime, due_at: datetime,
            return_place: str, register_number: int | None, clerk: str, fee: str = "",
            payment: Sequence[Flowable] = ()) -> bytes:
    """Mẫu số 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả, in two copies (the applicant's, the kept one).

    ``fee`` is item 7 (phí, lệ phí); ``payment`` is the place below it for what paying needs (a transfer's QR).
    """
    def body() -> list[Flowable]:
        lines = _lines([("Bộ phận Một cửa " + head.unit_name + " tiếp nhận hồ sơ của", applicant.name),
                        *_contacts(applicant), ("Nội dung yêu cầu giải quyết", procedure)])
        lines += _paragraphs(["1. Thành phần hồ sơ nộp gồm:"])
        lines.append(table([("STT", "Tên giấy tờ", "Bản chính", "Bản sao")]
                           + [(str(i), p.name, str(p.originals), str(p.copies)) for i, p in enumerate(papers, 1)],
                           (12, 120, 24, 24)))
        lines += _lines([("2. Số lượng hồ sơ", f"{sets:02d} (bộ)"),
                         ("3. Thời gian giải quyết hồ sơ theo quy định", _days(processing_days, processing_hours)),
                         ("4. Thời gian nhận hồ sơ", when(received_at)),
                         ("5. Thời gian trả kết quả giải quyết hồ sơ", when(due_at)),
                         ("6. Đăng ký nhận kết quả tại", return_place),
                         ("7. Phí, lệ phí", fee or "Không")])
        lines += list(payment)
        lines += _lines([("Vào Sổ theo dõi hồ sơ, Quyển số",
                          f"{received_at.year}, Số thứ tự: {register_number if register_number else ''}")])
        return lines
    notes = ["Ghi chú: Giấy tiếp nhận hồ sơ và hẹn trả kết quả được lập thành 02 liên; một liên giao cho cá nhân, "
             "tổ chức nộp hồ sơ; một liên chuyển kèm theo Phiếu kiểm soát quá trình giải quyết hồ sơ và được lưu "
             "tại Bộ phận Một cửa."]
    page = FormPage("Mẫu số 01", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", f"Mã hồ sơ: {head.dossier_code}",
                    copies=TWO_COPIES)
    return render_form(head, page, body, [SignatureBlock("Người nộp hồ sơ", applicant.name),
                                          SignatureBlock("Người tiếp nhận hồ sơ", clerk)], received_at, notes=notes)


def supplement_request(head: Letterhead, *, applicant: Applicant, procedure: str, missing: Sequence[str],
                       reason: str, legal_basis: Sequence[str], issued_at: datetime, clerk: str,
                       clock_stopped: bool = False) -> bytes:
    """Mẫu số 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (at the counter, or while processing)."""
    def body() -> list[Flowable]:
        lines = _lines([("Hồ sơ của", applicant.name), *_contacts(applicant),
                        ("Nội dung yêu cầu giải quyết", procedure)])
        lines += _paragraphs(["Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:"]
                             + [f"{i}. {m}" for i, m in enumerate(missing, 1)])
        lines += _lines([("Lý do", reason or "Hồ sơ chưa đủ thành phần, chưa đúng quy định")])
        lines += _paragraphs(["Căn cứ: " + "; ".join(legal_basis)] if legal_basis else [])
        if clock_stopped:
            lines += _paragraphs(["Thời gian giải quyết được tính tiếp từ khi nhận đủ hồ sơ bổ sung."])
        lines += _paragraphs([f"Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, ông/bà liên hệ với {clerk}, "
                              f"{head.unit_name}, hoặc tra cứu tại {head.lookup_url} để được hướng dẫn.",
                              "Xin trân trọng cảm ơn!"])
        return lines
    page = FormPage("Mẫu số 02", "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", f"Mã hồ sơ: {head.dossier_code}")
    return render_form(head, page, body, [SignatureBlock("Người hướng dẫn", clerk)], issued_at)


def refusal(head: Letterhead, *, applicant: Applicant, procedure: str, reason: str, issued_at: datetime,
            clerk: str) -> bytes:
    """Mẫu số 03: Phiếu từ chối tiếp nhận giải quyết hồ sơ."""
    def body() -> list[Flowable]:
        lines = _lines([("Bộ phận Một cửa " + head.unit_name + " tiếp nhận hồ sơ của", applicant.name),
                        *_contacts(applicant), ("Nội dung yêu cầu giải quyết", procedure)])
        lines += _paragraphs(["Sau khi nghiên cứu, đối chiếu các quy định hiện hành, Bộ phận Một cửa từ chối tiếp "
                              "nhận, giải quyết hồ sơ này với lý do cụ thể như sau:", reason,
                              "Xin thông báo để ông/bà được biết và thực hiện./."])
        return lines
    page = FormPage("Mẫu số 03", "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", f"Mã hồ sơ: {head.dossier_code}")
    return render_form(head, page, body, [SignatureBlock("Người tiếp nhận hồ sơ", clerk)], issued_at)


def apology(head: Letterhead, *, applicant: Applicant, procedure: str, received_at: datetime, due_at: datetime,
            new_due_at: datetime, reason: str, issued_at: datetime, signer: str, receiving_unit: str) -> bytes:
    """Mẫu số 04: Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết, signed by the head of the unit."""
    def body() -> list[Flowable]:
        lines = _lines([("Kính gửi", applicant.name), *_contacts(applicant)])
        lines += _paragraphs([
            f"Ngày {day(received_at)}, {receiving_unit} tiếp nhận hồ sơ đề nghị giải quyết thủ tục {procedure} của "
            f"ông/bà; mã hồ sơ: {head.dossier_code}.",
            f"Thời gian hẹn trả kết quả giải quyết hồ sơ: {when(due_at)}.",
            f"Tuy nhiên, đến nay {head.unit_name} chưa giải quyết xong hồ sơ của ông/bà.",
        ])
        lines += _lines([("Lý do", reason)])
        lines += _paragraphs([
            f"Sự chậm trễ này đã gây phiền hà, tốn kém chi phí, công sức của ông/bà. {head.unit_name} xin lỗi "
            "ông/bà và đề nghị ông/bà đồng ý gia hạn thời gian giải quyết hồ sơ."])
        lines += _lines([("Thời gian đề nghị gia hạn trả kết quả đến", when(new_due_at))])
        lines += _paragraphs(["Xin trân trọng cảm ơn!"])
        return lines
    page = FormPage("Mẫu số 04", "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT HỒ SƠ",
                    f"Mã hồ sơ: {head.dossier_code}", one_stop=False)
    return render_form(head, page, body, [SignatureBlock("Thủ trưởng cơ quan, đơn vị", signer,
                                                         "(Ký, ghi rõ họ tên và đóng dấu)")], issued_at,
                       recipients=["Như trên", f"Bộ phận Một cửa {receiving_unit}",
                                   f"Lưu: hồ sơ {head.dossier_code}"])


def stop_notice(head: Letterhead, *, applicant: Applicant, procedure: str, received_at: datetime | None,
                due_at: datetime | None, ground: str, reason: str, request_date: date | None, issued_at: datetime,
                signer: str, receiving_unit: str) -> bytes:
    """Mẫu số 05: Thông báo dừng giải quyết hồ sơ (the applicant withdrew, or the law requires it)."""
    if ground not in STOP_GROUNDS:
        raise ValueError(f"unknown ground for stopping {ground!r}; one of: {', '.join(STOP_GROUNDS)}")
    basis = STOP_GROUNDS[ground] + (f" ngày {request_date:%d/%m/%Y}" if ground == "withdrawn" and request_date
                                    else "")

    def body() -> list[Flowable]:
        lines = _lines([("Kính gửi", applicant.name), *_contacts(applicant)])
        lines += _paragraphs([
            f"Ngày {day(received_at)}, {receiving_unit} tiếp nhận hồ sơ đề nghị giải quyết thủ tục {procedure} của "
            f"ông/bà; mã hồ sơ: {head.dossier_code}; hẹn trả kết quả: {when(due_at)}.",
            f"{basis},",
            f"{head.unit_name} thông báo dừng giải quyết hồ sơ nêu trên kể từ {when(issued_at)}."])
        lines += _lines([("Lý do dừng giải quyết", reason)])
        lines += _paragraphs([
            f"Thành phần hồ sơ đã nộp được trả lại ông/bà tại Bộ phận Một cửa {receiving_unit}.",
            "Xin thông báo để ông/bà được biết./."])
        return lines
    page = FormPage("Mẫu số 05", "THÔNG BÁO", "Về việc dừng giải quyết hồ sơ", one_stop=False)
    return render_form(head, page, body, [SignatureBlock("Thủ trưởng cơ quan, đơn vị", signer,
                                                         "(Ký, ghi rõ họ tên và đóng dấu)")], issued_at,
                       recipients=["Như trên", f"Bộ phận Một cửa {receiving_unit}",
                                   f"Lưu: hồ sơ {head.dossier_code}"])


def control_sheet(head: Letterhead, *, applicant: Applicant, procedure: str, received_at: datetime | None,
                  due_at: datetime | None, lines: Sequence[ControlLine], issued_at: datetime) -> bytes:
    """Mẫu số 06: Phiếu kiểm soát quá trình giải quyết hồ sơ, one row per hand-over."""
    def body() -> list[Flowable]:
        rows = _lines([("Kèm theo hồ sơ của", applicant.name), *_contacts(applicant),
                       ("Nội dung yêu cầu giải quyết", procedure), ("Thời gian nhận hồ sơ", when(received_at)),
                       ("Thời gian hẹn trả kết quả", when(due_at))])
        rows.append(table(
            [("TÊN CƠ QUAN", "THỜI GIAN GIAO, NHẬN HỒ SƠ",
              "KẾT QUẢ GIẢI QUYẾT HỒ SƠ (Trước hạn/đúng hạn/quá hạn)", "GHI CHÚ")]
            + [(f"1. Giao: {c.handed_by}\n2. Nhận: {c.received_by}",
                f"{when(c.at)}\nNgười giao: {c.giver}\nNgười nhận: {c.receiver}", c.timeliness,
                f"Hạn xử lý: {when(c.due_at)}" if c.due_at else "") for c in lines],
            (50, 58, 36, 36)))
        return rows
    page = FormPage("Mẫu số 06", "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", f"Mã hồ sơ: {head.dossier_code}")
    return render_form(head, page, body, [], issued_at)


def register_book(head: Letterhead, *, lines: Sequence[RegisterLine], start: date, end: date,
                  issued_at: datetime) -> bytes:
    """Mẫu số 07: Sổ theo dõi hồ sơ, the unit's register for a period (A4 landscape)."""
    def body() -> list[Flowable]:
        return [table(
            [("TT", "Mã hồ sơ", "Tên thủ tục hành chính", "Số lượng hồ sơ (bộ)", "Tên cá nhân, tổ chức",
              "Địa chỉ, số điện thoại", "Cơ quan chủ trì giải quyết", "Nhận hồ sơ", "Hẹn trả kết quả",
              "Chuyển hồ sơ đến cơ quan giải quyết", "Nhận kết quả từ cơ quan giải quyết",
              "Trả kết quả cho cá nhân, tổ chức", "Ghi chú")]
            + [(str(r.number or ""), r.code, r.procedure, str(r.sets), r.applicant, r.contacts, r.handling_unit,
                day(r.received_at), day(r.due_at), day(r.transferred_at), day(r.result_at), day(r.returned_at),
                r.note) for r in lines],
            (8, 36, 32, 11, 24, 26, 22, 18, 18, 18, 18, 18, 18), compact=True)]
    page = FormPage("Mẫu số 07", "SỔ THEO DÕI HỒ SƠ",
                    f"Từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}", wide=True)
    return render_form(head, page, body, [], issued_at, qr=False)

