"""The password policy: what a new or changed password must be.

Leaders sign legal results after signing in, so a password must not be guessable in the few tries the
sign-in throttle allows: long enough, not the username, not one of the passwords people pick first
(a short list shipped as data in ``data/common_passwords.txt``). Length counts, composition rules do not
(NIST SP 800-63B): "Abc@123456" passes any composition rule and is on every attacker's list.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

MIN_LENGTH = 10
MAX_LENGTH = 200  # Argon2 hashes anything, but a megabyte "password" is a denial of service
COMMON = Path(__file__).parent / "data" / "common_passwords.txt"


class WeakPassword(ValueError):
    """A password the policy refuses; the message says why, in Vietnamese (it is shown as typed)."""


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list, lowercased."""
    lines = COMMON.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def _squeezed(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def check_password(password: str, username: str) -> None:
    """Raise WeakPassword naming the first rule ``password`` breaks for ``username``."""
    if len(password) < MIN_LENGTH:
        raise WeakPassword(f"Mật khẩu phải có ít nhất {MIN_LENGTH} ký tự.")
    if len(password) > MAX_LENGTH:
        raise WeakPassword(f"Mật khẩu không được dài quá {MAX_LENGTH} ký tự.")
    if len(set(password)) < 4:
        raise WeakPassword("Mật khẩu phải có ít nhất 4 ký tự khác nhau.")
    name, squeezed = _squeezed(username), _squeezed(password)
    if name and (name in squeezed or (squeezed and squeezed in name)):
        raise WeakPassword("Mật khẩu không được chứa tên đăng nhập.")
    if password.lower() in common_passwords() or squeezed in common_passwords():
        raise WeakPassword("Mật khẩu này quá phổ biến, dễ bị đoán; hãy chọn mật khẩu khác.")
