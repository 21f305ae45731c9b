"""The therapist's week: shared plans of their members to look over soon."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, contains_eager

from server import audit
from server.auth.models import User
from server.groups.models import Membership
from server.groups.services import current_on
from server.plan.models import Plan
from server.plan.together_models import PlanReview

#: On the therapist's week: shared plans to look over within this time (or overdue).
REVIEW_SOON = timedelta(days=14)


@dataclass
class DueReview:
    membership: Membership
    review_on: date


def reviews_due(db: Session, therapist: User, groups: list, today: date) -> list[DueReview]:
    """Shared plans of the members of these groups (the therapist's own) to look over
    soon: one statement, and one for the access log, whatever their number."""
    if not groups:
        return []
    rows = db.execute(
        select(Membership, PlanReview.review_on, Plan.id)
        .join(User, User.id == Membership.member_id)
        .join(Plan, Plan.member_id == Membership.member_id)
        .join(PlanReview, PlanReview.plan_id == Plan.id)
        .where(
            Membership.group_id.in_([g.id for g in groups]),
            current_on(today),
            PlanReview.shared_since.is_not(None),
            PlanReview.review_on <= today + REVIEW_SOON,
        )
        .options(contains_eager(Membership.member))
        .order_by(PlanReview.review_on, Membership.id)
    )
    due: dict[int, DueReview] = {}
    plans: dict[int, int] = {}
    for membership, review_on, plan_id in rows:
        due.setdefault(membership.member_id, DueReview(membership, review_on))
        plans[membership.member_id] = plan_id
    audit.record_reads(
        db,
        actor_user_id=therapist.id,
        object_type="plan_review",
        reads=list(plans.items()),
    )
    return list(due.values())
