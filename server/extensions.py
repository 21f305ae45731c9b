"""Flask extensions, created unbound and bound to the app in `create_app`."""

from flask import request
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf import CSRFProtect

csrf = CSRFProtect()
babel = Babel()
login_manager = LoginManager()
limiter = Limiter(key_func=get_remote_address)


def submitted_email() -> str:
    """Rate-limit key for forms that name an account: throttles per account, not globally."""
    return "account:" + request.form.get("email", "").strip().lower()
