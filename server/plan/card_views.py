"""The crisis card: one phone screen that opens offline, and a credit-card-size PDF."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from server.db import get_db, now_utc
from server.offline.pages import keep_offline
from server.plan import card as crisis_card
from server.plan import services
from server.plan.card_pdf import card_pdf
from server.plan.forms import CardForm
from server.plan.sections import crisis_lines
from server.plan.views import _plan, _render, _stale_message, arranged, bp


def _card(plan):
    return crisis_card.card(plan, arranged(plan))


def _numbers_to_call():
    """The crisis lines with a number (the card has no room for the chat's address)."""
    return [line for line in crisis_lines() if line.href.startswith("tel:")]


@bp.get("/card")
@keep_offline
def card():
    plan = _plan()
    form = CardForm(version=plan.version, parts=crisis_card.chosen(plan))
    return render_template(
        "plan/card.html",
        plan=plan,
        card=_card(plan),
        crisis=_numbers_to_call(),
        form=form,
    )


@bp.post("/card/parts")
def card_parts():
    plan = _plan()
    form = CardForm()
    if not form.validate_on_submit():
        abort(400)  # only tampered choices fail: there is nothing to type
    db = get_db()
    try:
        services.change_card(db, plan, form.version.data, form.parts.data, now_utc())
    except services.StaleVersion:
        return _render(plan, 409, problem=_stale_message())
    db.commit()
    flash(_("Saved."))
    return redirect(url_for("plan.card"))


@bp.get("/card.pdf")
def card_download():
    plan = _plan()
    filename = _("my-card") + ".pdf"  # says nothing about what is on it
    body = card_pdf(current_user.display_name, _card(plan), _numbers_to_call())
    return Response(
        body,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
