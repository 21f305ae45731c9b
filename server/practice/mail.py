"""The invitation of a therapist or admin, by e-mail (in development: to the log)."""

from __future__ import annotations

from flask import current_app, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from server.mail import send_mail


def send_staff_invite(email: str, token: str, practice_name: str) -> bool:
    link = current_app.config["BASE_URL"].rstrip("/") + url_for("welcome.accept", token=token)
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        return send_mail(
            email,
            _("Your invitation to Kring"),
            render_template("mail/staff_invite.txt", link=link, practice=practice_name),
        )
