from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from server.db import get_db, now_utc
from server.offline.once import acts_once
from server.offline.pages import keep_offline
from server.plan import layout, services
from server.plan.forms import ContactForm, ItemForm, SettingsForm, VersionForm
from server.plan.pdf import plan_pdf
from server.plan.sections import BY_KEY, PHASES, crisis_lines, section_title
from server.security import member_required

bp = Blueprint("plan", __name__, url_prefix="/plan")
bp.add_app_template_filter(section_title, "section_title")


@bp.before_request
@member_required
def require_member():
    """The plan is the member's own: no one else has a route into it."""


def _plan():
    db = get_db()
    plan = services.plan_for(db, current_user, now_utc())
    db.commit()
    return plan


@bp.get("/")
@keep_offline
def index():
    plan = _plan()
    return _render(plan)


def _render(plan, status: int = 200, add_form=None, add_section=None, problem=None):
    undo = request.args.get("undo", "")
    return render_template(
        "plan/index.html",
        plan=plan,
        sections=layout.arrange(plan),
        crisis=crisis_lines(),
        phases=PHASES,
        add_form=add_form,
        add_section=add_section,
        version_form=VersionForm(version=plan.version),
        settings=SettingsForm(
            version=plan.version,
            phases=plan.phases_enabled,
            distraction="distraction" in plan.optional_sections,
            safe_environment="safe_environment" in plan.optional_sections,
        ),
        undo=_undo_target(plan, undo),
        problem=problem,
    ), status


def _undo_target(plan, undo: str):
    kind, _, number = undo.partition("-")
    if not number.isdigit():
        return None
    rows = plan.items if kind == "item" else plan.contacts if kind == "contact" else []
    row = next((r for r in rows if r.id == int(number) and r.deleted_at), None)
    return {"kind": kind, "row": row} if row else None


def _to_current(form, plan) -> None:
    """After a conflict the member saw the current plan: her next save is based on it.
    (WTForms renders the submitted raw value before .data, so both are set.)"""
    form.version.data = plan.version
    form.version.raw_data = [str(plan.version)]


def _stale_message() -> str:
    return _(
        "Your plan was changed on another device in the meantime. Look at it again "
        "below; nothing you typed is lost."
    )


@bp.post("/items")
@acts_once
def add_item():
    plan = _plan()
    section = request.form.get("section", "")
    if section not in BY_KEY or (
        BY_KEY[section].optional and section not in plan.optional_sections
    ):
        abort(400)  # no such section on her plan: the error page says so
    form = ItemForm()
    if not form.validate_on_submit():
        return _render(plan, 422, add_form=form, add_section=section)
    db = get_db()
    try:
        services.add_item(
            db, plan, form.version.data, section, form.text.data, form.phase.data, now_utc()
        )
    except services.StaleVersion:
        _to_current(form, plan)
        return _render(plan, 409, add_form=form, add_section=section, problem=_stale_message())
    db.commit()
    return redirect(url_for("plan.index") + f"#{section}")


def _item_or_404(plan, item_id: int, deleted: bool = False):
    """One of her items; a deleted one only for "ongedaan maken"."""
    item = next((i for i in plan.items if i.id == item_id), None)
    if item is None or (item.deleted_at is not None) != deleted:
        abort(404)
    return item


@bp.route("/items/<int:item_id>/edit", methods=["GET", "POST"])
def edit_item(item_id: int):
    plan = _plan()
    item = _item_or_404(plan, item_id)
    form = ItemForm(version=plan.version, text=item.text, phase=item.phase or "")
    conflict = None
    if form.validate_on_submit():
        db = get_db()
        try:
            services.edit_item(
                db, plan, form.version.data, item, form.text.data, form.phase.data, now_utc()
            )
        except services.StaleVersion:
            conflict = item.text  # theirs stays in the form; the current text is shown too
            _to_current(form, plan)
        else:
            db.commit()
            return redirect(url_for("plan.index") + f"#{item.section}")
    status = 409 if conflict is not None else 422 if form.is_submitted() else 200
    return render_template(
        "plan/edit_item.html",
        plan=plan,
        item=item,
        form=form,
        section=BY_KEY[item.section],
        conflict=conflict,
    ), status


def _versioned(plan, action, *args):
    """Run a change that needs only the version check. Returns None when it was saved,
    or the page that explains a stale version."""
    form = VersionForm()
    if not form.validate_on_submit():
        abort(400)
    db = get_db()
    try:
        action(db, plan, form.version.data, *args, now_utc())
    except services.StaleVersion:
        return _render(plan, 409, problem=_stale_message())
    db.commit()
    return None


@bp.post("/items/<int:item_id>/move")
def move_item(item_id: int):
    step = -1 if request.form.get("step") == "up" else 1
    plan = _plan()
    item = _item_or_404(plan, item_id)
    return _versioned(plan, services.move_item, item, step) or redirect(
        url_for("plan.index") + f"#item-{item_id}"
    )


@bp.post("/items/<int:item_id>/delete")
def delete_item(item_id: int):
    plan = _plan()
    item = _item_or_404(plan, item_id)
    return _versioned(plan, services.delete_item, item) or redirect(
        url_for("plan.index", undo=f"item-{item_id}") + f"#{item.section}"
    )


@bp.post("/items/<int:item_id>/restore")
def restore_item(item_id: int):
    plan = _plan()
    item = _item_or_404(plan, item_id, deleted=True)
    if not VersionForm().validate_on_submit():
        abort(400)
    db = get_db()
    services.restore_item(db, plan, item, now_utc())
    db.commit()
    return redirect(url_for("plan.index") + f"#{item.section}")


def _contact_or_404(plan, contact_id: int, deleted: bool = False):
    contact = next((c for c in plan.contacts if c.id == contact_id), None)
    if contact is None or (contact.deleted_at is not None) != deleted:
        abort(404)
    return contact


@bp.route("/contacts/new", methods=["GET", "POST"])
@bp.route("/contacts/<int:contact_id>/edit", methods=["GET", "POST"])
@acts_once
def contact(contact_id: int | None = None):
    plan = _plan()
    existing = _contact_or_404(plan, contact_id) if contact_id else None
    form = ContactForm(obj=existing, version=plan.version)
    conflict = False
    if form.validate_on_submit():
        db = get_db()
        values = {name: getattr(form, name).data for name in services.CONTACT_FIELDS}
        try:
            if existing is None:
                services.add_contact(db, plan, form.version.data, values, now_utc())
            else:
                services.edit_contact(db, plan, form.version.data, existing, values, now_utc())
        except services.StaleVersion:
            conflict = True
            _to_current(form, plan)
        else:
            db.commit()
            return redirect(url_for("plan.index") + "#supporters")
    status = 409 if conflict else 422 if form.is_submitted() else 200
    return render_template(
        "plan/contact.html", form=form, contact=existing, conflict=conflict
    ), status


@bp.post("/contacts/<int:contact_id>/move")
def move_contact(contact_id: int):
    step = -1 if request.form.get("step") == "up" else 1
    plan = _plan()
    row = _contact_or_404(plan, contact_id)
    return _versioned(plan, services.move_contact, row, step) or redirect(
        url_for("plan.index") + "#supporters"
    )


@bp.post("/contacts/<int:contact_id>/delete")
def delete_contact(contact_id: int):
    plan = _plan()
    row = _contact_or_404(plan, contact_id)
    return _versioned(plan, services.delete_contact, row) or redirect(
        url_for("plan.index", undo=f"contact-{contact_id}") + "#supporters"
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
    return redirect(url_for("plan.index") + "#supporters")


@bp.post("/settings")
def settings():
    plan = _plan()
    form = SettingsForm()
    if not form.validate_on_submit():
        abort(400)
    optional = [key for key in ("distraction", "safe_environment") if getattr(form, key).data]
    db = get_db()
    try:
        services.change_settings(db, plan, form.version.data, form.phases.data, optional, now_utc())
    except services.StaleVersion:
        return _render(plan, 409, problem=_stale_message())
    db.commit()
    flash(_("Saved."))
    return redirect(url_for("plan.index"))


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
        "plan/print.html", plan=plan, sections=layout.arrange(plan), crisis=crisis_lines()
    )


@bp.get("/plan.pdf")
def pdf():
    plan = _plan()
    body = plan_pdf(plan, current_user.display_name, layout.arrange(plan), crisis_lines())
    return Response(
        body,
        mimetype="application/pdf",
        headers={"Content-Disposition": 'attachment; filename="mijn-plan.pdf"'},
    )
