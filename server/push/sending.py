"""Sending what is claimed: make the words, deliver to every device of the member,
and record each outcome in the log as soon as the previous write is done, so that what
was delivered is on record within milliseconds and a run stopped halfway leaves only
the messages in flight at that moment to doubt (and those are recorded too, unless the
machine itself dies)."""

from __future__ import annotations

import time
from dataclasses import dataclass, fields
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.push import ledger, notices
from server.push.delivery import FAILED as DELIVERY_FAILED
from server.push.delivery import GONE, RETRY, Deliverer, Message, Outcome, topic_for
from server.push.delivery import SENT as DELIVERED
from server.push.models import FAILED, PENDING, SENT, SKIPPED, NotificationLog, PushSubscription
from server.push.notices import Notice

BATCH = 500  # rows claimed at a time


@dataclass
class Summary:
    due: int = 0  # reminders newly found due by this run
    sent: int = 0  # by push
    emails: int = 0  # sent by e-mail
    skipped: int = 0  # no longer true or wanted, or no device left
    retry: int = 0  # waiting for a later run
    failed: int = 0
    devices_removed: int = 0

    def add(self, other: Summary) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


class _Record:
    """Collects delivery outcomes per log row and writes the finished rows."""

    def __init__(self, db: Session, token: str, rows: dict[int, NotificationLog], now: datetime):
        self.db, self.token, self.rows, self.now = db, token, rows, now
        self.expected: dict[int, int] = {}  # row id -> number of devices
        self.outcomes: dict[int, list[Outcome]] = {}
        self.finished: list[int] = []
        self.written: set[int] = set()
        self.gone: set[int] = set()
        self.summary = Summary()

    def __call__(self, outcomes: list[Outcome]) -> None:
        for outcome in outcomes:
            row_id = outcome.message.ref
            so_far = self.outcomes.setdefault(row_id, [])
            so_far.append(outcome)
            if outcome.result == GONE:
                self.gone.add(outcome.message.subscription_id)
            if len(so_far) == self.expected[row_id]:
                self.finished.append(row_id)
        if self.finished:
            self.write()

    def write(self, stopped: bool = False) -> None:
        """Record finished rows. After a stop, a row with messages never started counts
        as sent if a device got it, and otherwise waits again at once."""
        done, self.finished = self.finished, []
        if stopped:
            done += [r for r in self.expected if r not in self.written and r not in done]
        by_status: dict[str, list[int]] = {SENT: [], SKIPPED: [], FAILED: []}
        release = []
        for row_id in done:
            outcomes = self.outcomes.get(row_id, [])
            results = {o.result for o in outcomes}
            if DELIVERED in results:
                by_status[SENT].append(row_id)
            elif len(outcomes) < self.expected[row_id]:
                release.append(row_id)
            elif RETRY in results:
                wait = max(o.retry_after or 0 for o in outcomes)
                status = ledger.retry_later(self.db, self.token, self.rows[row_id], self.now, wait)
                self.summary.retry += status == PENDING
                self.summary.failed += status == FAILED
            elif DELIVERY_FAILED in results:
                by_status[FAILED].append(row_id)
            else:
                by_status[SKIPPED].append(row_id)  # every device of hers has gone
        for status, ids in by_status.items():
            ledger.finish(self.db, self.token, ids, status, self.now)
        ledger.release(self.db, self.token, release)
        ledger.forget_devices(self.db, self.gone)
        self.summary.sent += len(by_status[SENT])
        self.summary.failed += len(by_status[FAILED])
        self.summary.skipped += len(by_status[SKIPPED])
        self.summary.retry += len(release)
        self.summary.devices_removed += len(self.gone)
        self.gone = set()
        self.written.update(done)
        self.db.commit()


def _devices(db: Session, user_ids: set[int]) -> dict[int, list[PushSubscription]]:
    devices: dict[int, list[PushSubscription]] = {}
    for device in db.scalars(
        select(PushSubscription)
        .where(PushSubscription.user_id.in_(user_ids))
        .order_by(PushSubscription.id)
    ):
        devices.setdefault(device.user_id, []).append(device)
    return devices


def deliver_claimed(
    db: Session,
    token: str,
    rows: list[NotificationLog],
    now: datetime,
    deliverer: Deliverer,
) -> Summary:
    made = notices.build(db, rows, now)
    devices = _devices(db, {r.user_id for r in rows})
    record = _Record(db, token, {r.id: r for r in rows}, now)
    messages, skipped = [], []
    encoded: dict[Notice, tuple[bytes, str]] = {}  # a group's members share one notice
    for row in rows:
        notice, targets = made.get(row.id), devices.get(row.user_id, [])
        if notice is None or not targets:
            skipped.append(row.id)
            continue
        if notice not in encoded:
            encoded[notice] = (notice.payload(), topic_for(notice.tag))
        payload, topic = encoded[notice]
        record.expected[row.id] = len(targets)
        messages += [
            Message(
                row.id,
                d.id,
                d.endpoint,
                d.p256dh,
                d.auth,
                payload,
                notice.ttl,
                notice.urgency,
                topic,
            )
            for d in targets
        ]
    ledger.finish(db, token, skipped, SKIPPED, now)
    record.summary.skipped += len(skipped)
    db.commit()
    # Stop starting messages well before the claim could go stale and be taken over.
    deadline = time.monotonic() + ledger.CLAIM_TIMEOUT.total_seconds() / 2
    try:
        deliverer.deliver(messages, record, deadline)
    finally:
        record.write(stopped=True)
    return record.summary


def send_due(
    db: Session, now: datetime, deliverer: Deliverer, user_ids: set[int] | None = None
) -> Summary:
    """Claim and send, batch after batch, until nothing due is left."""
    summary = Summary()
    while True:
        token, rows = ledger.claim(db, now, BATCH, user_ids)
        db.commit()  # the claim is visible to every other sender before anything is sent
        if not rows:
            return summary
        summary.add(deliver_claimed(db, token, rows, now, deliverer))
