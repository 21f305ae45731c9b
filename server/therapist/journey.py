"""Therapists and the journey: a group's phases and goals; per member the goals agreed
together, the phase, and what the member shared of notes and evaluation."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from server import audit
from server.db import get_db, now_utc
from server.groups import services as groups
from server.journey import goals as journey_goals
from server.journey import services as journey
from server.journey.forms import GoalForm, MemberPhaseForm, PhasesForm
from server.offline.once import acts_once
from server.therapist.views import bp, group_or_404


def _log_change(db, member_id, object_type: str, object_id: int, action: str = "update"):
    """A therapist changing a member's journey is in her access log."""
    if member_id is not None:
        audit.record(
            db,
            action,
            actor_user_id=current_user.id,
            subject_user_id=member_id,
            object_type=object_type,
            object_id=object_id,
        )


@bp.route("/groups/<int:group_id>/journey", methods=["GET", "POST"])
@acts_once
def group_journey(group_id: int):
    group = group_or_404(group_id)
    db = get_db()
    phases = journey.phases_of(db, group)
    form = PhasesForm(phases="\n".join(p.name for p in phases))
    goal_form = GoalForm(prefix="goal")
    if request.method == "POST" and "goal-text" in request.form:
        if goal_form.validate_on_submit():
            journey_goals.propose_goal(
                db, group, None, goal_form.text.data, current_user, now_utc()
            )
            db.commit()
            return redirect(url_for("therapist.group_journey", group_id=group.id))
    elif form.validate_on_submit():
        journey.set_phases(db, group, (form.phases.data or "").splitlines())
        db.commit()
        flash(_("Saved."))
        return redirect(url_for("therapist.group_journey", group_id=group.id))
    goals = journey_goals.group_goals(db, group)
    status = 422 if request.method == "POST" else 200
    return render_template(
        "therapist/journey.html", group=group, form=form, goal_form=goal_form, goals=goals
    ), status


def _membership_or_404(membership_id: int):
    membership = groups.membership_led_by(get_db(), current_user, membership_id)
    if membership is None:
        abort(404)
    return membership


@bp.post("/memberships/<int:membership_id>/phase")
def member_phase(membership_id: int):
    membership = _membership_or_404(membership_id)
    db = get_db()
    phases = {p.id: p for p in journey.phases_of(db, membership.group)}
    form = MemberPhaseForm(prefix="phase")
    form.phase.choices = [SelectChoice(0, "")] + [SelectChoice(i, "") for i in phases]
    if not form.validate_on_submit():
        abort(400)
    journey.set_member_phase(db, membership, phases.get(form.phase.data))
    _log_change(db, membership.member_id, "phase", membership.id)
    db.commit()
    flash(_("Saved."))
    return redirect(url_for("therapist.membership", membership_id=membership.id))


@bp.post("/memberships/<int:membership_id>/goals")
@acts_once
def member_goal(membership_id: int):
    membership = _membership_or_404(membership_id)
    form = GoalForm(prefix="goal")
    if not form.validate_on_submit():
        flash(_("Write the goal first."))
        return redirect(url_for("therapist.membership", membership_id=membership.id))
    db = get_db()
    goal = journey_goals.propose_goal(
        db, membership.group, membership.member, form.text.data, current_user, now_utc()
    )
    db.flush()
    _log_change(db, membership.member_id, "goal", goal.id, action="create")
    db.commit()
    flash(_("Proposed. The member confirms it in Kring."))
    return redirect(url_for("therapist.membership", membership_id=membership.id))


@bp.post("/goals/<int:goal_id>")
def edit_goal(goal_id: int):
    """A therapist rewords a member's goal: it then waits for her yes again."""
    db = get_db()
    goal = journey_goals.goal_led_by(db, current_user, goal_id)
    if goal is None:
        abort(404)
    form = GoalForm(prefix=f"goal{goal.id}")
    if form.validate_on_submit():
        journey_goals.change_goal(goal, form.text.data, current_user, now_utc())
        _log_change(db, goal.member_id, "goal", goal.id)
        db.commit()
        flash(_("Changed. The member confirms the new words in Kring."))
    else:
        flash(_("Write the goal first."))
    membership = groups.latest_membership_of(db, goal.group_id, goal.member_id)
    if membership is None:
        return redirect(url_for("therapist.group_journey", group_id=goal.group_id))
    return redirect(url_for("therapist.membership", membership_id=membership.id))
