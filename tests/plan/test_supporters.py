"""Supporters kept up to date (#18): what changed since that link was last opened, a link
limited to some phases, and the link's own small app (manifest and worker under it)."""

import json
import re

from sqlalchemy import func, select

from server.audit import AuditEvent
from server.plan import changes
from server.plan.models import PlanItem, PlanShare, PlanVersion, ShareView
from tests.plan.test_shares import make_link


def item_id(db, text: str) -> int:
    db.rollback()
    return db.scalar(select(PlanItem.id).where(PlanItem.text == text))


def marked(page: str) -> dict[str, str]:
    """Each marked line's text -> its mark, as the supporter reads them."""
    found = re.findall(r'<span class="badge badge-new">(Nieuw|Gewijzigd)</span> ([^<]+)<', page)
    return {text.strip(): mark for mark, text in found}


def test_the_page_marks_what_changed_since_that_link_was_last_opened(app, member, db):
    member.add("warning_signs", "Ik slaap slecht", phase="yellow")
    member.add("warning_signs", "Ik zeg afspraken af", phase="orange")
    member.add("warning_signs", "Ik eet niet meer", phase="red")
    link = make_link(member)
    other = make_link(member, name="Kim")
    sam = app.test_client()

    first = sam.get(link).get_data(as_text=True)
    assert marked(first) == {} and "Sinds je vorige bezoek" not in first  # first open

    member.add("warning_signs", "Ik bel niemand meer terug", phase="orange")
    ours = item_id(db, "Ik zeg afspraken af")
    member.post(f"/plan/items/{ours}/edit", text="Ik zeg alle afspraken af", phase="orange")
    member.post(f"/plan/items/{item_id(db, 'Ik eet niet meer')}/delete")

    second = sam.get(link).get_data(as_text=True)
    assert marked(second) == {
        "Ik bel niemand meer terug": "Nieuw",
        "Ik zeg alle afspraken af": "Gewijzigd",
    }
    assert "Sinds je vorige bezoek op" in second and "is er iets veranderd." in second
    assert "1 regel is weggehaald." in second
    # Seen: the next open shows no marks.
    third = sam.get(link).get_data(as_text=True)
    assert marked(third) == {} and "Sinds je vorige bezoek" not in third
    # Per link, not per member: Kim never opened hers, so nothing is marked for her.
    assert marked(app.test_client().get(other).get_data(as_text=True)) == {}


def test_a_line_moved_to_another_phase_is_changed_and_a_support_person_is_compared_too(
    app, member, db
):
    member.add("warning_signs", "Ik slaap slecht", phase="yellow")
    link = make_link(member)
    app.test_client().get(link)
    member.post(
        f"/plan/items/{item_id(db, 'Ik slaap slecht')}/edit", text="Ik slaap slecht", phase="orange"
    )
    member.post("/plan/contacts/new", name="Sam", relation="partner")
    page = app.test_client().get(link).get_data(as_text=True)
    assert marked(page) == {"Ik slaap slecht": "Gewijzigd"}
    assert re.search(r'badge-new">Nieuw</span> <strong>Sam</strong>', page)


def test_comparing_is_by_section_phase_and_text_only():
    class Row:
        def __init__(self, id, phase, text, position):
            self.id, self.phase, self.text, self.position = id, phase, text, position

    class Section:
        def __init__(self, key, items):
            self.key, self.items, self.contacts = key, items, []

    before = [Section("triggers", [Row(None, None, "A", 0), Row(None, None, "B", 1)])]
    same_lines_new_rows = [Section("triggers", [Row(7, None, "B", 0), Row(8, None, "A", 1)])]
    assert not changes.compare(before, same_lines_new_rows)  # restored or reordered
    # A section the link did not show before (switched on, or added later): all new.
    now = [Section("distraction", [Row(9, None, "A", 0)])]
    assert changes.compare(before, now).of(now[0].items[0]) == changes.NEW


def test_a_link_limited_to_orange_and_red_shows_only_those_phases(app, member, db):
    member.post("/plan/settings", phases="y")
    member.add("warning_signs", "GROEN SIGNAAL", phase="green")
    member.add("warning_signs", "GEEL SIGNAAL", phase="yellow")
    member.add("warning_signs", "ORANJE SIGNAAL", phase="orange")
    member.add("warning_signs", "ROOD SIGNAAL", phase="red")
    member.add("warning_signs", "SIGNAAL ZONDER FASE")
    member.add("triggers", "UITLOKKER")  # not a phased section: not limited
    link = make_link(member, sections=("warning_signs", "triggers"), phases=("orange", "red"))

    page = app.test_client().get(link).get_data(as_text=True)
    assert "ORANJE SIGNAAL" in page and "ROOD SIGNAAL" in page
    assert "GROEN SIGNAAL" not in page and "GEEL SIGNAAL" not in page
    assert "SIGNAAL ZONDER FASE" in page and "UITLOKKER" in page  # as the help text says
    shares_page = member.page("/plan/shares")
    assert "Signalen en acties: alleen oranje en rood." in shares_page
    assert "Regels zonder fase zien ze altijd." in shares_page
    # A change in a phase the link does not show is no change for that supporter.
    member.add("warning_signs", "NOG EEN GROEN SIGNAAL", phase="green")
    again = app.test_client().get(link).get_data(as_text=True)
    assert "Sinds je vorige bezoek" not in again and "NOG EEN GROEN" not in again


def test_every_phase_is_stored_as_no_limit_and_none_is_refused(member, db):
    make_link(member)
    db.rollback()
    assert db.scalar(select(PlanShare.phases)) is None
    from tests.conftest import csrf_token

    response = member.client.post(
        "/plan/shares",
        data={
            "csrf_token": csrf_token(member.client, "/plan/shares"),
            "supporter": "Sam",
            "sections": ["warning_signs"],
            "expiry": "week",
        },
    )
    assert response.status_code == 422 and "Kies minstens één fase." in response.get_data(True)
    db.rollback()
    assert db.scalar(select(func.count()).select_from(PlanShare)) == 1


def test_the_page_costs_the_same_queries_however_much_changed(app, member, db, statements):
    member.add("warning_signs", "Ik slaap slecht")
    link = make_link(member, sections=("warning_signs", "triggers", "supporters"))
    sam = app.test_client()
    sam.get(link)

    def cost(lines: int) -> int:
        for number in range(lines):
            member.add("triggers", f"Uitlokker {lines}-{number}")
            member.post("/plan/contacts/new", name=f"Iemand {lines}-{number}")
        before = statements.count
        page = sam.get(link).get_data(as_text=True)
        assert page.count(">Nieuw</span>") == 2 * lines
        return statements.count - before

    assert cost(2) == cost(12)


def test_each_opening_is_logged_once_and_the_app_files_log_nothing(app, member, world, db):
    link = make_link(member)
    sam = app.test_client()
    sam.get(link)
    for path in ("manifest.webmanifest", "sw.js"):
        assert sam.get(link + path).status_code == 200
    db.rollback()
    assert db.scalar(select(func.count()).select_from(ShareView)) == 1
    reads = db.scalars(select(AuditEvent).where(AuditEvent.actor_share_id.is_not(None))).all()
    assert [(e.action, e.object_type, e.subject_user_id) for e in reads] == [
        ("read", "plan", world.member_a.id)
    ]


def test_the_old_address_goes_to_the_page_under_the_worker_scope(app, member):
    link = make_link(member)
    assert link.endswith("/")
    response = app.test_client().get(link.rstrip("/"))
    assert response.status_code == 308 and response.headers["Location"].endswith(link)
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_the_links_own_manifest_and_worker(app, member):
    link = make_link(member)
    sam = app.test_client()
    page = sam.get(link).get_data(as_text=True)
    # Nothing of the member's app: not its manifest, worker registration or scripts.
    assert f'rel="manifest" href="{link}manifest.webmanifest"' in page
    assert '/manifest.webmanifest"' not in page.replace(f"{link}manifest.webmanifest", "")
    assert "js/kring.js" not in page and "js/queue.js" not in page
    assert f'data-worker="{link}sw.js" data-scope="{link}"' in page
    assert "data-offline-note hidden" in page

    manifest = sam.get(link + "manifest.webmanifest")
    assert manifest.mimetype == "application/manifest+json"
    assert manifest.headers["Referrer-Policy"] == "no-referrer"
    data = json.loads(manifest.get_data())
    assert (data["start_url"], data["scope"], data["id"]) == (link, link, link)
    assert data["name"] == "Kring: gedeeld met jou" and "Anna" not in manifest.get_data(True)

    worker = sam.get(link + "sw.js")
    assert worker.mimetype == "text/javascript"
    assert worker.headers["Cache-Control"] == "no-cache"
    settings = json.loads(re.match(r"const KRING_LINK = (.*);\n", worker.get_data(True)).group(1))
    assert settings["page"] == link
    assert any(f.startswith("/static/css/kring.css?v=") for f in settings["files"])
    assert "importScripts" not in worker.get_data(True)  # nothing of the member's worker
    # A content-security policy that lets the page register it and read its manifest.
    csp = sam.get(link).headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp


def test_a_stopped_link_has_no_manifest_or_worker_and_its_page_installs_nothing(app, member, db):
    link = make_link(member)
    share = db.scalar(select(PlanShare))
    member.post(f"/plan/shares/{share.id}/revoke")
    sam = app.test_client()
    assert sam.get(link + "manifest.webmanifest").status_code == 404
    assert sam.get(link + "sw.js").status_code == 404
    gone = sam.get(link)
    assert gone.status_code == 410
    assert "manifest" not in gone.get_data(True) and "<script" not in gone.get_data(True)


def test_the_members_own_worker_leaves_supporter_links_alone():
    from server.offline.assets import SERVICE_WORKER_SOURCE

    source = SERVICE_WORKER_SOURCE.read_text()
    fetch = source[source.index('addEventListener("fetch"') :]
    # The first thing its fetch handler does: let /s/ requests pass untouched.
    first_test = fetch[: fetch.index("request.method")]
    assert 'url.pathname.indexOf("/s/") === 0) { return; }' in first_test


def test_a_plan_shared_before_its_first_save_marks_nothing(app, member, db):
    """Its first version was never stored, so there is nothing to compare with."""
    link = make_link(member)
    app.test_client().get(link)
    db.rollback()
    assert db.scalar(select(PlanShare.seen_version)) == 1
    assert db.scalar(select(func.count()).select_from(PlanVersion)) == 0
    member.add("warning_signs", "Ik slaap slecht")
    page = app.test_client().get(link).get_data(as_text=True)
    assert marked(page) == {} and "Ik slaap slecht" in page
