"""Demo notification choices for `kring demo`: the documented member also wants a nudge
two hours before her group. Devices cannot be made up: a phone subscribes itself."""

from __future__ import annotations

from sqlalchemy.orm import Session

from server.auth.models import User
from server.push.models import NotificationPreference
from server.push.preferences import Preferences, save_preferences


def plan(db: Session, member: User) -> None:
    if db.get(NotificationPreference, member.id) is None:
        save_preferences(db, member, Preferences(meeting_soon=True))
