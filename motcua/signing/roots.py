"""Trusted root CAs besides the deployment's own: the government's CA for officials, a neighbouring province's.

A deployment lists PEM files in MOTCUA_TRUSTED_ROOTS; a file may hold several certificates. Each must be a
CA certificate: trusting a leaf as a root would let anyone holding that one key vouch for any signature.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from cryptography import x509


class TrustedRootError(ValueError):
    """A configured trusted root that cannot be used, naming its file."""


def load_roots(paths: Sequence[Path]) -> list[x509.Certificate]:
    """The certificates of every listed PEM file, refusing at start-up what could not be a root."""
    roots: list[x509.Certificate] = []
    for path in paths:
        try:
            certificates = x509.load_pem_x509_certificates(path.read_bytes())
        except OSError as exc:
            raise TrustedRootError(f"{path}: cannot read this trusted root ({exc.strerror})") from exc
        except ValueError as exc:
            raise TrustedRootError(f"{path}: not a PEM certificate ({exc})") from exc
        for certificate in certificates:
            try:
                is_ca = certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
            except x509.ExtensionNotFound:
                is_ca = False
            if not is_ca:
                raise TrustedRootError(f"{path}: {certificate.subject.rfc4514_string()} is not a CA certificate")
            roots.append(certificate)
    return roots
