"""Professional help (#18): her contacts with a role and a phone to tap, the practice's
numbers shown from the practice and never twice, and her old free-text lines kept."""

import re

from sqlalchemy import select

from server.plan.models import PlanVersion, SupportContact
from tests.plan.test_shares import make_link


def professionals(db):
    db.rollback()
    rows = db.scalars(
        select(SupportContact)
        .where(SupportContact.kind == "professional", SupportContact.deleted_at.is_(None))
        .order_by(SupportContact.position)
    )
    return [(c.name, c.role, c.phone) for c in rows]


def add(member, name="Dokter Jansen", role="gp", phone="045-0000001", **extra):
    return member.post("/plan/professionals/new", name=name, role=role, phone=phone, **extra)


def test_a_professional_is_added_with_a_role_and_tapped_to_call(member, world, db):
    response = add(member)
    assert response.headers["Location"] == "/plan/sections/professional"
    assert professionals(db) == [("Dokter Jansen", "gp", "045-0000001")]
    page = member.page()
    section = page.split('id="professional"', 1)[1].split("</section>", 1)[0]
    assert "Dokter Jansen" in section and "(Huisarts)" in section
    assert '<a class="phone" href="tel:0450000001">045-0000001</a>' in section
    # The practice's own number, "from your practice", tapped to call, above hers.
    assert f"{world.practice.name}</strong>" in section and "van je praktijk" in section
    assert 'href="tel:0100000000"' in section
    # A professional is no support person: not in that section, nor the other way round.
    supporters = page.split('id="supporters"', 1)[1].split("</section>", 1)[0]
    assert "Dokter Jansen" not in supporters


def test_a_wrong_phone_number_is_said_next_to_the_field_and_kept(member, db):
    response = add(member, phone="bel mij maar")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    error = re.search(r'<p class="error" id="phone-error"[^>]*>([^<]+)</p>', page)
    assert error and "Dit is geen telefoonnummer" in error.group(1)
    assert 'value="bel mij maar"' in page and 'value="Dokter Jansen"' in page
    response = add(member, phone="")
    assert "Vul een telefoonnummer in." in response.get_data(as_text=True)
    assert professionals(db) == []  # nothing half-saved


def test_the_practice_number_is_not_shown_twice_when_she_has_it_herself(member, world, db):
    add(member, name="Mijn praktijk", role="therapist", phone="010 000 0000")
    section = member.page().split('id="professional"', 1)[1].split("</section>", 1)[0]
    assert section.count('href="tel:0100000000"') == 1 and "van je praktijk" not in section


def test_old_free_text_lines_stay_as_notes_with_their_number_to_tap(member, world, db):
    # Plans made before held the practice and her GP as lines of text.
    member.add("professional", "Huisarts dokter Jansen, 045-0000001")
    member.add("professional", f"{world.practice.name}, 010-0000000")
    section = member.page().split('id="professional"', 1)[1].split("</section>", 1)[0]
    assert 'Huisarts dokter Jansen, <a href="tel:0450000001"' in section
    # The practice's number is in her line already: not a second time from the practice.
    assert section.count('href="tel:0100000000"') == 1 and "van je praktijk" not in section


def test_change_move_delete_and_undo_with_the_version_check(member, db):
    add(member)
    add(member, name="Huisartsenpost", role="out_of_hours", phone="088-0000045")
    db.rollback()
    jansen, post = db.scalars(
        select(SupportContact).where(SupportContact.kind == "professional")
    ).all()
    stale = member.version()
    response = member.post(f"/plan/contacts/{post.id}/move", step="up")
    assert response.headers["Location"].startswith("/plan/sections/professional")
    assert [name for name, _, _ in professionals(db)] == ["Huisartsenpost", "Dokter Jansen"]
    # An edit from a page that was loaded before: refused, nothing overwritten.
    response = member.post(
        f"/plan/professionals/{jansen.id}/edit", stale, name="X", role="gp", phone="06-1"
    )
    assert response.status_code == 409 and ("Dokter Jansen", "gp", "045-0000001") in (
        professionals(db)
    )
    member.post(f"/plan/professionals/{jansen.id}/edit", name="Dr. Jansen", role="gp", phone="1")
    assert ("Dr. Jansen", "gp", "1") in professionals(db)
    response = member.post(f"/plan/contacts/{jansen.id}/delete")
    assert response.headers["Location"] == f"/plan/sections/professional?undo=contact-{jansen.id}"
    assert "Ongedaan maken" in member.page(response.headers["Location"])
    assert [name for name, _, _ in professionals(db)] == ["Huisartsenpost"]
    member.post(f"/plan/contacts/{jansen.id}/restore")
    assert len(professionals(db)) == 2
    # A support person's form does not open a professional, and the other way round.
    assert member.client.get(f"/plan/contacts/{jansen.id}/edit").status_code == 404


def test_an_earlier_version_holds_the_professionals_and_brings_them_back(member, db):
    add(member)
    db.rollback()
    number = db.scalar(select(PlanVersion.number).order_by(PlanVersion.number.desc()))
    jansen = db.scalar(select(SupportContact).where(SupportContact.kind == "professional"))
    member.post(f"/plan/contacts/{jansen.id}/delete")
    assert professionals(db) == []
    assert "Dokter Jansen" in member.page(f"/plan/versions/{number}")
    member.post(f"/plan/versions/{number}/restore")
    assert professionals(db) == [("Dokter Jansen", "gp", "045-0000001")]


def test_the_supporter_sees_her_professionals_with_a_number_to_tap(app, member, db):
    add(member)
    link = make_link(member, sections=("professional",))
    page = app.test_client().get(link).get_data(as_text=True)
    assert "Dokter Jansen" in page and 'href="tel:0450000001"' in page


def test_the_form_acts_once(member, db):
    token = member.client.get("/plan/professionals/new").get_data(as_text=True)
    key = re.search(r'name="form_key" value="([^"]+)"', token).group(1)
    for _ in range(2):
        add(member, form_key=key)
    assert len(professionals(db)) == 1


def test_the_plan_page_runs_as_many_statements_however_long_the_plan(member, statements):
    member.page()
    add(member)
    statements.count = 0
    member.page()
    few = statements.count
    for number in range(8):
        add(member, name=f"Hulp {number}")
        member.add("not_helpful", f"Regel {number}")
        member.post("/plan/contacts/new", name=f"Steun {number}", phone="06-12345678")
    statements.count = 0
    member.page()
    assert statements.count == few
