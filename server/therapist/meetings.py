"""Therapists plan meetings: series, one meeting's details, cancelling, the register."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from server.db import get_db, now_utc
from server.forms import ConfirmForm
from server.offline.once import acts_once
from server.schedule import recurrence, services
from server.schedule import register as registers
from server.schedule.models import MeetingSeries
from server.therapist import week
from server.therapist.forms import (
    CancelMeetingForm,
    ExtendSeriesForm,
    MeetingForm,
    SeriesForm,
)
from server.therapist.views import bp, group_or_404


@bp.route("/groups/<int:group_id>/series/new", methods=["GET", "POST"])
@acts_once
def new_series(group_id: int):
    group = group_or_404(group_id)
    form = SeriesForm()
    if request.method == "GET":
        form.duration_minutes.data = group.default_duration_minutes
        form.location.data = group.location
        form.online_link.data = group.online_link
    if form.validate_on_submit():
        db = get_db()
        recurrence.create_series(
            db,
            group,
            frequency=form.frequency.data,
            starts_on=form.starts_on.data,
            start_time=form.start_time.data,
            duration_minutes=form.duration_minutes.data,
            location=(form.location.data or "").strip(),
            online_link=form.online_link.data or "",
            until=form.until.data,
            count=form.count.data,
            skipped=form.skipped_dates,
        )
        db.commit()
        flash(_("The meetings are planned."))
        return redirect(url_for("therapist.group", group_id=group.id))
    status = 422 if form.is_submitted() else 200
    return render_template("therapist/series.html", group=group, form=form), status


@bp.route("/series/<int:series_id>/extend", methods=["GET", "POST"])
def extend_series(series_id: int):
    db = get_db()
    series = db.get(MeetingSeries, series_id)
    if series is None:
        abort(404)
    group = group_or_404(series.group_id)
    form = ExtendSeriesForm()
    form.series_start = series.starts_on
    if form.validate_on_submit():
        made = recurrence.extend_series(
            db, series, group, until=form.until.data, count=form.count.data
        )
        db.commit()
        flash(ngettext("%(num)d meeting added.", "%(num)d meetings added.", made))
        return redirect(url_for("therapist.group", group_id=group.id))
    status = 422 if form.is_submitted() else 200
    return render_template(
        "therapist/extend.html",
        group=group,
        series=series,
        frequency=recurrence.frequency_of(series),
        form=form,
    ), status


def _meeting_or_404(meeting_id: int):
    meeting = services.meeting_led_by(get_db(), current_user, meeting_id)
    if meeting is None:
        abort(404)
    return meeting


def _render_meeting(meeting, form=None, status: int = 200):
    db = get_db()
    local_start = services.local(meeting.starts_at, meeting.group)
    if form is None:
        form = MeetingForm(
            day=local_start.date(),
            start_time=local_start.time(),
            end_time=services.local(meeting.ends_at, meeting.group).time(),
            location=meeting.location,
            online_link=meeting.online_link,
            theme=meeting.theme,
            note=meeting.note,
        )
    register = registers.register_for(db, meeting, current_user)
    day = local_start.date()
    started = registers.has_started(meeting, now_utc())
    page = render_template(
        "therapist/meeting.html",
        meeting=meeting,
        form=form,
        confirm_form=ConfirmForm(),
        register=register,
        new_ids={r.membership.member_id for r in register.rows if week.is_new(r.membership, day)},
        started=started,
        registering=started and not meeting.is_cancelled,
    )
    db.commit()  # the access-log rows of reading the register
    return page, status


@bp.get("/meetings/<int:meeting_id>")
def meeting(meeting_id: int):
    return _render_meeting(_meeting_or_404(meeting_id))


@bp.post("/meetings/<int:meeting_id>")
def edit_meeting(meeting_id: int):
    meeting = _meeting_or_404(meeting_id)
    form = MeetingForm()
    if not form.validate_on_submit():
        return _render_meeting(meeting, form=form, status=422)
    zone = meeting.group.timezone
    starts_at = recurrence.local_to_utc(form.day.data, form.start_time.data, zone)
    ends_at = recurrence.local_to_utc(form.day.data, form.end_time.data, zone)
    db = get_db()
    changed = services.update_meeting(
        db,
        meeting,
        current_user,
        starts_at=starts_at,
        ends_at=ends_at,
        location=(form.location.data or "").strip(),
        online_link=form.online_link.data or "",
        theme=(form.theme.data or "").strip(),
        note=(form.note.data or "").strip(),
    )
    db.commit()
    flash(_("Saved. Members see the change at once.") if changed else _("Nothing changed."))
    return redirect(url_for("therapist.meeting", meeting_id=meeting.id))


@bp.route("/meetings/<int:meeting_id>/cancel", methods=["GET", "POST"])
def cancel_meeting(meeting_id: int):
    """A step of its own: the therapist confirms, with a message the members see."""
    meeting = _meeting_or_404(meeting_id)
    if meeting.is_cancelled:
        return redirect(url_for("therapist.meeting", meeting_id=meeting.id))
    form = CancelMeetingForm()
    if form.validate_on_submit():
        db = get_db()
        services.cancel_meeting(db, meeting, current_user, form.message.data)
        db.commit()
        flash(_("The meeting is cancelled. Members see your message."))
        return redirect(url_for("therapist.meeting", meeting_id=meeting.id))
    status = 422 if form.is_submitted() else 200
    return render_template("therapist/cancel_meeting.html", meeting=meeting, form=form), status


@bp.post("/meetings/<int:meeting_id>/restore")
def restore_meeting(meeting_id: int):
    meeting = _meeting_or_404(meeting_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    db = get_db()
    services.restore_meeting(db, meeting, current_user)
    db.commit()
    flash(_("The meeting takes place after all."))
    return redirect(url_for("therapist.meeting", meeting_id=meeting.id))


@bp.post("/meetings/<int:meeting_id>/register")
def save_register(meeting_id: int):
    meeting = _meeting_or_404(meeting_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if not registers.has_started(meeting, now_utc()):
        flash(_("You can fill in the register once the meeting has started."))
        return _render_meeting(meeting, status=409)
    if meeting.is_cancelled:
        flash(_("This meeting is cancelled: there is no register to fill in."))
        return _render_meeting(meeting, status=409)
    db = get_db()
    register = registers.register_for(db, meeting, current_user, log=False)
    allowed = {row.membership.member_id for row in register.rows}
    marks = {
        member_id: request.form.get(f"status-{member_id}", "")
        for member_id in allowed
        if request.form.get(f"status-{member_id}")
    }
    registers.mark(db, meeting, marks, current_user)
    db.commit()
    flash(_("The register is saved."))
    return redirect(url_for("therapist.meeting", meeting_id=meeting.id))
