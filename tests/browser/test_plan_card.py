"""#18 in Chromium at phone size (390x844): the plan with its new sections and numbers to
tap, the crisis card on one phone screen, the card kept for offline use, and the
bank-card PDF rendered to an image to look at."""

import shutil
import subprocess
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from server.plan import services
from server.plan.models import PROFESSIONAL
from tests.browser.conftest import ARTIFACTS, phone_page, screenshot, sign_in
from tests.browser.test_offline import controlled, wait_until_kept

pytestmark = pytest.mark.browser

MIN_TOUCH = 44
NOW = datetime.now(UTC)  # the live server runs on the real clock


@pytest.fixture
def filled_plan(world, db):
    """Anna's plan as Sanne's demo plan is: phases, the new sections, her GP."""
    world.practice.out_of_hours_phone = "088-0000045"
    plan = services.plan_for(db, world.member_a, NOW)
    services.change_settings(db, plan, plan.version, True, ["practice_does"], NOW)
    for section, phase, text in (
        ("warning_signs", "yellow", "Ik slaap slechter en lig lang wakker."),
        ("warning_signs", "orange", "Ik blijf 's ochtends in bed liggen."),
        ("others_notice", "orange", "Ik neem de telefoon niet op."),
        ("own_actions", "red", "Ik bel 113 of mijn huisarts."),
        ("others_actions", "orange", "Kom langs en ga met mij wandelen."),
        ("not_helpful", None, "Zeggen dat ik me niet zo moet aanstellen."),
        ("practice_does", "orange", "Een extra gesprek binnen een week."),
    ):
        services.add_item(db, plan, plan.version, section, text, phase, NOW)
    services.add_contact(
        db, plan, plan.version, {"name": "Sam", "relation": "partner", "phone": "06-00000001"}, NOW
    )
    services.add_contact(
        db,
        plan,
        plan.version,
        {"name": "Dokter Jansen", "role": "gp", "phone": "045-0000001"},
        NOW,
        PROFESSIONAL,
    )
    db.commit()
    return plan


def assert_tappable(links) -> int:
    count = links.count()
    for number in range(count):
        box = links.nth(number).bounding_box()
        assert box and box["height"] >= MIN_TOUCH and box["width"] >= MIN_TOUCH, box
    return count


def test_the_plan_with_new_sections_and_numbers_to_tap(page, live_server, filled_plan):
    sign_in(page, live_server)
    page.goto(f"{live_server}/plan/")
    for title in ("Wat ik merk", "Wat anderen aan mij merken", "Wat niet helpt"):
        expect(page.get_by_role("heading", name=title, exact=False).first).to_be_visible()
    help_section = page.locator("#professional")
    expect(help_section.get_by_text("van je praktijk").first).to_be_visible()
    expect(help_section.locator('a[href="tel:0450000001"]')).to_have_text("045-0000001")
    expect(help_section.locator('a[href="tel:0880000045"]')).to_be_visible()
    # Every number on the plan is a target of at least 44 x 44 px.
    assert assert_tappable(page.locator('main a[href^="tel:"]')) >= 7
    screenshot(page, "plan-card-plan")
    ARTIFACTS.mkdir(exist_ok=True)
    help_section.screenshot(path=str(ARTIFACTS / "plan-card-professional.png"))


def test_the_card_on_one_screen_and_offline(page, live_server, filled_plan):
    sign_in(page, live_server)
    controlled(page)
    page.goto(f"{live_server}/plan/")  # its "Crisiskaart" link is kept ahead
    wait_until_kept(page, "/plan/card")
    page.get_by_role("link", name="Crisiskaart").click()
    expect(page.get_by_role("heading", name="Mijn crisiskaart", level=1)).to_be_visible()
    card = page.locator(".crisis-card")
    expect(card).to_contain_text("Ik blijf 's ochtends in bed liggen.")
    expect(card).not_to_contain_text("Ik slaap slechter")  # yellow: not on the card
    expect(card).to_contain_text("Zeggen dat ik me niet zo moet aanstellen.")
    assert assert_tappable(card.locator('a[href^="tel:"]')) >= 6  # 113 (2), 112, Sam, GP, ...
    screenshot(page, "plan-card-card")

    page.context.set_offline(True)
    page.goto(f"{live_server}/plan/card")
    expect(page.get_by_role("heading", name="Mijn crisiskaart", level=1)).to_be_visible()
    expect(page.locator("[data-offline-note]")).to_be_visible()
    expect(page.locator(".crisis-card a[href='tel:113']")).to_be_visible()
    screenshot(page, "plan-card-offline")
    page.context.set_offline(False)


def test_the_pdf_card_rendered_to_look_at(page, live_server, filled_plan):
    sign_in(page, live_server)
    response = page.request.get(f"{live_server}/plan/card.pdf")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / "plan-card.pdf"
    pdf.write_bytes(response.body())
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) renders the card to look at")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "300", str(pdf), str(ARTIFACTS / "plan-card-pdf")], check=True
    )
    assert sorted(p.name for p in ARTIFACTS.glob("plan-card-pdf-*.png")) == [
        "plan-card-pdf-1.png",
        "plan-card-pdf-2.png",
    ]


def test_adding_a_professional_with_a_wrong_number_says_so_next_to_it(
    chromium, live_server, filled_plan
):
    with phone_page(chromium, expected_status=422) as page:
        sign_in(page, live_server)
        page.goto(f"{live_server}/plan/sections/professional")
        kept = page.get_by_text("Van je praktijk: je praktijk houdt dit nummer bij.")
        expect(kept.first).to_be_visible()
        page.get_by_role("link", name="Hulpverlener toevoegen").click()
        page.get_by_label("Naam").fill("Crisisdienst Parkstad")
        page.get_by_label("Wie is dit?").select_option("crisis")
        page.get_by_label("Telefoon").fill("bel de receptie")
        page.get_by_role("button", name="Bewaren").click()
        expect(page.locator("#phone-error")).to_contain_text("Dit is geen telefoonnummer")
        expect(page.get_by_label("Telefoon")).to_have_value("bel de receptie")
        screenshot(page, "plan-card-professional-form")
        page.get_by_label("Telefoon").fill("045-0000088")
        page.get_by_role("button", name="Bewaren").click()
        page.wait_for_url(f"{live_server}/plan/sections/professional")
        expect(page.get_by_text("Crisisdienst Parkstad")).to_be_visible()
        screenshot(page, "plan-card-professional-section")
