"""A member's plan for the therapists of her group: read-only, only while she shares it
(every view in her access log), with suggestions and "discussed on"."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from server.db import get_db, now_utc
from server.groups import services as groups
from server.offline.once import acts_once
from server.plan import layout, together
from server.plan.sections import PHASES, crisis_lines
from server.plan.together_forms import ReviewForm, SuggestionForm
from server.therapist.views import bp


def _membership_or_404(membership_id: int):
    membership = groups.membership_led_by(get_db(), current_user, membership_id)
    if membership is None:
        abort(404)  # someone else's member looks the same as no member
    return membership


def _shared_plan_or_404(membership):
    plan = together.shared_plan_for(get_db(), current_user, membership, groups.local_today())
    if plan is None:
        abort(404)
    return plan


@bp.get("/memberships/<int:membership_id>/plan")
def member_plan(membership_id: int):
    membership = _membership_or_404(membership_id)
    db = get_db()
    plan = together.shared_plan_for(db, current_user, membership, groups.local_today())
    if plan is None:
        return render_template("therapist/plan.html", membership=membership, plan=None)
    return _render(membership, plan)


def _render(membership, plan, status: int = 200, form=None, review_form=None):
    db = get_db()
    together.log_access(db, current_user, plan)
    page = render_template(
        "therapist/plan.html",
        membership=membership,
        plan=plan,
        sections=layout.arrange(plan),
        suggestable=together.suggestable(plan),
        crisis=crisis_lines(),
        phases=PHASES,
        mine=together.open_suggestions(db, plan),
        review=together.review_of(db, plan),
        form=form,
        review_form=review_form or ReviewForm(discussed_on=groups.local_today()),
    )
    db.commit()  # the access-log row
    return page, status


@bp.post("/memberships/<int:membership_id>/plan/suggestions")
@acts_once
def suggest(membership_id: int):
    membership = _membership_or_404(membership_id)
    plan = _shared_plan_or_404(membership)
    form = SuggestionForm()
    if not form.validate_on_submit():
        if form.section.errors:
            abort(400)
        return _render(membership, plan, 422, form=form)
    db = get_db()
    try:
        together.suggest(
            db, current_user, plan, form.section.data, form.item.data, form.text.data, now_utc()
        )
    except together.NotOnThePlan:
        abort(404)
    db.commit()
    flash(_("Your suggestion is waiting for %(name)s.", name=membership.member.name))
    return redirect(url_for("therapist.member_plan", membership_id=membership.id))


@bp.post("/memberships/<int:membership_id>/plan/review")
def plan_review(membership_id: int):
    membership = _membership_or_404(membership_id)
    plan = _shared_plan_or_404(membership)
    form = ReviewForm()
    if not form.validate_on_submit() or form.discussed_on.data is None:
        if form.discussed_on.data is None and not form.discussed_on.errors:
            form.discussed_on.errors = [_("Fill in the day you discussed the plan.")]
        return _render(membership, plan, 422, review_form=form)
    db = get_db()
    together.mark_discussed(
        db, plan, form.discussed_on.data, current_user.id, form.review_on.data, now_utc()
    )
    together.log_access(db, current_user, plan, "update", "plan_review")
    db.commit()
    flash(_("Saved."))
    return redirect(url_for("therapist.member_plan", membership_id=membership.id))
