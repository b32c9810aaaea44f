"""The leader signs the result: a PDF with a PAdES signature anyone can verify."""
from __future__ import annotations

from motcua.documents import slips
from motcua.domain.dossier import Status
from motcua.engine.handlers import HandlerContext, handler

from ._slips import issue, letterhead

REFUSAL_TITLE = "VĂN BẢN TRẢ LỜI"
DEFAULT_TITLE = "KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"


@handler("signing.sign_result")
def sign_result(ctx: HandlerContext, *, outcome: str, opinion: str = "", title: str = "",
                details: list | None = None) -> dict:
    """Draw up the result the specialist proposed (titled as the procedure's result) and sign it as the leader.

    ``details`` are the lines the result states (the child's name on a birth certificate, the business
    name on a registration), written in the diagram as a list expression over the task data.
    """
    dossier = ctx.dossier
    now = ctx.clock.now()
    verdict = ("Chấp thuận đề nghị của ông/bà." if outcome == "approve"
               else "Hồ sơ không đủ điều kiện giải quyết; lý do nêu tại ý kiến thẩm định dưới đây.")
    pdf = slips.result(
        letterhead(ctx), title=(title or DEFAULT_TITLE) if outcome == "approve" else REFUSAL_TITLE,
        paragraphs=[f"Thủ tục: {ctx.procedure.name_vi} (mã {ctx.procedure.code}).",
                    f"Người đề nghị: {dossier.applicant_name}. Mã hồ sơ: {dossier.code}.",
                    *([str(line) for line in details or []] if outcome == "approve" else []), verdict,
                    f"Ý kiến thẩm định: {opinion}" if opinion else ""],
        signer_name=ctx.office.actor_name(), signer_title="Lãnh đạo", issued_at=now)
    issue(ctx, "ket-qua", ctx.office.sign(pdf, "Phê duyệt kết quả giải quyết hồ sơ"), signed=True)
    dossier.status = Status.AWAITING_RETURN
    ctx.office.record("result.signed", {"outcome": outcome})
    return {"result_outcome": outcome}
