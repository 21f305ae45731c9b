import dataclasses
from datetime import UTC, datetime

import pytest

from server.push import outbox, services
from server.push.delivery import Deliverer
from server.push.models import NotificationLog
from tests.push.pushservice import PushService

# A Thursday. Group A meets on Friday 27 November at 09:30 in Amsterdam (08:30 UTC).
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
TOMORROW_0930 = datetime(2026, 11, 27, 8, 30, tzinfo=UTC)
# Short backoff, so the failing cases take a second, not a minute. The read timeout
# stays long: with tests on every core the local service can take over a second to
# answer, and a message that arrived but timed out is recorded as not sent, which is
# right for a real push service but not what these tests are about. The tests of a
# hanging service use a deliverer with a short one (`hasty`).
FAST = {"PUSH_TIMEOUT": 10, "PUSH_CONNECT_TIMEOUT": 1, "PUSH_BACKOFF": 0.01, "PUSH_WORKERS": 4}
HASTY_TIMEOUT = 1


def hasty(app) -> Deliverer:
    """The app's deliverer with a one-second read timeout, for a service that hangs."""
    real = app.extensions["kring_push"].deliverer
    return Deliverer(real.keys, dataclasses.replace(real.settings, read_timeout=HASTY_TIMEOUT))


@pytest.fixture
def app_config(app_config):
    return {**app_config, **FAST}


@pytest.fixture
def clock(time_machine):
    """Every push test starts at NOW, before its data and sign-ins are made."""
    time_machine.move_to(NOW, tick=False)
    return time_machine


@pytest.fixture
def frozen(clock):
    return clock


@pytest.fixture
def push_service(app):
    """The local push service, trusting only the app's VAPID key. Every request it got
    must have passed its checks."""
    service = PushService(app.extensions["kring_push"].keys.public_key).start()
    yield service
    outbox.wait_until_sent()
    service.stop()
    assert service.problems == []


def subscribe(db, member, subscriber, label: str = "Firefox · Android") -> None:
    new = services.parse_subscription(
        subscriber.subscription(), {"PUSH_ALLOW_HTTP": True, "PUSH_EXTRA_SERVICES": ("127.0.0.1",)}
    )
    services.subscribe(db, member, new, label)
    db.commit()


def send(app, db, now=NOW, deliverer=None):
    """`kring send-reminders` as a function, in an app context of its own."""
    with app.app_context():
        return services.send_reminders(db, now, deliverer)


def log_rows(db) -> list[NotificationLog]:
    db.rollback()
    return list(db.query(NotificationLog).order_by(NotificationLog.id))
