"""A new leader sets up two-step sign-in in a browser (QR code, then the code), signs out, and signs in again
with password and code; the pages run under the Content-Security-Policy without a violation."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pyotp
from playwright.sync_api import ConsoleMessage, Page, expect

from motcua.services.people import add_user
from motcua.services.runtime import Runtime

PASSWORD = "ky-so-phuong-long-an"  # noqa: S105 - a test account's


def test_a_new_leader_enrols_an_authenticator_and_signs_in_with_its_code(page: Page, live_url: str,
                                                                          runtime: Runtime, tmp_path: Path) -> None:
    add_user(runtime, "phochutich.longan", "Phó Chủ tịch Phường Long An", PASSWORD, [("80001", "leader")])
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if _is_csp(m) else None)

    page.goto(f"{live_url}/login")
    page.fill("input[name=username]", "phochutich.longan")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_url}/login/dang-ky-xac-thuc")
    qr = page.locator("p.qr img")
    expect(qr).to_be_visible()
    assert page.evaluate("img => img.naturalWidth", qr.element_handle()) > 0  # the QR code drew
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    qr.screenshot(path=str(tmp_path / "qr.png"))  # and a phone's camera reads the seed from it
    scanned = subprocess.run(["zbarimg", "-q", "--raw", str(tmp_path / "qr.png")], capture_output=True, text=True)
    assert re.fullmatch(rf"otpauth://totp/.*phochutich\.longan\?secret={secret}&.*", scanned.stdout.strip())

    page.fill("input[name=code]", "000000")
    page.click("main button[type=submit]")
    expect(page.locator("p.flash.error")).to_contain_text("Mã xác thực không đúng")
    page.fill("input[name=code]", pyotp.TOTP(secret).now())
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_url}/")
    expect(page.locator("header .user")).to_have_text("Phó Chủ tịch Phường Long An")

    page.click("header button:has-text('Đăng xuất')")
    page.wait_for_url(re.compile(r".*/login$"))
    page.fill("input[name=username]", "phochutich.longan")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_url}/login/ma-xac-thuc")
    page.goto(f"{live_url}/")  # the password alone opens nothing
    page.wait_for_url(re.compile(r".*/login\?next=.*"))
    page.goto(f"{live_url}/login/ma-xac-thuc")
    page.fill("input[name=code]", pyotp.TOTP(secret).now())
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_url}/")

    page.goto(f"{live_url}/thu-tuc/copy_certification")
    page.goto(f"{live_url}/bao-cao")
    assert violations == []


def _is_csp(message: ConsoleMessage) -> bool:
    return "Content Security Policy" in message.text or "Refused to" in message.text
