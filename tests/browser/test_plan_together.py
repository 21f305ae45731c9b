"""The plan made together, with the demo data in Chromium at phone size ("Done when" of
issue 18, the therapist's part): Sanne shares her plan with her therapists; Eva de Wit
opens it, suggests a line and marks it discussed with a review date; Sanne takes the
suggestion over, and her plan shows the line and "Besproken met ... op". Screenshots go
to tests/artifacts/plan-together-*.png; docs/screenshots/ holds the copies looked at."""

from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from server import demo
from server.auth.models import User
from server.groups.models import GroupTherapist, Membership
from tests.browser.conftest import demo_at, phone_page, screenshot
from tests.browser.test_therapist_week import sign_in  # with the demo's password and key

pytestmark = pytest.mark.browser

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)  # a Tuesday
SUGGESTION = "Ik zet elke avond om 22:00 mijn telefoon weg."


clock, demo_data = demo_at(NOW)


def sannes_membership(db) -> int:
    """Sanne's membership in a group Eva leads (the page Eva reaches from her group)."""
    sanne = db.scalar(select(User).where(User.email == demo.DEMO_MEMBER))
    eva = db.scalar(select(User).where(User.email == demo.DEMO_THERAPIST))
    return db.scalar(
        select(Membership.id)
        .join(GroupTherapist, GroupTherapist.group_id == Membership.group_id)
        .where(Membership.member_id == sanne.id, GroupTherapist.therapist_id == eva.id)
        .limit(1)
    )


def test_sanne_and_eva_make_the_plan_together(chromium, live_server, app, db, demo_data, clock):
    base = live_server
    membership_id = sannes_membership(db)
    with phone_page(chromium) as sanne, phone_page(chromium) as eva:
        sign_in(sanne, base, demo.DEMO_MEMBER)
        sanne.goto(f"{base}/plan/")
        together = sanne.locator("#together")
        expect(together).to_contain_text("Alleen jij kunt je plan nu lezen.")
        together.scroll_into_view_if_needed()
        screenshot(sanne, "plan-together-1-not-shared")
        together.get_by_role("button", name="Deel met mijn behandelaars").click()
        expect(sanne.locator("#together")).to_contain_text("Je behandelaars kunnen je plan lezen.")

        sign_in(eva, base, demo.DEMO_THERAPIST)
        eva.goto(f"{base}/therapist/memberships/{membership_id}")
        eva.get_by_role("link", name="Signaleringsplan").click()
        expect(eva.get_by_role("heading", level=1)).to_contain_text("Plan van Sanne")
        own = eva.locator("section", has=eva.get_by_role("heading", name="Wat ik zelf doe"))
        own.locator("summary", has_text="Regel voorstellen").click()
        own.get_by_label("Je voorstel").last.fill(SUGGESTION)
        own.get_by_role("button", name="Voorstel versturen").last.click()
        expect(eva.get_by_text("Je voorstel wacht op Sanne")).to_be_visible()
        eva.get_by_role("button", name="Markeer als besproken").click()
        expect(eva.get_by_text("Nalopen voor 1 maart 2027")).to_be_visible()
        screenshot(eva, "plan-together-2-therapist")

        sanne.goto(f"{base}/plan/")
        together = sanne.locator("#together")
        expect(together).to_contain_text(SUGGESTION)
        expect(together).to_contain_text("Voorstel van Eva de Wit")
        expect(together).to_contain_text("Besproken met Eva de Wit op 1 december 2026")
        expect(together).to_contain_text("Nalopen voor 1 maart 2027")
        together.scroll_into_view_if_needed()
        screenshot(sanne, "plan-together-3-suggestion")
        together.get_by_role("button", name="Overnemen", exact=True).click()
        expect(sanne.get_by_text("Het voorstel staat in je plan.")).to_be_visible()
        expect(sanne.locator("#own_actions")).to_contain_text(SUGGESTION)
        expect(sanne.locator("#together")).not_to_contain_text(SUGGESTION)
        screenshot(sanne, "plan-together-4-taken-over")

        sanne.goto(f"{base}/account/access")
        expect(sanne.locator("main")).to_contain_text("Eva de Wit")
        expect(sanne.locator("main")).to_contain_text("opende je plan")
        screenshot(sanne, "plan-together-5-access-log")
