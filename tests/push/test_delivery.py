"""Delivery against the local push service: headers, encryption, and what a push
service's answers make of a notice and a device."""

import time
from datetime import timedelta

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from server.push import keys
from server.push.delivery import MAX_PAYLOAD, retry_after_seconds
from server.push.models import FAILED, PENDING, SENT, SKIPPED, PushSubscription
from server.push.notices import Notice
from tests.push.conftest import NOW, TOMORROW_0930, hasty, log_rows, send, subscribe
from tests.push.pushservice import HANG


@pytest.fixture
def meeting(frozen, world, factory, db):
    made = factory.meeting(world.group_a, TOMORROW_0930)
    db.commit()
    return made


def members_with_phones(db, world, factory, service, names):
    """Members of group A, each with a phone named after them."""
    made = {}
    for name in names:
        member = world.member_a if name == "anna" else factory.member(world.group_a)
        subscribe(db, member, service.subscriber(name))
        made[name] = member
    return made


def test_every_send_has_ttl_urgency_topic_and_a_valid_vapid_token(
    app, db, world, factory, meeting, push_service
):
    members_with_phones(db, world, factory, push_service, ["anna"])
    send(app, db)
    [request] = push_service.received
    ttl = int(request.headers["ttl"])
    assert ttl == int((TOMORROW_0930 - NOW).total_seconds())  # until the meeting starts
    assert request.headers["urgency"] == "normal"
    assert len(request.headers["topic"]) <= 32
    assert request.claims["aud"] == push_service.url
    assert request.claims["sub"].startswith("mailto:")


def test_the_body_decrypts_with_an_independent_rfc8291_implementation(
    app, db, world, factory, meeting, push_service
):
    """http_ece decrypts in the push service; here the RFC's steps once more by hand."""
    members_with_phones(db, world, factory, push_service, ["anna"])
    send(app, db)
    [request] = push_service.received
    subscriber = push_service.subscribers["anna"]
    body = request.body
    salt, key_length = body[:16], body[20]
    sender = body[21 : 21 + key_length]
    shared = subscriber.private_key.exchange(
        ec.ECDH(), ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), sender)
    )
    info = b"WebPush: info\x00" + subscriber.public_bytes + sender
    ikm = HKDF(hashes.SHA256(), 32, subscriber.auth, info).derive(shared)
    cek = HKDF(hashes.SHA256(), 16, salt, b"Content-Encoding: aes128gcm\x00").derive(ikm)
    nonce = HKDF(hashes.SHA256(), 12, salt, b"Content-Encoding: nonce\x00").derive(ikm)
    plain = AESGCM(cek).decrypt(nonce, body[21 + key_length :], None).rstrip(b"\x00")
    assert plain.endswith(b"\x02")  # the last record's delimiter
    assert plain[:-1].decode() == __import__("json").dumps(
        request.payload, ensure_ascii=False, separators=(",", ":")
    )


def test_every_device_of_hers_gets_it(app, db, world, meeting, push_service):
    for name in ("phone", "tablet"):
        subscribe(db, world.member_a, push_service.subscriber(name))
    assert send(app, db).sent == 1
    assert len(push_service.delivered("phone")) == len(push_service.delivered("tablet")) == 1


@pytest.mark.parametrize("status", [404, 410])
def test_a_gone_subscription_is_deleted(app, db, world, factory, meeting, push_service, status):
    members_with_phones(db, world, factory, push_service, ["anna"])
    push_service.script("anna", status)
    summary = send(app, db)
    assert (summary.sent, summary.skipped, summary.devices_removed) == (0, 1, 1)
    assert db.query(PushSubscription).count() == 0
    assert [row.status for row in log_rows(db)] == [SKIPPED]


def test_500_is_retried_with_backoff_and_then_delivered(
    app, db, world, factory, meeting, push_service
):
    members_with_phones(db, world, factory, push_service, ["anna"])
    push_service.script("anna", 500, 503)
    assert send(app, db).sent == 1
    assert push_service.attempts("anna") == 3
    assert len(push_service.delivered("anna")) == 1


def test_500_every_time_waits_for_a_later_run_and_gives_up_in_the_end(
    app, db, world, factory, meeting, push_service
):
    members_with_phones(db, world, factory, push_service, ["anna"])
    push_service.script("anna", *[500] * 3)
    summary = send(app, db)
    assert (summary.sent, summary.retry) == (0, 1)
    assert push_service.attempts("anna") == 3  # bounded within a run
    [row] = log_rows(db)
    assert row.status == PENDING and row.due_at > NOW
    assert send(app, db).sent == 0  # not due again yet
    assert send(app, db, row.due_at).sent == 1  # the next run delivers it
    push_service.script("anna", *[500] * 100)
    factory.meeting(world.group_a, TOMORROW_0930 + timedelta(hours=2))
    db.commit()
    moment = NOW + timedelta(hours=2)
    for _ in range(6):
        send(app, db, moment)
        moment += timedelta(hours=1)
    assert [row.status for row in log_rows(db)] == [SENT, FAILED]


def test_429_honours_retry_after(app, db, world, factory, meeting, push_service):
    members_with_phones(db, world, factory, push_service, ["anna", "bart"])
    push_service.script("anna", (429, 1))  # wait a second: within this run
    push_service.script("bart", (429, 600))  # ten minutes: a later run
    started = time.monotonic()
    summary = send(app, db)
    assert time.monotonic() - started >= 1
    assert (summary.sent, summary.retry) == (1, 1)
    bart = next(row for row in log_rows(db) if row.status == PENDING)
    assert bart.due_at >= NOW + timedelta(seconds=600)


def test_a_refusal_that_repeating_would_not_change_fails_at_once(
    app, db, world, factory, meeting, push_service
):
    members_with_phones(db, world, factory, push_service, ["anna"])
    push_service.script("anna", 413)
    assert send(app, db).failed == 1
    assert push_service.attempts("anna") == 1


def test_a_hanging_push_service_times_out_without_holding_up_the_rest(
    app, db, world, factory, meeting, push_service
):
    names = ["anna"] + [f"member{n}" for n in range(7)]
    members_with_phones(db, world, factory, push_service, names)
    push_service.script("anna", HANG)
    started = time.monotonic()
    summary = send(app, db, deliverer=hasty(app))
    elapsed = time.monotonic() - started
    assert elapsed < 4, elapsed  # the read timeout is 1 s here; not one per message
    assert (summary.sent, summary.retry) == (7, 1)
    assert all(len(push_service.delivered(name)) == 1 for name in names[1:])


def test_payloads_stay_under_the_limit():
    notice = Notice("Kring", "x" * MAX_PAYLOAD, "/", "t", 60)
    with pytest.raises(ValueError):
        notice.payload()
    assert len(Notice("Kring", "é" * 1000, "/", "t", 60).payload()) < MAX_PAYLOAD


def test_retry_after_as_seconds_or_a_date(frozen):
    assert retry_after_seconds("120") == 120
    assert retry_after_seconds("Thu, 26 Nov 2026 12:01:00 GMT") == 60
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None


def test_the_vapid_subject_must_be_a_real_address(tmp_path):
    base = {"KRING_ENV": "production", "VAPID_PRIVATE_KEY": keys.new_private_key()}
    for subject in ("", "admin", "mailto:admin@localhost", "http://kring.example.org"):
        with pytest.raises(RuntimeError):
            keys.load({**base, "VAPID_SUBJECT": subject}, tmp_path)
    for subject in ("mailto:beheer@kring.example.org", "https://kring.example.org"):
        assert keys.load({**base, "VAPID_SUBJECT": subject}, tmp_path).subject == subject
    assert keys.load({"KRING_ENV": "production"}, tmp_path) is None  # push off, app runs


def test_development_keys_are_made_once_in_the_instance_folder(tmp_path):
    config = {"KRING_ENV": "development", "MAIL_FROM": "Kring <noreply@kring.example>"}
    first = keys.load(config, tmp_path)
    assert (tmp_path / keys.KEY_FILE).stat().st_mode & 0o777 == 0o600
    assert keys.load(config, tmp_path).public_key == first.public_key
    assert first.subject == "mailto:noreply@kring.example"


def test_a_public_key_that_does_not_match_is_refused(tmp_path):
    config = {
        "KRING_ENV": "production",
        "VAPID_PRIVATE_KEY": keys.new_private_key(),
        "VAPID_PUBLIC_KEY": keys.public_key_of(keys.new_private_key()),
        "VAPID_SUBJECT": "mailto:beheer@kring.example.org",
    }
    with pytest.raises(RuntimeError):
        keys.load(config, tmp_path)
