"""Notices "at once": a meeting changed or cancelled, a new assignment, an announcement.

An outbox, not a send from the request: the schedule's and homework's signals arrive
inside the therapist's transaction, and the notices are written to the log right there,
so they exist exactly when the change does (a rolled-back change leaves none). Once that
transaction has committed, a background thread sends what is due; the therapist's page
does not wait for push services. If that thread never runs (the process stops, a push
service is down) nothing is lost: `kring send-reminders` sends whatever is still waiting.
Quiet hours apply here too: a notice that falls inside them waits in the log.
"""

from __future__ import annotations

import logging
from datetime import datetime

from flask import Flask, current_app, has_app_context
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from server.announcements.models import Announcement
from server.announcements.services import announcement_posted
from server.background import Worker
from server.db import now_utc
from server.groups.models import Membership
from server.homework.models import Assignment
from server.homework.services import assignment_created
from server.push import due, ledger, mailing, timing
from server.push.models import ANNOUNCEMENT, MEETING_CHANGED, NEW_HOMEWORK
from server.push.sending import Summary, send_due
from server.schedule.models import Meeting
from server.schedule.services import local_date, meeting_changed

log = logging.getLogger(__name__)
_SEND_NOW = "kring_push_send_now"  # Session.info: members with a notice due now

_worker = Worker("kring-outbox")


def send_after_commit(db: Session, members: set[int]) -> None:
    if members:
        db.info.setdefault(_SEND_NOW, set()).update(members)


def _queue(db: Session, rows: list[dict], now: datetime) -> None:
    ledger.add(db, rows)
    send_after_commit(db, {row["user_id"] for row in rows if row["due_at"] <= now})


def _members_on(db: Session, meeting: Meeting) -> set[int]:
    day = local_date(meeting.starts_at, meeting.group)
    memberships = db.scalars(select(Membership).where(Membership.group_id == meeting.group_id))
    return {m.member_id for m in memberships if m.is_current(day)}


@meeting_changed.connect
def on_meeting_changed(db: Session, meeting: Meeting, change: str) -> None:
    now = now_utc()
    if meeting.starts_at <= now:
        return  # a meeting in the past: nothing anyone needs to act on
    if change == "changed":
        if meeting.change_number == 0:
            return  # only the theme or the note: not worth a buzz in her pocket
        # Numbered by time-and-place changes: a theme edit after a move is not a new notice.
        subject = f"meeting:{meeting.id}:changed:{meeting.change_number}"
    else:
        subject = f"meeting:{meeting.id}:{change}:{meeting.sequence}"
    members = due.recipients(db, _members_on(db, meeting))
    rows = [
        {
            "user_id": user_id,
            "kind": MEETING_CHANGED,
            "subject": subject,
            "channel": channel,
            "due_at": timing.send_at(now, prefs.quiet, meeting.starts_at),
            "useful_until": meeting.starts_at,
        }
        for user_id, (prefs, device) in members.items()
        for channel in prefs.channels(MEETING_CHANGED, device)
    ]
    wanting = {row["user_id"] for row in rows}
    ledger.supersede(db, wanting, MEETING_CHANGED, f"meeting:{meeting.id}:", subject)
    _queue(db, rows, now)


@assignment_created.connect
def on_assignment_created(db: Session, assignments: list[Assignment]) -> None:
    now = now_utc()
    db.flush()  # the ids name the notices
    members = due.recipients(db, {a.member_id for a in assignments})
    rows = [
        {
            "user_id": a.member_id,
            "kind": NEW_HOMEWORK,
            "subject": f"assignment:{a.id}",
            "channel": channel,
            "due_at": timing.send_at(now, members[a.member_id][0].quiet, None),
            "useful_until": None,
        }
        for a in assignments
        if a.member_id in members
        for channel in members[a.member_id][0].channels(NEW_HOMEWORK, members[a.member_id][1])
    ]
    _queue(db, rows, now)


@announcement_posted.connect
def on_announcement_posted(db: Session, announcement: Announcement, members: set[int]) -> None:
    now = now_utc()
    rows = [
        {
            "user_id": user_id,
            "kind": ANNOUNCEMENT,
            "subject": f"announcement:{announcement.id}",
            "channel": channel,
            "due_at": timing.send_at(now, prefs.quiet, None),
            "useful_until": None,
        }
        for user_id, (prefs, has_device) in due.recipients(db, members).items()
        for channel in prefs.channels(ANNOUNCEMENT, has_device)
    ]
    _queue(db, rows, now)


@event.listens_for(Session, "after_commit")
def _after_commit(db: Session) -> None:
    members = db.info.pop(_SEND_NOW, None)
    if not members or not has_app_context():
        return  # no app here (a script): `kring send-reminders` sends them
    if current_app.config.get("PUSH_SEND_AT_ONCE", True):
        start(current_app._get_current_object(), members)


@event.listens_for(Session, "after_soft_rollback")
def _after_rollback(db: Session, _transaction) -> None:
    db.info.pop(_SEND_NOW, None)  # those rows were never written


def start(app: Flask, members: set[int]) -> None:
    """Send the members' due notices in the background, one batch after another."""
    _worker.submit(_send, app, members)


def _send(app: Flask, members: set[int]) -> None:
    with app.app_context():
        db = app.extensions["kring_db"]()
        try:
            send_now(db, now_utc(), members)
        except Exception:  # the job picks the notices up; the web process goes on
            log.exception("sending notices at once failed; kring send-reminders will")
        finally:
            db.close()


def send_now(db: Session, now: datetime, members: set[int]) -> Summary:
    """What is due now for these members, right after their change: e-mails, and
    pushes when the app has a deliverer (server/push/services.py sets it up)."""
    summary = mailing.send_due(db, now, members)
    state = current_app.extensions.get("kring_push")
    if state and state.deliverer:
        summary.add(send_due(db, now, state.deliverer, members))
    return summary


def wait_until_sent(timeout: float = 30) -> None:
    """For tests and shutdown: wait for the background sends started so far."""
    _worker.wait(timeout)
