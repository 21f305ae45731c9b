"""What a therapist's membership page shows of the member's journey. Apart from the
journey's routes (server/therapist/journey.py), which register on the therapist
blueprint: the membership page in views.py uses this without importing them."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from server.db import get_db
from server.journey import services as journey
from server.journey.forms import GoalForm, MemberPhaseForm


def member_journey_context(membership) -> dict:
    """The phase, the goals agreed together and what she shared (the reads are logged)."""
    db = get_db()
    phases = journey.phases_of(db, membership.group)
    phase_form = MemberPhaseForm(prefix="phase", phase=journey.member_phase_id(db, membership) or 0)
    phase_form.phase.choices = [SelectChoice(0, _("No phase"))] + [
        SelectChoice(p.id, p.name) for p in phases
    ]
    goals, notes, evaluation = journey.shared_journey(db, current_user, membership)
    return {
        "phases": phases,
        "phase_form": phase_form,
        "goals": goals,
        "notes": notes,
        "evaluation": evaluation,
        "goal_form": GoalForm(prefix="goal"),
    }
