from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, ValidationError

from server.forms import at_most
from server.plaintext import no_nul
from server.security import PASSWORD_MAX, password_problem


def _new_password_rules(form, field) -> None:
    problem = password_problem(field.data or "", getattr(form, "email_for_policy", ""))
    if problem:
        raise ValidationError(problem)


class LoginForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[DataRequired(_l("Fill in your e-mail address.")), at_most(254), no_nul],
    )
    password = PasswordField(
        _l("Password"), validators=[DataRequired(_l("Fill in your password.")), no_nul]
    )
    remember = BooleanField(_l("Keep me signed in on this device"))
    next = HiddenField()


class NewPasswordForm(FlaskForm):
    email_for_policy = ""
    password = PasswordField(
        _l("New password"),
        description=_l("At least 10 characters. A short sentence is easy to remember."),
        validators=[DataRequired(_l("Choose a password.")), _new_password_rules],
        render_kw={"autocomplete": "new-password", "maxlength": PASSWORD_MAX},
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[
            DataRequired(_l("Type the password once more.")),
            EqualTo("password", _l("The two passwords are not the same.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )


class InviteAcceptForm(NewPasswordForm):
    display_name = StringField(
        _l("Your name in Kring"),
        description=_l("Only your therapists see this name. A first name is enough."),
        validators=[
            DataRequired(_l("Fill in a name.")),
            at_most(80),
            no_nul,
        ],
        render_kw={"autocomplete": "given-name"},
    )


class JoinForm(FlaskForm):
    """An existing account accepts one more invitation: a single confirm button."""


class ResetRequestForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[
            DataRequired(_l("Fill in your e-mail address.")),
            Email(_l("This is not an e-mail address.")),
            at_most(254),
            no_nul,
        ],
    )


class LanguageForm(FlaskForm):
    locale = HiddenField(validators=[DataRequired()])
    next = HiddenField()


class CodeForm(FlaskForm):
    code = StringField(
        _l("Code"),
        description=_l("The 6 digits in your authenticator app, or one of your recovery codes."),
        validators=[DataRequired(_l("Fill in the code.")), at_most(20)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )


class PasswordCheckForm(FlaskForm):
    """Sensitive changes ask for the password again (ASVS 7.5.1)."""

    current_password = PasswordField(
        _l("Your current password"),
        validators=[DataRequired(_l("Fill in your password."))],
        render_kw={"autocomplete": "current-password"},
    )


class ChangePasswordForm(PasswordCheckForm, NewPasswordForm):
    pass


class EnableTotpForm(PasswordCheckForm, CodeForm):
    pass
