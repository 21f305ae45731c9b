from flask import (
    Blueprint,
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
from server.groups.services import local_today
from server.offline.once import acts_once
from server.offline.pages import keep_offline
from server.paths import path_maker
from server.plan import layout, professionals, reads, services, together_reads
from server.plan.forms import ItemForm, SettingsForm, VersionForm
from server.plan.sections import BY_KEY, OPTIONAL, PHASES, crisis_lines, section_title
from server.security import member_required

bp = Blueprint("plan", __name__, url_prefix="/plan")
bp.add_app_template_filter(section_title, "section_title")
bp.add_app_template_filter(professionals.role_label, "role_label")


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
    # Reading needs no ORM objects (issue 22); her first visit makes the plan.
    shown = reads.plan_to_show(get_db(), current_user.id)
    return _render(shown.plan, shown=shown) if shown else _render(_plan())


def arranged(plan, only: list[str] | None = None):
    """Her plan's sections, with her practice's numbers under professional help."""
    return layout.arrange(plan, only, professionals.practice_of(get_db(), plan.member_id))


def _render(plan, status: int = 200, problem=None, shown: reads.PlanToShow | None = None):
    """The reading view: the plan as text, no per-line forms (a short, cheap page).
    `shown`: her practice and the review, when they were read with the plan."""
    db = get_db()
    if shown is None:
        shown = reads.PlanToShow(plan, professionals.practice_of(db, plan.member_id), None)
    together = together_reads.together_of(
        db, plan.id, current_user.id, local_today(), shown.reviewed
    )
    return render_template(
        "plan/index.html",
        plan=plan,
        sections=layout.arrange(plan, None, shown.practice),
        together=together,
        edit_path=path_maker("plan.edit_section", "section"),
        crisis=crisis_lines(),
        problem=problem,
    ), status


def _section_or_404(plan, key: str):
    section = next((s for s in arranged(plan, [key]) if s.key == key), None)
    if section is None:
        abort(404)
    return section


@bp.get("/sections/<section>")
def edit_section(section: str):
    return _render_section(_plan(), section)


def _render_section(plan, key: str, status: int = 200, add_form=None, problem=None):
    """One section in edit mode: its lines with change, move and delete, and the add form."""
    return render_template(
        "plan/section.html",
        plan=plan,
        section=_section_or_404(plan, key),
        phases=PHASES,
        add_form=add_form,
        undo=_undo_target(plan, request.args.get("undo", "")),
        problem=problem,
    ), status


def _to_section(key: str, **args):
    return redirect(url_for("plan.edit_section", section=key, **args))


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
        return _render_section(plan, section, 422, add_form=form)
    db = get_db()
    try:
        services.add_item(
            db, plan, form.version.data, section, form.text.data, form.phase.data, now_utc()
        )
    except services.StaleVersion:
        _to_current(form, plan)
        return _render_section(plan, section, 409, add_form=form, problem=_stale_message())
    db.commit()
    return _to_section(section)


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
            return _to_section(item.section)
    status = 409 if conflict is not None else 422 if form.is_submitted() else 200
    return render_template(
        "plan/edit_item.html",
        plan=plan,
        item=item,
        form=form,
        section=BY_KEY[item.section],
        conflict=conflict,
    ), status


def _versioned(plan, action, *args, section: str | None = None):
    """Run a change that needs only the version check. Returns None when it was saved,
    or the page (the section's edit mode, or the plan) that explains a stale version."""
    form = VersionForm()
    if not form.validate_on_submit():
        abort(400)
    db = get_db()
    try:
        action(db, plan, form.version.data, *args, now_utc())
    except services.StaleVersion:
        if section is not None:
            return _render_section(plan, section, 409, problem=_stale_message())
        return _render(plan, 409, problem=_stale_message())
    db.commit()
    return None


@bp.post("/items/<int:item_id>/move")
def move_item(item_id: int):
    step = -1 if request.form.get("step") == "up" else 1
    plan = _plan()
    item = _item_or_404(plan, item_id)
    return _versioned(plan, services.move_item, item, step, section=item.section) or _to_section(
        item.section, _anchor=f"item-{item_id}"
    )


@bp.post("/items/<int:item_id>/delete")
def delete_item(item_id: int):
    plan = _plan()
    item = _item_or_404(plan, item_id)
    return _versioned(plan, services.delete_item, item, section=item.section) or _to_section(
        item.section, undo=f"item-{item_id}"
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
    return _to_section(item.section, _anchor=f"item-{item_id}")


@bp.route("/settings", methods=["GET", "POST"])
def settings():
    """ "How my plan looks" on a page of its own: the plan page, read in a crisis, no
    longer builds and hides this form on every view (issue 22)."""
    plan = _plan()
    if request.method == "GET":
        return render_template(
            "plan/settings.html", settings=_settings_form(plan), optional=OPTIONAL
        )
    form = SettingsForm()
    if not form.validate_on_submit():
        abort(400)
    optional = [key for key in OPTIONAL if getattr(form, key).data]
    db = get_db()
    try:
        services.change_settings(db, plan, form.version.data, form.phases.data, optional, now_utc())
    except services.StaleVersion:
        return _render(plan, 409, problem=_stale_message())
    db.commit()
    flash(_("Saved."))
    return redirect(url_for("plan.index"))


def _settings_form(plan) -> SettingsForm:
    return SettingsForm(
        version=plan.version,
        phases=plan.phases_enabled,
        **{key: key in plan.optional_sections for key in OPTIONAL},
    )
