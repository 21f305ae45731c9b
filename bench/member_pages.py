"""Full-page screenshots of the member's pages at 390 px from the demo data, for looking
at the member side as a whole (before/after a change): python -m bench.member_pages
OUT_DIR. Not part of `make screenshots` (the README's few pictures)."""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.demo_app import demo_server, session_cookie
from bench.screenshots import FLAGS, PHONE

PAGES = [
    ("home", "/"),
    ("rooster", "/schedule"),
    ("earlier", "/schedule/earlier"),
    ("plan", "/plan/"),
    ("homework", "/homework/"),
    ("more", "/more"),
    ("notifications", "/notifications"),
    ("goals", "/goals"),
    ("access", "/account/access"),
    ("export", "/account/export.html"),
    ("device", "/device"),
]


def _assignment_path(app) -> str:
    from sqlalchemy import select

    from server.auth.models import User
    from server.db import get_db
    from server.homework.models import Assignment

    with app.app_context():
        db = get_db()
        member = db.scalar(select(User).where(User.email == "member@example.org"))
        assignment = db.scalar(
            select(Assignment).where(Assignment.member_id == member.id).order_by(Assignment.id)
        )
        return f"/homework/{assignment.id}"


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with demo_server() as (app, base), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        cookie = session_cookie(app, "member@example.org")
        for scheme in ("light", "dark"):
            context = browser.new_context(viewport=PHONE, color_scheme=scheme, locale="nl-NL")
            context.add_cookies([{"name": "session", "value": cookie, "url": base}])
            page = context.new_page()
            for name, path in [*PAGES, ("assignment", _assignment_path(app))]:
                if scheme == "dark" and name not in ("home", "plan"):
                    continue
                if path.endswith(".html"):  # a download: shown as the page it is
                    page.goto(base + "/more")
                    page.set_content(page.request.get(base + path).text())
                else:
                    page.goto(base + path)
                target = out / f"{name}{'-dark' if scheme == 'dark' else ''}.png"
                page.screenshot(path=str(target), full_page=True)
                height = page.evaluate("document.documentElement.scrollHeight")
                print(f"SCREENSHOT {target} ({height} px high)")
            context.close()
        browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
