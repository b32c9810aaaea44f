"""Stand-ins for the relays citizens' notices go through, on 127.0.0.1: a real SMTP server (aiosmtpd) and an SMS
gateway (a threaded http.server), each able to refuse for a while and then recover."""
from __future__ import annotations

import json
import socket
import threading
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class MailRelay:
    """An SMTP server that keeps what it accepts; ``refuse`` answers the next DATA commands with a temporary
    failure (4xx), ``bounce`` refuses recipients for good (5xx)."""

    def __init__(self) -> None:
        self.received: list[EmailMessage] = []
        self.raw: list[bytes] = []
        self.refuse = 0
        self.bounce: set[str] = set()
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.url = f"smtp://127.0.0.1:{self.port}"

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope, address: str,  # noqa: N802
                          options: list[str]) -> str:
        if address in self.bounce:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802
        if self.refuse:
            self.refuse -= 1
            return "451 4.3.0 Try again later"
        content = envelope.original_content or b""
        self.raw.append(content)
        self.received.append(message_from_bytes(content, policy=policy.default))  # type: ignore[arg-type]
        return "250 OK"

    def start(self) -> MailRelay:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()


class SmsGatewayStub:
    """An SMS gateway's endpoint: records each post (headers and JSON) and applies each Idempotency-Key once;
    answers ``failing`` posts with 503 first."""

    def __init__(self, failing: int = 0, status: int = 503) -> None:
        self.posts: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.applied: dict[str, dict[str, Any]] = {}
        self.failing, self.status = failing, status
        self.lock = threading.Lock()
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server protocol
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with gateway.lock:
                    gateway.posts.append(body)
                    gateway.headers.append(dict(self.headers))
                    refusing = gateway.failing > 0
                    if refusing:
                        gateway.failing -= 1
                    else:
                        gateway.applied.setdefault(self.headers["Idempotency-Key"], body)
                self.send_response(gateway.status if refusing else 202)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sms"

    def texts(self) -> list[str]:
        return [body["text"] for body in self.applied.values()]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
