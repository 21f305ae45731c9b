"""The schedule's main flows once more on PostgreSQL, through the web client."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from server.schedule.models import Attendance
from tests.conftest import csrf_token, sign_in
from tests.factories import Factory
from tests.schedule.conftest import TOMORROW_0930

pytestmark = pytest.mark.postgres


def test_rooster_cancel_and_register_on_postgres(postgres_app):
    db = postgres_app.extensions["kring_db"](expire_on_commit=False)
    world = Factory(db).world()
    meeting = Factory(db).meeting(world.group_a, TOMORROW_0930 + timedelta(days=2))
    db.commit()

    member = postgres_app.test_client()
    sign_in(member, "a@example.org")
    assert "zondag 29 november" in member.get("/schedule").get_data(as_text=True)
    path = f"/meetings/{meeting.id}/cancel"
    for _ in range(2):
        response = member.post(
            path, data={"csrf_token": csrf_token(member, path), "reason": "Ziek"}
        )
        assert response.status_code == 302
    assert len(db.scalars(select(Attendance)).all()) == 1

    therapist = postgres_app.test_client()
    sign_in(therapist, "ta@example.org")
    page = therapist.get(f"/therapist/meetings/{meeting.id}").get_data(as_text=True)
    assert "Ziek" in page and "Afgemeld: 1" in page
    db.close()
