"""The reminder to look the plan over: a week before the date set for it, once per date
(the log's unique key), by push only. Its words say nothing about the kind of care:
"Kring: tijd om je plan na te lopen"."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.auth.models import User
from server.plan.models import Plan
from server.plan.together import review_prefix
from server.plan.together_models import PlanReview
from server.push.due import has_device, reachable
from server.push.models import PLAN_REVIEW, NotificationPreference
from server.push.preferences import Preferences
from server.push.timing import MEMBER_ZONE, at_local, send_at

REMIND_BEFORE = timedelta(days=7)
REMIND_AT = time(10, 0)  # in the morning of that day, her clock


def find_due(db: Session, now: datetime) -> list[dict]:
    """Log rows for every plan whose reminder moment has come and whose date is not past."""
    today = now.astimezone(MEMBER_ZONE).date()
    rows = db.execute(
        select(PlanReview.plan_id, PlanReview.review_on, User.id, NotificationPreference)
        .add_columns(has_device(User.id))
        .join(Plan, Plan.id == PlanReview.plan_id)
        .join(User, User.id == Plan.member_id)
        .outerjoin(NotificationPreference, NotificationPreference.user_id == User.id)
        .where(
            PlanReview.review_on >= today,
            PlanReview.review_on <= today + REMIND_BEFORE,
            reachable(),
        )
    )
    found = []
    for plan_id, review_on, member_id, stored, device in rows:
        due = at_local(review_on - REMIND_BEFORE, REMIND_AT, MEMBER_ZONE)
        if due > now:
            continue
        prefs = Preferences.of(stored)
        for channel in sorted(prefs.channels(PLAN_REVIEW, device)):
            found.append(
                {
                    "user_id": member_id,
                    "kind": PLAN_REVIEW,
                    "subject": f"{review_prefix(plan_id)}{review_on:%Y%m%d}",
                    "channel": channel,
                    "due_at": send_at(max(due, now), prefs.quiet, None),
                    "useful_until": at_local(review_on + timedelta(days=1), time(0), MEMBER_ZONE),
                }
            )
    return found
