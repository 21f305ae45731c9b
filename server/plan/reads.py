"""The plan as records (server/reads.py) for the pages that only show it: her reading
view and a supporter's page. Three statements, each built once with bind parameters:
the plan with her practice and the review made together (single rows, joined: as
statements of their own they were two of /plan/'s eight round trips to PostgreSQL),
then its lines and its contacts. Changing the plan loads ORM objects as before."""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from server.auth.models import User
from server.groups.models import Practice
from server.plan.models import Plan, PlanItem, SupportContact
from server.plan.professionals import practice_id_of
from server.plan.together_models import PlanReview
from server.reads import Rows

_PLAN = Rows(Plan, Practice, PlanReview)
_ITEMS = Rows(PlanItem)
_CONTACTS = Rows(SupportContact)


class PlanToShow(NamedTuple):
    plan: object  # a Plan record, with its items and contacts
    practice: object | None  # her practice (professionals.practice_of), a record
    reviewed: tuple  # (the PlanReview record or None, who it was discussed with or None)


def plan_to_show(db: Session, member_id: int) -> PlanToShow | None:
    """Her plan with its lines and contacts (deleted ones too, as on the model, for
    `layout`), her practice and the review; None when she has no plan yet."""
    connection = db.connection()
    row = connection.execute(_plan_statement(), {"member_id": member_id}).first()
    if row is None:
        return None
    plan, practice, review, discussed_with_name = _PLAN.split(row)
    of_plan = {"plan_id": plan.id}
    plan.items = [_ITEMS.split(r)[0] for r in connection.execute(_items_statement(), of_plan)]
    plan.contacts = [
        _CONTACTS.split(r)[0] for r in connection.execute(_contacts_statement(), of_plan)
    ]
    return PlanToShow(plan, practice, (review, discussed_with_name))


@cache
def _plan_statement():
    return (
        select(*_PLAN.columns, User.display_name)
        .select_from(Plan)
        .outerjoin(Practice, Practice.id == practice_id_of(Plan.member_id).correlate(Plan))
        .outerjoin(PlanReview, PlanReview.plan_id == Plan.id)
        .outerjoin(User, User.id == PlanReview.discussed_with_id)
        .where(Plan.member_id == bindparam("member_id"))
    )


@cache
def _items_statement():
    return (
        select(*_ITEMS.columns)
        .where(PlanItem.plan_id == bindparam("plan_id"))
        .order_by(PlanItem.position)
    )


@cache
def _contacts_statement():
    return (
        select(*_CONTACTS.columns)
        .where(SupportContact.plan_id == bindparam("plan_id"))
        .order_by(SupportContact.position)
    )
