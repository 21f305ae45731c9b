"""The app shell: manifest, service worker, offline page, and this device's settings."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf.csrf import generate_csrf

from server.offline import assets
from server.offline.forms import DeviceForm
from server.offline.manifest import web_manifest
from server.offline.pages import KEEP_COOKIE, keeps_pages_here
from server.plan.sections import crisis_lines

bp = Blueprint("offline", __name__)
TWO_YEARS = 2 * 365 * 24 * 3600


@bp.get("/manifest.webmanifest")
def manifest():
    response = jsonify(web_manifest())
    response.mimetype = "application/manifest+json"
    return response


@bp.get("/sw.js")
def service_worker():
    response = Response(assets.service_worker_script(), mimetype="text/javascript")
    # Always ask the server: this file decides when a new version is installed.
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/offline")
def offline_page():
    # Precached once and shown for any page that is not kept: nothing personal on it,
    # but the crisis numbers, which matter most when there is no connection.
    return render_template("offline/offline.html", crisis=crisis_lines())


@bp.get("/offline/token")
def token():
    """A fresh CSRF token for actions sent from the offline queue: the token in a page
    kept on the device may have expired by the time the phone is online again."""
    if not current_user.is_authenticated:
        return jsonify(error="sign in"), 401
    return jsonify(csrf_token=generate_csrf())


@bp.route("/device", methods=["GET", "POST"])
@login_required
def device():
    form = DeviceForm(keep_pages=keeps_pages_here())
    if not form.validate_on_submit():
        return render_template("offline/device.html", form=form)
    response = redirect(url_for("offline.device"))
    if form.keep_pages.data:
        response.delete_cookie(KEEP_COOKIE)
        flash(_("Your schedule and plan are kept on this device when you open them."))
    else:
        # A device setting, so a cookie: another phone of the same member keeps its own.
        response.set_cookie(
            KEEP_COOKIE,
            "off",
            max_age=TWO_YEARS,
            httponly=True,
            samesite="Lax",
            secure=current_app.config["SESSION_COOKIE_SECURE"],
        )
        flash(_("Nothing is kept on this device any more. Pages kept earlier are removed."))
    return response
