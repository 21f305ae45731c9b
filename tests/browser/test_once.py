"""Every action once, in a real browser: a double tap on "Bewaren", Back and send the
same form again (and Back, change it and send: a new action), a reload of the page a
new supporter link is shown on."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from server.homework.models import Reflection
from server.journey import goals
from server.journey.models import Goal
from server.plan import shares
from server.plan.models import PlanShare
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def count(db, model) -> int:
    db.rollback()
    return db.scalar(select(func.count()).select_from(model))


def posts_to(page, path: str) -> list:
    """The POST requests the page sends to `path`, as they go out."""
    sent: list = []
    page.on("request", lambda r: sent.append(r) if r.method == "POST" and path in r.url else None)
    return sent


def slowly(monkeypatch, module, name: str) -> None:
    """The server takes a moment, as on a slow connection: the second tap comes before
    the first answer."""
    real = getattr(module, name)

    def slow(*args, **kwargs):
        time.sleep(0.4)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, slow)


def tap_twice(page, button) -> None:
    """Two taps on the same spot, the second once the first has gone out: raw touches,
    as a finger does them, without waiting for the page in between."""
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    with page.expect_request(lambda r: r.method == "POST"):
        page.mouse.click(x, y)
    with page.expect_response(lambda r: r.request.method == "POST"):
        page.mouse.click(x, y)
    page.wait_for_load_state()


def test_a_double_tap_saves_one_goal(page, live_server, world, db, monkeypatch):
    slowly(monkeypatch, goals, "propose_goal")
    sign_in(page, live_server)
    sent = posts_to(page, "/goals")
    page.goto(f"{live_server}/goals")
    page.get_by_label("Doel, in je eigen woorden").fill("Vaker nee zeggen")
    tap_twice(page, page.get_by_role("button", name="Bewaren"))
    expect(page.get_by_text("Vaker nee zeggen")).to_have_count(1)
    assert len(sent) == 2 and count(db, Goal) == 1


def test_back_and_send_again_saves_one_reflection(page, live_server, world, factory, db):
    assignment = factory.assignment(world)
    sign_in(page, live_server)
    page.goto(f"{live_server}/homework/{assignment.id}/write")
    tried = page.get_by_label("Wat heb ik geprobeerd?")
    tried.fill("Ik zei nee tegen een extra dienst.")
    page.get_by_role("button", name="Bewaren").click()
    page.wait_for_url(f"{live_server}/homework/{assignment.id}")
    page.go_back()
    page.wait_for_url(f"{live_server}/homework/{assignment.id}/write")
    expect(tried).to_have_value("Ik zei nee tegen een extra dienst.")  # Chromium restores it
    page.get_by_role("button", name="Bewaren").click()
    page.wait_for_url(f"{live_server}/homework/{assignment.id}")
    assert count(db, Reflection) == 1
    # Back, the text changed, sent: that is a new reflection, and nothing typed is lost.
    page.go_back()
    page.wait_for_url(f"{live_server}/homework/{assignment.id}/write")
    tried.fill("Ik zei ook nee tegen mijn zus.")
    page.get_by_role("button", name="Bewaren").click()
    page.wait_for_url(f"{live_server}/homework/{assignment.id}")
    assert count(db, Reflection) == 2


def test_reloading_the_new_link_page_makes_no_second_link(
    page, live_server, world, db, monkeypatch
):
    slowly(monkeypatch, shares, "create_share")
    sign_in(page, live_server)
    sent = posts_to(page, "/plan/shares")
    page.goto(f"{live_server}/plan/shares")
    page.get_by_label("Voor wie is de link?").fill("Sam")
    page.locator("input[name=sections]").first.check()
    tap_twice(page, page.get_by_role("button", name="Maak de link"))
    expect(page.get_by_role("heading", name="De link voor Sam")).to_be_visible()
    page.reload()
    expect(page.get_by_role("heading", name="Voor wie is de link?")).to_have_count(0)
    assert len(sent) == 2 and count(db, PlanShare) == 1
