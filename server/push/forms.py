from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from server.push.models import EMAIL_ALWAYS, EMAIL_NEVER, EMAIL_NO_DEVICE

HOURS = [SelectChoice(hour, f"{hour:02d}:00") for hour in range(24)]
BY_EMAIL = [
    SelectChoice(EMAIL_NEVER, _l("Never")),
    SelectChoice(EMAIL_NO_DEVICE, _l("Only when no device of mine gets notifications")),
    SelectChoice(EMAIL_ALWAYS, _l("Always")),
]


def _by_email(label):
    # Left out of a post, it keeps what it was instead of failing.
    return SelectField(label, choices=BY_EMAIL)


class PreferencesForm(FlaskForm):
    meeting_reminder = BooleanField(_l("The day before my group meets"))
    meeting_soon = BooleanField(_l("Two hours before my group meets"))
    meeting_changed = BooleanField(_l("When a meeting changes or does not take place"))
    new_homework = BooleanField(_l("When I get a new assignment"))
    reflection_reminder = BooleanField(
        _l("The evening before, if I have not written about my assignment yet")
    )
    meeting_reminder_email = _by_email(_l("E-mail the day before my group meets"))
    meeting_soon_email = _by_email(_l("E-mail two hours before my group meets"))
    meeting_changed_email = _by_email(_l("E-mail when a meeting changes or does not take place"))
    new_homework_email = _by_email(_l("E-mail when I get a new assignment"))
    reflection_reminder_email = _by_email(_l("E-mail the evening before, about my assignment"))
    quiet_hours = BooleanField(_l("Quiet hours: nothing at night"))
    # Left out of a post, these keep their defaults instead of failing.
    quiet_start = SelectField(_l("Quiet from"), choices=HOURS, coerce=int, default=22)
    quiet_end = SelectField(_l("Quiet until"), choices=HOURS, coerce=int, default=8)


class DeviceForm(FlaskForm):
    device = IntegerField(validators=[InputRequired()])
