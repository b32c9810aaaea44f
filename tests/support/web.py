"""A clerk at a browser, as the test client sees it: signs in, reads pages, posts forms with their CSRF token."""
from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


class Clerk:
    """One signed-in user with their own cookie jar."""

    def __init__(self, app: Flask, username: str | None = None, password: str = "motcua-demo") -> None:
        self.client: FlaskClient = app.test_client()
        if username:
            response = self.submit("/login", {"username": username, "password": password})
            assert response.status_code == 302, f"{username} could not sign in"

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
