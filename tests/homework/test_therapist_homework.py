from sqlalchemy import func, select

from server.audit import AuditEvent
from server.homework.models import Assignment
from tests.conftest import csrf_token, sign_in


def every_therapist_page(client, world, homework):
    paths = [
        "/therapist/",
        f"/therapist/groups/{world.group_a.id}",
        f"/therapist/groups/{world.group_a.id}/homework",
    ]
    paths += [f"/therapist/assignments/{homework[k].id}" for k in ("current", "earlier")]
    return {path: client.get(path) for path in paths}


def test_a_therapist_sees_only_shared_reflections_on_every_page(client, world, homework):
    sign_in(client, "ta@example.org")
    pages = every_therapist_page(client, world, homework)
    assert all(r.status_code == 200 for r in pages.values())
    text = "".join(r.get_data(as_text=True) for r in pages.values())
    assert "GEDEELDE TEKST" in text
    assert "PRIVE TEKST" not in text
    overview = pages[f"/therapist/groups/{world.group_a.id}/homework"].get_data(as_text=True)
    assert "1 gedeeld" in overview  # the private one is not even counted


def test_unsharing_takes_the_reflection_away_from_the_therapist(app, client, world, homework, db):
    member = app.test_client()
    sign_in(member, "a@example.org")
    path = f"/homework/reflections/{homework['shared'].id}/share"
    member.post(path, data={"csrf_token": csrf_token(member, "/more"), "shared": "0"})
    sign_in(client, "ta@example.org")
    page = client.get(f"/therapist/assignments/{homework['earlier'].id}").get_data(as_text=True)
    assert "GEDEELDE TEKST" not in page and "Nog niets gedeeld." in page


def test_every_view_of_a_reflection_is_in_the_access_log(client, world, homework, db):
    sign_in(client, "ta@example.org")
    client.get(f"/therapist/assignments/{homework['earlier'].id}")
    client.get(f"/therapist/assignments/{homework['earlier'].id}")
    db.rollback()
    events = db.scalars(select(AuditEvent).where(AuditEvent.object_type == "reflection")).all()
    assert len(events) == 2
    assert {(e.actor_user_id, e.subject_user_id, e.object_id, e.action) for e in events} == {
        (world.therapist_a.id, world.member_a.id, homework["shared"].id, "read")
    }


def test_a_therapist_of_another_group_or_practice_sees_nothing(app, world, homework):
    for email in ("tb@example.org", "tc@example.org"):
        other = app.test_client()
        sign_in(other, email)
        for path in (
            f"/therapist/groups/{world.group_a.id}/homework",
            f"/therapist/assignments/{homework['earlier'].id}",
        ):
            assert other.get(path).status_code == 404
        text = "".join(other.get(p).get_data(as_text=True) for p in ("/therapist/", "/"))
        assert "GEDEELDE TEKST" not in text and "Anna" not in text


def test_members_cannot_reach_therapist_homework_pages(client, world, homework):
    sign_in(client, "a@example.org")
    assert client.get(f"/therapist/assignments/{homework['earlier'].id}").status_code == 404


def assign(client, group, **fields):
    path = f"/therapist/groups/{group.id}/homework"
    return client.post(path, data={"csrf_token": csrf_token(client, path), **fields})


def test_assigning_to_all_current_members_or_to_one(client, world, homework, factory, db):
    bob = factory.member(world.group_a, name="Bob")
    db.commit()
    sign_in(client, "ta@example.org")
    response = assign(
        client,
        world.group_a,
        recipient="0",
        title="Iets nieuws",
        instructions="",
        due_meeting=str(homework["tomorrow"].id),
    )
    assert response.status_code == 302
    db.rollback()
    made = db.scalars(select(Assignment).where(Assignment.title == "Iets nieuws")).all()
    assert {a.member_id for a in made} == {world.member_a.id, bob.id}
    assert all(a.due_meeting_id == homework["tomorrow"].id for a in made)
    assign(client, world.group_a, recipient=str(bob.id), title="Alleen Bob", due_meeting="0")
    db.rollback()
    assert db.scalar(select(Assignment.member_id).where(Assignment.title == "Alleen Bob")) == bob.id


def test_assigning_to_someone_outside_the_group_is_refused(client, world, homework, db):
    sign_in(client, "ta@example.org")
    response = assign(
        client, world.group_a, recipient=str(world.member_b.id), title="x", due_meeting="0"
    )
    assert response.status_code == 422
    db.rollback()
    assert db.scalar(select(func.count()).select_from(Assignment)) == 2


def test_editing_an_assignment(client, world, homework, db):
    sign_in(client, "ta@example.org")
    path = f"/therapist/assignments/{homework['current'].id}"
    page = client.get(path).get_data(as_text=True)
    assert 'value="Zeg één keer nee"' in page
    response = client.post(
        path,
        data={
            "csrf_token": csrf_token(client, path),
            "title": "Zeg twee keer nee",
            "instructions": "",
            "due_meeting": str(homework["tomorrow"].id),
        },
    )
    assert response.status_code == 302
    db.rollback()
    assert db.get(Assignment, homework["current"].id).title == "Zeg twee keer nee"


def test_before_a_meeting_who_shared_since_the_previous_one(client, world, homework, factory, db):
    factory.member(world.group_a, name="Bob")
    db.commit()
    sign_in(client, "ta@example.org")
    page = client.get(f"/therapist/groups/{world.group_a.id}/homework").get_data(as_text=True)
    assert "Voor de bijeenkomst van vrijdag 27 november" in page
    assert "Gedeeld sinds de vorige bijeenkomst (vrijdag 20 november)" in page
    section = page.split("Geef een opdracht")[0]
    assert "Anna" in section and "1 gedeeld" in section
    assert "Bob" in section and "niets gedeeld" in section


def test_homework_is_hidden_for_a_group_without_it(client, world, factory, db):
    world.group_a.homework_enabled = False
    db.merge(world.group_a)
    db.commit()
    sign_in(client, "ta@example.org")
    assert client.get(f"/therapist/groups/{world.group_a.id}/homework").status_code == 404
    assert "/homework" not in client.get(f"/therapist/groups/{world.group_a.id}").get_data(
        as_text=True
    )
