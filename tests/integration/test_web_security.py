"""The web security findings of issue 19, each replayed through the test client: redirects, sign-in throttling
and lockout, the second factor, sessions after sign-out, headers, and the citizen lookup's throttle per code."""
from __future__ import annotations

import csv
import io
import re
import runpy
from datetime import datetime
from pathlib import Path

import pyotp
import pytest
from flask import Flask

from features.steps.land_change import RECEIVE, SIGN, VERIFY
from motcua.domain.clock import VN_TZ
from motcua.domain.passwords import WeakPassword
from motcua.services import security
from motcua.services.demo import DEMO_TOTP_SECRET
from motcua.services.people import add_user
from motcua.services.runtime import Runtime
from motcua.web import create_app
from tests.integration.test_land_change_web import complete, only_task, start
from tests.support.web import Clerk

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "motcua" / "web" / "templates"
LEADER, RECEPTION, ADMIN = "lanhdao.longan", "tiepnhan.longan", "quantri.longan"


def at(clerk: Clerk, address: str) -> Clerk:
    """The same browser seen from another address (another office, another attacker's machine)."""
    clerk.client.environ_base["REMOTE_ADDR"] = address
    return clerk


def login_post(clerk: Clerk, username: str, password: str, query: str = ""):
    token = clerk.token("/login")
    return clerk.client.post(f"/login{query}", data={"username": username, "password": password,
                                                      "csrf_token": token})


# Redirects

def test_next_never_leaves_the_site(app: Flask) -> None:
    for target in ["/%09/evil.example/phish", "/%0A/evil.example", "//evil.example", "/%5Cevil.example",
                   "https://evil.example/", "/%0D%0ASet-Cookie:x=1"]:
        response = login_post(Clerk(app), RECEPTION, "motcua-demo", f"?next={target}")
        assert response.status_code == 302 and response.location == "/", target


def test_next_within_the_site_is_kept(app: Flask) -> None:
    assert login_post(Clerk(app), RECEPTION, "motcua-demo", "?next=/register").location == "/register"


def test_the_language_switch_stays_on_the_site(app: Flask) -> None:
    visitor = Clerk(app)
    for target, expected in [("/\t/evil.example/phish", "/"), ("/\n/evil", "/"), ("/thu-tuc?q=a", "/thu-tuc?q=a")]:
        response = visitor.submit("/lang/en", {"next": target}, token_from="/login")
        assert response.status_code == 302 and response.location == expected


# Sign-in: throttle, lockout, unlock

def test_sixty_wrong_passwords_then_the_right_one_does_not_sign_in(app: Flask, runtime: Runtime) -> None:
    attacker = Clerk(app)
    statuses = [login_post(attacker, LEADER, f"wrong-{i}").status_code for i in range(60)]
    assert statuses[:9] == [401] * 9 and statuses[9] == 423  # the tenth failure in a row locks the account
    assert set(statuses[10:20]) == {423} and set(statuses[20:]) == {429}  # then this address is throttled
    right = login_post(attacker, LEADER, "motcua-demo")
    assert right.status_code == 429
    elsewhere = login_post(at(Clerk(app), "10.9.9.9"), LEADER, "motcua-demo")
    assert elsewhere.status_code == 429  # the account name is throttled too, from any address
    with runtime.uow() as uow:
        assert uow.users.by_username(LEADER).locked_until is not None


def test_a_locked_account_is_unlocked_by_its_administrator(app: Flask, runtime: Runtime) -> None:
    attacker = at(Clerk(app), "10.0.0.66")
    for i in range(10):
        login_post(attacker, LEADER, f"guess-{i}")
    refused = login_post(at(Clerk(app), "10.0.0.7"), LEADER, "motcua-demo")
    assert refused.status_code == 423
    assert "Tài khoản tạm khóa đến 09:00 24/11/2025" in refused.text  # 30 minutes after 08:30, Vietnam time
    assert "quản trị đơn vị" in refused.text

    admin = Clerk(app, ADMIN)
    page = admin.get("/quan-tri/tai-khoan").text
    assert re.search(rf'id="account-{re.escape(LEADER)}">.*?Đang khóa đến', page, re.S)
    assert admin.submit(f"/quan-tri/tai-khoan/{LEADER}/mo-khoa", {}, token_from="/quan-tri/tai-khoan").status_code == 302
    Clerk(app, LEADER)  # signs in again (password and code)

    kinds = [line.kind for line in _audit(runtime, ADMIN)]
    assert {"signin.failed", "account.locked", "signin.refused_locked", "account.unlocked",
            "signin.succeeded"} <= set(kinds)


def test_only_an_administrator_of_the_unit_unlocks(app: Flask) -> None:
    assert Clerk(app, LEADER).get("/quan-tri/tai-khoan").status_code == 403
    other_ward = Clerk(app, "quantri.kientuong")
    response = other_ward.submit(f"/quan-tri/tai-khoan/{LEADER}/mo-khoa", {}, token_from="/quan-tri/tai-khoan")
    assert response.status_code == 404


# Password policy

def test_weak_passwords_are_refused_for_new_users(runtime: Runtime) -> None:
    for password in ["", "1", "lanhdao.moi", "lanhdao.moi-2025", "12345678910", "Password@123", "aaaaaaaaaaaa"]:
        with pytest.raises(WeakPassword):
            add_user(runtime, "lanhdao.moi", "Lãnh đạo mới", password, [("80001", "leader")])
    with runtime.uow() as uow:
        assert uow.users.by_username("lanhdao.moi") is None


def test_a_password_change_follows_the_policy_and_ends_other_sessions(app: Flask) -> None:
    here, there = Clerk(app, RECEPTION), Clerk(app, RECEPTION)
    form = {"current_password": "motcua-demo", "new_password": "123456789", "confirm_password": "123456789"}
    weak = here.submit("/tai-khoan/mat-khau", form, token_from="/tai-khoan")
    assert weak.status_code == 422 and "ít nhất 10 ký tự" in weak.text
    wrong = here.submit("/tai-khoan/mat-khau", {**form, "current_password": "no", "new_password": "song-hong-chay-mai",
                                                 "confirm_password": "song-hong-chay-mai"}, token_from="/tai-khoan")
    assert wrong.status_code == 422 and "Mật khẩu hiện tại không đúng" in wrong.text
    changed = here.submit("/tai-khoan/mat-khau", {**form, "new_password": "song-hong-chay-mai",
                                                   "confirm_password": "song-hong-chay-mai"}, token_from="/tai-khoan")
    assert changed.status_code == 302
    assert here.get("/").status_code == 200  # the session that changed it goes on
    assert there.get("/").status_code == 302  # every other one has ended
    Clerk(app, RECEPTION, password="song-hong-chay-mai")


# Sessions

def test_a_cookie_saved_before_sign_out_no_longer_works(app: Flask) -> None:
    clerk = Clerk(app, RECEPTION)
    saved = clerk.client.get_cookie("session").value
    assert clerk.get("/").status_code == 200
    clerk.submit("/logout", {}, token_from="/")
    replay = Clerk(app)
    replay.client.set_cookie("session", saved)
    response = replay.get("/")
    assert response.status_code == 302 and response.location.startswith("/login")


# Second factor

def test_a_leader_needs_the_code_after_the_password(app: Flask) -> None:
    leader = Clerk(app)
    response = login_post(leader, LEADER, "motcua-demo")
    assert response.status_code == 302 and response.location == "/login/ma-xac-thuc"
    assert leader.get("/").status_code == 302  # not signed in with the password alone
    wrong = leader.submit("/login/ma-xac-thuc", {"code": "000000"})
    assert wrong.status_code == 401 and "Mã xác thực không đúng" in wrong.text
    right = leader.submit("/login/ma-xac-thuc", {"code": pyotp.TOTP(DEMO_TOTP_SECRET).now()})
    assert right.status_code == 302 and right.location == "/"
    assert leader.get("/").status_code == 200


def test_a_new_leader_enrols_and_the_seed_is_stored_sealed(app: Flask, runtime: Runtime) -> None:
    add_user(runtime, "lanhdao2.longan", "Phó chủ tịch", "phuong-long-an-2026", [("80001", "leader")])
    leader = Clerk(app)
    assert login_post(leader, "lanhdao2.longan", "phuong-long-an-2026").location == "/login/dang-ky-xac-thuc"
    page = leader.get("/login/dang-ky-xac-thuc").text
    assert 'src="data:image/svg+xml' in page  # the QR code
    secret = re.search(r'<code id="totp-secret">([A-Z2-7 ]+)</code>', page).group(1).replace(" ", "")
    assert leader.submit("/login/dang-ky-xac-thuc", {"code": "123456"}).status_code == 422
    assert leader.get("/").status_code == 302
    done = leader.submit("/login/dang-ky-xac-thuc", {"code": pyotp.TOTP(secret).now()})
    assert done.status_code == 302 and leader.get("/").status_code == 200
    with runtime.uow() as uow:
        stored = uow.users.by_username("lanhdao2.longan").totp_secret
    assert secret not in stored and runtime.secrets.open(stored) == secret
    assert leader.get("/login/dang-ky-xac-thuc").location == "/tai-khoan"  # no second enrolment over the first


def test_an_enrolled_user_cannot_enrol_again_with_the_password_alone(app: Flask) -> None:
    leader = Clerk(app)
    login_post(leader, LEADER, "motcua-demo")
    response = leader.get("/login/dang-ky-xac-thuc")
    assert response.status_code == 302 and response.location == "/login"


def test_signing_asks_for_a_fresh_code(runtime: Runtime) -> None:
    app = create_app({"RUNTIME": runtime, "TESTING": True, "SECRET_KEY": "test", "MOTCUA_SIGN_2FA_MINUTES": 0})
    reception, specialist, leader = Clerk(app, RECEPTION), Clerk(app, "chuyenvien.longan"), Clerk(app, LEADER)
    complete(reception, start(reception), RECEIVE)
    complete(specialist, only_task(specialist, "Thẩm định hồ sơ"), VERIFY)
    task = only_task(leader, "Phê duyệt kết quả")
    assert 'name="totp_code"' in leader.get(task).text
    refused = leader.submit(task, SIGN)
    assert refused.status_code == 422 and "Mã xác thực không đúng" in refused.text
    assert only_task(leader, "Phê duyệt kết quả") == task  # nothing signed
    complete(leader, task, {**SIGN, "totp_code": leader.code()})
    assert "result.signed" in [line.kind for line in _audit(runtime, ADMIN)]


def test_two_factor_can_be_switched_off_by_the_deployment(runtime: Runtime) -> None:
    add_user(runtime, "lanhdao3.longan", "Phó chủ tịch", "phuong-long-an-2027", [("80001", "leader")])
    app = create_app({"RUNTIME": runtime, "TESTING": True, "SECRET_KEY": "test", "MOTCUA_REQUIRE_2FA": False})
    assert login_post(Clerk(app), "lanhdao3.longan", "phuong-long-an-2027").location == "/"
    assert login_post(Clerk(app), LEADER, "motcua-demo").location == "/login/ma-xac-thuc"  # enrolled: still asked


# Headers, HTTPS behind a proxy

def test_every_response_carries_the_security_headers(app: Flask) -> None:
    for path in ["/login", "/tra-cuu", "/thu-tuc", "/xac-thuc", "/xep-hang", "/phan-anh", "/static/motcua.css",
                 "/healthz", "/khong-co"]:
        response = Clerk(app).get(path)
        assert response.status_code < 500
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"], path
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert "Strict-Transport-Security" not in response.headers  # plain HTTP
        if response.mimetype == "text/html":
            assert "script-src 'self';" in response.headers["Content-Security-Policy"], path


def test_signed_in_pages_and_the_queue_screens_carry_them_too(app: Flask) -> None:
    leader = Clerk(app, LEADER)
    for path in ["/", "/register", "/bao-cao", "/tai-khoan", "/man-hinh/80001", "/xep-hang/80001", "/quay"]:
        response = leader.get(path)
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"], path


def test_behind_an_https_proxy_cookies_are_secure_and_hsts_is_sent(runtime: Runtime) -> None:
    app = create_app({"RUNTIME": runtime, "TESTING": True, "SECRET_KEY": "test", "MOTCUA_PROXY_COUNT": 1})
    client = app.test_client()
    proxied = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    page = client.get("/login", headers=proxied)
    assert page.headers["Strict-Transport-Security"].startswith("max-age=")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    response = client.post("/login", data={"username": RECEPTION, "password": "motcua-demo", "csrf_token": token},
                           headers={**proxied, "Referer": "https://localhost/login"})  # CSRF checks it over HTTPS
    assert response.status_code == 302
    assert "Secure" in response.headers["Set-Cookie"] and "HttpOnly" in response.headers["Set-Cookie"]
    plain = app.test_client().get("/login")
    assert "Strict-Transport-Security" not in plain.headers
    with runtime.uow() as uow:
        assert "203.0.113.9" in [e.address for e in uow.audit.between(*_all_time(), None)]


def test_templates_hold_no_inline_script() -> None:
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and 'type="application/json"' not in tag:
                offenders.append(f"{path.name}: {tag}")
        offenders += [f"{path.name}: {m}" for m in re.findall(r"\son[a-z]+\s*=", text)]
        offenders += [f"{path.name}: javascript:" for _ in re.findall(r"javascript:", text, re.I)]
    assert offenders == []


def test_several_workers_refuse_per_process_rate_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GUNICORN_WORKERS", "3")
    monkeypatch.delenv("MOTCUA_RATELIMIT_STORAGE", raising=False)
    with pytest.raises(SystemExit, match="MOTCUA_RATELIMIT_STORAGE"):
        runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    monkeypatch.setenv("MOTCUA_RATELIMIT_STORAGE", "redis://127.0.0.1:6379")
    assert runpy.run_path(str(ROOT / "gunicorn.conf.py"))["workers"] == 3
    monkeypatch.setenv("GUNICORN_WORKERS", "1")
    monkeypatch.setenv("MOTCUA_RATELIMIT_STORAGE", "memory://")
    assert runpy.run_path(str(ROOT / "gunicorn.conf.py"))["workers"] == 1


# The citizen lookup

def test_the_lookup_is_throttled_per_code_from_any_address(app: Flask) -> None:
    reception = Clerk(app, RECEPTION)
    complete(reception, start(reception), RECEIVE)
    code = "000.00.31.H53-251124-0001"
    unknown = Clerk(app).submit("/tra-cuu", {"ma": "000.00.31.H53-251124-0999", "so": "5678"})
    wrong = Clerk(app).submit("/tra-cuu", {"ma": code, "so": "0000"})
    assert unknown.status_code == wrong.status_code == 404
    message = re.compile(r'<p class="flash error" role="alert">([^<]+)</p>')
    assert message.findall(unknown.text) == message.findall(wrong.text)  # nothing tells which was wrong

    for i in range(9):  # nine more wrong tries at that code, each from another address
        assert at(Clerk(app), f"10.1.0.{i}").submit("/tra-cuu", {"ma": code, "so": f"{i:04d}"}).status_code == 404
    right = at(Clerk(app), "10.2.0.1").submit("/tra-cuu", {"ma": code, "so": "5678"})
    assert right.status_code == 429  # the code is throttled, whoever asks
    other = at(Clerk(app), "10.2.0.1").submit("/tra-cuu", {"ma": "000.00.31.H53-251124-0002", "so": "5678"})
    assert other.status_code == 404  # another code is not


# The audit log

def test_the_audit_log_is_read_and_exported_by_administrators(app: Flask) -> None:
    login_post(Clerk(app), "=HYPERLINK(\"http://evil\")", "x")
    login_post(Clerk(app), RECEPTION, "wrong-password")
    Clerk(app, RECEPTION)
    admin = Clerk(app, ADMIN)
    page = admin.get("/quan-tri/nhat-ky?tu=2025-11-24&den=2025-11-24")
    assert page.status_code == 200 and "Đăng nhập sai" in page.text and RECEPTION in page.text
    assert "signin.failed" not in page.text and "in_a_row" not in page.text and "lần sai liên tiếp: 1" in page.text
    exported = admin.get("/quan-tri/nhat-ky.csv?tu=2025-11-24&den=2025-11-24")
    assert exported.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(exported.text.lstrip("\ufeff"))))
    assert {(r["Mã sự kiện"], r["Sự kiện"], r["Tài khoản"]) for r in rows} >= {
        ("signin.failed", "Đăng nhập sai", RECEPTION), ("signin.succeeded", "Đăng nhập thành công", RECEPTION)}
    failed = next(r for r in rows if r["Mã sự kiện"] == "signin.failed" and r["Tài khoản"] == RECEPTION)
    assert failed["Chi tiết"] == "lần sai liên tiếp: 1" and failed["Chi tiết (JSON)"] == '{"in_a_row": 1}'
    assert re.fullmatch(r"24/11/2025 \d\d:\d\d:\d\d", failed["Thời điểm"])
    assert datetime.fromisoformat(failed["Thời điểm (ISO 8601)"]).tzinfo is not None  # for programs
    assert not any(r["Tài khoản"].startswith("=") for r in rows)
    admin.submit("/lang/en", {"next": "/"}, token_from="/")
    english = list(csv.DictReader(io.StringIO(admin.get("/quan-tri/nhat-ky.csv?tu=2025-11-24&den=2025-11-24")
                                              .text.lstrip("\ufeff"))))
    assert {(r["Event code"], r["Event"]) for r in english} >= {("signin.failed", "Failed sign-in")}
    assert any(r["Details"] == "failures in a row: 1" for r in english)
    assert Clerk(app, RECEPTION).get("/quan-tri/nhat-ky").status_code == 403
    ward_admin_rows = {r["Tài khoản"] for r in rows}
    assert "lanhdao.kientuong" not in ward_admin_rows  # another ward's people are not this admin's


def _all_time():
    return datetime(2000, 1, 1, tzinfo=VN_TZ), datetime(2100, 1, 1, tzinfo=VN_TZ)


def _audit(runtime: Runtime, admin: str):
    with runtime.uow() as uow:
        admin_id = uow.users.by_username(admin).id
    return security.audit_log(runtime, admin_id, *_all_time())
