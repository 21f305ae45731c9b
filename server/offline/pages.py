"""What the service worker may keep, and replays of actions queued offline.

The server decides which pages are kept on the device: a view marked `keep_offline`
answers with `X-Kring-Offline: keep`, and the service worker stores only those. When
the member switched storing off on this device, or the sign-in page is shown (signed
out, or the session ended), every answer says `forget` and the worker drops every kept
page.
"""

from __future__ import annotations

from functools import wraps

from flask import Flask, Response, abort, g, make_response, redirect, request
from flask_login import current_user

from server.db import get_db, now_utc
from server.offline import services

KEEP_COOKIE = "kring_keep_offline"
HEADER = "X-Kring-Offline"
REPLAYED = "Idempotent-Replayed"


def keeps_pages_here() -> bool:
    """The per-device setting "Bewaar mijn rooster en plan op dit apparaat" (on by default)."""
    return request.cookies.get(KEEP_COOKIE) != "off"


def keep_offline(view):
    """Mark a member page that opens offline later (schedule, plan, current homework)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        g.keep_offline = keeps_pages_here()
        g.kept_at = now_utc()
        return view(*args, **kwargs)

    return wrapper


def is_prefetch() -> bool:
    """Asked by the service worker to keep a page ahead, not opened by the member."""
    return request.headers.get("X-Kring-Prefetch") == "1"


def mark_for_service_worker(response: Response) -> Response:
    if response.mimetype != "text/html":
        return response
    if not keeps_pages_here() or request.endpoint == "auth.login":
        response.headers[HEADER] = "forget"
    elif g.get("keep_offline") and response.status_code == 200:
        response.headers[HEADER] = "keep"
    return response


def accepts_replays(view):
    """Accept an `Idempotency-Key` header: the first request acts, a replay gets the
    stored answer. Requests without the header (a form posted without JavaScript) are
    handled as always."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        key = request.headers.get("Idempotency-Key")
        if key is None or not current_user.is_authenticated:
            return view(*args, **kwargs)
        if not services.is_valid_key(key):
            abort(400)
        db = get_db()
        earlier = services.claim(db, current_user.id, key)
        if earlier is not None:
            answer = _replay(earlier.status_code, earlier.location)
            db.rollback()
            return answer
        response = make_response(view(*args, **kwargs))
        if response.status_code < 400:
            services.record_answer(
                db, current_user.id, key, response.status_code, response.location
            )
            db.commit()
        else:
            db.rollback()  # refused or invalid: nothing was done, the key stays unused
        return response

    return wrapper


def _replay(status: int | None, location: str | None) -> Response:
    if status is not None and location:
        response = redirect(location, status)
    else:
        # Done, but the answer was not stored yet (the first request is finishing).
        response = Response(status=status or 202)
    response.headers[REPLAYED] = "true"
    return response


def register(app: Flask) -> None:
    app.after_request(mark_for_service_worker)
