import re
from datetime import timedelta

from sqlalchemy import func, select

from server.audit import AuditEvent
from server.plan.models import PlanShare, ShareView
from tests.conftest import csrf_token

ALL_PHASES = ("green", "yellow", "orange", "red")


def make_link(
    member,
    sections=("warning_signs", "supporters"),
    expiry="week",
    name="Sam",
    phases=ALL_PHASES,
    email=None,
):
    token = csrf_token(member.client, "/plan/shares")
    data = {
        "csrf_token": token,
        "supporter": name,
        "sections": list(sections),
        "phases": list(phases),
        "expiry": expiry,
    }
    if email:
        data.update(notify="y", notify_email=email)
    response = member.client.post("/plan/shares", data=data)
    # Post/redirect/get: the link shows on the page the redirect opens, once.
    assert response.status_code == 302
    page = member.client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'src="data:image/svg+xml' in page  # the QR code
    return re.search(r'value="http://localhost(/s/[^"]+)"', page).group(1)


def test_the_supporter_sees_exactly_the_chosen_sections(app, member, db):
    member.add("warning_signs", "SIGNAAL")
    member.add("triggers", "UITLOKKER")
    member.post("/plan/contacts/new", name="Sam", can_do="STEUN")
    link = make_link(member)
    response = app.test_client().get(link)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Het plan van Anna" in page
    assert "SIGNAAL" in page and "STEUN" in page
    assert "UITLOKKER" not in page and "Wat mij uit balans brengt" not in page
    assert 'href="tel:113"' in page and 'href="tel:112"' in page
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "noindex" in response.headers["X-Robots-Tag"]
    assert response.headers["Cache-Control"] == "private, no-store"


def test_no_token_in_plain_text_and_at_least_128_bits(member, db):
    link = make_link(member)
    token = link.removeprefix("/s/").removesuffix("/")
    assert len(token) >= 22  # 128 bits in URL-safe base64
    db.rollback()
    stored = db.scalar(select(PlanShare))
    assert token not in stored.token_hash and len(stored.token_hash) == 64


def test_each_opening_is_logged_and_shown_to_the_member(app, member, world, db):
    link = make_link(member)
    app.test_client().get(link)
    app.test_client().get(link)
    db.rollback()
    assert db.scalar(select(func.count()).select_from(ShareView)) == 2
    events = db.scalars(select(AuditEvent).where(AuditEvent.actor_share_id.is_not(None))).all()
    assert len(events) == 2 and {e.subject_user_id for e in events} == {world.member_a.id}
    assert "2 keer geopend" in member.page("/plan/shares")


def test_revoked_and_expired_links_show_a_kind_page_without_plan_data(
    app, member, db, time_machine
):
    member.add("warning_signs", "SIGNAAL")
    link = make_link(member)
    share = db.scalar(select(PlanShare))
    member.post(f"/plan/shares/{share.id}/revoke")
    gone = app.test_client().get(link)
    assert gone.status_code == 410
    assert "SIGNAAL" not in gone.get_data(as_text=True)
    assert "werkt niet (meer)" in gone.get_data(as_text=True)
    week = make_link(member, expiry="week")
    time_machine.move_to(db.scalar(select(func.max(PlanShare.created_at))) + timedelta(days=8))
    assert app.test_client().get(week).status_code == 410


def test_a_forged_link_is_404_and_guessing_is_throttled(app, member):
    guesser = app.test_client()
    statuses = [guesser.get(f"/s/{'A' * 40}{n}/").status_code for n in range(31)]
    assert statuses[:30] == [404] * 30
    assert statuses[30] == 429


def test_share_needs_a_name_and_a_section(member, db):
    token = csrf_token(member.client, "/plan/shares")
    response = member.client.post(
        "/plan/shares", data={"csrf_token": token, "supporter": "", "expiry": "week"}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Vul een naam in." in page and "Kies minstens één deel." in page
    db.rollback()
    assert db.scalar(select(func.count()).select_from(PlanShare)) == 0


def test_another_member_cannot_revoke(app, member, db):
    from tests.conftest import sign_in
    from tests.plan.conftest import PlanClient

    make_link(member)
    share = db.scalar(select(PlanShare))
    other = PlanClient(app.test_client())
    sign_in(other.client, "b@example.org")
    assert other.post(f"/plan/shares/{share.id}/revoke").status_code == 404
