"""Every create form acts once, however it is sent (issue: double tap, two tabs with
the same page, Back and send again, an offline replay): the drawn form carries a
one-time key, and a second request with that key gets the first answer.

Each form is taken from its real page as a browser would send it, posted twice in a
row and then twice at the same moment, on SQLite and on PostgreSQL."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from sqlalchemy import func, select

from server.announcements.models import Announcement
from server.auth.models import Invite
from server.db import now_utc
from server.groups.models import Membership
from server.homework.models import Assignment, Reflection
from server.journey.models import Goal
from server.plan.models import PlanItem, PlanShare, SupportContact
from server.practice.models import WaitingListEntry
from server.schedule.models import MeetingSeries
from tests.conftest import sign_in
from tests.factories import Factory


class _Forms(HTMLParser):
    """The page's forms as a browser would send them: {action: {name: [values]}}."""

    def __init__(self, page_url: str):
        super().__init__()
        self.page_url, self.forms, self._form, self._select, self._area = (
            page_url,
            [],
            None,
            None,
            None,
        )

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = (a.get("action") or self.page_url, {})
            self.forms.append(self._form)
        elif self._form is None or "name" not in a and tag != "option":
            return
        elif tag == "input" and a.get("type") not in ("submit", "button"):
            if a.get("type") not in ("checkbox", "radio") or "checked" in a:
                self._form[1].setdefault(a["name"], []).append(a.get("value", ""))
        elif tag == "select":
            self._select = a["name"]
        elif (
            tag == "option"
            and self._select
            and ("selected" in a or self._select not in self._form[1])
        ):
            self._form[1][self._select] = [a.get("value", "")]
        elif tag == "textarea":
            self._area = a["name"]
            self._form[1][self._area] = [""]

    def handle_data(self, data):
        if self._area:
            self._form[1][self._area][0] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._area = None
        elif tag == "form":
            self._form = None


def drawn_form(client, page_url: str, action: str, pick: dict) -> dict:
    """The form posting to `action`; among several, the one holding `pick`'s values
    (None: the field is there)."""
    forms = _Forms(page_url)
    forms.feed(client.get(page_url).get_data(as_text=True))
    [fields] = [
        fields
        for url, fields in forms.forms
        if url == action
        and all(k in fields if v is None else fields.get(k) == [v] for k, v in pick.items())
    ]
    assert "form_key" in fields, f"the form for {action} on {page_url} has no one-time key"
    return fields


@dataclass
class CreateForm:
    name: str
    role: str  # "member" or "therapist"
    page: str  # where the form is drawn, {a}/{g}/{m} filled in
    action: str
    typed: dict
    model: type
    pick: dict = field(default_factory=dict)


FORMS = [
    CreateForm(
        "a plan line",
        "member",
        "/plan/sections/warning_signs",
        "/plan/items",
        {"text": "Ik slaap slecht"},
        PlanItem,
        pick={"section": "warning_signs"},
    ),
    CreateForm(
        "a support contact",
        "member",
        "/plan/contacts/new",
        "/plan/contacts/new",
        {"name": "Sam", "can_do": "Bellen"},
        SupportContact,
    ),
    CreateForm(
        "a professional contact",
        "member",
        "/plan/professionals/new",
        "/plan/professionals/new",
        {"name": "Dokter Jansen", "role": "gp", "phone": "045-0000001"},
        SupportContact,
    ),
    CreateForm(
        "a supporter link",
        "member",
        "/plan/shares",
        "/plan/shares",
        {"supporter": "Sam", "sections": "warning_signs"},
        PlanShare,
    ),
    CreateForm(
        "a supporter link for the red phase, with e-mail",
        "member",
        "/plan/shares",
        "/plan/shares",
        {
            "supporter": "Sam",
            "sections": "warning_signs",
            "phases": "red",
            "notify": "y",
            "notify_email": "sam@example.org",
        },
        PlanShare,
    ),
    CreateForm("her own goal", "member", "/goals", "/goals", {"text": "Vaker nee zeggen"}, Goal),
    CreateForm(
        "a reflection",
        "member",
        "/homework/{a}/write",
        "/homework/{a}/reflections",
        {"tried": "Ik zei nee."},
        Reflection,
    ),
    CreateForm(
        "her own assignment",
        "member",
        "/homework/new",
        "/homework/new",
        {"title": "Een keer nee zeggen"},
        Assignment,
    ),
    CreateForm(
        "homework for the whole group",
        "therapist",
        "/therapist/groups/{g}/homework",
        "/therapist/groups/{g}/homework",
        {"title": "Schrijf een brief"},
        Assignment,
    ),
    CreateForm(
        "a goal of the group",
        "therapist",
        "/therapist/groups/{g}/journey",
        "/therapist/groups/{g}/journey",
        {"goal-text": "Op tijd komen"},
        Goal,
        pick={"goal-text": None},
    ),
    CreateForm(
        "a goal for one member",
        "therapist",
        "/therapist/memberships/{m}",
        "/therapist/memberships/{m}/goals",
        {"goal-text": "Grenzen aangeven"},
        Goal,
    ),
    CreateForm(
        "a meeting series",
        "therapist",
        "/therapist/groups/{g}/series/new",
        "/therapist/groups/{g}/series/new",
        {"starts_on": "", "start_time": "09:30", "count": "4"},
        MeetingSeries,
    ),
    CreateForm(
        "an invitation",
        "therapist",
        "/therapist/groups/{g}",
        "/therapist/groups/{g}/invite",
        {"email": "nieuw@example.org", "joins_on": ""},
        Invite,
    ),
    CreateForm(
        "an announcement to the group",
        "therapist",
        "/therapist/groups/{g}/announcements",
        "/therapist/groups/{g}/announcements",
        {"text": "Volgende week beginnen we om 10:15"},
        Announcement,
    ),
    CreateForm(
        "a place on the waiting list",
        "therapist",
        "/admin/groups/{g}",
        "/admin/groups/{g}/waiting-list",
        {"waiting-name": "Kim", "waiting-email": "kim@example.org"},
        WaitingListEntry,
        pick={"waiting-name": None},
    ),
]


@dataclass
class Stage:
    app: object
    db: object
    ids: dict

    def url(self, template: str) -> str:
        return template.format(**self.ids)

    def count(self, model) -> int:
        self.db.rollback()
        return self.db.scalar(select(func.count()).select_from(model))

    def client_of(self, role: str):
        client = self.app.test_client()
        sign_in(client, "a@example.org" if role == "member" else "ta@example.org")
        return client


def _stage(app, db) -> Stage:
    factory = Factory(db)
    world = factory.world()
    assignment = factory.assignment(world)
    membership = db.scalar(select(Membership).filter_by(member_id=world.member_a.id))
    return Stage(app, db, {"a": assignment.id, "g": world.group_a.id, "m": membership.id})


@pytest.fixture(params=["sqlite", "postgres"])
def stage(request):
    if request.param == "sqlite":
        app, db = request.getfixturevalue("app"), request.getfixturevalue("db")
        return _stage(app, db)
    app = request.getfixturevalue("postgres_app")
    db = app.extensions["kring_db"](expire_on_commit=True)
    request.addfinalizer(db.close)
    return _stage(app, db)


def filled(stage: Stage, client, form: CreateForm) -> dict:
    fields = drawn_form(client, stage.url(form.page), stage.url(form.action), form.pick)
    typed = dict(form.typed)
    for name in ("starts_on", "joins_on"):
        if name in typed:
            typed[name] = (now_utc().date() + timedelta(days=7)).isoformat()
    return {**fields, **{name: [value] for name, value in typed.items()}}


@pytest.mark.parametrize("form", FORMS, ids=[f.name for f in FORMS])
def test_sent_twice_it_acts_once(stage, form):
    client = stage.client_of(form.role)
    data = filled(stage, client, form)  # drawing the plan page may make her plan first
    before = stage.count(form.model)
    first = client.post(stage.url(form.action), data=data)
    again = client.post(stage.url(form.action), data=data)  # double tap, or Back and send
    assert first.status_code == 302, first.get_data(as_text=True)[-2000:]
    assert (again.status_code, again.headers["Location"]) == (302, first.headers["Location"])
    assert again.headers["Idempotent-Replayed"] == "true"
    assert stage.count(form.model) == before + 1
    # The form drawn again is a new action, with a key of its own.
    assert client.post(stage.url(form.action), data=filled(stage, client, form)).status_code == 302
    assert stage.count(form.model) == before + 2


@pytest.mark.parametrize("form", FORMS, ids=[f.name for f in FORMS])
def test_sent_twice_at_the_same_moment_it_acts_once(stage, form):
    first = stage.client_of(form.role)
    data = filled(stage, first, form)
    second = stage.app.test_client()  # a second tab: the same browser session
    second.set_cookie("session", first.get_cookie("session").value)
    clients, before = [first, second], stage.count(form.model)
    barrier, answers = threading.Barrier(2), []

    def send(client):
        barrier.wait(timeout=10)
        answers.append(client.post(stage.url(form.action), data=data))

    threads = [threading.Thread(target=send, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(a.status_code for a in answers) == [302, 302]
    assert len({a.headers["Location"] for a in answers}) == 1  # both land on the result
    assert stage.count(form.model) == before + 1
