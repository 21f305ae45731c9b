"""The member's bottom navigation. An entry appears only once its feature's endpoint
exists, so features that are not built yet are hidden rather than dead links.

The bar is the same for every member who reads the same language on the same page
(with or without homework): it is rendered once per such combination and kept, since
its five links, icons and labels were a tenth of a member page's time.
"""

from __future__ import annotations

from flask import Flask, current_app, render_template, request
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup


def N_(text: str) -> str:  # noqa: N802 - Babel's own name for "extract, translate later"
    return text


# (endpoint, label, icon, the member attribute that must be true to show it)
MEMBER_TABS = [
    ("home.index", N_("Home"), "home", None),
    ("schedule.index", N_("Schedule"), "calendar", None),
    ("homework.index", N_("Homework"), "pencil", "has_homework"),
    ("plan.index", N_("Plan"), "shield", None),
    ("home.more", N_("More"), "more", None),
]

_rendered: dict[tuple, Markup] = {}


def _is_current(endpoint: str, here: str) -> bool:
    if endpoint.startswith("home."):
        return here == endpoint
    return here.split(".")[0] == endpoint.split(".")[0]


def member_tabs() -> list[dict]:
    views = current_app.view_functions
    here = request.endpoint or ""
    return [
        {"endpoint": endpoint, "label": label, "icon": icon, "current": _is_current(endpoint, here)}
        for endpoint, label, icon, condition in MEMBER_TABS
        if endpoint in views and (condition is None or getattr(current_user, condition, False))
    ]


def member_navigation() -> Markup:
    tabs = member_tabs()
    key = (str(get_locale()), tuple((tab["endpoint"], tab["current"]) for tab in tabs))
    html = _rendered.get(key)
    if html is None or current_app.debug:  # debug: an edited template shows at once
        html = _rendered[key] = Markup(render_template("_tabs.html", tabs=tabs))  # noqa: S704
    return html


def register(app: Flask) -> None:
    app.jinja_env.globals["member_navigation"] = member_navigation
