"""A new therapist or admin opens the invitation link and creates the account. The
second step is set up right after, at the first sign-in, like for every therapist."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from server.auth import services as accounts
from server.db import get_db
from server.extensions import limiter
from server.practice import staff
from server.practice.forms import StaffAcceptForm

bp = Blueprint("welcome", __name__)


@bp.route("/welcome/<token>", methods=["GET", "POST"])
@limiter.limit("20 per minute")
def accept(token: str):
    db = get_db()
    try:
        invite = staff.open_staff_invite(db, token)
    except accounts.LinkProblem as problem:
        return render_template("auth/link_problem.html", reason=problem.reason, kind="staff"), (
            410 if problem.reason in ("used", "expired") else 404
        )
    form = StaffAcceptForm()
    form.email_for_policy = invite.email
    if form.validate_on_submit():
        try:
            staff.accept_staff_invite(db, invite, form.display_name.data, form.password.data)
        except accounts.LinkProblem as problem:
            page = render_template("auth/link_problem.html", reason=problem.reason, kind="staff")
            return page, 410
        db.commit()
        if current_user.is_authenticated:
            logout_user()  # someone else's session on this device does not carry over
        flash(_("Your account is ready. Sign in and set up the second step."))
        return redirect(url_for("auth.login"))
    status = 422 if form.is_submitted() else 200
    return render_template("practice/welcome.html", form=form, invite=invite), status
