"""An in-process remote-signing service, the test double of a province's provider (MOTCUA_REMOTE_SIGNING can
name it: ``tests.support.remote_provider:FakeProvider``): it keeps each request until the test, playing the
leader, confirms or refuses it on the "phone"."""
from __future__ import annotations

import itertools

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, utils

from motcua.signing.pki import Credential, create_ca, issue_signer
from motcua.signing.remote import SignatureRefused


class FakeProvider:
    """An in-process remote-signing service: it keeps each request until the leader answers on the 'phone'."""

    def __init__(self) -> None:
        self.ca = create_ca("SmartCA thử nghiệm", "Nhà cung cấp ký số từ xa")
        self.leaders: dict[str, Credential] = {}
        self.waiting: dict[str, tuple[str, bytes]] = {}
        self.answers: dict[str, bytes | None] = {}
        self._ids = (f"req-{n}" for n in itertools.count(1))

    def enrol(self, username: str, full_name: str, key_owner: Credential | None = None) -> None:
        self.leaders[username] = key_owner or issue_signer(self.ca, full_name, "Lãnh đạo", "Phường Long An")

    def certificate(self, username: str) -> tuple[x509.Certificate, list[x509.Certificate]]:
        return self.leaders[username].certificate, [self.ca.certificate]

    def request(self, username: str, digest: bytes, description: str) -> str:
        request_id = next(self._ids)
        self.waiting[request_id] = (username, digest)
        return request_id

    def result(self, request_id: str) -> bytes | None:
        if request_id in self.answers and self.answers[request_id] is None:
            raise SignatureRefused(f"request {request_id} was refused by the signer")
        return self.answers.get(request_id)

    def confirm_on_phone(self, request_id: str, key: ec.EllipticCurvePrivateKey | None = None) -> None:
        username, digest = self.waiting.pop(request_id)
        signing_key = key or self.leaders[username].key
        self.answers[request_id] = signing_key.sign(digest, ec.ECDSA(utils.Prehashed(hashes.SHA256())))

    def refuse_on_phone(self, request_id: str) -> None:
        self.waiting.pop(request_id)
        self.answers[request_id] = None
