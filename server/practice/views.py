"""The practice admin's area under /admin/: the practice's details, its therapists
and its access log. Groups and waiting lists are in `groups_views`."""

from __future__ import annotations

import io

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from server import audit
from server.db import get_db
from server.forms import ConfirmForm
from server.groups.models import Practice
from server.offline.once import acts_once
from server.practice import access_log, staff
from server.practice.access import admin_required
from server.practice.forms import AccessLogFilter, PracticeForm, StaffInviteForm
from server.practice.mail import send_staff_invite
from server.spreadsheet import write_rows

bp = Blueprint("practice", __name__)


@bp.before_request
@admin_required
def require_admin():
    """Every route of this blueprint is for the practice's admin only."""


def _practice() -> Practice:
    return get_db().get(Practice, current_user.practice_id)


@bp.route("/", methods=["GET", "POST"])
def index():
    practice = _practice()
    form = PracticeForm(obj=practice)
    if form.validate_on_submit():
        db = get_db()
        form.populate_obj(practice)
        practice.name = practice.name.strip()
        audit.record(db, "update", actor_user_id=current_user.id, object_type="practice")
        db.commit()
        flash(_("Saved."))
        return redirect(url_for("practice.index"))
    status = 422 if form.is_submitted() else 200
    return render_template("practice/index.html", practice=practice, form=form), status


@bp.get("/therapists")
def therapists():
    return _render_staff(StaffInviteForm())


def _render_staff(form, status: int = 200):
    db = get_db()
    return render_template(
        "practice/therapists.html",
        staff=staff.staff_of(db, current_user.practice_id),
        invites=staff.open_staff_invites(db, current_user.practice_id),
        form=form,
        confirm_form=ConfirmForm(),
    ), status


@bp.post("/therapists/invite")
@acts_once
def invite_therapist():
    form = StaffInviteForm()
    if not form.validate_on_submit():
        return _render_staff(form, 422)
    db = get_db()
    practice = _practice()
    try:
        token = staff.invite_staff(
            db, practice, form.email.data, admin=form.practice_admin.data, invited_by=current_user
        )
    except staff.StaffRefused:
        form.email.errors.append(_("This address already has an account in Kring."))
        return _render_staff(form, 422)
    db.commit()
    if send_staff_invite(form.email.data, token, practice.name):
        flash(_("Invitation sent to %(email)s.", email=form.email.data))
    else:
        flash(_("The invitation is saved, but the e-mail could not be sent. Try again later."))
    return redirect(url_for("practice.therapists"))


def _staff_action(user_id: int, action) -> Response:
    if not ConfirmForm().validate_on_submit():
        abort(400)
    db = get_db()
    user = staff.staff_member(db, current_user.practice_id, user_id)
    if user is None:
        abort(404)
    try:
        message = action(db, user)
    except staff.StaffRefused:
        flash(_("You cannot do this for your own account. Ask another admin."))
        return redirect(url_for("practice.therapists"))
    db.commit()
    flash(message)
    return redirect(url_for("practice.therapists"))


@bp.post("/therapists/<int:user_id>/deactivate")
def deactivate(user_id: int):
    def action(db, user):
        staff.set_active(db, current_user, user, False)
        return _("%(name)s can no longer sign in. Their groups stay.", name=user.display_name)

    return _staff_action(user_id, action)


@bp.post("/therapists/<int:user_id>/activate")
def activate(user_id: int):
    def action(db, user):
        staff.set_active(db, current_user, user, True)
        return _("%(name)s can sign in again.", name=user.display_name)

    return _staff_action(user_id, action)


@bp.post("/therapists/<int:user_id>/reset-second-step")
def reset_second_step(user_id: int):
    def action(db, user):
        staff.reset_second_step(db, current_user, user)
        return _(
            "%(name)s sets up the second step again at the next sign-in.", name=user.display_name
        )

    return _staff_action(user_id, action)


def _filter() -> tuple[AccessLogFilter, access_log.Filter, tuple]:
    db = get_db()
    people = access_log.people(db, current_user.practice_id)
    form = AccessLogFilter(request.args)
    everyone = [(0, _("Everyone"))]
    form.person.choices = everyone + [(u.id, f"{u.display_name} ({u.email})") for u in people[0]]
    form.member.choices = everyone + [(u.id, u.name) for u in people[1]]
    chosen = access_log.Filter()
    if form.validate():
        chosen = access_log.Filter(
            form.person.data or None, form.member.data or None, form.start.data, form.end.data
        )
    return form, chosen, people


def _log_review(db, chosen: access_log.Filter, action: str) -> None:
    audit.record(
        db,
        action,
        actor_user_id=current_user.id,
        subject_user_id=chosen.member_id,
        object_type="access_log",
    )


@bp.get("/access-log")
def access_log_page():
    form, chosen, (staff_people, members) = _filter()
    db = get_db()
    events = access_log.events(db, current_user.practice_id, chosen)
    _log_review(db, chosen, "read")
    page = render_template(
        "practice/access_log.html",
        form=form,
        events=events,
        names={u.id: u.name for u in staff_people + members},
        page_size=access_log.PAGE_SIZE,
        csv_query=request.query_string.decode(),
    )
    db.commit()  # the review itself is in the log
    return page


@bp.get("/access-log.csv")
def access_log_csv():
    form, chosen, (staff_people, members) = _filter()
    db = get_db()
    events = access_log.events(db, current_user.practice_id, chosen, limit=None)
    names = {u.id: u.name for u in staff_people + members}
    output = io.StringIO()
    header = ["at", "who", "actor_user_id", "whose_data", "subject_user_id", "action"]
    write_rows(
        output,
        [
            header + ["object_type", "object_id", "outcome", "ip"],
            *(
                [
                    e.at.isoformat(timespec="seconds"),
                    names.get(e.actor_user_id, ""),
                    e.actor_user_id,
                    names.get(e.subject_user_id, ""),
                    e.subject_user_id,
                    e.action,
                    e.object_type,
                    e.object_id,
                    e.outcome,
                    e.ip,
                ]
                for e in events
            ),
        ],
    )
    _log_review(db, chosen, "export")
    db.commit()
    return Response(
        output.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="access-log.csv"'},
    )
