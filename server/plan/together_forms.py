from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, IntegerField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Optional, ValidationError

from server.forms import at_most
from server.plaintext import no_nul
from server.plan.forms import VersionForm, phase_choices
from server.plan.together_models import DECISIONS
from server.therapist.forms import DATE_HELP, sane_date


class SharingForm(FlaskForm):
    """The switch: the button sends "on" or "off"."""

    shared = SelectField(
        choices=[SelectChoice("on", "on"), SelectChoice("off", "off")], validators=[InputRequired()]
    )


class SuggestionForm(FlaskForm):
    """A therapist's new line for a section, or new words for one line (`item`)."""

    section = HiddenField(validators=[InputRequired()])
    item = IntegerField(widget=HiddenField.widget, validators=[Optional()])
    text = TextAreaField(
        _l("Your suggestion"),
        validators=[DataRequired(_l("Write something first.")), at_most(2000), no_nul],
    )


class DecisionForm(VersionForm):
    """Take a suggestion over, in her own words, or leave it (the button says which)."""

    decision = SelectField(
        choices=[SelectChoice(d, d) for d in DECISIONS], validators=[InputRequired()]
    )
    text = TextAreaField(_l("In your own words"), validators=[at_most(2000), no_nul])
    # A new line for a phased section lands in the phase she picks (none by default),
    # so an orange or red sign can go on her crisis card.
    phase = SelectField(_l("Phase"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.phase.choices = phase_choices()

    def validate_text(self, field) -> None:
        if self.decision.data == "adapted" and not (field.data or "").strip():
            raise ValidationError(_l("Write something first."))


class ReviewForm(FlaskForm):
    discussed_on = DateField(
        _l("Discussed on"), validators=[Optional(), sane_date], description=DATE_HELP
    )
    discussed_with = SelectField(_l("With"), coerce=int, validators=[Optional()])
    review_on = DateField(
        _l("Look it over again before"),
        validators=[Optional(), sane_date],
        description=_l("Empty: three months after the day it was discussed."),
    )

    def __init__(self, *args, therapists=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.discussed_with.choices = [SelectChoice(0, _l("Nobody in particular"))] + [
            SelectChoice(t.id, t.display_name) for t in therapists
        ]

    def validate_review_on(self, field) -> None:
        if field.data and self.discussed_on.data and field.data < self.discussed_on.data:
            raise ValidationError(_l("Choose a date after the day it was discussed."))
