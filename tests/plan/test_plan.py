from datetime import UTC, datetime

from sqlalchemy import func, select

from server.plan.models import Plan, PlanItem, PlanVersion, SupportContact
from tests.conftest import sign_in
from tests.plan.conftest import PlanClient


def items(db, section="warning_signs"):
    db.rollback()
    return [
        i.text
        for i in db.scalars(
            select(PlanItem)
            .where(PlanItem.section == section, PlanItem.deleted_at.is_(None))
            .order_by(PlanItem.position)
        )
    ]


def test_a_new_plan_shows_examples_not_content_and_the_crisis_numbers(member, world, db):
    page = member.page()
    assert "Nog leeg. Bijvoorbeeld:" in page and "Ik slaap slecht." in page
    assert items(db) == []
    for href in (
        'href="tel:113"',
        'href="tel:08000113"',
        'href="tel:112"',
        'href="https://www.113.nl"',
    ):
        assert href in page
    # Professional help starts with the member's own practice: shown from the practice,
    # not copied into her plan, and tapped to call.
    assert items(db, "professional") == []
    assert world.practice.name in page and 'href="tel:0100000000"' in page


def test_add_edit_reorder_delete_and_undo(member, db):
    assert member.add("warning_signs", "Ik slaap slecht").status_code == 302
    member.add("warning_signs", "Ik zeg afspraken af")
    assert items(db) == ["Ik slaap slecht", "Ik zeg afspraken af"]
    second = db.scalar(select(PlanItem).where(PlanItem.text == "Ik zeg afspraken af"))
    member.post(f"/plan/items/{second.id}/move", step="up")
    assert items(db) == ["Ik zeg afspraken af", "Ik slaap slecht"]
    member.post(f"/plan/items/{second.id}/edit", text="Ik zeg veel afspraken af")
    assert items(db)[0] == "Ik zeg veel afspraken af"
    response = member.post(f"/plan/items/{second.id}/delete")
    assert items(db) == ["Ik slaap slecht"]
    page = member.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Verwijderd." in page and "Ongedaan maken" in page
    member.post(f"/plan/items/{second.id}/restore")
    assert items(db) == ["Ik zeg veel afspraken af", "Ik slaap slecht"]


def test_phases_group_signs_and_can_be_switched_off(member, db):
    member.post("/plan/settings", phases="y")
    member.add("warning_signs", "Ik blijf in bed", phase="orange")
    member.add("warning_signs", "Ik wandel graag", phase="green")
    page = member.page()
    assert (
        page.index("Groen: het gaat goed")
        < page.index("Ik wandel graag")
        < page.index("Oranje: het gaat mis")
        < page.index("Ik blijf in bed")
    )
    member.post("/plan/settings")  # phases off: a plain list
    assert "Oranje: het gaat mis" not in member.page() and "Ik blijf in bed" in member.page()


def test_optional_sections_appear_when_switched_on(member):
    assert "Mijn omgeving veilig maken" not in member.page().split("Hoe mijn plan")[0]
    member.post("/plan/settings", safe_environment="y")
    assert "Mijn omgeving veilig maken" in member.page().split("Hoe mijn plan")[0]


def test_support_people(member, db):
    response = member.post(
        "/plan/contacts/new",
        name="Sam",
        relation="partner",
        phone="06-12345678",
        email="",
        can_do="Bel me",
    )
    assert response.status_code == 302
    page = member.page()
    assert "Sam" in page and 'href="tel:0612345678"' in page
    bad = member.post("/plan/contacts/new", name="", email="geen-adres")
    assert bad.status_code == 422
    text = bad.get_data(as_text=True)
    assert "Vul een naam in." in text and "Dit is geen e-mailadres." in text


def test_a_save_based_on_an_old_version_is_refused_and_shows_both_texts(member, db, app):
    member.add("warning_signs", "Origineel")
    item = db.scalar(select(PlanItem).where(PlanItem.text == "Origineel"))
    stale = member.version()
    other_device = PlanClient(app.test_client())
    sign_in(other_device.client, "a@example.org")
    other_device.post(f"/plan/items/{item.id}/edit", text="Van de telefoon")
    response = member.post(f"/plan/items/{item.id}/edit", version=stale, text="Van de laptop")
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "op een ander apparaat veranderd" in page
    assert "Van de telefoon" in page and "Van de laptop" in page
    assert items(db) == ["Van de telefoon"]
    added = member.post("/plan/items", stale, section="triggers", text="Nieuw")
    assert added.status_code == 409
    assert ">Nieuw</textarea>" in added.get_data(as_text=True)  # what she typed stays
    assert items(db, "triggers") == []


def test_every_save_is_a_version_that_can_be_viewed_and_restored(member, db):
    member.add("warning_signs", "Eerste")
    db.rollback()
    first = db.scalar(select(Plan)).version
    member.add("warning_signs", "Tweede")
    assert f"Versie {first}" in member.page("/plan/versions")
    old = member.page(f"/plan/versions/{first}")
    assert "Eerste" in old and "Tweede" not in old
    member.post(f"/plan/versions/{first}/restore")
    assert items(db) == ["Eerste"]
    db.rollback()
    assert db.scalar(select(PlanVersion.number).order_by(PlanVersion.number.desc())) > first


def test_hostile_text_is_inert(member):
    payload = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    member.add("triggers", payload)
    member.post("/plan/contacts/new", name=payload, can_do=payload)
    for path in ("/plan/", "/plan/print", "/plan/versions/2"):
        page = member.page(path)
        assert "<script>alert(1)</script>" not in page and "<img src=x" not in page


def test_print_view_and_pdf_with_accents_and_emoji(member):
    member.add("keeps_going", "Mijn kat 🐈 en café-bezoekjes, één keer per week")
    assert "café-bezoekjes" in member.page("/plan/print")
    response = member.client.get("/plan/plan.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    from io import BytesIO

    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(BytesIO(response.data)).pages)
    assert "café-bezoekjes" in text and "één" in text
    assert "113" in text and "112" in text
    assert "Symbola" in response.data.decode("latin-1")  # the emoji font is embedded
    assert len(PdfReader(BytesIO(response.data)).pages) == 1


def test_the_plan_is_only_the_members_own(app, world, member, db):
    member.add("warning_signs", "Alleen van Anna")
    item = db.scalar(select(PlanItem).where(PlanItem.text == "Alleen van Anna"))
    other = PlanClient(app.test_client())
    sign_in(other.client, "b@example.org")
    assert "Alleen van Anna" not in other.page()
    assert other.client.get(f"/plan/items/{item.id}/edit").status_code == 404
    assert other.post(f"/plan/items/{item.id}/delete").status_code == 404
    therapist = app.test_client()
    sign_in(therapist, "ta@example.org")
    assert therapist.get("/plan/").status_code == 404


def test_a_deleted_line_cannot_be_moved_or_edited_only_restored(member, db):
    member.add("warning_signs", "Weg")
    member.add("warning_signs", "Blijft")
    item = db.scalar(select(PlanItem).where(PlanItem.text == "Weg"))
    member.post(f"/plan/items/{item.id}/delete")
    assert member.post(f"/plan/items/{item.id}/move", step="down").status_code == 404
    assert member.client.get(f"/plan/items/{item.id}/edit").status_code == 404
    assert member.post(f"/plan/items/{item.id}/restore").status_code == 302
    assert items(db) == ["Weg", "Blijft"]


def test_the_plan_reads_as_text_and_each_section_changes_in_its_own_edit_mode(member, db):
    for text in ("Ik slaap slecht", "Ik zeg afspraken af", "Ik eet onregelmatig"):
        member.add("warning_signs", text)
    reading = member.page()
    # One form on the reading view (sharing with her therapists; how the plan looks and
    # the dates of the talk have pages of their own), none per line: a short page.
    assert reading.count("<form") == 1
    assert 'href="/plan/settings"' in reading and 'href="/plan/together/review"' in reading
    assert "/delete" not in reading and "/move" not in reading
    assert "Ik eet onregelmatig" in reading
    assert 'href="/plan/sections/warning_signs"' in reading
    # A section with lines is open, an empty one folded with its examples inside.
    assert '<details class="fold" open>' in reading
    assert "(leeg)" in reading

    editing = member.page("/plan/sections/warning_signs")
    assert editing.count('/delete"') == 3  # change, move and delete per line here
    assert editing.count('action="/plan/items"') == 1  # the add form
    assert "<title>Plan wijzigen · Kring</title>" in editing  # never her text
    assert member.client.get("/plan/sections/no_such_part").status_code == 404


def test_a_right_to_left_override_does_not_turn_other_text_around(member, db):
    member.add("warning_signs", "Ik slaap \u202eslecht en dan")
    page = member.page()
    assert "Ik slaap slecht en dan" in page
    assert all(chr(c) not in page for c in (0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066))
    # Stored as typed: the member's own text is not changed behind her back.
    assert "Ik slaap \u202eslecht en dan" in items(db)


def test_a_phone_field_takes_only_a_phone_number(member, db):
    for wrong in ("javascript:alert(9)", "bel me", "06-1234<script>", "+"):
        response = member.post("/plan/contacts/new", name="Sam", phone=wrong)
        assert response.status_code == 422
        shown = response.get_data(as_text=True)
        assert "Dit is geen telefoonnummer." in shown and 'value="Sam"' in shown  # kept
    assert db.scalar(select(func.count()).select_from(SupportContact)) == 0
    for right in ("06-12345678", "+31 6 1234 5678", "(010) 123 45 67", "112"):
        assert member.post("/plan/contacts/new", name="Sam", phone=right).status_code == 302


def test_two_first_requests_at_once_make_one_plan(db, world, monkeypatch):
    """The page and the worker keeping the plan offline may both find no plan yet: the
    second insert loses to the first and shows that plan, instead of a 500."""
    from server.plan import services

    now = datetime.now(UTC)
    first = services.plan_for(db, world.member_a, now)
    db.commit()
    real = services.load_plan
    answers = iter([None])  # the other request had not made it yet when this one looked
    monkeypatch.setattr(services, "load_plan", lambda d, m: next(answers, None) or real(d, m))
    assert services.plan_for(db, world.member_a, now).id == first.id
    db.commit()
    assert db.scalar(select(func.count()).select_from(Plan)) == 1
