"""Encryption of secrets the database keeps (a user's TOTP seed), under a key derived from the deployment's
secret: a copy of the database, a backup or a log line shows ciphertext, not the seed a phone holds.

The app secret can be rotated without locking anyone out: the previous secrets
(``MOTCUA_PREVIOUS_SECRET_KEYS``) still open what was sealed under them, new seals use the current one, and
``motcua secrets reseal`` moves every stored seed to the current secret so the previous ones can be dropped.
"""
from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


def _fernet(secret: str) -> Fernet:
    digest = hashlib.sha256(b"motcua secret box v1\0" + secret.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


class SecretBox:
    """Fernet (AES-128-CBC + HMAC-SHA256) with keys derived from the deployment secret and its predecessors."""

    def __init__(self, deployment_secret: str, previous: Sequence[str] = ()) -> None:
        self._fernet = MultiFernet([_fernet(deployment_secret), *(_fernet(old) for old in previous)])

    def seal(self, plain: str) -> str:
        """The ciphertext of ``plain`` under the current secret, as text for a String column."""
        return self._fernet.encrypt(plain.encode()).decode("ascii")

    def open(self, sealed: str) -> str | None:
        """The plain text, or None when it was sealed under no secret this box knows, or altered."""
        try:
            return self._fernet.decrypt(sealed.encode("ascii")).decode()
        except (InvalidToken, ValueError):
            return None

    def reseal(self, sealed: str) -> str | None:
        """The same secret sealed under the current secret, or None when it cannot be opened."""
        try:
            return self._fernet.rotate(sealed.encode("ascii")).decode("ascii")
        except (InvalidToken, ValueError):
            return None
