"""Actions sent from the offline queue are accepted once per idempotency key.

The claim is inserted in the same transaction as the action itself, so the action and
"this key has been used" are committed together or not at all. A second request with
the same key waits on the unique index until the first commits, then finds the claim
and gets the stored answer.
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.db import insert_ignoring_conflicts
from server.offline.models import IdempotencyKey

KEY_FORMAT = re.compile(r"[A-Za-z0-9-]{16,64}")


def is_valid_key(key: str) -> bool:
    return KEY_FORMAT.fullmatch(key) is not None


def claim(db: Session, user_id: int, key: str) -> IdempotencyKey | None:
    """Claim the key for this action; returns the earlier claim if it was used before."""
    values = {"user_id": user_id, "key": key}
    if insert_ignoring_conflicts(db, IdempotencyKey, values, ["user_id", "key"]):
        return None
    return db.execute(select(IdempotencyKey).filter_by(**values)).scalar_one()


def record_answer(db: Session, user_id: int, key: str, status: int, location: str | None) -> None:
    row = db.execute(select(IdempotencyKey).filter_by(user_id=user_id, key=key)).scalar_one()
    row.status_code = status
    row.location = location
