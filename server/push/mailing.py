"""Notices by e-mail, the second channel: for a member whose phone gets no push, or
who asked for e-mail. The same ledger as push (rows of channel "email"), so each notice
goes out once per channel, also with several `kring send-reminders` at once and after
a crash: a row is claimed and the claim committed before the message is sent.

Every message carries a signed one-click way to stop that kind of e-mail (RFC 8058:
`List-Unsubscribe` with an https link and `List-Unsubscribe-Post`). A mail server that
fails is tried again by later runs, later each time, and after the last attempt the
notice is logged as failed; nothing here ever reaches a page as an error.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime

from flask import current_app, render_template
from flask_babel import force_locale
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session

from server import mail
from server.auth.models import User
from server.push import ledger, notices
from server.push.models import EMAIL, FAILED, KINDS, SENT, SKIPPED, NotificationLog
from server.push.sending import Summary

log = logging.getLogger(__name__)
BATCH = 100  # rows claimed at a time: one SMTP conversation each, so fewer than push
_SALT = "kring-email-stop"


def stop_token(secret: str, user_id: int, kind: str) -> str:
    """The capability in a stop link: whoever has the e-mail may stop that kind of it."""
    return URLSafeSerializer(secret, salt=_SALT).dumps([user_id, kind])


def read_stop_token(secret: str, token: str) -> tuple[int, str] | None:
    try:
        user_id, kind = URLSafeSerializer(secret, salt=_SALT).loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(user_id, int) or kind not in KINDS:
        return None
    return user_id, kind


def send_due(db: Session, now: datetime, user_ids: set[int] | None = None) -> Summary:
    """Claim and send the e-mails that are due, batch after batch."""
    summary = Summary()
    while True:
        token, rows = ledger.claim(db, now, BATCH, user_ids, channel=EMAIL)
        db.commit()  # the claim is visible to every other sender before anything is sent
        if not rows:
            return summary
        done, out_of_time = _deliver(db, token, rows, now)
        summary.add(done)
        if out_of_time:
            return summary  # the mail server is slow: the next run sends the rest


def _deliver(
    db: Session, token: str, rows: list[NotificationLog], now: datetime
) -> tuple[Summary, bool]:
    """Send one claimed batch; True when it ran out of time and left rows waiting."""
    summary = Summary()
    made = notices.build(db, rows, now) if mail.configured() else {}
    users = {
        u.id: u for u in db.scalars(select(User).where(User.id.in_({r.user_id for r in rows})))
    }
    skipped = [row.id for row in rows if made.get(row.id) is None]
    ledger.finish(db, token, skipped, SKIPPED, now)
    db.commit()
    summary.skipped += len(skipped)
    # Stop starting messages well before the claim could go stale and be taken over
    # (a slow mail server takes up to its timeout per message): the rest waits again.
    deadline = time.monotonic() + ledger.CLAIM_TIMEOUT.total_seconds() / 2
    for index, row in enumerate(rows):
        notice = made.get(row.id)
        if notice is None:
            continue
        if time.monotonic() > deadline:
            left = [r.id for r in rows[index:] if made.get(r.id) is not None]
            ledger.release(db, token, left)
            db.commit()
            summary.retry += len(left)
            return summary, True
        user = users[row.user_id]
        subject, body, headers = _message(user, row, notice)
        if mail.send_mail(user.email, subject, body, headers):
            ledger.finish(db, token, [row.id], SENT, now)
            summary.emails += 1
        elif ledger.retry_later(db, token, row, now, None) == FAILED:
            log.error("e-mail notice %s: the mail server refused it too often, given up", row.id)
            summary.failed += 1
        else:
            summary.retry += 1
        db.commit()  # each outcome on record before the next message goes
    return summary, False


def _message(
    user: User, row: NotificationLog, notice: notices.Notice
) -> tuple[str, str, dict[str, str]]:
    config = current_app.config
    base = config["BASE_URL"].rstrip("/")
    stop = f"{base}/email/stop/{stop_token(config['SECRET_KEY'], user.id, row.kind)}"
    with force_locale(user.locale or "nl"):
        body = render_template(
            "mail/notice.txt",
            name=user.display_name,
            text=notice.body,
            link=base + notice.url,
            stop=stop,
        )
    headers = {
        "List-Unsubscribe": f"<{stop}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",  # RFC 3834: no out-of-office replies
    }
    return notice.subject, body, headers
