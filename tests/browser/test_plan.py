"""The relapse-prevention plan in a real browser at phone size, in Dutch: a member fills
her plan (examples that are not content, the crisis numbers, adding, moving, deleting
and undoing, phases, a support person); two devices never silently overwrite each
other; a supporter link shows only what she chose and stops working when she stops it;
the print view and the PDF."""

import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from server.plan import services
from server.plan.models import PlanItem, PlanShare, PlanVersion, ShareView
from tests.browser.conftest import phone_page, screenshot, sign_in

pytestmark = pytest.mark.browser

MIN_TOUCH = 44  # px, the smallest comfortable touch target
SIGNS_TITLE = "Wat ik merk"
SUPPORT_TITLE = "Mijn steunpersonen"
TRIGGERS_TITLE = "Wat mij uit balans brengt"
CRISIS_TITLE = "In een crisis: bel meteen"
PHASES_LABEL = "Zet mijn signalen en acties in fases (groen, geel, oranje, rood)"
ORANGE = "Oranje: het gaat mis"
CRISIS_LINKS = (("113", "tel:113"), ("0800-0113", "tel:08000113"), ("112", "tel:112"))

FIRST_SIGN = "Ik slaap maar vier uur per nacht."
SECOND_SIGN = "Ik zeg afspraken met vrienden af."
ORANGE_SIGN = "Ik blijf de hele ochtend in bed."
TRIGGER = "Ruzie met mijn moeder over geld."


def assert_touchable(locator):
    box = locator.bounding_box()
    assert box is not None and box["height"] >= MIN_TOUCH, box


def menu(page):
    return page.get_by_role("navigation", name="Hoofdmenu")


def region(page, title: str):
    return page.get_by_role("region", name=title, exact=True)


def lines(section):
    """The member's own lines in a section (the examples are not list items of it)."""
    return section.locator("li.plan-item, li.plan-line, li.contact")


def edit(page, live_server, title: str, key: str):
    """From the reading view into one section's edit mode (an empty section is folded)."""
    section = region(page, title)
    if section.locator("details[open]").count() == 0:
        section.locator("summary").click()
    section.get_by_role("link", name=f"Wijzigen of toevoegen: {title}").click()
    page.wait_for_url(f"{live_server}/plan/sections/{key}")
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    return page.locator("main")


def done(page, live_server, key: str):
    button = page.get_by_role("link", name="Klaar met wijzigen", exact=True)
    assert_touchable(button)
    button.click()
    page.wait_for_url(f"{live_server}/plan/#{key}")


def add_line(section, text: str, phase: str | None = None):
    box = section.get_by_label(re.compile(r'^Nieuwe regel bij "'))
    box.fill(text)
    if phase:
        section.get_by_label("Fase", exact=True).select_option(label=phase)
    button = section.get_by_role("button", name="Toevoegen", exact=True)
    assert_touchable(button)
    button.click()
    expect(lines(section).filter(has_text=text)).to_have_count(1)


def assert_crisis_numbers(page):
    crisis = region(page, CRISIS_TITLE)
    expect(crisis).to_be_visible()
    for number, href in CRISIS_LINKS:
        link = crisis.get_by_role("link", name=re.compile(rf"^{re.escape(number)} "))
        expect(link).to_have_count(1)
        expect(link).to_be_visible()
        expect(link).to_have_attribute("href", href)
        assert_touchable(link)


def alive(db, plan_id: int, section: str) -> list[PlanItem]:
    return list(
        db.scalars(
            select(PlanItem)
            .where(
                PlanItem.plan_id == plan_id,
                PlanItem.section == section,
                PlanItem.deleted_at.is_(None),
            )
            .order_by(PlanItem.position)
        )
    )


def a_plan(db, member, signs=(), triggers=(), contacts=()):
    """Anna's plan made through the same services the app uses."""
    now = datetime.now(UTC)
    plan = services.plan_for(db, member, now)
    made = []
    for text in signs:
        made.append(services.add_item(db, plan, plan.version, "warning_signs", text, None, now))
    for text in triggers:
        services.add_item(db, plan, plan.version, "triggers", text, None, now)
    for values in contacts:
        services.add_contact(db, plan, plan.version, values, now)
    db.commit()
    return plan, made


def test_a_member_fills_her_plan_on_her_phone(page, live_server, world, db):
    sign_in(page, live_server)
    tab = menu(page).get_by_role("link", name="Plan")
    assert_touchable(tab)
    tab.click()
    page.wait_for_url(f"{live_server}/plan/")
    expect(page.get_by_role("heading", name="Mijn plan", level=1)).to_be_visible()
    expect(tab).to_have_attribute("aria-current", "page")

    # An empty section is folded; its examples are guidance, not her lines.
    signs = region(page, SIGNS_TITLE)
    expect(signs.locator("summary")).to_contain_text("(leeg)")
    expect(signs.get_by_text("Ik slaap slecht.")).to_be_hidden()
    signs.locator("summary").click()
    expect(signs.get_by_text("Nog leeg. Bijvoorbeeld:")).to_be_visible()
    expect(signs.get_by_text("Ik slaap slecht.")).to_be_visible()
    expect(lines(signs)).to_have_count(0)
    support = region(page, SUPPORT_TITLE)
    db.rollback()
    plan = services.load_plan(db, world.member_a)
    assert plan is not None
    assert alive(db, plan.id, "warning_signs") == []
    assert plan.contacts == []

    assert_crisis_numbers(page)

    # The reading view has no controls per line: changing is a mode of its own.
    opener = signs.get_by_role("link", name=f"Wijzigen of toevoegen: {SIGNS_TITLE}")
    assert_touchable(opener)
    editing = edit(page, live_server, SIGNS_TITLE, "warning_signs")
    expect(editing.get_by_text("Nog leeg. Bijvoorbeeld:")).to_be_visible()

    # Two signs; the second moves up.
    add_line(editing, FIRST_SIGN)
    expect(editing.get_by_text("Nog leeg. Bijvoorbeeld:")).to_have_count(0)
    add_line(editing, SECOND_SIGN)
    expect(lines(editing)).to_contain_text([FIRST_SIGN, SECOND_SIGN])
    expect(editing.get_by_role("button", name=f"Omhoog: {FIRST_SIGN}")).to_have_count(0)
    up = editing.get_by_role("button", name=f"Omhoog: {SECOND_SIGN}")
    assert_touchable(up)
    up.click()
    expect(lines(editing)).to_contain_text([SECOND_SIGN, FIRST_SIGN])
    db.rollback()
    assert [i.text for i in alive(db, plan.id, "warning_signs")] == [SECOND_SIGN, FIRST_SIGN]

    # Delete one, then undo it.
    delete = editing.get_by_role("button", name=f"Verwijder: {FIRST_SIGN}")
    assert_touchable(delete)
    delete.click()
    expect(lines(editing)).to_have_count(1)
    expect(lines(editing)).to_contain_text([SECOND_SIGN])
    deleted = page.get_by_role("status").filter(has_text="Verwijderd.")
    expect(deleted).to_contain_text(FIRST_SIGN)
    undo = deleted.get_by_role("button", name="Ongedaan maken")
    assert_touchable(undo)
    undo.click()
    expect(lines(editing)).to_contain_text([SECOND_SIGN, FIRST_SIGN])
    expect(page.get_by_role("status").filter(has_text="Verwijderd.")).to_have_count(0)
    db.rollback()
    assert [i.text for i in alive(db, plan.id, "warning_signs")] == [SECOND_SIGN, FIRST_SIGN]

    # Back in the reading view the section is open and shows her lines as text.
    done(page, live_server, "warning_signs")
    signs = region(page, SIGNS_TITLE)
    expect(lines(signs)).to_contain_text([SECOND_SIGN, FIRST_SIGN])
    expect(signs.get_by_role("button")).to_have_count(0)

    # Phases on; a sign in orange appears under the orange heading.
    # "How my plan looks" is a page of its own, linked from the plan.
    page.get_by_role("link", name="Kies hoe je plan eruitziet").click()
    phases = page.get_by_label(PHASES_LABEL)
    expect(phases).not_to_be_checked()
    phases.check()
    page.get_by_role("button", name="Bewaren").click()
    expect(page.get_by_role("status").filter(has_text="Bewaard.")).to_be_visible()
    # What she wrote before phases is kept, under "no phase yet".
    unphased = signs.get_by_role("heading", name="Nog geen fase", level=3)
    expect(lines(unphased.locator("xpath=following-sibling::*[1]"))).to_contain_text(
        [SECOND_SIGN, FIRST_SIGN]
    )

    editing = edit(page, live_server, SIGNS_TITLE, "warning_signs")
    add_line(editing, ORANGE_SIGN, phase=ORANGE)
    done(page, live_server, "warning_signs")
    orange = signs.get_by_role("heading", name=ORANGE, level=3)
    under_orange = orange.locator("xpath=following-sibling::*[1]")
    expect(under_orange).to_contain_text(ORANGE_SIGN)
    expect(under_orange).not_to_contain_text(FIRST_SIGN)
    expect(unphased.locator("xpath=following-sibling::*[1]")).not_to_contain_text(ORANGE_SIGN)
    db.rollback()
    assert {i.text: i.phase for i in alive(db, plan.id, "warning_signs")} == {
        SECOND_SIGN: None,
        FIRST_SIGN: None,
        ORANGE_SIGN: "orange",
    }

    # A support person.
    edit(page, live_server, SUPPORT_TITLE, "supporters")
    add_person = page.get_by_role("link", name="Voeg een steunpersoon toe")
    assert_touchable(add_person)
    add_person.click()
    page.wait_for_url(f"{live_server}/plan/contacts/new")
    expect(page.get_by_role("heading", name="Voeg een steunpersoon toe", level=1)).to_be_visible()
    page.get_by_label("Naam", exact=True).fill("Sam")
    page.get_by_label("Wie is dit voor jou?").fill("partner")
    page.get_by_label("Telefoon (mag leeg)").fill("06-12345678")
    page.get_by_label("Wat jij voor mij kunt doen").fill("Vraag hoe het echt met me gaat.")
    page.get_by_role("button", name="Bewaren").click()
    page.wait_for_url(f"{live_server}/plan/sections/supporters")
    done(page, live_server, "supporters")
    support = region(page, SUPPORT_TITLE)
    person = lines(support)
    expect(person).to_have_count(1)
    expect(person).to_contain_text("Sam (partner)")
    expect(person).to_contain_text("Vraag hoe het echt met me gaat.")
    phone = person.get_by_role("link", name="06-12345678")
    expect(phone).to_have_attribute("href", "tel:0612345678")
    assert_touchable(phone)
    expect(support.get_by_text("Nog leeg. Bijvoorbeeld:")).to_have_count(0)
    db.rollback()
    (contact,) = services.load_plan(db, world.member_a).contacts
    assert (contact.name, contact.relation, contact.phone) == ("Sam", "partner", "06-12345678")
    assert contact.can_do == "Vraag hoe het echt met me gaat."

    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "plan-member")


def test_two_devices_never_overwrite_each_other(page, chromium, live_server, world, db):
    original = "Ik lig lang wakker."
    from_phone = "Ik lig lang wakker en pieker veel."
    from_tablet = "Ik slaap slecht en eet niet meer."
    plan, (item,) = a_plan(db, world.member_a, signs=[original])
    edit_url = f"{live_server}/plan/items/{item.id}/edit"

    with phone_page(chromium, expected_status=409) as tablet:
        # The tablet opens the line first, and then she puts it down for a while.
        sign_in(tablet, live_server)
        tablet.goto(f"{live_server}/plan/sections/warning_signs")
        tablet.get_by_role("link", name=f"Wijzig: {original}").click()
        tablet.wait_for_url(edit_url)
        expect(tablet.get_by_label("Tekst", exact=True)).to_have_value(original)

        # Meanwhile her phone changes the same line.
        sign_in(page, live_server)
        page.goto(f"{live_server}/plan/sections/warning_signs")
        page.get_by_role("link", name=f"Wijzig: {original}").click()
        page.wait_for_url(edit_url)
        page.get_by_label("Tekst", exact=True).fill(from_phone)
        page.get_by_role("button", name="Bewaren").click()
        page.wait_for_url(f"{live_server}/plan/sections/warning_signs")
        expect(lines(page.locator("main"))).to_contain_text([from_phone])

        # The tablet saves its own change from the page loaded before.
        tablet.get_by_label("Tekst", exact=True).fill(from_tablet)
        with tablet.expect_response(
            lambda r: r.request.method == "POST" and r.url == edit_url
        ) as answer:
            tablet.get_by_role("button", name="Bewaren").click()
        assert answer.value.status == 409
        alert = tablet.get_by_role("alert")
        expect(alert).to_contain_text("Deze regel is intussen op een ander apparaat veranderd.")
        expect(alert).to_contain_text("Nu in je plan:")
        expect(alert.locator("blockquote")).to_have_text(from_phone)
        expect(alert).not_to_contain_text(from_tablet)
        # What she typed on the tablet is not lost.
        expect(tablet.get_by_label("Tekst", exact=True)).to_have_value(from_tablet)

        # Nothing was overwritten: the phone's text stands, the tablet's was never saved.
        db.rollback()
        saved = db.get(PlanItem, item.id)
        assert saved.text == from_phone
        assert saved.deleted_at is None
        snapshots = db.scalars(select(PlanVersion).where(PlanVersion.plan_id == plan.id)).all()
        assert snapshots and all(from_tablet not in str(v.snapshot) for v in snapshots)
        screenshot(tablet, "plan-two-devices-conflict")

        # Saving again, now knowingly, replaces the phone's text as the page says it will:
        # so the form must now carry the version she has just been shown.
        expect(tablet.locator("input[name=version]")).to_have_value(str(saved.plan.version))
        tablet.get_by_role("button", name="Bewaren").click()
        tablet.wait_for_url(f"{live_server}/plan/sections/warning_signs")
        expect(lines(tablet.locator("main"))).to_contain_text([from_tablet])
        db.rollback()
        assert db.get(PlanItem, item.id).text == from_tablet


def test_a_supporter_link_shows_only_what_she_chose_until_she_stops_it(
    app, page, chromium, live_server, world, db
):
    # The links she sends point at this server (in tests BASE_URL is http://localhost).
    app.config["BASE_URL"] = live_server
    plan, _ = a_plan(
        db,
        world.member_a,
        signs=[FIRST_SIGN],
        triggers=[TRIGGER],
        contacts=[{"name": "Sam", "relation": "partner", "phone": "06-12345678"}],
    )

    sign_in(page, live_server)
    page.goto(f"{live_server}/plan/")
    page.get_by_role("link", name="Deel met een steunpersoon").click()
    page.wait_for_url(f"{live_server}/plan/shares")
    expect(page.get_by_role("heading", name="Deel met een steunpersoon", level=1)).to_be_visible()
    new = region(page, "Maak een nieuwe link")
    new.get_by_label("Voor wie is de link?").fill("Sam (partner)")
    new.get_by_role("checkbox", name=SIGNS_TITLE, exact=True).check()
    new.get_by_role("checkbox", name=SUPPORT_TITLE, exact=True).check()
    expect(new.get_by_role("checkbox", name=TRIGGERS_TITLE, exact=True)).not_to_be_checked()
    new.get_by_role("radio", name="1 week", exact=True).check()
    make = new.get_by_role("button", name="Maak de link")
    assert_touchable(make)
    make.click()

    made = region(page, "De link voor Sam (partner)")
    expect(made).to_be_visible()
    field = made.get_by_label("Kopieer de link en stuur hem zelf. Je ziet hem alleen nu.")
    expect(field).to_have_value(re.compile(rf"^{re.escape(live_server)}/s/[\w-]{{20,}}/$"))
    link = field.input_value()
    qr = made.get_by_role("img", name="QR-code van de link voor Sam (partner)")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    yours = region(page, "Je links").get_by_role("listitem").filter(has_text="Sam (partner)")
    expect(yours).to_have_count(1)
    expect(yours).to_contain_text("Actief")
    expect(yours).to_contain_text(f"{SIGNS_TITLE}, {SUPPORT_TITLE}")
    expect(yours).to_contain_text("Nog niet geopend.")
    screenshot(page, "plan-shares-new-link")

    with phone_page(chromium, expected_status=410) as supporter:
        referers: list[str | None] = []
        supporter.on(
            "request",
            lambda r: (
                referers.append(r.headers.get("referer"))
                if r.resource_type == "stylesheet"
                else None
            ),
        )
        response = supporter.goto(link)
        assert response.status == 200
        assert response.headers.get("referrer-policy") == "no-referrer"
        assert "noindex" in response.headers.get("x-robots-tag", "")
        expect(supporter.get_by_role("heading", name="Het plan van Anna", level=1)).to_be_visible()
        expect(region(supporter, SIGNS_TITLE)).to_contain_text(FIRST_SIGN)
        expect(region(supporter, SUPPORT_TITLE)).to_contain_text("Sam (partner)")
        assert_crisis_numbers(supporter)
        expect(menu(supporter)).to_have_count(0)
        expect(supporter.get_by_role("button")).to_have_count(0)
        html = supporter.content()
        for absent in (TRIGGER, TRIGGERS_TITLE, "Professionele hulp", "010-0000000"):
            assert absent not in html, absent
        # The page's own stylesheet is fetched without the secret link as Referer.
        assert referers and not any(referers), referers
        screenshot(supporter, "plan-supporter")

        # She sees it was opened, and stops the link.
        page.goto(f"{live_server}/plan/shares")
        yours = region(page, "Je links").get_by_role("listitem").filter(has_text="Sam (partner)")
        expect(yours).to_contain_text("1 keer geopend")
        stop = yours.get_by_role("button", name="Stop deze link")
        assert_touchable(stop)
        stop.click()
        page.wait_for_url(f"{live_server}/plan/shares")
        expect(page.get_by_role("status")).to_contain_text(
            "De link voor Sam (partner) werkt niet meer."
        )
        expect(yours).to_contain_text("Gestopt")
        expect(yours.get_by_role("button", name="Stop deze link")).to_have_count(0)
        screenshot(page, "plan-shares-stopped")

        response = supporter.reload()
        assert response.status == 410
        assert response.headers.get("referrer-policy") == "no-referrer"
        assert "noindex" in response.headers.get("x-robots-tag", "")
        expect(
            supporter.get_by_role("heading", name="Deze link werkt niet (meer)", level=1)
        ).to_be_visible()
        assert_crisis_numbers(supporter)
        html = supporter.content()
        for absent in (FIRST_SIGN, TRIGGER, "06-12345678", "Anna", SIGNS_TITLE, SUPPORT_TITLE):
            assert absent not in html, absent
        screenshot(supporter, "plan-supporter-stopped")

    db.rollback()
    share = db.scalars(select(PlanShare).where(PlanShare.plan_id == plan.id)).one()
    assert share.sections == ["warning_signs", "supporters"]
    assert share.revoked_at is not None
    assert share.expires_at is not None
    assert 6 <= (share.expires_at - share.created_at).days <= 7
    views = db.scalars(select(ShareView).where(ShareView.share_id == share.id)).all()
    assert len(views) == 1  # the refused opening is not counted as a view


def test_the_print_view_and_the_pdf(page, live_server, world, db):
    a_plan(
        db,
        world.member_a,
        signs=[FIRST_SIGN, SECOND_SIGN],
        triggers=[TRIGGER],
        contacts=[{"name": "Sam", "relation": "partner", "phone": "06-12345678"}],
    )
    sign_in(page, live_server)
    page.goto(f"{live_server}/plan/")
    page.get_by_role("link", name="Afdrukken").click()
    page.wait_for_url(f"{live_server}/plan/print")
    expect(page.get_by_role("heading", name="Mijn plan — Anna", level=1)).to_be_visible()
    expect(menu(page)).to_have_count(0)
    expect(page.get_by_role("link", name="Plan", exact=True)).to_have_count(0)
    expect(region(page, SIGNS_TITLE)).to_contain_text(FIRST_SIGN)
    expect(region(page, SIGNS_TITLE)).to_contain_text(SECOND_SIGN)
    expect(region(page, TRIGGERS_TITLE)).to_contain_text(TRIGGER)
    expect(region(page, SUPPORT_TITLE)).to_contain_text("Sam (partner)")
    assert_crisis_numbers(page)
    # No edit controls on paper, and empty sections are left out.
    expect(page.get_by_role("button")).to_have_count(0)
    expect(page.get_by_text("Nog leeg. Bijvoorbeeld:")).to_have_count(0)
    screenshot(page, "plan-print")

    response = page.request.get(f"{live_server}/plan/plan.pdf")
    assert response.status == 200
    assert response.headers["content-type"].startswith("application/pdf")
    assert response.headers.get("content-disposition", "").startswith("attachment")
    assert response.body().startswith(b"%PDF-")

    with page.expect_download() as download:
        page.get_by_role("link", name="PDF").click()
    assert download.value.suggested_filename == "mijn-plan.pdf"
