"""Remote signing (the provinces' services where the leader confirms on a phone): asked now, answered later.

Signing is cut in two (pyHanko's interrupted signing). ``begin_remote`` prepares the PDF with room for the
signature, computes the PAdES signed attributes, and sends their digest to the service; it returns a
``PendingSignature`` that holds everything needed to finish (plain bytes, so it can be kept in the database
or in the dossier's data). When the service answers, ``finish_remote`` puts the signature value into the
prepared PDF. Nothing holds a request open in between, and a process may restart.

The service signs the SHA-256 digest of the DER signed attributes with the leader's key (ECDSA or RSA PKCS#1
v1.5, as its certificate says); that is what the Vietnamese remote-signing APIs take ("ký số hash").
"""
from __future__ import annotations

import asyncio
import base64
import hashlib
import io
from dataclasses import asdict, dataclass
from typing import IO, Any, Protocol

from asn1crypto import cms
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.sign import fields, signers
from pyhanko.sign.signers.pdf_byterange import PreparedByteRangeDigest
from pyhanko.sign.signers.pdf_signer import PdfTBSDocument
from pyhanko_certvalidator.registry import SimpleCertificateStore

from motcua.signing.pades import InvalidPdf

DIGEST = "sha256"


class RemoteSigningService(Protocol):
    """What a remote-signing provider offers, seen from here."""

    def certificate(self, username: str) -> tuple[x509.Certificate, list[x509.Certificate]]:
        """The leader's certificate at the provider, and the chain up to (not including) its root."""

    def request(self, username: str, digest: bytes, description: str) -> str:
        """Ask the leader to sign ``digest`` (SHA-256); the provider's request id. Returns at once."""

    def result(self, request_id: str) -> bytes | None:
        """The signature value once the leader has confirmed; None while they have not.

        Raises ``SignatureRefused`` when the leader refused or the request expired.
        """


class SignatureRefused(RuntimeError):
    """The leader refused the request on their phone, or it expired at the provider."""


@dataclass(frozen=True)
class PendingSignature:
    """A signature asked for and not yet given: everything ``finish_remote`` needs, as plain values."""

    request_id: str
    username: str
    prepared_pdf: bytes  # the PDF with the signature field and a zero-filled /Contents
    document_digest: bytes
    reserved_start: int
    reserved_end: int
    signed_attributes: bytes  # DER of the CMS signed attributes the leader signs
    certificate: bytes  # DER of the leader's certificate
    chain: tuple[bytes, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """A JSON-safe form (bytes as base64) to keep in the database or the dossier's data."""
        return {k: _b64(v) for k, v in asdict(self).items()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PendingSignature:
        """The pending signature ``to_json`` wrote."""
        values = {k: _unb64(v) if k not in {"request_id", "username", "reserved_start", "reserved_end"} else v
                  for k, v in data.items()}
        values["chain"] = tuple(values["chain"])
        return cls(**values)


def _b64(value: Any) -> Any:
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, tuple):
        return [_b64(v) for v in value]
    return value


def _unb64(value: Any) -> Any:
    return [base64.b64decode(v) for v in value] if isinstance(value, list) else base64.b64decode(value)


def _asn1(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def _external(certificate: asn1_x509.Certificate, chain: list[asn1_x509.Certificate],
              signature: bytes | None) -> signers.ExternalSigner:
    return signers.ExternalSigner(signing_cert=certificate,
                                  cert_registry=SimpleCertificateStore.from_certs(chain),
                                  signature_value=signature if signature is not None else 512)


def begin_remote(pdf: bytes, service: RemoteSigningService, username: str, reason: str, location: str,
                 field_name: str = "Signature1") -> PendingSignature:
    """Prepare ``pdf`` for the leader's signature and send the request; returns without waiting for them."""
    certificate, chain = service.certificate(username)
    signer = _external(_asn1(certificate), [_asn1(c) for c in chain], None)
    meta = signers.PdfSignatureMetadata(field_name=field_name, reason=reason, location=location,
                                        md_algorithm=DIGEST, subfilter=fields.SigSeedSubFilter.PADES)
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    except (PdfReadError, ValueError) as exc:
        raise InvalidPdf(f"cannot sign: not a readable PDF ({exc})") from exc

    async def prepare() -> tuple[PreparedByteRangeDigest, cms.CMSAttributes, IO[bytes]]:
        prepared, _, output = await signers.PdfSigner(meta, signer=signer).async_digest_doc_for_signing(writer)
        attributes = await signer.signed_attrs(prepared.document_digest, DIGEST, use_pades=True)
        return prepared, attributes, output

    prepared, attributes, output = asyncio.run(prepare())
    der = attributes.dump()
    request_id = service.request(username, hashlib.sha256(der).digest(), reason)
    return PendingSignature(
        request_id=request_id, username=username, prepared_pdf=_read_all(output),
        document_digest=prepared.document_digest, reserved_start=prepared.reserved_region_start,
        reserved_end=prepared.reserved_region_end, signed_attributes=der,
        certificate=certificate.public_bytes(serialization.Encoding.DER),
        chain=tuple(c.public_bytes(serialization.Encoding.DER) for c in chain),
    )


def _read_all(output: IO[bytes]) -> bytes:
    output.seek(0)
    return output.read()


def finish_remote(pending: PendingSignature, signature: bytes) -> bytes:
    """The signed PDF: the leader's signature value put into the document ``begin_remote`` prepared."""
    signer = _external(asn1_x509.Certificate.load(pending.certificate),
                       [asn1_x509.Certificate.load(c) for c in pending.chain], signature)
    prepared = PreparedByteRangeDigest(pending.document_digest, pending.reserved_start, pending.reserved_end)
    output = io.BytesIO(pending.prepared_pdf)

    async def finish() -> None:
        attributes = cms.CMSAttributes.load(pending.signed_attributes)
        container = await signer.async_sign_prescribed_attributes(DIGEST, signed_attrs=attributes)
        await PdfTBSDocument.async_finish_signing(output, prepared_digest=prepared, signature_cms=container)

    asyncio.run(finish())
    return output.getvalue()
