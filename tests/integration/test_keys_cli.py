"""The key passphrase apart from the app's secret: old keys still open without it, and
`motcua keys rotate-passphrase` re-encrypts every key file (refusing, with nothing changed, when the current
passphrase is wrong)."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from motcua.cli import main
from motcua.services.signing import build_signer
from motcua.signing.keys import SignerIdentity
from motcua.signing.pki import KeyStore, WrongPassphrase
from motcua.signing.settings import SigningSettings

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


def test_without_a_key_passphrase_the_secret_still_opens_existing_keys(instance: Path) -> None:
    before = (instance / "pki" / "signers" / "lanhdao.longan.pem").read_bytes()
    assert signing_certificate(instance / "pki", "cli-test", SigningSettings()) == _der(before)


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


def _der(pem: bytes) -> bytes:
    return x509.load_pem_x509_certificate(pem).public_bytes(serialization.Encoding.DER)
