from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, NumberRange, Optional

from server.forms import at_most
from server.plaintext import no_nul

MAX_TEXT = 10_000


def _prompt(label, description=None):
    return TextAreaField(label, description=description, validators=[at_most(MAX_TEXT), no_nul])


# The reflection's questions, also the headings of the readable export.
PROMPTS = {
    "tried": _l("What did I try?"),
    "happened": _l("What happened?"),
    "felt": _l("What did I feel?"),
    "others": _l("How did others react?"),
    "takeaway": _l("What do I take with me?"),
}


class ReflectionForm(FlaskForm):
    tried = _prompt(PROMPTS["tried"])
    happened = _prompt(PROMPTS["happened"])
    felt = _prompt(PROMPTS["felt"])
    others = _prompt(PROMPTS["others"])
    takeaway = _prompt(PROMPTS["takeaway"])
    difficulty = IntegerField(
        _l("How hard was it? (0 = easy, 10 = very hard)"),
        validators=[Optional(), NumberRange(0, 10, _l("Choose a number from 0 to 10."))],
        render_kw={"min": 0, "max": 10, "type": "number"},
    )
    shared = BooleanField(_l("Share with my therapists"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if valid and not any((getattr(self, p).data or "").strip() for p in TEXT_FIELDS):
            self.tried.errors.append(_l("Write something in at least one of the questions."))
            return False
        return valid


TEXT_FIELDS = tuple(PROMPTS)


class OwnAssignmentForm(FlaskForm):
    group_id = SelectField(_l("Group"), coerce=int)
    title = StringField(
        _l("What will you practise?"),
        validators=[
            DataRequired(_l("Write down what you will practise.")),
            at_most(200),
            no_nul,
        ],
    )
    instructions = _prompt(_l("How, when, with whom? (optional)"))
