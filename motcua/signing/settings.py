"""How a deployment signs: where leaders' keys live, what opens them, and which roots verification trusts.

Secrets (the key passphrase, the token PIN) come from an environment variable or from a file named by
``<VARIABLE>_FILE`` (a Docker or systemd credential), and are kept out of ``repr`` so they never reach a log.
"""
from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

BACKENDS = ("file", "pkcs11")


class SigningSettingsError(ValueError):
    """A signing setting that cannot work, naming its environment variable."""


@dataclass(frozen=True)
class SigningSettings:
    """The signing part of a deployment's configuration; the defaults are today's file key store."""

    backend: str = "file"
    key_passphrase: str | None = field(default=None, repr=False)
    pkcs11_module: Path | None = None
    pkcs11_token: str | None = None
    pkcs11_pin: str | None = field(default=None, repr=False)
    pkcs11_key_labels: Mapping[str, str] = field(default_factory=dict, hash=False)
    trusted_roots: tuple[Path, ...] = ()
    remote_service: str | None = None  # "package.module:Class", a RemoteSigningService built with no arguments

    def __post_init__(self) -> None:
        if self.backend not in BACKENDS:
            raise SigningSettingsError(f"MOTCUA_SIGNING_BACKEND must be one of {', '.join(BACKENDS)}, "
                                       f"not {self.backend!r}")
        if self.remote_service is not None and ":" not in self.remote_service:
            raise SigningSettingsError(f"MOTCUA_REMOTE_SIGNING must name a class as package.module:Class, "
                                       f"not {self.remote_service!r}")
        if self.backend == "pkcs11":
            missing = [name for name, value in [("MOTCUA_PKCS11_MODULE", self.pkcs11_module),
                                                ("MOTCUA_PKCS11_TOKEN", self.pkcs11_token),
                                                ("MOTCUA_PKCS11_PIN (or MOTCUA_PKCS11_PIN_FILE)", self.pkcs11_pin)]
                       if not value]
            if missing:
                raise SigningSettingsError(f"MOTCUA_SIGNING_BACKEND=pkcs11 needs {', '.join(missing)}")

    def key_label(self, username: str) -> str:
        """The label of a leader's key (and certificate) on the token: mapped, or the username itself."""
        return self.pkcs11_key_labels.get(username, username)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> SigningSettings:
        """Read MOTCUA_SIGNING_BACKEND, MOTCUA_KEY_PASSPHRASE, MOTCUA_PKCS11_*, MOTCUA_TRUSTED_ROOTS and
        MOTCUA_REMOTE_SIGNING."""
        env = os.environ if env is None else env
        module = env.get("MOTCUA_PKCS11_MODULE")
        roots = env.get("MOTCUA_TRUSTED_ROOTS", "")
        return cls(
            backend=env.get("MOTCUA_SIGNING_BACKEND", "file").strip().lower() or "file",
            key_passphrase=_secret(env, "MOTCUA_KEY_PASSPHRASE"),
            pkcs11_module=Path(module) if module else None,
            pkcs11_token=env.get("MOTCUA_PKCS11_TOKEN") or None,
            pkcs11_pin=_secret(env, "MOTCUA_PKCS11_PIN"),
            pkcs11_key_labels=_labels(env.get("MOTCUA_PKCS11_KEY_LABELS")),
            trusted_roots=tuple(Path(p) for p in roots.split(os.pathsep) if p.strip()),
            remote_service=env.get("MOTCUA_REMOTE_SIGNING", "").strip() or None,
        )


def _secret(env: Mapping[str, str], name: str) -> str | None:
    """``NAME`` itself, or the first line of the file ``NAME_FILE`` points at."""
    if env.get(name):
        return env[name]
    path = env.get(f"{name}_FILE")
    if not path:
        return None
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise SigningSettingsError(f"{name}_FILE: cannot read {path} ({exc.strerror})") from exc
    if not lines or not lines[0].strip():
        raise SigningSettingsError(f"{name}_FILE: {path} is empty")
    return lines[0].strip()


def _labels(path: str | None) -> dict[str, str]:
    """The username → key label map, a JSON object in the file MOTCUA_PKCS11_KEY_LABELS names."""
    if not path:
        return {}
    try:
        labels = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise SigningSettingsError(f"MOTCUA_PKCS11_KEY_LABELS: cannot read {path} ({exc.strerror})") from exc
    except json.JSONDecodeError as exc:
        raise SigningSettingsError(f"MOTCUA_PKCS11_KEY_LABELS: {path} is not JSON ({exc})") from exc
    if not isinstance(labels, dict) or not all(isinstance(k, str) and isinstance(v, str) and v
                                               for k, v in labels.items()):
        raise SigningSettingsError(f"MOTCUA_PKCS11_KEY_LABELS: {path} must map usernames to key labels "
                                   '(e.g. {"lanhdao.longan": "tran-thi-lan"})')
    return labels
