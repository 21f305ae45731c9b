"""The plan made together with the therapists (issue 18): sharing, the therapist's
read-only view and suggestions, the member's once-only decisions, "discussed on", and
every therapist view in her access log."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from server.audit import AuditEvent
from server.groups.models import Membership
from server.offline.once import new_form_key
from server.plan import services, together
from server.plan.models import PlanItem, PlanVersion
from server.plan.together_models import PlanSuggestion
from tests.conftest import csrf_token, sign_in


def _membership_id(db, world) -> int:
    return db.scalar(
        select(Membership.id).where(
            Membership.member_id == world.member_a.id, Membership.group_id == world.group_a.id
        )
    )


def _share(member, on=True):
    token = csrf_token(member.client, "/plan/")
    response = member.client.post(
        "/plan/together/sharing", data={"csrf_token": token, "shared": "on" if on else "off"}
    )
    assert response.status_code == 302


@pytest.fixture
def therapist(app, world):
    client = app.test_client()
    sign_in(client, "ta@example.org")
    return client


def _plan_url(db, world) -> str:
    return f"/therapist/memberships/{_membership_id(db, world)}/plan"


def _suggest(therapist, url, section="own_actions", text="Elke ochtend naar buiten", item=None):
    token = csrf_token(therapist, "/more")
    data = {"csrf_token": token, "section": section, "text": text, "form_key": new_form_key()}
    if item is not None:
        data["item"] = item
    return therapist.post(url + "/suggestions", data=data)


def _plan_reads(db, world) -> int:
    db.rollback()
    return db.scalar(
        select(func.count()).where(
            AuditEvent.subject_user_id == world.member_a.id,
            AuditEvent.actor_user_id == world.therapist_a.id,
            AuditEvent.action == "read",
            AuditEvent.object_type == "plan",
        )
    )


def test_not_shared_by_default_the_therapist_sees_only_a_note(member, therapist, db, world):
    member.add("warning_signs", "SLECHT SLAPEN")
    page = therapist.get(_plan_url(db, world))
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "heeft het plan niet gedeeld" in text
    assert "SLECHT SLAPEN" not in text
    assert _plan_reads(db, world) == 0
    assert "Deel met mijn behandelaars" in member.page()


def test_shared_the_therapist_reads_it_and_every_view_is_logged(member, therapist, db, world):
    member.add("warning_signs", "SLECHT SLAPEN")
    _share(member)
    url = _plan_url(db, world)
    for _ in range(2):
        assert "SLECHT SLAPEN" in therapist.get(url).get_data(as_text=True)
    assert _plan_reads(db, world) == 2
    log = member.page("/account/access")
    assert "Therapeut" in log and "opende je plan" in log


def test_switching_sharing_off_takes_access_away_at_once(member, therapist, db, world):
    member.add("warning_signs", "SLECHT SLAPEN")
    _share(member)
    url = _plan_url(db, world)
    assert "SLECHT SLAPEN" in therapist.get(url).get_data(as_text=True)
    _share(member, on=False)
    assert "SLECHT SLAPEN" not in therapist.get(url).get_data(as_text=True)
    assert _suggest(therapist, url).status_code == 404


def test_others_get_a_404(app, member, db, world, factory):
    _share(member)
    url = _plan_url(db, world)
    other = app.test_client()
    sign_in(other, "tc@example.org")  # another practice
    assert other.get(url).status_code == 404
    colleague = app.test_client()
    sign_in(colleague, "tb@example.org")  # same practice, another group
    assert colleague.get(url).status_code == 404
    admin = factory.therapist(world.practice, email="admin@example.org")
    admin.practice_admin = True
    db.commit()
    admin_client = app.test_client()
    sign_in(admin_client, "admin@example.org")
    assert admin_client.get(url).status_code == 404
    assert member.client.get(url).status_code == 404  # a member has no therapist pages
    assert _plan_reads(db, world) == 0


def test_a_member_who_left_the_group_is_no_longer_readable(member, therapist, db, world):
    _share(member)
    membership = db.get(Membership, _membership_id(db, world))
    membership.left_on = date.today() - timedelta(days=1)
    db.commit()
    page = therapist.get(_plan_url(db, world)).get_data(as_text=True)
    assert "heeft het plan niet gedeeld" in page


def test_a_suggested_line_is_taken_over_once(member, therapist, db, world):
    _share(member)
    url = _plan_url(db, world)
    assert _suggest(therapist, url).status_code == 302
    page = member.page()
    assert "Elke ochtend naar buiten" in page and "Overnemen" in page
    assert "Voorstel van Therapeut" in page
    assert "Elke ochtend naar buiten" in member.page("/plan/sections/own_actions")
    suggestion_id = int(re.search(r'action="/plan/suggestions/(\d+)"', page).group(1))
    versions_before = _count(db, PlanVersion)
    data = {"decision": "accepted", "form_key": new_form_key()}
    first = member.post(f"/plan/suggestions/{suggestion_id}", **data)
    again = member.post(f"/plan/suggestions/{suggestion_id}", **data)  # a double tap
    later = member.post(f"/plan/suggestions/{suggestion_id}", decision="accepted")  # other tab
    assert first.status_code == again.status_code == later.status_code == 302
    lines = _texts(db, "own_actions")
    assert lines == ["Elke ochtend naar buiten"]
    assert _count(db, PlanVersion) == versions_before + 1  # a save like any other: undo-able
    assert "Overnemen" not in member.page()


def test_adjusted_words_go_in_and_an_ignored_one_does_not(member, therapist, db, world):
    _share(member)
    url = _plan_url(db, world)
    _suggest(therapist, url, text="Bel je zus")
    _suggest(therapist, url, text="Ga hardlopen")
    ids = [s.id for s in db.scalars(select(PlanSuggestion).order_by(PlanSuggestion.id))]
    member.post(f"/plan/suggestions/{ids[0]}", decision="adapted", text="Bel Sam of mijn zus")
    member.post(f"/plan/suggestions/{ids[1]}", decision="declined")
    assert _texts(db, "own_actions") == ["Bel Sam of mijn zus"]
    empty = member.post(f"/plan/suggestions/{ids[0]}", decision="adapted", text="")
    assert empty.status_code in (302, 422)


def test_adjusting_with_no_words_keeps_the_suggestion_open(member, therapist, db, world):
    _share(member)
    _suggest(therapist, _plan_url(db, world))
    suggestion = db.scalar(select(PlanSuggestion))
    response = member.post(f"/plan/suggestions/{suggestion.id}", decision="adapted", text=" ")
    assert response.status_code == 422
    assert "Schrijf eerst iets." in response.get_data(as_text=True)
    db.rollback()
    assert db.get(PlanSuggestion, suggestion.id).decision is None


def test_new_words_for_a_line_change_that_line(member, therapist, db, world):
    _share(member)
    member.add("warning_signs", "Ik slaap slecht")
    item = db.scalar(select(PlanItem).where(PlanItem.section == "warning_signs"))
    url = _plan_url(db, world)
    _suggest(
        therapist, url, section="warning_signs", text="Ik slaap minder dan 6 uur", item=item.id
    )
    suggestion = db.scalar(select(PlanSuggestion))
    assert "Andere woorden voor:" in member.page()
    member.post(f"/plan/suggestions/{suggestion.id}", decision="accepted")
    assert _texts(db, "warning_signs") == ["Ik slaap minder dan 6 uur"]


def test_a_stale_version_keeps_the_suggestion_open(member, therapist, db, world):
    _share(member)
    _suggest(therapist, _plan_url(db, world))
    suggestion = db.scalar(select(PlanSuggestion))
    old = member.version()
    member.add("triggers", "Drukte")
    response = member.post(f"/plan/suggestions/{suggestion.id}", old, decision="accepted")
    assert response.status_code == 409
    db.rollback()
    assert db.get(PlanSuggestion, suggestion.id).decision is None
    assert _texts(db, "own_actions") == []


def test_a_suggestion_for_another_plan_is_a_404(member, app, therapist, db, world, factory):
    _share(member)
    _suggest(therapist, _plan_url(db, world))
    suggestion = db.scalar(select(PlanSuggestion))
    other = app.test_client()
    sign_in(other, "b@example.org")
    token = csrf_token(other, "/plan/")
    response = other.post(
        f"/plan/suggestions/{suggestion.id}",
        data={"csrf_token": token, "version": 1, "decision": "accepted"},
    )
    assert response.status_code == 404


def test_the_therapist_marks_it_discussed_with_a_review_in_three_months(
    member, therapist, db, world
):
    _share(member)
    url = _plan_url(db, world)
    token = csrf_token(therapist, url)
    day = date.today()
    response = therapist.post(
        url + "/review", data={"csrf_token": token, "discussed_on": day.isoformat()}
    )
    assert response.status_code == 302
    page = member.page()
    assert "Besproken met Therapeut op" in page
    assert "Nalopen voor" in page
    review = together.review_of(db, services.load_plan(db, world.member_a))
    assert review.review_on == day + together.REVIEW_AFTER
    assert review.discussed_with_id == world.therapist_a.id
    assert "heeft je plan als besproken gemarkeerd" in member.page("/account/access")


def test_the_member_sets_her_own_dates_and_bad_dates_are_explained(member, db, world):
    token = csrf_token(member.client, "/plan/")
    bad = member.client.post(
        "/plan/together/review",
        data={"csrf_token": token, "discussed_on": "2026-12-01", "review_on": "2026-11-01"},
    )
    assert bad.status_code == 422
    page = bad.get_data(as_text=True)
    assert "Kies een datum na de dag van het gesprek." in page
    assert 'value="2026-11-01"' in page  # what she typed stays
    good = member.client.post(
        "/plan/together/review",
        data={"csrf_token": token, "discussed_on": "2026-12-01", "review_on": "2027-01-15"},
    )
    assert good.status_code == 302
    assert "Nalopen voor 15 januari 2027" in member.page()


def _count(db, model) -> int:
    db.rollback()
    return db.scalar(select(func.count()).select_from(model))


def _texts(db, section) -> list[str]:
    db.rollback()
    return list(
        db.scalars(
            select(PlanItem.text)
            .where(PlanItem.section == section, PlanItem.deleted_at.is_(None))
            .order_by(PlanItem.position)
        )
    )


def test_a_suggestion_is_in_her_access_log(member, therapist, db, world):
    _share(member)
    _suggest(therapist, _plan_url(db, world))
    db.rollback()
    rows = db.execute(
        select(AuditEvent.actor_user_id, AuditEvent.subject_user_id).where(
            AuditEvent.action == "create", AuditEvent.object_type == "plan_suggestion"
        )
    ).all()
    assert rows == [(world.therapist_a.id, world.member_a.id)]
    assert "heeft een regel voor je plan voorgesteld" in member.page("/account/access")


def test_an_empty_suggestion_is_explained_next_to_its_field(member, therapist, db, world):
    _share(member)
    member.add("triggers", "Drukte")
    url = _plan_url(db, world)
    response = _suggest(therapist, url, section="triggers", text="  ")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="suggest-triggers-error"' in page and "Schrijf eerst iets." in page
    empty_day = therapist.post(
        url + "/review", data={"csrf_token": csrf_token(therapist, url), "discussed_on": ""}
    )
    assert empty_day.status_code == 422
    assert "Vul de dag in waarop jullie het plan bespraken." in empty_day.get_data(as_text=True)
    db.rollback()
    assert db.scalar(select(func.count()).select_from(PlanSuggestion)) == 0


def test_no_suggestion_for_a_section_she_does_not_use(member, therapist, db, world):
    _share(member)
    url = _plan_url(db, world)
    assert _suggest(therapist, url, section="distraction").status_code == 404  # switched off
    assert _suggest(therapist, url, section="no_such_section").status_code == 404


def test_a_new_line_taken_over_goes_into_the_phase_she_picks(member, therapist, db, world):
    """With phases on, a taken-over sign lands in orange, so it is on her crisis card."""
    member.post("/plan/settings", phases="y")
    _share(member)
    _suggest(therapist, _plan_url(db, world), section="warning_signs", text="Ik zeg alles af")
    suggestion = db.scalar(select(PlanSuggestion))
    assert f'id="suggestion-phase-{suggestion.id}"' in member.page()
    member.post(f"/plan/suggestions/{suggestion.id}", decision="accepted", phase="orange")
    db.rollback()
    line = db.scalar(select(PlanItem).where(PlanItem.section == "warning_signs"))
    assert (line.text, line.phase) == ("Ik zeg alles af", "orange")
    assert "Ik zeg alles af" in member.page("/plan/card")
