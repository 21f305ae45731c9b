"""The member's support people on her plan: add, change, move, delete and undo."""

from __future__ import annotations

from flask import abort, render_template, request

from server.db import get_db, now_utc
from server.offline.once import acts_once
from server.plan import services
from server.plan.forms import ContactForm, VersionForm
from server.plan.models import PROFESSIONAL, SUPPORT
from server.plan.views import _plan, _to_current, _to_section, _versioned, bp

# Where each kind of contact is listed and changed.
SECTION_OF = {SUPPORT: "supporters", PROFESSIONAL: "professional"}


def _contact_or_404(plan, contact_id: int, deleted: bool = False, kind: str | None = None):
    contact = next((c for c in plan.contacts if c.id == contact_id), None)
    if contact is None or (contact.deleted_at is not None) != deleted:
        abort(404)
    if kind is not None and contact.kind != kind:
        abort(404)
    return contact


@bp.route("/contacts/new", methods=["GET", "POST"])
@bp.route("/contacts/<int:contact_id>/edit", methods=["GET", "POST"])
@acts_once
def contact(contact_id: int | None = None):
    return contact_page(SUPPORT, ContactForm, "plan/contact.html", contact_id)


def contact_page(kind: str, form_class, template: str, contact_id: int | None):
    """Add or change one contact of `kind` with the form's fields (`form_class.FIELDS`)."""
    plan = _plan()
    existing = _contact_or_404(plan, contact_id, kind=kind) if contact_id else None
    form = form_class(obj=existing, version=plan.version)
    conflict = False
    if form.validate_on_submit():
        db = get_db()
        values = {name: getattr(form, name).data for name in form_class.FIELDS}
        try:
            if existing is None:
                services.add_contact(db, plan, form.version.data, values, now_utc(), kind)
            else:
                services.edit_contact(db, plan, form.version.data, existing, values, now_utc())
        except services.StaleVersion:
            conflict = True
            _to_current(form, plan)
        else:
            db.commit()
            return _to_section(SECTION_OF[kind])
    status = 409 if conflict else 422 if form.is_submitted() else 200
    return render_template(template, form=form, contact=existing, conflict=conflict), status


@bp.post("/contacts/<int:contact_id>/move")
def move_contact(contact_id: int):
    step = -1 if request.form.get("step") == "up" else 1
    plan = _plan()
    row = _contact_or_404(plan, contact_id)
    section = SECTION_OF[row.kind]
    return _versioned(plan, services.move_contact, row, step, section=section) or _to_section(
        section, _anchor=f"contact-{contact_id}"
    )


@bp.post("/contacts/<int:contact_id>/delete")
def delete_contact(contact_id: int):
    plan = _plan()
    row = _contact_or_404(plan, contact_id)
    section = SECTION_OF[row.kind]
    return _versioned(plan, services.delete_contact, row, section=section) or _to_section(
        section, undo=f"contact-{contact_id}"
    )


@bp.post("/contacts/<int:contact_id>/restore")
def restore_contact(contact_id: int):
    plan = _plan()
    row = _contact_or_404(plan, contact_id, deleted=True)
    if not VersionForm().validate_on_submit():
        abort(400)
    db = get_db()
    services.restore_contact(db, plan, row, now_utc())
    db.commit()
    return _to_section(SECTION_OF[row.kind], _anchor=f"contact-{contact_id}")
