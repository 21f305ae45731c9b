from datetime import date, timedelta

import time_machine
from sqlalchemy import func, select

from server.auth.models import Invite, User
from server.discreet import names_care
from server.groups.models import Membership
from tests.conftest import csrf_token, sign_in

NEW_PASSWORD = "mijn eigen zin van nu"


def invite(client, group, email="nieuw@example.org", joins_on=None):
    url = f"/therapist/groups/{group.id}"
    return client.post(
        f"{url}/invite",
        data={
            "csrf_token": csrf_token(client, url),
            "email": email,
            "joins_on": (joins_on or date.today()).isoformat(),
        },
    )


def accept(client, path, name="Nieuw lid", password=NEW_PASSWORD, confirm=None):
    return client.post(
        path,
        data={
            "csrf_token": csrf_token(client, path),
            "display_name": name,
            "password": password,
            "confirm": confirm if confirm is not None else password,
        },
    )


def test_an_invitation_leaves_out_a_practice_name_that_names_the_care(client, world, smtp, db):
    world.group_a.practice.name = "Zeilstra Psychotherapie"
    world.therapist_a.display_name = "Eva de Vries"  # the factory's name says "Therapeut"
    db.commit()
    sign_in(client, "ta@example.org")
    invite(client, world.group_a)
    body = smtp.messages[-1].get_content()
    assert f"{world.therapist_a.display_name} nodigt je uit voor Kring" in body
    assert not names_care(body)


def test_invite_flow_end_to_end(app, client, world, smtp, db):
    world.therapist_a.display_name = "Eva de Vries"  # the factory's name says "Therapeut"
    db.commit()
    sign_in(client, "ta@example.org")
    response = invite(client, world.group_a)
    assert response.status_code == 302
    assert "nieuw@example.org" in client.get(response.headers["Location"]).get_data(as_text=True)

    mail = smtp.messages[-1]
    assert mail["To"] == "nieuw@example.org"
    assert mail["Subject"] == "Je uitnodiging voor Kring"
    body = mail.get_content()
    # It names who sends it, so it does not look like phishing; never the kind of care.
    therapist, practice = world.therapist_a.display_name, world.group_a.practice.name
    assert f"{therapist} van {practice} nodigt je uit voor Kring" in body
    assert not names_care(body)
    link = smtp.last_link("nieuw@example.org")

    newcomer = app.test_client()
    page = newcomer.get(link).get_data(as_text=True)
    assert "Groep A" in page and "nieuw@example.org" in page
    response = accept(newcomer, link, name="Mila")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    home = newcomer.get("/").get_data(as_text=True)
    assert "Mila" in home and "Groep A" in home

    db.rollback()
    user = db.scalar(select(User).where(User.email == "nieuw@example.org"))
    membership = db.scalar(select(Membership).where(Membership.member_id == user.id))
    assert membership.group_id == world.group_a.id
    assert membership.joined_on == date.today()


def test_only_the_hash_of_the_invite_token_is_stored(client, world, smtp, db):
    sign_in(client, "ta@example.org")
    invite(client, world.group_a)
    token = smtp.last_link("nieuw@example.org").rsplit("/", 1)[1]
    assert len(token) >= 43  # 32 random bytes, URL-safe: 256 bits
    db.rollback()
    stored = db.scalar(select(Invite))
    assert token not in stored.token_hash and len(stored.token_hash) == 64


def test_a_used_invite_is_refused_with_a_clear_page(app, client, world, smtp, db):
    sign_in(client, "ta@example.org")
    invite(client, world.group_a)
    link = smtp.last_link("nieuw@example.org")
    accept(app.test_client(), link)
    again = app.test_client().get(link)
    assert again.status_code == 410
    assert "al gebruikt" in again.get_data(as_text=True)
    db.rollback()
    assert db.scalar(select(func.count()).select_from(User)) == 7


def test_an_expired_invite_is_refused(app, client, world, smtp):
    sign_in(client, "ta@example.org")
    invite(client, world.group_a)
    link = smtp.last_link("nieuw@example.org")
    with time_machine.travel(date.today() + timedelta(days=8)):
        response = app.test_client().get(link)
    assert response.status_code == 410
    assert "verlopen" in response.get_data(as_text=True)


def test_a_forged_invite_is_refused(client, world):
    response = client.get("/invite/" + "A" * 43)
    assert response.status_code == 404
    assert "klopt niet" in response.get_data(as_text=True)


def test_a_weak_password_is_refused_next_to_the_field_and_the_name_kept(
    app, client, world, smtp, db
):
    sign_in(client, "ta@example.org")
    invite(client, world.group_a)
    link = smtp.last_link("nieuw@example.org")
    newcomer = app.test_client()
    page = accept(newcomer, link, name="Mila", password="wachtwoord123").get_data(as_text=True)
    assert "te makkelijk te raden" in page
    assert 'value="Mila"' in page
    page = accept(newcomer, link, name="Mila", password="kort").get_data(as_text=True)
    assert "minstens 10 tekens" in page
    page = accept(newcomer, link, password=NEW_PASSWORD, confirm="iets anders").get_data(
        as_text=True
    )
    assert "niet hetzelfde" in page
    db.rollback()
    assert db.scalar(select(User).where(User.email == "nieuw@example.org")) is None


def test_an_existing_member_joins_a_second_group_after_signing_in(app, client, world, smtp, db):
    sign_in(client, "ta@example.org")
    invite(client, world.group_a, email="b@example.org")
    link = smtp.last_link("b@example.org")
    bart = app.test_client()
    assert "Je hebt al een account" in bart.get(link).get_data(as_text=True)
    sign_in(bart, "b@example.org", next=link)
    bart.post(link, data={"csrf_token": csrf_token(bart, link)})
    db.rollback()
    groups = db.scalars(
        select(Membership.group_id).where(Membership.member_id == world.member_b.id)
    )
    assert set(groups) == {world.group_a.id, world.group_b.id}


def test_a_therapist_cannot_invite_into_a_group_they_do_not_lead(client, world, smtp):
    sign_in(client, "ta@example.org")
    response = client.post(
        f"/therapist/groups/{world.group_b.id}/invite",
        data={
            "csrf_token": csrf_token(client, "/more"),
            "email": "x@example.org",
            "joins_on": date.today().isoformat(),
        },
    )
    assert response.status_code == 404
    assert smtp.messages == []


def test_bad_invite_input_is_shown_next_to_the_field(client, world, smtp):
    sign_in(client, "ta@example.org")
    response = invite(client, world.group_a, email="geen-adres")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Dit is geen e-mailadres." in page and 'value="geen-adres"' in page
    response = invite(client, world.group_a, email="a@example.org")
    assert "zit al in de groep" in response.get_data(as_text=True)
    assert smtp.messages == []
