"""The attendance export for billing: one row per meeting per member, with the number
present at that meeting (the fee of a group session depends on it, seed 002), and per
member the meetings attended against her minimum (seed 001).

The file is for Dutch Excel and LibreOffice: `;` between cells, UTF-8 with a byte order
mark (without it Excel reads UTF-8 as Windows-1252), dates as dd-mm-jjjj, and every cell
that a spreadsheet would run as a formula neutralised."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session, contains_eager

from server import audit
from server.groups.models import Group, Membership
from server.schedule.models import (
    ABSENT,
    ATTENDANCE_CANCELLED,
    PLANNED,
    PRESENT,
    Attendance,
    Meeting,
)
from server.schedule.services import local_date
from server.spreadsheet import neutralise
from server.therapist.attendance import LATE_CANCELLED, NOT_REGISTERED, status_of

DATE_FORMAT = "%d-%m-%Y"
BOM = "\ufeff"


@dataclass
class MeetingRow:
    day: date
    group: str
    member: str
    status: str
    present: int  # members present at this meeting


@dataclass
class MemberSummary:
    group: str
    member: str
    attended: int  # in the period
    attended_total: int  # since she joined
    minimum: int | None


@dataclass
class AttendanceExport:
    start: date
    end: date
    rows: list[MeetingRow]
    summary: list[MemberSummary]
    member_groups: set[tuple[int, int]]  # (member, group) in the export: for the access log


def practice_groups(db: Session, practice_id: int) -> list[Group]:
    """Every group of the practice, ended ones too: billing looks back."""
    return list(
        db.scalars(select(Group).where(Group.practice_id == practice_id).order_by(Group.name))
    )


def collect(db: Session, groups: list[Group], start: date, end: date, now: datetime):
    """The export's rows: meetings that took place from `start` to `end` (inclusive, in
    each group's zone, up to now). A fixed number of statements."""
    by_id = {g.id: g for g in groups}
    # A day's margin on each side: the dates are decided in each group's own zone below.
    since = datetime.combine(start - timedelta(days=1), datetime.min.time(), tzinfo=now.tzinfo)
    until = datetime.combine(end + timedelta(days=2), datetime.min.time(), tzinfo=now.tzinfo)
    meetings = [
        m
        for m in db.scalars(
            select(Meeting)
            .where(
                Meeting.group_id.in_(by_id),
                Meeting.status == PLANNED,
                Meeting.starts_at >= since,
                Meeting.starts_at < min(until, now),
            )
            .order_by(Meeting.starts_at, Meeting.id)
        )
        if start <= local_date(m.starts_at, by_id[m.group_id]) <= end
    ]
    memberships = list(
        db.scalars(
            select(Membership)
            .join(Membership.member)
            .options(contains_eager(Membership.member))
            .where(Membership.group_id.in_(by_id))
            .order_by(Membership.joined_on, Membership.id)
        )
    )
    attendance = {
        (a.meeting_id, a.member_id): a
        for a in db.scalars(
            select(Attendance).where(Attendance.meeting_id.in_([m.id for m in meetings]))
        )
    }
    totals = _attended_total(db, list(by_id))
    present = Counter(m_id for (m_id, _member), a in attendance.items() if a.status == PRESENT)
    rows, attended, seen = [], Counter(), {}
    for meeting in meetings:
        group = by_id[meeting.group_id]
        day = local_date(meeting.starts_at, group)
        for membership in memberships:
            if membership.group_id != group.id or not membership.is_current(day):
                continue
            status = status_of(attendance.get((meeting.id, membership.member_id)))
            rows.append(
                MeetingRow(day, group.name, membership.member.name, status, present[meeting.id])
            )
            key = (membership.member_id, group.id)
            seen[key] = membership
            attended[key] += status == PRESENT
    summary = [
        MemberSummary(
            by_id[group_id].name,
            membership.member.name,
            attended[(member_id, group_id)],
            totals.get((member_id, group_id), 0),
            membership.min_sessions,
        )
        for (member_id, group_id), membership in seen.items()
    ]
    summary.sort(key=lambda s: (s.group, s.member))
    return AttendanceExport(start, end, rows, summary, set(seen))


def _attended_total(db: Session, group_ids: list[int]) -> dict[tuple[int, int], int]:
    rows = db.execute(
        select(Attendance.member_id, Meeting.group_id, func.count())
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(
            Meeting.group_id.in_(group_ids),
            Meeting.status == PLANNED,
            Attendance.status == PRESENT,
        )
        .group_by(Attendance.member_id, Meeting.group_id)
    )
    return {(member_id, group_id): n for member_id, group_id, n in rows}


def log_export(db: Session, export: AttendanceExport, actor_id: int | None) -> None:
    """One "export" row per member and group in the file (NEN 7513)."""
    audit.record_reads(
        db,
        actor_user_id=actor_id,
        object_type="attendance",
        reads=sorted(export.member_groups),
        action="export",
    )


def status_label(status: str) -> str:
    return {
        PRESENT: _("present"),
        ABSENT: _("absent"),
        ATTENDANCE_CANCELLED: _("cancelled"),
        LATE_CANCELLED: _("cancelled late"),
        NOT_REGISTERED: _("not filled in"),
    }[status]


def to_csv(export: AttendanceExport) -> str:
    output = io.StringIO()
    writer = csv.writer(output, delimiter=";", lineterminator="\r\n")
    cells = [
        [_("Date"), _("Group"), _("Member"), _("Status"), _("Present at this meeting")],
        *(
            [r.day.strftime(DATE_FORMAT), r.group, r.member, status_label(r.status), r.present]
            for r in export.rows
        ),
        [],
        [
            _("Group"),
            _("Member"),
            _("Attended %(start)s to %(end)s", start=_day(export.start), end=_day(export.end)),
            _("Attended in total"),
            _("Minimum"),
        ],
        *(
            [s.group, s.member, s.attended, s.attended_total, s.minimum or ""]
            for s in export.summary
        ),
    ]
    for row in cells:
        writer.writerow([neutralise(cell) for cell in row])
    return BOM + output.getvalue()


def _day(day: date) -> str:
    return day.strftime(DATE_FORMAT)


def file_name(export: AttendanceExport) -> str:
    return f"aanwezigheid-{export.start:%Y%m%d}-{export.end:%Y%m%d}.csv"
