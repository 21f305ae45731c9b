"""User text is plain text: stored exactly as typed and escaped on the way out. Where
HTML is made from it (line breaks, clickable links) the result passes nh3 with an
allowlist of `a` and `br`: a second lock behind the escaping."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import nh3
from flask import Flask
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from wtforms.validators import ValidationError

URL = re.compile(r"\bhttps?://[^\s<>\"']+", re.IGNORECASE)
TRAILING = ".,;:!?)]}'\""


# A Dutch or international phone number inside a sentence ("bel 06-12345678"): starts
# with 0 or +, 8 to 13 digits. A date such as 01-12-2026 is left alone.
PHONE = re.compile(r"(?<![\w+/.-])(?:\+|0)\d[\d -]{5,16}\d(?![\w/])")
DATE = re.compile(r"\d{1,2}-\d{1,2}-\d{2,4}")


def tel_href(phone: str) -> str:
    """A phone number as a tel: link: its digits, and a leading + (RFC 3966)."""
    digits = "".join(c for c in phone if c.isdigit())
    return "tel:" + ("+" if phone.strip().startswith("+") else "") + digits


def _phones(text: str) -> list:
    parts, last = [], 0
    for match in PHONE.finditer(text):
        number = match.group(0)
        if not 8 <= sum(c.isdigit() for c in number) <= 13 or DATE.fullmatch(number):
            continue
        parts.append(escape(text[last : match.start()]))
        parts.append(Markup('<a href="{0}">{1}</a>').format(tel_href(number), number))
        last = match.end()
    parts.append(escape(text[last:]))
    return parts


def linkify(text: str | None, phones: bool = False) -> Markup:
    """Web addresses, and with `phones` phone numbers, become links."""
    return _linkified(text or "", phones)


# The same texts (a plan's lines, an assignment) are shown again and again: nh3 ran on
# each at every request. Keyed by the text itself, so an edit is a new entry; bounded,
# so the memory it takes is too. Typed: a Markup and a str of the same characters
# are different entries (escaping treats them differently).
@lru_cache(maxsize=4096, typed=True)
def _linkified(text: str, phones: bool) -> Markup:
    text = text.replace("\r\n", "\n")
    plain = _phones if phones else lambda segment: [escape(segment)]
    parts, last = [], 0
    for match in URL.finditer(text):
        url = match.group(0).rstrip(TRAILING)
        parts.extend(plain(text[last : match.start()]))
        parts.append(Markup('<a href="{0}">{0}</a>').format(url))
        last = match.start() + len(url)
    parts.extend(plain(text[last:]))
    html = str(Markup("").join(parts)).replace("\n", "<br>")
    # The one place user text becomes markup: escaped above, then nh3 with an allowlist
    # (bandit B704 and ruff S704 flag every Markup; this one is deliberate).
    return Markup(  # noqa: S704  # nosec B704
        nh3.clean(
            html,
            tags={"a", "br"},
            attributes={"a": {"href"}},
            url_schemes={"http", "https", "tel"},
            link_rel="noopener noreferrer nofollow",
        )
    )


def linkify_phones(text: str | None) -> Markup:
    """For the plan: every phone number in it is tapped to call (issue 18)."""
    return linkify(text, phones=True)


def no_nul(_form, field) -> None:
    """NUL cannot be stored in PostgreSQL text; refuse it next to the field, not with a 500."""
    if field.data and "\x00" in field.data:
        raise ValidationError(
            _l("This text contains a character that cannot be saved. Remove it and try again.")
        )


def is_control(character: str) -> bool:
    """C0 and C1 controls and DEL: line breaks and tabs among them."""
    return unicodedata.category(character) == "Cc"


def no_control_characters(_form, field) -> None:
    """A web address with a line break: WTForms' URL check ignores it (urlparse drops
    CR, LF and tab first), but it breaks the calendar feeds it lands in."""
    if field.data and any(is_control(c) or c.isspace() for c in field.data):
        raise ValidationError(_l("A web address cannot contain spaces or line breaks."))


# Explicit direction controls (embeddings, overrides, isolates, U+202A-E, U+2066-9):
# one right-to-left override in a line turns the rest of that line around on every page
# that shows it (the "Trojan Source" trick). Stored as typed and kept in the JSON export;
# left out of every page and e-mail, through Jinja's finalize.
DIRECTION_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def without_direction_controls(value):
    if isinstance(value, str) and not value.isascii():
        return value.translate(DIRECTION_CONTROLS)  # Markup stays Markup
    return value


def register(app: Flask) -> None:
    app.add_template_filter(linkify, "linkify")
    app.add_template_filter(linkify_phones, "linkify_phones")
    app.add_template_filter(tel_href, "tel_href")
    app.jinja_env.finalize = without_direction_controls
