"""The member's supporter links (/plan/shares); the supporter's side is in
supporter_views.py."""

from __future__ import annotations

import segno
from flask import (
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from server.db import get_db, now_utc
from server.offline.once import acts_once, new_form_key
from server.plan import shares
from server.plan.forms import ShareForm, VersionForm
from server.plan.shared import chosen_phases, phase_names
from server.plan.views import _plan, bp

bp.add_app_template_filter(phase_names, "phase_names")


@bp.route("/shares", methods=["GET", "POST"])
@acts_once
def share_list():
    plan = _plan()
    db = get_db()
    form = ShareForm()
    if form.validate_on_submit():
        # The action's key names the new link in the page it lands on: a reload, or the
        # answer to a second tap, shows the same link and makes none.
        made = g.get("action_key") or new_form_key()
        choices = shares.LinkChoices(
            form.supporter.data,
            form.sections.data,
            form.expiry.data,
            chosen_phases(form.phases.data),
            form.notify_email.data if form.notify.data else None,
        )
        shares.create_share(
            db, plan, choices, now_utc(), made[:64], current_app.config["SECRET_KEY"]
        )
        db.commit()
        return redirect(url_for("plan.share_list", made=made) + "#new-link")
    return render_template(
        "plan/shares.html",
        form=form,
        created=_new_link(db, plan, request.args.get("made", "")),
        shares=shares.shares_of(db, plan),
        now=now_utc(),
        revoke_form=VersionForm(version=plan.version),
    ), 422 if form.is_submitted() else 200


def _token(made: str) -> str:
    return shares.derived_token(current_app.config["SECRET_KEY"], current_user.id, made)


def _new_link(db, plan, made: str) -> dict | None:
    """The link made just now, shown on the page its creation lands on."""
    token = _token(made[:64]) if made else None
    share = token and shares.new_share_of(db, plan, token, now_utc())
    if not share:
        return None
    link = current_app.config["BASE_URL"].rstrip("/") + url_for("supporter.page", token=token)
    qr = segno.make(link, error="m").svg_data_uri(scale=4, border=2)
    return {"share": share, "link": link, "qr": qr}


@bp.post("/shares/<int:share_id>/revoke")
def revoke_share(share_id: int):
    plan = _plan()
    db = get_db()
    share = shares.share_of(db, plan, share_id)
    if share is None:
        abort(404)
    if not VersionForm().validate_on_submit():
        abort(400)
    shares.revoke(db, share, now_utc())
    db.commit()
    flash(_("The link for %(name)s no longer works.", name=share.supporter_name))
    return redirect(url_for("plan.share_list"))
