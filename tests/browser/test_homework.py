"""Homework in a real browser at phone size, in Dutch: a member reads an assignment,
writes a reflection, keeps it private, shares it and stops sharing; a too-long answer
keeps what was typed; a therapist reads only what was shared, and the member sees that
it was read; a member of a group without homework never sees homework at all."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from server.homework.models import Assignment, Reflection
from tests.browser.conftest import phone_page, screenshot, sign_in

pytestmark = pytest.mark.browser

# A Thursday. Group A meets on Friday 27 November at 09:30 in Amsterdam (08:30 UTC).
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
TOMORROW_0930 = datetime(2026, 11, 27, 8, 30, tzinfo=UTC)
TOMORROW = "vrijdag 27 november"

MIN_TOUCH = 44  # px, the smallest comfortable touch target
TITLE = "Zeg een keer nee"
INSTRUCTIONS = (
    "Kies deze week een moment waarop je nee zegt tegen iets wat je eigenlijk niet wilt.\n"
    "Lees eerst de uitleg op https://example.org/uitleg en schrijf daarna op hoe het ging."
)
SHARED_TEXT = "Ik heb nee gezegd tegen een extra dienst op mijn werk."
PRIVATE_TEXT = "Dit is alleen voor mij: ik schaamde me erg tegenover mijn zus."
DIFFICULTY_LABEL = "Hoe moeilijk was het? (0 = makkelijk, 10 = heel moeilijk)"


@pytest.fixture(autouse=True)
def clock(time_machine):
    """Every test here runs at NOW, before any data is made."""
    time_machine.move_to(NOW, tick=False)
    return NOW


@pytest.fixture
def meetings(factory, world, db):
    """Group A met last week and meets again tomorrow and the week after."""
    made = [factory.meeting(world.group_a, TOMORROW_0930 + timedelta(weeks=n)) for n in (-1, 0, 1)]
    db.commit()
    return made


@pytest.fixture
def assignment(db, world, meetings):
    """Anna's assignment from her therapist, due at tomorrow's meeting."""
    made = Assignment(
        group_id=world.group_a.id,
        member_id=world.member_a.id,
        set_by_id=world.therapist_a.id,
        title=TITLE,
        instructions=INSTRUCTIONS,
        due_meeting_id=meetings[1].id,
    )
    db.add(made)
    db.commit()
    return made


def assert_touchable(locator):
    box = locator.bounding_box()
    assert box is not None and box["height"] >= MIN_TOUCH, box


def menu(page):
    return page.get_by_role("navigation", name="Hoofdmenu")


def reflection_card(page, text: str):
    """The member's (or therapist's) card of one reflection, by something written in it."""
    return (
        page.get_by_role("article")
        .filter(has=page.get_by_role("heading", name=re.compile(r"^Geschreven ")))
        .filter(has_text=text)
    )


def test_a_member_writes_a_private_reflection_then_shares_it_and_stops(
    page, live_server, world, assignment, db
):
    sign_in(page, live_server, "a@example.org")
    tab = menu(page).get_by_role("link", name="Huiswerk")
    assert_touchable(tab)
    tab.click()
    page.wait_for_url(f"{live_server}/homework/")
    expect(page.get_by_role("heading", name="Huiswerk", level=1)).to_be_visible()
    expect(tab).to_have_attribute("aria-current", "page")

    this_week = page.get_by_role("region", name="Deze week")
    row = this_week.get_by_role("listitem").filter(has_text=TITLE)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(f"voor {TOMORROW}")
    expect(row).to_contain_text("Nog niets geschreven")
    assert_touchable(row.get_by_role("link", name=TITLE))
    assert_touchable(row.get_by_role("link", name="Reflectie schrijven"))
    expect(page.get_by_role("region", name="Eerdere weken")).to_have_count(0)
    screenshot(page, "homework-member-list")

    row.get_by_role("link", name=TITLE).click()
    page.wait_for_url(f"{live_server}/homework/{assignment.id}")
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(page.get_by_text(f"voor {TOMORROW}")).to_be_visible()
    link = page.get_by_role("link", name="https://example.org/uitleg")
    expect(link).to_be_visible()
    expect(link).to_have_attribute("href", "https://example.org/uitleg")
    expect(link).to_have_attribute("rel", re.compile(r"\bnoopener\b"))
    expect(page.get_by_text("Kies deze week een moment")).to_be_visible()

    write = page.get_by_role("region", name="Hoe ging het?")
    expect(write).to_contain_text("Wat je hier schrijft is privé.")
    share_box = write.get_by_role("checkbox", name="Deel met mijn behandelaars")
    expect(share_box).not_to_be_checked()  # private unless the member chooses otherwise
    write.get_by_label("Wat heb ik geprobeerd?").fill(SHARED_TEXT)
    write.get_by_label("Wat gebeurde er?").fill("Mijn leidinggevende vond het jammer, maar ok.")
    write.get_by_label("Wat voelde ik?").fill("Eerst onrustig, daarna opgelucht.")
    write.get_by_label("Wat neem ik mee?").fill("Nee zeggen mag.")
    write.get_by_label(DIFFICULTY_LABEL).fill("7")
    save = write.get_by_role("button", name="Bewaren")
    assert_touchable(save)
    screenshot(page, "homework-member-assignment-form")

    save.click()
    page.wait_for_url(f"{live_server}/homework/{assignment.id}")
    expect(page.get_by_role("status")).to_have_text("Bewaard. Alleen jij kunt het lezen.")
    card = reflection_card(page, SHARED_TEXT)
    expect(card).to_have_count(1)
    expect(card).to_contain_text("Wat heb ik geprobeerd?")
    expect(card).to_contain_text("Eerst onrustig, daarna opgelucht.")
    expect(card).to_contain_text("Hoe moeilijk was het?")
    expect(card).to_contain_text("7 van de 10")
    # A question left empty is not shown as an empty answer.
    expect(card).not_to_contain_text("Hoe reageerden anderen?")
    expect(card.get_by_text("Alleen jij kunt dit lezen")).to_be_visible()
    # Done reads as done: the form is folded away, the next step is offered plainly,
    # and another reflection starts from an empty form.
    expect(page.get_by_text("Je schreef hierover. Is de opdracht voor jou klaar?")).to_be_visible()
    another = page.get_by_role("region", name="Nog een reflectie schrijven")
    expect(another.get_by_label("Wat heb ik geprobeerd?")).to_be_hidden()
    another.locator("summary").click()
    expect(another.get_by_label("Wat heb ik geprobeerd?")).to_have_value("")

    share = card.get_by_role("button", name="Deel met mijn behandelaars")
    assert_touchable(share)
    share.click()
    page.wait_for_url(f"{live_server}/homework/{assignment.id}")
    expect(page.get_by_role("status")).to_have_text("Gedeeld met je behandelaars.")
    expect(card.get_by_text("Gedeeld met je behandelaars")).to_be_visible()
    expect(card.get_by_text("Nog niet gelezen.")).to_be_visible()
    expect(card).not_to_contain_text("Alleen jij kunt dit lezen")
    db.expire_all()
    shared = db.query(Reflection).filter_by(assignment_id=assignment.id).one()
    assert shared.shared and shared.shared_at is not None
    screenshot(page, "homework-member-shared")

    stop = card.get_by_role("button", name="Stop met delen")
    assert_touchable(stop)
    stop.click()
    page.wait_for_url(f"{live_server}/homework/{assignment.id}")
    expect(page.get_by_role("status")).to_have_text(
        "Niet meer gedeeld. Nu kan alleen jij het lezen."
    )
    expect(card.get_by_text("Alleen jij kunt dit lezen")).to_be_visible()
    expect(card.get_by_role("button", name="Deel met mijn behandelaars")).to_be_visible()
    db.expire_all()
    assert db.query(Reflection).filter_by(assignment_id=assignment.id).one().shared is False

    page.get_by_role("link", name="← Huiswerk").click()
    page.wait_for_url(f"{live_server}/homework/")
    expect(page.get_by_role("region", name="Deze week").get_by_role("listitem")).to_contain_text(
        "1 reflectie"
    )


def test_a_too_long_answer_shows_the_error_by_its_field_and_keeps_the_text(
    chromium, live_server, world, assignment, db
):
    too_long = "a" * 10_001
    with phone_page(chromium, expected_status=422) as page:
        statuses: list[int] = []
        page.on(
            "response",
            lambda r: statuses.append(r.status) if r.request.is_navigation_request() else None,
        )
        sign_in(page, live_server, "a@example.org")
        page.goto(f"{live_server}/homework/{assignment.id}")
        write = page.get_by_role("region", name="Hoe ging het?")
        write.get_by_label("Wat heb ik geprobeerd?").fill(SHARED_TEXT)
        felt = write.get_by_label("Wat voelde ik?")
        # The browser itself stops at 10,000 characters (the field's maxlength) ...
        felt.fill(too_long)
        assert len(felt.input_value()) == 10_000
        # ... but not every client does, and then the server must refuse it kindly.
        felt.evaluate("e => e.removeAttribute('maxlength')")
        felt.fill(too_long)
        assert len(felt.input_value()) == 10_001
        write.get_by_label(DIFFICULTY_LABEL).fill("4")
        write.get_by_role("checkbox", name="Deel met mijn behandelaars").check()
        write.get_by_role("button", name="Bewaren").click()
        page.wait_for_url(f"{live_server}/homework/{assignment.id}/reflections")

        write = page.get_by_role("region", name="Hoe ging het?")
        felt = write.get_by_label("Wat voelde ik?")
        expect(felt).to_have_attribute("aria-invalid", "true")
        expect(felt).to_have_accessible_description("Gebruik niet meer dan 10000 tekens.")
        error = write.get_by_text("Gebruik niet meer dan 10000 tekens.")
        expect(error).to_have_count(1)
        expect(error).to_be_visible()
        # The error sits right under its own field, not somewhere else on the page.
        field_box, error_box = felt.bounding_box(), error.bounding_box()
        assert 0 <= error_box["y"] - (field_box["y"] + field_box["height"]) < 40
        expect(felt).to_have_value(too_long)
        expect(write.get_by_label("Wat heb ik geprobeerd?")).to_have_value(SHARED_TEXT)
        expect(write.get_by_label(DIFFICULTY_LABEL)).to_have_value("4")
        expect(write.get_by_role("checkbox", name="Deel met mijn behandelaars")).to_be_checked()
        # The other fields are not marked as wrong.
        expect(write.get_by_label("Wat heb ik geprobeerd?")).not_to_have_attribute(
            "aria-invalid", "true"
        )
        # Nothing was saved.
        expect(page.get_by_role("status")).to_have_count(0)
        expect(reflection_card(page, SHARED_TEXT)).to_have_count(0)
        db.expire_all()
        assert db.query(Reflection).filter_by(assignment_id=assignment.id).count() == 0
        assert 422 in statuses, statuses
        felt.scroll_into_view_if_needed()
        screenshot(page, "homework-member-too-long")


def test_a_therapist_reads_only_what_was_shared_and_the_member_sees_it_was_read(
    page, chromium, live_server, world, assignment, db
):
    db.add_all(
        [
            Reflection(
                assignment_id=assignment.id,
                member_id=world.member_a.id,
                tried=SHARED_TEXT,
                takeaway="Nee zeggen mag.",
                difficulty=6,
                shared=True,
                shared_at=NOW - timedelta(days=2),
                created_at=NOW - timedelta(days=2),
            ),
            Reflection(
                assignment_id=assignment.id,
                member_id=world.member_a.id,
                felt=PRIVATE_TEXT,
                difficulty=9,
                shared=False,
                created_at=NOW - timedelta(days=1),
            ),
        ]
    )
    db.commit()

    def never_private():
        expect(page.get_by_text(PRIVATE_TEXT)).to_have_count(0)
        assert PRIVATE_TEXT not in page.content()
        assert "schaamde" not in page.content()

    sign_in(page, live_server, "ta@example.org", lands_on="/therapist/")
    never_private()
    page.get_by_role("link", name="Groep A").click()
    page.wait_for_url(f"{live_server}/therapist/groups/{world.group_a.id}")
    never_private()
    page.get_by_role("link", name="Huiswerk").click()
    page.wait_for_url(f"{live_server}/therapist/groups/{world.group_a.id}/homework")
    expect(page.get_by_role("heading", name="Huiswerk", level=1)).to_be_visible()

    before = page.get_by_role("region", name=f"Voor de bijeenkomst van {TOMORROW}")
    expect(before).to_contain_text("Gedeeld sinds de vorige bijeenkomst (vrijdag 20 november):")
    anna = before.get_by_role("listitem").filter(has_text="Anna")
    # One shared; the private one is not counted, not even as a number.
    expect(anna).to_contain_text("1 gedeeld")
    given = page.get_by_role("region", name="Opdrachten")
    row = given.get_by_role("link").filter(has_text=TITLE)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Anna")
    expect(row).to_contain_text(f"voor {TOMORROW}")
    expect(row).to_contain_text("Open · 1 gedeeld")
    assert_touchable(row)
    never_private()
    screenshot(page, "homework-therapist-group")

    row.click()
    page.wait_for_url(f"{live_server}/therapist/assignments/{assignment.id}")
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(page.get_by_role("link", name="https://example.org/uitleg")).to_be_visible()
    shared = page.get_by_role("region", name="Gedeelde verslagen")
    expect(shared).to_contain_text("Je ziet alleen wat Anna koos om te delen.")
    cards = shared.get_by_role("article")
    expect(cards).to_have_count(1)
    expect(cards).to_contain_text(SHARED_TEXT)
    expect(cards).to_contain_text("Nee zeggen mag.")
    expect(cards).to_contain_text("6 van de 10")
    expect(cards).not_to_contain_text("9 van de 10")
    never_private()
    screenshot(page, "homework-therapist-assignment")

    # Anna, on her own phone, sees that her shared reflection was read; her private one
    # was not read and cannot have been.
    with phone_page(chromium) as phone:
        sign_in(phone, live_server, "a@example.org")
        phone.goto(f"{live_server}/homework/{assignment.id}")
        read = reflection_card(phone, SHARED_TEXT)
        expect(read).to_have_count(1)
        expect(read.get_by_text("Gedeeld met je behandelaars")).to_be_visible()
        expect(read.get_by_text(re.compile(r"^Gelezen door Therapeut op "))).to_be_visible()
        expect(read).not_to_contain_text("Nog niet gelezen.")
        private = reflection_card(phone, PRIVATE_TEXT)
        expect(private).to_have_count(1)
        expect(private.get_by_text("Alleen jij kunt dit lezen")).to_be_visible()
        expect(private).not_to_contain_text("Gelezen door")
        screenshot(phone, "homework-member-read")


def test_without_homework_there_is_no_tab_and_no_page(chromium, live_server, world, factory, db):
    group = factory.group(world.practice, "Groep Zonder", homework_enabled=False)
    factory.member(group, email="d@example.org", name="Dirk")
    db.commit()

    with phone_page(chromium, expected_status=404) as page:
        sign_in(page, live_server, "d@example.org")
        tabs = menu(page)
        expect(tabs.get_by_role("link", name="Home")).to_be_visible()
        expect(tabs.get_by_role("link", name="Rooster")).to_be_visible()
        expect(tabs.get_by_role("link", name="Huiswerk")).to_have_count(0)
        expect(page.get_by_role("link", name="Huiswerk")).to_have_count(0)

        for path in ("/homework/", "/homework/new"):
            response = page.goto(f"{live_server}{path}")
            assert response.status == 404, (path, response.status)
            expect(
                page.get_by_role("heading", name="Pagina niet gevonden", level=1)
            ).to_be_visible()
            expect(page.get_by_role("link", name="Huiswerk")).to_have_count(0)
        screenshot(page, "homework-off-404")
