"""The plan as records (server/reads.py) for the pages that only show it: her reading
view and a supporter's page. The same three statements the ORM's selectinload runs,
each built once with bind parameters; changing the plan loads ORM objects as before."""

from __future__ import annotations

from functools import cache

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from server.plan.models import Plan, PlanItem, SupportContact
from server.reads import Rows

_PLAN = Rows(Plan)
_ITEMS = Rows(PlanItem)
_CONTACTS = Rows(SupportContact)


def plan_to_show(db: Session, member_id: int):
    """Her plan with its lines and contacts (deleted ones too, as on the model, for
    `layout`), or None when she has none yet."""
    connection = db.connection()
    row = connection.execute(_plan_statement(), {"member_id": member_id}).first()
    if row is None:
        return None
    (plan,) = _PLAN.split(row)
    of_plan = {"plan_id": plan.id}
    plan.items = [_ITEMS.split(r)[0] for r in connection.execute(_items_statement(), of_plan)]
    plan.contacts = [
        _CONTACTS.split(r)[0] for r in connection.execute(_contacts_statement(), of_plan)
    ]
    return plan


@cache
def _plan_statement():
    return select(*_PLAN.columns).where(Plan.member_id == bindparam("member_id"))


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
