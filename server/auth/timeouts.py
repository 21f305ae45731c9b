"""How long a sign-in lasts: therapists are signed out after 30 idle minutes and after
12 hours (ASVS 7.3); members' sessions do not time out (their cookie's own lifetime
is in server/sessions.py)."""

from __future__ import annotations

import time

from flask import flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

IDLE_LIMIT = 30 * 60
ABSOLUTE_LIMIT = 12 * 3600
SEEN_STAMP_EVERY = 60


def stamp_sign_in() -> None:
    """The moment of signing in: both limits count from here."""
    session["since"] = session["seen"] = time.time()


def end_stale_therapist_sessions():
    """Before each request: a therapist's session that is past a limit ends here.

    Only a changed session is signed and sent again (Set-Cookie): members' sessions do
    not time out, so their pages send no cookie at all; a therapist's activity stamp
    is renewed at most once a minute, which moves the idle limit by that minute at most.
    """
    if request.endpoint == "static" or not current_user.is_authenticated:
        return None
    if not current_user.is_therapist:
        return None
    now = time.time()
    since, seen = session.get("since", 0), session.get("seen", 0)
    if now - seen > IDLE_LIMIT or now - since > ABSOLUTE_LIMIT:
        logout_user()
        session.clear()
        flash(_("You were signed out after a while without activity. Sign in again."))
        return redirect(url_for("auth.login"))
    if now - seen >= SEEN_STAMP_EVERY:
        session["seen"] = now
    return None
