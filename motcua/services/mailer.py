"""E-mail to citizens through an SMTP relay (the standard library's smtplib), configured by one URL.

``MOTCUA_SMTP_URL`` says how to reach the relay: ``smtp://host:25`` (plain, a relay inside the network),
``smtp+starttls://user:password@host:587`` (STARTTLS, then login) or ``smtps://user:password@host:465`` (TLS
from the first byte); a user name or password holding ``@``, ``:`` or ``/`` is percent-encoded. The message is
plain text in UTF-8 with RFC 2047 headers (Vietnamese subject and sender name), and its Message-ID is the
notice's stable id, so a message sent twice (the worker died before noting it sent) is recognisably the same.

A refusal the relay says is final (5xx for the recipient or the content) marks the notice failed; anything
else (the relay down, a timeout, 4xx "try later", a login refused by a misconfiguration) is retried.
"""
from __future__ import annotations

import smtplib
import ssl
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, parseaddr
from urllib.parse import unquote, urlsplit

from motcua.services.citizen_notices import Outgoing
from motcua.services.outbox import DeliveryError

SCHEMES = {"smtp": 25, "smtp+starttls": 587, "smtps": 465}


class SmtpMailer:
    """Sends one notice per connection (commune volumes: a few hundred a day)."""

    def __init__(self, url: str, sender: str, timeout: float = 10.0) -> None:
        parts = urlsplit(url)
        if parts.scheme not in SCHEMES or not parts.hostname:
            raise ValueError(f"MOTCUA_SMTP_URL must be {', '.join(f'{s}://host' for s in SCHEMES)}, not {url!r}")
        name, address = parseaddr(sender)
        if "@" not in address:
            raise ValueError(f"MOTCUA_MAIL_FROM must be an e-mail address (\"Name <a@b.vn>\"), not {sender!r}")
        self.scheme, self.host, self.port = parts.scheme, parts.hostname, parts.port or SCHEMES[parts.scheme]
        self._user, self._password = unquote(parts.username or ""), unquote(parts.password or "")
        self.sender = Address(display_name=name, addr_spec=address)
        self.timeout = timeout

    def __repr__(self) -> str:  # never the password
        return f"SmtpMailer({self.scheme}://{self.host}:{self.port}, from {self.sender.addr_spec})"

    def message(self, notice: Outgoing) -> EmailMessage:
        """The e-mail as it goes out: UTF-8 text, encoded headers, the notice's id as its Message-ID."""
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = notice.recipient
        message["Subject"] = notice.subject or ""
        message["Date"] = formatdate(localtime=False, usegmt=True)
        message["Message-ID"] = f"<{notice.key}@{self.sender.domain}>"
        message.set_content(notice.body, charset="utf-8", cte="quoted-printable")  # 7-bit clean for any relay
        return message

    def __call__(self, notice: Outgoing) -> None:
        try:
            with self._connect() as relay:
                relay.send_message(self.message(notice))
        except smtplib.SMTPRecipientsRefused as exc:
            answers = list(exc.recipients.values())
            said = "; ".join(f"{code} {_text(words)}" for code, words in answers)
            raise DeliveryError(f"relay refused {notice.recipient}: {said}",
                                permanent=all(code >= 500 for code, _ in answers)) from exc
        except smtplib.SMTPDataError as exc:
            raise DeliveryError(f"relay refused the message: {exc.smtp_code} {_text(exc.smtp_error)}",
                                permanent=exc.smtp_code >= 500) from exc
        except (smtplib.SMTPException, OSError) as exc:  # down, timed out, 4xx, login or TLS refused
            raise DeliveryError(f"relay unreachable or refusing for now: {type(exc).__name__}: {exc}") from exc

    def _connect(self) -> smtplib.SMTP:
        context = ssl.create_default_context()
        if self.scheme == "smtps":
            relay: smtplib.SMTP = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
        else:
            relay = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        try:
            if self.scheme == "smtp+starttls":
                relay.starttls(context=context)
            if self._user:
                relay.login(self._user, self._password)
        except BaseException:
            relay.close()
            raise
        return relay


def _text(words: bytes | str) -> str:
    """A relay's answer as text (it is ASCII by the protocol; anything else is shown, not trusted)."""
    return words.decode("utf-8", "replace") if isinstance(words, bytes) else words
