"""Read-only links for supporters: capabilities (W3C TAG), so unguessable, stored
hashed, revocable, optionally expiring, and every opening logged."""

from __future__ import annotations

import base64
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import and_, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from server import audit
from server.auth.models import User
from server.plan.models import Plan, PlanShare, PlanVersion, ShareView
from server.plan.sections import ORDER
from server.reads import Rows
from server.security import new_token, token_hash

EXPIRY = {
    "week": timedelta(weeks=1),
    "month": timedelta(days=31),
    "quarter": timedelta(days=92),
    "none": None,
}


#: How long the page after "Maak de link" shows the new link (a reload, a double tap).
SHOWN_FOR = timedelta(minutes=15)


class ShareGone(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason  # "unknown" | "revoked" | "expired"


def derived_token(secret: str, member_id: int, action: str) -> str:
    """The link's token for one create action (its one-time key): the page the member
    lands on, also after a double tap or a reload, can show the link again for a few
    minutes without the token being stored anywhere. Unguessable without the server's
    secret key; 256 bits, like `new_token()`."""
    digest = hmac.new(secret.encode(), f"plan-share:{member_id}:{action}".encode(), "sha256")
    return base64.urlsafe_b64encode(digest.digest()).rstrip(b"=").decode()


def new_share_of(db: Session, plan: Plan, token: str, now: datetime) -> PlanShare | None:
    """The link made with this token within the last minutes, while it still works."""
    share = db.scalar(
        select(PlanShare).where(
            PlanShare.plan_id == plan.id, PlanShare.token_hash == token_hash(token)
        )
    )
    if share is None or share.created_at < now - SHOWN_FOR or share.revoked_at is not None:
        return None
    return share


@dataclass
class LinkChoices:
    """What the member chose for a new link."""

    supporter: str
    sections: list[str]
    expiry: str
    phases: list[str] | None = None  # None: every phase
    notify_email: str | None = None  # e-mail the supporter when the plan changes


def create_share(
    db: Session,
    plan: Plan,
    choices: LinkChoices,
    now: datetime,
    action_key: str | None = None,
    secret: str | None = None,
) -> tuple[PlanShare, str]:
    """A new link. With `action_key` and `secret` its token is derived (the page after
    "Maak de link" shows it again); the key is kept only when the supporter gets
    e-mails, to put the link in them."""
    if action_key and secret:
        token = derived_token(secret, plan.member_id, action_key)
    else:
        token = new_token()[0]
    lasts = EXPIRY[choices.expiry]
    mails = bool(choices.notify_email) and action_key is not None
    share = PlanShare(
        plan_id=plan.id,
        supporter_name=choices.supporter.strip(),
        token_hash=token_hash(token),
        sections=[key for key in ORDER if key in choices.sections],
        phases=choices.phases,
        expires_at=now + lasts if lasts else None,
        created_at=now,
        notify_email=choices.notify_email.strip() if mails else None,
        action_key=action_key if mails else None,
        notified_version=plan.version,
    )
    db.add(share)
    db.flush()
    audit.record(
        db,
        "create",
        actor_user_id=plan.member_id,
        subject_user_id=plan.member_id,
        object_type="plan_share",
        object_id=share.id,
    )
    return share, token


@dataclass
class ShareSummary:
    share: PlanShare
    views: int
    last_view: datetime | None

    def active(self, now: datetime) -> bool:
        return is_active(self.share, now)


def is_active(share: PlanShare, now: datetime) -> bool:
    return share.revoked_at is None and (share.expires_at is None or share.expires_at > now)


def shares_of(db: Session, plan: Plan) -> list[ShareSummary]:
    rows = db.execute(
        select(PlanShare, func.count(ShareView.id), func.max(ShareView.at))
        .outerjoin(ShareView, ShareView.share_id == PlanShare.id)
        .where(PlanShare.plan_id == plan.id)
        .group_by(PlanShare.id)
        .order_by(PlanShare.created_at.desc())
    )
    return [ShareSummary(share, views, _aware(last)) for share, views, last in rows]


def _aware(moment):
    # max() over a UTC column comes back without the type's conversion on SQLite.
    from datetime import UTC

    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if moment is not None and moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment


def share_of(db: Session, plan: Plan, share_id: int) -> PlanShare | None:
    return db.scalar(
        select(PlanShare).where(PlanShare.id == share_id, PlanShare.plan_id == plan.id)
    )


def revoke(db: Session, share: PlanShare, now: datetime) -> None:
    if share.revoked_at is None:
        share.revoked_at = now
    # Nothing more goes to the supporter, and nothing is kept to make the link again.
    share.notify_email = None
    share.action_key = None


def live_share(db: Session, token: str, now: datetime) -> PlanShare | None:
    """The share behind a working link, without opening it (no plan data is read):
    for its manifest and worker."""
    share = db.scalar(select(PlanShare).where(PlanShare.token_hash == token_hash(token)))
    return share if share is not None and is_active(share, now) else None


@dataclass
class Opening:
    share: object  # a PlanShare record (server/reads.py)
    member_id: int
    member_name: str
    version: int  # the plan's version now
    seen_before: object | None  # the plan as this link showed it last time, if changed since
    last_view: datetime | None


def open_share(db: Session, token: str, now: datetime) -> Opening:
    """The share behind a link, if it still works; each opening is logged and
    remembered as seen. One statement finds the share, its plan's version, the member's
    name, the version seen at the last opening (only when the plan changed since) and
    when that was; as records, the writes as plain statements: the ORM's loads and
    unit of work were half of the supporter page (issue 22)."""
    row = db.connection().execute(_opening(), {"token_hash": token_hash(token)}).first()
    if row is None:
        raise ShareGone("unknown")
    share, seen_before, plan_id, member_id, version, name, last = _OPENING.split(row)
    if share.revoked_at is not None:
        raise ShareGone("revoked")
    if share.expires_at is not None and share.expires_at <= now:
        raise ShareGone("expired")
    connection = db.connection()
    connection.execute(_log_view(), {"share_id": share.id, "at": now})
    if share.seen_version != version:
        connection.execute(_mark_seen(), {"share_id": share.id, "version": version})
    audit.record_reads(
        db,
        actor_user_id=None,
        actor_share_id=share.id,
        object_type="plan",
        reads=[(member_id, plan_id)],
    )
    return Opening(share, member_id, name, version, seen_before, _aware(last))


_OPENING = Rows(PlanShare, PlanVersion)


# The writes of an opening as plain statements made once: through the ORM's unit of
# work they held SQLite's write lock longer while the other worker waited.
@cache
def _log_view():
    table = ShareView.__table__
    return insert(table).values(share_id=bindparam("share_id"), at=bindparam("at"))


@cache
def _mark_seen():
    table = PlanShare.__table__
    return (
        update(table)
        .where(table.c.id == bindparam("share_id"))
        .values(seen_version=bindparam("version"))
    )


@cache
def _opening():
    last_view = (
        select(func.max(ShareView.at)).where(ShareView.share_id == PlanShare.id)
    ).scalar_subquery()
    return (
        select(*_OPENING.columns, Plan.id, Plan.member_id, Plan.version, User.display_name)
        .add_columns(last_view)
        .join(Plan, Plan.id == PlanShare.plan_id)
        .join(User, User.id == Plan.member_id)
        .outerjoin(
            PlanVersion,
            and_(
                PlanVersion.plan_id == Plan.id,
                PlanVersion.number == PlanShare.seen_version,
                PlanShare.seen_version != Plan.version,
            ),
        )
        .where(PlanShare.token_hash == bindparam("token_hash"))
    )
