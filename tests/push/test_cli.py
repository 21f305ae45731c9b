"""`kring vapid-keys` and `kring send-reminders`, and the demo data's reminders."""

from datetime import datetime
from zoneinfo import ZoneInfo

from server import demo
from server.auth import services as accounts
from server.push import keys
from server.push.cli import send_reminders, vapid_keys
from server.push.models import SENT
from tests.push.conftest import log_rows, subscribe


def test_vapid_keys_prints_a_pair_that_belongs_together(app):
    result = app.test_cli_runner().invoke(vapid_keys)
    assert result.exit_code == 0
    lines = dict(line.split("=", 1) for line in result.stdout.splitlines())
    assert keys.public_key_of(lines["VAPID_PRIVATE_KEY"]) == lines["VAPID_PUBLIC_KEY"]
    assert len(keys.b64url_decode(lines["VAPID_PUBLIC_KEY"])) == 65


def test_send_reminders_without_keys_says_what_to_do(app):
    app.extensions["kring_push"].keys = None
    result = app.test_cli_runner().invoke(send_reminders)
    assert result.exit_code != 0 and "VAPID_PRIVATE_KEY" in result.output


def test_the_demo_members_reminders_arrive_once_however_often_the_job_runs(
    app, db, time_machine, push_service
):
    """Done when: with the demo data, `kring send-reminders` delivers the due reminders
    to the test push service exactly once. Wednesday 2 December 2026, 20:00: the demo
    member's Donderdaggroep meets tomorrow at 10:00, and she has not written about this
    week's assignment yet."""
    evening = datetime(2026, 12, 2, 20, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
    time_machine.move_to(evening, tick=False)
    demo.load(db, evening.date())
    db.commit()
    sanne = accounts.user_by_email(db, demo.DEMO_MEMBER)
    subscribe(db, sanne, push_service.subscriber("sanne"))
    runner = app.test_cli_runner()
    outputs = [runner.invoke(send_reminders).output for _ in range(2)]
    assert outputs[0].startswith("2 sent"), outputs
    assert outputs[1].startswith("0 sent"), outputs
    payloads = push_service.delivered("sanne")
    assert sorted(p["tag"].split("-")[0] for p in payloads) == ["meeting", "reflection"]
    assert all("Donderdaggroep" in p["body"] for p in payloads)
    rows = log_rows(db)
    assert sorted((r.kind, r.status) for r in rows) == [
        ("meeting_reminder", SENT),
        ("reflection_reminder", SENT),
    ]
