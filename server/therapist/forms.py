from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    EmailField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
    URLField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    URL,
    DataRequired,
    Email,
    NumberRange,
    Optional,
    ValidationError,
)

from server.forms import at_most
from server.plaintext import no_control_characters, no_nul
from server.schedule.recurrence import MAX_COUNT

DATE_HELP = _l("Choose a date, for example 28-11-2026.")
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2099, 12, 31)


def sane_date(_form, field) -> None:
    """A group meets in this century: year 1 or 9999 is a typing error, not a plan."""
    if field.data and not FIRST_DAY <= field.data <= LAST_DAY:
        raise ValidationError(_l("Choose a date between 2000 and 2099."))


TIME_HELP = _l("Choose a time, for example 09:30.")


class InviteForm(FlaskForm):
    email = EmailField(
        _l("E-mail address of the new member"),
        validators=[
            DataRequired(_l("Fill in an e-mail address.")),
            Email(_l("This is not an e-mail address.")),
            at_most(254),
            no_nul,
        ],
    )
    joins_on = DateField(_l("Member from"), validators=[DataRequired(DATE_HELP), sane_date])


class MembershipForm(FlaskForm):
    joined_on = DateField(_l("Member from"), validators=[DataRequired(DATE_HELP), sane_date])
    left_on = DateField(
        _l("Member until (optional)"),
        description=_l("The last date this person is in the group. Leave empty while they stay."),
        validators=[Optional(), sane_date],
    )
    min_sessions = IntegerField(
        _l("Minimum number of meetings (optional)"),
        validators=[Optional(), NumberRange(1, 500, _l("Choose a number from 1 to 500."))],
    )

    def validate_left_on(self, field) -> None:
        if field.data and self.joined_on.data and field.data < self.joined_on.data:
            raise ValidationError(_l("The end date cannot be before the start date."))


def _online_link():
    return URLField(
        _l("Online link (optional)"),
        validators=[
            Optional(),
            no_control_characters,
            URL(message=_l("This is not a web address.")),
            at_most(500),
            no_nul,
        ],
    )


class SeriesForm(FlaskForm):
    frequency = SelectField(
        _l("How often"),
        choices=[
            SelectChoice("weekly", _l("Every week")),
            SelectChoice("fortnightly", _l("Every two weeks")),
            SelectChoice("monthly", _l("Every month (same weekday)")),
        ],
    )
    starts_on = DateField(
        _l("First meeting"),
        description=_l("The weekday of this date is the weekday of the series."),
        validators=[DataRequired(DATE_HELP), sane_date],
    )
    start_time = TimeField(_l("Start time"), validators=[DataRequired(TIME_HELP)])
    duration_minutes = IntegerField(
        _l("Duration in minutes"),
        validators=[
            DataRequired(_l("Fill in the duration.")),
            NumberRange(15, 240, _l("Choose from 15 to 240 minutes.")),
        ],
    )
    until = DateField(_l("Last date"), validators=[Optional(), sane_date])
    count = IntegerField(
        _l("Or: number of meetings"),
        validators=[Optional(), NumberRange(1, MAX_COUNT, _l("Choose from 1 to 200."))],
    )
    location = StringField(_l("Place"), validators=[at_most(300), no_nul])
    online_link = _online_link()
    skipped = TextAreaField(
        _l("Skip these dates (optional)"),
        description=_l("For holidays. One date per line, for example 25-12-2026."),
    )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        return _one_end(self) and valid

    def validate_skipped(self, field) -> None:
        self.skipped_dates = parse_dates(field.data or "")


def parse_dates(text: str) -> list[date]:
    """Dates as therapists type them: 25-12-2026, 25/12/2026 or 2026-12-25."""
    dates = []
    for part in text.replace(",", "\n").split():
        for order in ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d"):
            try:
                dates.append(datetime.strptime(part, order).date())
                break
            except ValueError:
                continue
        else:
            raise ValidationError(
                _l("“%(text)s” is not a date. Use for example 25-12-2026.", text=part)
            )
    return dates


class ExtendSeriesForm(FlaskForm):
    until = DateField(_l("New last date"), validators=[Optional(), sane_date])
    count = IntegerField(
        _l("Or: new number of meetings"),
        validators=[Optional(), NumberRange(1, MAX_COUNT, _l("Choose from 1 to 200."))],
    )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        return _one_end(self) and valid


def _one_end(form) -> bool:
    """A series ends by a date or by a count: exactly one of the two, and not further
    than MAX_COUNT weeks on. (Form-level, because an empty optional field stops its own
    validators.)"""
    if form.count.errors or form.until.errors:
        return False
    start = getattr(form, "starts_on", None)
    start = start.data if start is not None else getattr(form, "series_start", None)
    if form.until.data and start:
        if form.until.data < start:
            form.until.errors.append(_l("The last date cannot be before the first meeting."))
            return False
        if form.until.data - start > timedelta(weeks=MAX_COUNT):
            form.until.errors.append(
                _l("That is too far ahead: choose a last date within 200 weeks.")
            )
            return False
    if not form.count.data and not form.until.data:
        form.count.errors.append(_l("Choose a last date or a number of meetings."))
        return False
    if form.count.data and form.until.data:
        form.count.errors.append(_l("Choose a last date or a number of meetings, not both."))
        return False
    return True


class MeetingForm(FlaskForm):
    day = DateField(_l("Date"), validators=[DataRequired(DATE_HELP), sane_date])
    start_time = TimeField(_l("Start time"), validators=[DataRequired(TIME_HELP)])
    end_time = TimeField(_l("End time"), validators=[DataRequired(TIME_HELP)])
    location = StringField(
        _l("Place"),
        description=_l("Empty the place and fill in a link to meet online."),
        validators=[at_most(300), no_nul],
    )
    online_link = _online_link()
    theme = StringField(
        _l("Theme (optional)"),
        description=_l("Members see it in the app, not in their calendar."),
        validators=[at_most(120), no_nul],
    )
    note = TextAreaField(_l("Note for the members (optional)"), validators=[at_most(2000), no_nul])

    def validate_end_time(self, field) -> None:
        if field.data and self.start_time.data and field.data <= self.start_time.data:
            raise ValidationError(_l("The end time must be after the start time."))

    def validate_location(self, field) -> None:
        if not (field.data or "").strip() and not self.online_link.data:
            raise ValidationError(_l("Fill in a place or an online link."))


class CancelMeetingForm(FlaskForm):
    message = TextAreaField(
        _l("Message for the members"),
        description=_l('For example: "Because of illness the group does not meet this week."'),
        validators=[DataRequired(_l("Write a short message.")), at_most(2000), no_nul],
    )


class AssignForm(FlaskForm):
    recipient = SelectField(_l("For"), coerce=int)
    title = StringField(
        _l("Assignment"),
        description=_l('Short, in the member\'s words. For example: "Say no once this week".'),
        validators=[
            DataRequired(_l("Write the assignment.")),
            at_most(200),
            no_nul,
        ],
    )
    instructions = TextAreaField(
        _l("Explanation (optional)"),
        validators=[at_most(10_000), no_nul],
    )
    due_meeting = SelectField(_l("Due at the meeting of"), coerce=int)
