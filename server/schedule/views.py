from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    url_for,
)
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from server.db import get_db, now_utc
from server.extensions import limiter
from server.forms import ConfirmForm
from server.groups import cutoff
from server.groups.services import local_today
from server.offline.once import acts_once
from server.offline.pages import is_prefetch, keep_offline
from server.schedule import calendar, member_view, rooster, services
from server.schedule.display import FILTERS
from server.schedule.forms import CalendarForm, CancelAttendanceForm
from server.security import member_required

bp = Blueprint("schedule", __name__)
for _name, _filter in FILTERS.items():
    bp.add_app_template_filter(_filter, _name)


def _mine_or_404(meeting_id: int) -> member_view.MemberMeeting:
    item = member_view.member_meeting(get_db(), current_user, meeting_id)
    if item is None:
        abort(404)  # another group's meeting looks the same as no meeting
    return item


@bp.get("/schedule")
@member_required
@keep_offline
def index():
    upcoming, recent, has_earlier = member_view.rooster(get_db(), current_user, now_utc())
    upcoming, past = rooster.rows(upcoming, recent, local_today())
    return render_template(
        "schedule/index.html", upcoming=upcoming, past=past, has_earlier=has_earlier
    )


@bp.get("/schedule/earlier")
@member_required
@keep_offline
def earlier():
    _upcoming, past = member_view.member_meetings(get_db(), current_user, now_utc())
    _none, past = rooster.rows([], past, local_today())
    return render_template("schedule/earlier.html", past=past)


@bp.get("/meetings/<int:meeting_id>")
@member_required
@keep_offline
def meeting(meeting_id: int):
    item = _mine_or_404(meeting_id)
    page = _render_meeting(item)
    if item.changed and not is_prefetch():
        # Seeing the page is what clears the "gewijzigd" marker; a harmless write on
        # GET, like an access-log row. A copy kept ahead for offline use is not seen.
        db = get_db()
        member_view.mark_seen(db, current_user, item.meeting)
        db.commit()
    return page


def _render_meeting(item, form=None, problem: str | None = None, status: int = 200):
    now = now_utc()
    return render_template(
        "schedule/meeting.html",
        item=item,
        today=local_today(item.meeting.group),
        started=now >= item.meeting.starts_at,
        late=services.is_late(item.meeting, now),
        deadline=cutoff.cancellation_deadline(item.meeting.group, item.meeting.starts_at),
        form=form or CancelAttendanceForm(),
        undo_form=ConfirmForm(),
        problem=problem,
    ), status


def _refusal_text(reason: str) -> str:
    if reason == "started":
        return _("This meeting has already started or is over. Cancelling is no longer possible.")
    return _("This meeting does not take place, so there is nothing to cancel.")


@bp.route("/meetings/<int:meeting_id>/cancel", methods=["GET", "POST"])
@member_required
@keep_offline
@acts_once
def cancel(meeting_id: int):
    item = _mine_or_404(meeting_id)
    form = CancelAttendanceForm()
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template(
            "schedule/cancel.html",
            item=item,
            form=form,
            late=services.is_late(item.meeting, now_utc()),
            today=local_today(item.meeting.group),
            deadline=cutoff.cancellation_deadline(item.meeting.group, item.meeting.starts_at),
        ), status
    db = get_db()
    try:
        attendance = services.cancel_attendance(
            db,
            current_user,
            item.meeting,
            form.reason.data or "",
            now_utc(),
            force_majeure=form.force_majeure.data,
        )
    except services.AttendanceRefused as refused:
        return _render_meeting(item, form, _refusal_text(refused.reason), 409)
    db.commit()
    if attendance.force_majeure:
        flash(_("You have cancelled. Your therapists see that it is force majeure."))
    elif attendance.late:
        flash(
            _(
                "You have cancelled. It is short notice, so your therapists will see that. "
                "Thank you for letting them know."
            )
        )
    else:
        flash(_("You have cancelled. Your therapists can see it."))
    return redirect(url_for("schedule.meeting", meeting_id=meeting_id))


@bp.post("/meetings/<int:meeting_id>/undo")
@member_required
def undo(meeting_id: int):
    item = _mine_or_404(meeting_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    db = get_db()
    try:
        services.undo_cancellation(db, current_user, item.meeting, now_utc())
    except services.AttendanceRefused as refused:
        return _render_meeting(item, problem=_refusal_text(refused.reason), status=409)
    db.commit()
    flash(_("Good to hear: you are coming after all."))
    return redirect(url_for("schedule.meeting", meeting_id=meeting_id))


@bp.get("/meetings/<int:meeting_id>/calendar.ics")
@member_required
def meeting_ics(meeting_id: int):
    item = _mine_or_404(meeting_id)
    mine = frozenset({meeting_id}) if item.cancelled_by_me else frozenset()
    body = calendar.to_ical(
        [item.meeting], current_app.config["BASE_URL"], cancelled_by_member=mine
    )
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": 'attachment; filename="kring.ics"'},
    )


@bp.route("/calendar", methods=["GET", "POST"])
@member_required
def feed():
    db = get_db()
    form = CalendarForm()
    link = None
    feed = calendar.feed_of(db, current_user)
    if form.validate_on_submit():
        # A new link keeps her choice; the first one takes it from the form.
        with_place = feed.with_place if feed else not form.leave_out_place.data
        token = calendar.create_feed(db, current_user, with_place)
        db.commit()
        link = current_app.config["BASE_URL"].rstrip("/") + url_for(
            "schedule.feed_ics", token=token
        )
    feed = calendar.feed_of(db, current_user)
    if feed is not None and not form.is_submitted():
        form.leave_out_place.data = not feed.with_place
    return render_template(
        "schedule/calendar.html",
        form=form,
        link=link,
        webcal=link and calendar.webcal(link),
        has_feed=feed is not None,
    )


@bp.post("/calendar/place")
@member_required
def feed_place():
    form = CalendarForm()
    if not form.validate_on_submit():
        abort(400)
    db = get_db()
    if calendar.set_with_place(db, current_user, not form.leave_out_place.data):
        db.commit()
        flash(_("Saved. Your calendar shows it the next time it updates."))
    return redirect(url_for("schedule.feed"))


@bp.post("/calendar/stop")
@member_required
def stop_feed():
    if not ConfirmForm().validate_on_submit():
        abort(400)
    db = get_db()
    calendar.delete_feed(db, current_user)
    db.commit()
    flash(_("Your calendar link no longer works."))
    return redirect(url_for("schedule.feed"))


@bp.get("/calendar/<token>.ics")
@limiter.limit("60 per hour")
def feed_ics(token: str):
    db = get_db()
    found = calendar.feed_for_token(db, token)
    if found is None:
        abort(404)
    member, feed = found
    upcoming, past = member_view.member_meetings(
        db, member, now_utc(), past_since=now_utc() - calendar.FEED_PAST, columns="all"
    )
    items = (*past, *upcoming)
    with force_locale(member.locale):  # a calendar app sends no language of hers
        body = calendar.to_ical(
            [item.meeting for item in items],
            current_app.config["BASE_URL"],
            cancelled_by_member=frozenset(i.meeting.id for i in items if i.cancelled_by_me),
            with_place=feed.with_place,
        )
    return Response(
        body,
        mimetype="text/calendar",
        headers={
            "Referrer-Policy": "no-referrer",
            "X-Robots-Tag": "noindex",
            "Cache-Control": "private, no-store",
        },
    )
