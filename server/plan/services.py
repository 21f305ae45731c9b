"""The rules of the plan: every change is a save that checks the version the member
saw (two devices never silently overwrite each other) and keeps a snapshot."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from server import audit
from server.auth.models import User
from server.plan.card import PARTS
from server.plan.models import (
    PHASES,
    SUPPORT,
    Plan,
    PlanItem,
    PlanVersion,
    SupportContact,
)
from server.plan.sections import BY_KEY, SECTIONS

CONTACT_FIELDS = ("name", "relation", "phone", "email", "can_do")


class StaleVersion(Exception):
    """The plan changed (on another device) since the member loaded it."""


def load_plan(db: Session, member: User) -> Plan | None:
    return db.scalar(
        select(Plan)
        .where(Plan.member_id == member.id)
        .options(selectinload(Plan.items), selectinload(Plan.contacts))
    )


def plan_for(db: Session, member: User, now: datetime) -> Plan:
    """The member's plan, made on first use. (Her practice's numbers are not copied in:
    professionals.practice_numbers shows them.)"""
    plan = load_plan(db, member)
    if plan is not None:
        return plan
    plan = Plan(member_id=member.id, created_at=now, updated_at=now, items=[], contacts=[])
    try:
        with db.begin_nested():  # a savepoint: only this insert is undone if it loses
            db.add(plan)
    except IntegrityError:
        # Two first requests at once (the page and the worker keeping the plan for
        # offline): the other made it; this one shows that plan.
        return load_plan(db, member)
    db.flush()
    return plan


def items(plan: Plan, section: str) -> list[PlanItem]:
    return [i for i in plan.items if i.section == section and i.deleted_at is None]


def contacts(plan: Plan, kind: str = SUPPORT) -> list[SupportContact]:
    """Her support people, or with kind=PROFESSIONAL her professional contacts."""
    return [c for c in plan.contacts if c.deleted_at is None and (c.kind or SUPPORT) == kind]


def _check(plan: Plan, version: int | None) -> None:
    if version != plan.version:
        raise StaleVersion()


def _saved(db: Session, plan: Plan, now: datetime) -> None:
    plan.version += 1
    plan.updated_at = now
    db.flush()
    db.add(
        PlanVersion(plan_id=plan.id, number=plan.version, snapshot=snapshot(plan), created_at=now)
    )
    audit.record(
        db,
        "update",
        actor_user_id=plan.member_id,
        subject_user_id=plan.member_id,
        object_type="plan",
        object_id=plan.id,
    )


def _phase(section: str, phase: str | None) -> str | None:
    return phase if BY_KEY[section].phased and phase in PHASES else None


def add_item(
    db: Session, plan: Plan, version: int, section: str, text: str, phase: str | None, now: datetime
) -> PlanItem:
    _check(plan, version)
    position = max((i.position for i in plan.items if i.section == section), default=-1) + 1
    item = PlanItem(
        section=section, text=text.strip(), phase=_phase(section, phase), position=position
    )
    plan.items.append(item)
    _saved(db, plan, now)
    return item


def edit_item(
    db: Session,
    plan: Plan,
    version: int,
    item: PlanItem,
    text: str,
    phase: str | None,
    now: datetime,
) -> None:
    _check(plan, version)
    item.text = text.strip()
    item.phase = _phase(item.section, phase)
    _saved(db, plan, now)


def move_item(
    db: Session, plan: Plan, version: int, item: PlanItem, step: int, now: datetime
) -> None:
    """Swap with the neighbour above (step -1) or below (+1) in the same section."""
    _check(plan, version)
    _swap(items(plan, item.section), item, step)
    _saved(db, plan, now)


def _swap(rows: list, row, step: int) -> None:
    rows.sort(key=lambda r: r.position)
    for number, each in enumerate(rows):
        each.position = number
    index = rows.index(row)
    other = index + step
    if 0 <= other < len(rows):
        rows[index].position, rows[other].position = other, index


def delete_item(db: Session, plan: Plan, version: int, item: PlanItem, now: datetime) -> None:
    _check(plan, version)
    item.deleted_at = now
    _saved(db, plan, now)


def restore_item(db: Session, plan: Plan, item: PlanItem, now: datetime) -> None:
    """Undo a delete. No version check: bringing text back never overwrites anything."""
    item.deleted_at = None
    _saved(db, plan, now)


def add_contact(
    db: Session, plan: Plan, version: int, values: dict, now: datetime, kind: str = SUPPORT
):
    _check(plan, version)
    position = max((c.position for c in plan.contacts), default=-1) + 1
    contact = SupportContact(position=position, kind=kind, **_contact_values(values))
    plan.contacts.append(contact)
    _saved(db, plan, now)
    return contact


def edit_contact(
    db: Session, plan: Plan, version: int, contact: SupportContact, values: dict, now: datetime
) -> None:
    _check(plan, version)
    for name, value in _contact_values(values).items():
        setattr(contact, name, value)
    _saved(db, plan, now)


def _contact_values(values: dict) -> dict:
    return {name: (values.get(name) or "").strip() for name in (*CONTACT_FIELDS, "role")}


def move_contact(db: Session, plan: Plan, version: int, contact, step: int, now) -> None:
    _check(plan, version)
    _swap(contacts(plan, contact.kind), contact, step)
    _saved(db, plan, now)


def delete_contact(db: Session, plan: Plan, version: int, contact, now: datetime) -> None:
    _check(plan, version)
    contact.deleted_at = now
    _saved(db, plan, now)


def restore_contact(db: Session, plan: Plan, contact, now: datetime) -> None:
    contact.deleted_at = None
    _saved(db, plan, now)


def change_settings(
    db: Session, plan: Plan, version: int, phases: bool, optional: list[str], now: datetime
) -> None:
    _check(plan, version)
    plan.phases_enabled = phases
    plan.optional_sections = [s.key for s in SECTIONS if s.optional and s.key in optional]
    _saved(db, plan, now)


def change_card(db: Session, plan: Plan, version: int, parts: list[str], now: datetime) -> None:
    """What goes on her crisis card (card.PARTS), kept in the order of the card."""
    _check(plan, version)
    plan.card_parts = [key for key in PARTS if key in parts]
    _saved(db, plan, now)


def snapshot(plan: Plan) -> dict:
    return {
        "phases_enabled": plan.phases_enabled,
        "optional_sections": list(plan.optional_sections or []),
        "card_parts": plan.card_parts,
        "items": [
            {"section": i.section, "phase": i.phase, "text": i.text, "position": i.position}
            for i in sorted(plan.items, key=lambda i: (i.section, i.position))
            if i.deleted_at is None
        ],
        "contacts": [
            {name: getattr(c, name) for name in (*CONTACT_FIELDS, "kind", "role", "position")}
            for c in sorted(plan.contacts, key=lambda c: c.position)
            if c.deleted_at is None
        ],
    }


def versions(db: Session, plan: Plan) -> list[PlanVersion]:
    return list(
        db.scalars(
            select(PlanVersion)
            .where(PlanVersion.plan_id == plan.id)
            .order_by(PlanVersion.number.desc())
            .limit(100)
        )
    )


def version(db: Session, plan: Plan, number: int) -> PlanVersion | None:
    return db.scalar(
        select(PlanVersion).where(PlanVersion.plan_id == plan.id, PlanVersion.number == number)
    )


def restore_version(db: Session, plan: Plan, current: int, old: PlanVersion, now: datetime) -> None:
    """Make an earlier version the plan again, as a new save (nothing is lost: the
    version being replaced stays in the list too)."""
    _check(plan, current)
    for row in (*plan.items, *plan.contacts):
        if row.deleted_at is None:
            row.deleted_at = now
    state = old.snapshot
    plan.phases_enabled = state["phases_enabled"]
    plan.optional_sections = state["optional_sections"]
    plan.card_parts = state.get("card_parts", plan.card_parts)  # older versions: keep hers
    for item in state["items"]:
        plan.items.append(PlanItem(**item))
    for contact in state["contacts"]:
        plan.contacts.append(SupportContact(**_older(contact)))
    _saved(db, plan, now)


class Snapshot:
    """A stored version shaped like a plan, so the same templates can show it."""

    def __init__(self, data: dict, updated_at: datetime):
        self.phases_enabled = data["phases_enabled"]
        self.optional_sections = data["optional_sections"]
        self.card_parts = data.get("card_parts")
        self.items = [PlanItem(id=None, deleted_at=None, **i) for i in data["items"]]
        self.contacts = [
            SupportContact(id=None, deleted_at=None, **_older(c)) for c in data["contacts"]
        ]
        self.updated_at = updated_at


def _older(contact: dict) -> dict:
    """A contact of a snapshot; those from before professional contacts are supporters."""
    return {"kind": SUPPORT, "role": "", **contact}
