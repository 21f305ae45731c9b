from flask import url_for
from sqlalchemy import select

from server.homework.models import Assignment, Reflection
from tests.conftest import csrf_token, sign_in

PROMPTS = {
    "tried": "Nee gezegd",
    "happened": "Het ging goed",
    "felt": "Spannend",
    "others": "Begripvol",
    "takeaway": "Vaker doen",
}


def write(client, assignment, **fields):
    path = f"/homework/{assignment.id}"
    data = {"csrf_token": csrf_token(client, path), **fields}
    return client.post(f"{path}/reflections", data=data)


def test_current_assignment_first_with_its_due_date_then_earlier_weeks(client, world, homework):
    sign_in(client, "a@example.org")
    page = client.get("/homework/").get_data(as_text=True)
    assert page.index("Zeg één keer nee") < page.index("Eerdere weken") < page.index("Koffiekopjes")
    assert "voor vrijdag 27 november" in page


def test_the_due_day_is_in_each_readers_own_language(client, world, homework, db):
    # The due day's words are cached per language: a Dutch reader first must not
    # leave an English reader Dutch words.
    sign_in(client, "a@example.org")
    assert "voor vrijdag 27 november" in client.get("/homework/").get_data(as_text=True)
    world.member_a.locale = "en"
    db.commit()
    page = client.get("/homework/").get_data(as_text=True)
    assert "before Friday 27 November" in page and "voor vrijdag" not in page


def test_the_lists_links_are_url_fors(app, client, world, homework):
    # The list joins its own address and the id instead of calling url_for per line.
    sign_in(client, "a@example.org")
    page = client.get("/homework/").get_data(as_text=True)
    with app.test_request_context():
        for assignment in (homework["current"], homework["earlier"]):
            assert f'href="{url_for("homework.assignment", assignment_id=assignment.id)}"' in page
        write_link = url_for("homework.write", assignment_id=homework["current"].id)
    assert f'href="{write_link}" data-keep' in page


def test_instructions_with_a_clickable_link(client, world, homework):
    sign_in(client, "a@example.org")
    page = client.get(f"/homework/{homework['current'].id}").get_data(as_text=True)
    assert '<a href="https://example.org/nee" rel="noopener noreferrer nofollow">' in page
    assert "Alleen als je kiest voor" in page  # who can read what, in words


def test_writing_a_private_reflection_then_sharing_and_unsharing_it(client, world, homework, db):
    sign_in(client, "a@example.org")
    response = write(client, homework["current"], difficulty="6", **PROMPTS)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Alleen jij kunt het lezen" in page and "Alleen jij kunt dit lezen" in page
    db.rollback()
    reflection = db.scalar(
        select(Reflection).where(Reflection.assignment_id == homework["current"].id)
    )
    assert reflection.shared is False and reflection.difficulty == 6
    assert reflection.tried == "Nee gezegd"

    path = f"/homework/reflections/{reflection.id}/share"
    token = csrf_token(client, f"/homework/{homework['current'].id}")
    client.post(path, data={"csrf_token": token, "shared": "1"})
    db.rollback()
    assert db.get(Reflection, reflection.id).shared is True
    client.post(path, data={"csrf_token": token, "shared": "0"})
    db.rollback()
    assert db.get(Reflection, reflection.id).shared is False


def test_several_reflections_per_assignment_and_editing_one(client, world, homework, db):
    sign_in(client, "a@example.org")
    write(client, homework["current"], tried="dag 1")
    write(client, homework["current"], tried="dag 2", shared="y")
    db.rollback()
    rows = db.scalars(
        select(Reflection).where(Reflection.assignment_id == homework["current"].id)
    ).all()
    assert sorted(r.tried for r in rows) == ["dag 1", "dag 2"]
    first = next(r for r in rows if r.tried == "dag 1")
    path = f"/homework/reflections/{first.id}/edit"
    assert "dag 1" in client.get(path).get_data(as_text=True)
    client.post(path, data={"csrf_token": csrf_token(client, path), "tried": "dag 1, later"})
    db.rollback()
    assert db.get(Reflection, first.id).tried == "dag 1, later"


def test_a_validation_error_keeps_every_text(client, world, homework, db):
    sign_in(client, "a@example.org")
    response = write(
        client, homework["current"], tried="x" * 10_001, felt="Blijft staan", difficulty="11"
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "niet meer dan 10000 tekens" in page and "Kies een getal van 0 tot 10." in page
    assert "x" * 10_001 in page and "Blijft staan" in page
    assert write(client, homework["current"]).status_code == 422  # nothing written at all
    db.rollback()
    assert (
        db.scalar(select(Reflection).where(Reflection.assignment_id == homework["current"].id))
        is None
    )


def test_10000_characters_and_odd_unicode_are_kept_exactly(client, world, homework, db):
    text = ("é" * 9_990) + "🙂\u200d\u202e‮ﷺ"
    sign_in(client, "a@example.org")
    assert write(client, homework["current"], tried=text[:10_000]).status_code == 302
    db.rollback()
    assert (
        db.scalar(
            select(Reflection.tried).where(Reflection.assignment_id == homework["current"].id)
        )
        == text[:10_000]
    )


def test_nul_bytes_are_refused_cleanly(client, world, homework, db):
    sign_in(client, "a@example.org")
    response = write(client, homework["current"], tried="voor\x00na")
    assert response.status_code == 422
    assert "teken dat niet bewaard kan worden" in response.get_data(as_text=True)


def test_html_and_script_are_stored_as_typed_and_shown_inert(client, world, homework, db):
    payload = '<script>alert(1)</script><img src=x onerror=alert(2)> "quote" & <b>bold</b>'
    sign_in(client, "a@example.org")
    write(client, homework["current"], tried=payload, shared="y")
    db.rollback()
    assert (
        db.scalar(
            select(Reflection.tried).where(Reflection.assignment_id == homework["current"].id)
        )
        == payload
    )
    for path, who in ((f"/homework/{homework['current'].id}", client),):
        page = who.get(path).get_data(as_text=True)
        assert "<script>alert(1)</script>" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_member_adds_their_own_assignment(client, world, homework, db):
    sign_in(client, "a@example.org")
    path = "/homework/new"
    response = client.post(
        path,
        data={
            "csrf_token": csrf_token(client, path),
            "group_id": world.group_a.id,
            "title": "Een wandeling maken",
        },
    )
    assert response.status_code == 302
    db.rollback()
    own = db.scalar(select(Assignment).where(Assignment.title == "Een wandeling maken"))
    assert own.set_by_member and own.due_meeting_id == homework["tomorrow"].id


def test_the_member_sees_when_which_therapist_read_a_shared_reflection(
    app, client, world, homework
):
    therapist = app.test_client()
    sign_in(therapist, "ta@example.org")
    therapist.get(f"/therapist/assignments/{homework['earlier'].id}")
    sign_in(client, "a@example.org")
    page = client.get(f"/homework/{homework['earlier'].id}").get_data(as_text=True)
    assert "Gelezen door Therapeut op 26 november 2026, 13:00" in page


def test_a_member_cannot_open_another_members_homework(app, client, world, homework, factory, db):
    sign_in(client, "b@example.org")
    assert client.get(f"/homework/{homework['current'].id}").status_code == 404
    path = f"/homework/reflections/{homework['private'].id}/edit"
    assert client.get(path).status_code == 404
    share = f"/homework/reflections/{homework['private'].id}/share"
    response = client.post(share, data={"csrf_token": csrf_token(client, "/more"), "shared": "1"})
    assert response.status_code == 404
    db.rollback()
    assert db.get(Reflection, homework["private"].id).shared is False


def test_a_group_without_homework_shows_none(client, world, factory, db):
    group = factory.group(world.practice, "Zonder huiswerk", homework_enabled=False)
    factory.member(group, email="zonder@example.org")
    db.commit()
    sign_in(client, "zonder@example.org")
    assert "Huiswerk" not in client.get("/").get_data(as_text=True)
    assert client.get("/homework/").status_code == 404


def test_homework_pages_run_a_constant_number_of_statements(
    client, world, homework, factory, db, statements
):
    sign_in(client, "a@example.org")
    counts = []
    for size in (1, 10):
        for _ in range(size * 3):
            assignment = Assignment(
                group_id=world.group_a.id,
                member_id=world.member_a.id,
                set_by_id=world.therapist_a.id,
                title="t",
                due_meeting_id=homework["tomorrow"].id,
            )
            db.add(assignment)
            db.flush()
            db.add(
                Reflection(
                    assignment_id=homework["earlier"].id,
                    member_id=world.member_a.id,
                    tried="x",
                    shared=True,
                )
            )
        db.commit()
        measured = []
        for path in ("/homework/", f"/homework/{homework['earlier'].id}"):
            statements.count = 0
            assert client.get(path).status_code == 200
            measured.append(statements.count)
        counts.append(measured)
    # The list: the user, the assignments with their due meetings, whether older weeks exist.
    assert counts[0] == counts[1] and counts[1][0] <= 3 and max(counts[1]) <= 6, counts


def test_after_a_reflection_the_assignment_reads_as_finished(client, world, homework, db):
    sign_in(client, "a@example.org")
    path = f"/homework/{homework['current'].id}"
    before = client.get(path).get_data(as_text=True)
    assert "Hoe ging het?" in before and "Nog een reflectie schrijven" not in before
    assert "Nog niets geschreven" in client.get("/homework/").get_data(as_text=True)

    write(client, homework["current"], tried="Ik zei nee tegen mijn buurman")
    page = client.get(path).get_data(as_text=True)
    assert "Bewaard. Alleen jij kunt het lezen." in page
    # The form is folded away under "write another"; the next step is offered plainly.
    assert '<details class="fold"><summary><h2 id="write">Nog een reflectie schrijven' in page
    assert "Je schreef hierover. Is de opdracht voor jou klaar?" in page
    assert "1 reflectie" in client.get("/homework/").get_data(as_text=True)

    client.post(f"{path}/done", data={"csrf_token": csrf_token(client, path), "done": "1"})
    page = client.get(path).get_data(as_text=True)
    assert ">Gedaan</span>" in page and "Is de opdracht voor jou klaar?" not in page
