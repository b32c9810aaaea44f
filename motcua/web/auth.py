"""Sign-in, sign-out and the language switch."""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from motcua.services.people import authenticate, load_user
from motcua.web.context import runtime
from motcua.web.i18n import LOCALES

bp = Blueprint("auth", __name__)


def load_signed_in_user() -> None:
    """Put the signed-in user (or None) on ``g`` for every request."""
    user_id = session.get("user_id")
    g.user = load_user(runtime(), user_id) if user_id else None


def login_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Send anonymous visitors to the sign-in page, then back."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if g.user is None:
            return redirect(url_for("auth.login", next=request.full_path))
        return view(*args, **kwargs)

    return wrapped


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    if request.method == "POST":
        user = authenticate(runtime(), request.form.get("username", ""), request.form.get("password", ""))
        if user is None:
            flash(_("Sai tên đăng nhập hoặc mật khẩu."), "error")
            return render_template("login.html", username=request.form.get("username", "")), 401
        session.clear()
        session["user_id"] = user.id
        target = request.args.get("next", "")
        return redirect(target if target.startswith("/") and not target.startswith("//") else url_for("desk.inbox"))
    return render_template("login.html", username="")


@bp.post("/logout")
def logout() -> Any:
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    return redirect(url_for("auth.login"))


@bp.post("/lang/<code>")
def set_language(code: str) -> Any:
    if code in LOCALES:
        session["lang"] = code
    target = request.form.get("next", "/")
    return redirect(target if target.startswith("/") and not target.startswith("//") else "/")
