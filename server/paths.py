"""Paths for many rows at once: `url_for` once per endpoint and page, and the one part
that differs per row filled in, the parts kept per process. Per row, `url_for` cost as
much as the row's other work (the rooster's meetings, the plan's sections; cProfile)."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from flask import current_app, request, url_for

_ANY = "918273645"  # stands in for the value: digits, so an int converter takes it too


def path_maker(endpoint: str, argument: str) -> Callable[[object], str]:
    """The path `url_for(endpoint, argument=value)` gives, as a function of the value.
    Only for values that need no quoting in a URL: ids and keys of our own."""
    before, after = _around(
        current_app._get_current_object(), request.script_root, endpoint, argument
    )
    return lambda value: f"{before}{value}{after}"


@lru_cache(maxsize=64)
def _around(_app, _script_root: str, endpoint: str, argument: str) -> tuple[str, str]:
    """What comes before and after the value: the same for every page served under the
    same path (the app's routes do not change while it runs), so built once."""
    before, after = url_for(endpoint, **{argument: _ANY}).split(_ANY)
    return before, after
