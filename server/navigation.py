"""The member's bottom navigation. An entry appears only once its feature's endpoint
exists, so features that are not built yet are hidden rather than dead links."""

from __future__ import annotations

from flask import Flask, current_app, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

# (endpoint, label, icon, the member attribute that must be true to show it)
MEMBER_TABS = [
    ("home.index", _l("Home"), "home", None),
    ("schedule.index", _l("Schedule"), "calendar", None),
    ("homework.index", _l("Homework"), "pencil", "has_homework"),
    ("plan.index", _l("Plan"), "shield", None),
    ("home.more", _l("More"), "more", None),
]


def _is_current(endpoint: str) -> bool:
    here = request.endpoint or ""
    if endpoint.startswith("home."):
        return here == endpoint
    return here.split(".")[0] == endpoint.split(".")[0]


def member_tabs() -> list[dict]:
    views = current_app.view_functions
    return [
        {"endpoint": endpoint, "label": label, "icon": icon, "current": _is_current(endpoint)}
        for endpoint, label, icon, condition in MEMBER_TABS
        if endpoint in views and (condition is None or getattr(current_user, condition, False))
    ]


def register(app: Flask) -> None:
    app.jinja_env.globals["member_tabs"] = member_tabs
