"""The rules of homework. Privacy lives here: every query a therapist's page uses asks
for shared reflections only, and every reflection a therapist sees is logged."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from blinker import Namespace
from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, selectinload

from server import audit
from server.audit import AuditEvent
from server.auth.models import User
from server.groups.models import Group, GroupTherapist, Membership
from server.homework import reads
from server.homework.models import DONE, OPEN, PROMPTS, Assignment, Reflection
from server.schedule.models import Meeting

_signals = Namespace()
# Sent when therapists give assignments (before the commit): receivers get `assignments`.
assignment_created = _signals.signal("assignment-created")


def _current_membership(member_id, today: date):
    return and_(
        Membership.member_id == member_id,
        Membership.joined_on <= today,
        Membership.left_on.is_(None) | (Membership.left_on >= today),
    )


def homework_groups(db: Session, member: User, today: date) -> list[Group]:
    """The member's current groups that work with homework."""
    return list(
        db.scalars(
            select(Group)
            .join(Membership, Membership.group_id == Group.id)
            .where(_current_membership(member.id, today), Group.homework_enabled.is_(True))
            .order_by(Group.name)
        )
    )


EARLIER_SHOWN = timedelta(weeks=26)  # as the rooster: a page that does not grow each week


def member_assignments(
    db: Session, member: User, now: datetime, *, since: datetime | None = None
) -> tuple[list, list, bool]:
    """Current assignments (open, or due at a meeting to come), then earlier ones given
    `since` (open ones always), newest first; homework groups only. Records (reads.py),
    each with its `reflection_count`. Last, whether she has assignments made before
    `since` that are not shown. One statement; a second only when the first found
    none, since its rows carry that answer."""
    current, earlier = [], []
    assignments, older = reads.member_assignments(db, member.id, since)
    for assignment in assignments:
        (current if _is_current(assignment, now) else earlier).append(assignment)
    if since is not None and older is None:
        older = reads.has_assignments_before(db, member.id, since)
    return current, earlier, bool(older)


def _is_current(assignment: Assignment, now: datetime) -> bool:
    if assignment.due_meeting is not None:
        return assignment.due_meeting.starts_at > now
    return assignment.status == OPEN


def member_assignment(db: Session, member: User, assignment_id: int) -> Assignment | None:
    """The member's own assignment in a homework group, or None (a 404 for the view)."""
    return db.scalar(
        select(Assignment)
        .join(Group, Group.id == Assignment.group_id)
        .where(
            Assignment.id == assignment_id,
            Assignment.member_id == member.id,
            Group.homework_enabled.is_(True),
        )
        .options(selectinload(Assignment.due_meeting).selectinload(Meeting.group))
    )


def own_assignment(
    db: Session,
    member: User,
    group: Group,
    title: str,
    instructions: str,
    due_meeting: Meeting | None,
) -> Assignment:
    """An assignment the member agreed in the group and writes down themselves."""
    assignment = Assignment(
        group_id=group.id,
        member_id=member.id,
        set_by_id=member.id,
        title=title.strip(),
        instructions=instructions,
        due_meeting=due_meeting,
    )
    db.add(assignment)
    return assignment


def set_done(assignment: Assignment, done: bool) -> None:
    assignment.status = DONE if done else OPEN


def own_reflections(db: Session, member: User, assignment: Assignment) -> list[Reflection]:
    return list(
        db.scalars(
            select(Reflection)
            .where(Reflection.assignment_id == assignment.id, Reflection.member_id == member.id)
            .order_by(Reflection.created_at.desc(), Reflection.id.desc())
        )
    )


def own_reflection(db: Session, member: User, reflection_id: int) -> Reflection | None:
    reflection = db.get(Reflection, reflection_id)
    if reflection is None or reflection.member_id != member.id:
        return None
    return reflection


def write_reflection(
    db: Session,
    member: User,
    assignment: Assignment,
    texts: dict,
    difficulty: int | None,
    shared: bool,
    now: datetime,
    reflection: Reflection | None = None,
) -> Reflection:
    """A new reflection, or changes to one; texts are stored exactly as typed."""
    if reflection is None:
        reflection = Reflection(assignment_id=assignment.id, member_id=member.id)
        db.add(reflection)
    for prompt in PROMPTS:
        setattr(reflection, prompt, texts.get(prompt) or "")
    reflection.difficulty = difficulty
    share(reflection, shared, now)
    return reflection


def share(reflection: Reflection, shared: bool, now: datetime) -> None:
    if shared and not reflection.shared:
        reflection.shared_at = now
    reflection.shared = shared


@dataclass
class Read:
    reader: str
    at: datetime


def reads_of(db: Session, member: User, reflections: list[Reflection]) -> dict[int, list[Read]]:
    """When which therapist read each of the member's reflections (from the access log)."""
    ids = [r.id for r in reflections]
    if not ids:
        return {}
    rows = db.execute(
        select(AuditEvent.object_id, User.display_name, AuditEvent.at)
        .join(User, User.id == AuditEvent.actor_user_id)
        .where(
            AuditEvent.object_type == "reflection",
            AuditEvent.object_id.in_(ids),
            AuditEvent.subject_user_id == member.id,
            AuditEvent.action == "read",
        )
        .order_by(AuditEvent.at.desc())
    )
    reads: dict[int, list[Read]] = {}
    for reflection_id, name, at in rows:  # newest first: keep each reader's latest read
        seen = reads.setdefault(reflection_id, [])
        if all(read.reader != name for read in seen):
            seen.append(Read(name, at))
    return reads


# Therapists


def assignment_led_by(db: Session, therapist: User, assignment_id: int) -> Assignment | None:
    return db.scalar(
        select(Assignment)
        .join(GroupTherapist, GroupTherapist.group_id == Assignment.group_id)
        .where(Assignment.id == assignment_id, GroupTherapist.therapist_id == therapist.id)
        .options(selectinload(Assignment.member), selectinload(Assignment.group))
    )


def assign(
    db: Session,
    therapist: User,
    group: Group,
    members: list[User],
    title: str,
    instructions: str,
    due_meeting: Meeting | None,
) -> list[Assignment]:
    """The same assignment for each chosen member: each gets a personal copy."""
    made = [
        Assignment(
            group_id=group.id,
            member_id=member.id,
            set_by_id=therapist.id,
            title=title.strip(),
            instructions=instructions,
            due_meeting=due_meeting,
        )
        for member in members
    ]
    db.add_all(made)
    assignment_created.send(db, assignments=made)
    return made


@dataclass
class GroupHomework:
    assignments: list[Assignment]
    shared: dict[int, int] = field(default_factory=dict)  # assignment id -> shared count


def group_homework(db: Session, group: Group, limit: int = 60) -> GroupHomework:
    """The group's assignments, newest first, each with the number of SHARED reflections.
    Private reflections are not counted: even their number is the member's business."""
    assignments = list(
        db.scalars(
            select(Assignment)
            .where(Assignment.group_id == group.id)
            .order_by(Assignment.created_at.desc(), Assignment.id.desc())
            .limit(limit)
            .options(
                selectinload(Assignment.member),
                selectinload(Assignment.due_meeting).selectinload(Meeting.group),
            )
        )
    )
    counts = db.execute(
        select(Reflection.assignment_id, func.count())
        .where(
            Reflection.assignment_id.in_([a.id for a in assignments]), Reflection.shared.is_(True)
        )
        .group_by(Reflection.assignment_id)
    )
    return GroupHomework(assignments, {a_id: n for a_id, n in counts})


def shared_reflections(db: Session, therapist: User, assignment: Assignment) -> list[Reflection]:
    """The shared reflections on an assignment; each one shown is logged as read."""
    reflections = list(
        db.scalars(
            select(Reflection)
            .where(Reflection.assignment_id == assignment.id, Reflection.shared.is_(True))
            .order_by(Reflection.created_at)
        )
    )
    audit.record_reads(
        db,
        actor_user_id=therapist.id,
        object_type="reflection",
        reads=[(r.member_id, r.id) for r in reflections],
    )
    return reflections


def shared_since(db: Session, group: Group, since: datetime | None) -> dict[int, int]:
    """Per member: how many reflections they shared since `since` (the last meeting)."""
    query = (
        select(Reflection.member_id, func.count())
        .join(Assignment, Assignment.id == Reflection.assignment_id)
        .where(Assignment.group_id == group.id, Reflection.shared.is_(True))
        .group_by(Reflection.member_id)
    )
    if since is not None:
        query = query.where(Reflection.shared_at >= since)
    return {member_id: n for member_id, n in db.execute(query)}
