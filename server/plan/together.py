"""The plan made together with the therapists of the member's groups: she shares it (off
until she switches it on; off again takes their access away at once), they read it and
leave suggestions, she takes a suggestion over (through the ordinary plan changes, so the
version check, the versions and undo hold) or leaves it, and either marks it discussed
with a date to look it over again."""

from __future__ import annotations

from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from server import audit
from server.auth.models import User
from server.groups.models import Membership
from server.plan import services
from server.plan.models import Plan, PlanItem
from server.plan.sections import BY_KEY
from server.plan.together_models import (
    ACCEPTED,
    ADAPTED,
    DECISIONS,
    PlanReview,
    PlanSuggestion,
)
from server.push import ledger
from server.push.models import PLAN_REVIEW

#: "Nalopen voor": by default three months after the plan was discussed.
REVIEW_AFTER = relativedelta(months=3)


class AlreadyDecided(Exception):
    """The suggestion was taken over or left already (a second tap, another device)."""


class NotOnThePlan(Exception):
    """The section or line the suggestion is about is not on her plan (any more)."""


def review_of(db: Session, plan: Plan) -> PlanReview | None:
    return db.get(PlanReview, plan.id)


def _review_row(db: Session, plan: Plan, now: datetime) -> PlanReview:
    review = review_of(db, plan)
    if review is None:
        review = PlanReview(plan_id=plan.id, updated_at=now)
        db.add(review)
    return review


def set_sharing(db: Session, plan: Plan, shared: bool, now: datetime) -> None:
    review = _review_row(db, plan, now)
    if shared and review.shared_since is None:
        review.shared_since = now
    elif not shared:
        review.shared_since = None
    review.updated_at = now


def shared_plan_for(db: Session, therapist: User, membership: Membership, today: date):
    """Her plan for this therapist, or None: only while she is a member of a group the
    therapist leads (the caller found the membership through the therapist's groups) and
    only while she shares it."""
    if not membership.is_current(today):
        return None
    plan = services.load_plan(db, membership.member)
    review = review_of(db, plan) if plan else None
    if review is None or review.shared_since is None:
        return None
    return plan


def log_access(
    db: Session, therapist: User, plan: Plan, action: str = "read", object_type: str = "plan"
) -> None:
    """Every time a therapist opens her plan or marks it discussed, it is in her access
    log (a suggestion is logged where it is made)."""
    audit.record(
        db,
        action,
        actor_user_id=therapist.id,
        subject_user_id=plan.member_id,
        object_type=object_type,
        object_id=plan.id,
    )


def suggest(
    db: Session,
    therapist: User,
    plan: Plan,
    section: str,
    item_id: int | None,
    text: str,
    now: datetime,
) -> PlanSuggestion:
    """A new line for `section`, or new words for the line `item_id`."""
    item = None
    if item_id is not None:
        item = next((i for i in plan.items if i.id == item_id and i.deleted_at is None), None)
        if item is None:
            raise NotOnThePlan()
        section = item.section
    if section not in suggestable(plan):
        raise NotOnThePlan()
    suggestion = PlanSuggestion(
        plan_id=plan.id,
        author_id=therapist.id,
        section=section,
        item_id=item.id if item else None,
        text=text.strip(),
        created_at=now,
    )
    db.add(suggestion)
    db.flush()
    audit.record(
        db,
        "create",
        actor_user_id=therapist.id,
        subject_user_id=plan.member_id,
        object_type="plan_suggestion",
        object_id=suggestion.id,
    )
    return suggestion


def suggestable(plan: Plan) -> set[str]:
    """The sections of her plan a line can be suggested for (support people are people
    she chooses herself: no suggestions there)."""
    return {
        key
        for key, section in BY_KEY.items()
        if not section.optional or key in (plan.optional_sections or [])
    }


def open_suggestions(db: Session, plan: Plan) -> list[PlanSuggestion]:
    return list(
        db.scalars(
            select(PlanSuggestion)
            .where(PlanSuggestion.plan_id == plan.id, PlanSuggestion.decision.is_(None))
            .options(selectinload(PlanSuggestion.author))
            .order_by(PlanSuggestion.created_at, PlanSuggestion.id)
        )
    )


def suggestion_of(db: Session, plan: Plan, suggestion_id: int) -> PlanSuggestion | None:
    return db.scalar(
        select(PlanSuggestion).where(
            PlanSuggestion.id == suggestion_id, PlanSuggestion.plan_id == plan.id
        )
    )


def decide(
    db: Session,
    plan: Plan,
    version: int,
    suggestion: PlanSuggestion,
    decision: str,
    now: datetime,
    text: str | None = None,
    phase: str | None = None,
) -> PlanItem | None:
    """Take a suggestion over (as it is, or in her words; a new line in `phase`) or
    leave it; once. The claim is a conditional UPDATE, so two taps at the same moment
    decide it once; a plan change that fails (services.StaleVersion) is rolled back by
    the caller, claim and all."""
    if decision not in DECISIONS:
        raise ValueError(decision)
    claimed = db.execute(
        update(PlanSuggestion)
        .where(PlanSuggestion.id == suggestion.id, PlanSuggestion.decision.is_(None))
        .values(decision=decision, decided_at=now)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        raise AlreadyDecided()
    db.refresh(suggestion)
    if decision not in (ACCEPTED, ADAPTED):
        return None
    words = suggestion.text if text is None else text
    lines = services.items(plan, suggestion.section)
    item = next((i for i in lines if i.id == suggestion.item_id), None)
    if item is not None:
        services.edit_item(db, plan, version, item, words, item.phase, now)
        return item
    # A new line, or new words for a line she deleted since: a line of its own.
    return services.add_item(db, plan, version, suggestion.section, words, phase, now)


def mark_discussed(
    db: Session,
    plan: Plan,
    discussed_on: date | None,
    with_id: int | None,
    review_on: date | None,
    now: datetime,
) -> PlanReview:
    """Discussed on a day (with a therapist), and when to look it over again: by default
    three months after the talk."""
    review = _review_row(db, plan, now)
    if discussed_on is not None:
        review.discussed_on = discussed_on
        review.discussed_with_id = with_id
        if review_on is None:
            review_on = discussed_on + REVIEW_AFTER
    if review_on != review.review_on:
        review.review_on = review_on
        # A reminder still waiting for the old date is no longer true.
        ledger.supersede(
            db, {plan.member_id}, PLAN_REVIEW, review_prefix(plan.id), review_subject(review)
        )
    review.updated_at = now
    return review


def review_prefix(plan_id: int) -> str:
    return f"plan_review:{plan_id}:"


def review_subject(review: PlanReview) -> str:
    day = f"{review.review_on:%Y%m%d}" if review.review_on else ""
    return review_prefix(review.plan_id) + day
