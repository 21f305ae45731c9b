from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import Length

from server.plaintext import no_nul


class CancelAttendanceForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason (optional)"),
        description=_l("Only your therapists read this. You do not have to give a reason."),
        validators=[Length(max=1000, message=_l("Use at most 1000 characters.")), no_nul],
    )
