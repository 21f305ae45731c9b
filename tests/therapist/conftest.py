"""The therapist's week runs on the schedule suite's Thursday and meetings."""

from server.schedule.models import Attendance
from tests.schedule.conftest import NOW, TOMORROW_0930, clock, meetings  # noqa: F401


def cancelled(db, meeting, member, reason: str = "", late: bool = False) -> None:
    """The member's "ik kan niet komen" for this meeting, at NOW."""
    db.add(
        Attendance(
            meeting_id=meeting.id,
            member_id=member.id,
            status="cancelled",
            reason=reason,
            late=late,
            cancelled_at=NOW,
        )
    )
