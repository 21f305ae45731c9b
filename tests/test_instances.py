"""Several app servers behind one proxy: real processes against one PostgreSQL and one
Redis. The sign-in limit is shared between two gunicorn servers, so alternating between
them gains an attacker nothing; `kring send-reminders` started on two machines at the
same moment delivers each notice once."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
from contextlib import ExitStack
from datetime import timedelta

import pytest
import redis
import requests

from bench.servers import gunicorn
from server.auth import services as accounts
from server.auth.models import MEMBER
from server.db import get_db, now_utc
from server.push import keys
from server.push.preferences import Preferences, save_preferences
from tests.conftest import PASSWORD
from tests.factories import Factory
from tests.push.conftest import subscribe
from tests.push.pushservice import PushService

pytestmark = pytest.mark.postgres
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LOGIN_LIMIT = 5  # failed sign-ins per account per minute (server/auth/views.py)


@pytest.fixture
def redis_url():
    url = os.environ.get("KRING_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError:
        pytest.skip(f"no Redis at {url}")
    return url


@pytest.fixture
def two_servers(postgres_app, postgres_url, redis_url):
    """Two app servers on one database and one Redis, under a key prefix of this test's
    own (removed afterwards), so runs never count against each other."""
    prefix = f"kring-test-{uuid.uuid4().hex[:12]}"
    env = {
        "KRING_ENV": "testing",
        "SECRET_KEY": "tests-only-secret",
        "DATABASE_URL": postgres_url,
        "REDIS_URL": redis_url,
        "REDIS_KEY_PREFIX": prefix,
        "BASE_URL": "http://localhost",
    }
    with ExitStack() as stack:
        yield [
            stack.enter_context(gunicorn("server:create_app()", env, workers=1)) for _ in range(2)
        ]
    store = redis.Redis.from_url(redis_url)
    for key in store.scan_iter(f"*{prefix}*"):
        store.delete(key)


def _attempt(base: str, email: str, password: str) -> int:
    """One sign-in in a fresh browser: the form with its CSRF token, then the post."""
    browser = requests.Session()
    page = browser.get(base + "/login", timeout=10).text
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    data = {"csrf_token": token, "email": email, "password": password}
    return browser.post(base + "/login", data=data, allow_redirects=False, timeout=10).status_code


def test_the_sign_in_limit_is_shared_between_app_servers(postgres_app, two_servers):
    with postgres_app.app_context():
        accounts.create_user(get_db(), "lid@example.org", PASSWORD, "Lid", role=MEMBER)
        get_db().commit()
    first, second = two_servers
    # Wrong passwords, taking turns: each server alone sees fewer than the limit.
    answers = [
        _attempt((first, second)[n % 2], "lid@example.org", "wrong password")
        for n in range(LOGIN_LIMIT)
    ]
    assert answers == [200] * LOGIN_LIMIT  # refused with a message, not yet throttled
    assert _attempt(second, "lid@example.org", "wrong password") == 429
    assert _attempt(first, "lid@example.org", "wrong password") == 429
    # Another account is not locked out by this one's failures.
    assert _attempt(first, "someone@example.org", "wrong password") == 200


MEMBERS = 600  # more than one claim (sending.BATCH = 500): the runs take turns


def _members_with_a_phone(db, service) -> list[str]:
    """A group meeting in three hours, so the day-before reminder is due now; no quiet
    hours, so it goes at once whatever the time of day the test runs."""
    factory = Factory(db)
    group = factory.group(factory.practice())
    names = []
    for number in range(MEMBERS):
        member = factory.member(group, email=f"lid{number}@example.org")
        save_preferences(db, member, Preferences(quiet_hours=False))
        names.append(f"phone{number}")
        subscribe(db, member, service.subscriber(names[-1]))
    factory.meeting(group, now_utc() + timedelta(hours=3))
    db.commit()
    return names


def test_send_reminders_on_two_machines_at_once_sends_each_notice_once(postgres_app, postgres_url):
    private = keys.new_private_key()
    public = keys.public_key_of(private)
    service = PushService(public).start()
    db = postgres_app.extensions["kring_db"]()
    try:
        names = _members_with_a_phone(db, service)
        env = {
            **os.environ,
            "KRING_ENV": "testing",
            "SECRET_KEY": "tests-only-secret",
            "DATABASE_URL": postgres_url,
            "VAPID_PRIVATE_KEY": private,
            "VAPID_PUBLIC_KEY": public,
        }
        kring = os.path.join(os.path.dirname(sys.executable), "kring")
        runs = [
            subprocess.Popen(
                [kring, "send-reminders"], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
            )
            for _ in range(2)
        ]
        outputs = [run.communicate(timeout=120)[0] for run in runs]
        assert [run.returncode for run in runs] == [0, 0], outputs
        # The push summary's line ("N sent, ..."); the supporters' e-mails have a line of their own.
        sent = [int(re.search(r"^(\d+) sent,", out, re.M).group(1)) for out in outputs]
        assert sum(sent) == MEMBERS, outputs
        assert {name: len(service.delivered(name)) for name in names} == dict.fromkeys(names, 1)
        assert service.problems == []
    finally:
        db.close()
        service.stop()
