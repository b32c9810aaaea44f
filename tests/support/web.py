"""A clerk at a browser, as the test client sees it: signs in (with the second factor when the account has
one), reads pages, posts forms with their CSRF token."""
from __future__ import annotations

import re
from typing import Any

import pyotp
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from motcua.services.demo import DEMO_TOTP_SECRET

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
ENROL_SECRET = re.compile(r'<code id="totp-secret">([A-Z2-7 ]+)</code>')
SECOND_FACTOR, ENROL = "/login/ma-xac-thuc", "/login/dang-ky-xac-thuc"


class Clerk:
    """One signed-in user with their own cookie jar and, for the roles that need one, authenticator app:
    demo staff hold the published demo seed; other users enrol at their first sign-in, as a person does."""

    def __init__(self, app: Flask, username: str | None = None, password: str = "motcua-demo",
                 totp_secret: str = DEMO_TOTP_SECRET) -> None:
        self.client: FlaskClient = app.test_client()
        self.totp_secret = totp_secret
        if username:
            response = self.sign_in(username, password)
            assert response.status_code == 302 and not response.location.startswith("/login"), \
                f"{username} could not sign in ({response.status_code} {response.location})"

    def sign_in(self, username: str, password: str) -> TestResponse:
        """The password, then the code from the app (enrolling the app first when the page asks)."""
        response = self.submit("/login", {"username": username, "password": password})
        if response.status_code == 302 and response.location == ENROL:
            match = ENROL_SECRET.search(self.get(ENROL).text)
            assert match, "no seed on the enrolment page"
            self.totp_secret = match.group(1).replace(" ", "")
            return self.submit(ENROL, {"code": self.code()})
        if response.status_code == 302 and response.location == SECOND_FACTOR:
            return self.submit(SECOND_FACTOR, {"code": self.code()})
        return response

    def code(self) -> str:
        """What the authenticator app shows now."""
        return pyotp.TOTP(self.totp_secret).now()

    def get(self, path: str) -> TestResponse:
        return self.client.get(path)

    def token(self, path: str) -> str:
        page = self.client.get(path)
        match = TOKEN.search(page.text)
        assert match, f"no CSRF token on {path} (status {page.status_code})"
        return match.group(1)

    def submit(self, path: str, data: dict[str, Any], token_from: str | None = None) -> TestResponse:
        """Post a form the way the browser does, with the token of the page it came from."""
        return self.client.post(path, data={**data, "csrf_token": self.token(token_from or path)})

    def inbox_tasks(self) -> list[tuple[str, str]]:
        """(task path, title) of the tasks listed in the inbox."""
        return re.findall(r'<a class="task" href="(/tasks/[^"]+)">([^<]+)</a>', self.get("/").text)

    def inbox_drafts(self) -> list[str]:
        """Task paths of the intakes this person began and has not received ("Hồ sơ đang tiếp nhận dở")."""
        drafts = self.get("/").text.partition('<section class="card drafts"')[2].partition("</section>")[0]
        return re.findall(r'<a href="(/tasks/[^"]+)"', drafts)
