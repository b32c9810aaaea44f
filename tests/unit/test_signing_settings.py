"""Signing settings from the environment: the file store by default, a token only with everything it needs,
secrets from a variable or a file and never in repr, key labels mapped from a JSON file."""
from __future__ import annotations

from pathlib import Path

import pytest

from motcua.signing.settings import SigningSettings, SigningSettingsError

TOKEN_ENV = {"MOTCUA_SIGNING_BACKEND": "pkcs11", "MOTCUA_PKCS11_MODULE": "/usr/lib/softhsm/libsofthsm2.so",
             "MOTCUA_PKCS11_TOKEN": "motcua"}


def test_the_default_is_todays_file_key_store() -> None:
    settings = SigningSettings.from_env({})
    assert (settings.backend, settings.key_passphrase, settings.trusted_roots) == ("file", None, ())
    assert settings.key_label("lanhdao.longan") == "lanhdao.longan"


def test_a_token_needs_its_module_label_and_pin_and_an_unknown_backend_is_named() -> None:
    with pytest.raises(SigningSettingsError, match=r"needs MOTCUA_PKCS11_PIN \(or MOTCUA_PKCS11_PIN_FILE\)"):
        SigningSettings.from_env(TOKEN_ENV)
    with pytest.raises(SigningSettingsError, match="needs MOTCUA_PKCS11_MODULE, MOTCUA_PKCS11_TOKEN"):
        SigningSettings.from_env({"MOTCUA_SIGNING_BACKEND": "pkcs11", "MOTCUA_PKCS11_PIN": "1234"})
    with pytest.raises(SigningSettingsError, match="MOTCUA_SIGNING_BACKEND must be one of file, pkcs11, not 'hsm'"):
        SigningSettings.from_env({"MOTCUA_SIGNING_BACKEND": "hsm"})


def test_secrets_come_from_a_file_and_stay_out_of_repr(tmp_path: Path) -> None:
    (tmp_path / "pin").write_text("918273\n")
    (tmp_path / "passphrase").write_text("cụm mật khẩu của khoá\n")
    settings = SigningSettings.from_env({**TOKEN_ENV, "MOTCUA_PKCS11_PIN_FILE": str(tmp_path / "pin"),
                                         "MOTCUA_KEY_PASSPHRASE_FILE": str(tmp_path / "passphrase")})
    assert settings.pkcs11_pin == "918273" and settings.key_passphrase == "cụm mật khẩu của khoá"
    assert "918273" not in repr(settings) and "cụm mật khẩu" not in repr(settings)
    assert SigningSettings.from_env({"MOTCUA_KEY_PASSPHRASE": "direct"}).key_passphrase == "direct"
    with pytest.raises(SigningSettingsError, match="MOTCUA_PKCS11_PIN_FILE: cannot read .*/missing"):
        SigningSettings.from_env({**TOKEN_ENV, "MOTCUA_PKCS11_PIN_FILE": str(tmp_path / "missing")})
    (tmp_path / "empty").write_text("\n")
    with pytest.raises(SigningSettingsError, match="MOTCUA_KEY_PASSPHRASE_FILE: .*empty is empty"):
        SigningSettings.from_env({"MOTCUA_KEY_PASSPHRASE_FILE": str(tmp_path / "empty")})


def test_key_labels_map_usernames_and_a_bad_map_is_named(tmp_path: Path) -> None:
    (tmp_path / "labels.json").write_text('{"lanhdao.longan": "tran-thi-lan"}')
    settings = SigningSettings.from_env({**TOKEN_ENV, "MOTCUA_PKCS11_PIN": "1234",
                                         "MOTCUA_PKCS11_KEY_LABELS": str(tmp_path / "labels.json")})
    assert settings.key_label("lanhdao.longan") == "tran-thi-lan" and settings.key_label("other") == "other"
    (tmp_path / "bad.json").write_text('["lanhdao.longan"]')
    with pytest.raises(SigningSettingsError, match="bad.json must map usernames to key labels"):
        SigningSettings.from_env({"MOTCUA_PKCS11_KEY_LABELS": str(tmp_path / "bad.json")})
    (tmp_path / "broken.json").write_text("{")
    with pytest.raises(SigningSettingsError, match="broken.json is not JSON"):
        SigningSettings.from_env({"MOTCUA_PKCS11_KEY_LABELS": str(tmp_path / "broken.json")})


def test_trusted_roots_are_a_path_list(tmp_path: Path) -> None:
    settings = SigningSettings.from_env({"MOTCUA_TRUSTED_ROOTS": f"{tmp_path / 'gov.pem'}:{tmp_path / 'tinh.pem'}:"})
    assert settings.trusted_roots == (tmp_path / "gov.pem", tmp_path / "tinh.pem")
