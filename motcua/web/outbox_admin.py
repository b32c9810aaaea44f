"""The administrators' view of status messages the national portal keeps refusing, with a retry button.

The worker retries on its own (outbox.backoff); this page is for the message that fails again and again
(the portal rejects its content, or has been down for hours): what it is, how often it failed and why,
and a button that makes it due at once."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, g, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l

from motcua.services import outbox
from motcua.web.auth import login_required
from motcua.web.context import runtime

bp = Blueprint("outbox_admin", __name__, url_prefix="/quan-tri/dong-bo")


@bp.get("/")
@login_required
def failing() -> Any:
    return render_template("admin/outbox.html", messages=outbox.failing(runtime(), g.user.id))


@bp.post("/<int:message_id>/gui-lai")
@login_required
def retry(message_id: int) -> Any:
    outbox.retry_now(runtime(), g.user.id, message_id)
    flash(_l("Tin %(id)s sẽ được gửi lại ở lượt tới của tiến trình nền.", id=message_id), "success")
    return redirect(url_for("outbox_admin.failing"))
