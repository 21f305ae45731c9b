"""Issue 18's whole story as one walk, on the demo data, in Chromium at phone size: Sanne
shares her plan with her therapists; Eva de Wit suggests other words for an orange sign
and marks the plan as discussed with a review date; Sanne takes the words over; Sam's
demo link (orange and red only) shows the line as changed, then not after he has seen
it; Sam's page installs as an app and reads offline; Sanne stops the link and, back
online, Sam's kept copy is gone; the crisis card PDF is bank-card size and holds the
parts Sanne chose. Screenshots: tests/artifacts/plan-walkthrough-*.png; the ones looked
at are in docs/screenshots/."""

import io
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect
from pypdf import PdfReader

from server import demo
from server.plan.demo import DEMO_SHARE_TOKEN
from tests.browser.conftest import ARTIFACTS, demo_at, phone_page, screenshot
from tests.browser.test_offline import eventually
from tests.browser.test_plan_together import sannes_membership
from tests.browser.test_supporter import assert_installable, link_caches, marks, sams_phone
from tests.browser.test_therapist_week import sign_in  # with the demo's password and key

pytestmark = pytest.mark.browser

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)  # a Tuesday
# An orange sign of Sanne's demo plan (server/plan/demo.py), and Eva's words for it.
ORANGE_SIGN = "Ik reageer niet meer op berichten."
EVAS_WORDS = "Ik reageer niet meer op berichten en zeg afspraken af."
GREEN_SIGN = "Ik slaap goed en ga twee keer per week wandelen."
NOT_HELPFUL = "Zeggen dat ik me niet zo moet aanstellen."
AGREEMENT = "Als ik twee dagen niet reageer, belt Sam de praktijk."
# The card is 85.6 x 54 mm: 242.65 x 153.07 PostScript points.
CARD_POINTS = (242.65, 153.07)


clock, demo_data = demo_at(NOW)


def shot(page, name: str, showing=None) -> None:
    """The phone's screen, scrolled to what the step is about."""
    if showing is not None:
        showing.scroll_into_view_if_needed()
    screenshot(page, f"plan-walkthrough-{name}", full_page=False)


def sanne_shares_with_her_therapists(sanne, base: str) -> None:
    sign_in(sanne, base, demo.DEMO_MEMBER)
    sanne.goto(f"{base}/plan/")
    together = sanne.locator("#together")
    expect(together).to_contain_text("Alleen jij kunt je plan nu lezen.")
    together.get_by_role("button", name="Deel met mijn behandelaars").click()
    expect(sanne.locator("#together")).to_contain_text("Je behandelaars kunnen je plan lezen.")


def eva_suggests_words_and_marks_discussed(eva, base: str, membership_id: int) -> None:
    sign_in(eva, base, demo.DEMO_THERAPIST)
    eva.goto(f"{base}/therapist/memberships/{membership_id}")
    eva.get_by_role("link", name="Signaleringsplan").click()
    expect(eva.get_by_role("heading", level=1)).to_contain_text("Plan van Sanne")
    line = eva.locator("li.plan-item", has_text=ORANGE_SIGN)
    expect(line.locator(".phase")).to_have_text("Oranje: het gaat mis")
    line.locator("summary", has_text="Andere woorden voorstellen").click()
    line.get_by_label("Je voorstel").fill(EVAS_WORDS)
    line.get_by_role("button", name="Voorstel versturen").click()
    expect(eva.get_by_text("Je voorstel wacht op Sanne")).to_be_visible()
    eva.get_by_role("button", name="Markeer als besproken").click()
    expect(eva.get_by_text("Nalopen voor 1 maart 2027")).to_be_visible()
    shot(eva, "2-eva")


def sanne_takes_the_words_over(sanne, base: str) -> None:
    sanne.goto(f"{base}/plan/")
    together = sanne.locator("#together")
    expect(together).to_contain_text("Andere woorden voor:")
    expect(together).to_contain_text(EVAS_WORDS)
    expect(together).to_contain_text("Voorstel van Eva de Wit")
    expect(together).to_contain_text("Besproken met Eva de Wit op 1 december 2026")
    expect(together).to_contain_text("Nalopen voor 1 maart 2027")
    shot(sanne, "3-suggestion", together)
    together.get_by_role("button", name="Overnemen", exact=True).click()
    expect(sanne.get_by_text("Het voorstel staat in je plan.")).to_be_visible()
    signs = sanne.locator("#warning_signs")
    expect(signs).to_contain_text(EVAS_WORDS)
    expect(signs.get_by_text(ORANGE_SIGN, exact=True)).to_have_count(0)  # replaced, not added


def sanne_chooses_her_card_and_downloads_it(sanne, base: str) -> bytes:
    """Without what does not help, with her agreements; the PDF from the card's link."""
    sanne.goto(f"{base}/plan/card")
    card = sanne.locator(".crisis-card")
    expect(card).to_contain_text(EVAS_WORDS)  # an orange sign: on the card
    expect(card).not_to_contain_text(GREEN_SIGN)
    sanne.locator("summary", has_text="Wat er op mijn kaart staat").click()
    sanne.get_by_label("Wat niet helpt").uncheck()
    sanne.get_by_label("Afspraken").check()
    sanne.get_by_role("button", name="Bewaren", exact=True).click()
    expect(sanne.get_by_text("Bewaard.")).to_be_visible()
    expect(card).to_contain_text(AGREEMENT)
    expect(card).not_to_contain_text(NOT_HELPFUL)
    shot(sanne, "7-card", card.get_by_text(EVAS_WORDS))
    with sanne.expect_download() as download:
        sanne.get_by_role("link", name="Kaart om te printen (pdf)").click()
    return download.value.path().read_bytes()


def test_the_plan_made_together_kept_up_to_date_and_carried_along(
    chromium, live_server, app, db, demo_data, clock, tmp_path
):
    base = live_server
    link = f"{base}/s/{DEMO_SHARE_TOKEN}/"
    membership_id = sannes_membership(db)
    phone, errors = sams_phone(chromium, tmp_path)
    try:
        # Sam has opened his link before: the plan as it is now is what he has seen.
        sam = phone.new_page()
        sam.goto(link)
        expect(sam.get_by_role("heading", level=1)).to_have_text("Het plan van Sanne")
        expect(sam.get_by_text(ORANGE_SIGN)).to_be_visible()
        expect(sam.get_by_text(GREEN_SIGN)).to_have_count(0)  # not his phases
        assert marks(sam) == []

        with phone_page(chromium) as sanne, phone_page(chromium) as eva:
            sanne_shares_with_her_therapists(sanne, base)
            shot(sanne, "1-shared", sanne.locator("#together"))
            eva_suggests_words_and_marks_discussed(eva, base, membership_id)
            sanne_takes_the_words_over(sanne, base)
            shot(sanne, "4-taken-over", sanne.locator("#warning_signs").get_by_text(EVAS_WORDS))

            # Sam's next visit shows the line as changed; after that it is seen.
            sam.reload()
            expect(sam.get_by_text("is er iets veranderd")).to_be_visible()
            changed = sam.locator(".plan-items li", has_text=EVAS_WORDS)
            expect(changed.locator(".badge")).to_have_text("Gewijzigd")
            assert marks(sam) == ["Gewijzigd"]
            shot(sam, "5-sam-changed", changed)
            assert_installable(phone, sam, link, base)  # a visit of its own
            expect(sam.get_by_text(EVAS_WORDS)).to_be_visible()
            assert marks(sam) == []
            expect(sam.get_by_text("is er iets veranderd")).to_have_count(0)

            # On the train: the copy kept on his phone.
            eventually(sam, "caches.keys().then(ks => ks.some(k => k.startsWith('kring-link')))")
            phone.set_offline(True)
            sam.goto(link)
            expect(sam.get_by_role("heading", level=1)).to_have_text("Het plan van Sanne")
            expect(sam.get_by_text(EVAS_WORDS)).to_be_visible()
            expect(sam.locator("[data-offline-note]")).to_contain_text("Offline — de kopie op deze")
            shot(sam, "6-sam-offline")
            phone.set_offline(False)

            pdf = sanne_chooses_her_card_and_downloads_it(sanne, base)

            # Sanne stops Sam's link. Back online, his phone forgets the kept copy.
            sanne.goto(f"{base}/plan/shares")
            shares = sanne.locator("main")
            expect(shares).to_contain_text("Sam (partner)")
            # His visits counted: the first, the changed line, the install (offline: none).
            expect(shares).to_contain_text("3 keer geopend")
            sanne.get_by_role("button", name="Stop deze link").click()
            expect(sanne.get_by_text("Gestopt", exact=True)).to_be_visible()
            shot(sanne, "8-stopped", sanne.get_by_text("Gestopt", exact=True))
        sam.goto(link)
        expect(sam.get_by_role("heading", level=1)).to_have_text("Deze link werkt niet (meer)")
        eventually(sam, "navigator.serviceWorker.getRegistrations().then(r => r.length === 0)")
        assert link_caches(sam) == []
        shot(sam, "9-sam-gone")
        phone.set_offline(True)
        with pytest.raises(PlaywrightError):
            sam.goto(link)  # nothing on his phone answers for the link any more
        phone.set_offline(False)
    finally:
        phone.close()
    assert errors == [], errors

    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "plan-walkthrough-card.pdf").write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        box = page.mediabox
        assert (round(float(box.width), 2), round(float(box.height), 2)) == CARD_POINTS
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for chosen in ("113", EVAS_WORDS, AGREEMENT, "06-00000001"):
        assert chosen in text, chosen
    assert "aanstellen" not in text  # what does not help: left off by her choice
