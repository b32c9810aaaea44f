"""Signing results with the deployment's keys, and verifying any PDF a citizen brings."""
from __future__ import annotations

from pathlib import Path

from motcua.domain.roles import role_title
from motcua.signing.pades import VerificationReport, sign_pdf, verify_pdf
from motcua.signing.pki import KeyStore
from motcua.store.models import User


class Signer:
    """Signs as the acting leader, with a certificate the deployment CA issues on first use."""

    def __init__(self, directory: Path, passphrase: str, organization: str) -> None:
        self.keys = KeyStore(directory, passphrase)
        self.organization = organization

    def sign(self, pdf: bytes, user: User, reason: str, unit_name: str) -> bytes:
        """A PAdES-signed copy of ``pdf``."""
        credential = self.keys.signer(user.username, user.full_name, role_title("leader"), unit_name)
        return sign_pdf(pdf, credential, self.keys.ca(self.organization).certificate, reason, unit_name)

    def verify(self, pdf: bytes) -> VerificationReport:
        """Who signed, when, and whether the file is intact and signed under this deployment's CA."""
        return verify_pdf(pdf, [self.keys.ca(self.organization).certificate])
