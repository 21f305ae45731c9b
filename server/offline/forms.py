from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField


class DeviceForm(FlaskForm):
    keep_pages = BooleanField(_l("Keep my schedule and plan on this device"))
