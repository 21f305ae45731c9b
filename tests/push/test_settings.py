"""Meer > Meldingen: the page, subscribing a device, removing it, the choices."""

import json

import pytest

from server import create_app
from server.auth.models import User
from server.db import engine_of
from server.push import outbox
from server.push.models import NotificationPreference, PushSubscription
from tests.conftest import csrf_token, sign_in
from tests.push.conftest import subscribe

ANDROID = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36"


@pytest.fixture
def anna(client, world):
    sign_in(client, "a@example.org")
    return client


def subscribe_json(client, subscription, token=None):
    token = token or csrf_token(client, "/notifications")
    return client.post(
        "/notifications/subscribe",
        data=json.dumps(subscription),
        content_type="application/json",
        headers={"X-CSRFToken": token, "User-Agent": ANDROID},
    )


def fcm(name: str, service) -> dict:
    """A subscription as Chrome would make it, at Google's push service."""
    subscription = service.subscriber(name).subscription()
    subscription["endpoint"] = f"https://fcm.googleapis.com/fcm/send/{name}"
    return subscription


def test_the_page_gives_the_public_key_and_works_without_javascript(app, anna):
    page = anna.get("/notifications").get_data(as_text=True)
    assert f'data-key="{app.extensions["kring_push"].keys.public_key}"' in page
    assert "data-push-nojs" in page  # the sentence for a browser without JavaScript
    assert "data-push-button hidden" in page  # the button appears only with JavaScript
    assert 'src="/static/js/push.js' in page and "<script>" not in page
    assert 'name="meeting_reminder"' in page and 'name="quiet_start"' in page


def test_meer_links_to_meldingen_for_members_only(app, anna, world):
    assert 'href="/notifications"' in anna.get("/more").get_data(as_text=True)
    therapist = app.test_client()
    sign_in(therapist, "ta@example.org")
    assert 'href="/notifications"' not in therapist.get("/more").get_data(as_text=True)
    assert therapist.get("/notifications").status_code == 404


def test_subscribing_stores_one_row_per_device(anna, db, world, push_service):
    subscription = fcm("phone", push_service)
    assert subscribe_json(anna, subscription).status_code == 201
    assert subscribe_json(anna, subscription).status_code == 201  # again: the same row
    db.rollback()
    [device] = db.query(PushSubscription).all()
    assert (device.user_id, device.endpoint) == (world.member_a.id, subscription["endpoint"])
    assert device.label == "Chrome · Android"
    page = anna.get("/notifications").get_data(as_text=True)
    assert "Chrome · Android" in page and f'data-endpoint="{device.endpoint}"' in page


def test_another_account_on_the_same_phone_takes_the_device_over(
    app, anna, db, world, push_service
):
    subscription = fcm("shared", push_service)
    subscribe_json(anna, subscription)
    bart = app.test_client()
    sign_in(bart, "b@example.org")
    subscribe_json(bart, subscription)
    db.rollback()
    [device] = db.query(PushSubscription).all()
    assert device.user_id == world.member_b.id


def test_subscribing_needs_the_csrf_token(anna, push_service):
    response = anna.post(
        "/notifications/subscribe",
        data=json.dumps(fcm("phone", push_service)),
        content_type="application/json",
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    "change",
    [
        {"endpoint": "https://internal.example.org/admin"},  # not a push service
        {"endpoint": "http://fcm.googleapis.com/fcm/send/x"},  # not https
        {"endpoint": "https://fcm.googleapis.com.evil.example/x"},
        {"endpoint": "https://fcm.googleapis.com/" + "x" * 1000},
        {"endpoint": 42},
        {"keys": {"p256dh": "AAAA", "auth": "AAAA"}},
        {"keys": {"auth": "AAAAAAAAAAAAAAAAAAAAAA"}},
        {"keys": "none"},
    ],
)
def test_a_subscription_that_is_not_one_is_refused(anna, db, push_service, change):
    subscription = {**fcm("phone", push_service), **change}
    response = subscribe_json(anna, subscription)
    assert response.status_code == 400
    assert response.get_json()["ok"] is False
    assert db.query(PushSubscription).count() == 0


def test_not_json_is_refused(anna):
    token = csrf_token(anna, "/notifications")
    response = anna.post("/notifications/subscribe", data="x", headers={"X-CSRFToken": token})
    assert response.status_code == 400


def test_removing_a_device_and_only_her_own(app, anna, db, world, push_service):
    subscribe(db, world.member_a, push_service.subscriber("hers"))
    subscribe(db, world.member_b, push_service.subscriber("his"))
    his = db.query(PushSubscription).filter_by(user_id=world.member_b.id).one()
    hers = db.query(PushSubscription).filter_by(user_id=world.member_a.id).one()
    token = csrf_token(anna, "/notifications")
    remove = "/notifications/devices/remove"
    assert anna.post(remove, data={"csrf_token": token, "device": his.id}).status_code == 404
    assert anna.post(remove, data={"csrf_token": token, "device": "x"}).status_code == 400
    response = anna.post(remove, data={"csrf_token": token, "device": hers.id})
    assert response.status_code == 302
    db.rollback()
    assert [d.user_id for d in db.query(PushSubscription)] == [world.member_b.id]


def test_a_withdrawn_permission_unsubscribes_by_endpoint(anna, db, world, push_service):
    subscribe(db, world.member_a, push_service.subscriber("phone"))
    subscribe(db, world.member_b, push_service.subscriber("other"))
    endpoint = push_service.subscribers["phone"].endpoint
    token = csrf_token(anna, "/notifications")
    other = push_service.subscribers["other"].endpoint
    for target in (endpoint, other):  # his endpoint is not hers to remove
        response = anna.post(
            "/notifications/unsubscribe", data={"endpoint": target}, headers={"X-CSRFToken": token}
        )
        assert response.status_code == 200
    db.rollback()
    assert [d.endpoint for d in db.query(PushSubscription)] == [other]


def test_choices_are_saved(anna, db, world):
    token = csrf_token(anna, "/notifications")
    data = {"csrf_token": token, "meeting_soon": "y", "quiet_hours": "y"}
    response = anna.post("/notifications", data={**data, "quiet_start": "23", "quiet_end": "7"})
    assert response.status_code == 302
    db.rollback()
    stored = db.get(NotificationPreference, world.member_a.id)
    assert (stored.meeting_reminder, stored.meeting_soon, stored.meeting_changed) == (
        False,
        True,
        False,
    )
    assert (stored.quiet_start, stored.quiet_end) == (23, 7)
    page = anna.get("/notifications").get_data(as_text=True)
    assert '<input checked id="meeting_soon"' in page
    assert '<input id="meeting_reminder"' in page


def test_a_bad_hour_is_refused_with_a_message(anna, db, world):
    token = csrf_token(anna, "/notifications")
    response = anna.post("/notifications", data={"csrf_token": token, "quiet_start": "25"})
    assert response.status_code == 422
    assert 'class="error"' in response.get_data(as_text=True)
    db.rollback()
    assert db.get(NotificationPreference, world.member_a.id) is None


def test_without_homework_the_homework_choices_are_kept(app, db, world, factory):
    factory.group(world.practice, "Zonder huiswerk", homework_enabled=False)
    group = db.query(type(world.group_a)).filter_by(name="Zonder huiswerk").one()
    member = factory.member(group, email="zonder@example.org")
    db.commit()
    client = app.test_client()
    sign_in(client, "zonder@example.org")
    page = client.get("/notifications").get_data(as_text=True)
    assert 'name="new_homework"' not in page
    client.post("/notifications", data={"csrf_token": csrf_token(client, "/notifications")})
    db.rollback()
    stored = db.get(NotificationPreference, member.id)
    assert (stored.new_homework, stored.reflection_reminder) == (True, True)


def test_a_test_message_once_a_minute(anna, db, world, frozen, push_service):
    token = csrf_token(anna, "/notifications")
    response = anna.post("/notifications/test", data={"csrf_token": token}, follow_redirects=True)
    assert "data-push-state" in response.get_data(as_text=True)  # told to switch on first
    subscribe(db, world.member_a, push_service.subscriber("phone"))
    for _ in range(2):
        anna.post("/notifications/test", data={"csrf_token": token})
    outbox.wait_until_sent()
    [payload] = push_service.delivered("phone")
    assert payload["url"] == "/notifications" and payload["title"] == "Kring"


def test_without_keys_the_page_says_notifications_are_off(app_config, monkeypatch, world):
    monkeypatch.delenv("VAPID_PRIVATE_KEY", raising=False)
    app = create_app({**app_config, "KRING_ENV": "production", "SESSION_COOKIE_SECURE": False})
    try:
        client = app.test_client()
        sign_in(client, "a@example.org")
        page = client.get("/notifications").get_data(as_text=True)
        assert "data-key" not in page
        token = csrf_token(client, "/notifications")
        response = client.post(
            "/notifications/subscribe",
            data="{}",
            content_type="application/json",
            headers={"X-CSRFToken": token},
        )
        assert response.status_code == 404
    finally:
        engine_of(app).dispose()


def test_deleting_the_account_forgets_devices_and_choices(anna, db, world, push_service):
    subscribe(db, world.member_a, push_service.subscriber("phone"))
    token = csrf_token(anna, "/notifications")
    anna.post("/notifications", data={"csrf_token": token, "quiet_start": "21", "quiet_end": "9"})
    from tests.conftest import PASSWORD

    token = csrf_token(anna, "/account/delete")
    anna.post("/account/delete", data={"csrf_token": token, "current_password": PASSWORD})
    db.rollback()
    assert db.query(PushSubscription).count() == 0
    assert db.query(NotificationPreference).count() == 0
    assert db.get(User, world.member_a.id).deleted_at is not None
