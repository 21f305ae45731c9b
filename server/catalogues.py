"""The words of a page from catalogues kept per language: they are the same for
everyone who reads that language, and looking them up was a fifth of a member page's
time (cProfile, `make bench`):

- Flask-WTF reads WTForms' own catalogue ("Ongeldige datum.") from disk on every
  request that builds a form;
- Flask-Babel's `_()` in templates looks the request's catalogue up anew for every
  text, through three context lookups each time.
"""

from __future__ import annotations

from functools import lru_cache

from babel import support
from flask import Flask, g, request
from flask_babel import get_locale, get_translations
from jinja2 import pass_context
from markupsafe import Markup
from wtforms.i18n import messages_path


@lru_cache(maxsize=8)
def wtforms_catalogue(locale: str) -> support.Translations:
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


class _ReadersCatalogue:
    """Stands in for the catalogue Flask-WTF would load. The reader's language is known
    only once the user is loaded, so it is looked up when a message is."""

    def ugettext(self, string: str) -> str:
        return wtforms_catalogue(str(get_locale())).ugettext(string)

    def ungettext(self, singular: str, plural: str, n: int) -> str:
        return wtforms_catalogue(str(get_locale())).ungettext(singular, plural, n)


_READERS = _ReadersCatalogue()


_by_locale: dict = {}


def reader_catalogue():
    """The reader's catalogue (or the one `force_locale` chose), looked up once per
    request: kept beside Flask-Babel's own locale in its per-request namespace, with
    the locale it belongs to, so `force_locale` (which replaces that locale) is obeyed.
    Without a request, Flask-Babel's answer as it is."""
    try:
        babel = g._flask_babel  # Flask-Babel's namespace for this request
        locale, catalogue = babel.kring_catalogue
        if locale is babel.babel_locale:
            return catalogue
    except (RuntimeError, AttributeError):  # no request, or not looked up yet
        pass
    locale = get_locale()
    if locale is None:
        return get_translations()
    catalogue = _by_locale.get(locale)
    if catalogue is None:
        catalogue = _by_locale[locale] = get_translations()
    g._flask_babel.kring_catalogue = (locale, catalogue)
    return catalogue


@pass_context
def template_gettext(context, string: str, **variables) -> str:
    """Jinja's new-style `_()` in one call instead of four: its own goes through an
    alias that looks `gettext` up in the context, which calls the catalogue through
    `Context.call` (13% of the home page's Python steps, counted with sys.settrace).
    The same result: escaped where the template escapes, and always a format string,
    so "%%" still becomes "%"; without a "%" formatting changes nothing, so it is
    skipped."""
    catalogue = reader_catalogue()
    key = (string, context.eval_ctx.autoescape)
    try:
        text = catalogue.kring_texts[key]
    except (AttributeError, KeyError):
        text = _translate(catalogue, key)
    if variables or "%" in text:
        return text % variables
    return text


def _translate(catalogue, key: tuple[str, bool]) -> str:
    """A template text translated and marked once per catalogue, and kept with it."""
    string, autoescape = key
    text = catalogue.ugettext(string)
    if autoescape:
        text = Markup(text)  # noqa: S704 - a translation of our own text, as Jinja does
    if not hasattr(catalogue, "kring_texts"):
        catalogue.kring_texts = {}
    catalogue.kring_texts[key] = text
    return text


def register(app: Flask) -> None:
    """After Flask-Babel's init_app: replaces the callables it gave Jinja."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: reader_catalogue().ugettext(s),  # replaced below
        ngettext=lambda s, p, n: reader_catalogue().ungettext(s, p, n),
        pgettext=lambda c, s: reader_catalogue().upgettext(c, s),
        npgettext=lambda c, s, p, n: reader_catalogue().unpgettext(c, s, p, n),
        newstyle=True,
    )
    app.jinja_env.globals.update(_=template_gettext, gettext=template_gettext)

    @app.before_request
    def offer_wtforms_catalogue() -> None:
        # Flask-WTF looks on the request first and loads from disk only when it is absent.
        request.wtforms_translations = _READERS
