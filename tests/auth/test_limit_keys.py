"""The sign-in and reset limits count per account under a keyed hash: no e-mail address
in the key names Redis shows to anyone who can list them."""

import os
import uuid

import pytest
import redis

from server import create_app
from server.db import engine_of
from tests.conftest import csrf_token

EMAIL = "Anna.de.Vries@Example.org"


@pytest.fixture
def redis_app(app_config, world):
    """After `world`: its app binds the one limiter to memory storage when it is made."""
    url = os.environ.get("KRING_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    store = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        store.ping()
    except redis.RedisError:
        pytest.skip(f"no Redis at {url}")
    prefix = f"kring-test-{uuid.uuid4().hex[:12]}"
    config = {"RATELIMIT_STORAGE_URI": url, "RATELIMIT_KEY_PREFIX": prefix}
    app = create_app({**app_config, **config})
    yield app, store, prefix
    engine_of(app).dispose()
    for key in store.scan_iter(f"*{prefix}*"):
        store.delete(key)


def test_no_email_address_in_the_limiters_keys(redis_app):
    app, store, prefix = redis_app
    client = app.test_client()
    token = csrf_token(client, "/login")
    client.post("/login", data={"csrf_token": token, "email": EMAIL, "password": "wrong one!"})
    client.post("/reset", data={"csrf_token": csrf_token(client, "/reset"), "email": EMAIL})
    keys = [key.decode() for key in store.scan_iter(f"*{prefix}*")]
    assert any("account:" in key for key in keys), keys  # counted per account
    assert not any("example.org" in key.lower() or "anna" in key.lower() for key in keys), keys


def test_the_same_account_whatever_the_case_shares_one_limit(app, world):
    client = app.test_client()
    token = csrf_token(client, "/login")
    for n in range(6):
        email = EMAIL.upper() if n % 2 else EMAIL.lower()
        data = {"csrf_token": token, "email": email, "password": "wrong one!"}
        response = client.post("/login", data=data)
    assert response.status_code == 429
