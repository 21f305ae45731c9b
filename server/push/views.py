from dataclasses import fields

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from server.db import get_db, now_utc
from server.forms import ConfirmForm
from server.push import services
from server.push.forms import DeviceForm, PreferencesForm
from server.push.preferences import Preferences, preferences, save_preferences
from server.security import member_required

bp = Blueprint("push", __name__)

HOMEWORK_CHOICES = (
    "new_homework",
    "reflection_reminder",
    "new_homework_email",
    "reflection_reminder_email",
)


def _public_key() -> str | None:
    state = current_app.extensions.get("kring_push")
    return state.keys.public_key if state and state.keys else None


def _render(form: PreferencesForm, status: int = 200):
    db = get_db()
    return render_template(
        "push/settings.html",
        form=form,
        devices=services.devices(db, current_user),
        device_form=DeviceForm(),
        public_key=_public_key(),
    ), status


@bp.route("/notifications", methods=["GET", "POST"])
@member_required
def settings():
    db = get_db()
    stored = preferences(db, current_user)
    form = PreferencesForm(obj=stored)
    if not form.validate_on_submit():
        return _render(form, 422 if form.is_submitted() else 200)
    choices = {f.name: getattr(form, f.name).data for f in fields(Preferences)}
    if not current_user.has_homework:
        # Those switches are not on her page: keep what they were.
        choices.update({name: getattr(stored, name) for name in HOMEWORK_CHOICES})
    save_preferences(db, current_user, Preferences(**choices))
    db.commit()
    flash(_("Your choices are saved."))
    return redirect(url_for("push.settings"))


@bp.post("/notifications/subscribe")
@member_required
def subscribe():
    """Called by push.js with the browser's subscription as JSON (CSRF in a header)."""
    if _public_key() is None:
        abort(404)
    try:
        new = services.parse_subscription(request.get_json(silent=True), current_app.config)
    except services.InvalidSubscription:
        return jsonify(ok=False, message=_("This browser's subscription was not accepted.")), 400
    db = get_db()
    label = services.device_label(request.user_agent.string or "")
    services.subscribe(db, current_user, new, label)
    db.commit()
    flash(_("Notifications are on for this device."))
    return jsonify(ok=True), 201


@bp.post("/notifications/unsubscribe")
@member_required
def unsubscribe():
    """push.js, when the browser no longer has permission or the member switched off."""
    endpoint = request.form.get("endpoint", "")
    if not endpoint or len(endpoint) > 1000:
        abort(400)
    db = get_db()
    services.unsubscribe(db, current_user, endpoint)
    db.commit()
    return jsonify(ok=True)


@bp.post("/notifications/devices/remove")
@member_required
def remove_device():
    form = DeviceForm()
    if not form.validate_on_submit():
        abort(400)
    db = get_db()
    if not services.remove_device(db, current_user, form.device.data):
        abort(404)
    db.commit()
    flash(_("This device no longer gets notifications."))
    return redirect(url_for("push.settings"))


@bp.post("/notifications/test")
@member_required
def send_test():
    if not ConfirmForm().validate_on_submit():
        abort(400)
    db = get_db()
    if not services.devices(db, current_user):
        flash(_("Switch notifications on for this device first."))
    elif services.queue_test(db, current_user, now_utc()):
        db.commit()
        flash(_("A test message is on its way to your devices."))
    else:
        flash(_("A test message was sent a moment ago. Wait a minute to send another."))
    return redirect(url_for("push.settings"))
