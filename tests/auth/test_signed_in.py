"""The signed-in user: a read-only record on pages that are only read, the ORM object
on requests that may change data, the same session-version check for both."""

import pytest
from flask import request
from flask_login import current_user

from server.auth.models import User
from server.auth.signed_in import SignedInUser, load_signed_in_user
from tests.conftest import csrf_token, sign_in


def _loaded(app, method: str, session_id: str):
    with app.test_request_context("/", method=method):
        return load_signed_in_user(session_id)


def test_a_get_reads_a_record_and_a_post_gets_the_orm_user(app, world):
    session_id = world.member_a.get_id()
    record = _loaded(app, "GET", session_id)
    assert isinstance(record, SignedInUser)
    assert record.is_authenticated and not record.is_anonymous and record.is_active
    assert record.get_id() == session_id and record.display_name == world.member_a.display_name
    assert isinstance(_loaded(app, "POST", session_id), User)


def test_an_old_session_version_is_refused_on_both(app, world):
    user_id, version = world.member_a.get_id().split(":")
    old = f"{user_id}:{int(version) - 1}"
    assert _loaded(app, "GET", old) is None
    assert _loaded(app, "POST", old) is None
    assert _loaded(app, "GET", "not-an-id") is None
    assert _loaded(app, "GET", "999999:1") is None


def test_the_record_cannot_be_changed(app, world):
    record = _loaded(app, "GET", world.member_a.get_id())
    with pytest.raises(AttributeError, match="read-only"):
        record.locale = "en"


def test_has_homework_is_the_same_as_the_orm_loader_says(app, world):
    for user in (world.member_a, world.member_b):
        record = _loaded(app, "GET", user.get_id())
        orm = _loaded(app, "POST", user.get_id())
        assert record.has_homework == orm.has_homework


def test_a_post_changes_the_account_and_the_next_page_reads_it(app, client, world):
    seen = []

    @app.after_request
    def remember(response):
        seen.append((request.method, type(current_user._get_current_object())))
        return response

    sign_in(client, "a@example.org")
    token = csrf_token(client, "/more")
    client.post("/language", data={"csrf_token": token, "locale": "en", "next": "/more"})
    assert ("GET", SignedInUser) in seen and ("POST", User) in seen
    assert "E-mail address" in client.get("/more").get_data(as_text=True)  # it was saved


def test_a_new_secret_key_refuses_cookies_signed_with_the_old_one(app, client, world):
    sign_in(client, "a@example.org")
    assert client.get("/").status_code == 200
    app.secret_key = app.config["SECRET_KEY"] = "another tests-only secret"
    assert client.get("/").status_code == 302
