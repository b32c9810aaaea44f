"""The deployment's certificate authority and its signers' certificates.

Setup creates the CA; each leader gets a certificate the first time they sign.
Private keys are written as PKCS#8 PEM encrypted with the key passphrase
(MOTCUA_KEY_PASSPHRASE; the app's secret when unset, as before that setting
existed), never in clear, never logged, in files readable by the owner only.
Nothing here is committed: the key store lives under instance/. A leader whose
key lives on a PKCS#11 token gets a certificate for that key from the same CA
(``certify``); only the CA's key stays in these files then.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


@dataclass(frozen=True)
class Credential:
    """A certificate with its (decrypted, in-memory) private key."""

    certificate: x509.Certificate
    key: ec.EllipticCurvePrivateKey


def _name(common_name: str, organization: str, unit: str | None = None, title: str | None = None) -> x509.Name:
    parts = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
             x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization)]
    if unit:
        parts.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, unit))
    if title:
        parts.append(x509.NameAttribute(NameOID.TITLE, title))
    parts.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name))
    return x509.Name(parts)


def create_ca(common_name: str, organization: str, now: datetime | None = None) -> Credential:
    """A self-signed root for one deployment (a province), valid ten years."""
    now = now or datetime.now(UTC)
    key = ec.generate_private_key(ec.SECP256R1())
    name = _name(common_name, organization)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5)).not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                     crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return Credential(cert, key)


def issue_signer(ca: Credential, full_name: str, title: str, unit: str, now: datetime | None = None) -> Credential:
    """A signing certificate for one person, valid three years, chained to the deployment CA."""
    key = ec.generate_private_key(ec.SECP256R1())
    return Credential(certify(ca, key.public_key(), full_name, title, unit, now), key)


def certify(ca: Credential, public_key: ec.EllipticCurvePublicKey, full_name: str, title: str, unit: str,
            now: datetime | None = None) -> x509.Certificate:
    """A three-year signing certificate for a key pair made elsewhere (a token never lets its private key out)."""
    now = now or datetime.now(UTC)
    organization = ca.certificate.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value
    return (
        x509.CertificateBuilder().subject_name(_name(full_name, str(organization), unit, title))
        .issuer_name(ca.certificate.subject).public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5)).not_valid_after(now + timedelta(days=3 * 365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                     crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), critical=False)
        .sign(ca.key, hashes.SHA256())
    )


class WrongPassphrase(ValueError):
    """A key file that the configured passphrase does not open."""


def _open_key(path: Path, passphrases: list[bytes]) -> ec.EllipticCurvePrivateKey:
    """The key in ``path``, decrypted with the first passphrase that opens it."""
    data = path.read_bytes()
    for passphrase in passphrases:
        try:
            key = serialization.load_pem_private_key(data, password=passphrase)
        except (ValueError, TypeError):
            continue
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise WrongPassphrase(f"{path}: not an elliptic-curve key")
        return key
    raise WrongPassphrase(f"{path}: the key passphrase does not open this key (MOTCUA_KEY_PASSPHRASE, or the "
                          "app's secret when it is unset)")


class KeyStore:
    """Certificates and encrypted keys on disk: ``ca.pem``, ``ca.key.pem``, ``signers/<id>.pem|.key.pem``."""

    def __init__(self, directory: Path, passphrase: str) -> None:
        self.directory = directory
        self._passphrase = passphrase.encode("utf-8")
        # Opened credentials by certificate path, with the files' modification times they were read at: a
        # signature then costs no file read nor key decryption (the key is in this process's memory while
        # it signs anyway), and a file rewritten (rotation, a new certificate) is read again.
        self._opened: dict[Path, tuple[tuple[int, int], Credential]] = {}

    def key_files(self) -> list[Path]:
        """Every encrypted key file of the store (the CA's and the leaders')."""
        ca_key = self.directory / "ca.key.pem"
        return ([ca_key] if ca_key.is_file() else []) + sorted((self.directory / "signers").glob("*.key.pem"))

    def rotate_passphrase(self, new_passphrase: str) -> int:
        """Re-encrypt every key under a new passphrase; returns how many.

        Every key is opened before any is rewritten, so a wrong current passphrase changes nothing. A key
        already under the new passphrase (a rotation cut short) is accepted, so running it again finishes it.
        """
        new = new_passphrase.encode("utf-8")
        if not new or new == self._passphrase:
            raise ValueError("the new key passphrase must be non-empty and differ from the current one")
        keys = {path: _open_key(path, [self._passphrase, new]) for path in self.key_files()}
        staged = []
        for path, key in keys.items():
            fresh = path.with_name(path.name + ".new")
            self._write(fresh, key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                 serialization.BestAvailableEncryption(new)))
            staged.append((fresh, path))
        for fresh, path in staged:
            os.replace(fresh, path)
        self._passphrase = new
        self._opened.clear()
        return len(staged)

    def _write(self, path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)

    @staticmethod
    def _paths(stem: Path) -> tuple[Path, Path]:
        """Certificate and key paths (names may contain dots, so no ``with_suffix``)."""
        return stem.parent / f"{stem.name}.pem", stem.parent / f"{stem.name}.key.pem"

    def _save(self, stem: Path, credential: Credential) -> None:
        cert_path, key_path = self._paths(stem)
        self._write(cert_path, credential.certificate.public_bytes(serialization.Encoding.PEM))
        self._write(key_path, credential.key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(self._passphrase)))

    def _load(self, stem: Path) -> Credential | None:
        cert_path, key_path = self._paths(stem)
        try:
            stamp = (cert_path.stat().st_mtime_ns, key_path.stat().st_mtime_ns)
        except FileNotFoundError:
            return None
        known = self._opened.get(cert_path)
        if known and known[0] == stamp:
            return known[1]
        cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
        credential = Credential(cert, _open_key(key_path, [self._passphrase]))
        self._opened[cert_path] = (stamp, credential)
        return credential

    def ca(self, organization: str = "MotCua") -> Credential:
        """The deployment CA, created on first use."""
        existing = self._load(self.directory / "ca")
        if existing:
            return existing
        credential = create_ca(f"{organization} CA", organization)
        self._save(self.directory / "ca", credential)
        return credential

    def ca_certificate(self) -> x509.Certificate:
        """The trust root verifiers use (created with the CA if missing)."""
        return self.ca().certificate

    def signer(self, signer_id: str, full_name: str, title: str, unit: str) -> Credential:
        """A person's signing credential, issued by the CA on first use."""
        stem = self.directory / "signers" / re.sub(r"[^A-Za-z0-9._-]", "_", signer_id)
        existing = self._load(stem)
        if existing:
            return existing
        credential = issue_signer(self.ca(), full_name, title, unit)
        self._save(stem, credential)
        return credential
