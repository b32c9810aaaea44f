"""The password policy: length counts, the username and the common passwords are refused."""
from __future__ import annotations

import pytest

from motcua.domain.passwords import WeakPassword, check_password, common_passwords


@pytest.mark.parametrize(("password", "reason"), [
    ("", "ít nhất 10 ký tự"), ("1", "ít nhất 10 ký tự"), ("x" * 201, "dài quá"),
    ("abababababab", "4 ký tự khác nhau"), ("lanhdao.longan", "tên đăng nhập"), ("LanhDao-LongAn-2025", "tên đăng nhập"),
    ("1234567890", "phổ biến"), ("Admin@12345", "phổ biến"), ("MATKHAU@123", "phổ biến"),
])
def test_weak_passwords_are_refused_with_the_reason(password: str, reason: str) -> None:
    with pytest.raises(WeakPassword, match=reason):
        check_password(password, "lanhdao.longan")


@pytest.mark.parametrize("password", ["motcua-demo", "song hong chay mai", "Tây Ninh 2026 mùa khô"])
def test_long_uncommon_passwords_pass(password: str) -> None:
    check_password(password, "lanhdao.longan")


def test_the_shipped_list_is_read_without_its_comments() -> None:
    words = common_passwords()
    assert "123456789" in words and "password" in words and not any(w.startswith("#") for w in words)
