from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, TextAreaField
from wtforms.validators import ValidationError

from server.forms import at_most
from server.plaintext import no_nul


class CancelAttendanceForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason (optional)"),
        description=_l("Only your therapists read this. You do not have to give a reason."),
        validators=[at_most(1000), no_nul],
    )
    # Shown only when it is late: on time, nobody needs to know why.
    force_majeure = BooleanField(_l("It is force majeure: I am ill or there is an emergency"))

    def validate_reason(self, field) -> None:
        # Overmacht is something the therapists weigh; a few words make that possible.
        if self.force_majeure.data and not (field.data or "").strip():
            raise ValidationError(_l("Write in a few words what happened."))


class CalendarForm(FlaskForm):
    leave_out_place = BooleanField(_l("Leave the address and the online link out of my calendar"))
