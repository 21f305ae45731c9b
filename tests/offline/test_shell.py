"""The app shell over HTTP: the manifest and its icons, the service worker and what it
precaches, versioned static files, and which pages the server lets the device keep."""

import json
from datetime import timedelta
from io import BytesIO

from PIL import Image

from server.schedule import services as schedule
from tests.conftest import csrf_token, sign_in

KEPT = ("/", "/schedule", "/plan/", "/homework/")


def test_the_manifest_is_discreet_and_its_icons_are_the_sizes_it_claims(client):
    response = client.get("/manifest.webmanifest")
    assert response.mimetype == "application/manifest+json"
    manifest = response.get_json()
    assert (manifest["name"], manifest["short_name"]) == ("Kring", "Kring")
    assert (manifest["start_url"], manifest["scope"], manifest["display"]) == (
        "/",
        "/",
        "standalone",
    )
    assert manifest["lang"] == "nl" and manifest["id"] == "/"
    assert {icon["purpose"] for icon in manifest["icons"]} == {"any", "maskable", "monochrome"}
    for icon in manifest["icons"]:
        image = client.get(icon["src"])
        assert image.status_code == 200, icon["src"]
        if icon["type"] == "image/png":
            width, height = Image.open(BytesIO(image.data)).size
            assert icon["sizes"] == f"{width}x{height}"
    text = json.dumps(manifest).lower()
    assert "therap" not in text and "psych" not in text


def test_the_service_worker_precaches_the_shell_under_versioned_urls(client, app):
    response = client.get("/sw.js")
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    script = response.get_data(as_text=True)
    settings = json.loads(script.split("\n", 1)[0].removeprefix("const KRING = ").rstrip(";"))
    assert settings["offlineUrl"] in settings["precache"]
    for url in settings["precache"]:
        assert client.get(url).status_code == 200, url
    static = [url for url in settings["precache"] if url.startswith("/static/")]
    assert static and all("?v=" in url for url in static)

    # A new release makes a different worker, which the browser installs and offers.
    app.config["RELEASE"] = "2026.12"
    again = client.get("/sw.js").get_data(as_text=True)
    assert (
        json.loads(again.split("\n", 1)[0][len("const KRING = ") : -1])["version"]
        != settings["version"]
    )


def test_versioned_static_files_are_kept_for_a_year_and_others_are_not(client):
    page = client.get("/login").get_data(as_text=True)
    css = page.split('href="/static/css/kring.css?v=', 1)[1].split('"', 1)[0]
    kept = client.get(f"/static/css/kring.css?v={css}")
    assert "immutable" in kept.headers["Cache-Control"]
    stale = client.get("/static/css/kring.css?v=0000000000")
    assert "immutable" not in stale.headers.get("Cache-Control", "")


def test_only_the_schedule_plan_homework_and_home_may_be_kept(client, world):
    sign_in(client, "a@example.org")
    for path in KEPT:
        response = client.get(path)
        assert response.headers.get("X-Kring-Offline") == "keep", path
        page = response.get_data(as_text=True)
        assert "data-offline-note hidden" in page, path
    for path in ("/more", "/account/access"):
        response = client.get(path)
        assert "X-Kring-Offline" not in response.headers, path
        assert "data-offline-note" not in response.get_data(as_text=True)


def test_the_sign_in_page_tells_the_device_to_forget(client):
    assert client.get("/login").headers["X-Kring-Offline"] == "forget"


def test_switching_storage_off_on_this_device(client, world):
    sign_in(client, "a@example.org")
    token = csrf_token(client, "/device")
    response = client.post("/device", data={"csrf_token": token}, follow_redirects=True)
    assert "Er wordt niets meer bewaard op dit apparaat" in response.get_data(as_text=True)
    for path in KEPT:
        assert client.get(path).headers["X-Kring-Offline"] == "forget", path
    # Switched on again, pages are kept again.
    token = csrf_token(client, "/device")
    client.post("/device", data={"csrf_token": token, "keep_pages": "y"})
    assert client.get("/schedule").headers["X-Kring-Offline"] == "keep"


def test_the_queue_gets_a_fresh_token_only_when_signed_in(client, world):
    assert client.get("/offline/token").status_code == 401
    sign_in(client, "a@example.org")
    assert client.get("/offline/token").get_json()["csrf_token"]


def test_a_page_kept_ahead_does_not_count_as_seen(client, world, meeting, db):
    """The "gewijzigd" marker stays until the member herself opens the meeting."""
    sign_in(client, "a@example.org")
    client.get(f"/meetings/{meeting.id}")  # seen once, before the change
    db.rollback()
    schedule.update_meeting(
        db, meeting, world.therapist_a, starts_at=meeting.starts_at + timedelta(hours=1)
    )
    db.commit()
    changed = "De tijd of plaats van deze bijeenkomst is veranderd"
    ahead = client.get(f"/meetings/{meeting.id}", headers={"X-Kring-Prefetch": "1"})
    assert changed in ahead.get_data(as_text=True)
    assert changed in client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert changed not in client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
