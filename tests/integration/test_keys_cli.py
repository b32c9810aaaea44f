"""The key passphrase apart from the app's secret: old keys still open without it (with a warning saying how to
separate them), `motcua keys rotate-passphrase` re-encrypts every key file (refusing, with nothing changed, when
the current passphrase is wrong), and once separated, changing the app's secret signs everyone out and leaves
the keys readable."""
from __future__ import annotations

import logging
from pathlib import Path

import pytest
from click.testing import CliRunner
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from flask import Flask

from motcua.cli import main
from motcua.services.signing import build_signer
from motcua.signing.keys import SignerIdentity
from motcua.signing.pki import KeyStore, WrongPassphrase
from motcua.signing.settings import SigningSettings
from motcua.web import create_app
from tests.support.web import Clerk

LEADER = SignerIdentity("lanhdao.longan", "Lãnh đạo Phường Long An", "Lãnh đạo", "Phường Long An")


@pytest.fixture
def instance(tmp_path: Path) -> Path:
    """An instance whose keys were made before the key passphrase existed: under the app's secret."""
    KeyStore(tmp_path / "instance" / "pki", "cli-test").signer(LEADER.username, LEADER.full_name, LEADER.title,
                                                               LEADER.unit)
    return tmp_path / "instance"


def signing_certificate(pki: Path, secret: str, settings: SigningSettings) -> bytes:
    with build_signer(pki, secret, "MotCua", settings).backend.signer(LEADER) as signer:
        return signer.signing_cert.dump()


def test_without_a_key_passphrase_the_secret_still_opens_existing_keys(instance: Path,
                                                                       caplog: pytest.LogCaptureFixture) -> None:
    before = (instance / "pki" / "signers" / "lanhdao.longan.pem").read_bytes()
    with caplog.at_level(logging.WARNING, logger="motcua.services.signing"):
        assert signing_certificate(instance / "pki", "cli-test", SigningSettings()) == _der(before)
    assert "MOTCUA_KEY_PASSPHRASE is unset" in caplog.text and "motcua keys rotate-passphrase" in caplog.text
    assert "cli-test" not in caplog.text

    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="motcua.services.signing"):
        build_signer(instance / "pki", "cli-test", "MotCua", SigningSettings(key_passphrase="its own"))
    assert caplog.text == ""


def test_rotating_moves_the_keys_to_the_new_passphrase_and_a_wrong_current_one_changes_nothing(
        instance: Path, tmp_path: Path) -> None:
    env = {"MOTCUA_INSTANCE_DIR": str(instance), "MOTCUA_SECRET_KEY": "cli-test"}
    new_file = tmp_path / "key-passphrase"
    new_file.write_text("mật khẩu khoá mới 2026\n")
    runner = CliRunner()

    first = runner.invoke(main, ["keys", "rotate-passphrase", "--new-passphrase-file", str(new_file)], env=env)
    assert first.exit_code == 0, first.output
    assert "2 key file(s)" in first.output and "MOTCUA_KEY_PASSPHRASE" in first.output
    assert "mật khẩu khoá mới" not in first.output
    settings = SigningSettings.from_env({"MOTCUA_KEY_PASSPHRASE_FILE": str(new_file)})
    assert signing_certificate(instance / "pki", "cli-test", settings)
    with pytest.raises(WrongPassphrase):
        signing_certificate(instance / "pki", "cli-test", SigningSettings())  # the secret opens nothing now

    before = {p: p.read_bytes() for p in (instance / "pki").rglob("*.key.pem")}
    wrong = runner.invoke(main, ["keys", "rotate-passphrase"], env={**env, "MOTCUA_NEW_KEY_PASSPHRASE": "x" * 20})
    assert wrong.exit_code == 1 and "ca.key.pem: the key passphrase does not open this key" in wrong.output
    assert {p: p.read_bytes() for p in (instance / "pki").rglob("*.key.pem")} == before

    again = runner.invoke(main, ["keys", "rotate-passphrase"], input="third passphrase\nthird passphrase\n",
                          env={**env, "MOTCUA_KEY_PASSPHRASE": "mật khẩu khoá mới 2026"})
    assert again.exit_code == 0, again.output
    assert signing_certificate(instance / "pki", "cli-test", SigningSettings(key_passphrase="third passphrase"))


def deployment(database_url: str, instance: Path, secret: str, key_passphrase: str) -> Flask:
    """The app as a deployment builds it from its settings: one app secret, and the keys' own passphrase."""
    return create_app({"DATABASE_URL": database_url, "TESTING": True, "SECRET_KEY": secret,
                       "RUNTIME_OPTIONS": {"instance_dir": instance, "secret": secret,
                                           "signing": SigningSettings(key_passphrase=key_passphrase)}})


def test_changing_the_app_secret_signs_everyone_out_and_the_keys_still_open(database_url: str,
                                                                            tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    before = deployment(database_url, instance, "old app secret", "the keys' own passphrase")
    ca = before.extensions["motcua"].signer.keys.ca("MotCua").certificate  # made now, under the key passphrase
    clerk = Clerk(before, "tiepnhan.longan")
    cookie = clerk.client.get_cookie("session")
    assert cookie is not None and clerk.get("/").status_code == 200
    same_browser = before.test_client()
    same_browser.set_cookie("session", cookie.value)
    assert same_browser.get("/").status_code == 200  # the cookie alone carries the session
    before.extensions["motcua"].db.dispose()

    after = deployment(database_url, instance, "new app secret", "the keys' own passphrase")
    try:
        browser = after.test_client()
        browser.set_cookie("session", cookie.value)
        page = browser.get("/")
        assert page.status_code == 302 and page.location.startswith("/login")  # signed out: sign in again
        assert after.extensions["motcua"].signer.keys.ca("MotCua").certificate == ca
        assert Clerk(after, "tiepnhan.longan").get("/").status_code == 200
    finally:
        after.extensions["motcua"].db.dispose()


def _der(pem: bytes) -> bytes:
    return x509.load_pem_x509_certificate(pem).public_bytes(serialization.Encoding.DER)
