"""The practice's staff: its first admin, inviting therapists, deactivating them and
resetting a lost second step. Each function leaves the commit to its caller."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from server import audit
from server.auth import services as accounts
from server.auth.models import THERAPIST, RecoveryCode, User
from server.db import now_utc
from server.groups.models import Practice
from server.practice.models import StaffInvite
from server.security import new_token


class StaffRefused(Exception):
    """`reason`: "exists" (the address has an account) or "self"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def create_practice(db: Session, name: str, admin_email: str) -> tuple[Practice, str]:
    """A new practice and the invitation of its first admin; returns the link token."""
    practice = Practice(name=name.strip())
    db.add(practice)
    db.flush()
    return practice, invite_staff(db, practice, admin_email, admin=True, invited_by=None)


def invite_staff(
    db: Session, practice: Practice, email: str, *, admin: bool, invited_by: User | None
) -> str:
    if accounts.user_by_email(db, email) is not None:
        raise StaffRefused("exists")
    token, hashed = new_token()
    db.add(
        StaffInvite(
            token_hash=hashed,
            email=accounts.normalise_email(email),
            practice_id=practice.id,
            practice_admin=admin,
            invited_by_id=invited_by.id if invited_by else None,
            expires_at=now_utc() + accounts.INVITE_VALID_FOR,
        )
    )
    audit.record(
        db,
        "create",
        actor_user_id=invited_by.id if invited_by else None,
        object_type="staff_invite",
    )
    return token


def open_staff_invite(db: Session, token: str) -> StaffInvite:
    return accounts.open_link(db, StaffInvite, token)


def accept_staff_invite(db: Session, invite: StaffInvite, display_name: str, password: str) -> User:
    """The account of a therapist or admin; the second step is set up at the first
    sign-in, as for every therapist."""
    if accounts.user_by_email(db, invite.email) is not None:
        raise accounts.LinkProblem("used")
    invite.used_at = now_utc()
    user = accounts.create_user(
        db, invite.email, password, display_name, role=THERAPIST, practice_id=invite.practice_id
    )
    user.practice_admin = invite.practice_admin
    db.flush()
    audit.record(
        db,
        "create",
        actor_user_id=user.id,
        subject_user_id=user.id,
        object_type="user",
        object_id=user.id,
    )
    return user


def staff_of(db: Session, practice_id: int) -> list[User]:
    return list(
        db.scalars(
            select(User)
            .where(User.practice_id == practice_id, User.role == THERAPIST)
            .order_by(User.display_name, User.id)
        )
    )


def open_staff_invites(db: Session, practice_id: int) -> list[StaffInvite]:
    return list(
        db.scalars(
            select(StaffInvite)
            .where(
                StaffInvite.practice_id == practice_id,
                StaffInvite.used_at.is_(None),
                StaffInvite.expires_at > now_utc(),
            )
            .order_by(StaffInvite.created_at)
        )
    )


def staff_member(db: Session, practice_id: int, user_id: int) -> User | None:
    """A therapist or admin of this practice; None for anyone else (a 404)."""
    user = db.get(User, user_id)
    if user is None or user.practice_id != practice_id or user.role != THERAPIST:
        return None
    return user


def set_active(db: Session, admin: User, user: User, active: bool) -> None:
    """Deactivated staff cannot sign in and are signed out at once; their groups stay."""
    if user.id == admin.id:
        raise StaffRefused("self")  # a practice must keep an admin who can sign in
    if user.active == active:
        return
    user.active = active
    if not active:
        accounts.end_all_sessions(user)
    _logged(db, admin, user, "user")


def reset_second_step(db: Session, admin: User, user: User) -> None:
    """A lost phone: the second step is set up again at the next sign-in."""
    if user.id == admin.id:
        raise StaffRefused("self")
    user.totp_secret = None
    user.totp_last_step = None
    db.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    accounts.end_all_sessions(user)
    _logged(db, admin, user, "second_factor")


def _logged(db: Session, admin: User, user: User, object_type: str) -> None:
    audit.record(
        db,
        "update",
        actor_user_id=admin.id,
        subject_user_id=user.id,
        object_type=object_type,
        object_id=user.id,
    )
