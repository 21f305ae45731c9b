"""Error pages: short, kind, and in the visitor's language. Never a stack trace."""

from __future__ import annotations

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError

MESSAGES = {
    400: (_l("Something went wrong"), _l("The request was not complete. Go back and try again.")),
    403: (_l("Not allowed"), _l("You cannot open this page.")),
    404: (_l("Page not found"), _l("This page does not exist, or it is not for you.")),
    405: (_l("Not possible"), _l("This action is not possible here.")),
    410: (_l("This link has expired"), _l("Ask for a new link.")),
    429: (
        _l("Too many attempts"),
        _l("Wait a minute and try again. This protects your account."),
    ),
    500: (
        _l("Something went wrong on our side"),
        _l("Try again in a moment. If it keeps happening, tell your therapist."),
    ),
}
CSRF_MESSAGE = (
    _l("The page had expired"),
    _l("For your safety a form is valid for one hour. Go back, reload and try again."),
)


def render_error(code: int, message: tuple = ()):
    title, text = message or MESSAGES[code]
    return render_template("errors/error.html", code=code, title=title, text=text), code


def register(app: Flask) -> None:
    for code in MESSAGES:
        app.register_error_handler(code, lambda _e, code=code: render_error(code))
    app.register_error_handler(CSRFError, lambda _e: render_error(400, CSRF_MESSAGE))
