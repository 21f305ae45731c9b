"""Groups set up by the practice: their rules, the size limit, the waiting list and
archiving. Every test runs on SQLite and on PostgreSQL."""

import re
from datetime import date, timedelta

from sqlalchemy import select

from server.auth.models import Invite
from server.groups.models import Group, GroupTherapist, Membership
from server.practice.models import WaitingListEntry
from tests.practice.conftest import NOW, client_of, post

TODAY = NOW.date()


def group_data(**changes) -> dict:
    data = {
        "name": "Maandaggroep",
        "location": "Kerkstraat 1, Heerlen",
        "default_duration_minutes": "90",
        "max_members": "2",
        "homework_enabled": "y",
        "cancellation_rule": "last_working_day",
        "cancellation_cutoff_time": "16:30",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_a_therapist_sets_up_a_group_and_goes_on_to_its_first_series(practice_app, pworld, pdb):
    therapist = client_of(practice_app, "tb@example.org")  # not an admin
    page = therapist.get("/admin/groups/new").get_data(as_text=True)
    ticked = re.findall(
        r'<input checked id="therapists-\d" name="therapists" type="checkbox" value="(\d+)"', page
    )
    assert ticked == [str(pworld.therapist_b.id)]  # she leads it herself
    data = group_data(therapists=[str(pworld.therapist_b.id), str(pworld.therapist_a.id)])
    response = post(therapist, "/admin/groups/new", data)
    group = pdb.scalar(select(Group).where(Group.name == "Maandaggroep"))
    assert response.headers["Location"] == f"/therapist/groups/{group.id}/series/new"
    assert (group.max_members, group.cancellation_rule) == (2, "last_working_day")
    assert group.cancellation_cutoff_time.strftime("%H:%M") == "16:30"
    assert group.practice_id == pworld.practice.id and group.homework_enabled
    assert not group.journey_enabled and group.break_minutes is None
    leaders = pdb.scalars(
        select(GroupTherapist.therapist_id).where(GroupTherapist.group_id == group.id)
    )
    assert set(leaders) == {pworld.therapist_a.id, pworld.therapist_b.id}
    # The series page is prefilled with the group's duration and place.
    series = therapist.get(response.headers["Location"]).get_data(as_text=True)
    assert 'value="Kerkstraat 1, Heerlen"' in series and 'value="90"' in series


def test_a_revealing_name_is_warned_about_and_kept_only_when_confirmed(practice_app, pworld, pdb):
    therapist = client_of(practice_app, "tb@example.org")
    data = group_data(name="Groepspsychotherapie maandag", therapists=str(pworld.therapist_b.id))
    response = post(therapist, "/admin/groups/new", data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "vergrendelscherm" in page
    assert 'value="Groepspsychotherapie maandag"' in page  # what she typed stays
    assert pdb.scalar(select(Group).where(Group.name.like("Groeps%"))) is None
    response = post(therapist, "/admin/groups/new", {**data, "name_anyway": "y"})
    assert response.status_code == 302


def test_bad_input_is_said_next_to_the_field_and_nothing_is_saved(practice_app, pworld, pdb):
    admin = client_of(practice_app, "ta@example.org")
    data = group_data(max_members="0", cancellation_cutoff_time="", location="", therapists=None)
    response = post(admin, "/admin/groups/new", data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Kies een getal van 1 tot en met 30." in page
    assert "Kies minstens één behandelaar." in page
    assert "Vul een adres of een online link in." in page
    assert "Kies een tijd, bijvoorbeeld 09:30." in page  # the working-day rule needs its time
    assert pdb.scalar(select(Group).where(Group.name == "Maandaggroep")) is None
    taken = post(
        admin,
        "/admin/groups/new",
        group_data(name="Groep B", therapists=str(pworld.therapist_a.id)),
    )
    assert "heeft al een groep met deze naam" in taken.get_data(as_text=True)


def test_the_size_limit_refuses_an_invitation_and_offers_the_waiting_list(
    practice_app, pworld, pdb
):
    group = pdb.merge(pworld.group_a)
    group.max_members = 2  # Anna is in it; one place left
    pdb.commit()
    therapist = client_of(practice_app, "ta@example.org")
    path = f"/therapist/groups/{group.id}/invite"
    form = f"/therapist/groups/{group.id}"
    joins = TODAY.isoformat()
    assert (
        post(therapist, path, {"email": "een@example.org", "joins_on": joins}, form).status_code
        == 302
    )
    response = post(therapist, path, {"email": "twee@example.org", "joins_on": joins}, form)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "De groep is op die datum vol (2 plaatsen)" in page
    assert 'value="twee@example.org"' in page
    assert pdb.scalar(select(Invite).where(Invite.email == "twee@example.org")) is None


def test_the_waiting_list_shows_when_a_place_frees_up_and_invites_in_one_step(
    practice_app, pworld, pdb
):
    group = pdb.merge(pworld.group_a)
    group.max_members = 1
    anna = pdb.scalar(select(Membership).where(Membership.group_id == group.id))
    anna.left_on = TODAY + timedelta(days=20)
    pdb.commit()
    therapist = client_of(practice_app, "ta@example.org")
    page_path = f"/admin/groups/{group.id}"
    data = {"waiting-name": "Kim", "waiting-email": "kim@example.org"}
    data["waiting-available_on"] = TODAY.isoformat()
    assert post(therapist, f"{page_path}/waiting-list", data, page_path).status_code == 302
    post(
        therapist,
        f"{page_path}/waiting-list",
        {**data, "waiting-name": "Lars", "waiting-email": "lars@example.org"},
        page_path,
    )
    page = therapist.get(page_path).get_data(as_text=True)
    assert "1 van 1 plaatsen vandaag bezet" in page
    assert "De volgende plaats is vrij vanaf 17 december 2026" in page  # Anna's last day + 1
    waiting = _waiting_section(page)
    assert waiting.index("Kim") < waiting.index("Lars")  # who asked first is next

    kim = pdb.scalar(select(WaitingListEntry).where(WaitingListEntry.name == "Kim"))
    response = post(therapist, f"/admin/groups/waiting-list/{kim.id}/invite", form_page=page_path)
    assert response.status_code == 302
    invite = pdb.scalar(select(Invite).where(Invite.email == "kim@example.org"))
    assert invite.joins_on == date(2026, 12, 17)  # the day after Anna's last day
    assert "kim@example.org" not in _waiting_section(
        therapist.get(page_path).get_data(as_text=True)
    )
    # Lars is next, but there is no second free place: his invitation is refused.
    lars = pdb.scalar(select(WaitingListEntry).where(WaitingListEntry.name == "Lars"))
    post(therapist, f"/admin/groups/waiting-list/{lars.id}/invite", form_page=page_path)
    assert pdb.scalar(select(Invite).where(Invite.email == "lars@example.org")) is None


def _waiting_section(page: str) -> str:
    return page.split('id="waiting"')[1].split("</section>")[0]


def test_members_and_other_practices_never_see_a_waiting_list(practice_app, pworld, pdb):
    staff = client_of(practice_app, "ta@example.org")
    path = f"/admin/groups/{pworld.group_a.id}"
    data = {
        "waiting-name": "Kim",
        "waiting-email": "kim@example.org",
        "waiting-available_on": "2026-12-01",
    }
    post(staff, f"{path}/waiting-list", data, path)
    member = client_of(practice_app, "a@example.org")
    other_admin = client_of(practice_app, "tc@example.org")
    for client in (member, other_admin):
        assert client.get(path).status_code == 404
        for page in ("/", "/schedule", "/more", "/admin/groups/"):
            assert "kim@example.org" not in client.get(page).get_data(as_text=True)


def test_an_archived_group_leaves_every_list_and_its_members_keep_their_data(
    practice_app, pworld, pdb
):
    therapist = client_of(practice_app, "ta@example.org")
    path = f"/admin/groups/{pworld.group_a.id}"
    assert post(therapist, f"{path}/archive", form_page=path).status_code == 302
    link = f'/groups/{pworld.group_a.id}"'
    assert link not in therapist.get("/therapist/").get_data(as_text=True)
    assert link not in therapist.get("/admin/groups/").get_data(as_text=True)
    assert therapist.get(path).status_code == 404
    assert pdb.scalar(select(Membership).where(Membership.group_id == pworld.group_a.id))


def test_a_new_member_starts_with_the_groups_minimum_of_meetings(practice_app, pworld, pdb):
    from server.auth import services as accounts

    group = pdb.merge(pworld.group_b)
    group.min_sessions = 6
    token = accounts.create_invite(pdb, pworld.therapist_b, group, "nieuw@example.org", TODAY)
    accounts.accept_invite(pdb, accounts.open_invite(pdb, token), "Nina", "een lang wachtwoord")
    pdb.commit()
    joined = pdb.scalar(
        select(Membership).where(Membership.group_id == group.id).order_by(Membership.id.desc())
    )
    assert joined.min_sessions == 6


def test_without_phases_and_goals_the_member_is_not_offered_goals(practice_app, pworld, pdb):
    member = client_of(practice_app, "a@example.org")
    assert "Mijn doelen" in member.get("/more").get_data(as_text=True)
    group = pdb.merge(pworld.group_a)
    group.journey_enabled = False
    pdb.commit()
    assert "Mijn doelen" not in member.get("/more").get_data(as_text=True)
    therapist = client_of(practice_app, "ta@example.org")
    page = therapist.get(f"/therapist/groups/{group.id}").get_data(as_text=True)
    assert "Fases en doelen" not in page


def test_a_new_group_sent_twice_is_made_once(practice_app, pworld, pdb):
    """A group's name is unique in its practice, so the shared every-action-once test
    (which sends the form a third time as a new action) does not fit; this does."""
    therapist = client_of(practice_app, "tb@example.org")
    page = therapist.get("/admin/groups/new").get_data(as_text=True)
    key = re.search(r'name="form_key" value="([0-9a-f]+)"', page).group(1)
    data = group_data(therapists=str(pworld.therapist_b.id), form_key=key)
    first = post(therapist, "/admin/groups/new", data)
    again = post(therapist, "/admin/groups/new", data)
    assert again.headers["Location"] == first.headers["Location"]
    assert len(pdb.scalars(select(Group).where(Group.name == "Maandaggroep")).all()) == 1


def test_the_working_day_rule_needs_no_hours(practice_app, pworld, pdb):
    therapist = client_of(practice_app, "tb@example.org")
    data = group_data(therapists=str(pworld.therapist_b.id), cancellation_cutoff_hours="")
    assert post(therapist, "/admin/groups/new", data).status_code == 302
    group = pdb.scalar(select(Group).where(Group.name == "Maandaggroep"))
    assert (group.cancellation_rule, group.cancellation_cutoff_hours) == ("last_working_day", 24)
    path = f"/admin/groups/{group.id}"
    assert post(therapist, path, data).status_code == 302  # edited: still no hours asked
    hours = group_data(therapists=str(pworld.therapist_b.id), cancellation_rule="hours_before")
    hours["cancellation_cutoff_hours"] = ""
    response = post(therapist, path, hours)
    assert response.status_code == 422 and "Vul het aantal uren in." in response.get_data(
        as_text=True
    )
