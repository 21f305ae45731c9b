"""The group's settings and the waiting list's forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    RadioField,
    SelectMultipleField,
    StringField,
    TimeField,
    URLField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    URL,
    DataRequired,
    Email,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from server.groups import cutoff
from server.plaintext import no_nul
from server.practice.groups import reveals_too_much
from server.therapist.forms import DATE_HELP, TIME_HELP, sane_date


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _number(label, low: int, high: int, required: bool = True, description=None):
    message = _l("Choose a number from %(low)d to %(high)d.", low=low, high=high)
    first = DataRequired(message) if required else Optional()
    return IntegerField(
        label, description=description, validators=[first, NumberRange(low, high, message)]
    )


class GroupForm(FlaskForm):
    name = StringField(
        _l("Name of the group"),
        description=_l(
            "Members see it on their lock screen and in their calendar. "
            'Keep it neutral, for example "Donderdaggroep".'
        ),
        validators=[
            DataRequired(_l("Fill in a name.")),
            Length(max=80, message=_l("Use at most 80 characters.")),
            no_nul,
        ],
    )
    name_anyway = BooleanField(_l("Use this name anyway"))
    therapists = CheckboxesField(_l("Led by"), coerce=int)
    location = StringField(
        _l("Address (optional)"),
        description=_l("Members get a link that opens the map on their phone."),
        validators=[Length(max=300), no_nul],
    )
    online_link = URLField(
        _l("Online link (optional)"),
        validators=[Optional(), URL(message=_l("This is not a web address.")), Length(max=500)],
    )
    default_duration_minutes = _number(_l("Duration of a meeting in minutes"), 15, 240)
    break_minutes = _number(_l("Break in minutes (optional)"), 1, 60, required=False)
    max_members = _number(
        _l("Maximum number of members"),
        1,
        30,
        description=_l("Invitations over this number are refused; use the waiting list."),
    )
    min_sessions = _number(_l("Minimum number of meetings per member (optional)"), 1, 500, False)
    homework_enabled = BooleanField(_l("The group works with homework"))
    journey_enabled = BooleanField(_l("The group works with phases and goals"))
    cancellation_rule = RadioField(
        _l("Members cancel in time"),
        choices=[
            SelectChoice(cutoff.HOURS_BEFORE, _l("a number of hours before the meeting")),
            SelectChoice(
                cutoff.LAST_WORKING_DAY, _l("before a time on the last working day before")
            ),
        ],
        default=cutoff.HOURS_BEFORE,
    )
    cancellation_cutoff_hours = _number(_l("Hours before"), 1, 168, required=False)
    cancellation_cutoff_time = TimeField(
        _l("Time on the last working day"),
        description=_l("For example 16:30: a Monday group then cancels before Friday 16:30."),
        validators=[Optional()],
    )

    def validate_name(self, field) -> None:
        if reveals_too_much(field.data) and not self.name_anyway.data:
            raise ValidationError(
                _l(
                    "This name says what kind of group it is, and members see it on their lock"
                    " screen. Choose a neutral name, or tick “Use this name anyway”."
                )
            )

    def validate_therapists(self, field) -> None:
        if not field.data:
            raise ValidationError(_l("Choose at least one therapist."))

    def validate_location(self, field) -> None:
        if not (field.data or "").strip() and not self.online_link.data:
            raise ValidationError(_l("Fill in an address or an online link."))

    def validate(self, extra_validators=None) -> bool:
        """The rule decides which of its two fields is needed (form-level, because an
        empty optional field stops its own validators)."""
        valid = super().validate(extra_validators)
        needed = {
            cutoff.HOURS_BEFORE: (
                self.cancellation_cutoff_hours,
                _l("Fill in the number of hours."),
            ),
            cutoff.LAST_WORKING_DAY: (self.cancellation_cutoff_time, TIME_HELP),
        }.get(self.cancellation_rule.data)
        if needed and needed[0].data is None and not needed[0].errors:
            needed[0].errors.append(needed[1])
            return False
        return valid


class WaitingListForm(FlaskForm):
    name = StringField(
        _l("Name"),
        validators=[
            DataRequired(_l("Fill in a name.")),
            Length(max=80, message=_l("Use at most 80 characters.")),
            no_nul,
        ],
    )
    email = EmailField(
        _l("E-mail address"),
        validators=[
            DataRequired(_l("Fill in an e-mail address.")),
            Email(_l("This is not an e-mail address.")),
            Length(max=254),
            no_nul,
        ],
    )
    available_on = DateField(
        _l("Could start from"), validators=[DataRequired(DATE_HELP), sane_date]
    )
