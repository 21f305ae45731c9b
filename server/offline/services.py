"""Actions (create forms, the offline queue) are accepted once per key: see once.py.

The claim is inserted in the same transaction as the action itself, so the action and
"this key has been used" are committed together or not at all. A second request with
the same key waits on the unique index until the first commits, then finds the claim
and gets the stored answer.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from server.db import insert_ignoring_conflicts
from server.offline.models import IdempotencyKey

KEPT_FOR = timedelta(days=7)
KEY_FORMAT = re.compile(r"[A-Za-z0-9-]{16,64}")


def is_valid_key(key: str) -> bool:
    return KEY_FORMAT.fullmatch(key) is not None


def claim(db: Session, user_id: int, key: str) -> IdempotencyKey | None:
    """Claim the key for this action; returns the earlier claim if it was used before."""
    values = {"user_id": user_id, "key": key}
    if insert_ignoring_conflicts(db, IdempotencyKey, values, ["user_id", "key"]):
        return None
    return db.execute(select(IdempotencyKey).filter_by(**values)).scalar_one()


def answer_of(db: Session, user_id: int, key: str) -> tuple[int | None, str | None]:
    row = db.execute(
        select(IdempotencyKey.status_code, IdempotencyKey.location).filter_by(
            user_id=user_id, key=key
        )
    ).one()
    return row.status_code, row.location


def forget_old_keys(db: Session, now: datetime) -> int:
    """Keys older than a week: no double tap or offline queue replays that late."""
    result = db.execute(delete(IdempotencyKey).where(IdempotencyKey.created_at < now - KEPT_FOR))
    return result.rowcount


def record_answer(db: Session, user_id: int, key: str, status: int, location: str | None) -> None:
    row = db.execute(select(IdempotencyKey).filter_by(user_id=user_id, key=key)).scalar_one()
    row.status_code = status
    row.location = location
