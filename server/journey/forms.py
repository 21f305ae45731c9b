from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, TextAreaField
from wtforms.validators import DataRequired, NumberRange, Optional

from server.forms import at_most
from server.plaintext import no_nul


def _text(label, required=False, description=None):
    validators = [at_most(2000), no_nul]
    if required:
        validators.insert(0, DataRequired(_l("Write something first.")))
    return TextAreaField(label, description=description, validators=validators)


class GoalForm(FlaskForm):
    text = _text(_l("Goal, in your own words"), required=True)


class NoteForm(FlaskForm):
    text = _text(_l("What do I notice?"))
    rating = IntegerField(
        _l("How far am I? (0 to 10, optional)"),
        validators=[Optional(), NumberRange(0, 10, _l("Choose a number from 0 to 10."))],
    )
    shared = BooleanField(_l("Share with my therapists"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if valid and not (self.text.data or "").strip() and self.rating.data is None:
            self.text.errors.append(_l("Write something or choose a number."))
            return False
        return valid


# The evaluation's questions, also the headings of the readable export.
EVALUATION_QUESTIONS = {
    "brought": _l("What did the group bring me?"),
    "sticks": _l("Where do I still get stuck?"),
    "grow": _l("Where can I still grow?"),
    "take_away": _l("What do I take with me?"),
}


class EvaluationForm(FlaskForm):
    brought = _text(EVALUATION_QUESTIONS["brought"])
    sticks = _text(EVALUATION_QUESTIONS["sticks"])
    grow = _text(EVALUATION_QUESTIONS["grow"])
    take_away = _text(EVALUATION_QUESTIONS["take_away"])
    shared = BooleanField(_l("Share with my therapists for the evaluation meeting"))


class PhasesForm(FlaskForm):
    phases = TextAreaField(
        _l("Phases of this group, one per line (optional)"),
        description=_l("For example: Inzicht, Oefenen, Integreren. Leave empty for none."),
        validators=[at_most(1000), no_nul],
    )


class MemberPhaseForm(FlaskForm):
    phase = SelectField(_l("Phase"), coerce=int)
