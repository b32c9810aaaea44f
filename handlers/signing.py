"""The leader signs the result: a PDF with a PAdES signature anyone can verify.

Signed at once with the deployment's keys (``sign_result``), or by the leader's remote-signing service
(``request_remote`` then, when the message ``chu_ky_so_tu_xa`` has arrived, ``finish_remote``), where the
leader confirms on a phone and the dossier waits meanwhile without holding a request open.
"""
from __future__ import annotations

import base64
import binascii
from typing import Any

from motcua.documents import official
from motcua.domain.dossier import Status
from motcua.engine.handlers import HandlerContext, handler

REFUSAL_TITLE = "VĂN BẢN TRẢ LỜI"
DEFAULT_TITLE = "KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
REASON = "Phê duyệt kết quả giải quyết hồ sơ"


# The result's type, read from its title, for its số and ký hiệu in the unit's outgoing book: the types of
# Nghị định 30/2020/NĐ-CP, Phụ lục III, and the certificates and permits the commune issues; a refusal is a
# letter (công văn). Any other result is numbered as a công văn of the drafting office.
RESULT_TYPES = (("QUYẾT ĐỊNH", "Quyết định"), ("BIÊN BẢN", "Biên bản"), ("THÔNG BÁO", "Thông báo"),
                ("GIẤY CHỨNG NHẬN", "Giấy chứng nhận"), ("GIẤY XÁC NHẬN", "Giấy xác nhận"),
                ("XÁC NHẬN", "Giấy xác nhận"), ("GIẤY PHÉP", "Giấy phép"))
UNIT_PREFIXES = ("Phường ", "Xã ", "Đặc khu ", "Tỉnh ", "Thành phố ")


def result_type(title: str) -> str:
    """The document type a result's title names (its ký hiệu), a công văn when it names none."""
    upper = title.upper()
    return next((doc_type for start, doc_type in RESULT_TYPES if upper.startswith(start)), "Công văn")


def _issuer(ctx: HandlerContext) -> official.Issuer:
    """The people's committee of the unit handling the dossier, under the one above it."""
    unit, parent = ctx.office.issuing_body()
    place = unit
    for prefix in UNIT_PREFIXES:
        place = place.removeprefix(prefix)
    code = ctx.dossier.code or ""
    return official.Issuer(authority=f"UBND {unit}", parent=f"UBND {parent}" if parent else "", place=place,
                           verify_url=ctx.office.lookup_url(code).replace("/tra-cuu?", "/xac-thuc?"),
                           verify_code=code)


def _draw_result(ctx: HandlerContext, outcome: str, opinion: str, title: str,
                 details: list[Any] | None) -> tuple[bytes, official.SignaturePlace, str]:
    """The unsigned result PDF the specialist proposed, titled as the procedure's result and numbered in the
    unit's outgoing book; returns it with where its signature mark is and the book line's symbol.

    The shared decision part (``bpmn/shared/decision.bpmn``) passes no title unless the procedure's catalogue
    entry sets one (``[parameters.sign]``); the title is then the catalogue's ``[result_document] title``.
    """
    title = title or ctx.procedure.result_title
    heading = (title or DEFAULT_TITLE) if outcome == "approve" else REFUSAL_TITLE
    verdict = ("Chấp thuận đề nghị của ông/bà." if outcome == "approve"
               else "Hồ sơ không đủ điều kiện giải quyết; lý do nêu tại ý kiến thẩm định dưới đây.")
    applicant = ctx.dossier.applicant_name
    entry = ctx.office.enter_in_book("outgoing", {
        "summary": f"{heading.capitalize()}: {applicant} (hồ sơ {ctx.dossier.code})", "counterpart": applicant,
        "doc_type": result_type(heading), "document_date": ctx.clock.now().date().isoformat(),
        "detail": {"dossier_code": ctx.dossier.code, "outcome": outcome}})
    pdf, mark = official.result(
        _issuer(ctx), symbol=entry["symbol"], title=heading,
        paragraphs=[f"Thủ tục: {ctx.procedure.name_vi} (mã {ctx.procedure.code}).",
                    f"Người đề nghị: {applicant}. Mã hồ sơ: {ctx.dossier.code}.",
                    *([str(line) for line in details or []] if outcome == "approve" else []), verdict,
                    f"Ý kiến thẩm định: {opinion}" if opinion else ""],
        recipients=[f"Ông/Bà {applicant}" if applicant else "", "Bộ phận Một cửa"],
        signer_position=ctx.office.actor_title(), signer_name=ctx.office.actor_name(), issued_at=ctx.clock.now())
    return pdf, mark, str(entry["symbol"])


def _issue_signed(ctx: HandlerContext, pdf: bytes, outcome: str) -> dict[str, Any]:
    ctx.office.issue_result(f"ket-qua-{ctx.dossier.code}.pdf", pdf, approved=outcome == "approve")
    ctx.dossier.status = Status.AWAITING_RETURN
    ctx.office.record("result.signed", {"outcome": outcome})
    return {"result_outcome": outcome}


@handler("signing.sign_result")
def sign_result(ctx: HandlerContext, *, outcome: str, opinion: str = "", title: str = "",
                details: list[Any] | None = None) -> dict[str, Any]:
    """Draw up the result the specialist proposed (titled as the procedure's result) and sign it as the leader.

    ``details`` are the lines the result states (the child's name on a birth certificate, the business
    name on a registration), written in the diagram as a list expression over the task data.
    """
    pdf, mark, symbol = _draw_result(ctx, outcome, opinion, title, details)
    return _issue_signed(ctx, ctx.office.sign(pdf, f"{REASON} (số {symbol})", mark), outcome)


@handler("signing.request_remote")
def request_remote(ctx: HandlerContext, *, outcome: str, opinion: str = "", title: str = "",
                   details: list[Any] | None = None) -> dict[str, Any]:
    """Draw up the same result as ``sign_result`` and send it to the leader's remote-signing service.

    Returns at once; the pending signature is kept in the store (not in the task data: the prepared PDF would
    ride in every later save of the workflow). Follow it with a catch event for the message
    ``chu_ky_so_tu_xa`` and then ``signing.finish_remote``.
    """
    pdf, _mark, symbol = _draw_result(ctx, outcome, opinion, title, details)
    request_id = ctx.office.ask_remote_signature(pdf, f"{REASON} (số {symbol})")
    return {"result_outcome": outcome, "remote_request": request_id}


@handler("signing.finish_remote")
def finish_remote(ctx: HandlerContext, *, answer: dict[str, Any]) -> dict[str, Any]:
    """Complete the result with the signature the message ``chu_ky_so_tu_xa`` brought and issue it as
    ``sign_result`` does; a refusal, an expiry or a value that does not verify sets ``remote_signature`` to
    "refused" (and ``remote_refusal`` to why) for the diagram's gateway to lead back to the leader.

    ``answer`` is the message's payload (the catch event's ``spiffworkflow:messageVariable``):
    ``{"signature": base64 or "", "refused": why or ""}``.
    """
    refusal = str(answer.get("refused") or "")
    try:
        value = base64.b64decode(answer["signature"], validate=True) if answer.get("signature") else None
    except (binascii.Error, TypeError):
        value, refusal = None, refusal or "the signature in the message is not base64"
    signed = ctx.office.finish_remote_signature(value, refusal)
    if signed is None:
        ctx.dossier.status = Status.PROCESSING
        return {"remote_signature": "refused", "remote_refusal": refusal or "chữ ký không hợp lệ"}
    return {**_issue_signed(ctx, signed, str(ctx.data.get("result_outcome", "approve"))),
            "remote_signature": "signed", "remote_refusal": ""}
