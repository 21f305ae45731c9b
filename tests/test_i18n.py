from datetime import date

from babel.messages.pofile import read_po
from flask_babel import force_locale

from server import PROJECT_ROOT
from server.formatting import format_date
from tests.conftest import csrf_token, sign_in


def test_dutch_is_the_default(client):
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="nl">' in page and "Inloggen" in page


def test_the_language_switch_changes_the_page_and_its_lang_attribute(client):
    token = csrf_token(client, "/login")
    response = client.post(
        "/language", data={"csrf_token": token, "locale": "en", "next": "/login"}
    )
    assert response.headers["Location"] == "/login"
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="en">' in page and "Sign in" in page and "Inloggen" not in page


def test_a_member_keeps_their_language_on_every_device(app, client, world):
    sign_in(client, "a@example.org")
    client.post("/language", data={"csrf_token": csrf_token(client, "/more"), "locale": "en"})
    assert "Hello Anna" in client.get("/").get_data(as_text=True)
    other_device = app.test_client()
    sign_in(other_device, "a@example.org")
    assert '<html lang="en">' in other_device.get("/").get_data(as_text=True)


def test_an_unknown_language_is_refused(client):
    token = csrf_token(client, "/login")
    assert client.post("/language", data={"csrf_token": token, "locale": "xx"}).status_code == 400


def test_the_dutch_catalogue_translates_every_text():
    path = PROJECT_ROOT / "server" / "translations" / "nl" / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalogue = read_po(handle)
    # A plural's translation is a tuple: every form must be there.
    untranslated = [
        m.id
        for m in catalogue
        if m.id and (m.fuzzy or not (all(m.string) if isinstance(m.string, tuple) else m.string))
    ]
    assert untranslated == []
    assert len(catalogue) > 100


def test_the_catalogue_holds_every_text_of_the_code(tmp_path):
    """A string added to the code but not extracted would show up in English only."""
    from babel.messages.frontend import CommandLineInterface

    template = tmp_path / "messages.pot"
    CommandLineInterface().run(
        [
            "pybabel",
            "--quiet",
            "extract",
            "-F",
            str(PROJECT_ROOT / "babel.cfg"),
            "-k",
            "_l",
            "-o",
            str(template),
            str(PROJECT_ROOT),
        ]
    )
    with template.open("rb") as handle:
        in_code = {m.id for m in read_po(handle) if m.id}
    path = PROJECT_ROOT / "server" / "translations" / "nl" / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        in_catalogue = {m.id for m in read_po(handle) if m.id}
    assert in_code - in_catalogue == set()
    # And the other way: a template the extractor could not read (a tag it does not
    # know) gives no texts, without a word; the next extraction would drop them all.
    assert in_catalogue - in_code == set()


def test_dates_put_the_day_first_in_both_languages(app):
    with app.test_request_context():
        for locale, expected in (("nl", "22 december 2026"), ("en", "22 December 2026")):
            with force_locale(locale):
                assert format_date(date(2026, 12, 22)) == expected


def test_the_plan_pdf_is_named_in_the_members_language(client, world):
    sign_in(client, "a@example.org")
    assert 'filename="mijn-plan.pdf"' in client.get("/plan/plan.pdf").headers["Content-Disposition"]
    client.post("/language", data={"csrf_token": csrf_token(client, "/more"), "locale": "en"})
    assert 'filename="my-plan.pdf"' in client.get("/plan/plan.pdf").headers["Content-Disposition"]
