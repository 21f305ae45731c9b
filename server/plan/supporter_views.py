"""The supporter's side of a link: the page (/s/<token>/), its own small manifest and
service worker under the same path, so the page can live on the supporter's home
screen and open offline, and the one-click stop of the e-mails about changes.

Nothing of the member's app is on these pages: not its worker, manifest or scripts.
The worker's scope is the link itself; a stopped link answers 404/410, and the worker
then removes the copy it kept and itself."""

from __future__ import annotations

import json

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)

from server.db import get_db, now_utc
from server.extensions import csrf, limiter
from server.plan import changes, reads, services, share_mail, shares
from server.plan.sections import crisis_lines
from server.plan.shared import arranged
from server.plan.supporter_app import manifest_for, worker_script

supporter_bp = Blueprint("supporter", __name__)

# Capability-URL headers: the token must not leak through a Referer, into a search
# index or into a shared cache.
SUPPORTER_HEADERS = {
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
    "Cache-Control": "private, no-store",
}
# The page, the old form of its address and its files count together.
link_limit = limiter.shared_limit("30 per minute", scope="supporter-link")


@supporter_bp.get("/s/<token>")
@link_limit
def old_address(token: str):
    """Links given out before the page moved under /s/<token>/ (the worker's scope)."""
    return redirect(url_for("supporter.page", token=token), 308), SUPPORTER_HEADERS


@supporter_bp.get("/s/<token>/")
@link_limit
def page(token: str):
    db = get_db()
    try:
        opened = shares.open_share(db, token, now_utc())
    except shares.ShareGone as gone:
        status = 404 if gone.reason == "unknown" else 410
        page = render_template("plan/share_gone.html", crisis=crisis_lines())
        return page, status, SUPPORTER_HEADERS
    db.commit()  # the ShareView, the access-log row and what was seen
    plan, practice, _ = reads.plan_to_show(db, opened.member_id)
    sections = arranged(plan, opened.share, practice)
    marks = changes.Marks()
    if opened.seen_before is not None:  # only there when the plan changed since
        then = services.Snapshot(opened.seen_before.snapshot, opened.seen_before.created_at)
        marks = changes.compare(arranged(then, opened.share, practice), sections)
    body = render_template(
        "plan/supporter.html",
        token=token,
        name=opened.member_name.split(" ")[0],
        updated_at=plan.updated_at,
        sections=sections,
        marks=marks,
        last_view=opened.last_view,
        crisis=crisis_lines(),
        kept_at=now_utc(),
    )
    return body, 200, SUPPORTER_HEADERS


def _live_or_404(token: str) -> None:
    if shares.live_share(get_db(), token, now_utc()) is None:
        abort(404)


@supporter_bp.get("/s/<token>/manifest.webmanifest")
@link_limit
def manifest(token: str):
    _live_or_404(token)
    body = json.dumps(manifest_for(url_for("supporter.page", token=token)))
    headers = {**SUPPORTER_HEADERS, "Cache-Control": "private, no-cache"}
    return Response(body, mimetype="application/manifest+json", headers=headers)


@supporter_bp.get("/s/<token>/sw.js")
@link_limit
def service_worker(token: str):
    _live_or_404(token)
    body = worker_script(
        url_for("supporter.page", token=token), url_for("supporter.manifest", token=token)
    )
    # Always asked again: a stopped link then has no worker to update to.
    headers = {**SUPPORTER_HEADERS, "Cache-Control": "no-cache"}
    return Response(body, mimetype="text/javascript", headers=headers)


@supporter_bp.route("/mail/stop-updates/<stop>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058 one-click: a bare POST from the mail program
@limiter.limit("30 per hour")
def stop_mail(stop: str):
    """A GET only shows the button: mail scanners open links."""
    db = get_db()
    share = share_mail.share_of_stop_token(db, current_app.config["SECRET_KEY"], stop)
    if share is None:
        abort(404)
    if request.method == "POST":
        share_mail.stop(db, share, now_utc())
        db.commit()
    return (
        render_template("plan/share_mail_stop.html", stopped=request.method == "POST"),
        200,
        {"Referrer-Policy": "no-referrer"},
    )
