from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Optional,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from server.forms import at_most, phone_number
from server.plaintext import no_nul
from server.plan.card import PARTS
from server.plan.professionals import ROLES
from server.plan.sections import ORDER, PHASES, section_title
from server.plan.services import CONTACT_FIELDS


class VersionForm(FlaskForm):
    """Every change carries the version the member saw (see services.StaleVersion)."""

    version = IntegerField(widget=HiddenField.widget, validators=[InputRequired()])


class ItemForm(VersionForm):
    text = TextAreaField(
        _l("Text"),
        validators=[
            DataRequired(_l("Write something first.")),
            at_most(2000),
            no_nul,
        ],
    )
    phase = SelectField(_l("Phase"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.phase.choices = phase_choices()


def phase_choices() -> list[SelectChoice]:
    """A line's phase, or none: the choices wherever a line is added."""
    return [SelectChoice("", _l("No phase"))] + [
        SelectChoice(key, label) for key, label in PHASES.items()
    ]


class ContactForm(VersionForm):
    FIELDS = CONTACT_FIELDS

    name = StringField(
        _l("Name"), validators=[DataRequired(_l("Fill in a name.")), at_most(100), no_nul]
    )
    relation = StringField(
        _l("Who is this for you?"),
        description=_l("For example: partner, sister, friend."),
        validators=[at_most(100), no_nul],
    )
    phone = TelField(_l("Phone (optional)"), validators=[at_most(40), no_nul, phone_number()])
    email = EmailField(
        _l("E-mail address (optional)"),
        validators=[Optional(), Email(_l("This is not an e-mail address.")), at_most(254)],
    )
    can_do = TextAreaField(
        _l("What you can do for me"),
        validators=[at_most(2000), no_nul],
    )


class ProfessionalForm(VersionForm):
    """A professional she can call: her GP, the out-of-hours GP service, ..."""

    FIELDS = ("name", "role", "phone")

    name = StringField(
        _l("Name"),
        description=_l("For example: Dr. Jansen, or the name of the service."),
        validators=[DataRequired(_l("Fill in a name.")), at_most(100), no_nul],
    )
    role = SelectField(_l("Who is this?"), default="gp")
    phone = TelField(
        _l("Phone"),
        validators=[
            DataRequired(_l("Fill in a phone number.")),
            at_most(40),
            no_nul,
            phone_number(),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = [SelectChoice(key, label) for key, label in ROLES.items()]


class SettingsForm(VersionForm):
    phases = BooleanField(_l("Group my signs and actions in phases (green, yellow, orange, red)"))
    # One switch per optional section (sections.OPTIONAL), named by its key.
    practice_does = BooleanField(_l('Show the section "What the practice does"'))
    medication = BooleanField(_l('Show the section "Medication"'))
    agreements = BooleanField(_l('Show the section "Agreements"'))
    distraction = BooleanField(_l('Show the section "Distraction: people and places"'))
    safe_environment = BooleanField(_l('Show the section "Making my surroundings safe"'))


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ShareForm(FlaskForm):
    supporter = StringField(
        _l("Who is the link for?"),
        description=_l("A name they recognise, for example: Sam (partner)."),
        validators=[DataRequired(_l("Fill in a name.")), at_most(100), no_nul],
    )
    sections = MultiCheckboxField(
        _l("What may they see?"), validators=[DataRequired(_l("Choose at least one part."))]
    )
    phases = MultiCheckboxField(
        _l("Which phases may they see?"),
        description=_l(
            "Of your signs and actions, they only see the lines of these phases. "
            "Lines without a phase are always shown."
        ),
        default=list(PHASES),
        validators=[DataRequired(_l("Choose at least one phase."))],
    )
    expiry = RadioField(_l("How long does the link work?"), default="quarter")
    notify = BooleanField(_l("Send them an e-mail when I change my plan"))
    notify_email = EmailField(
        _l("Their e-mail address"),
        description=_l(
            "At most one e-mail a day, with only the link: nothing of your plan. "
            "They can stop the e-mails themselves."
        ),
        validators=[at_most(254)],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sections.choices = [SelectChoice(key, section_title(key)) for key in ORDER]
        self.phases.choices = [SelectChoice(key, label) for key, label in PHASES.items()]
        self.expiry.choices = [
            SelectChoice("week", _l("1 week")),
            SelectChoice("month", _l("1 month")),
            SelectChoice("quarter", _l("3 months")),
            SelectChoice("none", _l("Until I stop it")),
        ]

    def validate_notify_email(self, field):
        """Asked for only when the e-mail is ticked; an address typed without the tick
        is not stored."""
        if not self.notify.data:
            return
        if not (field.data or "").strip():
            raise ValidationError(_l("Fill in their e-mail address, or untick the e-mail."))
        Email(_l("This is not an e-mail address."))(self, field)


class CardForm(VersionForm):
    parts = MultiCheckboxField(_l("What is on my card?"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.parts.choices = [SelectChoice(key, label) for key, label in PARTS.items()]
