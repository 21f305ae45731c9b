"""WTForms' own messages come in the reader's language from a catalogue kept per
language (server/catalogues.py), not read from disk on every request."""

from flask import session
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import DateField

from server.catalogues import wtforms_catalogue


class _DayForm(FlaskForm):
    class Meta:
        csrf = False

    day = DateField()


def _message(app, locale: str) -> str:
    with app.test_request_context("/"):
        session["locale"] = locale
        app.preprocess_request()
        form = _DayForm(formdata=MultiDict({"day": "gisteren"}))
        assert not form.validate()
        return form.day.errors[0]


def test_wtforms_messages_in_the_readers_language(app):
    assert _message(app, "nl") == "Ongeldige datum."
    assert _message(app, "en") == "Not a valid date value."


def test_each_language_is_read_once(app):
    wtforms_catalogue.cache_clear()
    for _ in range(3):
        _message(app, "nl")
    assert wtforms_catalogue.cache_info().misses == 1


def test_template_words_follow_the_reader_and_force_locale(app):
    from flask import render_template_string
    from flask_babel import force_locale

    with app.test_request_context("/"):
        session["locale"] = "nl"
        assert render_template_string("{{ _('Schedule') }}") == "Rooster"
        with force_locale("en"):  # as for an e-mail in the recipient's language
            assert render_template_string("{{ _('Schedule') }}") == "Schedule"
        assert render_template_string("{{ _('Schedule') }}") == "Rooster"
