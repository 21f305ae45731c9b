"""A page's <title> shows in the tab switcher, the history and on a shared screen: it
names the kind of page, never what a member wrote (her assignment, reflection, plan
lines, support people, goals) or the member's name. Every page the route matrix lets a
member, a therapist and a supporter open is checked."""

import re
from html import unescape

from tests import test_route_matrix as matrix
from tests.test_route_matrix import (
    ASSIGNMENT,
    CONTACT,
    EXPECTED,
    PLAN_ITEM,
    REFLECTION,
    ROLES,
    SUPPORTER,
    Visitor,
    _key,
    _url,
)

a_world = matrix.a_world  # the route matrix's data: every URL names one of A's things
clock = matrix.clock  # and its moment, set before the data is made

PERSONAL = (ASSIGNMENT, REFLECTION, PLAN_ITEM, CONTACT, SUPPORTER, "DOEL VAN ANNA", "Anna")
CHECKED = ("member_a", "therapist_a", "supporter")


def test_no_title_holds_personal_text(app, a_world):
    rules = [r for r in app.url_map.iter_rules() if "GET" in r.methods]
    per_endpoint: dict[str, int] = {}
    for rule in rules:
        per_endpoint[rule.endpoint] = per_endpoint.get(rule.endpoint, 0) + 1
    leaks, checked = [], 0
    for role in CHECKED:
        visitor = Visitor(app, role, a_world.tokens["share"])
        for rule in rules:
            answers = dict(zip(ROLES, EXPECTED[_key(rule, per_endpoint)]["GET"], strict=True))
            if answers[role] != "ok":
                continue
            response = visitor.client.get(_url(rule, a_world))
            visitor.reset()
            if response.mimetype != "text/html":
                continue  # a file, a feed, a download
            title = re.search(r"<title>(.*?)</title>", response.get_data(as_text=True), re.S)
            if title is None:
                continue  # a redirect
            checked += 1
            shown = unescape(title.group(1))
            leaks += [f"{role} {rule.rule}: {shown!r}" for text in PERSONAL if text in shown]
    assert checked > 40
    assert not leaks, leaks
