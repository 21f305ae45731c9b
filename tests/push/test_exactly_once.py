"""Each notice once: two runs at the same moment (two machines), a run stopped halfway,
a run that died after claiming. On SQLite, and on PostgreSQL where CI has one."""

import threading
from datetime import timedelta

import pytest

from server.push import ledger, sending, services
from server.push.delivery import Deliverer
from server.push.models import CLAIMED, SENT
from tests.factories import Factory
from tests.push.conftest import FAST, NOW, TOMORROW_0930, log_rows, send, subscribe
from tests.push.pushservice import PushService

MEMBERS = 24


def many_members(db, service, count: int = MEMBERS) -> list[str]:
    """A group meeting tomorrow with `count` members, each with a phone."""
    factory = Factory(db)
    group = factory.group(factory.practice())
    names = []
    for number in range(count):
        member = factory.member(group, email=f"lid{number}@example.org")
        names.append(f"phone{number}")
        subscribe(db, member, service.subscriber(names[-1]))
    factory.meeting(group, TOMORROW_0930)
    db.commit()
    return names


def run_at_once(app, runs: int = 2, now=NOW) -> list:
    barrier = threading.Barrier(runs)
    outcomes: list = []

    def run() -> None:
        with app.app_context():
            db = app.extensions["kring_db"]()
            try:
                barrier.wait(timeout=10)
                outcomes.append(services.send_reminders(db, now))
            except Exception as error:  # reported by the assertion below
                outcomes.append(error)
            finally:
                db.close()

    threads = [threading.Thread(target=run) for _ in range(runs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def each_once(service: PushService, names: list[str]) -> None:
    counts = {name: len(service.delivered(name)) for name in names}
    assert counts == dict.fromkeys(names, 1)


@pytest.fixture
def small_batches(monkeypatch):
    """Batches of five: two runs take turns claiming, instead of one taking all."""
    monkeypatch.setattr(sending, "BATCH", 5)


def test_two_runs_at_once_send_each_notice_once_on_sqlite(
    app, db, frozen, push_service, small_batches
):
    names = many_members(db, push_service)
    outcomes = run_at_once(app)
    assert all(isinstance(o, sending.Summary) for o in outcomes), outcomes
    assert sum(o.sent for o in outcomes) == MEMBERS
    each_once(push_service, names)
    assert {row.status for row in log_rows(db)} == {SENT}


@pytest.mark.postgres
def test_two_runs_at_once_send_each_notice_once_on_postgres(postgres_app, frozen, small_batches):
    postgres_app.config.update(FAST)
    service = PushService(postgres_app.extensions["kring_push"].keys.public_key).start()
    db = postgres_app.extensions["kring_db"]()
    try:
        names = many_members(db, service, 40)
        outcomes = run_at_once(postgres_app, runs=3)
        assert all(isinstance(o, sending.Summary) for o in outcomes), outcomes
        assert sum(o.sent for o in outcomes) == 40
        each_once(service, names)
        assert send(postgres_app, db).sent == 0  # and a third run finds nothing
        assert service.problems == []
    finally:
        db.close()
        service.stop()


class Stop(BaseException):
    """Ctrl+C, or the timer stopping the job: not an error the code may swallow."""


class StoppingDeliverer(Deliverer):
    """The real deliverer, stopped after `after` deliveries have been recorded.

    Messages past the first `after` wait until the stop: without that, on a busy
    machine the pool could deliver all of them before the first outcome is recorded,
    and there would be no "halfway" to test."""

    def __init__(self, real: Deliverer, after: int):
        super().__init__(real.keys, real.settings)
        self.after = after
        self.started = 0
        self.lock = threading.Lock()
        self.stopped = threading.Event()

    def _send(self, message, deadline):
        with self.lock:
            self.started += 1
            waits = self.started > self.after
        if waits:
            self.stopped.wait(timeout=10)
        return super()._send(message, deadline)

    def deliver(self, messages, record, deadline=None):
        seen = []

        def stop_halfway(outcomes):
            record(outcomes)
            seen.extend(outcomes)
            if len(seen) >= self.after:
                self.stopped.set()
                raise Stop

        super().deliver(messages, stop_halfway, deadline)


def test_a_run_stopped_halfway_and_a_rerun_neither_lose_nor_repeat(app, db, frozen, push_service):
    names = many_members(db, push_service)
    real = app.extensions["kring_push"].deliverer
    with app.app_context(), pytest.raises(Stop):
        services.send_reminders(db, NOW, StoppingDeliverer(real, after=5))
    delivered = sum(len(push_service.delivered(n)) for n in names)
    # What was in flight when it stopped (at most one per worker) is recorded too.
    assert 5 <= delivered <= 5 + FAST["PUSH_WORKERS"]
    sent = [row for row in log_rows(db) if row.status == SENT]
    assert len(sent) == delivered
    assert CLAIMED not in {row.status for row in log_rows(db)}  # the rest waits again
    summary = send(app, db)
    assert summary.sent == MEMBERS - delivered
    each_once(push_service, names)


def test_a_run_that_died_after_claiming_is_taken_over_when_its_claim_is_stale(
    app, db, frozen, push_service
):
    names = many_members(db, push_service)
    with app.app_context():
        ledger.add(db, services.due.find_due(db, NOW))
        db.commit()
        ledger.claim(db, NOW, limit=1000)  # and then the machine died
        db.commit()
    assert {row.status for row in log_rows(db)} == {CLAIMED}
    assert send(app, db, NOW + timedelta(minutes=5)).sent == 0  # it may still be running
    assert send(app, db, NOW + ledger.CLAIM_TIMEOUT + timedelta(seconds=1)).sent == MEMBERS
    each_once(push_service, names)
