"""Security headers on every response, and what HTTPS behind a reverse proxy changes.

Pages run no inline script (code lives in static/*.js; ``<script type="application/json">`` blocks are data),
so the policy allows scripts from this site only. Styles may be inline: the diagram modeler (bpmn-js) sets
style attributes on the SVG it draws. No page may be framed (clickjacking), the queue display and kiosk
included: they are opened as pages of their own. Only HTML gets the full policy; a PDF or an image gets
``frame-ancestors`` alone, since a document policy can stop a browser's built-in PDF viewer; a PDF may be framed
by this site's own pages (``'self'``): the task and dossier pages preview a scan or a result in place.
"""
from __future__ import annotations

from flask import Flask, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wrappers import Response

PAGE_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
               "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
               "frame-ancestors 'none'")
HSTS = "max-age=31536000; includeSubDomains"


def add_security_headers(response: Response) -> Response:
    """CSP, no framing, no MIME sniffing, no referrer to other sites; HSTS when the request came over HTTPS."""
    html = response.mimetype == "text/html"
    framed = "'self'" if response.mimetype == "application/pdf" else "'none'"
    response.headers.setdefault("Content-Security-Policy", PAGE_POLICY if html else f"frame-ancestors {framed}")
    response.headers.setdefault("X-Frame-Options", "SAMEORIGIN" if framed == "'self'" else "DENY")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")  # a lookup URL carries a dossier code
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


class HttpsAwareSessions(SecureCookieSessionInterface):
    """The session cookie is ``Secure`` when configured so, and whenever the request itself came over HTTPS
    (as the trusted proxy reports it)."""

    def get_cookie_secure(self, app: Flask) -> bool:
        """Secure by configuration or by the request's scheme."""
        return bool(app.config["SESSION_COOKIE_SECURE"]) or request.is_secure


def install(app: Flask, proxies: int) -> None:
    """Headers on every response, the HTTPS-aware cookie, and trust in ``proxies`` reverse proxies'
    X-Forwarded-For/-Proto/-Host (the client's address then drives the rate limits and the audit log)."""
    if proxies > 0:  # Flask's documented wrapping; mypy sees wsgi_app as a method, hence the one ignore
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)  # type: ignore[method-assign]
    app.session_interface = HttpsAwareSessions()
    app.after_request(add_security_headers)
