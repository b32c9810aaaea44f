"""Pages for citizens, without signing in: the procedure catalogue, look a dossier up, verify a signed result.

Both are rate-limited per address: the lookup because it is guessable, the
verification because it does cryptographic work. The lookup is also limited per
dossier code (wrong tries only), since codes are sequential and an attacker has
many addresses; unknown codes and wrong digits get the same answer.
"""
from __future__ import annotations

import io
from typing import Any

from flask import Blueprint, abort, jsonify, render_template, request, send_file
from flask_babel import get_locale
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from motcua.services import catalogue, citizen, health
from motcua.services.errors import NotFound
from motcua.signing.pades import InvalidPdf, SignatureProblem
from motcua.web.context import runtime
from motcua.web.i18n import error_body, error_text

bp = Blueprint("public", __name__)
limiter = Limiter(key_func=get_remote_address, default_limits=[])
LOOKUP_LIMIT = "20 per minute"
LOOKUP_CODE_LIMIT = "10 per hour"  # wrong tries at one dossier code, from any address: codes are sequential
VERIFY_LIMIT = "30 per minute"


@bp.get("/healthz")
def healthz() -> Any:
    """Liveness: the process answers."""
    return jsonify({"status": "ok"})


@bp.get("/readyz")
def readyz() -> Any:
    """Readiness: database reachable, schema current, pack loaded; 503 naming what is not."""
    result = health.readiness(runtime())
    return jsonify({"ready": result.ready, "checks": result.checks}), 200 if result.ready else 503


@bp.route("/thu-tuc")
def procedures() -> Any:
    query = request.args.get("q", "").strip()
    return render_template("public/catalogue.html", query=query, procedures=catalogue.search(runtime(), query))


@bp.route("/thu-tuc/<slug>")
def procedure(slug: str) -> Any:
    try:
        found = catalogue.procedure(runtime(), slug)
    except NotFound:
        abort(404)
    return render_template("public/procedure.html", p=found)


@bp.route("/api/v1/procedures")
def procedures_api() -> Any:
    found = catalogue.search(runtime(), request.args.get("q", ""))
    return jsonify({"procedures": [catalogue.as_json(p) for p in found]})


@bp.route("/api/v1/procedures/<slug>")
def procedure_api(slug: str) -> Any:
    try:
        return jsonify(catalogue.as_json(catalogue.procedure(runtime(), slug)))
    except NotFound as exc:
        return jsonify(error_body(exc)), 404


def _lookup_code_key() -> str:
    return "lookup-code:" + request.form.get("ma", "").strip().upper()[:40]


@bp.route("/tra-cuu", methods=["GET", "POST"])
@limiter.limit(LOOKUP_LIMIT, methods=["POST"])
@limiter.limit(LOOKUP_CODE_LIMIT, key_func=_lookup_code_key, methods=["POST"],
               deduct_when=lambda response: response.status_code == 404)
def lookup() -> Any:
    code = (request.form.get("ma") or request.args.get("ma") or "").strip()
    found, asked = None, request.method == "POST"
    if asked:
        found = citizen.lookup(runtime(), code, request.form.get("so", ""))
    status = 200 if found or not asked else 404
    return render_template("public/lookup.html", code=code, found=found, asked=asked,
                           digits=request.form.get("so", "") if found else ""), status


@bp.post("/tra-cuu/phieu/<int:document_id>")
@limiter.limit(LOOKUP_LIMIT)
@limiter.limit(LOOKUP_CODE_LIMIT, key_func=_lookup_code_key,
               deduct_when=lambda response: response.status_code == 404)
def lookup_slip(document_id: int) -> Any:
    """A form issued to the applicant (Mẫu số 01–05, the signed result), for the lookup's code and digits."""
    found = citizen.slip(runtime(), request.form.get("ma", ""), request.form.get("so", ""), document_id)
    if found is None:
        abort(404)
    filename, content = found
    return send_file(io.BytesIO(content), mimetype="application/pdf", download_name=filename, as_attachment=False)


def _verification_json(result: citizen.Verification | None) -> dict[str, Any]:
    if result is None:
        missing = SignatureProblem("signature.no_result")
        return {"ok": False, "reason": error_text(missing), "reason_codes": [missing.code], "signatures": []}
    report, document = result.report, result.document
    return {
        "ok": report.ok, "reason": report.reason_in(str(get_locale() or "vi")),
        "reason_codes": [p.code for p in report.problems], "issued_for": result.issued_for, "verdict": result.verdict,
        "document": {"kind": document.kind, "name": citizen.kind_label(document.kind, "en"),
                     "dossier_code": document.dossier_code, "unit": document.unit,
                     "issued_at": document.issued_at.isoformat() if document.issued_at else None}
        if document else None,
        "signatures": [{"signer": s.signer, "title": s.title, "unit": s.unit,
                        "signed_at": s.signed_at.isoformat() if s.signed_at else None, "intact": s.intact,
                        "trusted": s.trusted, "covers_whole_file": s.covers_whole_file,
                        "trusted_root": s.trusted_root, "trusted_root_name": s.trusted_root_name}
                       for s in report.signatures],
    }


def _verify_request() -> tuple[citizen.Verification | None, str]:
    upload = request.files.get("file")
    if upload and upload.filename:
        try:
            return citizen.verify_file(runtime(), upload.read()), ""
        except InvalidPdf as exc:
            return None, error_text(exc)
    code = (request.form.get("ma") or request.args.get("ma") or "").strip()
    return (citizen.verify_dossier(runtime(), code) if code else None), ""


@bp.route("/xac-thuc", methods=["GET", "POST"])
@limiter.limit(VERIFY_LIMIT, methods=["POST"])
def verify() -> Any:
    result, error = _verify_request() if request.method == "POST" else (None, "")
    kind = (citizen.kind_label(result.document.kind, str(get_locale() or "vi"))
            if result and result.document else "")
    return render_template("public/verify.html", result=result, error=error, kind=kind,
                           asked=request.method == "POST", code=request.form.get("ma", ""))


@bp.post("/api/v1/verify")
@limiter.limit(VERIFY_LIMIT)
def verify_api() -> Any:
    result, error = _verify_request()
    if error:
        return jsonify({"ok": False, "reason": error, "signatures": []}), 400
    return jsonify(_verification_json(result))
