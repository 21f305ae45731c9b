"""Flask extensions, created unbound and bound to the app in `create_app`."""

import hmac

from flask import current_app, request
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
    """Rate-limit key for forms that name an account: throttles per account, not globally.
    A keyed hash, not the address: key names in Redis are shown to anyone who can list
    them, and without SECRET_KEY trying addresses against the hashes gets nowhere."""
    email = request.form.get("email", "").strip().lower()
    key = current_app.config["SECRET_KEY"].encode()
    return "account:" + hmac.new(key, email.encode(), "sha256").hexdigest()
