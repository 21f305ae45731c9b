"""Stopping an e-mail notice in one click, from the link in every such e-mail.

The link is signed (a capability, like the calendar link): it works without signing in,
because a mail program's one-click (RFC 8058) sends a bare POST with no session and no
CSRF token. A GET only shows the button: mail scanners open links, and must not stop
anyone's e-mail by doing so."""

from __future__ import annotations

from dataclasses import replace

from flask import abort, current_app, render_template, request
from flask_babel import lazy_gettext as _l

from server.auth.models import User
from server.db import get_db
from server.extensions import csrf, limiter
from server.push import mailing
from server.push.models import (
    EMAIL_NEVER,
    MEETING_CHANGED,
    MEETING_REMINDER,
    MEETING_SOON,
    NEW_HOMEWORK,
    REFLECTION_REMINDER,
)
from server.push.preferences import preferences, save_preferences
from server.push.views import bp

WHAT = {
    MEETING_CHANGED: _l("e-mails when a meeting changes or does not take place"),
    MEETING_REMINDER: _l("e-mails the day before your group meets"),
    MEETING_SOON: _l("e-mails two hours before your group meets"),
    NEW_HOMEWORK: _l("e-mails about a new assignment"),
    REFLECTION_REMINDER: _l("e-mails the evening before, about your assignment"),
}


@bp.route("/email/stop/<token>", methods=["GET", "POST"])
@csrf.exempt
@limiter.limit("30 per hour")
def stop_email(token: str):
    found = mailing.read_stop_token(current_app.config["SECRET_KEY"], token)
    db = get_db()
    member = db.get(User, found[0]) if found else None
    if member is None or not member.active or member.deleted_at is not None:
        abort(404)
    kind = found[1]
    if request.method == "POST":
        choices = replace(preferences(db, member), **{f"{kind}_email": EMAIL_NEVER})
        save_preferences(db, member, choices)
        db.commit()
    return render_template(
        "push/email_stop.html", what=WHAT[kind], stopped=request.method == "POST"
    )
