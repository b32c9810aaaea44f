"""The administrators' view of the notices to citizens (e-mail, SMS) that keep failing, with a retry button.

The worker retries on its own (the outbox's backoff); this page is for the notice refused for good (a mailbox the
relay says does not exist, a number the gateway rejects) or failing for hours (the relay or gateway down or
misconfigured): what it is, to whom, how often it failed and why, and a button that makes it due at once."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, g, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l

from motcua.services import citizen_notices
from motcua.web.auth import login_required
from motcua.web.context import runtime

bp = Blueprint("notices_admin", __name__, url_prefix="/quan-tri/thong-bao-cong-dan")


@bp.get("/")
@login_required
def failing() -> Any:
    return render_template("admin/citizen_notices.html", notices=citizen_notices.failing(runtime(), g.user.id))


@bp.post("/<int:notice_id>/gui-lai")
@login_required
def retry(notice_id: int) -> Any:
    citizen_notices.retry_now(runtime(), g.user.id, notice_id)
    flash(_l("Thông báo %(id)s sẽ được gửi lại ở lượt tới của tiến trình nền.", id=notice_id), "success")
    return redirect(url_for("notices_admin.failing"))
