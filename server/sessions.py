"""Flask's signed-cookie session, minus what static files do not need.

Flask-Login looks at the session after every request, so Flask marked even a
stylesheet `Vary: Cookie`: a copy the browser had cached for the page then did not
count for the service worker's precache, which fetched it again (a 304 each).
Static files are the same for everyone: no Vary, no session cookie.
"""

from __future__ import annotations

from flask import request
from flask.sessions import SecureCookieSessionInterface


class SessionInterface(SecureCookieSessionInterface):
    def save_session(self, app, session, response) -> None:
        if request.endpoint == "static":
            return
        super().save_session(app, session, response)
