"""The HTTP client for the National Public Service Portal's status endpoint (standard library only); the SMS
gateway's adapter posts through it too.

Whatever goes wrong on the wire (refused, reset, timed out, a reply cut short or
garbled) is a DeliveryError, so the outbox retries it and the worker carries on.
"""
from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.request
from typing import Any

from motcua.services.outbox import DeliveryError

REFUSED_FOR_GOOD = (400, 422)  # the message itself is wrong; anything else may pass on a later try


class HttpSender:
    """POSTs one message as JSON with its Idempotency-Key; any non-2xx answer is a DeliveryError (``permanent``
    when the other side says the message itself is wrong). ``peer`` names the other side in errors."""

    def __init__(self, url: str, token: str | None = None, timeout: float = 5.0, peer: str = "portal") -> None:
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"{peer} URL must be http(s), not {url!r}")
        self.url, self._token, self.timeout, self.peer = url, token, timeout, peer

    def __call__(self, message: dict[str, Any]) -> None:
        headers = {"Content-Type": "application/json", "Idempotency-Key": message["message_id"]}
        if self._token:
            headers["Authorization"] = f"Bearer {self._token}"
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked to be http(s) in __init__
            self.url, data=json.dumps(message).encode("utf-8"), headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - http(s) checked
                response.read()
        except urllib.error.HTTPError as exc:
            raise DeliveryError(f"{self.peer} answered HTTP {exc.code}",
                                permanent=exc.code in REFUSED_FOR_GOOD) from exc
        except (urllib.error.URLError, OSError) as exc:  # refused, reset, timed out (all OSError)
            raise DeliveryError(f"{self.peer} unreachable: {getattr(exc, 'reason', exc)}") from exc
        except http.client.HTTPException as exc:  # a reply cut short (IncompleteRead) or not HTTP at all
            raise DeliveryError(f"{self.peer} reply unreadable: {type(exc).__name__}: {exc}") from exc
