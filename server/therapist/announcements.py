"""Therapists post an announcement ("mededeling") to the current members of a group."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from server.announcements import services as announcements
from server.announcements.models import MAX_LENGTH
from server.db import get_db
from server.groups import services as groups
from server.offline.once import acts_once
from server.plaintext import no_nul
from server.therapist.views import bp, group_or_404


class AnnouncementForm(FlaskForm):
    text = TextAreaField(
        _l("Message"),
        description=_l(
            'Short and for everyone, for example "Next week we start at 10:15". '
            "Members cannot reply. Their phone only says: message from your group."
        ),
        validators=[
            DataRequired(_l("Write a short message.")),
            Length(max=MAX_LENGTH, message=_l("Use at most 500 characters.")),
            no_nul,
        ],
    )


@bp.route("/groups/<int:group_id>/announcements", methods=["GET", "POST"])
@acts_once
def group_announcements(group_id: int):
    group = group_or_404(group_id)
    db = get_db()
    form = AnnouncementForm()
    if form.validate_on_submit():
        announcements.post(db, current_user, group, form.text.data)
        db.commit()
        members = len(groups.current_memberships(db, group, groups.local_today(group)))
        flash(ngettext("Sent to %(num)d member.", "Sent to %(num)d members.", members))
        return redirect(url_for("therapist.group_announcements", group_id=group.id))
    return render_template(
        "therapist/announcements.html",
        group=group,
        form=form,
        sent=announcements.of_group(db, group),
    ), 422 if form.is_submitted() else 200
