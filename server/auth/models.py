from __future__ import annotations

from datetime import date, datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.db import Base, now_utc
from server.groups.models import Group

MEMBER = "member"
THERAPIST = "therapist"


class User(UserMixin, Base):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased, so the unique constraint is case-insensitive on every database.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    display_name: Mapped[str] = mapped_column(String(80))
    role: Mapped[str] = mapped_column(String(16), default=MEMBER)
    # Therapists belong to one practice; members belong to groups through memberships.
    practice_id: Mapped[int | None] = mapped_column(ForeignKey("practice.id"), index=True)
    # The practice admin's right (praktijkbeheerder): a staff account of the practice,
    # with or without groups of its own.
    practice_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    locale: Mapped[str] = mapped_column(String(8), default="nl")
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    # The last 30-second TOTP step used: each code signs in once.
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Part of the id Flask-Login keeps in the cookies: raising it ends every session.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    # A deleted account keeps only this row, emptied, so group counts stay right.
    deleted_at: Mapped[datetime | None]

    # Set by the sign-in loader (see auth.services): is the member in a homework group?
    has_homework = False

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_therapist(self) -> bool:
        return self.role == THERAPIST

    @property
    def name(self) -> str:
        """The name therapists see; a deleted account shows as "verwijderd lid"."""
        if self.deleted_at is not None:
            from flask_babel import gettext as _

            return _("deleted member")
        return self.display_name

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"


class Invite(Base):
    """A single-use invitation into one group. Only the hash of the link's token is kept."""

    __tablename__ = "invite"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(254))
    group_id: Mapped[int] = mapped_column(ForeignKey("group.id"), index=True)
    invited_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    joins_on: Mapped[date] = mapped_column(Date)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    group: Mapped[Group] = relationship()


class PasswordReset(Base):
    __tablename__ = "password_reset"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    user: Mapped[User] = relationship()


class RecoveryCode(Base):
    """One of ten single-use codes for when the phone with the authenticator is lost."""

    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None]
