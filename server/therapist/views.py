from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from server import audit
from server.auth import services as accounts
from server.auth.invite_mail import invite_refusal, send_invite_mail
from server.db import get_db, now_utc
from server.groups import services as groups
from server.offline.once import acts_once
from server.schedule import recurrence
from server.schedule import register as registers
from server.schedule import services as schedule
from server.security import therapist_required
from server.therapist import attendance, plan_reviews, week
from server.therapist.forms import InviteForm, MembershipForm
from server.therapist.membership_journey import member_journey_context

bp = Blueprint("therapist", __name__)


@bp.before_request
@therapist_required
def require_therapist():
    """Every route of this blueprint is for therapists only."""


@bp.get("/")
def index():
    db = get_db()
    led = groups.groups_led_by(db, current_user)
    counts = groups.member_counts(db, led, groups.local_today())
    weeks = week.week_of(db, current_user, led, now_utc())
    reviews = plan_reviews.reviews_due(db, current_user, led, groups.local_today())
    page = render_template("therapist/index.html", weeks=weeks, counts=counts, reviews=reviews)
    db.commit()  # the access-log rows
    return page


def group_or_404(group_id: int):
    group = groups.group_led_by(get_db(), current_user, group_id)
    if group is None:
        abort(404)  # someone else's group looks the same as no group
    return group


@bp.get("/groups/<int:group_id>")
def group(group_id: int):
    group = group_or_404(group_id)
    form = InviteForm(joins_on=groups.local_today(group))
    return _render_group(group, form)


def _render_group(group, form, status: int = 200):
    db = get_db()
    today = groups.local_today(group)
    memberships = groups.current_memberships(db, group, today)
    upcoming, past = schedule.group_meetings(db, group, now_utc())
    audit.record_reads(
        db,
        actor_user_id=current_user.id,
        object_type="attendance_summary",
        reads=[(m.member_id, group.id) for m in memberships],
    )
    page = render_template(
        "therapist/group.html",
        group=group,
        memberships=memberships,
        tallies=registers.tallies(db, group),
        invites=accounts.pending_invites(db, group),
        starting=week.starting_soon(db, group, today),
        new_ids={m.member_id for m in memberships if week.is_new(m, today)},
        upcoming=upcoming,
        cancellations=week.cancellations_by_meeting(db, upcoming),
        past=past,
        series=recurrence.series_of(db, group),
        counts=registers.meeting_counts(db, past),
        form=form,
    )
    db.commit()  # the access-log rows
    return page, status


@bp.post("/groups/<int:group_id>/invite")
@acts_once
def invite(group_id: int):
    group = group_or_404(group_id)
    form = InviteForm()
    if not form.validate_on_submit():
        return _render_group(group, form, 422)
    db = get_db()
    try:
        token = accounts.create_invite(db, current_user, group, form.email.data, form.joins_on.data)
    except accounts.InviteRefused as refused:
        form.email.errors.append(invite_refusal(str(refused), group))
        return _render_group(group, form, 422)
    db.commit()
    if send_invite_mail(form.email.data, token, group, current_user.display_name):
        flash(_("Invitation sent to %(email)s.", email=form.email.data))
    else:
        flash(_("The invitation is saved, but the e-mail could not be sent. Try again later."))
    return redirect(url_for("therapist.group", group_id=group.id))


@bp.route("/memberships/<int:membership_id>", methods=["GET", "POST"])
def membership(membership_id: int):
    db = get_db()
    membership = groups.membership_led_by(db, current_user, membership_id)
    if membership is None:
        abort(404)
    form = MembershipForm(obj=membership)
    if form.validate_on_submit():
        changed = groups.update_membership(
            membership, form.joined_on.data, form.left_on.data, form.min_sessions.data
        )
        if changed:
            audit.record(
                db,
                "update",
                actor_user_id=current_user.id,
                subject_user_id=membership.member_id,
                object_type="membership",
                object_id=membership.id,
            )
        db.commit()
        flash(_("Saved."))
        return redirect(url_for("therapist.group", group_id=membership.group_id))
    status = 422 if form.is_submitted() else 200
    page = render_template(
        "therapist/membership.html",
        membership=membership,
        form=form,
        history=attendance.history(db, current_user, membership, now_utc()),
        shared=attendance.shared_reflections(db, membership),
        **member_journey_context(membership),
    )
    db.commit()  # the access-log rows of shared notes and evaluation
    return page, status
