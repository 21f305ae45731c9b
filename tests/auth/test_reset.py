from datetime import datetime, timedelta

import time_machine

from tests.conftest import PASSWORD, csrf_token, sign_in

NEW_PASSWORD = "een nieuwe lange zin"


def ask_reset(client, email):
    return client.post("/reset", data={"csrf_token": csrf_token(client, "/reset"), "email": email})


def choose(client, path, password=NEW_PASSWORD):
    return client.post(
        path,
        data={"csrf_token": csrf_token(client, path), "password": password, "confirm": password},
    )


def test_reset_by_mailed_link(app, client, world, smtp):
    answer = ask_reset(client, "a@example.org")
    assert "Kijk in je e-mail" in answer.get_data(as_text=True)
    assert smtp.messages[-1]["Subject"] == "Je nieuwe wachtwoord voor Kring"
    link = smtp.last_link("a@example.org")
    response = choose(client, link)
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert sign_in(app.test_client(), "a@example.org", PASSWORD).status_code == 200
    assert sign_in(app.test_client(), "a@example.org", NEW_PASSWORD).status_code == 302


def test_the_same_answer_whether_or_not_the_address_exists(client, world, smtp):
    known = ask_reset(client, "a@example.org").get_data(as_text=True)
    unknown = ask_reset(client, "nobody@example.org").get_data(as_text=True)
    strip = lambda page: page.split('name="csrf_token"')[0]  # noqa: E731
    assert strip(known) == strip(unknown)
    assert [m["To"] for m in smtp.messages] == ["a@example.org"]


def test_a_reset_link_works_once(client, world, smtp):
    ask_reset(client, "a@example.org")
    link = smtp.last_link("a@example.org")
    choose(client, link)
    again = client.get(link)
    assert again.status_code == 410 and "al gebruikt" in again.get_data(as_text=True)


def test_a_reset_link_expires_after_an_hour(client, world, smtp):
    ask_reset(client, "a@example.org")
    link = smtp.last_link("a@example.org")
    with time_machine.travel(datetime.now() + timedelta(minutes=61)):
        assert client.get(link).status_code == 410


def test_a_reset_ends_other_sessions(app, client, world, smtp):
    elsewhere = app.test_client()
    sign_in(elsewhere, "a@example.org")
    assert elsewhere.get("/").status_code == 200
    ask_reset(client, "a@example.org")
    choose(client, smtp.last_link("a@example.org"))
    assert elsewhere.get("/").status_code == 302


def test_reset_requests_are_throttled_per_account(client, world, smtp):
    for _ in range(5):
        assert ask_reset(client, "a@example.org").status_code == 200
    assert ask_reset(client, "a@example.org").status_code == 429
    assert len(smtp.messages) == 5
