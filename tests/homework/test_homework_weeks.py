"""The homework page shows recent weeks only, as the rooster does, so it does not grow
with every week of a two-year group; every week is one link away."""

from datetime import timedelta

from server.homework.models import DONE, OPEN, Assignment
from tests.conftest import sign_in
from tests.homework.conftest import NOW


def _assignment(db, world, title: str, weeks_ago: int, status: str = DONE) -> None:
    db.add(
        Assignment(
            group_id=world.group_a.id,
            member_id=world.member_a.id,
            set_by_id=world.therapist_a.id,
            title=title,
            status=status,
            created_at=NOW - timedelta(weeks=weeks_ago),
        )
    )
    db.commit()


def test_older_weeks_are_behind_a_link(client, world, homework, db):
    _assignment(db, world, "Van lang geleden", weeks_ago=40)
    _assignment(db, world, "Nog niet af", weeks_ago=35, status=OPEN)
    sign_in(client, "a@example.org")
    page = client.get("/homework/").get_data(as_text=True)
    assert "Koffiekopjes" in page and "Zeg één keer nee" in page
    assert "Nog niet af" in page  # open work always shows
    assert "Van lang geleden" not in page
    assert 'href="/homework/?all=1"' in page
    every_week = client.get("/homework/?all=1").get_data(as_text=True)
    assert "Van lang geleden" in every_week and 'href="/homework/?all=1"' not in every_week


def test_no_link_when_everything_is_recent(client, world, homework):
    sign_in(client, "a@example.org")
    assert "?all=1" not in client.get("/homework/").get_data(as_text=True)


def test_only_old_weeks_still_get_the_link(client, world, db, statements):
    # Nothing recent: the list's own rows cannot say there is more, so one statement
    # more asks.
    _assignment(db, world, "Van lang geleden", weeks_ago=40)
    sign_in(client, "a@example.org")
    statements.count = 0
    page = client.get("/homework/").get_data(as_text=True)
    assert "Van lang geleden" not in page and 'href="/homework/?all=1"' in page
    assert statements.count == 3


def test_recent_weeks_say_themselves_whether_there_are_older(
    client, world, homework, db, statements
):
    _assignment(db, world, "Van lang geleden", weeks_ago=40)
    sign_in(client, "a@example.org")
    statements.count = 0
    assert 'href="/homework/?all=1"' in client.get("/homework/").get_data(as_text=True)
    assert statements.count == 2  # who is signed in, and the list
