from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.db import Base, now_utc

PHASES = ("green", "yellow", "orange", "red")


class Plan(Base):
    """One per member. `version` rises with every save: a save based on an older version
    is refused (two devices), and each version is kept as a snapshot to restore."""

    __tablename__ = "plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("user.id"), unique=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    phases_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    optional_sections: Mapped[list[str]] = mapped_column(JSON, default=list)
    # What the member put on her crisis card (card.PARTS); None: the default choice.
    card_parts: Mapped[list[str] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(default=now_utc)

    items: Mapped[list[PlanItem]] = relationship(
        order_by="PlanItem.position", back_populates="plan"
    )
    contacts: Mapped[list[SupportContact]] = relationship(
        order_by="SupportContact.position", back_populates="plan"
    )


class PlanItem(Base):
    __tablename__ = "plan_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id"), index=True)
    section: Mapped[str] = mapped_column(String(32))
    phase: Mapped[str | None] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)
    # Deleting hides the item; "ongedaan maken" brings it back.
    deleted_at: Mapped[datetime | None]

    plan: Mapped[Plan] = relationship(back_populates="items")


SUPPORT = "support"
PROFESSIONAL = "professional"


class SupportContact(Base):
    """Someone in the member's safety net, and what they can do: a support person, or a
    professional (GP, out-of-hours GP service, ...) with a `role` from professionals.ROLES."""

    __tablename__ = "support_contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    relation: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    can_do: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(16), default=SUPPORT)
    role: Mapped[str] = mapped_column(String(32), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    deleted_at: Mapped[datetime | None]

    plan: Mapped[Plan] = relationship(back_populates="contacts")


class PlanVersion(Base):
    """The whole plan as it was after one save, for viewing and restoring."""

    __tablename__ = "plan_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    snapshot: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=now_utc)


class PlanShare(Base):
    """A read-only link for one supporter. Only the token's hash is kept."""

    __tablename__ = "plan_share"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id"), index=True)
    supporter_name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    sections: Mapped[list[str]] = mapped_column(JSON)
    expires_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    # Only these phases' lines of the phased sections; None: every phase.
    phases: Mapped[list[str] | None] = mapped_column(JSON)
    # The plan's version at the last opening: the next one marks what changed since.
    seen_version: Mapped[int | None]
    # The optional e-mail when the plan changes (see server/plan/share_mail.py).
    notify_email: Mapped[str | None] = mapped_column(String(254))
    # The link's one-time action key, kept only while e-mail is on: the mail needs the
    # link again, and the token is derived from this key and the server's SECRET_KEY
    # (shares.derived_token), so the database alone does not give the link away.
    action_key: Mapped[str | None] = mapped_column(String(64))
    notified_version: Mapped[int | None]  # the version the last e-mail (or the link) told of
    mailed_at: Mapped[datetime | None]
    mail_stopped_at: Mapped[datetime | None]  # the supporter stopped the e-mails


class ShareView(Base):
    __tablename__ = "share_view"

    id: Mapped[int] = mapped_column(primary_key=True)
    share_id: Mapped[int] = mapped_column(ForeignKey("plan_share.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=now_utc)
