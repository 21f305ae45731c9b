from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from server.db import Base, now_utc

# Kinds of notice; each one a member can switch off (a test message she asks for herself).
MEETING_REMINDER = "meeting_reminder"  # the day before, at the meeting's own clock time
MEETING_SOON = "meeting_soon"  # two hours before
MEETING_CHANGED = "meeting_changed"  # time or place changed, cancelled, or on again
NEW_HOMEWORK = "new_homework"
REFLECTION_REMINDER = "reflection_reminder"  # the evening before, if not written yet
TEST = "test"
# A message from the therapists to the group: it follows her choice for changes, the
# other thing the therapists send her.
ANNOUNCEMENT = "announcement"
# Time to look over the plan, a week before the date set for it (push only).
PLAN_REVIEW = "plan_review"
KINDS = (MEETING_REMINDER, MEETING_SOON, MEETING_CHANGED, NEW_HOMEWORK, REFLECTION_REMINDER)

# The ways a notice reaches a member: each is its own row in the log, sent once.
PUSH = "push"
EMAIL = "email"

# When a kind of notice also goes by e-mail (a member's choice per kind).
EMAIL_NEVER = "never"
EMAIL_NO_DEVICE = "no_device"  # only while no device of hers gets notifications
EMAIL_ALWAYS = "always"
EMAIL_CHOICES = (EMAIL_NEVER, EMAIL_NO_DEVICE, EMAIL_ALWAYS)

# A notice's life in the log: waiting (the outbox, or quiet hours), claimed by one sender,
# then sent, skipped (no longer relevant, or no device left) or failed for good.
PENDING = "pending"
CLAIMED = "claimed"
SENT = "sent"
SKIPPED = "skipped"
FAILED = "failed"


class PushSubscription(Base):
    """One device of a member (a browser's push subscription). The endpoint is unique: a
    phone that subscribes again replaces its own row instead of adding one."""

    __tablename__ = "push_subscription"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    endpoint: Mapped[str] = mapped_column(String(1000), unique=True)
    p256dh: Mapped[str] = mapped_column(String(120))
    auth: Mapped[str] = mapped_column(String(40))
    # "Chrome · Android": enough for the member to tell her devices apart, nothing more.
    label: Mapped[str] = mapped_column(String(60), default="")
    created_at: Mapped[datetime] = mapped_column(default=now_utc)


class NotificationPreference(Base):
    """A member's choices; without a row the defaults below apply."""

    __tablename__ = "notification_preference"

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), primary_key=True)
    meeting_reminder: Mapped[bool] = mapped_column(Boolean, default=True)
    meeting_soon: Mapped[bool] = mapped_column(Boolean, default=False)
    meeting_changed: Mapped[bool] = mapped_column(Boolean, default=True)
    new_homework: Mapped[bool] = mapped_column(Boolean, default=True)
    reflection_reminder: Mapped[bool] = mapped_column(Boolean, default=True)
    # By e-mail as well (EMAIL_CHOICES): a change reaches her without a device too.
    meeting_reminder_email: Mapped[str] = mapped_column(String(12), default=EMAIL_NEVER)
    meeting_soon_email: Mapped[str] = mapped_column(String(12), default=EMAIL_NEVER)
    meeting_changed_email: Mapped[str] = mapped_column(String(12), default=EMAIL_NO_DEVICE)
    new_homework_email: Mapped[str] = mapped_column(String(12), default=EMAIL_NEVER)
    reflection_reminder_email: Mapped[str] = mapped_column(String(12), default=EMAIL_NEVER)
    quiet_hours: Mapped[bool] = mapped_column(Boolean, default=True)
    # Whole hours, Europe/Amsterdam wall-clock time.
    quiet_start: Mapped[int] = mapped_column(Integer, default=22)
    quiet_end: Mapped[int] = mapped_column(Integer, default=8)
    updated_at: Mapped[datetime] = mapped_column(default=now_utc, onupdate=now_utc)


class NotificationLog(Base):
    """Every notice, one row per (member, kind, subject, channel): the unique key is what makes
    `kring send-reminders` send each notice once, however often and on however many
    machines it runs. A row is the outbox entry first and the delivery record after.

    `subject` names what the notice is about ("meeting:12:202611270830"), never its text:
    the words are made when it is sent, in the member's language."""

    __tablename__ = "notification_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    kind: Mapped[str] = mapped_column(String(24))
    subject: Mapped[str] = mapped_column(String(80))
    channel: Mapped[str] = mapped_column(String(8), default=PUSH)
    status: Mapped[str] = mapped_column(String(12), default=PENDING)
    # Not before this moment (quiet hours move it), and pointless after the other.
    due_at: Mapped[datetime]
    useful_until: Mapped[datetime | None]
    # A sender owns a claimed row until its claim goes stale (a crashed run).
    claim_token: Mapped[str | None] = mapped_column(String(32))
    claimed_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    __table_args__ = (
        UniqueConstraint("user_id", "kind", "subject", "channel"),
        # The sender asks "what is waiting and due": a small index over the open rows
        # only, however long the log of sent notices grows.
        Index(
            "ix_notification_log_open_due_at",
            "due_at",
            postgresql_where=text("status IN ('pending', 'claimed')"),
            sqlite_where=text("status IN ('pending', 'claimed')"),
        ),
    )
