from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from server.announcements import services as announcements
from server.auth.forms import LanguageForm
from server.db import get_db, now_utc
from server.groups import services as groups
from server.journey import services as journey
from server.offline.pages import keep_offline
from server.schedule import member_view

bp = Blueprint("home", __name__)


@bp.get("/")
@keep_offline
def index():
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    if current_user.is_therapist:
        return redirect(url_for("therapist.index"))
    db = get_db()
    today, now = groups.local_today(), now_utc()
    progress = journey.progress(db, current_user, now, today)
    # Her progress holds her memberships that have not ended, with their groups: the
    # next meeting needs the same, so they are read once.
    memberships = [p.membership for p in progress]
    return render_template(
        "home/index.html",
        next_meeting=member_view.next_meeting(db, current_user, now, memberships),
        progress=progress,
        today=today,
        announcements=_announcements(db, progress, now),
    )


def _announcements(db, progress, now) -> list:
    """Read only when one of her groups has any of the last weeks: most homes have none,
    and her progress, read anyway, says so."""
    if not any(p.has_news for p in progress):
        return []
    return announcements.for_member(db, current_user, now)


@bp.get("/more")
@login_required
def more():
    language_form = LanguageForm(next=request.path)
    has_goals = not current_user.is_therapist and groups.works_with_goals(
        get_db(), current_user, groups.local_today()
    )
    return render_template("home/more.html", language_form=language_form, has_goals=has_goals)
