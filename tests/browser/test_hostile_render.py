"""Stored script and HTML, rendered in a real browser: nothing runs, nothing loads.

Every text field a member or a therapist can fill gets the same payload through the
app's own forms (an invited member's name, her cancellation reason, the five reflection
prompts, her own assignment, every section of her plan, a support person, a supporter
link; the therapists' assignment, a meeting's theme, note, place and online link, a
cancellation message and a series' place). Then the member's pages, the therapists'
pages and the supporter page open in Chromium, and on every page:

- no dialog opened and `window.__pwned` is undefined;
- no request went to any host but the app (outside requests are aborted and counted);
- no markup came from the payload: no `on...` attribute, no inline or foreign script,
  no iframe, object, embed or base, no link with a scheme other than http(s), tel, geo
  or mailto, no image from elsewhere;
- the payload is there as text, exactly as typed (or in its form field, when editing);
- the console is clean (the `page` fixture and `phone_page` fail on any error, and a CSP
  violation is one).

Each payload gets a field tag ("RS " for the reason, ...) so a missing one is named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from server.auth.models import Invite, User
from server.groups.models import Membership
from server.homework.models import Assignment, Reflection
from server.plan.models import Plan, PlanItem, SupportContact
from server.plan.sections import BY_KEY, OPTIONAL, ORDER
from server.schedule.models import Meeting
from server.security import token_hash
from tests.browser.conftest import phone_page, sign_in
from tests.conftest import PASSWORD, csrf_token
from tests.conftest import sign_in as sign_in_client

pytestmark = pytest.mark.browser

# All at most 36 characters: with a tag they fit the shortest field (a phone, 40).
PAYLOADS = {
    "script": "<script>window.__pwned=1</script>",
    "img-onerror": "<img src=x onerror=window.__pwned=1>",
    "attribute-breakout": '"><svg onload=window.__pwned=1>',
    "javascript-link": "[hier](javascript:window.__pwned=1)",
    "html-link-out": '<a href="http://evil.example/">x</a>',
    "plain-link-out": "zie http://evil.example/?q=<b>",
    "base-tag": "<base href=//evil.example/>",
    "iframe": "<iframe src=//evil.example>",
}
# No space in it: a URL field refuses those.
ONLINE_LINK = 'https://meet.example.org/"><svg/onload=window.__pwned=1>'
SECTIONS = list(BY_KEY)  # every section that takes lines (the optional ones switched on)
MEMBER_EMAIL = "mila@example.org"
REFLECTION = ("tried", "happened", "felt", "others", "takeaway")

# What the browser may find in links: the app's own and a user's http(s) links are fine.
INJECTED = """() => {
  const found = [];
  const short = (e) => e.outerHTML.slice(0, 120);
  for (const e of document.querySelectorAll('*')) {
    for (const a of e.attributes) if (a.name.startsWith('on')) found.push('handler: ' + short(e));
  }
  for (const s of document.scripts) {
    if (!s.src || new URL(s.src).origin !== location.origin) found.push('script: ' + short(s));
  }
  const foreign = 'iframe, frame, object, embed, base, meta[http-equiv]';
  for (const e of document.querySelectorAll(foreign)) found.push('element: ' + short(e));
  for (const e of document.querySelectorAll('img')) {
    const url = new URL(e.getAttribute('src') || '', location.href);
    const elsewhere = url.protocol !== 'data:' && url.origin !== location.origin;
    if (elsewhere) found.push('image: ' + short(e));
  }
  for (const e of document.querySelectorAll('a[href], area[href], form[action]')) {
    const url = new URL(e.getAttribute('href') || e.getAttribute('action') || '', location.href);
    if (!['http:', 'https:', 'tel:', 'geo:', 'mailto:'].includes(url.protocol)) {
      found.push('link: ' + short(e));
    } else if (url.hostname === 'evil.example' && !/noopener/.test(e.rel)) {
      found.push('link without noopener: ' + short(e));
    }
  }
  return found;
}"""


@dataclass
class Stored:
    """What was stored, and where it shows."""

    values: dict[str, str]
    meetings: dict[str, int]
    assignment: int
    own_assignment: int
    reflection: int
    item: int
    contact: int
    membership: int
    supporter_path: str
    group: int
    export: str  # the member's "download my data" page, as the file she saves


@dataclass
class Watch:
    """Everything a page did that it must not do."""

    base: str
    dialogs: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)

    def attach(self, page) -> None:
        page.on("dialog", self._dialog)
        page.on("request", self._request)
        page.context.route(re.compile(r"^(?!" + re.escape(self.base) + r"/)"), self._abort)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def _request(self, request) -> None:
        if not request.url.startswith((self.base + "/", "data:")):
            self.outside.append(request.url)

    def _abort(self, route) -> None:
        if route.request.url.startswith("data:"):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()


def post(client, path: str, data: dict, token: str, expect: int = 302):
    """`token`: the client's CSRF token, fetched once per session: it is good for each of
    the session's forms, and fetching a page before every form was a fifth of the set-up."""
    data = {"csrf_token": token, **data}
    response = client.post(path, data=data)
    assert response.status_code == expect, (path, response.status_code, data)
    return response


def store_everywhere(app, world, factory, db, payload: str) -> Stored:
    """Every text field filled with the payload, through the app's own forms."""
    group = world.group_a
    now = datetime.now(UTC)
    # At noon in the group's time: a meeting starting after 22:30 would end the next day,
    # which the therapists' form refuses (422), so the test failed late in the evening.
    noon = datetime.now(ZoneInfo(group.timezone)).replace(hour=12, minute=0).astimezone(UTC)
    meetings = {
        "attend": factory.meeting(group, noon + timedelta(days=2)),
        "edited": factory.meeting(group, noon + timedelta(days=4)),
        "cancelled": factory.meeting(group, noon + timedelta(days=6)),
    }
    invite = "hostile-render-invitation-token"
    db.add(
        Invite(
            token_hash=token_hash(invite),
            email=MEMBER_EMAIL,
            group_id=group.id,
            invited_by_id=world.therapist_a.id,
            joins_on=(now - timedelta(days=1)).date(),
            expires_at=now + timedelta(days=7),
        )
    )
    db.commit()
    # No payload in a phone field: it takes only a phone number (tests/plan/test_plan.py).
    tags = ["NM", "RS", "OT", "OI", "AT", "AI", "CN", "CR", "CD", "SN", "TH", "NO"]
    tags += (
        ["LO", "CM", "SL"] + [f"R{n}" for n in range(5)] + [f"I{n}" for n in range(len(SECTIONS))]
    )
    values = {tag: f"{tag} {payload}" for tag in tags}

    # The member: invited, then everything she can write.
    member = app.test_client()
    invite_path = f"/invite/{invite}"
    name = {"display_name": values["NM"], "password": PASSWORD, "confirm": PASSWORD}
    post(member, invite_path, name, csrf_token(member, invite_path))
    mine = csrf_token(member, "/more")  # signed in now: a new session, a new token
    attend = meetings["attend"].id
    post(member, f"/meetings/{attend}/cancel", {"reason": values["RS"]}, mine)

    therapist = app.test_client()
    assert sign_in_client(therapist, "ta@example.org").status_code == 302
    homework = f"/therapist/groups/{group.id}/homework"
    assigned = {"recipient": "0", "title": values["AT"], "instructions": values["AI"]}
    theirs = csrf_token(therapist, homework)
    post(therapist, homework, {**assigned, "due_meeting": "0"}, theirs)

    db.rollback()
    mila = db.scalar(select(User).where(User.email == MEMBER_EMAIL))
    assignment = db.scalar(select(Assignment.id).where(Assignment.member_id == mila.id))
    answers = {prompt: values[f"R{n}"] for n, prompt in enumerate(REFLECTION)}
    post(
        member,
        f"/homework/{assignment}/reflections",
        {**answers, "difficulty": "4", "shared": "y"},
        mine,
    )
    own = {"group_id": str(group.id), "title": values["OT"], "instructions": values["OI"]}
    post(member, "/homework/new", own, mine)

    member.get("/plan/")  # her first visit makes the plan

    def version() -> int:
        # Read, not rendered: the plan page for each line took a third of the set-up.
        db.rollback()
        return db.scalar(select(Plan.version).where(Plan.member_id == mila.id))

    optional = dict.fromkeys(OPTIONAL, "y")
    post(member, "/plan/settings", {**optional, "version": version()}, mine)
    for n, section in enumerate(SECTIONS):
        line = {"section": section, "text": values[f"I{n}"], "phase": "", "version": version()}
        post(member, "/plan/items", line, mine)
    contact = {
        "name": values["CN"],
        "relation": values["CR"],
        "phone": "06-12345678",
        "email": "sam@example.org",
        "can_do": values["CD"],
    }
    post(member, "/plan/contacts/new", {**contact, "version": version()}, mine)
    share = {
        "supporter": values["SN"],
        "sections": list(ORDER),
        "phases": ["green", "yellow", "orange", "red"],
        "expiry": "week",
    }
    made = post(member, "/plan/shares", share, mine)
    page = member.get(made.headers["Location"]).get_data(as_text=True)
    supporter_path = re.search(r'id="share-link" type="url" value="[^"]*?(/s/[^"]+)"', page)

    # The therapists: a meeting's details, a cancellation, a series' place.
    edited = meetings["edited"]
    zone = ZoneInfo(group.timezone)
    start, end = edited.starts_at.astimezone(zone), edited.ends_at.astimezone(zone)
    details = {
        "day": start.date().isoformat(),
        "start_time": start.strftime("%H:%M"),
        "end_time": end.strftime("%H:%M"),
        "location": values["LO"],
        "online_link": ONLINE_LINK,
        "theme": values["TH"],
        "note": values["NO"],
    }
    post(therapist, f"/therapist/meetings/{edited.id}", details, theirs)
    cancelled = meetings["cancelled"].id
    message = {"message": values["CM"]}
    post(therapist, f"/therapist/meetings/{cancelled}/cancel", message, theirs)
    series = {
        "frequency": "weekly",
        "starts_on": (now + timedelta(days=9)).date().isoformat(),
        "start_time": "09:30",
        "duration_minutes": "90",
        "count": "2",
        "location": values["SL"],
    }
    post(therapist, f"/therapist/groups/{group.id}/series/new", series, theirs)

    db.rollback()
    in_series = db.scalar(
        select(Meeting.id).where(Meeting.series_id.is_not(None)).order_by(Meeting.starts_at)
    )
    return Stored(
        values=values,
        meetings={**{k: m.id for k, m in meetings.items()}, "series": in_series},
        assignment=assignment,
        own_assignment=db.scalar(
            select(Assignment.id).where(
                Assignment.member_id == mila.id, Assignment.id != assignment
            )
        ),
        reflection=db.scalar(select(Reflection.id).where(Reflection.member_id == mila.id)),
        item=db.scalar(select(PlanItem.id).where(PlanItem.text == values["I0"])),
        contact=db.scalar(select(SupportContact.id)),
        membership=db.scalar(select(Membership.id).where(Membership.member_id == mila.id)),
        supporter_path=supporter_path.group(1) if supporter_path else "",
        group=group.id,
        export=member.get("/account/export.html").get_data(as_text=True),
    )


def visit(page, watch: Watch, path: str, shows=(), holds: dict | None = None, html=None) -> None:
    """Open one page and check everything this file promises about it. With `html`, the
    page is a saved file: opened without the app's headers, so without its CSP."""
    if html is None:
        response = page.goto(watch.base + path)
        status = response.status if response else None
        assert status == 200, (path, status)
    else:
        page.set_content(html)
    assert page.evaluate("() => typeof window.__pwned") == "undefined", f"script ran on {path}"
    injected = page.evaluate(INJECTED)
    assert injected == [], f"markup from user text on {path}: {injected}"
    text = page.locator("body").inner_text()
    missing = [value for value in shows if value not in text]
    assert not missing, f"not shown as text on {path}: {missing}"
    for name, value in (holds or {}).items():
        box = page.locator(f'[name="{name}"]').first
        assert box.input_value() == value, f"{name} on {path} holds {box.input_value()!r}"
    assert watch.dialogs == [], f"a dialog opened on {path}: {watch.dialogs}"
    assert watch.outside == [], f"requests off the site from {path}: {watch.outside}"


def member_pages(s: Stored) -> list[tuple[str, list[str], dict]]:
    v, m = s.values, s.meetings
    items = [v[f"I{n}"] for n in range(len(SECTIONS))]
    contact = [v["CN"], v["CR"], v["CD"]]
    answers = [v[f"R{n}"] for n in range(5)]
    return [
        ("/", [v["NM"]], {}),
        ("/schedule", [v["TH"], v["CM"]], {}),
        (f"/meetings/{m['attend']}", [], {}),
        (f"/meetings/{m['edited']}", [v["TH"], v["NO"], v["LO"]], {}),
        (f"/meetings/{m['cancelled']}", [v["CM"]], {}),
        (f"/meetings/{m['series']}", [v["SL"]], {}),
        ("/homework/", [v["AT"], v["OT"]], {}),
        (f"/homework/{s.assignment}", [v["AT"], v["AI"], *answers], {}),
        (f"/homework/{s.own_assignment}", [v["OT"], v["OI"]], {}),
        (
            f"/homework/reflections/{s.reflection}/edit",
            [v["AT"]],
            {prompt: v[f"R{n}"] for n, prompt in enumerate(REFLECTION)},
        ),
        ("/plan/", items + contact, {}),
        (f"/plan/items/{s.item}/edit", [], {"text": v["I0"]}),
        (
            f"/plan/contacts/{s.contact}/edit",
            [],
            {"name": v["CN"], "relation": v["CR"], "can_do": v["CD"]},
        ),
        ("/plan/shares", [v["SN"]], {}),
        ("/plan/print", [v["NM"], *items, *contact], {}),
        ("/plan/versions", [], {}),
        ("/more", [v["NM"]], {}),
        ("/account/access", [], {}),
    ]


def therapist_pages(s: Stored) -> list[tuple[str, list[str], dict]]:
    v, m = s.values, s.meetings
    answers = [v[f"R{n}"] for n in range(5)]
    return [
        ("/therapist/", [], {}),
        (f"/therapist/groups/{s.group}", [v["NM"], v["TH"]], {}),
        (f"/therapist/meetings/{m['attend']}", [v["NM"], v["RS"]], {}),
        (
            f"/therapist/meetings/{m['edited']}",
            [],
            {"theme": v["TH"], "note": v["NO"], "location": v["LO"], "online_link": ONLINE_LINK},
        ),
        (f"/therapist/meetings/{m['cancelled']}", [v["CM"]], {}),
        (f"/therapist/groups/{s.group}/homework", [v["NM"], v["AT"]], {}),
        (f"/therapist/assignments/{s.assignment}", [v["NM"], v["AT"], v["AI"], *answers], {}),
        (f"/therapist/memberships/{s.membership}", [v["NM"]], {}),
    ]


@pytest.mark.parametrize("payload", list(PAYLOADS.values()), ids=list(PAYLOADS))
def test_stored_payloads_render_as_text_everywhere(
    payload, app, world, factory, db, page, chromium, live_server
):
    stored = store_everywhere(app, world, factory, db, payload)
    assert stored.supporter_path, "no supporter link was made"

    watch = Watch(live_server)
    watch.attach(page)
    sign_in(page, live_server, MEMBER_EMAIL)
    for path, shows, holds in member_pages(stored):
        visit(page, watch, path, shows, holds)

    with phone_page(chromium) as therapist:
        watch = Watch(live_server)
        watch.attach(therapist)
        sign_in(therapist, live_server, "ta@example.org", lands_on="/therapist/")
        for path, shows, holds in therapist_pages(stored):
            visit(therapist, watch, path, shows, holds)

    with phone_page(chromium) as supporter:
        watch = Watch(live_server)
        watch.attach(supporter)
        first_name = stored.values["NM"].split(" ")[0]  # the supporter sees a first name
        items = [stored.values[f"I{n}"] for n in range(len(SECTIONS))]
        contact = [stored.values[k] for k in ("CN", "CR", "CD")]
        visit(supporter, watch, stored.supporter_path, [first_name, *items, *contact])

    # "Download my data" is a file: opened from disk it has no CSP to fall back on.
    with phone_page(chromium) as saved:
        watch = Watch(live_server)
        watch.attach(saved)
        v = stored.values
        everything = [v[tag] for tag in v if tag not in ("SN", "TH", "NO", "LO", "CM", "SL")]
        visit(saved, watch, "export.html", everything, html=stored.export)
