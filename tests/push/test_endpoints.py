"""SSRF through the push endpoint: a URL that one parser reads as a push service and
another as somewhere else is refused, and nothing is ever sent to a refused host."""

import base64
import socket

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from server.db import now_utc
from server.push import outbox, services
from server.push.models import PushSubscription
from tests.conftest import csrf_token, sign_in
from tests.push.test_settings import subscribe_json

PRODUCTION = {"PUSH_ALLOW_HTTP": False, "PUSH_EXTRA_SERVICES": ()}
TESTING = {"PUSH_ALLOW_HTTP": True, "PUSH_EXTRA_SERVICES": ("127.0.0.1", "localhost")}

CONFUSING = [
    "https://127.0.0.2\\@fcm.googleapis.com/x",  # urllib3 connects to 127.0.0.2
    "https://127.0.0.2:8443\\@fcm.googleapis.com/x",
    "https://127.0.0.1\\fcm.googleapis.com/x",
    "https://fcm.googleapis.com@127.0.0.1/x",
    "https://someone@fcm.googleapis.com/x",
    "https://user:secret@fcm.googleapis.com/x",
    "https://fcm.googleapis.com%2f@127.0.0.1/x",
    "https://127.0.0.1%2f.fcm.googleapis.com/x",
    "https://127.0.0.1%2523.fcm.googleapis.com/x",
    "https://fcm.googleapis.com#@127.0.0.1/x",
    "https://fcm.googleapis.com/x#fragment",
    "https://127.0.0.1?@fcm.googleapis.com/x",
    "https://fcm.googleapis.com:443/x",
    "https://fcm.googleapis.com:8443/x",
    "https://0x7f000001/x",
    "https://0177.0.0.1/x",
    "https://2130706433/x",
    "https://127.1/x",
    "https://[::1]/x",
    "https://[::ffff:127.0.0.1]/x",
    "https://169.254.169.254/latest/meta-data/",
    "file:///etc/passwd",
    "gopher://fcm.googleapis.com:70/_x",
    "HTTPS://FCM.GOOGLEAPIS.COM/x",
    "https://FCM.googleapis.com/x",
    "https://fcm.googleapis.com./x",
    "https://fcm.googleapis.com../x",
    "http://fcm.googleapis.com/x",
    "//fcm.googleapis.com/x",
    "https:\\\\127.0.0.1\\fcm.googleapis.com/x",
    "https://\uff46cm.googleapis.com/x",  # a full-width f
    "https://127.0.0.1 .fcm.googleapis.com/x",
    "https://fcm.googleapis.com\t/x",
    "https://fcm.googleapis.com/x\r\nHost: 127.0.0.1",
    "https://fcm.googleapis.com%00.127.0.0.1/x",
    " https://fcm.googleapis.com/x",
]
REAL = [
    "https://fcm.googleapis.com/fcm/send/cXyZ_1-2:APA91bHq-Ab_Cd",
    "https://updates.push.services.mozilla.com/wpush/v2/gAAAAABn-_x",
    "https://web.push.apple.com/QGx7_Ab-Cd",
    "https://wns2-par02p.notify.windows.com/w/?token=BQYAAAB%2bx%3d",
]


def subscription(endpoint: str) -> dict:
    key = ec.generate_private_key(ec.SECP256R1()).public_key()
    point = key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )

    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    return {"endpoint": endpoint, "keys": {"p256dh": b64(point), "auth": b64(bytes(16))}}


@pytest.mark.parametrize("endpoint", CONFUSING)
@pytest.mark.parametrize("config", [PRODUCTION, TESTING], ids=["production", "testing"])
def test_a_confusing_endpoint_is_refused(endpoint, config):
    with pytest.raises(services.InvalidSubscription):
        services.parse_subscription(subscription(endpoint), config)


@pytest.mark.parametrize(
    "endpoint",
    [
        "http://127.0.0.1:8080\\@localhost/x",
        "http://localhost@127.0.0.2:8080/x",
        "http://127.0.0.2:8080/x",
        "http://127.0.0.1:8080/x#@127.0.0.2",
    ],
)
def test_the_local_push_service_of_the_tests_is_no_way_around(endpoint):
    with pytest.raises(services.InvalidSubscription):
        services.parse_subscription(subscription(endpoint), TESTING)


@pytest.mark.parametrize("endpoint", REAL)
def test_the_browsers_real_endpoints_are_accepted(endpoint):
    assert services.parse_subscription(subscription(endpoint), PRODUCTION).endpoint == endpoint


@pytest.fixture
def app_config(app_config):
    return {**app_config, **PRODUCTION}


@pytest.fixture
def listener():
    """A server on 127.0.0.2 that counts the connections it is offered."""
    server = socket.socket()
    server.bind(("127.0.0.2", 0))
    server.listen()
    server.settimeout(0.5)
    yield server
    server.close()


def connections(server: socket.socket) -> int:
    count = 0
    while True:
        try:
            connection, _ = server.accept()
        except TimeoutError:
            return count
        connection.close()
        count += 1


def test_no_connection_is_made_to_a_refused_host(app, client, db, world, listener):
    sign_in(client, "a@example.org")
    port = listener.getsockname()[1]
    response = subscribe_json(
        client, subscription(f"https://127.0.0.2:{port}\\@fcm.googleapis.com/x")
    )
    assert response.status_code == 400
    assert db.query(PushSubscription).count() == 0
    client.post("/notifications/test", data={"csrf_token": csrf_token(client, "/notifications")})
    outbox.wait_until_sent()
    with app.app_context():
        services.send_reminders(db, now_utc())
    assert connections(listener) == 0
