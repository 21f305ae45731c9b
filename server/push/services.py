"""The rules of notifications: a member's devices, and sending what is due.

`send_reminders(db, now)` is the reminder job (`kring send-reminders`). Unlike a request
it commits several times: a claim must be visible to every other machine before anything
is sent, and each delivery is on record soon after it happened. It needs an app context
(the words are translated, the keys come from the app).
"""

from __future__ import annotations

import binascii
import re
from dataclasses import dataclass
from datetime import datetime

from cryptography.hazmat.primitives.asymmetric import ec
from flask import Flask, current_app
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from server.auth.models import User
from server.db import insert_ignoring_conflicts, upsert
from server.plan import review_reminders
from server.push import due, endpoints, ledger, mailing, notices, outbox
from server.push.delivery import Deliverer, Settings
from server.push.keys import b64url_decode
from server.push.models import PENDING, PUSH, TEST, NotificationLog, PushSubscription
from server.push.sending import Summary, send_due

MAX_DEVICES = 10  # a new device beyond this replaces her oldest


class PushNotConfigured(RuntimeError):
    """No VAPID keys: set VAPID_PRIVATE_KEY and VAPID_SUBJECT (see the README)."""


class InvalidSubscription(ValueError):
    pass


@dataclass(frozen=True)
class NewSubscription:
    endpoint: str
    p256dh: str
    auth: str


def parse_subscription(data: object, config: dict) -> NewSubscription:
    """A browser's `PushSubscription.toJSON()`, checked before anything is stored."""
    if not isinstance(data, dict) or not isinstance(data.get("keys"), dict):
        raise InvalidSubscription("not a push subscription")
    endpoint, keys = data.get("endpoint"), data["keys"]
    p256dh, auth = keys.get("p256dh"), keys.get("auth")
    if not all(isinstance(v, str) for v in (endpoint, p256dh, auth)):
        raise InvalidSubscription("not a push subscription")
    try:
        endpoints.check(endpoint, config)
    except endpoints.EndpointRefused as refused:
        raise InvalidSubscription(str(refused)) from refused
    try:
        point = b64url_decode(p256dh)
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
        secret = b64url_decode(auth)
    except (ValueError, binascii.Error) as error:
        raise InvalidSubscription("the subscription's keys are not valid") from error
    if len(point) != 65 or len(secret) != 16:
        raise InvalidSubscription("the subscription's keys are not valid")
    return NewSubscription(endpoint, p256dh, auth)


_BROWSERS = [("Edg", "Edge"), ("SamsungBrowser", "Samsung Internet"), ("Firefox", "Firefox")]
_BROWSERS += [("OPR", "Opera"), ("Chrome", "Chrome"), ("CriOS", "Chrome"), ("Safari", "Safari")]
_SYSTEMS = [("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android")]
_SYSTEMS += [("Windows", "Windows"), ("Mac OS X", "Mac"), ("Linux", "Linux")]


def device_label(user_agent: str) -> str:
    """ "Chrome · Android": enough to tell one's devices apart."""
    browser = next((name for token, name in _BROWSERS if token in user_agent), "")
    system = next((name for token, name in _SYSTEMS if re.search(token, user_agent)), "")
    return " · ".join(part for part in (browser, system) if part)


def subscribe(db: Session, member: User, new: NewSubscription, label: str) -> None:
    """One row per device: the same endpoint again (a renewed subscription, or another
    account signing in on this phone) takes the row over."""
    values = {"user_id": member.id, "p256dh": new.p256dh, "auth": new.auth, "label": label}
    upsert(db, PushSubscription, {"endpoint": new.endpoint, **values}, ["endpoint"], values)
    ids = list(
        db.scalars(
            select(PushSubscription.id)
            .where(PushSubscription.user_id == member.id)
            .order_by(PushSubscription.created_at.desc(), PushSubscription.id.desc())
        )
    )
    if len(ids) > MAX_DEVICES:
        db.execute(delete(PushSubscription).where(PushSubscription.id.in_(ids[MAX_DEVICES:])))


def devices(db: Session, member: User) -> list[PushSubscription]:
    return list(
        db.scalars(
            select(PushSubscription)
            .where(PushSubscription.user_id == member.id)
            .order_by(PushSubscription.created_at, PushSubscription.id)
        )
    )


def remove_device(db: Session, member: User, device_id: int) -> bool:
    """False when it is not one of hers (the view answers 404)."""
    result = db.execute(
        delete(PushSubscription).where(
            PushSubscription.id == device_id, PushSubscription.user_id == member.id
        )
    )
    return result.rowcount == 1


def unsubscribe(db: Session, member: User, endpoint: str) -> None:
    """The browser withdrew permission or unsubscribed: forget that device."""
    db.execute(
        delete(PushSubscription).where(
            PushSubscription.endpoint == endpoint, PushSubscription.user_id == member.id
        )
    )


def queue_test(db: Session, member: User, now: datetime) -> bool:
    """A test message to all her devices (she asked: quiet hours do not apply). False
    when one was sent this minute already."""
    values = {
        "user_id": member.id,
        "kind": TEST,
        "subject": notices.subject_for_test(now),
        "channel": PUSH,
        "status": PENDING,
        "due_at": now,
    }
    keys = ["user_id", "kind", "subject", "channel"]
    made = insert_ignoring_conflicts(db, NotificationLog, values, keys)
    if made:
        outbox.send_after_commit(db, {member.id})
    return made


def deliverer_for(app: Flask) -> Deliverer:
    state = app.extensions.get("kring_push")
    if state is None or state.keys is None:
        raise PushNotConfigured(PushNotConfigured.__doc__)
    return state.deliverer


def send_reminders(db: Session, now: datetime, deliverer: Deliverer | None = None) -> Summary:
    """Find what is due, send it and record it: safe to run often, twice at once, and
    on several machines, and again after a crash. E-mail goes first: it needs no push
    keys, so an installation without them still reaches its members."""
    rows = due.find_due(db, now) + review_reminders.find_due(db, now)
    # One order for every run (see due.find_due): concurrent runs do not deadlock.
    rows.sort(key=lambda row: (row["user_id"], row["kind"], row["subject"], row["channel"]))
    ledger.add(db, rows)
    db.commit()
    summary = mailing.send_due(db, now)
    summary.add(send_due(db, now, deliverer or deliverer_for(current_app)))
    summary.due = len(rows)
    return summary


def settings_from(config: dict) -> Settings:
    return Settings(
        workers=int(config.get("PUSH_WORKERS", 8)),
        connect_timeout=float(config.get("PUSH_CONNECT_TIMEOUT", 3.05)),
        read_timeout=float(config.get("PUSH_TIMEOUT", 10)),
        attempts=int(config.get("PUSH_ATTEMPTS", 3)),
        backoff=float(config.get("PUSH_BACKOFF", 0.5)),
        max_wait=float(config.get("PUSH_MAX_WAIT", 30)),
    )
