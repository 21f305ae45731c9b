"""Flask's signed-cookie session, minus what static files do not need, and with its
signing tools made once instead of on every request.

Flask-Login looks at the session after every request, so Flask marked even a
stylesheet `Vary: Cookie`: a copy the browser had cached for the page then did not
count for the service worker's precache, which fetched it again (a 304 each).
Static files are the same for everyone: no Vary, no session cookie.
"""

from __future__ import annotations

from flask import request
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import TimestampSigner, URLSafeTimedSerializer


class SessionInterface(SecureCookieSessionInterface):
    _made: tuple = ((), None)  # (the keys, the serializer made with them)

    def save_session(self, app, session, response) -> None:
        if request.endpoint == "static":
            return
        super().save_session(app, session, response)

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
