"""What the service worker may keep.

The server decides which pages are kept on the device: a view marked `keep_offline`
answers with `X-Kring-Offline: keep`, and the service worker stores only those. When
the member switched storing off on this device, or the sign-in page is shown (signed
out, or the session ended), every answer says `forget` and the worker drops every kept
page.
"""

from __future__ import annotations

from functools import wraps

from flask import Flask, Response, g, request

from server.db import now_utc

KEEP_COOKIE = "kring_keep_offline"
HEADER = "X-Kring-Offline"


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


def register(app: Flask) -> None:
    app.after_request(mark_for_service_worker)
