"""SMS to citizens through a gateway's HTTP endpoint: the adapter MotCua speaks, one JSON POST per message.

``MOTCUA_SMS_URL`` receives ``{"message_id": "motcua-notice-12", "to": "0912345678", "text": "..."}`` (and
``"sender"``, the brand name, when ``MOTCUA_SMS_SENDER`` is set) with ``Authorization: Bearer
$MOTCUA_SMS_TOKEN`` and ``Idempotency-Key: motcua-notice-12``; any 2xx answer means taken. The number is sent
as the citizen gave it (10 digits from 0). A provider with another shape (SOAP brand-name services, a form
post) sits behind a small relay that maps this JSON to its API.

Vietnamese SMS usually go without diacritics (``MOTCUA_SMS_ASCII``, on by default): a text with them is sent
as UCS-2, 70 characters a message instead of 160, at two or three times the price. Folding happens here, as the
message leaves; the dossier keeps the text as written.
"""
from __future__ import annotations

from typing import Any

from motcua.domain.text import strip_accents
from motcua.services.citizen_notices import Outgoing
from motcua.services.portal import HttpSender


class SmsGateway:
    """Posts one notice to the gateway; its failures are the HTTP client's DeliveryErrors."""

    def __init__(self, url: str, token: str | None = None, ascii_only: bool = True, sender: str | None = None,
                 timeout: float = 5.0) -> None:
        self._post = HttpSender(url, token, timeout, peer="SMS gateway")
        self.ascii_only, self.sender = ascii_only, sender

    def payload(self, notice: Outgoing) -> dict[str, Any]:
        """What the gateway receives for one notice."""
        text = strip_accents(notice.body) if self.ascii_only else notice.body
        return {"message_id": notice.key, "to": notice.recipient, "text": text,
                **({"sender": self.sender} if self.sender else {})}

    def __call__(self, notice: Outgoing) -> None:
        self._post(self.payload(notice))
