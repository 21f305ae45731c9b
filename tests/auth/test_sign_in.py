from http.cookies import SimpleCookie

from sqlalchemy import select

from server.audit import AuditEvent
from tests.conftest import PASSWORD, csrf_token, sign_in


def test_a_member_signs_in_and_lands_on_home(client, world):
    response = sign_in(client, "a@example.org")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    page = client.get("/").get_data(as_text=True)
    assert "Anna" in page and "Groep A" in page


def test_a_therapist_lands_in_the_therapist_area(client, world):
    response = sign_in(client, "ta@example.org")
    assert response.headers["Location"] == "/therapist/"
    assert "Groep A" in client.get("/therapist/").get_data(as_text=True)


def test_email_is_case_insensitive(client, world):
    assert sign_in(client, "  A@Example.ORG ").status_code == 302


def test_unknown_email_and_wrong_password_get_the_same_answer(client, world):
    wrong_password = sign_in(client, "a@example.org", "not the password at all")
    unknown = sign_in(client, "nobody@example.org", PASSWORD)
    assert wrong_password.status_code == unknown.status_code == 200
    message = "Dit e-mailadres en wachtwoord horen niet bij elkaar."
    assert message in wrong_password.get_data(as_text=True)
    assert message in unknown.get_data(as_text=True)


def test_what_was_typed_stays_after_a_failed_sign_in(client, world):
    page = sign_in(client, "a@example.org", "wrong password!").get_data(as_text=True)
    assert 'value="a@example.org"' in page


def test_failed_sign_ins_are_logged(client, world, db):
    sign_in(client, "a@example.org", "wrong password!")
    db.rollback()
    event = db.scalar(select(AuditEvent).where(AuditEvent.outcome == "refused"))
    assert event.action == "sign_in" and event.subject_user_id == world.member_a.id
    assert event.ip == "127.0.0.1"


def test_a_safe_next_is_followed_and_an_outside_one_is_not(client, world):
    assert sign_in(client, "a@example.org", next="/more").headers["Location"] == "/more"
    client.post("/logout", data={"csrf_token": csrf_token(client, "/more")})
    response = sign_in(client, "a@example.org", next="https://evil.example/")
    assert response.headers["Location"] == "/"


def test_sign_out_ends_the_session(client, world):
    sign_in(client, "a@example.org")
    response = client.post("/logout", data={"csrf_token": csrf_token(client, "/more")})
    assert response.status_code == 302
    assert "cache" in response.headers["Clear-Site-Data"]
    assert client.get("/").status_code == 302


def test_a_cookie_replayed_after_sign_out_is_refused(app, world):
    thief, owner = app.test_client(), app.test_client()
    sign_in(owner, "a@example.org", remember="y")
    stolen = {c.key: c.value for c in owner._cookies.values()}
    assert "remember_token" in stolen
    owner.post("/logout", data={"csrf_token": csrf_token(owner, "/more")})
    for name, value in stolen.items():
        thief.set_cookie(name, value)
    assert thief.get("/").status_code == 302
    assert thief.get("/more").status_code == 302


def test_session_and_remember_cookies_are_httponly_and_samesite(client, world):
    response = sign_in(client, "a@example.org", remember="y")
    cookies = SimpleCookie()
    for header in response.headers.getlist("Set-Cookie"):
        cookies.load(header)
    assert {"session", "remember_token"} <= set(cookies)
    for morsel in cookies.values():
        assert morsel["httponly"], morsel.key
        assert morsel["samesite"] == "Lax", morsel.key


def test_sign_in_is_throttled_per_account_not_globally(client, world):
    for _ in range(5):
        assert sign_in(client, "a@example.org", "wrong password!").status_code == 200
    throttled = sign_in(client, "a@example.org", PASSWORD)
    assert throttled.status_code == 429
    assert "Te veel pogingen" in throttled.get_data(as_text=True)
    assert sign_in(client, "b@example.org").status_code == 302


def test_successful_sign_ins_do_not_count_towards_the_limit(app, world):
    for _ in range(7):
        client = app.test_client()
        assert sign_in(client, "a@example.org").status_code == 302


def test_a_post_without_csrf_token_is_refused(client, world):
    response = client.post("/login", data={"email": "a@example.org", "password": PASSWORD})
    assert response.status_code == 400
    assert "verlopen" in response.get_data(as_text=True)
