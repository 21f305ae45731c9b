"""The member's side of the plan made together: sharing with her therapists, the
suggestions they left (take over, in her own words, or leave), and "discussed on"."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from server.db import get_db, now_utc
from server.groups.services import local_today
from server.offline.once import acts_once
from server.plan import services, together, together_reads
from server.plan.sections import PHASES, SECTIONS
from server.plan.together_forms import DecisionForm, ReviewForm, SharingForm
from server.plan.views import _plan, _render, _render_section, _stale_message, bp


@bp.app_template_global()
def plan_together(plan) -> together_reads.Together:
    """For a section's page: its open suggestions. (The reading view is given its
    `together` by its view, with the review read along with the plan.)"""
    return together_reads.together_of(get_db(), plan.id, current_user.id, local_today())


# The sections whose lines have a phase: a new line for one of them needs its phase.
PHASED = frozenset(section.key for section in SECTIONS if section.phased)


@bp.app_template_global()
def together_forms() -> dict:
    """What the suggestions' forms need, and the one just refused (what she typed, why)."""
    return {
        "typed": g.get("typed_suggestion", {}),
        "errors": g.get("suggestion_errors", {}),
        "phases": PHASES,
        "phased": PHASED,
    }


def _back(section: str | None = None):
    """Back to where she decided: the section's edit mode or the reading view."""
    if section and request.form.get("back") == "section":
        return redirect(url_for("plan.edit_section", section=section))
    return redirect(url_for("plan.index", _anchor="together"))


@bp.post("/together/sharing")
def sharing():
    plan = _plan()
    form = SharingForm()
    if not form.validate_on_submit():
        abort(400)
    db = get_db()
    shared = form.shared.data == "on"
    together.set_sharing(db, plan, shared, now_utc())
    db.commit()
    if shared:
        flash(_("Your therapists can now read your plan."))
    else:
        flash(_("Your therapists can no longer read your plan."))
    return _back()


@bp.post("/suggestions/<int:suggestion_id>")
@acts_once
def decide(suggestion_id: int):
    plan = _plan()
    db = get_db()
    suggestion = together.suggestion_of(db, plan, suggestion_id)
    if suggestion is None:
        abort(404)
    form = DecisionForm()
    if not form.validate_on_submit():
        if form.version.errors or form.decision.errors:
            abort(400)
        g.typed_suggestion = {suggestion.id: form.text.data or ""}
        g.suggestion_errors = {suggestion.id: form.text.errors[0]}
        return _render_back(plan, suggestion, 422)
    try:
        together.decide(
            db,
            plan,
            form.version.data,
            suggestion,
            form.decision.data,
            now_utc(),
            text=form.text.data if form.decision.data == "adapted" else None,
            phase=form.phase.data or None,
        )
    except together.AlreadyDecided:
        db.rollback()
        flash(_("You already decided about this suggestion."))
        return _back(suggestion.section)
    except services.StaleVersion:
        db.rollback()
        g.typed_suggestion = {suggestion.id: form.text.data or ""}
        return _render_back(_plan(), suggestion, 409, problem=_stale_message())
    db.commit()
    if form.decision.data == "declined":
        flash(_("The suggestion is not in your plan."))
    else:
        flash(_("The suggestion is in your plan."))
    return _back(suggestion.section)


def _render_back(plan, suggestion, status: int, problem: str | None = None):
    if request.form.get("back") == "section":
        return _render_section(plan, suggestion.section, status, problem=problem)
    return _render(plan, status, problem=problem)


@bp.route("/together/review", methods=["GET", "POST"])
def review():
    """ "Discussed, and when to look it over" on a page of its own: the plan page, read
    in a crisis, carries no date form (issue 22)."""
    db = get_db()
    therapists = together_reads.therapists_of(db, current_user.id, local_today())
    form = ReviewForm(therapists=therapists)
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("plan/review.html", form=form, therapists=therapists), status
    plan = _plan()
    with_id = form.discussed_with.data or None
    together.mark_discussed(
        db, plan, form.discussed_on.data, with_id, form.review_on.data, now_utc()
    )
    db.commit()
    flash(_("Saved."))
    return _back()
