from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from server.db import get_db, now_utc
from server.forms import ConfirmForm
from server.groups.models import Membership
from server.groups.services import local_today
from server.journey import goals as journey_goals
from server.journey import services
from server.journey.forms import EvaluationForm, GoalForm, NoteForm
from server.offline.once import acts_once
from server.security import member_required

bp = Blueprint("journey", __name__)


@bp.before_request
@member_required
def require_member():
    """A member's own goals and evaluation; still hers after she left the group."""


def _render_goals(goal_form=None, note_form=None, note_goal=None, status=200):
    personal, group = journey_goals.member_goals(get_db(), current_user)
    return render_template(
        "journey/goals.html",
        personal=personal,
        group_goals=group,
        goal_form=goal_form or GoalForm(),
        note_form=note_form,
        note_goal=note_goal,
        chart=journey_goals.chart,
    ), status


@bp.get("/goals")
def goals():
    return _render_goals()


def _current_membership():
    db = get_db()
    today = local_today()
    return db.scalar(
        select(Membership)
        .where(
            Membership.member_id == current_user.id,
            (Membership.left_on.is_(None)) | (Membership.left_on >= today),
        )
        .order_by(Membership.joined_on.desc())
        .limit(1)
    )


@bp.post("/goals")
@acts_once
def add_goal():
    form = GoalForm()
    membership = _current_membership()
    if membership is None:
        abort(404)
    if not form.validate_on_submit():
        return _render_goals(goal_form=form, status=422)
    db = get_db()
    journey_goals.propose_goal(
        db, membership.group, current_user, form.text.data, current_user, now_utc()
    )
    db.commit()
    return redirect(url_for("journey.goals"))


def _goal_or_404(goal_id: int):
    goal = journey_goals.own_goal(get_db(), current_user, goal_id)
    if goal is None:
        abort(404)
    return goal


@bp.post("/goals/<int:goal_id>/confirm")
def confirm_goal(goal_id: int):
    goal = _goal_or_404(goal_id)
    if goal.member_id != current_user.id:
        abort(404)  # the group's goals are agreed in the group, not here
    if not ConfirmForm().validate_on_submit():
        abort(400)
    db = get_db()
    journey_goals.confirm_goal(goal, now_utc())
    db.commit()
    flash(_("The goal is agreed."))
    return redirect(url_for("journey.goals"))


@bp.post("/goals/<int:goal_id>/notes")
@acts_once
def add_note(goal_id: int):
    goal = _goal_or_404(goal_id)
    if goal.member_id != current_user.id:
        abort(404)  # notes belong to her own goals; the group's goals have none
    form = NoteForm()
    if not form.validate_on_submit():
        return _render_goals(note_form=form, note_goal=goal.id, status=422)
    db = get_db()
    journey_goals.add_note(
        db, current_user, goal, form.text.data or "", form.rating.data, form.shared.data, now_utc()
    )
    db.commit()
    return redirect(url_for("journey.goals") + f"#goal-{goal.id}")


@bp.route("/evaluation/<int:membership_id>", methods=["GET", "POST"])
def evaluation(membership_id: int):
    db = get_db()
    membership = db.get(Membership, membership_id)
    if membership is None or membership.member_id != current_user.id:
        abort(404)
    record = services.evaluation_for(db, membership)
    form = EvaluationForm(obj=record)
    if form.validate_on_submit():
        services.save_evaluation(
            db,
            record,
            {k: getattr(form, k).data for k in ("brought", "sticks", "grow", "take_away")},
            form.shared.data,
            now_utc(),
        )
        db.commit()
        flash(
            _("Saved. Your therapists can read it.")
            if form.shared.data
            else _("Saved. Only you can read it.")
        )
        return redirect(url_for("journey.evaluation", membership_id=membership.id))
    status = 422 if form.is_submitted() else 200
    return render_template(
        "journey/evaluation.html", membership=membership, form=form, record=record
    ), status
