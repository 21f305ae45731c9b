"""`make screenshots`: the README's screenshots, from the demo data, at phone size in
headless Chromium (Debian's /usr/bin/chromium)."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.demo_app import demo_server, session_cookie
from server.plan.demo import DEMO_SHARE_TOKEN

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with demo_server() as (app, base), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        shots = [
            ("member@example.org", "/", "member-home", "light"),
            ("member@example.org", "/schedule", "rooster", "light"),
            ("member@example.org", "/plan/", "plan", "light"),
            ("member@example.org", "/", "member-home-dark", "dark"),
            (None, f"/s/{DEMO_SHARE_TOKEN}/", "supporter", "light"),
        ]
        therapist_meeting = _register_path(app)
        shots.append(("therapist@example.org", therapist_meeting, "therapist-register", "light"))
        for email, path, name, scheme in shots:
            context = browser.new_context(viewport=PHONE, color_scheme=scheme, locale="nl-NL")
            if email:
                context.add_cookies(
                    [{"name": "session", "value": session_cookie(app, email), "url": base}]
                )
            page = context.new_page()
            page.goto(base + path)
            page.screenshot(path=str(OUT / f"{name}.png"))
            context.close()
            print(f"SCREENSHOT docs/screenshots/{name}.png")
        browser.close()


def _register_path(app) -> str:
    """The demo therapist's most recent meeting, whose register is filled in."""
    from sqlalchemy import select

    from server.db import get_db, now_utc
    from server.groups.models import Group
    from server.schedule.models import Meeting

    with app.app_context():
        db = get_db()
        meeting = db.scalar(
            select(Meeting)
            .join(Group, Group.id == Meeting.group_id)
            .where(Group.name == "Donderdaggroep", Meeting.starts_at < now_utc())
            .order_by(Meeting.starts_at.desc())
            .limit(1)
        )
        return f"/therapist/meetings/{meeting.id}"


if __name__ == "__main__":
    main()
