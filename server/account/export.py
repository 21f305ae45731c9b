"""The member's own data as one document (GDPR art. 15 and 20): everything Kring keeps
about her, with the words she knows instead of codes."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from server.account.services import access_log
from server.auth.models import User
from server.groups.models import Group, Membership
from server.homework.models import Assignment, Reflection
from server.journey.models import Evaluation, Goal
from server.plan.models import (
    PROFESSIONAL,
    SUPPORT,
    Plan,
    PlanItem,
    PlanShare,
    SupportContact,
)
from server.plan.together_models import PlanReview, PlanSuggestion
from server.push.models import PushSubscription
from server.schedule.models import Attendance, Meeting


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
    review = db.get(PlanReview, plan.id)
    suggestions = db.scalars(
        select(PlanSuggestion).where(PlanSuggestion.plan_id == plan.id).order_by(PlanSuggestion.id)
    ).all()
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
        "shared_with_therapists_since": review.shared_since if review else None,
        "discussed_on": review.discussed_on if review else None,
        "look_over_before": review.review_on if review else None,
        "suggestions": [
            {"section": s.section, "text": s.text, "at": s.created_at, "decision": s.decision}
            for s in suggestions
        ],
    }
