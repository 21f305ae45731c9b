"""What the member's plan pages show of the plan made together, as records (see
server/reads.py): "discussed on", the open suggestions and her therapists. The card was
40% of /plan/ with ORM loads (issue 22); these are three statements built once, with
the names joined in instead of loading users."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from server.auth.models import User
from server.groups.models import GroupTherapist, Membership
from server.groups.services import current_on
from server.plan.together_models import PlanReview, PlanSuggestion
from server.reads import Rows

_REVIEW = Rows(PlanReview)
_SUGGESTION = Rows(PlanSuggestion)


@dataclass
class Together:
    """What the member's plan page shows of it."""

    review: object | None  # a PlanReview record
    discussed_with_name: str | None
    suggestions: list  # PlanSuggestion records, each with its author_name
    therapists: list  # rows of (id, display_name)

    @property
    def shared(self) -> bool:
        return self.review is not None and self.review.shared_since is not None


def together_of(
    db: Session, plan_id: int, member_id: int, today: date, reviewed: tuple | None = None
) -> Together:
    """`reviewed`: (review, discussed with) when they were read with the plan
    (plan/reads.py), else they are looked up here."""
    connection = db.connection()
    if reviewed is None:
        found = connection.execute(_review_statement(), {"plan_id": plan_id}).first()
        reviewed = _REVIEW.split(found) if found else (None, None)
    review, with_name = reviewed
    return Together(
        review=review,
        discussed_with_name=with_name,
        suggestions=[_suggestion(row) for row in connection.execute(_open(), {"plan_id": plan_id})],
        therapists=therapists_of(db, member_id, today),
    )


def therapists_of(db: Session, member_id: int, today: date) -> list:
    """The therapists of the groups she is a member of today: who a shared plan is for."""
    values = {"member_id": member_id, "today": today}
    return list(db.connection().execute(_therapists(), values))  # Core: no ORM session work


def _suggestion(row):
    suggestion, author_name = _SUGGESTION.split(row)
    suggestion.author_name = author_name
    return suggestion


@cache
def _review_statement():
    return (
        select(*_REVIEW.columns, User.display_name)
        .outerjoin(User, User.id == PlanReview.discussed_with_id)
        .where(PlanReview.plan_id == bindparam("plan_id"))
    )


@cache
def _open():
    return (
        select(*_SUGGESTION.columns, User.display_name)
        .join(User, User.id == PlanSuggestion.author_id)
        .where(PlanSuggestion.plan_id == bindparam("plan_id"), PlanSuggestion.decision.is_(None))
        .order_by(PlanSuggestion.created_at, PlanSuggestion.id)
    )


@cache
def _therapists():
    return (
        select(User.id, User.display_name)
        .join(GroupTherapist, GroupTherapist.therapist_id == User.id)
        .join(Membership, Membership.group_id == GroupTherapist.group_id)
        .where(
            Membership.member_id == bindparam("member_id"),
            current_on(bindparam("today")),
            User.active.is_(True),
        )
        .distinct()
        .order_by(User.display_name, User.id)
    )
