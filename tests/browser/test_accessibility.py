"""axe-core in Chromium over every page a member, a therapist and a visitor can open,
light and dark (WCAG 2.2 AA). The pages come from the URL map and the route matrix's
expectations, so a new page is checked without anyone adding it here."""

from collections import Counter

import pytest
from axe_playwright_python.base import AXE_SCRIPT

from tests import test_route_matrix as matrix
from tests.browser.conftest import PHONE, sign_in
from tests.test_route_matrix import EXPECTED, ROLES, TOTP_SECRET, _key, _url

a_world = matrix.a_world  # the route matrix's data: every URL names one of A's things

pytestmark = pytest.mark.browser

# Downloads and feeds are not pages.
NOT_PAGES = {
    "static",
    "healthz",
    "schedule.meeting_ics",
    "schedule.feed_ics",
    "plan.pdf",
    "plan.card_download",
    "account.export_json",
    "account.export_html",
    "offline.manifest",
    "offline.service_worker",
    "offline.token",
    "supporter.manifest",
    "supporter.service_worker",
    "practice.access_log_csv",
}
CHECKED_ROLES = {
    "anonymous": None,
    "member_a": "a@example.org",
    "therapist_a": "ta@example.org",
    "admin_a": "ad@example.org",  # the practice admin's pages
}
SCHEMES = ("light", "dark")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def pages(app, world) -> dict[str, list[str]]:
    rules = [
        r for r in app.url_map.iter_rules() if "GET" in r.methods and r.endpoint not in NOT_PAGES
    ]
    per_endpoint = Counter(r.endpoint for r in rules)
    found: dict[str, list[str]] = {role: [] for role in CHECKED_ROLES}
    for rule in rules:
        for role, answer in zip(ROLES, EXPECTED[_key(rule, per_endpoint)]["GET"], strict=True):
            if role in found and answer == "ok":
                found[role].append(_url(rule, world))
    return found


# Measured: the Python side of Playwright spent most of this test checking and decoding
# axe's full answer (every node that passed, too). Only the violations come back, as
# the few fields the message below uses.
VIOLATIONS = """options => axe.run(document, options).then(result => result.violations.map(
  violation => ({id: violation.id, targets: violation.nodes.slice(0, 3).map(n => n.target)})))"""


def axe_violations(page, path: str) -> list[str]:
    """axe on the page as it is shown now (injected anew: it goes with each document)."""
    page.evaluate(AXE_SCRIPT)
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    found = page.evaluate(VIOLATIONS, options)
    return [f"{path}: {violation['id']} {violation['targets']}" for violation in found]


def test_axe_finds_nothing_on_any_page_light_or_dark(chromium, live_server, app, a_world):
    """Each page is loaded once and checked in both colour schemes: switching the emulated
    scheme restyles the same document (only kring.css's media query reads it), so a
    second sign-in and load per scheme would add time, not checks."""
    problems, checked = [], Counter()
    for role, email in CHECKED_ROLES.items():
        context = chromium.new_context(viewport=PHONE, locale="nl-NL")
        page = context.new_page()
        if email:
            sign_in(page, live_server, email, lands_on=None, totp_secret=TOTP_SECRET)
        for path in pages(app, a_world)[role]:
            page.goto(live_server + path)
            if len(page.title()) > 80:  # a title is a few words, never a page of markup
                problems.append(f"{role} {path}: title {page.title()[:60]!r}...")
            for scheme in SCHEMES:
                page.emulate_media(color_scheme=scheme)
                problems += [f"{scheme} {role} {found}" for found in axe_violations(page, path)]
                checked[scheme] += 1
        context.close()
    print(f"\naxe: pages checked per colour scheme {dict(checked)}")
    assert all(checked[scheme] > 30 for scheme in SCHEMES), checked
    assert problems == [], "\n".join(problems)


WIDEST = """[...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .filter(e => ![...e.children].some(c =>
      c.getBoundingClientRect().right > document.documentElement.clientWidth + 1))
  .slice(0, 3)
  .map(e => e.tagName.toLowerCase() + ' ' + (e.textContent || '').trim().slice(0, 30))"""


def test_no_sideways_scrolling_at_320_px_with_200_percent_text(chromium, live_server, app, a_world):
    """WCAG 1.4.4 and 1.4.10: text at 200% on a 320 px wide screen, nothing cut off."""
    wide = []
    for role, email in CHECKED_ROLES.items():
        # The test alone lifts the CSP to add its zoom style; the app never needs it.
        context = chromium.new_context(
            viewport={"width": 320, "height": 640}, bypass_csp=True, locale="nl-NL"
        )
        page = context.new_page()
        if email:
            sign_in(page, live_server, email, lands_on=None, totp_secret=TOTP_SECRET)
        for path in pages(app, a_world)[role]:
            page.goto(live_server + path)
            page.add_style_tag(content="html { font-size: 200% !important; }")
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if overflow > 1:
                culprits = page.evaluate(WIDEST)
                wide.append(f"{role} {path}: {overflow}px too wide: {culprits}")
        context.close()
    assert wide == [], "\n".join(wide)
