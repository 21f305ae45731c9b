"""The notification log as a ledger: add a notice once, claim it for one sender, record
what became of it.

Exactly once rests on two things the database guarantees, on SQLite and PostgreSQL:
the unique (user, kind, subject, channel) key, so a notice is added once per channel
(push, e-mail) however many runs find it due; and the claim, a conditional UPDATE
committed before anything is sent, so two runs never send the same row. PostgreSQL's
SKIP LOCKED lets a second machine take the next rows instead of waiting. A run that dies
after claiming leaves its rows claimed; when the claim is older than CLAIM_TIMEOUT a
later run takes them over.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.orm import Session

from server.db import _dialect_insert
from server.push.models import (
    CLAIMED,
    FAILED,
    PENDING,
    PUSH,
    SENT,
    SKIPPED,
    NotificationLog,
    PushSubscription,
)

# Longer than a batch can take (the sender stops starting messages well before it).
CLAIM_TIMEOUT = timedelta(minutes=10)
MAX_ATTEMPTS = 5  # runs that try a notice before it counts as failed
RETRY_DELAY = timedelta(minutes=2)  # doubled per attempt


def add(db: Session, rows: list[dict]) -> None:
    """Add notices; one that is in the log already (sent or waiting) is left alone."""
    if not rows:
        return
    insert = _dialect_insert(db)
    statement = insert(NotificationLog).on_conflict_do_nothing(
        index_elements=["user_id", "kind", "subject", "channel"]
    )
    rows = [{"status": PENDING, "attempts": 0, "channel": PUSH, **row} for row in rows]
    db.execute(statement, rows)


def _claimable(now: datetime):
    return or_(
        and_(NotificationLog.status == PENDING, NotificationLog.due_at <= now),
        and_(
            NotificationLog.status == CLAIMED,
            NotificationLog.claimed_at < now - CLAIM_TIMEOUT,
        ),
    )


def claim(
    db: Session,
    now: datetime,
    limit: int,
    user_ids: set[int] | None = None,
    channel: str = PUSH,
) -> tuple[str, list[NotificationLog]]:
    """Claim up to `limit` due rows of one channel for this sender; the caller commits
    before sending."""
    token = uuid.uuid4().hex
    candidates = (
        select(NotificationLog.id)
        .where(_claimable(now), NotificationLog.channel == channel)
        .order_by(NotificationLog.due_at)
        .limit(limit)
        .with_for_update(skip_locked=True)  # PostgreSQL; SQLite has one writer anyway
    )
    if user_ids is not None:
        candidates = candidates.where(NotificationLog.user_id.in_(user_ids))
    ids = list(db.scalars(candidates))
    if not ids:
        return token, []
    # The condition again in the UPDATE: whoever changed a row in between wins it.
    db.execute(
        update(NotificationLog)
        .where(NotificationLog.id.in_(ids), _claimable(now))
        .values(
            status=CLAIMED,
            claim_token=token,
            claimed_at=now,
            attempts=NotificationLog.attempts + 1,
        )
        .execution_options(synchronize_session=False)
    )
    rows = db.scalars(
        select(NotificationLog)
        .where(NotificationLog.claim_token == token)
        .execution_options(populate_existing=True)
    )
    return token, list(rows)


def finish(db: Session, token: str, ids: list[int], status: str, now: datetime) -> None:
    """SENT, SKIPPED or FAILED, for rows this sender still holds."""
    if not ids:
        return
    values = {"status": status, "claim_token": None}
    if status == SENT:
        values["sent_at"] = now
    db.execute(
        update(NotificationLog)
        .where(NotificationLog.id.in_(ids), NotificationLog.claim_token == token)
        .values(**values)
        .execution_options(synchronize_session=False)
    )


def retry_later(
    db: Session, token: str, row: NotificationLog, now: datetime, wait: float | None
) -> str:
    """Back to waiting, later each time; after MAX_ATTEMPTS runs it has failed."""
    if row.attempts >= MAX_ATTEMPTS:
        finish(db, token, [row.id], FAILED, now)
        return FAILED
    delay = RETRY_DELAY * 2 ** (row.attempts - 1)
    if wait is not None:
        delay = max(delay, timedelta(seconds=wait))
    db.execute(
        update(NotificationLog)
        .where(NotificationLog.id == row.id, NotificationLog.claim_token == token)
        .values(status=PENDING, claim_token=None, due_at=now + delay)
        .execution_options(synchronize_session=False)
    )
    return PENDING


def release(db: Session, token: str, ids: list[int]) -> None:
    """Rows claimed but never sent (the run was stopped): waiting again, due as before."""
    if ids:
        db.execute(
            update(NotificationLog)
            .where(NotificationLog.id.in_(ids), NotificationLog.claim_token == token)
            .values(status=PENDING, claim_token=None)
            .execution_options(synchronize_session=False)
        )


def forget_devices(db: Session, subscription_ids: set[int]) -> None:
    """The push service says these subscriptions are gone (404/410): so are they here."""
    if subscription_ids:
        db.execute(delete(PushSubscription).where(PushSubscription.id.in_(subscription_ids)))


def supersede(db: Session, user_ids: set[int], kind: str, subject_prefix: str, newer: str) -> None:
    """A newer notice about the same thing replaces the ones still waiting."""
    if not user_ids:
        return
    db.execute(
        update(NotificationLog)
        .where(
            NotificationLog.user_id.in_(user_ids),
            NotificationLog.kind == kind,
            NotificationLog.subject.startswith(subject_prefix, autoescape=True),
            NotificationLog.subject != newer,
            NotificationLog.status == PENDING,
        )
        .values(status=SKIPPED)
        .execution_options(synchronize_session=False)
    )
