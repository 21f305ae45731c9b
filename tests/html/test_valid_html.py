"""Every page a member, a therapist, a supporter and a visitor can open is valid HTML:
the W3C Nu HTML Checker (vnu-jar from npm, tests/html/package.json; it needs Java)
finds no error. A browser repairs invalid HTML silently, each in its own way: a form
inside a span, or an id used twice, works in one browser and breaks a screen reader in
another. `.ci/run` installs both; elsewhere the test is skipped without them, and under
CI=true it fails."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from server.auth.models import User
from server.plan import services as plans
from server.plan import shares
from tests import test_route_matrix as matrix
from tests.test_route_matrix import EXPECTED, ROLES, Visitor, _key, _url

a_world = matrix.a_world  # the route matrix's data: every URL names one of A's things
clock = matrix.clock  # and its moment, set before the data is made

VNU = Path(__file__).parent / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHECKED = ("anonymous", "member_a", "therapist_a", "supporter")


def _checker() -> list[str]:
    java = shutil.which("java")
    if java and VNU.exists():
        return [java, "-jar", str(VNU)]
    missing = "java (apt-get install default-jre-headless)" if not java else f"{VNU}"
    message = f"the Nu HTML Checker needs {missing}; cd tests/html && npm install"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def _pages(app, world, folder: Path) -> dict[str, str]:
    """Each page's HTML in a file of its own; the file's name -> where it came from."""
    rules = [r for r in app.url_map.iter_rules() if "GET" in r.methods]
    per_endpoint: dict[str, int] = {}
    for rule in rules:
        per_endpoint[rule.endpoint] = per_endpoint.get(rule.endpoint, 0) + 1
    where: dict[str, str] = {}
    for role in CHECKED:
        visitor = Visitor(app, role, world.tokens["share"])
        for rule in rules:
            answers = dict(zip(ROLES, EXPECTED[_key(rule, per_endpoint)]["GET"], strict=True))
            if answers[role] != "ok":
                continue
            url = _url(rule, world)
            response = visitor.client.get(url)
            visitor.reset()
            if response.status_code != 200 or response.mimetype != "text/html":
                continue  # files, feeds, downloads and redirects are not pages
            path = folder / f"page-{len(where)}.html"
            path.write_bytes(response.get_data())
            where["file:" + str(path.resolve())] = f"{role} {url}"  # as the checker names it
    return where


def test_every_page_is_valid_html(app, a_world, tmp_path, db):
    checker = _checker()
    # Lists show each thing once more than the route matrix's data: a second supporter
    # link (two "stop" forms on one page once had the same id).
    anna = db.scalar(select(User).where(User.email == "a@example.org"))
    plan = plans.load_plan(db, anna)
    kim = shares.LinkChoices("Kim", ["triggers"], "week", ["orange", "red"], "kim@example.org")
    shares.create_share(db, plan, kim, matrix.NOW, "a" * 32, "secret")
    # The crisis card and professional help with something on them (#18).
    plans.add_item(db, plan, plan.version, "not_helpful", "Preken, 06-12345678", "", matrix.NOW)
    plans.add_item(db, plan, plan.version, "professional", "Huisarts, 045-0000001", "", matrix.NOW)
    db.commit()
    where = _pages(app, a_world, tmp_path)
    assert len(where) > 60
    result = subprocess.run(
        [*checker, "--errors-only", "--format", "json", *sorted(tmp_path.glob("*.html"))],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stderr)["messages"]
    errors = [
        f"{where.get(m.get('url'), m.get('url'))} line {m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error" or m.get("subType") == "fatal"
    ]
    assert not errors, "\n".join(errors)
