"""The plan's earlier versions, the print view and the PDF: pages that read the plan."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from server.db import get_db
from server.plan import layout, services
from server.plan.forms import VersionForm
from server.plan.pdf import plan_pdf
from server.plan.sections import crisis_lines
from server.plan.views import _plan, _versioned, arranged, bp


@bp.get("/versions")
def versions():
    plan = _plan()
    return render_template(
        "plan/versions.html", plan=plan, versions=services.versions(get_db(), plan)
    )


@bp.get("/versions/<int:number>")
def version(number: int):
    plan = _plan()
    old = services.version(get_db(), plan, number)
    if old is None:
        abort(404)
    snapshot = services.Snapshot(old.snapshot, old.created_at)
    return render_template(
        "plan/version.html",
        plan=plan,
        old=old,
        sections=layout.arrange(snapshot),
        crisis=crisis_lines(),
        form=VersionForm(version=plan.version),
    )


@bp.post("/versions/<int:number>/restore")
def restore_version(number: int):
    plan = _plan()
    old = services.version(get_db(), plan, number)
    if old is None:
        abort(404)
    result = _versioned(plan, services.restore_version, old)
    if result is not None:
        return result
    flash(_("The earlier version is your plan again. The version before it is kept too."))
    return redirect(url_for("plan.index"))


@bp.get("/print")
def print_view():
    plan = _plan()
    return render_template(
        "plan/print.html", plan=plan, sections=arranged(plan), crisis=crisis_lines()
    )


@bp.get("/plan.pdf")
def pdf():
    plan = _plan()
    filename = _("my-plan") + ".pdf"  # in her language; it says nothing about the content
    body = plan_pdf(plan, current_user.display_name, arranged(plan), crisis_lines())
    return Response(
        body,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
