"""The member's bottom navigation. An entry appears only once its feature's endpoint
exists, so features that are not built yet are hidden rather than dead links."""

from __future__ import annotations

from flask import Flask, current_app, request
from flask_babel import lazy_gettext as _l

MEMBER_TABS = [
    ("home.index", _l("Home"), "home"),
    ("schedule.index", _l("Schedule"), "calendar"),
    ("homework.index", _l("Homework"), "pencil"),
    ("plan.index", _l("Plan"), "shield"),
    ("home.more", _l("More"), "more"),
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
        for endpoint, label, icon in MEMBER_TABS
        if endpoint in views
    ]


def register(app: Flask) -> None:
    app.jinja_env.globals["member_tabs"] = member_tabs
