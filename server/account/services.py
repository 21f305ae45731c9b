"""Access log for the member, GDPR export and account deletion."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session, aliased, selectinload

from server import audit
from server.announcements.models import AnnouncementDismissal
from server.audit import AuditEvent
from server.auth.models import Invite, PasswordReset, RecoveryCode, User
from server.groups.models import Group, Membership
from server.homework.models import Assignment, Reflection
from server.journey.models import Evaluation, Goal, GoalNote, MemberPhase
from server.plan.models import (
    PROFESSIONAL,
    SUPPORT,
    Plan,
    PlanItem,
    PlanShare,
    PlanVersion,
    ShareView,
    SupportContact,
)
from server.push.models import NotificationLog, NotificationPreference, PushSubscription
from server.schedule.models import Attendance, CalendarFeed, Meeting, MeetingSeen
from server.security import hash_password

WHAT = {
    ("read", "reflection"): _l("read a reflection you shared"),
    ("read", "attendance"): _l("looked at the register with your attendance"),
    ("read", "attendance_summary"): _l("looked at your attendance in the group"),
    ("read", "plan"): _l("opened your plan"),
    ("update", "attendance"): _l("filled in the register"),
    ("update", "membership"): _l("changed your membership dates"),
    ("read", "goal_note"): _l("read a note on your goal that you shared"),
    ("read", "goal"): _l("looked at your goals"),
    ("create", "goal"): _l("proposed a goal for you"),
    ("update", "goal"): _l("reworded one of your goals"),
    ("update", "phase"): _l("set your phase"),
    ("update", "assignment"): _l("changed your assignment"),
    ("read", "evaluation"): _l("read the evaluation you shared"),
    ("read", "reflection_notice"): _l("saw that you shared a reflection"),
    ("read", "evaluation_notice"): _l("saw that you shared your evaluation"),
    ("read", "attendance_history"): _l("looked at your attendance history"),
    ("export", "attendance"): _l("exported your attendance for the billing"),
}


@dataclass
class Access:
    at: datetime
    who: str
    what: str


def access_log(db: Session, member: User, limit: int = 200) -> list[Access]:
    """Every access by someone else to the member's data, newest first (NEN 7513)."""
    actor = aliased(User)
    rows = db.execute(
        select(AuditEvent, actor.display_name, actor.deleted_at, PlanShare.supporter_name)
        .outerjoin(actor, actor.id == AuditEvent.actor_user_id)
        .outerjoin(PlanShare, PlanShare.id == AuditEvent.actor_share_id)
        .where(
            AuditEvent.subject_user_id == member.id,
            or_(AuditEvent.actor_user_id.is_(None), AuditEvent.actor_user_id != member.id),
            AuditEvent.outcome == audit.ALLOWED,
        )
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(limit)
    )
    result = []
    for event, name, deleted, supporter in rows:
        if supporter is not None:
            who = _l("Link for %(name)s", name=supporter)
        elif name is not None and deleted is None:
            who = name
        else:
            who = _l("someone who no longer has an account")
        what = WHAT.get((event.action, event.object_type), _l("looked at your data"))
        result.append(Access(event.at, str(who), str(what)))
    return result


def export_data(db: Session, member: User) -> dict:
    """Everything Kring holds about the member, in one structure (GDPR art. 15 and 20)."""
    memberships = db.execute(
        select(Membership, Group.name)
        .join(Group, Group.id == Membership.group_id)
        .where(Membership.member_id == member.id)
    ).all()
    attendance = db.execute(
        select(Attendance, Meeting.starts_at)
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(Attendance.member_id == member.id)
        .order_by(Meeting.starts_at)
    ).all()
    assignments = db.scalars(
        select(Assignment).where(Assignment.member_id == member.id).order_by(Assignment.created_at)
    ).all()
    reflections = db.scalars(
        select(Reflection).where(Reflection.member_id == member.id).order_by(Reflection.created_at)
    ).all()
    plan = db.scalar(select(Plan).where(Plan.member_id == member.id))
    return {
        "account": {
            "email": member.email,
            "name": member.display_name,
            "language": member.locale,
            "created_at": member.created_at,
            "second_factor": member.totp_secret is not None,
        },
        "groups": [
            {"group": name, "joined_on": m.joined_on, "left_on": m.left_on}
            for m, name in memberships
        ],
        "attendance": [
            {
                "meeting": starts,
                "status": a.status,
                "reason": a.reason,
                "late": a.late,
                "force_majeure": a.force_majeure,
            }
            for a, starts in attendance
        ],
        "assignments": [
            {
                "id": a.id,
                "title": a.title,
                "instructions": a.instructions,
                "status": a.status,
                "created_at": a.created_at,
            }
            for a in assignments
        ],
        "reflections": [
            {
                "assignment_id": r.assignment_id,
                "tried": r.tried,
                "happened": r.happened,
                "felt": r.felt,
                "others": r.others,
                "takeaway": r.takeaway,
                "difficulty": r.difficulty,
                "shared": r.shared,
                "created_at": r.created_at,
            }
            for r in reflections
        ],
        "plan": _plan_export(db, plan),
        "goals": [
            {
                "text": g.text,
                "agreed": g.confirmed_at is not None,
                "notes": [
                    {"at": n.created_at, "text": n.text, "rating": n.rating, "shared": n.shared}
                    for n in g.notes
                ],
            }
            for g in db.scalars(
                select(Goal).where(Goal.member_id == member.id).options(selectinload(Goal.notes))
            )
        ],
        "evaluations": [
            {
                "brought": e.brought,
                "sticks": e.sticks,
                "grow": e.grow,
                "take_away": e.take_away,
                "shared": e.shared,
            }
            for e in db.scalars(select(Evaluation).where(Evaluation.member_id == member.id))
        ],
        "notification_devices": [
            {"device": d.label, "since": d.created_at}
            for d in db.scalars(
                select(PushSubscription).where(PushSubscription.user_id == member.id)
            )
        ],
        "access_log": [
            {"at": a.at, "who": a.who, "what": a.what} for a in access_log(db, member, limit=10_000)
        ],
    }


def _plan_export(db: Session, plan: Plan | None) -> dict | None:
    if plan is None:
        return None
    items = db.scalars(
        select(PlanItem)
        .where(PlanItem.plan_id == plan.id, PlanItem.deleted_at.is_(None))
        .order_by(PlanItem.section, PlanItem.position)
    ).all()
    contacts = db.scalars(
        select(SupportContact)
        .where(SupportContact.plan_id == plan.id, SupportContact.deleted_at.is_(None))
        .order_by(SupportContact.position)
    ).all()
    shares = db.scalars(select(PlanShare).where(PlanShare.plan_id == plan.id)).all()
    return {
        "phases": plan.phases_enabled,
        "updated_at": plan.updated_at,
        "items": [{"section": i.section, "phase": i.phase, "text": i.text} for i in items],
        "support_people": [
            {
                "name": c.name,
                "relation": c.relation,
                "phone": c.phone,
                "email": c.email,
                "can_do": c.can_do,
            }
            for c in contacts
            if c.kind == SUPPORT
        ],
        "professionals": [
            {"name": c.name, "role": c.role, "phone": c.phone}
            for c in contacts
            if c.kind == PROFESSIONAL
        ],
        "crisis_card": plan.card_parts,
        "links": [
            {
                "for": s.supporter_name,
                "sections": s.sections,
                "phases": s.phases,  # None: every phase
                "email_on_change": s.notify_email,
                "created_at": s.created_at,
                "expires_at": s.expires_at,
                "stopped_at": s.revoked_at,
            }
            for s in shares
        ],
    }


def delete_account(db: Session, member: User, today: date, now: datetime) -> None:
    """Texts, plan, links, feeds and her phase go; attendance stays, without the reason, so the
    group's counts stay right; therapists then see "verwijderd lid"."""
    db.execute(delete(Reflection).where(Reflection.member_id == member.id))
    db.execute(delete(GoalNote).where(GoalNote.member_id == member.id))
    db.execute(delete(Goal).where(Goal.member_id == member.id))
    db.execute(delete(Evaluation).where(Evaluation.member_id == member.id))
    # Where she was in the programme says something about her; the membership itself
    # stays for the group's counts.
    memberships = select(Membership.id).where(Membership.member_id == member.id)
    db.execute(delete(MemberPhase).where(MemberPhase.membership_id.in_(memberships)))
    db.execute(delete(Assignment).where(Assignment.member_id == member.id))
    plan_ids = select(Plan.id).where(Plan.member_id == member.id)
    share_ids = select(PlanShare.id).where(PlanShare.plan_id.in_(plan_ids))
    db.execute(delete(ShareView).where(ShareView.share_id.in_(share_ids)))
    for model in (PlanShare, PlanVersion, PlanItem, SupportContact):
        db.execute(delete(model).where(model.plan_id.in_(plan_ids)))
    db.execute(delete(Plan).where(Plan.member_id == member.id))
    for model in (CalendarFeed, MeetingSeen, AnnouncementDismissal):
        db.execute(delete(model).where(model.member_id == member.id))
    push = (PushSubscription, NotificationPreference, NotificationLog)
    for model in (RecoveryCode, PasswordReset, *push):
        db.execute(delete(model).where(model.user_id == member.id))
    db.execute(delete(Invite).where(Invite.email == member.email))
    db.execute(update(Attendance).where(Attendance.member_id == member.id).values(reason=""))
    db.execute(
        update(Membership)
        .where(Membership.member_id == member.id, Membership.left_on.is_(None))
        .values(left_on=today)
    )
    member.email = f"deleted-{member.id}@deleted.invalid"
    member.display_name = ""
    member.password_hash = hash_password(secrets.token_hex(32))
    member.totp_secret = None
    member.active = False
    member.deleted_at = now
    member.session_version += 1
    audit.record(
        db,
        "delete",
        actor_user_id=member.id,
        subject_user_id=member.id,
        object_type="account",
        object_id=member.id,
    )
