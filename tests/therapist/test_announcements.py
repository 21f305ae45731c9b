"""Announcements: the therapists write to the current members of a group; each member
sees it on her home until she closes it, and gets a discreet push if she wants notices."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from server.announcements.models import Announcement
from server.push import outbox
from server.push.models import ANNOUNCEMENT, SENT
from server.push.preferences import Preferences, save_preferences
from tests.conftest import csrf_token, sign_in
from tests.push.conftest import FAST, log_rows, push_service, subscribe  # noqa: F401
from tests.therapist.conftest import NOW

TEXT = "Volgende week beginnen we om 10:15."


@pytest.fixture
def app_config(app_config):  # the push suite's quick timeouts
    return {**app_config, **FAST}


def post(client, group, text):
    path = f"/therapist/groups/{group.id}/announcements"
    return client.post(path, data={"csrf_token": csrf_token(client, path), "text": text})


def test_members_see_it_on_home_until_they_close_it(app, client, world, factory, db):
    later = factory.member(world.group_a, name="Later", joined_on=date(2026, 12, 1))
    db.commit()
    sign_in(client, "ta@example.org")
    response = post(client, world.group_a, TEXT)
    assert response.status_code == 302
    assert "Verstuurd naar 1 lid." in client.get(response.headers["Location"]).get_data(
        as_text=True
    )
    anna = app.test_client()
    sign_in(anna, "a@example.org")
    home = anna.get("/").get_data(as_text=True)
    assert TEXT in home and "Bericht van je behandelaars, Groep A" in home
    bart = app.test_client()
    sign_in(bart, "b@example.org")
    assert TEXT not in bart.get("/").get_data(as_text=True)  # another group
    db.rollback()
    announcement = db.scalar(select(Announcement))
    assert later.id and announcement.author_id == world.therapist_a.id
    path = f"/announcements/{announcement.id}/dismiss"
    refused = bart.post(path, data={"csrf_token": csrf_token(bart, "/more")})
    assert refused.status_code == 404
    closed = anna.post(path, data={"csrf_token": csrf_token(anna, "/more")})
    assert closed.headers["Location"] == "/"
    assert TEXT not in anna.get("/").get_data(as_text=True)
    assert anna.post(path, data={"csrf_token": csrf_token(anna, "/more")}).status_code == 404


def test_someone_who_joins_later_does_not_get_old_announcements(
    app, client, world, factory, db, time_machine
):
    sign_in(client, "ta@example.org")
    post(client, world.group_a, TEXT)
    factory.member(world.group_a, email="nieuw@example.org", joined_on=date(2026, 11, 27))
    db.commit()
    time_machine.move_to(NOW + timedelta(days=2), tick=False)
    newcomer = app.test_client()
    sign_in(newcomer, "nieuw@example.org")
    assert TEXT not in newcomer.get("/").get_data(as_text=True)


def test_the_home_reads_announcements_only_while_her_group_has_news(
    app, client, world, db, statements, time_machine
):
    anna = app.test_client()
    sign_in(anna, "a@example.org")

    def home() -> tuple[str, int]:
        statements.count = 0
        page = anna.get("/").get_data(as_text=True)
        return page, statements.count

    page, quiet = home()
    assert "Bericht van je behandelaars" not in page
    sign_in(client, "ta@example.org")
    post(client, world.group_a, TEXT)
    page, with_news = home()
    assert TEXT in page and with_news == quiet + 1
    time_machine.move_to(NOW + timedelta(weeks=4, days=1), tick=False)
    page, weeks_later = home()
    assert TEXT not in page and weeks_later == quiet


def test_an_empty_or_long_message_is_refused_and_kept(client, world, db):
    sign_in(client, "ta@example.org")
    assert post(client, world.group_a, "  ").status_code == 422
    long = "x" * 501
    response = post(client, world.group_a, long)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "hoogstens 500 tekens" in page and long in page
    db.rollback()
    assert db.scalar(select(func.count()).select_from(Announcement)) == 0


def test_a_discreet_push_where_notices_are_on(app, client, world, factory, db, push_service):  # noqa: F811
    subscribe(db, world.member_a, push_service.subscriber("anna"))
    other = factory.member(world.group_a, name="Stil")
    subscribe(db, other, push_service.subscriber("stil"))
    save_preferences(db, other, Preferences(meeting_changed=False))
    db.commit()
    sign_in(client, "ta@example.org")
    assert post(client, world.group_a, TEXT).status_code == 302
    outbox.wait_until_sent()
    [payload] = push_service.delivered("anna")
    assert payload["title"] == "Kring" and payload["body"] == "Bericht van je groep"
    assert "10:15" not in str(payload)
    assert push_service.delivered("stil") == []  # she switched changes off
    [row] = [r for r in log_rows(db) if r.kind == ANNOUNCEMENT]
    assert row.status == SENT and row.user_id == world.member_a.id
