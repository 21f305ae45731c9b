"""The reminder to look the plan over (issue 18): a week before the date, once, by push,
and as discreet as every other notice."""

from datetime import date, timedelta

import pytest
from flask_babel import force_locale

from server.plan import services as plans
from server.plan import together
from server.push.models import PLAN_REVIEW, SENT
from server.push.notices import _notice
from tests.push.conftest import NOW, log_rows, send
from tests.push.test_reminders import FORBIDDEN, phone  # noqa: F401 - her device

# NOW is Thursday 26 November, 13:00 in Amsterdam: the reminder for a review on
# Thursday 3 December was due at 10:00 today; one for Friday 4 December is due tomorrow.
DUE_TODAY, DUE_TOMORROW = date(2026, 12, 3), date(2026, 12, 4)


@pytest.fixture
def plan(app, frozen, world, db):
    with app.test_request_context():  # her plan names her practice, in her language
        made = plans.plan_for(db, world.member_a, NOW)
    db.commit()
    return made


def _review_on(db, plan, day) -> None:
    together.mark_discussed(db, plan, None, None, day, NOW)
    db.commit()


@pytest.mark.usefixtures("phone")
def test_a_week_before_the_date_once_and_discreet(app, db, plan, push_service):
    _review_on(db, plan, DUE_TODAY)
    first, second = send(app, db), send(app, db)
    assert (first.due, first.sent) == (1, 1)
    assert second.sent == 0
    [payload] = push_service.delivered("anna-phone")
    assert payload == {
        "title": "Kring",
        "body": "Tijd om je plan na te lopen.",
        "url": "/plan/#together",
        "tag": "plan-review",
    }
    assert not any(word in str(payload).lower() for word in FORBIDDEN)
    [row] = log_rows(db)
    assert (row.kind, row.status) == (PLAN_REVIEW, SENT)


@pytest.mark.usefixtures("phone")
def test_not_before_its_day(app, db, plan, push_service):
    _review_on(db, plan, DUE_TOMORROW)
    assert send(app, db).sent == 0
    assert send(app, db, NOW + timedelta(days=1)).sent == 1
    assert len(push_service.delivered("anna-phone")) == 1


def test_without_a_device_nothing_is_logged(app, db, plan, world):
    # No device yet: nothing is logged for her (push only, no e-mail for this one).
    _review_on(db, plan, DUE_TODAY)
    assert send(app, db).due == 0
    assert log_rows(db) == []


@pytest.mark.usefixtures("phone")
def test_a_moved_date_is_reminded_of_again(app, db, plan, push_service):
    _review_on(db, plan, DUE_TODAY)
    send(app, db)
    _review_on(db, plan, DUE_TODAY + timedelta(days=30))
    later = NOW + timedelta(days=30)
    assert send(app, db, later).sent == 1
    assert len(push_service.delivered("anna-phone")) == 2
    assert [r.status for r in log_rows(db)] == [SENT, SENT]


def test_the_discreet_subject_for_an_e_mail(app):
    with app.test_request_context():

        class Row:
            kind, subject, user_id = PLAN_REVIEW, "plan_review:1:20261203", 1

        with force_locale("nl"):
            notice = _notice(Row(), None, NOW)
    assert notice.subject == "Kring: tijd om je plan na te lopen"
