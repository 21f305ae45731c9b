"""A member's notification choices, with the defaults for whoever never changed them."""

from __future__ import annotations

from dataclasses import dataclass, fields

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.auth.models import User
from server.db import now_utc, upsert
from server.push.models import (
    ANNOUNCEMENT,
    EMAIL,
    EMAIL_ALWAYS,
    EMAIL_NEVER,
    EMAIL_NO_DEVICE,
    KINDS,
    PUSH,
    NotificationPreference,
)
from server.push.timing import Quiet


@dataclass(frozen=True)
class Preferences:
    meeting_reminder: bool = True
    meeting_soon: bool = False
    meeting_changed: bool = True
    new_homework: bool = True
    reflection_reminder: bool = True
    meeting_reminder_email: str = EMAIL_NEVER
    meeting_soon_email: str = EMAIL_NEVER
    meeting_changed_email: str = EMAIL_NO_DEVICE
    new_homework_email: str = EMAIL_NEVER
    reflection_reminder_email: str = EMAIL_NEVER
    quiet_hours: bool = True
    quiet_start: int = 22
    quiet_end: int = 8

    @classmethod
    def of(cls, row: NotificationPreference | None) -> Preferences:
        if row is None:
            return cls()
        return cls(**{f.name: getattr(row, f.name) for f in fields(cls)})

    def wants(self, kind: str) -> bool:
        if kind == ANNOUNCEMENT:
            return self.meeting_changed
        return getattr(self, kind) if kind in KINDS else True

    def wants_email(self, kind: str) -> bool:
        """Still wanted when it is sent (she may have stopped these e-mails since)."""
        return kind in KINDS and getattr(self, f"{kind}_email") != EMAIL_NEVER

    def channels(self, kind: str, has_device: bool) -> set[str]:
        """How a notice of this kind reaches her now."""
        ways = {PUSH} if has_device and self.wants(kind) else set()
        email = getattr(self, f"{kind}_email", EMAIL_NEVER)
        if email == EMAIL_ALWAYS or (email == EMAIL_NO_DEVICE and not has_device):
            ways.add(EMAIL)
        return ways

    @property
    def quiet(self) -> Quiet | None:
        return Quiet(self.quiet_start, self.quiet_end) if self.quiet_hours else None


def preferences(db: Session, user: User) -> Preferences:
    return Preferences.of(db.get(NotificationPreference, user.id))


def preferences_of(db: Session, user_ids: set[int]) -> dict[int, Preferences]:
    rows = db.scalars(
        select(NotificationPreference).where(NotificationPreference.user_id.in_(user_ids))
    )
    stored = {row.user_id: Preferences.of(row) for row in rows}
    return {user_id: stored.get(user_id, Preferences()) for user_id in user_ids}


def save_preferences(db: Session, user: User, choices: Preferences) -> None:
    values = {f.name: getattr(choices, f.name) for f in fields(Preferences)}
    values["updated_at"] = now_utc()
    upsert(db, NotificationPreference, {"user_id": user.id, **values}, ["user_id"], values)
