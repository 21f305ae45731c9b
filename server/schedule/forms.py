from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField

from server.forms import at_most
from server.plaintext import no_nul


class CancelAttendanceForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason (optional)"),
        description=_l("Only your therapists read this. You do not have to give a reason."),
        validators=[at_most(1000), no_nul],
    )
