"""Two-factor sign-in with TOTP (pyotp), a QR code to scan (segno), and ten
single-use recovery codes of which only hashes are kept."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

import pyotp
import segno
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from server import audit
from server.auth.models import RecoveryCode, User
from server.security import token_hash

ISSUER = "Kring"
RECOVERY_CODES = 10


def new_secret() -> str:
    return pyotp.random_base32()


def qr_data_uri(user: User, secret: str) -> str:
    """The otpauth:// URI as a QR code. The label is only "Kring" and the e-mail address:
    an authenticator app shows it, so it stays discreet."""
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)
    return segno.make(uri, error="m").svg_data_uri(scale=4, border=2)


def matching_step(secret: str, code: str, now: datetime) -> int | None:
    """The 30-second step the code belongs to, or None. One step either side: a phone
    clock that is half a minute off still works."""
    code = "".join(code.split())
    if not (code.isascii() and code.isdigit()):  # "١٢٣٤٥٦" is digits too, to Python
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now)
    for step in (current - 1, current, current + 1):
        if secrets.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def code_is_valid(secret: str, code: str, now: datetime | None = None) -> bool:
    return matching_step(secret, code, now or datetime.now(UTC)) is not None


def enable(db: Session, user: User, secret: str) -> list[str]:
    user.totp_secret = secret
    audit.record(
        db,
        "update",
        actor_user_id=user.id,
        subject_user_id=user.id,
        object_type="second_factor",
        object_id=user.id,
    )
    return new_recovery_codes(db, user)


def disable(db: Session, user: User) -> None:
    user.totp_secret = None
    db.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    audit.record(
        db,
        "delete",
        actor_user_id=user.id,
        subject_user_id=user.id,
        object_type="second_factor",
        object_id=user.id,
    )


def new_recovery_codes(db: Session, user: User) -> list[str]:
    """Ten fresh codes (the old ones stop working); shown once, stored hashed."""
    db.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODES)]
    db.add_all(RecoveryCode(user_id=user.id, code_hash=token_hash(code)) for code in codes)
    return codes


def use_recovery_code(db: Session, user: User, code: str, now: datetime) -> bool:
    row = db.scalar(
        select(RecoveryCode).where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == token_hash(code.strip().lower()),
            RecoveryCode.used_at.is_(None),
        )
    )
    if row is None:
        return False
    row.used_at = now
    return True


def second_factor_ok(db: Session, user: User, code: str, now: datetime) -> bool:
    """A recovery code, or a TOTP code of a step later than the last one used: a code
    seen over someone's shoulder cannot be used a second time."""
    code = (code or "").strip()
    if "-" in code:
        return use_recovery_code(db, user, code, now)
    if user.totp_secret is None:
        return False
    step = matching_step(user.totp_secret, code, now)
    if step is None or step <= (user.totp_last_step or 0):
        return False
    user.totp_last_step = step
    return True
