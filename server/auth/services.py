"""The rules of accounts: invitations, sign-in, password reset, ending sessions.

Each function takes the database session and leaves the commit to its caller.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

from sqlalchemy import Date, bindparam, select, update
from sqlalchemy.orm import Session, object_session

from server import audit
from server.auth.models import MEMBER, THERAPIST, Invite, PasswordReset, User
from server.db import get_db, now_utc
from server.groups import services as groups
from server.groups.models import Group, Membership
from server.security import (
    dummy_hash,
    hash_password,
    new_token,
    token_hash,
    verify_password,
)

INVITE_VALID_FOR = timedelta(days=7)
RESET_VALID_FOR = timedelta(hours=1)


class LinkProblem(Exception):
    """An invite or reset link that cannot be used: unknown, used or expired."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason  # "unknown" | "used" | "expired"


class InviteRefused(Exception):
    pass


def normalise_email(email: str) -> str:
    return email.strip().lower()


def user_by_email(db: Session, email: str) -> User | None:
    return db.scalar(select(User).where(User.email == normalise_email(email)))


def load_user_by_session_id(session_id: str) -> User | None:
    """The account behind a session id, as an ORM object that can be changed. The id
    carries the session version, so a cookie copied before sign-out (or a password
    change) no longer matches and is refused."""
    values = session_values(session_id)
    if values is None:
        return None
    row = get_db().execute(_user_with_homework(), values).first()
    if row is None or row[0].session_version != values["version"]:
        return None
    user, user.has_homework = row
    return user


def session_values(session_id: str) -> dict | None:
    """The bind values of the loader's statement, or None for a malformed id."""
    user_id, _, version = session_id.partition(":")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    return {"user_id": int(user_id), "version": int(version), "today": groups.local_today()}


def has_homework_column():
    """Whether the user is in a group that works with homework, as a column of the
    user's own statement, so the navigation knows without a query of its own."""
    today = bindparam("today", type_=Date)
    return (
        select(Membership.id)
        .join(Group, Group.id == Membership.group_id)
        .where(
            Membership.member_id == User.id,
            Group.homework_enabled.is_(True),
            Membership.joined_on <= today,
            Membership.left_on.is_(None) | (Membership.left_on >= today),
        )
        .exists()
        .label("has_homework")
    )


@cache
def _user_with_homework():
    """Built once: on every request, building it cost more than running it (see
    `make bench`)."""
    return select(User, has_homework_column()).where(User.id == bindparam("user_id"))


def authenticate(db: Session, email: str, password: str) -> User | None:
    user = user_by_email(db, email)
    if user is None:
        verify_password(dummy_hash(), password)  # same time as a wrong password
        audit.record(db, "sign_in", object_type="user", outcome=audit.REFUSED)
        return None
    if not user.active or not verify_password(user.password_hash, password):
        audit.record(
            db,
            "sign_in",
            actor_user_id=user.id,
            subject_user_id=user.id,
            object_type="user",
            object_id=user.id,
            outcome=audit.REFUSED,
        )
        return None
    audit.record(
        db,
        "sign_in",
        actor_user_id=user.id,
        subject_user_id=user.id,
        object_type="user",
        object_id=user.id,
    )
    return user


def end_all_sessions(user: User) -> None:
    """Sign out everywhere; open reset links of the old password stop working too."""
    user.session_version += 1
    db = object_session(user)
    if db is not None:
        db.execute(
            update(PasswordReset)
            .where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
            .values(used_at=now_utc())
        )


def create_user(
    db: Session,
    email: str,
    password: str,
    display_name: str,
    *,
    role: str = MEMBER,
    practice_id: int | None = None,
    locale: str = "nl",
) -> User:
    user = User(
        email=normalise_email(email),
        password_hash=hash_password(password),
        display_name=display_name.strip(),
        role=role,
        practice_id=practice_id,
        locale=locale,
    )
    db.add(user)
    return user


def create_invite(db: Session, therapist: User, group: Group, email: str, joins_on: date) -> str:
    """Invite an e-mail address into a group the therapist leads; returns the link token."""
    existing = user_by_email(db, email)
    if existing is not None and existing.role == THERAPIST:
        raise InviteRefused("therapist")
    if existing is not None and groups.is_current_member(db, group, existing, joins_on):
        raise InviteRefused("member")
    if not groups.has_place(db, group, joins_on):
        raise InviteRefused("full")  # the size limit holds; the waiting list is the way
    token, hashed = new_token()
    db.add(
        Invite(
            token_hash=hashed,
            email=normalise_email(email),
            group=group,
            invited_by_id=therapist.id,
            joins_on=joins_on,
            expires_at=now_utc() + INVITE_VALID_FOR,
        )
    )
    audit.record(db, "create", actor_user_id=therapist.id, object_type="invite")
    return token


def open_link(db: Session, model, token: str):
    """The single-use, expiring row behind an e-mailed link, or why it cannot be used."""
    row = db.scalar(select(model).where(model.token_hash == token_hash(token)))
    if row is None:
        raise LinkProblem("unknown")
    if row.used_at is not None:
        raise LinkProblem("used")
    if row.expires_at <= now_utc():
        raise LinkProblem("expired")
    return row


def open_invite(db: Session, token: str) -> Invite:
    return open_link(db, Invite, token)


def accept_invite(
    db: Session, invite: Invite, display_name: str, password: str, locale: str = "nl"
) -> User:
    """A new member: the account and the membership, in the caller's one transaction."""
    user = create_user(db, invite.email, password, display_name, locale=locale)
    _join(db, invite, user)
    return user


def join_with_invite(db: Session, invite: Invite, user: User) -> None:
    """Someone who already has an account joins one more group."""
    if user.email != invite.email or user.role != MEMBER:
        raise LinkProblem("unknown")
    if not groups.is_current_member(db, invite.group, user, invite.joins_on):
        _join(db, invite, user)
    else:
        invite.used_at = now_utc()


def _join(db: Session, invite: Invite, user: User) -> None:
    invite.used_at = now_utc()
    groups.add_membership(db, invite.group, user, invite.joins_on)
    db.flush()
    audit.record(
        db,
        "create",
        actor_user_id=user.id,
        subject_user_id=user.id,
        object_type="membership",
    )


def start_password_reset(db: Session, email: str) -> tuple[User, str] | None:
    user = user_by_email(db, email)
    if user is None or not user.active:
        return None
    token, hashed = new_token()
    db.add(PasswordReset(token_hash=hashed, user=user, expires_at=now_utc() + RESET_VALID_FOR))
    return user, token


def open_reset(db: Session, token: str) -> PasswordReset:
    return open_link(db, PasswordReset, token)


def complete_reset(db: Session, reset: PasswordReset, password: str) -> User:
    user = reset.user
    reset.used_at = now_utc()
    user.password_hash = hash_password(password)
    end_all_sessions(user)  # whoever knew the old password is out everywhere
    audit.record(
        db,
        "update",
        actor_user_id=user.id,
        subject_user_id=user.id,
        object_type="password",
        object_id=user.id,
    )
    return user


def pending_invites(db: Session, group: Group) -> list[Invite]:
    return list(
        db.scalars(
            select(Invite)
            .where(
                Invite.group_id == group.id,
                Invite.used_at.is_(None),
                Invite.expires_at > now_utc(),
            )
            .order_by(Invite.created_at)
        )
    )
