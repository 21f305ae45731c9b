"""A growing wait after many wrong second-step codes, per account.

The rate limit (5 a minute) alone allowed some 7,200 guesses a day at a six-digit code.
After FREE wrong codes within a day the account waits 15 minutes, then twice as long
after each further wrong code, up to a day: about 17 guesses a day. Whoever tries has
the password already, so the account holder is told by e-mail at the FREE-th wrong
code. The wrong codes are counted from the access log, which records each of them
anyway: no counter of its own to keep right.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from server import audit
from server.audit import AuditEvent
from server.auth.models import User
from server.formatting import format_clock, format_date
from server.mail import mail_after_commit

FREE = 10  # wrong codes within WINDOW before the account waits
WINDOW = timedelta(days=1)
FIRST_WAIT = timedelta(minutes=15)
LONGEST_WAIT = timedelta(days=1)
WRONG_CODE = "second_factor"
WHILE_WAITING = "second_factor_wait"  # a code sent during the wait: logged, not checked


def _wrong_codes(db: Session, user: User, now: datetime) -> list[datetime]:
    return list(
        db.scalars(
            select(AuditEvent.at)
            .where(
                AuditEvent.subject_user_id == user.id,
                AuditEvent.action == "sign_in",
                AuditEvent.object_type == WRONG_CODE,
                AuditEvent.outcome == audit.REFUSED,
                AuditEvent.at > now - WINDOW,
            )
            .order_by(AuditEvent.at)
        )
    )


def waits_until(db: Session, user: User, now: datetime) -> datetime | None:
    """Until when this account may not try a code, or None."""
    wrong = _wrong_codes(db, user, now)
    if len(wrong) < FREE:
        return None
    wait = min(FIRST_WAIT * 2 ** (len(wrong) - FREE), LONGEST_WAIT)
    until = wrong[-1] + wait
    return until if until > now else None


def wait_message(until: datetime) -> str:
    return _(
        "Too many wrong codes. For your safety, wait until %(time)s on %(date)s and try again.",
        time=format_clock(until),
        date=format_date(until),
    )


def record_wrong_code(db: Session, user: User, now: datetime, *, waiting: bool = False) -> None:
    _record(db, user, WHILE_WAITING if waiting else WRONG_CODE)
    if not waiting and len(_wrong_codes(db, user, now)) == FREE:
        subject = _l("Sign-in attempts on your Kring account")
        mail_after_commit(db, user, subject, "mail/wrong_codes.txt", count=FREE)


def _record(db: Session, user: User, object_type: str) -> None:
    audit.record(
        db,
        "sign_in",
        actor_user_id=user.id,
        subject_user_id=user.id,
        object_type=object_type,
        object_id=user.id,
        outcome=audit.REFUSED,
    )
    db.flush()  # counted by the query that follows
