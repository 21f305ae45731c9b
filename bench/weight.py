"""Page weight (DESIGN.md: first load of a member page <= 50 KB compressed, JS <= 15 KB)
and the repeat visit, measured on the demo data in headless Chromium.

For each member page: the HTML and every CSS and JS file the first load fetched,
each gzipped (level 6, as a typical proxy does), added up:
    WEIGHT <path> bytes=<total> html=<n> css=<n> js=<n>
Then the same page again, with the service worker in control:
    REPEAT <path> static_from_network=<static files not served by the worker>
Run with `make bench` (or `python -m bench.weight`).
"""

from __future__ import annotations

import gzip
import logging
import os
import re

from playwright.sync_api import sync_playwright

from bench import targets
from bench.demo_app import demo_server, record_requests
from bench.screenshots import FLAGS, PHONE
from server import demo

CHROMIUM = os.environ.get("KRING_CHROMIUM", "/usr/bin/chromium")
PAGES = [
    "/",
    "/schedule",
    "/meetings/{meeting}",
    "/homework/",
    "/homework/{assignment}",
    "/plan/",
    "/more",
    "/device",
]
BUDGET_TOTAL, BUDGET_JS = 50_000, 15_000


def gzipped(body: bytes) -> int:
    return len(gzip.compress(body, compresslevel=6))


def first_load(context, url: str) -> dict[str, int]:
    """Sizes by kind of what a fresh page load fetched (no cache, no worker yet)."""
    sizes = {"html": 0, "css": 0, "js": 0}
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url, wait_until="networkidle")
    for response in responses:
        kind = {"document": "html", "stylesheet": "css", "script": "js"}.get(
            response.request.resource_type
        )
        if kind and response.ok:
            sizes[kind] += gzipped(response.body())
    page.close()
    return sizes


def static_from_network(context, url: str) -> int:
    page = context.new_page()
    fetched = []
    page.on(
        "response",
        lambda r: fetched.append(r) if "/static/" in r.url and not r.from_service_worker else None,
    )
    page.goto(url, wait_until="networkidle")
    page.close()
    return len(fetched)


def first_visit(browser, app, base: str) -> tuple[int, list[str]]:
    """A phone's first visit (the sign-in page) until the service worker is installed:
    how many requests the server answered, and which were asked for more than once
    or answered 304 (fetched again what the page had just loaded)."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    unrecorded = app.wsgi_app
    answered = record_requests(app)
    page.goto(f"{base}/login")
    page.evaluate("navigator.serviceWorker.ready")
    page.wait_for_timeout(500)  # anything late (an icon) is counted too
    app.wsgi_app = unrecorded
    context.close()
    paths = [path for path, _status in answered]
    again = sorted({p for p in paths if paths.count(p) > 1} | {p for p, s in answered if s == 304})
    return len(answered), again


def sign_in(context, base: str) -> None:
    page = context.new_page()
    page.goto(f"{base}/login")
    page.fill("#email", "member@example.org")
    page.fill("#password", demo.DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    page.close()


def paths(base: str, context) -> list[str]:
    page = context.new_page()
    page.goto(f"{base}/schedule")
    meeting = re.search(r"/meetings/(\d+)", page.content()).group(1)
    page.goto(f"{base}/homework/")
    assignment = re.search(r"/homework/(\d+)", page.content()).group(1)
    page.close()
    return [path.format(meeting=meeting, assignment=assignment) for path in PAGES]


def main() -> None:
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    with demo_server() as (app, base), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        requests, again = first_visit(browser, app, base)
        print(f"FIRST-VISIT requests={requests} fetched_again={','.join(again) or 'none'}")
        targets.say(targets.line("sw-first-visit-fetched-again", len(again), "==", 0, digits=0))
        worst_total = worst_js = 0
        for path in paths(base, _signed_in(browser, base)):
            # A context of its own per page: nothing cached, no worker yet.
            context = _signed_in(browser, base, block_workers=True)
            sizes = first_load(context, base + path)
            context.close()
            total = sum(sizes.values())
            worst_total, worst_js = max(worst_total, total), max(worst_js, sizes["js"])
            parts = " ".join(f"{kind}={size}" for kind, size in sizes.items())
            print(f"WEIGHT {path} bytes={total} {parts}")
        context = _signed_in(browser, base)
        warm = context.new_page()
        warm.goto(f"{base}/")
        warm.evaluate("navigator.serviceWorker.ready")
        warm.reload()
        warm.close()
        for path in ("/", "/schedule", "/plan/", "/homework/"):
            print(f"REPEAT {path} static_from_network={static_from_network(context, base + path)}")
        context.close()
        browser.close()
    verdict = "within" if worst_total <= BUDGET_TOTAL and worst_js <= BUDGET_JS else "OVER"
    print(
        f"WEIGHT budget {verdict}: largest page {worst_total} B (<= {BUDGET_TOTAL}),"
        f" JS {worst_js} B (<= {BUDGET_JS})"
    )


def _signed_in(browser, base: str, block_workers: bool = False):
    context = browser.new_context(
        viewport=PHONE,
        service_workers="block" if block_workers else "allow",
    )
    sign_in(context, base)
    return context


if __name__ == "__main__":
    main()
