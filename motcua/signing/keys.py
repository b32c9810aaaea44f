"""The signer interface: who signs, and where their private key lives.

A back-end hands pyHanko a signer for one leader for the time of one signature. Two back-ends exist: the file
key store under instance/pki (the default) and a PKCS#11 token (``motcua.signing.token``). Both have their
certificates issued by the deployment CA, so the verify page treats them alike.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Protocol

from pyhanko.sign import signers

from motcua.signing.pades import file_signer
from motcua.signing.pki import Credential, KeyStore


@dataclass(frozen=True)
class SignerIdentity:
    """The person a signature is made for, as their certificate names them."""

    username: str
    full_name: str
    title: str
    unit: str


class KeyBackend(Protocol):
    """Where leaders' keys live."""

    def signer(self, who: SignerIdentity) -> AbstractContextManager[signers.Signer]:
        """A pyHanko signer for ``who``, valid inside the ``with`` block (a token session is closed after)."""


class FileKeys:
    """Keys in encrypted PEM files next to the deployment CA (the default back-end)."""

    def __init__(self, store: KeyStore, organization: str) -> None:
        self.store = store
        self.organization = organization
        # pyHanko signers by leader, kept with the credentials they were made from (the store hands out the
        # same objects until a file changes): building one re-encodes the key and certificates.
        self._signers: dict[str, tuple[Credential, Credential, signers.Signer]] = {}

    @contextmanager
    def signer(self, who: SignerIdentity) -> Iterator[signers.Signer]:
        """The leader's file key, issued by the deployment CA on first use."""
        ca = self.store.ca(self.organization)
        credential = self.store.signer(who.username, who.full_name, who.title, who.unit)
        known = self._signers.get(who.username)
        if known is None or known[0] is not credential or known[1] is not ca:
            known = (credential, ca, file_signer(credential, ca.certificate))
            self._signers[who.username] = known
        yield known[2]
