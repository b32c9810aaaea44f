"""Settings from the environment, with embedded defaults that work on a fresh machine."""
from __future__ import annotations

import os
import secrets
import socket
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TypedDict

from motcua.domain.clock import Clock, FixedClock
from motcua.signing.settings import SigningSettings

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class RuntimeOptions(TypedDict):
    """The keyword arguments build_runtime takes from the settings (typed, so each call is checked)."""

    instance_dir: Path
    secret: str
    previous_secrets: tuple[str, ...]
    script_time_limit: float
    public_url: str
    organization: str
    clock: Clock
    signing: SigningSettings
    replica_url: str


DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 5000
WILDCARD_HOSTS = ("", "0.0.0.0", "::")  # noqa: S104 - names of "every interface", compared, never bound here


def default_public_url(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> str:
    """Where people reach the site when MOTCUA_PUBLIC_URL is unset: the host and port it serves on, so a slip's
    QR code opens the site that printed it. Serving on every interface, the machine's name stands for the host."""
    name = socket.gethostname() if host in WILDCARD_HOSTS else host
    return f"http://{f'[{name}]' if ':' in name else name}:{port}"


@dataclass(frozen=True)
class Settings:
    """What a deployment configures; every field has an environment variable."""

    database_url: str
    pack_root: Path
    instance_dir: Path
    secret_key: str | None
    previous_secret_keys: tuple[str, ...] = ()  # still open what they sealed, while a rotation is under way
    script_time_limit: float = 2.0
    public_url: str = field(default_factory=default_public_url)  # on every slip and QR code (MOTCUA_PUBLIC_URL)
    organization: str = "MotCua"
    ratelimit_storage: str = "memory://"
    portal_url: str | None = None
    portal_token: str | None = None
    portal_inbound_secret: str | None = None  # signs the portal's incoming dossiers (services/portal_inbound.py)
    frozen_at: datetime | None = None
    signing: SigningSettings = field(default_factory=SigningSettings)  # keys, token, trusted roots
    require_second_factor: bool = True  # TOTP for leaders, administrators, analysts (services/security.py)
    fresh_factor_minutes: int = 5  # a leader's code is asked again before signing when older than this
    proxy_count: int = 0  # reverse proxies in front that set X-Forwarded-For/-Proto (werkzeug ProxyFix)
    replica_url: str = ""  # a PostgreSQL streaming replica that reports and lookups read (MOTCUA_REPLICA_URL)
    rehearsal_token: str | None = None  # with MOTCUA_NOW: a trial over HTTP may move the clock (web/rehearsal.py)
    smtp_url: str | None = None  # the relay citizens' e-mails go through (services/mailer.py)
    mail_from: str | None = None  # their sender, "Trung tâm Phục vụ hành chính công <no-reply@…>"
    sms_url: str | None = None  # the SMS gateway's endpoint (services/sms.py), with its token
    sms_token: str | None = None
    sms_sender: str | None = None  # the brand name the gateway shows, when it takes one
    sms_ascii: bool = True  # SMS without diacritics (160 characters a message instead of 70)

    def clock(self) -> Clock:
        """The wall clock, or a clock stopped at MOTCUA_NOW (rehearsals and tests: "it is now 3/12 08:00")."""
        return FixedClock(self.frozen_at) if self.frozen_at else Clock()

    def runtime_options(self) -> RuntimeOptions:
        """The keyword arguments build_runtime takes from the settings."""
        return {"instance_dir": self.instance_dir, "secret": self.secret(),
                "previous_secrets": self.previous_secret_keys, "script_time_limit": self.script_time_limit,
                "public_url": self.public_url, "organization": self.organization, "clock": self.clock(),
                "signing": self.signing, "replica_url": self.replica_url}

    def secret(self) -> str:
        """The configured secret, or one kept in instance/ (created on first start, never committed)."""
        return self.secret_key or _instance_secret(self.instance_dir)

    @classmethod
    def from_env(cls) -> Settings:
        """Read MOTCUA_* / DATABASE_URL; SQLite under instance/ when nothing is set."""
        instance = Path(os.environ.get("MOTCUA_INSTANCE_DIR", PROJECT_ROOT / "instance"))
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{instance / 'motcua.db'}"
        return cls(
            database_url=_normalise_url(url),
            pack_root=Path(os.environ.get("MOTCUA_PACK_ROOT", PROJECT_ROOT)),
            instance_dir=instance,
            secret_key=os.environ.get("MOTCUA_SECRET_KEY"),
            previous_secret_keys=tuple(os.environ.get("MOTCUA_PREVIOUS_SECRET_KEYS", "").split()),
            script_time_limit=float(os.environ.get("MOTCUA_SCRIPT_TIME_LIMIT", "2.0")),
            public_url=(os.environ.get("MOTCUA_PUBLIC_URL")
                        or default_public_url(port=int(os.environ.get("PORT") or DEFAULT_PORT))).rstrip("/"),
            organization=os.environ.get("MOTCUA_ORGANIZATION", "MotCua"),
            ratelimit_storage=os.environ.get("MOTCUA_RATELIMIT_STORAGE", "memory://"),
            portal_url=os.environ.get("MOTCUA_PORTAL_URL"),
            portal_token=os.environ.get("MOTCUA_PORTAL_TOKEN"),
            portal_inbound_secret=os.environ.get("MOTCUA_PORTAL_INBOUND_SECRET") or None,
            frozen_at=datetime.fromisoformat(os.environ["MOTCUA_NOW"]) if os.environ.get("MOTCUA_NOW") else None,
            signing=SigningSettings.from_env(os.environ),
            require_second_factor=os.environ.get("MOTCUA_REQUIRE_2FA", "1") not in ("0", "false", "no", "off"),
            fresh_factor_minutes=int(os.environ.get("MOTCUA_SIGN_2FA_MINUTES", "5")),
            proxy_count=int(os.environ.get("MOTCUA_PROXY_COUNT", "0")),
            rehearsal_token=os.environ.get("MOTCUA_REHEARSAL_TOKEN") or None,
            replica_url=_normalise_url(os.environ["MOTCUA_REPLICA_URL"]) if os.environ.get("MOTCUA_REPLICA_URL")
            else "",
            smtp_url=os.environ.get("MOTCUA_SMTP_URL") or None,
            mail_from=os.environ.get("MOTCUA_MAIL_FROM") or None,
            sms_url=os.environ.get("MOTCUA_SMS_URL") or None,
            sms_token=os.environ.get("MOTCUA_SMS_TOKEN") or None,
            sms_sender=os.environ.get("MOTCUA_SMS_SENDER") or None,
            sms_ascii=os.environ.get("MOTCUA_SMS_ASCII", "1") not in ("0", "false", "no", "off"),
        )


def check_shared_limits(storage: str, processes: int) -> None:
    """Refuse to serve from several processes that would each count rate limits alone (``memory://``):
    sign-in and lookup throttles would then allow as many tries as there are processes."""
    if processes > 1 and storage.startswith("memory://"):
        raise SystemExit(f"MOTCUA_RATELIMIT_STORAGE is {storage!r}: with {processes} workers each would count "
                         "sign-in and lookup tries alone; set it to a shared store, e.g. redis://127.0.0.1:6379")


def _normalise_url(url: str) -> str:
    """Accept the usual ``postgresql://`` URL and use the psycopg 3 driver for it."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def _instance_secret(instance: Path) -> str:
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
