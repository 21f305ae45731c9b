"""The optional e-mail to a supporter when the plan changes (#18): through a real SMTP
server; discreet, once, at most one a day, after the plan has been quiet, and never for
a stopped link or after the supporter stopped the e-mails."""

import re
import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from server.db import get_db, now_utc
from server.discreet import names_care
from server.plan import share_mail
from server.plan.models import PlanShare
from server.push.cli import send_reminders
from tests.conftest import csrf_token
from tests.plan.test_shares import make_link

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
SAM = "sam@example.org"


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(NOW, tick=False)
    return time_machine


def run(app) -> int:
    with app.app_context():
        return share_mail.send_due(get_db(), now_utc())


def later(clock, **delta) -> None:
    clock.move_to(now_utc() + timedelta(**delta), tick=False)


@pytest.fixture
def anna_in_full(world, db):
    world.member_a.display_name = "Anna de Vries"
    db.commit()


def test_one_discreet_mail_with_only_the_link_after_the_plan_is_quiet(
    app, member, smtp, clock, anna_in_full, db
):
    link = make_link(member, email=SAM)
    member.add("warning_signs", "Ik slaap maar vier uur")
    assert run(app) == 0  # still being written: not on every keystroke
    later(clock, minutes=31)
    assert run(app) == 1
    assert run(app) == 0  # once
    [message] = smtp.messages
    assert message["To"] == SAM
    subject, body = message["Subject"], message.get_content()
    assert subject == "Kring: er is iets nieuws om te lezen"
    assert not names_care(subject) and not names_care(body)
    assert "Anna" not in subject and "de Vries" not in body
    assert "Ik slaap" not in body and "signalen" not in body.lower()
    assert "Er is iets veranderd in wat Anna met je deelt." in body
    # The link in it is the supporter's own link, and it works.
    assert smtp.last_link(SAM) == link
    page = app.test_client().get(link).get_data(as_text=True)
    assert "Ik slaap maar vier uur" in page
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert re.fullmatch(
        r"<http://localhost/mail/stop-updates/\S+>", message["List-Unsubscribe"].strip()
    )


def test_at_most_one_a_day_and_none_when_the_supporter_has_looked_already(
    app, member, smtp, clock, db
):
    link = make_link(member, email=SAM)
    member.add("warning_signs", "Eerste")
    later(clock, minutes=31)
    assert run(app) == 1
    member.add("warning_signs", "Tweede")
    later(clock, hours=2)
    assert run(app) == 0  # the same day
    later(clock, hours=22)
    assert run(app) == 1  # a day after the last one
    member.add("warning_signs", "Derde")
    later(clock, days=1)
    app.test_client().get(link)  # Sam looked: nothing left to tell him
    later(clock, hours=1)
    assert run(app) == 0
    assert len(smtp.messages) == 2


def test_a_change_the_link_does_not_show_sends_nothing(app, member, smtp, clock, db):
    member.post("/plan/settings", phases="y")
    make_link(member, phases=("orange", "red"), sections=("warning_signs",), email=SAM)
    member.add("warning_signs", "Groen", phase="green")
    member.add("triggers", "Uitlokker")
    later(clock, hours=1)
    assert run(app) == 0
    member.add("warning_signs", "Rood", phase="red")
    later(clock, hours=1)
    assert run(app) == 1


def test_a_stopped_or_expired_link_sends_nothing_and_keeps_no_address(app, member, smtp, clock, db):
    make_link(member, email=SAM)
    make_link(member, name="Kim", email="kim@example.org", expiry="week")
    share = db.scalar(select(PlanShare).where(PlanShare.supporter_name == "Sam"))
    member.post(f"/plan/shares/{share.id}/revoke")
    later(clock, days=8)  # Kim's link has expired
    member.add("warning_signs", "Ik slaap slecht")
    later(clock, hours=1)
    assert run(app) == 0
    assert smtp.messages == []
    db.rollback()
    stopped = db.get(PlanShare, share.id)
    assert (stopped.notify_email, stopped.action_key) == (None, None)


def test_the_supporter_stops_the_mails_with_one_click(app, member, smtp, clock, db):
    make_link(member, email=SAM)
    member.add("warning_signs", "Eerste")
    later(clock, hours=1)
    run(app)
    stop = re.search(r"http://localhost(/mail/stop-updates/\S+)", smtp.messages[0].get_content())[1]
    visitor = app.test_client()
    shown = visitor.get(stop)  # a mail scanner opening the link stops nothing
    assert shown.status_code == 200 and "Stop deze e-mails" in shown.get_data(True)
    assert visitor.post(stop).status_code == 200  # RFC 8058: no session, no CSRF token
    member.add("warning_signs", "Tweede")
    later(clock, days=2)
    assert run(app) == 0
    assert "Sam heeft de e-mails gestopt op" in member.page("/plan/shares")
    assert app.test_client().get("/mail/stop-updates/forged").status_code == 404


def test_no_mail_with_a_link_that_would_not_work(app, member, smtp, clock, db):
    link = make_link(member, email=SAM)
    member.add("warning_signs", "Eerste")
    later(clock, hours=1)
    app.config["SECRET_KEY"] = "a-new-key-since-the-link-was-made"
    assert run(app) == 0 and smtp.messages == []
    assert app.test_client().get(link).status_code == 200  # the link itself still works


def test_the_reminder_job_sends_them(app, member, smtp, clock, db):
    make_link(member, email=SAM)
    member.add("warning_signs", "Eerste")
    later(clock, hours=1)
    app.extensions["kring_push"].keys = None  # no push here: supporters get theirs anyway
    result = app.test_cli_runner().invoke(send_reminders)
    assert "VAPID_PRIVATE_KEY" in result.output
    assert [m["To"] for m in smtp.messages] == [SAM]


def test_the_address_is_checked_and_only_kept_when_ticked(member, db):
    def post(**extra):
        data = {
            "csrf_token": csrf_token(member.client, "/plan/shares"),
            "supporter": "Sam",
            "sections": ["warning_signs"],
            "phases": ["red"],
            "expiry": "week",
            **extra,
        }
        return member.client.post("/plan/shares", data=data)

    wrong = post(notify="y", notify_email="sam@")
    assert wrong.status_code == 422
    page = wrong.get_data(as_text=True)
    assert "Dit is geen e-mailadres." in page and 'value="sam@"' in page
    empty = post(notify="y", notify_email="")
    assert "Vul hun e-mailadres in, of zet het vinkje bij de e-mail uit." in empty.get_data(True)
    db.rollback()
    assert db.scalars(select(PlanShare)).all() == []
    assert post(notify_email=SAM).status_code == 302  # typed, not ticked: not kept
    db.rollback()
    assert db.scalar(select(PlanShare.notify_email)) is None


def _two_runs_at_once(app) -> list:
    barrier = threading.Barrier(2)
    outcomes: list = []

    def one() -> None:
        with app.app_context():
            try:
                barrier.wait(timeout=10)
                outcomes.append(share_mail.send_due(get_db(), now_utc()))
            except Exception as error:  # reported by the assertion
                outcomes.append(error)

    threads = [threading.Thread(target=one) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_two_runs_at_once_send_one_mail(app, member, smtp, clock, db):
    make_link(member, email=SAM)
    member.add("warning_signs", "Eerste")
    later(clock, hours=1)
    assert sorted(_two_runs_at_once(app)) == [0, 1]
    assert len(smtp.messages) == 1


@pytest.mark.postgres
def test_two_runs_at_once_send_one_mail_on_postgres(postgres_app, clock):
    from server.mail import wait_until_sent
    from tests.conftest import sign_in
    from tests.factories import Factory
    from tests.mailserver import MailServer
    from tests.plan.conftest import PlanClient

    server = MailServer()
    server.start()
    postgres_app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_STARTTLS=False)
    db = postgres_app.extensions["kring_db"]()
    try:
        Factory(db).world()
        member = PlanClient(postgres_app.test_client())
        sign_in(member.client, "a@example.org")
        make_link(member, email=SAM)
        member.add("warning_signs", "Eerste")
        later(clock, hours=1)
        for _ in range(3):  # three races, each with a new change to tell of
            outcomes = _two_runs_at_once(postgres_app)
            assert sorted(outcomes) == [0, 1], outcomes
            member.add("warning_signs", f"Nog een {_}")
            later(clock, days=1, hours=1)
        wait_until_sent()
        assert len(server.messages) == 3
    finally:
        db.close()
        server.stop()
