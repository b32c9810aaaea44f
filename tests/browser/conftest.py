"""A real browser (Debian's chromium, driven by Playwright) against the app served from a thread."""
from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

import pyotp
import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, sync_playwright
from werkzeug.serving import make_server

from motcua.services.demo import DEMO_TOTP_SECRET

T = TypeVar("T")
CHROMIUM = "/usr/bin/chromium"  # Debian's package (scripts/system-deps.sh); Playwright downloads nothing
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture
def live_url(app: Flask) -> Iterator[str]:
    """The test app on a free localhost port, for as long as the test runs."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture
def browser() -> Iterator[Browser]:
    """A browser per test: Playwright's event loop must not outlive the test (signing runs its own loop)."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


def sign_in(page: Page, base: str, username: str) -> None:
    """Sign in through the login form, as a person does: leaders, administrators and the analyst then type
    the code their authenticator app shows (demo staff hold the published demo seed)."""
    page.goto(f"{base}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "motcua-demo")
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(re.escape(base) + r"/(login/ma-xac-thuc)?$"))
    if page.url.endswith("/login/ma-xac-thuc"):
        page.fill("input[name=code]", pyotp.TOTP(DEMO_TOTP_SECRET).now())
        page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/")


def off_the_browser_loop(work: Callable[[], T]) -> T:
    """Run service calls in another thread: Playwright's sync API keeps an event loop running in this one,
    and signing (pyHanko) starts its own with asyncio.run, which a thread with a running loop refuses."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(work).result()


SIZES = {"desk": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}
SCREENSHOTS = Path(os.environ.get("MOTCUA_SCREENSHOTS", Path(__file__).resolve().parents[2] / "build" / "screenshots"))


@pytest.fixture(params=sorted(SIZES))
def sized(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    """A page at a clerk's 1366×768 screen and at a 390×844 phone, in turn (``page.viewport_size`` says which)."""
    context = browser.new_context(locale="vi-VN", viewport=SIZES[request.param])
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


def size_name(page: Page) -> str:
    viewport = page.viewport_size or {}
    return next((name for name, size in SIZES.items() if size["width"] == viewport.get("width")), "other")


def snap(page: Page, name: str) -> Path:
    """Keep a full-page screenshot as a test artefact: build/screenshots/<name>-<size>.png (MOTCUA_SCREENSHOTS
    moves the folder)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}-{size_name(page)}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def overflow(page: Page) -> int:
    """How many CSS pixels the page runs off the right of the screen (0 when it fits: wide tables must scroll
    inside their card, not the page)."""
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))
