"""Who may do what in the practice area: the admin of a practice, and the staff
(therapists and admins) of a practice for its groups and waiting lists."""

from __future__ import annotations

from functools import wraps

from flask import abort, current_app
from flask_login import current_user


def staff_required(view):
    """Therapists and admins; members, supporters and visitors get a 404."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return current_app.login_manager.unauthorized()
        if not current_user.is_therapist or current_user.practice_id is None:
            abort(404)
        return view(*args, **kwargs)

    return wrapped


def admin_required(view):
    """The practice admin only: a therapist without the right gets a 404, as does
    everyone else, so the area's existence tells them nothing."""

    @wraps(view)
    @staff_required
    def wrapped(*args, **kwargs):
        if not current_user.practice_admin:
            abort(404)
        return view(*args, **kwargs)

    return wrapped
