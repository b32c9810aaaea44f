"""A unit administrator's page for the account the unit receives fee transfers in (the VietQR on its slips)."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from motcua.domain.vietqr import BankAccount
from motcua.services import fees
from motcua.web.auth import login_required
from motcua.web.context import runtime
from motcua.web.i18n import error_text

bp = Blueprint("fees_admin", __name__, url_prefix="/quan-tri/tai-khoan-thu-phi")
FIELDS = ("bank_bin", "bank_name", "account_number", "account_name")


@bp.route("/", methods=["GET", "POST"])
@login_required
def accounts() -> Any:
    units = g.user.units_with("admin")
    errors: dict[str, dict[str, str]] = {}
    typed: dict[str, dict[str, str]] = {}
    if request.method == "POST":
        unit = request.form.get("unit", "")
        typed[unit] = {name: request.form.get(name, "").strip() for name in FIELDS}
        try:
            fees.set_bank_account(runtime(), g.user.id, unit, BankAccount(**typed[unit]))
        except fees.InvalidBankAccount as exc:
            errors[unit] = {exc.field: error_text(exc)}
        else:
            flash(_("Đã lưu tài khoản nhận phí của %(u)s.", u=dict(units).get(unit, unit)), "success")
            return redirect(url_for("fees_admin.accounts"))
    current = {code: typed.get(code) or vars(fees.bank_account(runtime(), code) or BankAccount("", ""))
               for code, _name in units}
    return render_template("admin/bank_accounts.html", units=units, current=current,
                           errors=errors), 422 if errors else 200
