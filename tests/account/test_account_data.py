import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DatabaseError

from server.audit import AuditEvent
from server.auth.models import User
from server.homework.models import Assignment, Reflection
from server.plan import services as plans
from server.plan import shares
from server.plan.models import Plan, PlanShare
from server.schedule.models import Attendance
from tests.conftest import PASSWORD, csrf_token, sign_in

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


@pytest.fixture
def clock(time_machine):
    # Anna's data is dated around NOW: she must have joined her group before it.
    time_machine.move_to(NOW, tick=True)


@pytest.fixture
def anna(world, factory, db):
    """Anna has a shared reflection, a plan with a link, and a cancellation with a reason."""
    meeting = factory.meeting(world.group_a, NOW - timedelta(days=1))
    assignment = Assignment(
        group_id=world.group_a.id,
        member_id=world.member_a.id,
        set_by_id=world.therapist_a.id,
        title="Opdracht",
    )
    db.add(assignment)
    db.flush()
    db.add(
        Reflection(
            assignment_id=assignment.id,
            member_id=world.member_a.id,
            tried="MIJN VERSLAG",
            shared=True,
            shared_at=NOW,
        )
    )
    db.add(
        Attendance(
            meeting_id=meeting.id,
            member_id=world.member_a.id,
            status="cancelled",
            reason="GEHEIME REDEN",
            cancelled_at=NOW - timedelta(days=2),
        )
    )
    plan = plans.plan_for(db, db.get(User, world.member_a.id), NOW)
    plans.add_item(db, plan, plan.version, "warning_signs", "MIJN SIGNAAL", None, NOW)
    gp = {"name": "MIJN HUISARTS", "role": "gp", "phone": "045-0000001"}
    plans.add_contact(db, plan, plan.version, gp, NOW, "professional")
    _, token = shares.create_share(
        db, plan, shares.LinkChoices("Sam", ["warning_signs"], "none"), NOW
    )
    db.commit()
    return {"assignment": assignment, "meeting": meeting, "token": token}


def post(client, path, **data):
    return client.post(path, data={"csrf_token": csrf_token(client, "/more"), **data})


def test_changing_the_password_needs_the_old_one_and_ends_other_sessions(app, client, world):
    other = app.test_client()
    sign_in(other, "a@example.org")
    sign_in(client, "a@example.org")
    refused = post(
        client,
        "/account/password",
        current_password="wrong password!",
        password="een nieuwe lange zin",
        confirm="een nieuwe lange zin",
    )
    assert refused.status_code == 422
    assert "Dit wachtwoord klopt niet." in refused.get_data(as_text=True)
    assert other.get("/").status_code == 200
    done = post(
        client,
        "/account/password",
        current_password=PASSWORD,
        password="een nieuwe lange zin",
        confirm="een nieuwe lange zin",
    )
    assert done.status_code == 302
    assert client.get("/").status_code == 200  # this device stays signed in
    assert other.get("/").status_code == 302  # the other one is out


def test_sign_out_everywhere_else(app, client, world):
    other = app.test_client()
    sign_in(other, "a@example.org")
    sign_in(client, "a@example.org")
    post(client, "/account/sign-out-elsewhere")
    assert client.get("/").status_code == 200
    assert other.get("/").status_code == 302


def test_the_member_sees_who_looked_at_her_data(app, client, world, anna):
    therapist = app.test_client()
    sign_in(therapist, "ta@example.org")
    therapist.get(f"/therapist/assignments/{anna['assignment'].id}")
    app.test_client().get(f"/s/{anna['token']}/")
    sign_in(client, "a@example.org")
    page = client.get("/account/access").get_data(as_text=True)
    assert "Therapeut" in page and "las een verslag dat jij deelde" in page
    assert "Link voor Sam" in page and "opende je plan" in page


def test_the_access_log_cannot_be_changed(db, world, anna):
    db.add(AuditEvent(action="read", object_type="x"))
    db.commit()
    for statement in ("UPDATE audit_event SET action = 'nothing'", "DELETE FROM audit_event"):
        with pytest.raises(DatabaseError, match="append-only"):
            db.execute(text(statement))
        db.rollback()


@pytest.mark.postgres
def test_the_access_log_cannot_be_changed_on_postgres(postgres_app):
    session = postgres_app.extensions["kring_db"]()
    session.add(AuditEvent(action="read", object_type="x"))
    session.commit()
    with pytest.raises(DatabaseError, match="append-only"):
        session.execute(text("DELETE FROM audit_event"))
    session.rollback()
    session.close()


def test_export_holds_everything_and_is_logged(client, world, anna, db):
    sign_in(client, "a@example.org")
    response = client.get("/account/export.json")
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == "a@example.org"
    assert data["reflections"][0]["tried"] == "MIJN VERSLAG"
    assert data["attendance"][0]["reason"] == "GEHEIME REDEN"
    assert "MIJN SIGNAAL" in [item["text"] for item in data["plan"]["items"]]
    assert data["plan"]["links"][0]["for"] == "Sam"
    assert data["goals"] == [] and data["evaluations"] == []
    html = client.get("/account/export.html").get_data(as_text=True)
    assert "MIJN VERSLAG" in html and "MIJN SIGNAAL" in html
    db.rollback()
    assert (
        db.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "export"))
        == 2
    )


def test_deleting_the_account(app, client, world, anna, db):
    sign_in(client, "a@example.org")
    wrong = post(client, "/account/delete", current_password="wrong password!")
    assert wrong.status_code == 422
    response = post(client, "/account/delete", current_password=PASSWORD)
    assert response.status_code == 302 and "storage" in response.headers["Clear-Site-Data"]
    db.rollback()
    member_id = world.member_a.id
    for model in (Reflection, Assignment, Plan, PlanShare):
        assert db.scalar(select(func.count()).select_from(model).where(model.id > 0)) == 0, model
    kept = db.scalar(select(Attendance).where(Attendance.member_id == member_id))
    assert kept.status == "cancelled" and kept.reason == ""
    assert db.get(User, member_id).email != "a@example.org"
    assert sign_in(app.test_client(), "a@example.org").status_code == 200  # no account
    assert app.test_client().get(f"/s/{anna['token']}/").status_code == 404
    therapist = app.test_client()
    sign_in(therapist, "ta@example.org")
    page = therapist.get(f"/therapist/meetings/{anna['meeting'].id}").get_data(as_text=True)
    assert "verwijderd lid" in page and "GEHEIME REDEN" not in page
    assert (
        db.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.subject_user_id == member_id)
        )
        > 0
    )


def test_audit_export_for_a_date_range(app, world, anna, db):
    db.add(
        AuditEvent(
            at=datetime(2026, 1, 5, 10, 0, tzinfo=UTC),
            action="read",
            object_type="plan",
            subject_user_id=world.member_a.id,
        )
    )
    db.commit()
    from flask.cli import ScriptInfo

    from server.cli import main

    result = app.test_cli_runner().invoke(
        main,
        ["audit-export", "--from", "2026-01-01", "--to", "2026-01-31"],
        obj=ScriptInfo(create_app=lambda: app),
    )
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0].startswith("id,at,actor_user_id")
    assert len(lines) == 2 and "2026-01-05T10:00:00+00:00" in lines[1]


def test_the_readable_export_shows_words_not_the_apps_keys(client, world, anna):
    sign_in(client, "a@example.org")
    html = client.get("/account/export.html").get_data(as_text=True)
    data = json.loads(client.get("/account/export.json").get_data(as_text=True))
    item = next(i for i in data["plan"]["items"] if i["text"] == "MIJN SIGNAAL")
    # The JSON keeps the keys (for a machine); the page says what they mean.
    assert item["section"] == "warning_signs" and data["attendance"][0]["status"] == "cancelled"
    assert "Wat ik merk: MIJN SIGNAAL" in html
    # Her professionals apart from her support people, with the role in words.
    assert data["plan"]["professionals"] == [
        {"name": "MIJN HUISARTS", "role": "gp", "phone": "045-0000001"}
    ]
    assert data["plan"]["support_people"] == []
    assert "MIJN HUISARTS (Huisarts) 045-0000001" in html
    assert "Je bent afgemeld" in html and ": cancelled" not in html
    assert "<dt>Wat heb ik geprobeerd?</dt><dd>MIJN VERSLAG</dd>" in html
    assert "warning_signs" not in html and "<dt>tried</dt>" not in html
