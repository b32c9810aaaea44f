"""Signing results with the deployment's keys, and verifying any PDF a citizen brings."""
from __future__ import annotations

import importlib
import logging
from collections.abc import Sequence
from pathlib import Path

from cryptography import x509

from motcua.documents.official import SignaturePlace
from motcua.domain.roles import role_title
from motcua.signing.keys import FileKeys, KeyBackend, SignerIdentity
from motcua.signing.pades import VerificationReport, sign_pdf, verify_pdf
from motcua.signing.pki import KeyStore
from motcua.signing.remote import PendingSignature, RemoteSigningService, begin_remote, finish_remote
from motcua.signing.roots import load_roots
from motcua.signing.settings import SigningSettings
from motcua.store.models import User

log = logging.getLogger(__name__)
UNSEPARATED_KEYS_WARNING = ("MOTCUA_KEY_PASSPHRASE is unset: the signing keys in %s are encrypted under the "
                            "app's secret (MOTCUA_SECRET_KEY), so changing that secret would lock them. Move them "
                            "to a passphrase of their own with `motcua keys rotate-passphrase`, then set "
                            "MOTCUA_KEY_PASSPHRASE (README: Rotating the two secrets).")


class RemoteSignatureError(RuntimeError):
    """Remote signing cannot go on: no service configured, or the value it returned does not verify."""


class Signer:
    """Signs as the acting leader with the configured key back-end; verifies against the trusted roots."""

    def __init__(self, keys: KeyStore, backend: KeyBackend, organization: str,
                 trusted_roots: Sequence[x509.Certificate] = (), remote: RemoteSigningService | None = None) -> None:
        self.keys = keys
        self.backend = backend
        self.organization = organization
        self.trusted_roots = list(trusted_roots)
        self.remote = remote

    def sign(self, pdf: bytes, user: User, reason: str, unit_name: str, mark: SignaturePlace | None = None) -> bytes:
        """A PAdES-signed copy of ``pdf``; with ``mark``, the signature field is visible over the drawn mark."""
        who = SignerIdentity(user.username, user.full_name, user.title or role_title("leader"), unit_name)
        with self.backend.signer(who) as signer:
            return sign_pdf(pdf, signer, reason, unit_name, box=mark.box if mark else None,
                            page=mark.page if mark else 0)

    def ask_remote(self, pdf: bytes, user: User, reason: str, unit_name: str) -> PendingSignature:
        """Send ``pdf`` to the leader's remote-signing service; what to keep until they confirm on their phone."""
        if self.remote is None:
            raise RemoteSignatureError("no remote-signing service is configured for this deployment")
        return begin_remote(pdf, self.remote, user.username, reason, unit_name)

    def collect_remote(self, pending: PendingSignature) -> bytes | None:
        """The signed PDF once the leader has confirmed (None while they have not), checked before it is given.

        Raises ``SignatureRefused`` (from the service) when the leader refused, and ``RemoteSignatureError``
        when what came back does not hold under the trusted roots.
        """
        if self.remote is None:
            raise RemoteSignatureError("no remote-signing service is configured for this deployment")
        value = self.remote.result(pending.request_id)
        return None if value is None else self.finish_remote(pending, value)

    def finish_remote(self, pending: PendingSignature, value: bytes) -> bytes:
        """The PDF ``ask_remote`` prepared, completed with the signature value the service returned and checked
        under the trusted roots; ``RemoteSignatureError`` when it does not hold (a value for another document
        or made with another key)."""
        try:
            signed = finish_remote(pending, value)
        except ValueError as exc:  # a value pyHanko cannot even embed (too long, not DER)
            raise RemoteSignatureError(f"the signature returned for request {pending.request_id} does not hold: "
                                       f"{exc}") from exc
        report = self.verify(signed)
        if not report.ok:
            raise RemoteSignatureError(f"the signature returned for request {pending.request_id} does not hold: "
                                       f"{report.reason_in('en')}")
        return signed

    def roots(self) -> list[x509.Certificate]:
        """This deployment's CA (always trusted), then the configured roots."""
        return [self.keys.ca(self.organization).certificate, *self.trusted_roots]

    def verify(self, pdf: bytes) -> VerificationReport:
        """Who signed, when, whether the file is intact, and which trusted root the signer's certificate chains to."""
        return verify_pdf(pdf, self.roots())


def build_signer(directory: Path, secret: str, organization: str, settings: SigningSettings | None = None) -> Signer:
    """The signer the settings describe: key files (opened by the key passphrase, else the secret) or a token.

    Without a key passphrase the keys stay under the app's secret, as installs made before that setting have
    them: they keep opening, and a warning says how to separate the two secrets."""
    settings = settings or SigningSettings()
    if settings.key_passphrase is None:
        log.warning(UNSEPARATED_KEYS_WARNING, directory)
    store = KeyStore(directory, settings.key_passphrase or secret)
    backend: KeyBackend
    if settings.backend == "pkcs11":
        from motcua.signing.token import TokenKeys  # python-pkcs11 is loaded only by deployments that use it

        assert settings.pkcs11_module and settings.pkcs11_token and settings.pkcs11_pin  # SigningSettings checked
        backend = TokenKeys(settings.pkcs11_module, settings.pkcs11_token, settings.pkcs11_pin,
                            ca=lambda: store.ca(organization), key_label=settings.key_label)
    else:
        backend = FileKeys(store, organization)
    remote = load_remote_service(settings.remote_service) if settings.remote_service else None
    return Signer(store, backend, organization, load_roots(settings.trusted_roots), remote)


def load_remote_service(name: str) -> RemoteSigningService:
    """The remote-signing service MOTCUA_REMOTE_SIGNING names (``package.module:Class``), built with no arguments:
    a provider's adapter reads its own endpoint and credentials from the environment."""
    module_name, _, class_name = name.partition(":")
    try:
        service_class = getattr(importlib.import_module(module_name), class_name)
    except (ImportError, AttributeError) as exc:
        raise RemoteSignatureError(f"MOTCUA_REMOTE_SIGNING: cannot import {name!r} ({exc})") from exc
    service: RemoteSigningService = service_class()
    return service


def rotate_key_passphrase(directory: Path, current: str, new: str) -> int:
    """Re-encrypt the key files under ``new`` (the operator then sets MOTCUA_KEY_PASSPHRASE); how many."""
    return KeyStore(directory, current).rotate_passphrase(new)
