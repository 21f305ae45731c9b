"""Every action once: a request that creates something carries a one-time key, and a
key never acts twice.

The key comes from the form itself (every create form holds a hidden `form_key`, new
each time the form is drawn) or, for an action queued offline, from the
`Idempotency-Key` header. A double tap, the same page in two tabs, Back and send
again, or an offline replay all send a key that was used already: they get the first
answer (the redirect to the result) instead of acting again. The claim is inserted in
the same transaction as the action, so the action and "this key was used" are
committed together or not at all; a refused form (4xx) leaves its key unused. What is
stored is a hash of the key and the typed fields, never the text itself.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from functools import wraps

from flask import Flask, Response, abort, g, make_response, redirect, request
from flask_login import current_user

from server.db import get_db
from server.offline import services

FIELD = "form_key"
#: Fields the server draws into a form, not typed: a fresh CSRF token or a newer plan
#: version does not make a form sent again a new action.
DRAWN = frozenset({"csrf_token", FIELD, "version"})
REPLAYED = "Idempotent-Replayed"
# A second tap usually arrives while the first is still being handled: it waits this
# long for the first answer, so the browser shows the result, not an empty page.
WAIT_FOR_FIRST = 5.0


def new_form_key() -> str:
    return secrets.token_hex(16)


def _key() -> str | None:
    # The queue's header wins: a page kept offline is reused, its form key is not.
    return request.headers.get("Idempotency-Key") or request.form.get(FIELD) or None


def _claimed(key: str) -> str:
    """The key together with what was typed: the same drawn form sent again with other
    text (Back, changed, sent) is a new action, not a replay that would drop the text."""
    typed = sorted((n, v) for n, values in request.form.lists() if n not in DRAWN for v in values)
    return hashlib.sha256(json.dumps([key, typed]).encode()).hexdigest()


def acts_once(view):
    """The first request with a key acts; any later one gets the first one's answer.
    Requests without a key (a client that sends none) are handled as always."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        key = _key()
        if key is None or not current_user.is_authenticated:
            return view(*args, **kwargs)
        if not services.is_valid_key(key):
            abort(400)
        key, db, user_id = _claimed(key), get_db(), current_user.id
        if services.claim(db, user_id, key) is not None:
            db.rollback()
            return _replay(*_first_answer(db, user_id, key))
        g.action_key = key  # a view may name its result after the action
        response = make_response(view(*args, **kwargs))
        if response.status_code < 400:
            services.record_answer(db, user_id, key, response.status_code, response.location)
            db.commit()
        else:
            db.rollback()  # refused or invalid: nothing was done, the key stays unused
        return response

    return wrapper


def _first_answer(db, user_id: int, key: str) -> tuple[int | None, str | None]:
    deadline = time.monotonic() + WAIT_FOR_FIRST
    while True:
        status, location = services.answer_of(db, user_id, key)
        db.rollback()  # the next look sees what the first request committed since
        if status is not None or time.monotonic() > deadline:
            return status, location
        time.sleep(0.05)


def _replay(status: int | None, location: str | None) -> Response:
    if status is not None and location:
        response = redirect(location, status)
    else:
        # Done, but the first answer is not stored yet (the first request is finishing).
        response = Response(status=status or 202)
    response.headers[REPLAYED] = "true"
    return response


def register(app: Flask) -> None:
    app.jinja_env.globals["form_key"] = new_form_key
