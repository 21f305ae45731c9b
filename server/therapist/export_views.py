"""The attendance export for billing, as a download for the therapists (their groups)
and the practice admin (the whole practice)."""

from __future__ import annotations

from datetime import timedelta

from dateutil.relativedelta import relativedelta
from flask import Response, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, ValidationError

from server.db import get_db, now_utc
from server.groups import services as groups
from server.therapist import billing
from server.therapist.forms import DATE_HELP, sane_date
from server.therapist.views import bp

PRACTICE = "practice"
LONGEST = timedelta(days=366)


class ExportForm(FlaskForm):
    """A GET form: it changes nothing (the access-log rows aside), so no CSRF token."""

    class Meta:
        csrf = False

    scope = SelectField(_l("Which groups"))
    starts_on = DateField(_l("From"), validators=[DataRequired(DATE_HELP), sane_date])
    ends_on = DateField(_l("Up to and including"), validators=[DataRequired(DATE_HELP), sane_date])

    def validate_ends_on(self, field) -> None:
        if field.data and self.starts_on.data:
            if field.data < self.starts_on.data:
                raise ValidationError(_l("The end date cannot be before the start date."))
            if field.data - self.starts_on.data > LONGEST:
                raise ValidationError(_l("Choose a period of at most a year."))


@bp.get("/attendance-export")
def attendance_export():
    db = get_db()
    led = groups.groups_led_by(db, current_user)
    today = groups.local_today()
    first = today.replace(day=1)
    form = ExportForm(
        request.args,
        starts_on=first,
        ends_on=first + relativedelta(months=1, days=-1),
    )
    form.scope.choices = [SelectChoice(str(g.id), g.name) for g in led]
    if current_user.practice_admin:
        form.scope.choices.insert(0, SelectChoice(PRACTICE, _l("The whole practice")))
    if not request.args or not form.validate():
        status = 422 if request.args else 200
        return render_template("therapist/attendance_export.html", form=form), status
    if form.scope.data == PRACTICE:
        chosen = billing.practice_groups(db, current_user.practice_id)
    else:
        chosen = [g for g in led if str(g.id) == form.scope.data]
    export = billing.collect(db, chosen, form.starts_on.data, form.ends_on.data, now_utc())
    billing.log_export(db, export, current_user.id)
    db.commit()
    return Response(
        billing.to_csv(export),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{billing.file_name(export)}"'},
    )
