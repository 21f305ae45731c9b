"""Therapists and homework: assign, edit, and read what members chose to share."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from server import audit
from server.db import get_db, now_utc
from server.groups import services as groups
from server.homework import services as homework
from server.offline.once import acts_once
from server.schedule import services as schedule
from server.schedule.display import meeting_day
from server.therapist.forms import AssignForm
from server.therapist.views import bp, group_or_404

EVERYONE = 0


def _homework_group_or_404(group_id: int):
    group = group_or_404(group_id)
    if not group.homework_enabled:
        abort(404)
    return group


def _assign_form(memberships, upcoming, **defaults) -> AssignForm:
    form = AssignForm(**defaults)
    form.recipient.choices = [SelectChoice(EVERYONE, _l("All current members"))] + [
        SelectChoice(m.member_id, m.member.name) for m in memberships
    ]
    form.due_meeting.choices = [SelectChoice(EVERYONE, _l("No meeting"))] + [
        SelectChoice(m.id, meeting_day(m)) for m in upcoming if not m.is_cancelled
    ]
    return form


@bp.route("/groups/<int:group_id>/homework", methods=["GET", "POST"])
@acts_once
def group_homework(group_id: int):
    group = _homework_group_or_404(group_id)
    db = get_db()
    now = now_utc()
    memberships = groups.current_memberships(db, group, groups.local_today(group))
    upcoming, past = schedule.group_meetings(db, group, now, ahead=8, back=1)
    form = _assign_form(memberships, upcoming)
    if form.validate_on_submit():
        chosen = [m.member for m in memberships if form.recipient.data in (EVERYONE, m.member_id)]
        due = next((m for m in upcoming if m.id == form.due_meeting.data), None)
        homework.assign(
            db, current_user, group, chosen, form.title.data, form.instructions.data or "", due
        )
        db.commit()
        flash(
            ngettext(
                "Assignment given to %(num)d member.",
                "Assignment given to %(num)d members.",
                len(chosen),
            )
        )
        return redirect(url_for("therapist.group_homework", group_id=group.id))
    if not form.is_submitted() and upcoming:
        form.due_meeting.data = upcoming[0].id
    previous = past[0] if past else None
    return render_template(
        "therapist/homework.html",
        group=group,
        form=form,
        memberships=memberships,
        overview=homework.group_homework(db, group),
        shared_since=homework.shared_since(db, group, previous.starts_at if previous else None),
        previous=previous,
        next_meeting=upcoming[0] if upcoming else None,
    ), 422 if form.is_submitted() else 200


@bp.route("/assignments/<int:assignment_id>", methods=["GET", "POST"])
def assignment(assignment_id: int):
    db = get_db()
    assignment = homework.assignment_led_by(db, current_user, assignment_id)
    if assignment is None or not assignment.group.homework_enabled:
        abort(404)
    upcoming, _past = schedule.group_meetings(db, assignment.group, now_utc(), ahead=8, back=0)
    if assignment.due_meeting and assignment.due_meeting not in upcoming:
        upcoming.insert(0, assignment.due_meeting)
    form = _assign_form([], upcoming, title=assignment.title, instructions=assignment.instructions)
    del form.recipient
    if not form.is_submitted():
        form.due_meeting.data = assignment.due_meeting_id or EVERYONE
    if form.validate_on_submit():
        assignment.title = form.title.data.strip()
        assignment.instructions = form.instructions.data or ""
        assignment.due_meeting = next((m for m in upcoming if m.id == form.due_meeting.data), None)
        audit.record(
            db,
            "update",
            actor_user_id=current_user.id,
            subject_user_id=assignment.member_id,
            object_type="assignment",
            object_id=assignment.id,
        )
        db.commit()
        flash(_("Saved."))
        return redirect(url_for("therapist.assignment", assignment_id=assignment.id))
    reflections = homework.shared_reflections(db, current_user, assignment)
    page = render_template(
        "therapist/assignment.html", assignment=assignment, form=form, reflections=reflections
    )
    db.commit()  # the access-log rows of the reflections shown
    return page, 422 if form.is_submitted() else 200
