"""Forms every feature uses."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.validators import Length, Regexp


class ConfirmForm(FlaskForm):
    """A button that changes something: only the CSRF token."""


def at_most(characters: int) -> Length:
    """The one length rule and its one message, for every text field."""
    return Length(max=characters, message=_l("Use at most %(max)d characters."))


def phone_number() -> Regexp:
    """A phone number as people write it (06-12345678, +31 6 1234 5678, (010) 123 45 67):
    digits with spaces, dashes, dots, brackets and a leading +. Anything else, such as
    "javascript:alert(9)", is refused next to the field: it would become a tel: link."""
    return Regexp(
        r"^\s*\+?[0-9()\-. ]*[0-9][0-9()\-. ]*$|^$",
        message=_l("This is not a phone number. Use digits, for example 06-12345678."),
    )
