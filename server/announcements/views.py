"""The member closes an announcement on her home."""

from flask import Blueprint, abort, redirect, url_for
from flask_login import current_user

from server.announcements import services
from server.db import get_db, now_utc
from server.forms import ConfirmForm
from server.security import member_required

bp = Blueprint("announcements", __name__)


@bp.post("/announcements/<int:announcement_id>/dismiss")
@member_required
def dismiss(announcement_id: int):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    db = get_db()
    if not services.dismiss(db, current_user, announcement_id, now_utc()):
        abort(404)  # another group's announcement looks the same as none
    db.commit()
    return redirect(url_for("home.index"))
