"""The member's supporter links (/plan/shares) and the supporter's page (/s/<token>)."""

from __future__ import annotations

import segno
from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from server.db import get_db, now_utc
from server.extensions import limiter
from server.plan import layout, shares
from server.plan.forms import ShareForm, VersionForm
from server.plan.sections import crisis_lines
from server.plan.services import load_plan
from server.plan.views import _plan, bp

supporter_bp = Blueprint("supporter", __name__)


@bp.route("/shares", methods=["GET", "POST"])
def share_list():
    plan = _plan()
    db = get_db()
    form = ShareForm()
    created = None
    if form.validate_on_submit():
        share, token = shares.create_share(
            db, plan, form.supporter.data, form.sections.data, form.expiry.data, now_utc()
        )
        db.commit()
        link = current_app.config["BASE_URL"].rstrip("/") + url_for("supporter.page", token=token)
        created = {
            "share": share,
            "link": link,
            "qr": segno.make(link, error="m").svg_data_uri(scale=4, border=2),
        }
        form = ShareForm(formdata=None)
    status = 422 if form.is_submitted() and created is None else 200
    return render_template(
        "plan/shares.html",
        form=form,
        created=created,
        shares=shares.shares_of(db, plan),
        now=now_utc(),
        revoke_form=VersionForm(version=plan.version),
    ), status


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


# Capability-URL headers: the token must not leak through a Referer, into a search
# index or into a shared cache.
SUPPORTER_HEADERS = {
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
    "Cache-Control": "private, no-store",
}


@supporter_bp.get("/s/<token>")
@limiter.limit("30 per minute")
def page(token: str):
    db = get_db()
    try:
        share, plan, member = shares.open_share(db, token, now_utc())
    except shares.ShareGone as gone:
        status = 404 if gone.reason == "unknown" else 410
        page = render_template("plan/share_gone.html", crisis=crisis_lines())
        return page, status, SUPPORTER_HEADERS
    db.commit()  # the ShareView and the access-log row
    plan = load_plan(db, member)
    body = render_template(
        "plan/supporter.html",
        name=member.display_name.split(" ")[0],
        updated_at=plan.updated_at,
        sections=layout.arrange(plan, only=share.sections),
        crisis=crisis_lines(),
    )
    return body, 200, SUPPORTER_HEADERS
