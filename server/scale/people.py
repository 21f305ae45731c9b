"""Scale data per member: weekly homework with reflections (private unless shared),
a confirmed goal with notes, and a relapse-prevention plan; the first member of each
group shares hers with her partner."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from server.groups.models import Group
from server.homework.models import DONE, OPEN, Assignment, Reflection
from server.journey.models import Goal, GoalNote
from server.plan.demo import CONTACTS, ITEMS
from server.plan.models import Plan, PlanItem, PlanShare, PlanVersion, SupportContact
from server.scale.batch import Batch
from server.schedule.models import CANCELLED
from server.security import token_hash

HOMEWORK = (
    ("Zeg deze week één keer nee", "Kies een klein verzoek en zeg vriendelijk nee."),
    ("Vraag een keer om hulp", "Vraag iemand om iets kleins. Schrijf op wat je voelde."),
    ("Merk je ergernis op", "Let op een moment van ergernis. Wat deed je ermee?"),
)
REFLECTION = {
    "tried": "Ik heb het geprobeerd op mijn werk.",
    "happened": "Het ging beter dan ik dacht.",
    "felt": "Eerst spanning, daarna opluchting.",
    "others": "Mijn collega reageerde rustig.",
    "takeaway": "Ik wil dit vaker oefenen.",
}
PLAN_ITEMS = [
    {"section": section, "phase": phase, "text": text, "position": position}
    for position, (section, phase, text) in enumerate(ITEMS)
]
PLAN_CONTACTS = [{"email": "", **contact, "position": i} for i, contact in enumerate(CONTACTS)]
SNAPSHOT = {
    "phases_enabled": True,
    "optional_sections": [],
    "items": PLAN_ITEMS,
    "contacts": PLAN_CONTACTS,
}
SHARED_SECTIONS = ["warning_signs", "own_actions", "others_actions", "supporters"]


def homework(
    batch: Batch, group: Group, meetings: list[dict], roster: list[tuple[int, date]], therapist
) -> None:
    """After each meeting every member gets an assignment due at the next one; those
    due in the past are done."""
    held = [m for m in meetings if m["status"] != CANCELLED]
    upcoming = next(i for i, m in enumerate(held) if m["starts_at"] > batch.now)
    rows = []
    for previous, due in zip(held[:upcoming], held[1 : upcoming + 1], strict=True):
        title, instructions = HOMEWORK[due["id"] % len(HOMEWORK)]
        for member, since in roster:
            if previous["occurrence_on"] < since:
                continue
            rows.append(
                {
                    "group_id": group.id,
                    "member_id": member,
                    "set_by_id": member if batch.roll.random() < 0.05 else therapist,
                    "title": title,
                    "instructions": instructions,
                    "due_meeting_id": due["id"],
                    "status": DONE if due["starts_at"] <= batch.now else OPEN,
                    "created_at": previous["ends_at"],
                    "updated_at": previous["ends_at"],
                }
            )
    ids = batch.ids(Assignment, rows)
    _reflections(batch, list(zip(rows, ids, strict=True)), therapist)


def _reflections(batch: Batch, assignments: list[tuple[dict, int]], therapist: int) -> None:
    rows = []
    for assignment, assignment_id in assignments:
        if assignment["status"] != DONE or batch.roll.random() < 0.5:
            continue
        written = assignment["created_at"] + timedelta(days=3)
        shared = batch.roll.random() < 0.4
        rows.append(
            {
                **REFLECTION,
                "assignment_id": assignment_id,
                "member_id": assignment["member_id"],
                "difficulty": batch.roll.randint(2, 9),
                "shared": shared,
                "shared_at": written if shared else None,
                "created_at": written,
                "updated_at": written,
            }
        )
    for row, reflection_id in zip(rows, batch.ids(Reflection, rows), strict=True):
        if row["shared"]:
            at = row["created_at"] + timedelta(days=1)
            batch.read(therapist, row["member_id"], "reflection", reflection_id, at)


def goals_and_plans(
    batch: Batch, group: Group, roster: list[tuple[int, date]], share_token: str
) -> None:
    members = [member for member, _ in roster]
    goals = batch.ids(
        Goal,
        [
            {
                "group_id": group.id,
                "member_id": member,
                "text": "Eerder aangeven waar mijn grens ligt.",
                "proposed_by_id": member,
                "confirmed_at": datetime.combine(since, time(12), tzinfo=UTC),
                "created_at": datetime.combine(since, time(12), tzinfo=UTC),
            }
            for member, since in roster
        ],
    )
    batch.bulk(
        GoalNote,
        [
            {
                "goal_id": goal,
                "member_id": member,
                "rating": rating,
                "shared": rating >= 6,
                "created_at": batch.now - timedelta(weeks=weeks),
            }
            for goal, member in zip(goals, members, strict=True)
            for weeks, rating in ((9, 3), (6, 4), (3, 5), (1, 6))
        ],
    )
    _plans(batch, members, share_token)


def _plans(batch: Batch, members: list[int], share_token: str) -> None:
    made, saved = batch.now - timedelta(weeks=20), batch.now - timedelta(weeks=2)
    plans = batch.ids(
        Plan,
        [
            {
                "member_id": member,
                "version": 2,
                "phases_enabled": True,
                "created_at": made,
                "updated_at": saved,
            }
            for member in members
        ],
    )
    batch.bulk(PlanItem, [{"plan_id": plan, **item} for plan in plans for item in PLAN_ITEMS])
    batch.bulk(SupportContact, [{"plan_id": p, **c} for p in plans for c in PLAN_CONTACTS])
    batch.bulk(
        PlanVersion,
        [{"plan_id": p, "number": 2, "snapshot": SNAPSHOT, "created_at": saved} for p in plans],
    )
    share = {
        "plan_id": plans[0],
        "supporter_name": "Partner",
        "token_hash": token_hash(share_token),
        "sections": SHARED_SECTIONS,
        "created_at": saved,
    }
    batch.bulk(PlanShare, [share])
