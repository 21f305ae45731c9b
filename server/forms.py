"""Forms every feature uses."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.validators import Length


class ConfirmForm(FlaskForm):
    """A button that changes something: only the CSRF token."""


def at_most(characters: int) -> Length:
    """The one length rule and its one message, for every text field."""
    return Length(max=characters, message=_l("Use at most %(max)d characters."))
