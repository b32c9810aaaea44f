"""PAdES signing and verification of PDFs with pyHanko.

No time-stamping authority is reachable from a commune's network here, so
signatures are PAdES B-B: the signing time is the signer's claimed time, and
trust is checked against the deployment CA and the configured trusted roots
(no revocation fetching). Where the key lives (a file, a token) is the
caller's business: ``sign_pdf`` takes any pyHanko signer.
"""
from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field
from datetime import datetime

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from motcua.errors import ServiceError
from motcua.messages import render
from motcua.signing.cms import EcdsaSigner
from motcua.signing.pki import Credential

log = logging.getLogger(__name__)


class InvalidPdf(ServiceError, ValueError):
    """The bytes given are not a readable PDF (``pdf.unreadable``; ``detail`` is the reader's account, for logs)."""

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__("pdf.unreadable")


class SignatureProblem(ServiceError):
    """Why a signed document does not hold, as a code the page words in the reader's language (kept in the
    report, not raised)."""


def _asn1_cert(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def file_signer(credential: Credential, ca_certificate: x509.Certificate) -> signers.Signer:
    """A pyHanko signer for a key held in memory, embedding the CA so verifiers can build the chain; its
    containers are joined from parts prepared once (``cms.EcdsaSigner``)."""
    return EcdsaSigner(credential.key, _asn1_cert(credential.certificate),
                       SimpleCertificateStore.from_certs([_asn1_cert(ca_certificate)]))


SignatureBox = tuple[float, float, float, float]  # x1, y1, x2, y2 in PDF points on the first page
SLACK = 2048  # DER bytes beyond the certificates: signed attributes, algorithm ids, an RSA-4096 signature value


def reserved_size(signer: signers.Signer) -> int:
    """Hex digits to reserve for the CMS container, from the certificates it will carry.

    pyHanko otherwise signs a dummy digest first to measure the container, which doubles the cost of a
    signature; the certificates are most of the container and the rest is bounded. A signer that knows its
    largest container (``EcdsaSigner``) reserves just that, so no kilobytes of padding ride in every result.
    """
    exact = getattr(signer, "max_size", None)
    if exact:
        return 2 * exact
    certs = [signer.signing_cert, *signer.cert_registry]
    return 2 * (sum(len(c.dump()) for c in certs if c is not None) + SLACK)


def _points(box: SignatureBox) -> tuple[int, int, int, int]:
    x1, y1, x2, y2 = (round(v) for v in box)
    return x1, y1, x2, y2


def sign_pdf(pdf: bytes, signer: signers.Signer, reason: str, location: str, field_name: str = "Signature1",
             box: SignatureBox | None = None, page: int = 0) -> bytes:
    """Add a PAdES B-B signature (SHA-256) over the whole document, in memory, in one pass.

    With ``box`` the signature field is visible there on page ``page`` (from 0) (a reader shows the signature's panel
    when it is clicked); the mark itself (signer, organisation, time) is drawn in the page by the layout, so
    the field's own appearance is left blank rather than stamped in a font without Vietnamese letters.
    """
    meta = signers.PdfSignatureMetadata(field_name=field_name, reason=reason, location=location,
                                        md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES)
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    except (PdfReadError, ValueError) as exc:
        raise InvalidPdf(f"cannot sign: not a readable PDF ({exc})") from exc
    spec = fields.SigFieldSpec(field_name, on_page=page, box=_points(box)) if box else None
    style = TextStampStyle(stamp_text="", border_width=0, background=None) if box else None
    pdf_signer = signers.PdfSigner(meta, signer=signer, new_field_spec=spec, stamp_style=style)
    return pdf_signer.sign_pdf(writer, bytes_reserved=reserved_size(signer)).getvalue()


@dataclass(frozen=True)
class SignatureCheck:
    """What one signature says and whether it holds."""

    signer: str
    title: str
    unit: str
    signed_at: datetime | None
    intact: bool
    trusted: bool
    covers_whole_file: bool
    trusted_root: str | None = None  # the subject of the root CA the signer's certificate chained to
    trusted_root_name: str | None = None  # that root's common name, for people

    @property
    def ok(self) -> bool:
        """Intact, trusted and covering the whole file (nothing appended after signing)."""
        return self.intact and self.trusted and self.covers_whole_file


@dataclass(frozen=True)
class VerificationReport:
    """The verdict on a PDF: each signature, and one overall answer with its reason."""

    signatures: list[SignatureCheck] = field(default_factory=list)
    problems: list[SignatureProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when there is at least one signature and every signature holds."""
        return bool(self.signatures) and all(s.ok for s in self.signatures)

    def reason_in(self, locale: str) -> str:
        """Why the document does not hold, in ``locale`` ("" when it does)."""
        return " ".join(render(p.code, p.params, locale) for p in self.problems)

    @property
    def reason(self) -> str:
        """Why it does not hold, in Vietnamese (the pages' source language)."""
        return self.reason_in("vi")


def _attribute(name: asn1_x509.Name, key: str) -> str:
    return str(name.native.get(key, ""))


def _root(status: PdfSignatureStatus, trust_roots: list[x509.Certificate]) -> x509.Certificate | None:
    """The trusted root a validated chain ends at (None when it reached none)."""
    if status.validation_path is None:
        return None
    anchor = status.validation_path.trust_anchor.authority.name.dump()
    return next((root for root in trust_roots if root.subject.public_bytes() == anchor), None)


def _common_name(name: x509.Name) -> str:
    found = name.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(found[0].value) if found else name.rfc4514_string()


def verify_pdf(pdf: bytes, trust_roots: list[x509.Certificate]) -> VerificationReport:
    """Check every signature of a PDF against the trusted roots (the deployment's CA first), naming the root."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        embedded = list(reader.embedded_signatures)
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise InvalidPdf(f"not a readable PDF ({exc})") from exc
    if not embedded:
        return VerificationReport(problems=[SignatureProblem("signature.none")])
    context = ValidationContext(trust_roots=[_asn1_cert(c) for c in trust_roots], allow_fetching=False)
    checks: list[SignatureCheck] = []
    for signature in embedded:
        try:
            status = validate_pdf_signature(signature, context)
        except (SignatureValidationError, ValueError) as exc:
            log.warning("signature %s cannot be validated: %s", signature.field_name, exc)
            return VerificationReport(checks, [SignatureProblem("signature.unverifiable", field=signature.field_name)])
        subject = status.signing_cert.subject
        root = _root(status, trust_roots) if status.trusted else None
        checks.append(SignatureCheck(
            signer=_attribute(subject, "common_name"), title=_attribute(subject, "title"),
            unit=_attribute(subject, "organizational_unit_name"), signed_at=status.signer_reported_dt,
            intact=bool(status.intact and status.valid), trusted=bool(status.trusted),
            covers_whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
            trusted_root=root.subject.rfc4514_string() if root else None,
            trusted_root_name=_common_name(root.subject) if root else None,
        ))
    return VerificationReport(checks, [_why(c) for c in checks if not c.ok])


def _why(check: SignatureCheck) -> SignatureProblem:
    if not check.intact:
        return SignatureProblem("signature.changed", signer=check.signer)
    if not check.trusted:
        return SignatureProblem("signature.untrusted", signer=check.signer)
    return SignatureProblem("signature.content_added", signer=check.signer)
