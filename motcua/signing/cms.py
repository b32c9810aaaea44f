"""The CMS container of a PAdES signature, joined from parts prepared once per key.

Profiling the signed result showed that ECDSA itself costs a few hundredths of a millisecond, while pyHanko
spent about 13 ms of CPU per signature building and DER-encoding the same CMS structures with asn1crypto: the
signed attributes, the signer info, the certificates, the SignedData. For one leader's key all of that is the
same for every document but two values: the document's digest (inside the signed attributes) and the signature
value. ``EcdsaSigner`` is a pyHanko signer that asks pyHanko once, when it is made, for a complete container
(the signed attributes pyHanko puts in a PAdES signature: content type, message digest, signing certificate v2),
keeps its DER parts, and then makes each signature by joining those bytes around the new digest and the new
ECDSA value (RFC 5652 §5, DER as X.690 §10). It checks itself against pyHanko's container once, byte for byte,
and any request it does not prepare for (a dry run, a time-stamp, other signed attributes) goes to pyHanko's own
path.
"""
from __future__ import annotations

import asyncio
import hashlib
from typing import Any

from asn1crypto import cms
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from pyhanko.sign import signers
from pyhanko_certvalidator.registry import CertificateStore

DIGEST = "sha256"
MAX_SIGNATURE = 72  # DER ECDSA-Sig-Value of P-256: two INTEGERs of at most 33 bytes in a SEQUENCE


def tlv(tag: int, body: bytes) -> bytes:
    """One DER element: tag, definite length, content (X.690 §8.1)."""
    size = len(body)
    if size < 0x80:
        return bytes((tag, size)) + body
    length = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes((tag, 0x80 | len(length))) + length + body


class EcdsaSigner(signers.SimpleSigner):
    """A pyHanko signer for an elliptic-curve key in memory, making PAdES B-B containers from prepared parts."""

    def __init__(self, key: ec.EllipticCurvePrivateKey, signing_cert: asn1_x509.Certificate,
                 cert_registry: CertificateStore) -> None:
        super().__init__(signing_cert=signing_cert, cert_registry=cert_registry,
                         signing_key=asn1_keys.PrivateKeyInfo.load(_pkcs8(key)))
        self.key = key
        self._parts: _Parts | None = None
        self._parts = _Parts.prepared(self)

    @property
    def max_size(self) -> int | None:
        """The largest container this signer makes, in bytes (None when it signs through pyHanko's path)."""
        return self._parts.max_size if self._parts else None

    async def async_sign(self, data_digest: bytes, digest_algorithm: str, dry_run: bool = False,
                         use_pades: bool = False, timestamper: Any = None,
                         signed_attr_settings: Any = None, is_pdf_sig: bool = True,
                         encap_content_info: Any = None) -> cms.ContentInfo:
        """The container for ``data_digest``: joined from the prepared parts when the request is the one they
        were prepared for (PAdES, SHA-256, no time-stamp, no extra attribute), otherwise pyHanko's own."""
        plain = (self._parts is not None and digest_algorithm == DIGEST and use_pades and is_pdf_sig
                 and not dry_run and timestamper is None and encap_content_info is None
                 and self.signed_attr_prov_spec is None and self.unsigned_attr_prov_spec is None
                 and _no_extra_attributes(signed_attr_settings))
        if not plain:
            return await super().async_sign(data_digest, digest_algorithm, dry_run=dry_run, use_pades=use_pades,
                                            timestamper=timestamper, signed_attr_settings=signed_attr_settings,
                                            is_pdf_sig=is_pdf_sig, encap_content_info=encap_content_info)
        assert self._parts is not None
        attributes = self._parts.attributes(data_digest)
        value = self.key.sign(tlv(0x31, attributes), ec.ECDSA(hashes.SHA256()))
        return Joined.load(self._parts.container(attributes, value))


class Joined(cms.ContentInfo):
    """A container joined here, so DER already: dumped as the bytes it was loaded from.

    asn1crypto takes any header whose last byte is 0x80 for an indefinite (BER) length and re-encodes the whole
    tree when asked for its bytes (wbond/asn1crypto#249, still open): a container of 1,408 content bytes has the
    header 30 82 05 80, and re-encoding it, certificates included, took 160-340 ms of the 2 ms a signature
    costs; one leader's signatures are that long about every other time (the ECDSA value is 70 to 72 bytes)."""

    def dump(self, force: bool = False) -> bytes:
        """The DER bytes: as loaded unless a child was changed (then re-encoded as asn1crypto does)."""
        if force or self._header is None:
            return bytes(super().dump(force))
        return bytes(self._header + self.contents + self._trailer)


def _pkcs8(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def _no_extra_attributes(settings: Any) -> bool:
    """Whether the signed attributes asked for are the plain PAdES ones (no revocation info, no CAdES extras)."""
    if settings is None:
        return True
    return getattr(settings, "adobe_revinfo_attr", None) is None and getattr(settings, "cades_signed_attrs",
                                                                             None) is None


class _Parts:
    """The DER pieces of one key's containers, cut from a container pyHanko made."""

    def __init__(self, reference: cms.ContentInfo) -> None:
        signed = reference["content"]
        info = signed["signer_infos"][0]
        self.head = (tlv(0x02, b"\x01") + signed["digest_algorithms"].dump()
                     + signed["encap_content_info"].dump() + signed["certificates"].dump())
        self.signer_head = (info["version"].dump() + info["sid"].dump() + info["digest_algorithm"].dump())
        self.algorithm = info["signature_algorithm"].dump()
        attributes = [a.dump() for a in info["signed_attrs"]]
        digest_attr = next(a for a in info["signed_attrs"] if a["type"].native == "message_digest")
        self.digest_prefix = digest_attr.dump()[:-32]  # the attribute's bytes before its SHA-256 value
        self.constant = [a for a in attributes if not a.startswith(self.digest_prefix)]
        self.max_size = len(self.container(self.attributes(bytes(32)), bytes(MAX_SIGNATURE)))

    def attributes(self, digest: bytes) -> bytes:
        """The signed attributes' content, in DER order (a SET OF sorted by encoding, X.690 §11.6)."""
        return b"".join(sorted([*self.constant, self.digest_prefix + digest]))

    def container(self, attributes: bytes, value: bytes) -> bytes:
        """ContentInfo { signedData, SignedData { v1, SHA-256, data, certificates, { SignerInfo } } }."""
        info = tlv(0x30, self.signer_head + tlv(0xA0, attributes) + self.algorithm + tlv(0x04, value))
        signed = tlv(0x30, self.head + tlv(0x31, info))
        return tlv(0x30, cms.ContentType("signed_data").dump() + tlv(0xA0, signed))

    @classmethod
    def prepared(cls, signer: EcdsaSigner) -> _Parts | None:
        """The parts of ``signer``'s containers, checked against a container pyHanko makes for the same digest
        and signature value; None (pyHanko's path then) if the two ever differ."""
        digest = hashlib.sha256(b"motcua").digest()
        reference = asyncio.run(signers.SimpleSigner.async_sign(
            signer, digest, DIGEST, use_pades=True, signed_attr_settings=None))
        if reference["content"]["digest_algorithms"][0]["algorithm"].native != DIGEST:
            return None
        try:
            parts = cls(reference)
        except (KeyError, StopIteration, TypeError, ValueError):
            return None
        value = reference["content"]["signer_infos"][0]["signature"].native
        if parts.container(parts.attributes(digest), value) != reference.dump():
            return None
        return parts
