"""Security in one place: tokens, password hashing and policy, role checks, headers."""

from __future__ import annotations

import hashlib
import secrets
from functools import cache, wraps
from importlib.resources import files

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Flask, Response, abort, current_app, request
from flask_login import current_user

PASSWORD_MIN = 10
PASSWORD_MAX = 128

# argon2-cffi's defaults are argon2id with 64 MiB and t=3 (OWASP ASVS 11.4.2).
_hasher = PasswordHasher()


def new_token() -> tuple[str, str]:
    """A 256-bit URL-safe token and the hash that is the only thing we store."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


# A valid hash to verify against when the e-mail is unknown, so the answer takes as
# long as for a wrong password and does not reveal who has an account.
@cache
def dummy_hash() -> str:
    return _hasher.hash(secrets.token_hex(16))


@cache
def _common_passwords() -> frozenset[str]:
    text = files("server.auth").joinpath("common_passwords.txt").read_text("utf-8")
    lines = (line.strip().lower() for line in text.splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


def password_problem(password: str, email: str = "") -> str | None:
    """Why a new password is refused, or None. No composition rules (ASVS 6.2)."""
    from flask_babel import gettext as _

    if len(password) < PASSWORD_MIN:
        return _("Use at least %(n)d characters.", n=PASSWORD_MIN)
    if len(password) > PASSWORD_MAX:
        return _("Use at most %(n)d characters.", n=PASSWORD_MAX)
    lowered = password.strip().lower()
    if lowered in _common_passwords() or (email and lowered == email.strip().lower()):
        return _("This password is too easy to guess. Try a short sentence of your own.")
    return None


def therapist_required(view):
    """The therapist area: members, anonymous visitors and supporters get a 404."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return current_app.login_manager.unauthorized()
        if not current_user.is_therapist:
            abort(404)
        return view(*args, **kwargs)

    return wrapped


def member_required(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return current_app.login_manager.unauthorized()
        if current_user.is_therapist:
            abort(404)
        return view(*args, **kwargs)

    return wrapped


CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)


# Headers no view sets itself, the same on every answer: added as they are, without
# Headers.set's search for an earlier one and Headers.setdefault's KeyError (together
# half of this function's Python steps, counted with sys.settrace).
_ALWAYS = [
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
]
_HSTS = ("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
# same-origin, not no-referrer: Flask-WTF checks the Referer on HTTPS posts.
_REFERRER = ("Referrer-Policy", "same-origin")
_NO_STORE = ("Cache-Control", "no-store")


def set_security_headers(response: Response) -> Response:
    headers = response.headers
    present = {name.lower() for name, _ in headers}
    added = _ALWAYS.copy()
    if current_app.config["HSTS"]:
        added.append(_HSTS)
    if "referrer-policy" not in present:  # a view may ask for less (no-referrer)
        added.append(_REFERRER)
    if "cache-control" not in present and _is_personal(response):
        added.append(_NO_STORE)
    headers.extend(added)
    return response


def _is_personal(response: Response) -> bool:
    # Pages with someone's data must not sit in a shared or back-button cache.
    if request.endpoint == "static":
        return False
    return response.mimetype == "text/html" or current_user.is_authenticated


def register(app: Flask) -> None:
    app.after_request(set_security_headers)
    proxies = app.config.get("PROXIES", 0)
    if proxies:
        # Behind the TLS proxy every request comes from the proxy's address: without
        # this, one address would hold everyone's sign-in limit and the access log
        # would name the proxy. Only as many X-Forwarded-* hops as there are proxies
        # are believed, so a client cannot choose its own address.
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
