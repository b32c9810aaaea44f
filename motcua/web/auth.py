"""Sign-in (password, then a TOTP code for the roles that need one), sign-out, the account page and the
language switch.

A session carries the user's session generation; raising it (sign-out, a password change, a reset second
factor) ends every session of that user, including copies of the cookie saved elsewhere. Failed tries are
throttled per address and per account name in the limiter's shared storage, and counted in the database
towards a lockout (motcua/services/security.py).
"""
from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import Any

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from motcua.documents import qr
from motcua.domain.passwords import WeakPassword
from motcua.services import security
from motcua.services.errors import Forbidden
from motcua.services.people import SignedIn, load_user
from motcua.web.context import runtime
from motcua.web.i18n import LOCALES, error_text
from motcua.web.public import limiter
from motcua.web.redirects import safe_next

bp = Blueprint("auth", __name__)
ADDRESS_LIMIT = "20 per minute"  # refused tries from one address, whatever the account
ACCOUNT_LIMIT = "20 per 10 minutes"  # refused tries at one account name, from anywhere
PENDING_SECONDS = 300  # between the password and the code


def _refused(response: Response) -> bool:
    """Only refusals count towards the throttles: a clerk who signs in often is never slowed down."""
    return response.status_code in (401, 422, 423)


def _account_key() -> str:
    return "account:" + request.form.get("username", "").strip().lower()[:80]


def _address() -> str | None:
    return request.remote_addr


def load_signed_in_user() -> None:
    """Put the signed-in user (or None) on ``g``; a session of an older generation has ended."""
    user_id = session.get("user_id")
    user = load_user(runtime(), user_id) if user_id else None
    if user is not None and session.get("gen") != user.generation:
        _clear_session()
        user = None
    g.user = user


def login_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Send anonymous visitors to the sign-in page, then back."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if g.user is None:
            return redirect(url_for("auth.login", next=request.full_path))
        return view(*args, **kwargs)

    return wrapped


def _clear_session() -> None:
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang


def _open_session(user: SignedIn, second_factor: bool) -> None:
    _clear_session()
    session["user_id"], session["gen"] = user.id, user.generation
    if second_factor:
        session["factor_at"] = time.time()


def _locked_message(until: datetime | None) -> str:
    """The lockout, with its end in Vietnam time (the store reads times back in Asia/Ho_Chi_Minh)."""
    return _("Tài khoản tạm khóa đến %(t)s do đăng nhập sai nhiều lần. Liên hệ quản trị đơn vị để được mở khóa "
             "sớm hơn.", t=until.strftime("%H:%M %d/%m/%Y") if until else "")


def _inbox() -> str:
    return url_for("desk.inbox")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(ADDRESS_LIMIT, methods=["POST"], deduct_when=_refused)
@limiter.limit(ACCOUNT_LIMIT, key_func=_account_key, methods=["POST"], deduct_when=_refused)
def login() -> Any:
    username = request.form.get("username", "")
    if request.method == "GET":
        return render_template("login.html", username="")
    attempt = security.check_password_step(runtime(), username, request.form.get("password", ""), _address(),
                                           current_app.config["MOTCUA_REQUIRE_2FA"])
    if attempt.outcome == "locked":
        flash(_locked_message(attempt.locked_until), "error")
        return render_template("login.html", username=username), 423
    if attempt.outcome == "refused" or attempt.user is None:
        flash(_("Sai tên đăng nhập hoặc mật khẩu."), "error")
        return render_template("login.html", username=username), 401
    target = safe_next(request.args.get("next"), _inbox())
    if attempt.outcome == "ok":
        _open_session(attempt.user, second_factor=False)
        return redirect(target)
    _clear_session()
    session["pending"] = {"user_id": attempt.user.id, "at": time.time(), "next": target}
    return redirect(url_for("auth.second_factor" if attempt.outcome == "second_factor" else "auth.enrol"))


def _pending() -> dict[str, Any] | None:
    """Who gave the right password in the last minutes and still owes the code."""
    pending = session.get("pending")
    if not pending or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None
    return pending


@bp.route("/login/ma-xac-thuc", methods=["GET", "POST"])
@limiter.limit(ADDRESS_LIMIT, methods=["POST"], deduct_when=_refused)
def second_factor() -> Any:
    pending = _pending()
    if pending is None:
        flash(_("Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại."), "error")
        return redirect(url_for("auth.login"))
    if request.method == "GET":
        return render_template("second_factor.html")
    attempt = security.check_code_step(runtime(), pending["user_id"], request.form.get("code", ""), _address())
    if attempt.outcome == "locked":
        _clear_session()
        flash(_locked_message(attempt.locked_until), "error")
        return render_template("login.html", username=""), 423
    if attempt.outcome != "ok" or attempt.user is None:
        flash(_("Mã xác thực không đúng hoặc đã hết hạn."), "error")
        return render_template("second_factor.html"), 401
    _open_session(attempt.user, second_factor=True)
    return redirect(safe_next(pending.get("next"), _inbox()))


def _enrolment_secret() -> str:
    """The seed offered on the enrolment page, kept (sealed: the cookie is signed, not encrypted) until used."""
    sealed = session.get("enrol_secret")
    secret = runtime().secrets.open(sealed) if sealed else None
    if secret is None:
        secret = security.new_secret()
        session["enrol_secret"] = runtime().secrets.seal(secret)
    return secret


@bp.route("/login/dang-ky-xac-thuc", methods=["GET", "POST"])
@limiter.limit(ADDRESS_LIMIT, methods=["POST"], deduct_when=_refused)
def enrol() -> Any:
    """Set up the authenticator app: at the first sign-in of a role that needs it, or from the account page.
    An enrolled user never gets here again (a lost phone is reset by an administrator)."""
    pending = _pending()
    user = g.user or (load_user(runtime(), pending["user_id"]) if pending else None)
    if user is None or user.second_factor:
        return redirect(url_for("auth.account" if g.user else "auth.login"))
    secret = _enrolment_secret()
    status = 200
    if request.method == "POST":
        if security.enrol(runtime(), user.id, secret, request.form.get("code", ""), _address()):
            session.pop("enrol_secret", None)
            if g.user is None and pending is not None:
                _open_session(user, second_factor=True)
                return redirect(safe_next(pending.get("next"), _inbox()))
            session["factor_at"] = time.time()
            flash(_("Đã bật xác thực hai bước."), "success")
            return redirect(url_for("auth.account"))
        flash(_("Mã xác thực không đúng; kiểm tra giờ trên điện thoại và nhập mã đang hiển thị."), "error")
        status = 422
    uri = security.provisioning_uri(secret, user.username)
    return render_template("enrol.html", qr=qr.svg_data_uri(uri),
                           secret=" ".join(secret[i:i + 4] for i in range(0, len(secret), 4))), status


@bp.post("/logout")
def logout() -> Any:
    if g.user is not None:
        security.end_sessions(runtime(), g.user.id, _address())
    _clear_session()
    return redirect(url_for("auth.login"))


@bp.get("/tai-khoan")
@login_required
def account() -> Any:
    return render_template("account.html")


@bp.post("/tai-khoan/mat-khau")
@login_required
@limiter.limit(ADDRESS_LIMIT, deduct_when=_refused)
def change_password() -> Any:
    new = request.form.get("new_password", "")
    if new != request.form.get("confirm_password", ""):
        flash(_("Mật khẩu mới nhập lại không khớp."), "error")
        return render_template("account.html"), 422
    try:
        generation = security.change_password(runtime(), g.user.id, request.form.get("current_password", ""), new,
                                              _address())
    except WeakPassword as exc:
        flash(_(str(exc)), "error")  # the policy's messages are in the catalogue
        return render_template("account.html"), 422
    except Forbidden as exc:
        flash(error_text(exc), "error")
        return render_template("account.html"), 422
    session["gen"] = generation  # this session goes on; every other one has ended
    flash(_("Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã kết thúc."), "success")
    return redirect(url_for("auth.account"))


def second_factor_is_fresh() -> bool:
    """True when the signed-in user gave a code within the configured minutes (before signing a result)."""
    minutes = current_app.config["MOTCUA_SIGN_2FA_MINUTES"]
    return time.time() - session.get("factor_at", 0) <= minutes * 60


def confirm_second_factor(code: str, purpose: str) -> security.Attempt:
    """Check a code given for an act (signing); a right one makes the second factor fresh again."""
    attempt = security.confirm_code(runtime(), g.user.id, code, _address(), purpose)
    if attempt.outcome == "ok":
        session["factor_at"] = time.time()
    return attempt


@bp.post("/lang/<code>")
def set_language(code: str) -> Any:
    if code in LOCALES:
        session["lang"] = code
    return redirect(safe_next(request.form.get("next"), "/"))
