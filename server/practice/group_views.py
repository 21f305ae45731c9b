"""Groups of the practice under /admin/groups/: set up and change a group's rules,
archive it, and its waiting list. For the admin and for the group's therapists; a
therapist of the practice may start a new group, which she then leads."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from server.auth import services as accounts
from server.auth.invite_mail import invite_refusal, send_invite_mail
from server.db import get_db
from server.formatting import format_date
from server.forms import ConfirmForm
from server.groups import services as memberships
from server.offline.once import acts_once
from server.practice import groups, waiting_list
from server.practice.access import staff_required
from server.practice.group_forms import GroupForm, WaitingListForm

bp = Blueprint("groups_admin", __name__)


@bp.before_request
@staff_required
def require_staff():
    """Every route here is for the practice's therapists and admins."""


@bp.get("/")
def index():
    return render_template(
        "practice/groups.html", groups=groups.practice_groups(get_db(), current_user)
    )


def _group_form(group=None) -> GroupForm:
    form = GroupForm(obj=group)
    staff = groups.therapist_choices(get_db(), current_user.practice_id)
    form.therapists.choices = [(u.id, u.display_name) for u in staff]
    if request.method == "GET":
        if group is None:
            form.therapists.data = [] if current_user.practice_admin else [current_user.id]
            form.default_duration_minutes.data = 90
            form.max_members.data = 8
            form.homework_enabled.data = True
            form.cancellation_cutoff_hours.data = 24
        else:
            form.therapists.data = groups.therapist_ids(get_db(), group)
    return form


def _values(form: GroupForm) -> dict:
    return {name: getattr(form, name).data for name in groups.SETTINGS}


def _name_free(form: GroupForm, group=None) -> bool:
    taken = groups.name_taken(
        get_db(), current_user.practice_id, form.name.data, group.id if group else None
    )
    if taken:
        form.name.errors.append(_("The practice already has a group with this name."))
    return not taken


@bp.route("/new", methods=["GET", "POST"])
@acts_once
def new():
    form = _group_form()
    if form.validate_on_submit() and _name_free(form):
        db = get_db()
        group = groups.save_group(db, current_user, None, _values(form), form.therapists.data)
        db.commit()
        if current_user.id in form.therapists.data:
            flash(_("The group is made. Now plan its meetings."))
            return redirect(url_for("therapist.new_series", group_id=group.id))
        flash(_("The group is made. Its therapists plan the meetings."))
        return redirect(url_for("groups_admin.group", group_id=group.id))
    status = 422 if form.is_submitted() else 200
    return render_template("practice/group_form.html", form=form, group=None), status


def _group_or_404(group_id: int):
    group = groups.group_for_staff(get_db(), current_user, group_id)
    if group is None:
        abort(404)
    return group


@bp.route("/<int:group_id>", methods=["GET", "POST"])
def group(group_id: int):
    group = _group_or_404(group_id)
    form = _group_form(group)
    if form.validate_on_submit() and _name_free(form, group):
        db = get_db()
        groups.save_group(db, current_user, group, _values(form), form.therapists.data)
        db.commit()
        flash(_("Saved."))
        return redirect(url_for("groups_admin.group", group_id=group.id))
    return _render_group(
        group, form, WaitingListForm(prefix="waiting"), 422 if form.is_submitted() else 200
    )


def _render_group(group, form, waiting_form, status: int = 200):
    db = get_db()
    today = memberships.local_today(group)
    leaving = memberships.leave_dates(db, group, today)
    if waiting_form.available_on.data is None and not waiting_form.errors:
        waiting_form.available_on.data = today
    return render_template(
        "practice/group.html",
        group=group,
        form=form,
        waiting_form=waiting_form,
        confirm_form=ConfirmForm(),
        today=today,
        taken=memberships.places_taken(db, group, today),
        leaving=leaving,
        free_on=memberships.first_free_day(db, group, today),
        waiting=waiting_list.waiting(db, group),
    ), status


@bp.post("/<int:group_id>/archive")
def archive(group_id: int):
    group = _group_or_404(group_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    db = get_db()
    groups.archive(db, current_user, group)
    db.commit()
    flash(_("%(group)s is archived. Its members keep their data.", group=group.name))
    return redirect(url_for("groups_admin.index"))


@bp.post("/<int:group_id>/waiting-list")
@acts_once
def add_waiting(group_id: int):
    group = _group_or_404(group_id)
    form = WaitingListForm(prefix="waiting")
    if not form.validate_on_submit():
        return _render_group(group, _group_form(group), form, 422)
    db = get_db()
    waiting_list.add(
        db, current_user, group, form.name.data, form.email.data, form.available_on.data
    )
    db.commit()
    flash(_("%(name)s is on the waiting list.", name=form.name.data))
    return redirect(url_for("groups_admin.group", group_id=group.id) + "#waiting")


def _entry_or_404(entry_id: int):
    db = get_db()
    entry = waiting_list.entry_for_staff(db, entry_id)
    if entry is None or groups.group_for_staff(db, current_user, entry.group_id) is None:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    return entry


@bp.post("/waiting-list/<int:entry_id>/invite")
@acts_once
def invite_waiting(entry_id: int):
    entry = _entry_or_404(entry_id)
    db = get_db()
    group = entry.group
    today = memberships.local_today(group)
    free_on = memberships.first_free_day(db, group, today) or today  # refused when full
    joins_on = max(entry.available_on, free_on)
    try:
        token = waiting_list.invite(db, current_user, entry, joins_on)
    except accounts.InviteRefused as refused:
        flash(invite_refusal(str(refused), group))
        return redirect(url_for("groups_admin.group", group_id=group.id) + "#waiting")
    db.commit()
    if send_invite_mail(entry.email, token, group, current_user.display_name):
        flash(_("%(name)s is invited, from %(date)s.", name=entry.name, date=format_date(joins_on)))
    else:
        flash(_("The invitation is saved, but the e-mail could not be sent. Try again later."))
    return redirect(url_for("groups_admin.group", group_id=group.id) + "#waiting")


@bp.post("/waiting-list/<int:entry_id>/remove")
def remove_waiting(entry_id: int):
    entry = _entry_or_404(entry_id)
    group_id = entry.group_id
    db = get_db()
    waiting_list.remove(db, current_user, entry)
    db.commit()
    flash(_("Removed from the waiting list."))
    return redirect(url_for("groups_admin.group", group_id=group_id) + "#waiting")
