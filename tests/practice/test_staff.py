"""A practice from an empty database: the operator's one command, then the admin in
the browser invites therapists, deactivates them and resets a lost second step."""

from flask.cli import ScriptInfo
from sqlalchemy import select

from server.audit import AuditEvent
from server.auth.models import User
from server.cli import main
from server.groups.models import Practice
from tests.conftest import PASSWORD, csrf_token, sign_in
from tests.practice.conftest import client_of, post, set_up_second_step


def _accept(client, path: str, name: str):
    return client.post(
        path,
        data={
            "csrf_token": csrf_token(client, path),
            "display_name": name,
            "password": PASSWORD,
            "confirm": PASSWORD,
        },
    )


def test_a_practice_starts_from_one_command(practice_app, pdb, mail):
    result = practice_app.test_cli_runner().invoke(
        main,
        ["create-practice", "--name", "Praktijk Oost", "--admin-email", "Beheer@Example.org"],
        obj=ScriptInfo(create_app=lambda: practice_app),
    )
    assert result.exit_code == 0, result.output
    assert "Invitation sent to Beheer@Example.org" in result.output
    message = mail.messages[-1]
    assert "Praktijk Oost" in message.get_content()
    assert "therap" not in (message["Subject"] + message.get_content()).lower()

    admin = practice_app.test_client()
    link = mail.last_link("Beheer@Example.org")
    assert "Praktijk Oost" in admin.get(link).get_data(as_text=True)
    response = _accept(admin, link, "Bea")
    assert response.headers["Location"] == "/login"
    assert admin.get(link).status_code == 410  # the link worked once

    # Signing in asks for the second step first; then the admin lands in /admin/.
    response = sign_in(admin, "beheer@example.org")
    assert response.headers["Location"] == "/login/setup"
    set_up_second_step(admin)
    page = admin.get("/admin/").get_data(as_text=True)
    assert "Praktijk Oost" in page and "Behandelaars" in page
    user = pdb.scalar(select(User).where(User.email == "beheer@example.org"))
    practice = pdb.scalar(select(Practice).where(Practice.name == "Praktijk Oost"))
    assert (user.role, user.practice_admin, user.practice_id) == ("therapist", True, practice.id)

    # The admin fills in the practice's details, the out-of-hours numbers too.
    data = {"name": "Praktijk Oost", "phone": "050-1234567", "crisis_phone": "050-7654321"}
    data["out_of_hours_phone"] = "0900-1234"
    assert post(admin, "/admin/", data).status_code == 302
    pdb.expire_all()
    assert (practice.out_of_hours_phone, practice.crisis_phone) == ("0900-1234", "050-7654321")

    # ... and invites a therapist, who sets up her own account and second step.
    response = post(
        admin, "/admin/therapists/invite", {"email": "eva@example.org"}, "/admin/therapists"
    )
    assert response.status_code == 302
    therapist = practice_app.test_client()
    _accept(therapist, mail.last_link("eva@example.org"), "Eva")
    assert "Tweede stap nog niet ingesteld" in admin.get("/admin/therapists").get_data(as_text=True)
    assert sign_in(therapist, "eva@example.org").headers["Location"] == "/login/setup"
    set_up_second_step(therapist)
    assert "Tweede stap ingesteld" in admin.get("/admin/therapists").get_data(as_text=True)
    # She is no admin: therapist management is not there for her.
    assert therapist.get("/admin/therapists").status_code == 404
    assert therapist.get("/admin/").status_code == 404


def test_create_practice_refuses_a_name_or_address_in_use(practice_app, pworld):
    runner = practice_app.test_cli_runner()
    info = ScriptInfo(create_app=lambda: practice_app)
    taken_name = [
        "create-practice",
        "--name",
        pworld.practice.name,
        "--admin-email",
        "x@example.org",
    ]
    assert runner.invoke(main, taken_name, obj=info).exit_code != 0
    used = ["create-practice", "--name", "Nieuw", "--admin-email", "ta@example.org"]
    result = runner.invoke(main, used, obj=info)
    assert result.exit_code != 0 and "exists" in result.output


def test_invite_with_an_address_that_has_an_account_is_refused(practice_app, pworld, pdb):
    admin = client_of(practice_app, "ta@example.org")
    response = post(
        admin, "/admin/therapists/invite", {"email": "a@example.org"}, "/admin/therapists"
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "heeft al een account" in page and 'value="a@example.org"' in page


def test_a_deactivated_therapist_cannot_sign_in_and_her_groups_stay(practice_app, pworld, pdb):
    admin = client_of(practice_app, "ta@example.org")
    therapist = client_of(practice_app, "tb@example.org")
    path = f"/admin/therapists/{pworld.therapist_b.id}/deactivate"
    assert post(admin, path, form_page="/admin/therapists").status_code == 302
    assert therapist.get("/therapist/").status_code == 302  # her session has ended
    refused = sign_in(practice_app.test_client(), "tb@example.org")
    assert refused.status_code == 200 and "horen niet bij elkaar" in refused.get_data(as_text=True)
    pdb.expire_all()
    assert "Groep B" in [g.name for g in _groups_of(pdb, pworld.therapist_b.id)]
    logged = pdb.scalar(
        select(AuditEvent).where(
            AuditEvent.actor_user_id == pworld.therapist_a.id,
            AuditEvent.subject_user_id == pworld.therapist_b.id,
        )
    )
    assert (logged.action, logged.object_type) == ("update", "user")
    # Activated again, she signs in as before.
    post(
        admin, f"/admin/therapists/{pworld.therapist_b.id}/activate", form_page="/admin/therapists"
    )
    assert sign_in(practice_app.test_client(), "tb@example.org").status_code == 302


def _groups_of(db, therapist_id: int):
    from server.groups.models import Group, GroupTherapist

    return db.scalars(
        select(Group)
        .join(GroupTherapist, GroupTherapist.group_id == Group.id)
        .where(GroupTherapist.therapist_id == therapist_id)
    ).all()


def test_a_reset_second_step_is_set_up_again_at_the_next_sign_in(practice_app, pworld, pdb):
    admin = client_of(practice_app, "ta@example.org")
    path = f"/admin/therapists/{pworld.therapist_b.id}/reset-second-step"
    response = post(admin, path, form_page="/admin/therapists")
    assert response.status_code == 302
    assert "stelt de tweede stap opnieuw in" in admin.get("/admin/therapists").get_data(
        as_text=True
    )
    therapist = practice_app.test_client()
    assert sign_in(therapist, "tb@example.org").headers["Location"] == "/login/setup"
    logged = pdb.scalar(select(AuditEvent).where(AuditEvent.object_type == "second_factor"))
    assert (logged.actor_user_id, logged.subject_user_id) == (
        pworld.therapist_a.id,
        pworld.therapist_b.id,
    )


def test_an_admin_cannot_touch_another_practices_staff_or_herself(practice_app, pworld, pdb):
    admin = client_of(practice_app, "ta@example.org")
    for action in ("deactivate", "reset-second-step"):
        path = f"/admin/therapists/{pworld.therapist_c.id}/{action}"
        assert post(admin, path, form_page="/admin/therapists").status_code == 404
    own = f"/admin/therapists/{pworld.therapist_a.id}/deactivate"
    post(admin, own, form_page="/admin/therapists")
    pdb.expire_all()
    assert pdb.get(User, pworld.therapist_a.id).active
    assert "Tb" not in admin.get("/admin/therapists").get_data(as_text=True)
    assert "tc@example.org" not in admin.get("/admin/therapists").get_data(as_text=True)


def test_every_plan_of_the_practice_shows_its_numbers_to_tap(practice_app, pworld, pdb):
    member = client_of(practice_app, "a@example.org")
    assert "0900-1515" not in member.get("/plan/").get_data(as_text=True)  # her plan exists
    admin = client_of(practice_app, "ta@example.org")
    data = {"out_of_hours_phone": "0900-1515", "crisis_phone": "088-1234567"}
    assert post(admin, "/admin/", data).status_code == 302
    # Her plan, made before, shows them at once, "from your practice", tapped to call.
    page = member.get("/plan/").get_data(as_text=True)
    assert 'href="tel:09001515">0900-1515</a>' in page
    assert 'href="tel:0881234567">088-1234567</a>' in page
    assert "Huisartsenpost" in page and "Crisisdienst" in page and "van je praktijk" in page


def test_a_practice_number_that_is_no_phone_number_is_refused_next_to_it(practice_app, pworld, pdb):
    admin = client_of(practice_app, "ta@example.org")
    data = {"name": "Praktijk Oost", "out_of_hours_phone": "javascript:alert(1)"}
    response = post(admin, "/admin/", data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="out_of_hours_phone-error"' in page and "Dit is geen telefoonnummer" in page
    assert 'value="javascript:alert(1)"' in page  # what she typed stays
    pdb.expire_all()
    assert pdb.scalar(select(Practice).where(Practice.id == pworld.practice.id)).name != (
        "Praktijk Oost"
    )  # nothing half-saved


def test_without_a_mail_server_the_operator_gets_the_link_to_hand_over(app, db):
    app.config.update(KRING_ENV="production", MAIL_SERVER="")
    result = app.test_cli_runner().invoke(
        main,
        ["create-practice", "--name", "Praktijk Zuid", "--admin-email", "beheer@example.org"],
        obj=ScriptInfo(create_app=lambda: app),
    )
    assert result.exit_code == 0, result.output
    assert "Give beheer@example.org this link yourself" in result.output
    link = result.output.split("http://localhost", 1)[1].split()[0]
    assert app.test_client().get(link).status_code == 200
