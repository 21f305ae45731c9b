from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from server.db import get_db, now_utc
from server.forms import ConfirmForm
from server.groups.services import local_today
from server.homework import services
from server.homework.display import due_day
from server.homework.forms import TEXT_FIELDS, OwnAssignmentForm, ReflectionForm
from server.offline.once import acts_once
from server.offline.pages import keep_offline
from server.schedule import services as schedule
from server.security import member_required

bp = Blueprint("homework", __name__, url_prefix="/homework")
bp.add_app_template_filter(due_day, "due_day")


@bp.before_request
@member_required
def require_homework():
    """Only for members of a group that works with homework; for others it does not exist."""
    if not current_user.has_homework:
        abort(404)


@bp.get("/")
@keep_offline
def index():
    """This week's assignments and those of recent weeks; `?all=1` shows every week."""
    db, now = get_db(), now_utc()
    since = None if request.args.get("all") == "1" else now - services.EARLIER_SHOWN
    current, earlier, older = services.member_assignments(db, current_user, now, since=since)
    return render_template("homework/index.html", current=current, earlier=earlier, older=older)


def _mine_or_404(assignment_id: int):
    assignment = services.member_assignment(get_db(), current_user, assignment_id)
    if assignment is None:
        abort(404)
    return assignment


@bp.get("/<int:assignment_id>")
def assignment(assignment_id: int):
    return _render_assignment(_mine_or_404(assignment_id), ReflectionForm())


@bp.get("/<int:assignment_id>/write")
@keep_offline
def write(assignment_id: int):
    """The form alone, without earlier reflections: it is kept for writing offline,
    and reflection texts are never kept on the device."""
    return render_template(
        "homework/write.html", assignment=_mine_or_404(assignment_id), form=ReflectionForm()
    )


def _render_assignment(assignment, form, status: int = 200):
    db = get_db()
    reflections = services.own_reflections(db, current_user, assignment)
    return render_template(
        "homework/assignment.html",
        assignment=assignment,
        reflections=reflections,
        reads=services.reads_of(db, current_user, reflections),
        form=form,
        confirm=ConfirmForm(),
    ), status


def _texts(form) -> dict:
    return {name: getattr(form, name).data for name in TEXT_FIELDS}


@bp.post("/<int:assignment_id>/reflections")
@acts_once
def add_reflection(assignment_id: int):
    assignment = _mine_or_404(assignment_id)
    form = ReflectionForm()
    if not form.validate_on_submit():
        return _render_assignment(assignment, form, 422)  # what was typed stays
    db = get_db()
    services.write_reflection(
        db,
        current_user,
        assignment,
        _texts(form),
        form.difficulty.data,
        form.shared.data,
        now_utc(),
    )
    db.commit()
    flash(
        _("Saved. Your therapists can read it.")
        if form.shared.data
        else _("Saved. Only you can read it.")
    )
    return redirect(url_for("homework.assignment", assignment_id=assignment.id))


def _reflection_or_404(reflection_id: int):
    reflection = services.own_reflection(get_db(), current_user, reflection_id)
    if reflection is None or reflection.assignment_id is None:
        abort(404)
    return reflection, _mine_or_404(reflection.assignment_id)


@bp.route("/reflections/<int:reflection_id>/edit", methods=["GET", "POST"])
def edit_reflection(reflection_id: int):
    reflection, assignment = _reflection_or_404(reflection_id)
    form = ReflectionForm(obj=reflection)
    if form.validate_on_submit():
        db = get_db()
        services.write_reflection(
            db,
            current_user,
            assignment,
            _texts(form),
            form.difficulty.data,
            form.shared.data,
            now_utc(),
            reflection,
        )
        db.commit()
        flash(_("Saved."))
        return redirect(url_for("homework.assignment", assignment_id=assignment.id))
    status = 422 if form.is_submitted() else 200
    return render_template(
        "homework/edit.html", assignment=assignment, reflection=reflection, form=form
    ), status


@bp.post("/reflections/<int:reflection_id>/share")
def share(reflection_id: int):
    reflection, assignment = _reflection_or_404(reflection_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    shared = request.form.get("shared") == "1"
    db = get_db()
    services.share(reflection, shared, now_utc())
    db.commit()
    flash(
        _("Shared with your therapists.")
        if shared
        else _("No longer shared. Only you can read it now.")
    )
    return redirect(url_for("homework.assignment", assignment_id=assignment.id))


@bp.post("/<int:assignment_id>/done")
def done(assignment_id: int):
    assignment = _mine_or_404(assignment_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    db = get_db()
    services.set_done(assignment, request.form.get("done") == "1")
    db.commit()
    return redirect(url_for("homework.assignment", assignment_id=assignment.id))


@bp.route("/new", methods=["GET", "POST"])
@acts_once
def new():
    db = get_db()
    groups = services.homework_groups(db, current_user, local_today())
    form = OwnAssignmentForm()
    form.group_id.choices = [SelectChoice(g.id, g.name) for g in groups]
    if form.validate_on_submit():
        group = next(g for g in groups if g.id == form.group_id.data)
        due = schedule.next_group_meeting(db, group, now_utc())
        assignment = services.own_assignment(
            db, current_user, group, form.title.data, form.instructions.data or "", due
        )
        db.commit()
        return redirect(url_for("homework.assignment", assignment_id=assignment.id))
    status = 422 if form.is_submitted() else 200
    return render_template("homework/new.html", form=form, single=len(groups) == 1), status
