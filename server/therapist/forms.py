from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, EmailField
from wtforms.validators import DataRequired, Email, Length


class InviteForm(FlaskForm):
    email = EmailField(
        _l("E-mail address of the new member"),
        validators=[
            DataRequired(_l("Fill in an e-mail address.")),
            Email(_l("This is not an e-mail address.")),
            Length(max=254),
        ],
    )
    joins_on = DateField(
        _l("Member from"),
        validators=[DataRequired(_l("Choose a date, for example 28-11-2026."))],
    )
