"""Encryption of secrets the database keeps (a user's TOTP seed), under a key derived from the deployment's
secret: a copy of the database, a backup or a log line shows ciphertext, not the seed a phone holds.

Changing MOTCUA_SECRET_KEY makes stored seeds unreadable: the users concerned enrol again.
"""
from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken


class SecretBox:
    """Fernet (AES-128-CBC + HMAC-SHA256) with a key derived from the deployment secret."""

    def __init__(self, deployment_secret: str) -> None:
        digest = hashlib.sha256(b"motcua secret box v1\0" + deployment_secret.encode()).digest()
        self._fernet = Fernet(base64.urlsafe_b64encode(digest))

    def seal(self, plain: str) -> str:
        """The ciphertext of ``plain``, as text for a String column."""
        return self._fernet.encrypt(plain.encode()).decode("ascii")

    def open(self, sealed: str) -> str | None:
        """The plain text, or None when it was sealed under another key or altered."""
        try:
            return self._fernet.decrypt(sealed.encode("ascii")).decode()
        except (InvalidToken, ValueError):
            return None
