from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

HOURS = [SelectChoice(hour, f"{hour:02d}:00") for hour in range(24)]


class PreferencesForm(FlaskForm):
    meeting_reminder = BooleanField(_l("The day before my group meets"))
    meeting_soon = BooleanField(_l("Two hours before my group meets"))
    meeting_changed = BooleanField(_l("When a meeting changes or does not take place"))
    new_homework = BooleanField(_l("When I get a new assignment"))
    reflection_reminder = BooleanField(
        _l("The evening before, if I have not written about my assignment yet")
    )
    quiet_hours = BooleanField(_l("Quiet hours: nothing at night"))
    # Left out of a post, these keep their defaults instead of failing.
    quiet_start = SelectField(_l("Quiet from"), choices=HOURS, coerce=int, default=22)
    quiet_end = SelectField(_l("Quiet until"), choices=HOURS, coerce=int, default=8)


class DeviceForm(FlaskForm):
    device = IntegerField(validators=[InputRequired()])
