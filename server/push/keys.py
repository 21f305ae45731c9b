"""The VAPID key pair (RFC 8292) that identifies this installation to push services.

Made once: `kring vapid-keys` prints a pair for the production environment; in
development a pair is written to the instance folder on first start; tests get a fresh
pair in memory. Changing the pair ends every subscription (browsers bind a subscription
to the key they were given), so it is never made anew behind the operator's back.
"""

from __future__ import annotations

import base64
import os
import re
from dataclasses import dataclass
from email.utils import parseaddr
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid02

KEY_FILE = "vapid_private_key"
# Apple's push service refuses a `sub` that is not a real mailto: or https: address.
_SUBJECT = re.compile(
    r"^(mailto:[^@\s]+@[^@\s]+\.[a-z]{2,}|https://[^/\s]+\.[a-z]{2,}(/\S*)?)$", re.I
)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class VapidKeys:
    vapid: Vapid02
    subject: str

    @property
    def public_key(self) -> str:
        """The `applicationServerKey` a page passes to `pushManager.subscribe()`."""
        point = self.vapid.public_key.public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return b64url(point)


def new_private_key() -> str:
    """A new P-256 private key as base64url of its 32 raw bytes (what VAPID tools print)."""
    key = ec.generate_private_key(ec.SECP256R1())
    return b64url(key.private_numbers().private_value.to_bytes(32, "big"))


def public_key_of(private_key: str) -> str:
    return VapidKeys(Vapid02.from_string(private_key), "mailto:x@example.org").public_key


def subject_is_valid(subject: str) -> bool:
    return bool(_SUBJECT.match(subject or ""))


def _development_key(instance_path: Path) -> str:
    key_file = instance_path / KEY_FILE
    if not key_file.exists():
        key_file.write_text(new_private_key())
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _subject(config: dict, env: str) -> str:
    subject = config.get("VAPID_SUBJECT") or os.environ.get("VAPID_SUBJECT", "")
    if not subject and env in ("development", "testing"):
        # The development mail sender is a real-looking address; Apple wants one.
        subject = "mailto:" + (parseaddr(config.get("MAIL_FROM", ""))[1] or "kring@example.org")
    if not subject_is_valid(subject):
        raise RuntimeError(
            "VAPID_SUBJECT must be a mailto: or https: address that reaches the operator "
            f"(Apple's push service refuses others); got {subject!r}."
        )
    return subject


def load(config: dict, instance_path: Path) -> VapidKeys | None:
    """The installation's keys, or None when push is not set up (production without
    VAPID_PRIVATE_KEY): then the app runs and the notifications page says so."""
    env = config.get("KRING_ENV", "production")
    private = config.get("VAPID_PRIVATE_KEY") or os.environ.get("VAPID_PRIVATE_KEY", "")
    if not private and env == "development":
        private = _development_key(instance_path)
    elif not private and env == "testing":
        private = new_private_key()
    if not private:
        return None
    keys = VapidKeys(Vapid02.from_string(private.strip()), _subject(config, env))
    public = config.get("VAPID_PUBLIC_KEY") or os.environ.get("VAPID_PUBLIC_KEY", "")
    if public and public.strip() != keys.public_key:
        raise RuntimeError("VAPID_PUBLIC_KEY does not belong to VAPID_PRIVATE_KEY.")
    return keys
