"""Leaders' keys on a PKCS#11 token (an HSM, a USB token, SoftHSM2): made on the token, never leaving it.

The first time a leader signs, an EC P-256 key pair is generated on the token under the leader's key label
(sensitive, not extractable), the deployment CA certifies its public key, and the certificate is stored on the
token beside it under the same label. A key and certificate put on the token by other means (imported, or
issued by another CA) are used as they are. Signing goes through pyHanko's PKCS#11 signer, which asks the
token for a raw ECDSA signature over a digest pyHanko computes (SoftHSM2 has no hash-then-sign EC mechanism).
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import cast

import pkcs11
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from pkcs11 import Attribute, CertificateType, KeyType, ObjectClass
from pkcs11.util.ec import encode_ec_public_key, encode_named_curve_parameters
from pyhanko.sign import signers
from pyhanko.sign.pkcs11 import PKCS11Signer

from motcua.signing.keys import SignerIdentity
from motcua.signing.pki import Credential, certify


class TokenError(RuntimeError):
    """The token cannot be used: not found, wrong PIN, or a key with nothing to certify it from."""


def _asn1(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


class TokenKeys:
    """Leaders' keys on one token, found by key label (the username, or a configured mapping)."""

    def __init__(self, module: Path, token_label: str, pin: str, ca: Callable[[], Credential],
                 key_label: Callable[[str], str]) -> None:
        self.module = module
        self.token_label = token_label
        self._pin = pin
        self._ca = ca
        self._key_label = key_label

    def __repr__(self) -> str:
        return f"TokenKeys(module={str(self.module)!r}, token={self.token_label!r})"  # never the PIN

    @contextmanager
    def _session(self) -> Iterator[pkcs11.Session]:
        try:
            token = pkcs11.lib(str(self.module)).get_token(token_label=self.token_label)
            session = token.open(rw=True, user_pin=self._pin)
        except pkcs11.NoSuchToken as exc:
            raise TokenError(f"no PKCS#11 token labelled {self.token_label!r} in {self.module}") from exc
        except pkcs11.PinIncorrect as exc:
            raise TokenError(f"the PIN for token {self.token_label!r} is wrong (MOTCUA_PKCS11_PIN)") from exc
        except (pkcs11.PKCS11Error, RuntimeError, OSError) as exc:
            raise TokenError(f"cannot open PKCS#11 token {self.token_label!r} with {self.module}: "
                             f"{type(exc).__name__} {exc}") from exc
        try:
            yield session
        finally:
            session.close()

    @contextmanager
    def signer(self, who: SignerIdentity) -> Iterator[signers.Signer]:
        """A signer on the leader's token key, enrolling the key first if the token has none."""
        label = self._key_label(who.username)
        with self._session() as session:
            certificate = _certificate(session, label) or self._enrol(session, label, who)
            raw = isinstance(certificate.public_key(), ec.EllipticCurvePublicKey)  # an imported RSA key signs as is
            yield PKCS11Signer(session, key_label=label, signing_cert=_asn1(certificate),
                               ca_chain=[_asn1(self._ca().certificate)], use_raw_mechanism=raw)

    def _enrol(self, session: pkcs11.Session, label: str, who: SignerIdentity) -> x509.Certificate:
        """Make (or reuse) the key pair under ``label``, have the CA certify it, and store the certificate."""
        public = _public_key(session, label)
        if public is None:
            if _objects(session, ObjectClass.PRIVATE_KEY, label):
                raise TokenError(f"token {self.token_label!r} holds a private key {label!r} without its public key "
                                 "or certificate: import the certificate onto the token under that label")
            public = _generate(session, label)
        certificate = certify(self._ca(), public, who.full_name, who.title, who.unit)
        session.create_object({
            Attribute.CLASS: ObjectClass.CERTIFICATE, Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
            Attribute.TOKEN: True, Attribute.LABEL: label, Attribute.ID: _key_id(label),
            Attribute.SUBJECT: certificate.subject.public_bytes(),
            Attribute.VALUE: certificate.public_bytes(serialization.Encoding.DER),
        })
        return certificate


def _key_id(label: str) -> bytes:
    """The CKA_ID shared by a leader's key pair and certificate (stable, so re-enrolment finds them)."""
    return hashlib.sha256(label.encode("utf-8")).digest()[:16]


def _objects(session: pkcs11.Session, kind: ObjectClass, label: str) -> list[pkcs11.Object]:
    return list(session.get_objects({Attribute.CLASS: kind, Attribute.LABEL: label}))


def _certificate(session: pkcs11.Session, label: str) -> x509.Certificate | None:
    found = _objects(session, ObjectClass.CERTIFICATE, label)
    if len(found) > 1:
        raise TokenError(f"the token holds {len(found)} certificates labelled {label!r}; keep one")
    return x509.load_der_x509_certificate(found[0][Attribute.VALUE]) if found else None


def _public_key(session: pkcs11.Session, label: str) -> ec.EllipticCurvePublicKey | None:
    found = _objects(session, ObjectClass.PUBLIC_KEY, label)
    return _ec_key(cast(pkcs11.PublicKey, found[0]), label) if found else None


def _ec_key(public: pkcs11.PublicKey, label: str) -> ec.EllipticCurvePublicKey:
    key = serialization.load_der_public_key(encode_ec_public_key(public))
    if not isinstance(key, ec.EllipticCurvePublicKey):
        raise TokenError(f"the key {label!r} on the token is not an elliptic-curve key")
    return key


def _generate(session: pkcs11.Session, label: str) -> ec.EllipticCurvePublicKey:
    """An EC P-256 key pair made on the token; the private half is sensitive and cannot be exported."""
    parameters = session.create_domain_parameters(
        KeyType.EC, {Attribute.EC_PARAMS: encode_named_curve_parameters("secp256r1")}, local=True)
    public, _ = parameters.generate_keypair(
        store=True, label=label, id=_key_id(label),
        private_template={Attribute.SENSITIVE: True, Attribute.EXTRACTABLE: False, Attribute.SIGN: True})
    return _ec_key(public, label)
