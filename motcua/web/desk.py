"""The clerk's desk: inbox, receiving a new dossier, working a task, a dossier's page.

Views are thin: read the request, call one service, render.
"""
from __future__ import annotations

import csv
import io
import logging
from dataclasses import dataclass
from typing import Any

import filetype
from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, send_file, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from motcua.domain.id_card import card_fields, parse_id_card_qr
from motcua.engine.forms import Form
from motcua.services import digitisation, drafts, fees, preview, queries, records, reports, security, steps, transfers
from motcua.services.dossier_page import dossier_page
from motcua.services.errors import InvalidField, InvalidSubmission, StepFailed
from motcua.web.auth import confirm_second_factor, login_required, second_factor_is_fresh
from motcua.web.context import runtime
from motcua.web.filters import STATUS, TIMELINESS, moment
from motcua.web.form_render import Sources, error_messages, field_views, parse_post
from motcua.web.i18n import error_text

bp = Blueprint("desk", __name__)
log = logging.getLogger(__name__)


def _locale() -> str:
    return str(get_locale() or "vi")


@bp.get("/")
@login_required
def inbox() -> Any:
    page = queries.desk_page(runtime(), g.user, _locale())
    drafts = [t for t in page.entries if t.dossier.draft]
    tasks = [t for t in page.entries if t not in drafts]
    return render_template("inbox.html", tasks=tasks, drafts=drafts, notices=page.notices)


@bp.post("/notices/seen")
@login_required
def notices_seen() -> Any:
    queries.mark_notices_seen(runtime(), g.user.id)
    return redirect(url_for("desk.inbox"))


REGISTER_ARGS = ("q", "status", "procedure", "from", "to", "timeliness")


@bp.get("/register")
@login_required
def register() -> Any:
    args = {key: request.args.get(key, "") for key in REGISTER_ARGS}
    page_number = request.args.get("page", "1")
    procedures = sorted(((slug, p.procedure.name(_locale())) for slug, p in runtime().pack.procedures.items()),
                        key=lambda pair: pair[1])
    try:
        query = queries.register_query(args)
    except reports.InvalidReportRequest as exc:
        return render_template("register.html", page=None, args=args, errors={exc.field: error_text(exc)},
                               procedures=procedures, statuses=STATUS, units=_own_units()), 400
    page = queries.register(runtime(), g.user.id, _locale(), query,
                            int(page_number) if page_number.isdigit() else 1)
    return render_template("register.html", page=page, args=args, errors={}, procedures=procedures,
                           statuses=STATUS, units=_own_units())


@bp.get("/register.csv")
@login_required
def register_csv() -> Response:
    """What the register shows with its filter, every page, as a spreadsheet (UTF-8 with BOM, like the reports)."""
    entries = queries.register_all(runtime(), g.user.id, _locale(),
                                   queries.register_query({key: request.args.get(key, "") for key in REGISTER_ARGS}))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_("Mã hồ sơ"), _("Thủ tục"), _("Người nộp"), _("Nơi tiếp nhận"), _("Nơi xử lý"),
                     _("Ngày tiếp nhận"), _("Hẹn trả kết quả"), _("Ngày trả kết quả"), _("Trạng thái"),
                     _("Kết quả xử lý")])
    for d in entries:
        writer.writerow([d.code or "", d.procedure_name, d.applicant_name, d.receiving_unit, d.handling_unit,
                         moment(d.received_at), moment(d.due_at), moment(d.finished_at),
                         str(STATUS.get(d.status, d.status)), str(TIMELINESS.get(d.timeliness or "", ""))])
    content = ("\ufeff" + buffer.getvalue()).encode("utf-8")
    return send_file(io.BytesIO(content), mimetype="text/csv; charset=utf-8", as_attachment=True,
                     download_name=f"so-theo-doi-ho-so-{runtime().clock.now():%Y%m%d}.csv")


@bp.post("/dossiers/<int:dossier_id>/discard")
@login_required
def discard(dossier_id: int) -> Any:
    """Discard an intake begun and not received: only its history is kept."""
    drafts.discard(runtime(), g.user.id, dossier_id)
    flash(_("Đã hủy hồ sơ đang tiếp nhận dở; chỉ lưu lại nhật ký."), "success")
    return redirect(url_for("desk.inbox"))


@bp.errorhandler(reports.InvalidReportRequest)
def invalid_period(exc: reports.InvalidReportRequest) -> Any:
    """A register asked for a period that is not one: a 400 naming the date and what is wrong with it."""
    return render_template("error.html", status=400, message=error_text(exc)), 400


def _own_units() -> list[tuple[str, str]]:
    """(code, name) of the units the signed-in user works in, once each."""
    return list(dict.fromkeys((code, name) for code, name, _ in g.user.roles))


@bp.get("/register.pdf")
@login_required
def register_pdf() -> Response:
    """Mẫu số 07 (sổ theo dõi hồ sơ) of one of the user's units for ``from``–``to`` (this month by default)."""
    period = reports.parse_request(runtime(), {k: request.args.get(k, "") for k in ("from", "to")})
    units = _own_units()
    unit = request.args.get("unit", "").strip() or (units[0][0] if units else "")
    return _pdf(*records.register_pdf(runtime(), g.user.id, unit, period.date_from, period.date_to))


@bp.route("/dossiers/new", methods=["GET", "POST"])
@login_required
def start() -> Any:
    units = g.user.units_with("reception")
    procedures = sorted((p for p in runtime().pack.procedures.values() if p.procedure.is_public_service),
                        key=lambda p: p.procedure.name_vi)  # documents and feedback have their own start pages
    if request.method == "POST":
        try:
            outcome = steps.start_dossier(runtime(), g.user.id, request.form.get("unit", ""),
                                          request.form.get("procedure", ""),
                                          channel=request.form.get("channel", "counter"),
                                          postal_item=request.form.get("postal_item"))
        except InvalidField as exc:  # the page comes back with what was chosen and typed, the field named
            return render_template("start.html", units=units, procedures=procedures, locale=_locale(),
                                   chosen=request.form, error=error_text(exc), error_field=exc.field), 422
        if outcome.waiting:
            return redirect(url_for("desk.task", task_id=outcome.waiting[0][0]))
        return redirect(url_for("desk.dossier", dossier_id=outcome.dossier_id))
    return render_template("start.html", units=units, procedures=procedures, locale=_locale(), chosen={},
                           error=None, error_field=None)


@bp.route("/tasks/<task_id>", methods=["GET", "POST"])
@login_required
def task(task_id: str) -> Any:
    posted = None
    if request.method == "POST":  # parsed against the form alone: the page is read only if it is shown again
        taken = _take(queries.task_form(runtime(), g.user, task_id))
        if not isinstance(taken, _Posted):
            return taken
        posted = taken
    view = queries.task_view(runtime(), g.user, task_id, _locale())
    sources = Sources(units=view.units, papers=view.papers)
    scan_for = _id_card_prefix(view.form)
    if posted is not None and posted.scanned:
        return _filled_from_id_card(view, sources, scan_for, posted.ask_code)
    values = {**view.prefill, **(posted.values if posted else {})}
    errors = posted.errors if posted else {}
    ask_code = posted.ask_code if posted else _asks_code(view)
    at_hand = _at_hand(view)
    sources = _with_store(view, values, sources, at_hand["digitised"])
    fields = field_views(view.form, values, errors, sources) if view.form else []
    fee = fees.preview(runtime(), view.dossier.procedure_slug,
                       set(view.form.schema.get("properties", {})) if view.form else set(), values)
    fee_problem = error_text(fee.problem) if fee and fee.problem else ""
    return render_template("task.html", view=view, fields=fields, errors=errors, ask_code=ask_code,
                           code_error=posted.code_error if posted else "", scan_for=scan_for, fee=fee,
                           fee_problem=fee_problem, store=bool(sources.held_link),
                           **at_hand), 200 if posted is None or _looking_up() else 422


@dataclass(frozen=True)
class _Posted:
    """A posted task form that did not complete its task, to show again: what was typed, what was wrong, whether
    the leader's code is (still) asked for and why it was refused, or that an ID card was scanned into it."""

    values: dict[str, Any]
    errors: dict[str, str]
    ask_code: bool
    code_error: str = ""
    scanned: bool = False


def _asks_code(shown: queries.TaskForm) -> bool:
    """A leader's decision is what gets signed: it asks a second factor not confirmed lately."""
    return bool(g.user.second_factor and shown.role == "leader" and not second_factor_is_fresh())


def _take(shown: queries.TaskForm) -> Any:
    """Complete the task with the posted form and land where the person goes next; or what to show again."""
    ask_code = _asks_code(shown)
    if _id_card_prefix(shown.form) and request.form.get("id_card_qr", "").strip():
        return _Posted({}, {}, ask_code, scanned=True)
    data, errors = parse_post(shown.form, request.form, Sources(papers=shown.papers)) if shown.form else ({}, {})
    if _looking_up():  # "Tính phí", "Tìm giấy tờ đã số hóa": what is typed so far is shown; nothing is saved
        return _Posted(data, {}, ask_code)
    code_error = ""
    if not errors and ask_code:
        code_error = _code_refusal(confirm_second_factor(request.form.get("totp_code", ""), shown.title))
        ask_code = bool(code_error)
    if errors or code_error:
        return _Posted(data, errors, ask_code, code_error)
    try:
        files = {name: steps.Upload(f.filename or name, f.read()) for name, f in request.files.items()
                 if f and f.filename}
        outcome = steps.complete_task(runtime(), g.user.id, shown.task_id, data, files)
    except InvalidSubmission as exc:
        return _Posted(data, error_messages(shown.form, exc.errors), ask_code)
    except digitisation.ReuseRefused as exc:  # a paper the page never offered: logged by the service
        flash(error_text(exc), "error")
    except StepFailed as exc:
        if exc.refusal is None:  # a fault of the pack: its engine account is for the log, not the clerk
            log.error("step %s of %s failed: %s", shown.task_id, shown.dossier_code, exc.detail)
        flash(error_text(exc), "error")
    else:
        flash(_("Đã hoàn thành: %(t)s", t=shown.title), "success")
        return _land(outcome)
    return _Posted(data, {}, ask_code)


def _looking_up() -> bool:
    """The post only asks to see something (the fee, the applicant's digitised papers): nothing is completed."""
    return bool(request.form.get("fee_preview") or request.form.get("papers_lookup"))


def _with_store(view: queries.TaskView, values: dict[str, Any], sources: Sources,
                digitised: list[digitisation.DigitisedPaper]) -> Sources:
    """At intake, the checklist's sources with the kinds of its papers, the papers this dossier already holds, and
    the applicant's papers held in the store for the ID number on the form (listing them is logged)."""
    if view.form is None or digitisation.papers_field(view.form) is None:
        return sources
    id_number = str(values.get("applicant_id_number") or "")
    held = digitisation.held_for_intake(runtime(), g.user.id, view.task_id, id_number, _locale())
    link = url_for("desk.held_paper", task_id=view.task_id, paper_id=0, cccd=id_number).replace("/0?", "/__id__?")
    return Sources(units=sources.units, papers=sources.papers, kinds=runtime().pack.paper_kinds, held=tuple(held),
                   held_link=link, digitised=frozenset(p.paper_name for p in digitised if p.source != "result"))


def _at_hand(view: queries.TaskView) -> dict[str, Any]:
    """What a task page shows beside its form: the dossier's documents and digitised papers, and for a leader's
    decision to sign, the result as it will be signed."""
    signs = view.form is not None and preview.offers_signature(view.form.schema)
    return {"files": view.files, "digitised": view.digitised,
            "draft_url": url_for("desk.draft_result", task_id=view.task_id) if signs else ""}


@bp.get("/tasks/<task_id>/giay-to/<int:paper_id>")
@login_required
def held_paper(task_id: str, paper_id: int) -> Response:
    """A paper of the applicant's store, opened at their intake before reusing it (logged)."""
    filename, content = digitisation.open_held(runtime(), g.user.id, task_id, paper_id, request.args.get("cccd", ""))
    return _file(filename, content)


@bp.get("/giay-to-so-hoa/<int:paper_id>")
@login_required
def digitised_paper(paper_id: int) -> Response:
    """A dossier's digitised paper (a reused one is read from the dossier it came from, and logged)."""
    return _file(*digitisation.paper_file(runtime(), g.user.id, paper_id))


@bp.get("/tasks/<task_id>/du-thao.pdf")
@login_required
def draft_result(task_id: str) -> Response:
    """The unsigned result the leader's "sign" would sign now, drawn on the fly (nothing is kept)."""
    drawn = preview.draft_result(runtime(), g.user.id, task_id)
    if drawn is None:
        abort(404)
    return _pdf(*drawn)


ID_CARD_PEOPLE = ("applicant", "recipient")  # whose fields a scanned ID card fills, the first the form has


def _id_card_prefix(form: Form | None) -> str:
    """The person (field prefix) whose details an ID card scan fills on this form, or "" when it has none."""
    properties = form.schema.get("properties", {}) if form else {}
    return next((p for p in ID_CARD_PEOPLE if f"{p}_id_number" in properties), "")


def _filled_from_id_card(view: queries.TaskView, sources: Sources, prefix: str, ask_code: bool) -> Any:
    """The form again with the card's details filled in: what a scan posts when the page runs no script (the
    scanner's Enter submits the form). Nothing is completed; what was typed stays."""
    assert view.form is not None  # a prefix is only found on a form
    card = parse_id_card_qr(request.form.get("id_card_qr", ""))
    raw = request.form.to_dict()
    if card is not None:
        raw.update(card_fields(card, prefix))
        if prefix == "recipient":  # a card scanned at return is the card of someone receiving for the applicant
            raw["recipient"] = "other"
    data, _problems = parse_post(view.form, raw, sources)
    values = {**view.prefill, **data}
    scan_error = "" if card else _("Mã QR vừa quét không phải mã trên thẻ Căn cước công dân gắn chip: hãy quét lại "
                                   "hoặc nhập tay.")
    if card:
        flash(_("Đã điền thông tin từ thẻ căn cước của %(n)s; hãy kiểm tra lại.", n=card.full_name), "success")
    at_hand = _at_hand(view)
    sources = _with_store(view, values, sources, at_hand["digitised"])
    fields = field_views(view.form, values, {}, sources)
    return render_template("task.html", view=view, fields=fields, errors={}, ask_code=ask_code, code_error="",
                           scan_for=prefix, scan_error=scan_error, store=bool(sources.held_link),
                           **at_hand), 200 if card else 422


def _land(outcome: steps.Outcome) -> Any:
    """After a step: the person's next task on the dossier, else the dossier (read-only once it has moved on),
    else the inbox with a word saying where it went."""
    if outcome.next_task:
        return redirect(url_for("desk.task", task_id=outcome.next_task))
    if outcome.sees_dossier:
        return redirect(url_for("desk.dossier", dossier_id=outcome.dossier_id))
    flash(_("Hồ sơ đã chuyển sang đơn vị khác; bạn không còn việc nào với hồ sơ này."), "info")
    return redirect(url_for("desk.inbox"))


def _code_refusal(attempt: security.Attempt) -> str:
    """Why a code given to sign was refused, or "" when it was right."""
    if attempt.outcome == "ok":
        return ""
    if attempt.outcome == "locked":
        return _("Nhập sai mã quá nhiều lần: tài khoản tạm khóa. Liên hệ quản trị đơn vị để được mở khóa.")
    return _("Mã xác thực không đúng hoặc đã hết hạn. Dữ liệu bạn đã nhập vẫn được giữ.")


@bp.get("/dossiers/<int:dossier_id>")
@login_required
def dossier(dossier_id: int) -> Any:
    page = dossier_page(runtime(), g.user, dossier_id, _locale(), may_hand_over=bool(g.user.units_with("admin")))
    return render_template("dossier.html", view=page.view, files=page.files, units=page.hand_over_to,
                           can_hand_over=bool(page.hand_over_to), fee=page.fee, notices=page.notices,
                           digitised=page.digitised)


@bp.post("/dossiers/<int:dossier_id>/fee")
@login_required
def confirm_fee(dossier_id: int) -> Any:
    """A reception clerk confirms the fee was paid (cash at the counter, or a transfer seen on the account)."""
    try:
        number = fees.confirm_payment(runtime(), g.user.id, dossier_id, request.form.get("method", ""),
                                      request.form.get("reference", ""))
    except fees.PaymentRefused as exc:  # paid meanwhile by another clerk, or a method the form does not offer
        flash(error_text(exc), "error")
    else:
        flash(_("Đã thu phí, lệ phí; biên lai số %(n)s.", n=number), "success")
    return redirect(url_for("desk.dossier", dossier_id=dossier_id))


def _pdf(filename: str, content: bytes) -> Response:
    return send_file(io.BytesIO(content), mimetype="application/pdf", download_name=filename, as_attachment=False)


@bp.get("/documents/<int:document_id>")
@login_required
def document(document_id: int) -> Response:
    return _file(*records.document(runtime(), g.user.id, document_id))


def _file(filename: str, content: bytes) -> Response:
    """A kept file served inline (previewed in pages), or as a download with ``?tai-ve``."""
    kind = filetype.guess(content)  # uploads may be images; issued slips are PDFs
    return send_file(io.BytesIO(content), mimetype=kind.mime if kind else "application/octet-stream",
                     download_name=filename, as_attachment="tai-ve" in request.args)  # inline: previewed in pages


@bp.get("/dossiers/<int:dossier_id>/phieu-kiem-soat.pdf")
@login_required
def control_sheet(dossier_id: int) -> Response:
    return _pdf(*records.control_sheet_pdf(runtime(), g.user.id, dossier_id))


@bp.post("/dossiers/<int:dossier_id>/hand-over")
@login_required
def hand_over(dossier_id: int) -> Any:
    transfers.hand_over(runtime(), g.user.id, dossier_id, request.form.get("unit", ""), request.form.get("comment", ""))
    flash(_("Đã chuyển hồ sơ."), "success")
    return redirect(url_for("desk.dossier", dossier_id=dossier_id))
