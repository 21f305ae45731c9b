"""Flask's signed-cookie session, minus what static files do not need, with its
signing tools made once instead of on every request, and each cookie checked once.

Flask-Login looks at the session after every request, so Flask marked even a
stylesheet `Vary: Cookie`: a copy the browser had cached for the page then did not
count for the service worker's precache, which fetched it again (a 304 each).
Static files are the same for everyone: no Vary, no session cookie.
"""

from __future__ import annotations

import copy
import time

from flask import Flask, Request, request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import BadSignature, TimestampSigner, URLSafeTimedSerializer

OPENED_KEPT = 4096  # cookies kept checked per process; all forgotten when full
# A cookie is only signed when its session changes, and a member's rarely does; but it
# expires a month after it was signed (PERMANENT_SESSION_LIFETIME). Signed again after
# a day, so a member who uses Kring stays signed in: one Set-Cookie a day, not a page.
SIGNED_AGAIN_AFTER = 24 * 3600


class SessionInterface(SecureCookieSessionInterface):
    _made: tuple = ((), None)  # (the keys, the serializer made with them)

    def save_session(self, app, session, response) -> None:
        if request.endpoint == "static":
            return
        super().save_session(app, session, response)

    _opened: dict[tuple, tuple[dict, float]] = {}  # (keys, cookie) -> (data, signed at)

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        """Flask's, with each cookie's signature checked once per process.

        A member's cookie is the same on every request (it is signed again only when
        it changes) and checking it, decoding and parsing it was about a fiftieth of a
        member page. The keys are part of what is kept, and the age is checked on
        every request as itsdangerous does: a kept cookie expires as it would. A
        cookie older than a day is signed again with this request's answer."""
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        value = request.cookies.get(self.get_cookie_name(app))
        if not value:
            return self.session_class()
        max_age = app.permanent_session_lifetime.total_seconds()
        key = (self._made[0], value)
        opened = self._opened.get(key)
        if opened is None:
            try:
                data, signed = serializer.loads(value, max_age=max_age, return_timestamp=True)
            except BadSignature:
                return self.session_class()
            if len(self._opened) >= OPENED_KEPT:
                self._opened.clear()
            opened = self._opened[key] = (data, signed.timestamp())
        data, signed_at = opened
        age = time.time() - signed_at
        if not 0 <= age <= max_age:
            return self.session_class()
        session = self.session_class(_copy(data))
        if age > SIGNED_AGAIN_AFTER:
            session.modified = True
        return session

    def get_signing_serializer(self, app) -> URLSafeTimedSerializer | None:
        """Flask makes the serializer anew for every request, and the signer derives
        its HMAC key from the secret for every cookie it reads or signs; both depend
        only on the keys (a twentieth of a member page's time, cProfile). Made again
        when the keys change (tests set their own)."""
        keys = (*(app.config["SECRET_KEY_FALLBACKS"] or ()), app.secret_key)
        made_for, serializer = self._made
        if made_for != keys:
            serializer = super().get_signing_serializer(app)
            if serializer is not None:
                serializer.signer = _KeyOnceSigner
            self._made = (keys, serializer)
        return serializer


_SCALARS = (str, int, float, bool, type(None))


def _copy(data: dict) -> dict:
    """The request may change its session, never the kept one. A member's holds only
    strings and numbers; a flashed message's list is copied to the bottom."""
    if all(type(value) in _SCALARS for value in data.values()):
        return dict(data)
    return copy.deepcopy(data)


class _KeyOnceSigner(TimestampSigner):
    """Derives each secret's key once: the same bytes for the same secret, salt and
    method. (itsdangerous makes a new signer for every cookie, so they are kept here.)"""

    _derived: dict[tuple, bytes] = {}

    def derive_key(self, secret_key: str | bytes | None = None) -> bytes:
        if secret_key is None:
            secret_key = self.secret_keys[-1]
        recipe = (secret_key, self.salt, self.key_derivation, self.digest_method)
        key = self._derived.get(recipe)
        if key is None:
            key = self._derived[recipe] = super().derive_key(secret_key)
        return key
