"""Demo homework for `kring demo`: each member of a homework group has last week's
assignment and this week's; the documented member has reflections, one shared."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from server import audit
from server.auth.models import User
from server.groups.models import Group, GroupTherapist, Membership
from server.homework.models import DONE, Assignment, Reflection
from server.schedule.models import PLANNED, Meeting

THIS_WEEK = (
    "Zet de koffiekopjes niet de avond van tevoren klaar",
    "Je merkte in de groep dat je altijd alles voor anderen regelt. Laat het deze "
    "week één ochtend los. Let op wat je voelt en hoe je huisgenoten reageren.",
)
LAST_WEEK = (
    "Zeg deze week één keer nee",
    "Kies een klein verzoek waar je normaal ja op zegt. Zeg vriendelijk nee en "
    "schrijf op wat er gebeurde.",
)


def plan(db: Session, group: Group, demo_member_email: str, now: datetime) -> None:
    if not group.homework_enabled or db.scalar(
        select(Assignment.id).where(Assignment.group_id == group.id).limit(1)
    ):
        return
    meetings = list(
        db.scalars(
            select(Meeting)
            .where(Meeting.group_id == group.id, Meeting.status == PLANNED)
            .order_by(Meeting.starts_at)
        )
    )
    previous = [m for m in meetings if m.starts_at <= now][-1:]
    upcoming = [m for m in meetings if m.starts_at > now][:1]
    if not previous or not upcoming:
        return
    therapist_id = db.scalar(
        select(GroupTherapist.therapist_id).where(GroupTherapist.group_id == group.id).limit(1)
    )
    members = db.scalars(
        select(User)
        .join(Membership, Membership.member_id == User.id)
        .where(
            Membership.group_id == group.id, Membership.joined_on <= previous[0].starts_at.date()
        )
    )
    for member in members:
        last = Assignment(
            group_id=group.id,
            member_id=member.id,
            set_by_id=therapist_id,
            title=LAST_WEEK[0],
            instructions=LAST_WEEK[1],
            due_meeting_id=previous[0].id,
            status=DONE,
            created_at=previous[0].starts_at - timedelta(days=7),
        )
        db.add(last)
        db.add(
            Assignment(
                group_id=group.id,
                member_id=member.id,
                set_by_id=therapist_id,
                title=THIS_WEEK[0],
                instructions=THIS_WEEK[1],
                due_meeting_id=upcoming[0].id,
                created_at=previous[0].ends_at,
            )
        )
        if member.email == demo_member_email:
            db.flush()
            _reflections(db, member, last, therapist_id, previous[0].starts_at)


def _reflections(
    db: Session, member: User, assignment: Assignment, therapist_id: int, meeting_at: datetime
) -> None:
    shared = Reflection(
        assignment_id=assignment.id,
        member_id=member.id,
        tried="Mijn collega vroeg of ik zijn dienst wilde overnemen. Ik zei nee.",
        happened="Hij keek verbaasd, maar zei daarna: prima, dan vraag ik het iemand anders.",
        felt="Eerst schuldig, daarna opgelucht.",
        others="Het was minder erg dan ik dacht.",
        takeaway="Nee zeggen mag. Ik wil dit vaker oefenen.",
        difficulty=7,
        shared=True,
        shared_at=meeting_at - timedelta(days=2),
        created_at=meeting_at - timedelta(days=3),
    )
    private = Reflection(
        assignment_id=assignment.id,
        member_id=member.id,
        tried="Thuis nee gezegd tegen mijn moeder.",
        felt="Dat vond ik heel moeilijk. Dit wil ik nog even voor mezelf houden.",
        difficulty=9,
        created_at=meeting_at - timedelta(days=2),
    )
    db.add_all([shared, private])
    db.flush()
    db.add(
        audit.AuditEvent(
            at=meeting_at - timedelta(days=1),
            actor_user_id=therapist_id,
            subject_user_id=member.id,
            action="read",
            object_type="reflection",
            object_id=shared.id,
        )
    )
