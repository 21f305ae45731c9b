"""The access log (NEN 7513): who touched whose data, when, from where, and the outcome.

Rows are only ever added. The columns that name people are plain numbers, not foreign
keys, so the log outlives a deleted account (healthcare logs are kept five years).
No health text goes in here: `object_type`/`object_id` point at the data instead.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Iterator
from datetime import datetime
from functools import cache

from flask import has_request_context, request
from sqlalchemy import Integer, String, insert
from sqlalchemy.orm import Mapped, Session, mapped_column

from server.db import Base, now_utc

IP_LENGTH = 45  # the longest IPv6 text, an IPv4 address inside it
ALLOWED = "allowed"
REFUSED = "refused"


class AuditEvent(Base):
    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=now_utc, index=True)
    actor_user_id: Mapped[int | None] = mapped_column(Integer)
    # A supporter has no account; their share link is the actor (see the plan feature).
    actor_share_id: Mapped[int | None] = mapped_column(Integer)
    subject_user_id: Mapped[int | None] = mapped_column(Integer, index=True)
    action: Mapped[str] = mapped_column(String(32))
    object_type: Mapped[str] = mapped_column(String(32), default="")
    object_id: Mapped[int | None] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(16), default=ALLOWED)
    ip: Mapped[str] = mapped_column(String(IP_LENGTH), default="")


def client_address() -> str:
    """The client's address, or "" when there is none that is an IP address. Behind
    KRING_PROXIES it comes from X-Forwarded-For, which a client writes itself when no
    proxy is in front: a `=HYPERLINK(...)` for whoever opens the export in a spreadsheet,
    or 60 characters that PostgreSQL refuses with a 500."""
    if not has_request_context():
        return ""
    try:
        address = str(ipaddress.ip_address(request.remote_addr or ""))
    except ValueError:
        return ""
    return address if len(address) <= IP_LENGTH else ""  # an IPv6 zone can be long


def record(
    db: Session,
    action: str,
    *,
    actor_user_id: int | None = None,
    subject_user_id: int | None = None,
    object_type: str = "",
    object_id: int | None = None,
    outcome: str = ALLOWED,
    actor_share_id: int | None = None,
) -> AuditEvent:
    event = AuditEvent(
        action=action,
        actor_user_id=actor_user_id,
        actor_share_id=actor_share_id,
        subject_user_id=subject_user_id,
        object_type=object_type,
        object_id=object_id,
        outcome=outcome,
        ip=client_address(),
    )
    db.add(event)
    return event


def record_reads(
    db: Session,
    *,
    actor_user_id: int | None,
    object_type: str,
    reads: list[tuple[int, int | None]],
    action: str = "read",
    actor_share_id: int | None = None,
) -> None:
    """One "read" row per (member, object) a page shows, in one statement whatever their
    number (a register of ten members is one INSERT, not ten). An export is the same
    with `action="export"`. A plain INSERT in the request's transaction, without the
    ORM's unit of work: on the supporter page that work at the commit held SQLite's
    write lock while the other worker waited (issue 22)."""
    if not reads:
        return
    ip = client_address()
    at = now_utc()
    db.connection().execute(
        _insert_events(),
        [
            {
                "at": at,
                "actor_user_id": actor_user_id,
                "actor_share_id": actor_share_id,
                "subject_user_id": subject,
                "action": action,
                "object_type": object_type,
                "object_id": object_id,
                "outcome": ALLOWED,
                "ip": ip,
            }
            for subject, object_id in reads
        ],
    )


@cache
def _insert_events():
    return insert(AuditEvent.__table__)


CSV_COLUMNS = (
    "id",
    "at",
    "actor_user_id",
    "actor_share_id",
    "subject_user_id",
    "action",
    "object_type",
    "object_id",
    "outcome",
    "ip",
)


def csv_rows(events: Iterable[AuditEvent]) -> Iterator[list]:
    """The header and one row per event, times in UTC to the second (for reviews)."""
    yield list(CSV_COLUMNS)
    for event in events:
        yield [
            event.at.isoformat(timespec="seconds") if name == "at" else getattr(event, name)
            for name in CSV_COLUMNS
        ]
