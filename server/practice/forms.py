"""Forms of the practice admin: the practice, its staff and the access log filter."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, EmailField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from server.auth.forms import NewPasswordForm
from server.forms import phone_number
from server.plaintext import no_nul
from server.therapist.forms import sane_date


def _text(label, max_length: int, description=None, required=None, extra=()):
    validators = [DataRequired(required)] if required else [Optional()]
    return StringField(
        label,
        description=description,
        validators=[
            *validators,
            Length(max=max_length, message=_l("Use at most %(n)d characters.", n=max_length)),
            no_nul,
            *extra,
        ],
    )


def _phone(label, description):
    """A number members tap to call from their plan (a tel: link): digits only."""
    return _text(label, 40, description, extra=[phone_number()])


class StaffAcceptForm(NewPasswordForm):
    display_name = _text(
        _l("Your name"),
        80,
        _l("Members see this name, for example in the group's messages."),
        _l("Fill in a name."),
    )


class PracticeForm(FlaskForm):
    name = _text(_l("Name of the practice"), 200, required=_l("Fill in a name."))
    address = _text(_l("Address"), 300)
    phone = _phone(_l("Phone number"), _l("Members see it on their plan."))
    email = EmailField(
        _l("E-mail address"),
        validators=[Optional(), Email(_l("This is not an e-mail address.")), Length(max=254)],
    )
    out_of_hours_phone = _phone(
        _l("Out-of-hours GP service (huisartsenpost)"),
        _l("Shown on members' plans for evenings and weekends."),
    )
    crisis_phone = _phone(_l("Crisis service"), _l("Shown on members' plans next to 113 and 112."))


class StaffInviteForm(FlaskForm):
    email = EmailField(
        _l("E-mail address of the therapist"),
        validators=[
            DataRequired(_l("Fill in an e-mail address.")),
            Email(_l("This is not an e-mail address.")),
            Length(max=254),
            no_nul,
        ],
    )
    practice_admin = BooleanField(_l("May also manage the practice (admin)"))


class AccessLogFilter(FlaskForm):
    """A GET form: filtering changes nothing, so it needs no CSRF token."""

    class Meta:
        csrf = False

    person = SelectField(_l("Who looked"), coerce=int, validators=[Optional()])
    member = SelectField(_l("At whose data"), coerce=int, validators=[Optional()])
    start = DateField(_l("From"), validators=[Optional(), sane_date])
    end = DateField(_l("Until"), validators=[Optional(), sane_date])

    def validate_end(self, field) -> None:
        if field.data and self.start.data and field.data < self.start.data:
            raise ValidationError(_l("The end date cannot be before the start date."))
