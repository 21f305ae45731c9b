"""At phone size (390 px) every control on a member page can be hit with a thumb: at
least 44 by 44 px (DESIGN.md, WCAG 2.5.5), measured in Chromium, and a status pill
stays on one line. Links inside a sentence are the one exception WCAG makes (2.5.8)."""

from datetime import UTC, datetime, timedelta

import pytest

from server.schedule.models import Attendance
from tests import test_route_matrix as matrix
from tests.browser.conftest import PHONE, sign_in
from tests.browser.test_accessibility import pages

pytestmark = pytest.mark.browser

a_world = matrix.a_world  # the route matrix's data: every URL names one of A's things
MIN = 44

# Each visible control that is not a link in running text, with its size.
MEASURE = """() => [...document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary')]
  .filter(el => el.offsetParent !== null || getComputedStyle(el).position === 'fixed')
  .filter(el => !(el.tagName === 'A' && el.closest('p, li.text, dd')
                  && getComputedStyle(el).display === 'inline'
                  && el.parentElement.textContent.trim() !== el.textContent.trim()))
  .map(el => {
    const box = el.getBoundingClientRect();
    // A check box is hit through its row with the label as well.
    const target = el.type === 'checkbox' || el.type === 'radio' ? el.parentElement : el;
    const hit = target.getBoundingClientRect();
    return {what: el.outerHTML.slice(0, 90), width: hit.width, height: hit.height,
            shown: box.width > 0 && box.height > 0 && box.right > 0};  // the skip link hides left
  })
  .filter(each => each.shown)"""

PILLS = """() => [...document.querySelectorAll('.badge')].map(el => ({
    text: el.textContent.trim(), lines: el.getClientRects().length,
    height: el.getBoundingClientRect().height,
    line: parseFloat(getComputedStyle(el).lineHeight) }))"""


def test_every_control_on_a_member_page_is_big_enough_to_tap(chromium, live_server, app, a_world):
    context = chromium.new_context(viewport=PHONE, locale="nl-NL")
    page = context.new_page()
    sign_in(page, live_server)
    small, checked = [], 0
    for path in pages(app, a_world)["member_a"]:
        page.goto(live_server + path)
        for control in page.evaluate(MEASURE):
            checked += 1
            if control["height"] < MIN or control["width"] < MIN:
                small.append(
                    f"{path}: {control['width']:.0f}x{control['height']:.0f} {control['what']}"
                )
        for pill in page.evaluate(PILLS):
            if pill["height"] > 1.5 * pill["line"]:
                small.append(f"{path}: the pill {pill['text']!r} wraps")
    context.close()
    assert checked > 100
    assert not small, "\n".join(small)


def test_status_pills_stay_on_one_line_on_the_rooster(chromium, live_server, factory, world, db):
    now = datetime.now(UTC)  # the live server runs on the real clock
    group, anna = world.group_a, world.member_a
    past = [factory.meeting(group, now - timedelta(days=7 * n)) for n in (1, 2, 3, 4)]
    for meeting, status in zip(past, ("present", "absent", "cancelled"), strict=False):
        db.add(
            Attendance(
                meeting_id=meeting.id, member_id=anna.id, status=status, late=True, cancelled_at=now
            )
        )
    past[3].status = "cancelled"
    factory.meeting(group, now + timedelta(days=3), change_number=1)
    factory.meeting(group, now + timedelta(days=10), status="cancelled")
    db.commit()
    context = chromium.new_context(viewport=PHONE, locale="nl-NL")
    page = context.new_page()
    sign_in(page, live_server)
    page.goto(f"{live_server}/schedule")
    pills = page.evaluate(PILLS)
    context.close()
    assert {"Je was er", "Niet aanwezig", "Gaat niet door"} <= {p["text"] for p in pills}
    wrapped = [p["text"] for p in pills if p["height"] > 1.5 * p["line"]]
    assert not wrapped


def test_every_phone_number_on_the_plan_and_the_card_is_big_enough_to_tap(
    chromium, live_server, world, db
):
    """#18: the practice's numbers, her professionals and her support people, also a number
    inside one of her lines, are tapped to call: 44 x 44 px each, in the plan and on the card."""
    from server.plan import services
    from server.plan.models import PROFESSIONAL

    now = datetime.now(UTC)
    world.practice.out_of_hours_phone = "088-0000045"
    plan = services.plan_for(db, world.member_a, now)
    services.add_item(db, plan, plan.version, "professional", "Apotheek: 045-1112233", "", now)
    services.add_contact(db, plan, plan.version, {"name": "Sam", "phone": "06-12345678"}, now)
    values = {"name": "Dokter Jansen", "role": "gp", "phone": "045-0000001"}
    services.add_contact(db, plan, plan.version, values, now, PROFESSIONAL)
    db.commit()
    context = chromium.new_context(viewport=PHONE, locale="nl-NL")
    page = context.new_page()
    sign_in(page, live_server)
    small, numbers = [], 0
    for path in ("/plan/", "/plan/print", "/plan/card"):
        page.goto(live_server + path)
        for link in page.locator('main a[href^="tel:"]').all():
            numbers += 1
            box = link.bounding_box()
            if box["height"] < MIN or box["width"] < MIN:
                small.append(f"{path}: {box['width']:.0f}x{box['height']:.0f} {link.inner_text()}")
    context.close()
    assert numbers >= 3 * 6  # 113 x2, 112, the practice x2, Jansen, Sam (+ the line)
    assert not small, "\n".join(small)
