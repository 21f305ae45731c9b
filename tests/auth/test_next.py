"""Where `next` may send someone after signing in or choosing a language: a path on
this site, never a line break (a 500 after a correct password) and never elsewhere."""

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import PASSWORD, csrf_token, sign_in

REFUSED = ["/plan/\n", "/plan/\r\nSet-Cookie: x=1", "/plan\t/", "/\x00", "/\x85", "/\\evil.example"]
REFUSED += ["/\\/evil.example", "//evil.example", "https://evil.example/"]
NEXT = st.one_of(
    st.sampled_from(REFUSED + ["/plan/", "/schedule"]),
    st.text(st.characters(codec="utf-8"), max_size=30).map(lambda tail: "/" + tail),
)


def sign_in_with_next(client, next_url: str):
    client.get("/login?next=" + quote(next_url))
    token = csrf_token(client, "/login?next=" + quote(next_url))
    data = {"email": "a@example.org", "password": PASSWORD, "next": next_url}
    return client.post("/login", data={**data, "csrf_token": token})


def choose_language(client, next_url: str):
    token = csrf_token(client, "/more")
    return client.post("/language", data={"locale": "en", "next": next_url, "csrf_token": token})


@pytest.mark.parametrize("next_url", REFUSED)
def test_a_bad_next_after_a_correct_password_goes_home(app, world, next_url):
    response = sign_in_with_next(app.test_client(), next_url)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("next_url", REFUSED)
def test_a_bad_next_after_choosing_a_language_goes_home(client, world, next_url):
    sign_in(client, "a@example.org")
    response = choose_language(client, next_url)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_a_good_next_is_followed(client, world):
    assert sign_in_with_next(client, "/plan/").headers["Location"] == "/plan/"
    assert choose_language(client, "/schedule").headers["Location"] == "/schedule"


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(next_url=NEXT)
def test_whatever_next_says_the_answer_is_a_redirect_on_this_site(app, world, next_url):
    client = app.test_client()
    for response in (sign_in_with_next(client, next_url), choose_language(client, next_url)):
        assert response.status_code == 302
        location = response.headers["Location"]
        assert location.startswith("/") and not location.startswith(("//", "/\\"))
        assert not any(ord(c) < 32 or 127 <= ord(c) < 160 for c in location)
