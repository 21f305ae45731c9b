"""Push throughput: 2,000 due reminders through the whole `kring send-reminders` path
(selection, encryption, delivery, log) to the local push service, then 2,000 bare
`pywebpush.webpush()` calls, one after another, to the same service.

    python -m bench.push      prints  PUSH msgs_per_s=<n> raw_msgs_per_s=<n> ratio=<n>
                                      PUSH cpu_s_per_1000=<n> raw_cpu_s_per_1000=<n>

The push service runs in a process of its own (it answers 201 without checking, so it
measures the sender, not itself). The database is SQLite in a temporary folder, or
KRING_BENCH_DATABASE_URL. Targets on a 2-core machine: the whole path >= 500 messages
per second and >= 0.75 of the bare library's rate. On a busy machine the wall clock
counts other processes' turns too: the CPU seconds of this (the sending) process per
1,000 messages, on all its threads, are the steadier measure of the sender's own work.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
import tempfile
import time
import urllib.request
from datetime import timedelta

os.environ.setdefault("KRING_ENV", "testing")
os.environ.setdefault("SECRET_KEY", "bench-only")

from cryptography.hazmat.primitives import serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec  # noqa: E402
from pywebpush import webpush  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from bench import targets  # noqa: E402
from server import create_app  # noqa: E402
from server.auth.models import User  # noqa: E402
from server.db import get_db, make_engine, now_utc  # noqa: E402
from server.groups.models import Group, Membership, Practice  # noqa: E402
from server.migrations import upgrade  # noqa: E402
from server.push.cli import send_reminders  # noqa: E402
from server.push.keys import b64url  # noqa: E402
from server.push.models import NotificationPreference, PushSubscription  # noqa: E402
from server.schedule.models import Meeting  # noqa: E402

COUNT = 2000
TARGET_RATE = 500
GROUP_SIZE = 10


def _serve(queue) -> None:
    """The push service, in its own process until the benchmark ends it."""
    from tests.push.pushservice import PushService

    service = PushService(verify=False).start()
    queue.put(service.url)
    service.thread.join()


def _received(url: str) -> int:
    with urllib.request.urlopen(f"{url}/count", timeout=10) as response:  # noqa: S310
        return int(response.read())


def _subscription(url: str, number: int) -> dict:
    key = ec.generate_private_key(ec.SECP256R1()).public_key()
    point = key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return {
        "endpoint": f"{url}/push/{number}",
        "keys": {"p256dh": b64url(point), "auth": b64url(os.urandom(16))},
    }


def _members_due(db, url: str, count: int) -> list[dict]:
    """`count` members in groups of ten, each group meeting in 20 hours, each member
    with one device and no quiet hours (the benchmark may run at night)."""
    now = now_utc()
    practice = Practice(name="Benchmark")
    db.add(practice)
    db.flush()
    subscriptions = []
    for start in range(0, count, GROUP_SIZE):
        group = Group(practice_id=practice.id, name=f"Groep {start}", homework_enabled=False)
        db.add(group)
        db.flush()
        starts_at = now + timedelta(hours=20)
        db.add(
            Meeting(
                group_id=group.id, starts_at=starts_at, ends_at=starts_at + timedelta(minutes=90)
            )
        )
        numbers = range(start, min(start + GROUP_SIZE, count))
        users = db.execute(
            insert(User).returning(User.id, sort_by_parameter_order=True),
            [
                {"email": f"lid{n}@bench.example.org", "password_hash": "-", "display_name": "x"}
                for n in numbers
            ],
        ).scalars()
        for user_id, number in zip(users, numbers, strict=True):
            subscription = _subscription(url, number)
            subscriptions.append(subscription)
            db.add(Membership(group_id=group.id, member_id=user_id, joined_on=now.date()))
            db.add(NotificationPreference(user_id=user_id, quiet_hours=False))
            db.add(
                PushSubscription(
                    user_id=user_id,
                    endpoint=subscription["endpoint"],
                    p256dh=subscription["keys"]["p256dh"],
                    auth=subscription["keys"]["auth"],
                )
            )
    db.commit()
    return subscriptions


def _database_url(folder: str) -> str:
    url = os.environ.get("KRING_BENCH_DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3")
    upgrade(make_engine(url))
    return url


def main(count: int = COUNT) -> None:
    queue = multiprocessing.get_context("spawn").Queue()
    service = multiprocessing.get_context("spawn").Process(target=_serve, args=(queue,))
    service.start()
    try:
        url = queue.get(timeout=30)
        with tempfile.TemporaryDirectory() as folder:
            app = create_app({"DATABASE_URL": _database_url(folder), "TESTING": True})
            with app.app_context():
                subscriptions = _members_due(get_db(), url, count)
            runner = app.test_cli_runner()
            started, cpu = time.perf_counter(), time.process_time()
            result = runner.invoke(send_reminders)
            whole, whole_cpu = time.perf_counter() - started, time.process_time() - cpu
            if not result.output.startswith(f"{count} sent"):
                sys.exit(f"send-reminders did not send them all: {result.output}")

            keys = app.extensions["kring_push"].keys
            payload = json.dumps({"title": "Kring", "body": "Groep 1: morgen om 09:30"})
            started, cpu = time.perf_counter(), time.process_time()
            for subscription in subscriptions:
                webpush(
                    subscription,
                    data=payload,
                    vapid_private_key=keys.vapid,
                    vapid_claims={"sub": keys.subject},
                    ttl=3600,
                    timeout=10,
                )
            bare, bare_cpu = time.perf_counter() - started, time.process_time() - cpu
        received = _received(url)
        if received != 2 * count:
            sys.exit(f"the push service got {received} messages, not {2 * count}")
    finally:
        service.terminate()
        service.join()
    rate, raw = count / whole, count / bare
    print(f"PUSH msgs_per_s={rate:.0f} raw_msgs_per_s={raw:.0f} ratio={rate / raw:.2f}")
    whole_cpu, bare_cpu = (seconds * 1000 / count for seconds in (whole_cpu, bare_cpu))
    print(f"PUSH cpu_s_per_1000={whole_cpu:.2f} raw_cpu_s_per_1000={bare_cpu:.2f}")
    targets.say(targets.line("push-msgs-per-s", rate, ">=", TARGET_RATE, digits=0))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else COUNT)
