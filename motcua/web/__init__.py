"""The Flask application factory: the clerks' web UI on top of the services."""
from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from typing import Any

from flask import Flask, g, render_template, request, session
from flask_babel import Babel, get_locale
from flask_wtf.csrf import CSRFError, CSRFProtect

from motcua.config import Settings
from motcua.services.errors import Conflict, Forbidden, InvalidField, NotFound
from motcua.services.runtime import build_runtime
from motcua.web import (
    admin,
    auth,
    desk,
    documents,
    faults,
    feedback,
    fees_admin,
    headers,
    heatmap,
    modeler,
    notices_admin,
    online,
    open311,
    openapi,
    outbox_admin,
    portal_api,
    public,
    queue,
    rehearsal,
    reports,
    rollups_admin,
)
from motcua.web.context import runtime
from motcua.web.filters import register_filters
from motcua.web.i18n import LOCALES, compile_translations, error_text

TRANSLATIONS = Path(__file__).parent / "translations"


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app from the environment, with ``test_config`` overriding settings for tests."""
    overrides = dict(test_config or {})
    settings = Settings.from_env()
    app = Flask(__name__, instance_path=str(settings.instance_dir))
    app.config.update(
        SECRET_KEY=overrides.pop("SECRET_KEY", None) or settings.secret(),
        SECRET_KEY_FALLBACKS=list(settings.previous_secret_keys),  # sessions signed before a rotation stay valid
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.public_url.startswith("https://"),
        BABEL_DEFAULT_LOCALE="vi",
        BABEL_TRANSLATION_DIRECTORIES=str(TRANSLATIONS),
        MAX_CONTENT_LENGTH=20 * 1024 * 1024,
    )
    options = {**settings.runtime_options(), **overrides.pop("RUNTIME_OPTIONS", {})}
    if "CLOCK" in overrides:
        options["clock"] = overrides.pop("CLOCK")
    runtime = overrides.pop("RUNTIME", None) or build_runtime(
        overrides.pop("DATABASE_URL", settings.database_url), Path(overrides.pop("PACK_ROOT", settings.pack_root)),
        **options)
    app.config.update(overrides)
    app.config.setdefault("MOTCUA_REQUIRE_2FA", settings.require_second_factor)
    app.config.setdefault("MOTCUA_SIGN_2FA_MINUTES", settings.fresh_factor_minutes)
    app.config.setdefault("MOTCUA_REHEARSAL_TOKEN", settings.rehearsal_token)
    app.config.setdefault("MOTCUA_PORTAL_INBOUND_SECRET", settings.portal_inbound_secret)
    app.extensions["motcua"] = runtime
    headers.install(app, int(app.config.get("MOTCUA_PROXY_COUNT", settings.proxy_count)))

    compile_translations(TRANSLATIONS)
    Babel(app, locale_selector=_locale)
    csrf = CSRFProtect(app)
    csrf.exempt(public.verify_api)
    csrf.exempt(open311.create)  # a machine API: rate-limited, no session, no cookie
    csrf.exempt(rehearsal.clock)  # a token in a header, no session
    csrf.exempt(portal_api.receive)  # the national portal signs the body; no session
    app.config.setdefault("RATELIMIT_STORAGE_URI", settings.ratelimit_storage)
    # The limiter is one object for every app of the process, and init_app takes its last "enabled" as the
    # default: say it for each app, so one app built with limits off (a test's) never turns them off for others.
    app.config.setdefault("RATELIMIT_ENABLED", True)
    public.limiter.init_app(app)
    register_filters(app)
    app.jinja_env.globals["get_locale"] = get_locale
    _register(app)
    return app


def _locale() -> str:
    chosen = session.get("lang")
    if chosen in LOCALES:
        return chosen
    user = getattr(g, "user", None)
    return user.locale if user and user.locale in LOCALES else "vi"


def _register(app: Flask) -> None:
    faults.install(app)  # first: its id converter must be in place before the routes
    app.register_blueprint(auth.bp)
    app.register_blueprint(desk.bp)
    app.register_blueprint(public.bp)
    app.register_blueprint(modeler.bp)
    app.register_blueprint(documents.bp)
    app.register_blueprint(online.bp)
    app.register_blueprint(feedback.bp)
    app.register_blueprint(open311.bp)
    app.register_blueprint(queue.bp)
    app.register_blueprint(reports.bp)
    app.register_blueprint(heatmap.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(outbox_admin.bp)
    app.register_blueprint(rollups_admin.bp)
    app.register_blueprint(notices_admin.bp)
    app.register_blueprint(fees_admin.bp)
    app.register_blueprint(openapi.bp)
    app.register_blueprint(rehearsal.bp)
    app.register_blueprint(portal_api.bp)
    app.before_request(_pin_one_connection)
    app.before_request(auth.load_signed_in_user)
    app.teardown_request(_unpin_connection)

    def error_page(status: int, message: str) -> tuple[str, int]:
        return render_template("error.html", status=status, message=message), status

    app.register_error_handler(NotFound, lambda e: error_page(404, error_text(e)))
    app.register_error_handler(Forbidden, lambda e: error_page(403, error_text(e)))
    app.register_error_handler(Conflict, lambda e: error_page(409, error_text(e)))
    app.register_error_handler(InvalidField, lambda e: error_page(400, error_text(e)))
    app.register_error_handler(CSRFError, lambda e: error_page(400, e.description))
    app.register_error_handler(404, lambda e: error_page(404, request.path))
    app.register_error_handler(429, lambda e: error_page(429, str(e.description)))


def _pin_one_connection() -> None:
    """The request's units of work share one connection (``Runtime.one_connection``), released at its end."""
    held = ExitStack()
    held.enter_context(runtime().one_connection())
    g.pinned_connection = held


def _unpin_connection(_error: BaseException | None) -> None:
    held = g.pop("pinned_connection", None)
    if held is not None:
        held.close()
