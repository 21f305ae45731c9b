"""Read-only links for supporters: capabilities (W3C TAG), so unguessable, stored
hashed, revocable, optionally expiring, and every opening logged."""

from __future__ import annotations

import base64
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server import audit
from server.auth.models import User
from server.plan.models import Plan, PlanShare, ShareView
from server.plan.sections import ORDER
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


def create_share(
    db: Session,
    plan: Plan,
    supporter: str,
    sections: list[str],
    expiry: str,
    now: datetime,
    token: str | None = None,
) -> tuple[PlanShare, str]:
    token = token or new_token()[0]
    lasts = EXPIRY[expiry]
    share = PlanShare(
        plan_id=plan.id,
        supporter_name=supporter.strip(),
        token_hash=token_hash(token),
        sections=[key for key in ORDER if key in sections],
        expires_at=now + lasts if lasts else None,
        created_at=now,
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


def open_share(db: Session, token: str, now: datetime) -> tuple[PlanShare, Plan, User]:
    """The share behind a link, if it still works; each opening is logged."""
    row = db.execute(
        select(PlanShare, Plan, User)
        .join(Plan, Plan.id == PlanShare.plan_id)
        .join(User, User.id == Plan.member_id)
        .where(PlanShare.token_hash == token_hash(token))
    ).first()
    if row is None:
        raise ShareGone("unknown")
    share, plan, member = row
    if share.revoked_at is not None:
        raise ShareGone("revoked")
    if share.expires_at is not None and share.expires_at <= now:
        raise ShareGone("expired")
    db.add(ShareView(share_id=share.id, at=now))
    audit.record(
        db,
        "read",
        actor_share_id=share.id,
        subject_user_id=member.id,
        object_type="plan",
        object_id=plan.id,
    )
    return share, plan, member
