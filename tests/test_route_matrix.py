"""The access-control matrix (SECURITY.md: "No access across members, groups, practices").

Every rule of `app.url_map` x every role x every method it allows (HEAD and OPTIONS
aside) is requested, with every id in the URL filled with something that belongs to
member A or her group A. The table EXPECTED below says what each role must get; a route
without an entry fails the test, so a route added later cannot slip past it.

Roles: anonymous; member A (a@example.org, whose things the URLs point at); member B
(another group, same practice); therapist A (ta@example.org, leads group A); therapist C
(another practice); A's supporter (no account, holds a working /s/<token> link to
A's plan); admin A (ad@example.org, the practice admin of A's practice, who leads no
group) and admin C (the admin of the other practice).

POSTs carry a valid CSRF token and nothing else: this is about access, not CSRF. Where
the rule is not "ok", nothing may change in the database (the access log aside, where a
refused access adds only "refused" rows), and A's texts show only to those allowed to
read them. After a cell that changed anything, the database and the client's session are
put back as they were, so no cell depends on another.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlsplit

import pyotp
import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from server.announcements import services as announcements
from server.auth import services as accounts
from server.extensions import limiter
from server.groups.models import Membership
from server.homework.models import Assignment, Reflection
from server.journey import goals
from server.plan import services as plans
from server.plan import share_mail, shares, together
from server.plan.models import PROFESSIONAL
from server.practice import staff as staff_services
from server.practice import waiting_list
from server.push import mailing
from server.push.models import MEETING_CHANGED
from server.schedule import calendar, recurrence
from tests.conftest import PASSWORD, config_for, csrf_token

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)  # a Thursday, like the other suites
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # the therapists' second factor

ROLES = (
    "anonymous",
    "member_a",
    "member_b",
    "therapist_a",
    "therapist_c",
    "supporter",
    "admin_a",
    "admin_c",
)
EMAILS = {
    "member_a": "a@example.org",
    "member_b": "b@example.org",
    "therapist_a": "ta@example.org",
    "therapist_c": "tc@example.org",
    "admin_a": "ad@example.org",
    "admin_c": "adc@example.org",
}

# What a cell may answer:
#   "ok"    200, or a redirect somewhere other than the sign-in page; may change data
#   "login" a redirect to the sign-in page (/login); nothing changes
#   "out"   a redirect to /login because the request signed the visitor out; may change
#   "400", "404", "410", "422", ...  exactly that status; nothing changes
# For someone else's object the answer is 404, never 403 (SECURITY.md).
OK, LOGIN, OUT = "ok", "login", "out"
CHANGES_ALLOWED = {OK, OUT}
#: no access at all: not even a read of someone's data may be logged as allowed
REFUSED = {LOGIN, "404"}

ALL_OK = (OK,) * 6
# (anonymous, member_a, member_b, therapist_a, therapist_c, supporter)
#: member A's own thing: only she reaches it; other members and therapists get a 404
A_ONLY = (LOGIN, OK, "404", "404", "404", LOGIN)
#: a member's own page (every member has one of her own); therapists get a 404
MEMBERS = (LOGIN, OK, OK, "404", "404", LOGIN)
#: group A's thing in the therapists' area: only its therapist
TA_ONLY = (LOGIN, "404", "404", OK, "404", LOGIN)
#: the therapists' own area: every therapist, members get a 404
THERAPISTS = (LOGIN, "404", "404", OK, OK, LOGIN)
#: any signed-in account
SIGNED_IN = (LOGIN, OK, OK, OK, OK, LOGIN)


def a_only(status: str) -> tuple:
    """A's own thing, where A's empty form is refused with `status` (nothing changes)."""
    return (LOGIN, status, "404", "404", "404", LOGIN)


def members(status: str) -> tuple:
    """Each member's own page, where an empty form is refused with `status`."""
    return (LOGIN, status, status, "404", "404", LOGIN)


def ta_only(status: str) -> tuple:
    """Group A's thing for its therapist, where an empty form is refused with `status`."""
    return (LOGIN, "404", "404", status, "404", LOGIN)


EXPECTED: dict[str, dict[str, tuple]] = {
    # Public: static files, the health check, sign-in and the capability links.
    "static": {"GET": ALL_OK},
    "healthz": {"GET": ALL_OK},
    "auth.login": {"GET": ALL_OK, "POST": ALL_OK},  # an empty form is shown again
    "auth.logout": {"POST": (OUT,) * 6},
    # The second step of signing in: without a password just given, back to /login.
    "auth.code": {"GET": (LOGIN,) * 6, "POST": (LOGIN,) * 6},
    "auth.setup_totp": {"GET": (LOGIN,) * 6, "POST": (LOGIN,) * 6},
    "auth.request_reset": {"GET": ALL_OK, "POST": ALL_OK},
    # A's reset link and group A's invitation are capabilities: whoever holds one may
    # open it, and an empty form is only shown again.
    "auth.reset": {"GET": ALL_OK, "POST": ALL_OK},
    "auth.accept_invite": {"GET": ALL_OK, "POST": ALL_OK},
    "auth.change_language": {"POST": ("400",) * 6},  # no language chosen
    "supporter.page": {"GET": ALL_OK},
    "supporter.old_address": {"GET": ALL_OK},  # to the page under the link's own scope
    "supporter.manifest": {"GET": ALL_OK},  # the link's own small app
    "supporter.service_worker": {"GET": ALL_OK},
    "supporter.stop_mail": {"GET": ALL_OK, "POST": ALL_OK},  # the signed stop link, one click
    "schedule.feed_ics": {"GET": ALL_OK},  # A's calendar-feed token
    # The member's start page and "Meer".
    "home.index": {"GET": SIGNED_IN},  # a therapist is sent on to /therapist/
    "home.more": {"GET": SIGNED_IN},
    "announcements.dismiss": {"POST": A_ONLY},  # group A's announcement, closed by A
    # The app shell: the same for everyone, nothing personal in it.
    "offline.manifest": {"GET": ALL_OK},
    "offline.service_worker": {"GET": ALL_OK},
    "offline.offline_page": {"GET": ALL_OK},
    # A fresh CSRF token for the offline queue; signed out it says so instead of redirecting.
    "offline.token": {"GET": ("401", OK, OK, OK, OK, "401")},
    "offline.device": {"GET": SIGNED_IN, "POST": SIGNED_IN},  # a setting of this device
    # The account: always one's own, there is no id in these URLs. Every change asks for
    # the current password, so an empty form is refused.
    "account.security": {"GET": SIGNED_IN},
    "account.password": {"GET": SIGNED_IN, "POST": (LOGIN, "422", "422", "422", "422", LOGIN)},
    # The therapists have a second factor already: they are sent back to the overview.
    "account.enable_totp": {"GET": SIGNED_IN, "POST": (LOGIN, "422", "422", OK, OK, LOGIN)},
    "account.disable_totp": {"POST": members("422")},  # therapists may not switch it off
    "account.new_codes": {"POST": (LOGIN, "404", "404", "422", "422", LOGIN)},  # no 2FA: none
    "account.sign_out_elsewhere": {"POST": SIGNED_IN},
    "account.access": {"GET": MEMBERS},
    "account.export_json": {"GET": MEMBERS},
    "account.export_html": {"GET": MEMBERS},
    "account.delete": {"GET": MEMBERS, "POST": members("422")},
    # Notifications: each member's own choices and devices. Unticked boxes are choices.
    "push.settings": {"GET": MEMBERS, "POST": MEMBERS},
    "push.subscribe": {"POST": members("400")},  # no subscription in the body
    "push.unsubscribe": {"POST": members("400")},  # no endpoint
    "push.remove_device": {"POST": members("400")},  # no device
    "push.send_test": {"POST": MEMBERS},  # no device: told to switch on first
    "push.stop_email": {"GET": ALL_OK, "POST": ALL_OK},  # A's signed stop link, one click
    # Schedule: A's meeting in group A.
    "schedule.index": {"GET": MEMBERS},
    "schedule.earlier": {"GET": MEMBERS},
    "schedule.meeting": {"GET": A_ONLY},
    "schedule.meeting_ics": {"GET": A_ONLY},
    "schedule.cancel": {"GET": A_ONLY, "POST": A_ONLY},  # a reason is optional
    "schedule.undo": {"POST": A_ONLY},
    "schedule.feed": {"GET": MEMBERS, "POST": MEMBERS},  # each member's own feed
    "schedule.stop_feed": {"POST": MEMBERS},
    "schedule.feed_place": {"POST": MEMBERS},  # an unticked box is a choice
    # Homework: A's assignment and her reflection on it.
    "homework.index": {"GET": MEMBERS},
    "homework.new": {"GET": MEMBERS, "POST": members("422")},
    "homework.assignment": {"GET": A_ONLY},
    "homework.write": {"GET": A_ONLY},
    "homework.add_reflection": {"POST": a_only("422")},
    # Fields left out keep their stored text; the unticked box means "not shared".
    "homework.edit_reflection": {"GET": A_ONLY, "POST": A_ONLY},
    "homework.share": {"POST": A_ONLY},
    "homework.done": {"POST": A_ONLY},
    # The plan: A's items, contacts, versions and supporter links. Every member has a
    # plan of her own, so member B reaches the pages without an id (her own plan).
    "plan.index": {"GET": MEMBERS},
    "plan.edit_section": {"GET": MEMBERS},  # a section every plan has
    "plan.add_item": {"POST": members("400")},  # no section
    "plan.edit_item": {"GET": A_ONLY, "POST": a_only("422")},
    "plan.move_item": {"POST": a_only("400")},  # no version
    "plan.delete_item": {"POST": a_only("400")},
    "plan.restore_item": {"POST": a_only("404")},  # not deleted: nothing to restore
    "plan.contact /plan/contacts/new": {"GET": MEMBERS, "POST": members("422")},
    "plan.contact /plan/contacts/<int:contact_id>/edit": {"GET": A_ONLY, "POST": a_only("422")},
    "plan.move_contact": {"POST": a_only("400")},
    "plan.delete_contact": {"POST": a_only("400")},
    "plan.restore_contact": {"POST": a_only("404")},
    "plan.professional /plan/professionals/new": {"GET": MEMBERS, "POST": members("422")},
    "plan.professional /plan/professionals/<int:professional_id>/edit": {
        "GET": A_ONLY,
        "POST": a_only("422"),
    },
    "plan.settings": {"GET": MEMBERS, "POST": members("400")},
    "plan.card": {"GET": MEMBERS},
    "plan.card_parts": {"POST": members("400")},
    "plan.card_download": {"GET": MEMBERS},
    "plan.versions": {"GET": MEMBERS},
    "plan.version": {"GET": A_ONLY},
    "plan.restore_version": {"POST": a_only("400")},
    "plan.print_view": {"GET": MEMBERS},
    "plan.pdf": {"GET": MEMBERS},
    "plan.share_list": {"GET": MEMBERS, "POST": members("422")},
    "plan.revoke_share": {"POST": a_only("400")},
    # Together with the therapists: the switch and the dates are each member's own; a
    # suggestion is one for A's plan. Therapist A reads A's plan (she shares it).
    "plan.sharing": {"POST": members("400")},  # neither on nor off
    "plan.decide": {"POST": a_only("400")},  # no version
    # Its own page; posting no dates changes nothing, and that is allowed.
    "plan.review": {"GET": MEMBERS, "POST": MEMBERS},
    "therapist.member_plan": {"GET": TA_ONLY},
    "therapist.suggest": {"POST": ta_only("400")},  # no section
    "therapist.plan_review": {"POST": ta_only("422")},  # no day it was discussed
    # The therapists' area: group A, its meeting, series, A's membership and assignment.
    "therapist.index": {"GET": THERAPISTS},
    "therapist.attendance_export": {"GET": THERAPISTS},  # the form; a file for their groups
    "therapist.group_announcements": {"GET": TA_ONLY, "POST": ta_only("422")},
    "therapist.group": {"GET": TA_ONLY},
    "therapist.invite": {"POST": ta_only("422")},
    "therapist.new_series": {"GET": TA_ONLY, "POST": ta_only("422")},
    "therapist.extend_series": {"GET": TA_ONLY, "POST": ta_only("422")},
    "therapist.meeting": {"GET": TA_ONLY},
    "therapist.edit_meeting": {"POST": ta_only("422")},
    "therapist.cancel_meeting": {"GET": TA_ONLY, "POST": ta_only("422")},
    "therapist.restore_meeting": {"POST": TA_ONLY},
    "therapist.save_register": {"POST": ta_only("409")},  # the meeting has not started
    "therapist.membership": {"GET": TA_ONLY, "POST": TA_ONLY},  # unchanged dates, saved
    "therapist.group_homework": {"GET": TA_ONLY, "POST": ta_only("422")},
    "therapist.assignment": {"GET": TA_ONLY, "POST": ta_only("422")},
    # The journey: A's personal goal (proposed by her therapist) and her membership.
    "journey.goals": {"GET": MEMBERS},
    "journey.add_goal": {"POST": members("422")},
    "journey.confirm_goal": {"POST": A_ONLY},
    "journey.add_note": {"POST": a_only("422")},
    "journey.evaluation": {"GET": A_ONLY, "POST": A_ONLY},  # an empty evaluation is saved
    "therapist.group_journey": {"GET": TA_ONLY, "POST": TA_ONLY},  # no phases is allowed
    "therapist.member_goal": {"POST": TA_ONLY},  # empty: told to write it first
    "therapist.member_phase": {"POST": ta_only("400")},
    "therapist.edit_goal": {"POST": TA_ONLY},  # empty: told to write it first
}

# The practice area. Columns: (anonymous, member_a, member_b, therapist_a, therapist_c,
# supporter, admin_a, admin_c); the rows above have six and are extended below.
#: the practice admin's own area (there is no practice id in the URL: her own practice)
ADMINS = (LOGIN, "404", "404", "404", "404", LOGIN, OK, OK)
#: therapist A or the admin of A's practice, on a thing of group A's or A's practice
TA_OR_ADMIN_A = (LOGIN, "404", "404", OK, "404", LOGIN, OK, "404")
#: every therapist and admin (a new group, the list of one's own groups)
STAFF = (LOGIN, "404", "404", OK, OK, LOGIN, OK, OK)


def staff(status: str) -> tuple:
    return (LOGIN, "404", "404", status, status, LOGIN, status, status)


EXPECTED.update(
    {
        # Fields left out keep the stored details.
        "practice.index": {"GET": ADMINS, "POST": ADMINS},
        "practice.therapists": {"GET": ADMINS},
        "practice.invite_therapist": {"POST": (*ADMINS[:6], "422", "422")},  # no address
        # Therapist A, who works in A's practice: only A's admin may act on her.
        "practice.deactivate": {"POST": (*ADMINS[:6], OK, "404")},
        "practice.activate": {"POST": (*ADMINS[:6], OK, "404")},
        "practice.reset_second_step": {"POST": (*ADMINS[:6], OK, "404")},
        "practice.access_log_page": {"GET": ADMINS},
        "practice.access_log_csv": {"GET": ADMINS},
        "groups_admin.index": {"GET": STAFF},
        "groups_admin.new": {"GET": STAFF, "POST": staff("422")},  # an empty form
        "groups_admin.group": {
            "GET": TA_OR_ADMIN_A,
            "POST": (*TA_OR_ADMIN_A[:3], "422", "404", LOGIN, "422", "404"),
        },
        "groups_admin.archive": {"POST": TA_OR_ADMIN_A},
        "groups_admin.add_waiting": {
            "POST": (*TA_OR_ADMIN_A[:3], "422", "404", LOGIN, "422", "404")
        },
        "groups_admin.invite_waiting": {"POST": TA_OR_ADMIN_A},  # group A has places
        "groups_admin.remove_waiting": {"POST": TA_OR_ADMIN_A},
        # A staff invitation of A's practice is a capability like a member's invitation.
        "welcome.accept": {"GET": (OK,) * 8, "POST": ("422",) * 8},
    }
)
# Admins lead no group: everywhere else they get what therapist C (another practice) gets.
for _methods in EXPECTED.values():
    for _method, _row in _methods.items():
        if len(_row) == 6:
            _methods[_method] = (*_row, _row[4], _row[4])

# A's texts, who may see them on any page, and the pages where whoever gets in sees them.
ASSIGNMENT, REFLECTION = "OPDRACHT VAN ANNA", "REFLECTIE VAN ANNA"
PLAN_ITEM, CONTACT, SUPPORTER = "PLANTEKST VAN ANNA", "CONTACT VAN ANNA", "STEUN VAN ANNA"
SHARED_PLAN = {"therapist.member_plan", "therapist.plan_review"}  # A's plan, as shared
SECRETS = {
    ASSIGNMENT: ({"member_a", "therapist_a"}, set()),
    REFLECTION: ({"member_a", "therapist_a"}, set()),  # shared with her therapists
    # In the section her link shows, and for her therapist (she shares it with them).
    PLAN_ITEM: ({"member_a"}, {"supporter.page", *SHARED_PLAN}),
    CONTACT: ({"member_a"}, SHARED_PLAN),
    SUPPORTER: ({"member_a"}, set()),
}

# Where a URL names an object, it is one of member A's (see `a_world`). A token differs
# per route, so those are chosen by endpoint.
TOKEN_OF = {
    "auth.accept_invite": "invite",
    "auth.reset": "reset",
    "schedule.feed_ics": "feed",
    "supporter.page": "share",
    "supporter.old_address": "share",
    "supporter.manifest": "share",
    "supporter.service_worker": "share",
    "supporter.stop_mail": "share_mail_stop",
    "welcome.accept": "staff_invite",
    "push.stop_email": "email_stop",
}


@dataclass
class AWorld:
    """Member A's things, the ids and tokens that fill the URLs."""

    values: dict
    tokens: dict


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def a_world(factory, db) -> AWorld:
    world = factory.world()
    a, group_a = world.member_a, world.group_a
    admin_a = factory.therapist(world.practice, email="ad@example.org")
    admin_c = factory.therapist(world.other_practice, email="adc@example.org")
    for admin in (admin_a, admin_c):
        admin.practice_admin = True
    for therapist in (world.therapist_a, world.therapist_b, world.therapist_c, admin_a, admin_c):
        therapist.totp_secret = TOTP_SECRET  # where a second factor is asked, they have one

    meeting = factory.meeting(group_a, NOW + timedelta(days=3))  # not started, not late
    series = recurrence.create_series(
        db,
        group_a,
        frequency="weekly",
        starts_on=date(2026, 12, 7),
        start_time=time(9, 30),
        duration_minutes=90,
        count=3,
    )
    assignment = Assignment(
        group_id=group_a.id,
        member_id=a.id,
        set_by_id=world.therapist_a.id,
        title=ASSIGNMENT,
        due_meeting_id=meeting.id,
    )
    db.add(assignment)
    db.flush()
    reflection = Reflection(
        assignment_id=assignment.id,
        member_id=a.id,
        tried=REFLECTION,
        shared=True,
        shared_at=NOW - timedelta(days=1),
    )
    db.add(reflection)

    plan = plans.plan_for(db, a, NOW)
    item = plans.add_item(db, plan, plan.version, "warning_signs", PLAN_ITEM, "", NOW)
    version_number = plan.version  # a stored version of A's plan
    contact = plans.add_contact(db, plan, plan.version, {"name": CONTACT, "phone": "06"}, NOW)
    professional = plans.add_contact(
        db, plan, plan.version, {"name": CONTACT, "role": "gp", "phone": "06"}, NOW, PROFESSIONAL
    )
    share, share_token = shares.create_share(
        db, plan, shares.LinkChoices(SUPPORTER, ["warning_signs"], "quarter"), NOW
    )
    together.set_sharing(db, plan, True, NOW)
    suggestion = together.suggest(db, world.therapist_a, plan, "own_actions", None, "VOORSTEL", NOW)
    # The other members have plans too, so a refused request does not make one.
    plans.plan_for(db, world.member_b, NOW)
    plans.plan_for(db, world.member_c, NOW)

    goal = goals.propose_goal(db, group_a, a, "DOEL VAN ANNA", world.therapist_a, NOW)
    feed_token = calendar.create_feed(db, a)
    invite_token = accounts.create_invite(
        db, world.therapist_a, group_a, "new@example.org", NOW.date()
    )
    _, reset_token = accounts.start_password_reset(db, a.email)
    staff_token = staff_services.invite_staff(
        db, world.practice, "new.therapist@example.org", admin=False, invited_by=admin_a
    )
    candidate = waiting_list.add(
        db, admin_a, group_a, "Kandidaat", "wacht@example.org", NOW.date() + timedelta(days=14)
    )
    membership = db.scalar(
        select(Membership).where(Membership.member_id == a.id, Membership.group_id == group_a.id)
    )
    announcement = announcements.post(db, world.therapist_a, group_a, "We beginnen om 10:15")
    db.commit()
    return AWorld(
        values={
            "group_id": group_a.id,
            "meeting_id": meeting.id,
            "series_id": series.id,
            "membership_id": membership.id,
            "assignment_id": assignment.id,
            "reflection_id": reflection.id,
            "item_id": item.id,
            "contact_id": contact.id,
            "professional_id": professional.id,
            "number": version_number,
            "section": "warning_signs",
            "share_id": share.id,
            "goal_id": goal.id,
            "filename": "css/kring.css",
            "user_id": world.therapist_a.id,
            "entry_id": candidate.id,
            "announcement_id": announcement.id,
            "suggestion_id": suggestion.id,
        },
        tokens={
            "invite": invite_token,
            "reset": reset_token,
            "feed": feed_token,
            "share": share_token,
            "staff_invite": staff_token,
            "email_stop": mailing.stop_token(config_for("")["SECRET_KEY"], a.id, MEETING_CHANGED),
            "share_mail_stop": share_mail.stop_token(config_for("")["SECRET_KEY"], share.id),
        },
    )


# --- the clients, one per role ---------------------------------------------------------


def _location_path(response) -> str:
    return urlsplit(response.headers.get("Location", "")).path


def _sign_in(client: FlaskClient, email: str) -> None:
    token = csrf_token(client, "/login")
    response = client.post(
        "/login", data={"email": email, "password": PASSWORD, "csrf_token": token}
    )
    if _location_path(response) == "/login/code":  # the second factor, where it is asked
        token = csrf_token(client, "/login/code")
        code = pyotp.TOTP(TOTP_SECRET).now()
        response = client.post("/login/code", data={"code": code, "csrf_token": token})
    assert response.status_code == 302 and not _location_path(response).startswith("/login"), (
        f"could not sign in as {email}: {response.status_code} {response.headers.get('Location')}"
    )


class Visitor:
    """One role's client and CSRF token. After every cell `reset()` gives the client its
    first session cookie back: together with the database restored to its snapshot (the
    session version included), a request that signed the client out, in or elsewhere
    leaves no trace for the next cell, and nobody has to sign in again."""

    def __init__(self, app, role: str, share_token: str):
        self.client = app.test_client()
        self.cookie_name = app.config["SESSION_COOKIE_NAME"]
        email = EMAILS.get(role)
        if email:
            _sign_in(self.client, email)
        if role == "supporter":
            response = self.client.get(f"/s/{share_token}/")
            assert response.status_code == 200, "the supporter link does not work"
        self.token = csrf_token(self.client, "/more" if email else "/login")
        self.cookie = self.client.get_cookie(self.cookie_name).value

    def reset(self) -> None:
        self.client.set_cookie(self.cookie_name, self.cookie)


# --- the database: what changed, and back to how it was ---------------------------------


class Database:
    """A plain sqlite3 connection to the test's database: notices any commit (PRAGMA
    data_version), says which tables changed, and restores a snapshot."""

    IGNORED = {"alembic_version", "audit_event"}

    def __init__(self, url: str):
        path = url.removeprefix("sqlite:///")
        self.connection = sqlite3.connect(path, isolation_level=None)
        self.snapshot = sqlite3.connect(":memory:")
        self.tables = [
            name
            for (name,) in self.connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
            if name not in self.IGNORED
        ]

    def version(self) -> int:
        return self.connection.execute("PRAGMA data_version").fetchone()[0]

    def last_audit_id(self) -> int:
        return self.connection.execute("SELECT coalesce(max(id), 0) FROM audit_event").fetchone()[0]

    def audit_since(self, last_id: int) -> list[tuple]:
        return self.connection.execute(
            "SELECT action, object_type, outcome, subject_user_id FROM audit_event WHERE id > ?",
            (last_id,),
        ).fetchall()

    def contents(self) -> dict[str, list]:
        return {
            # The names come from sqlite_master, not from a request.
            table: sorted(map(repr, self.connection.execute(f'SELECT * FROM "{table}"')))  # noqa: S608
            for table in self.tables
        }

    def save(self) -> None:
        self.connection.backup(self.snapshot)
        self.saved = self.contents()

    def changed_tables(self) -> list[str]:
        now = self.contents()
        return [table for table in self.tables if now[table] != self.saved[table]]

    def restore(self) -> None:
        self.snapshot.backup(self.connection)

    def close(self) -> None:
        self.snapshot.close()
        self.connection.close()


# --- the matrix --------------------------------------------------------------------------


def _key(rule, rules_per_endpoint: dict) -> str:
    if rules_per_endpoint[rule.endpoint] > 1:
        return f"{rule.endpoint} {rule.rule}"
    return rule.endpoint


def _url(rule, world: AWorld) -> str:
    def value(match) -> str:
        name = match.group("name")
        if rule.endpoint in TOKEN_OF:
            return world.tokens[TOKEN_OF[rule.endpoint]]
        if name not in world.values:
            raise LookupError(f"no value for <{name}> in {rule.rule}: add one of A's to a_world")
        return str(world.values[name])

    return re.sub(r"<(?:[^:<>]+:)?(?P<name>[^<>]+)>", value, rule.rule)


def _observed(response) -> str:
    if response.status_code in (301, 302, 303, 307, 308):
        return LOGIN if _location_path(response) == "/login" else OK
    if response.status_code == 200:
        return OK
    return str(response.status_code)


def _matches(expected: str, observed: str) -> bool:
    return observed == (LOGIN if expected == OUT else expected)


def test_every_route_for_every_role(app, a_world, capsys):
    database = Database(app.config["DATABASE_URL"])
    visitors = {role: Visitor(app, role, a_world.tokens["share"]) for role in ROLES}
    database.save()
    known = database.version()

    rules = sorted(app.url_map.iter_rules(), key=lambda rule: (rule.rule, rule.endpoint))
    rules_per_endpoint: dict[str, int] = {}
    for rule in rules:
        rules_per_endpoint[rule.endpoint] = rules_per_endpoint.get(rule.endpoint, 0) + 1
    keys = {_key(rule, rules_per_endpoint) for rule in rules}

    problems: list[str] = []
    missing: dict[str, list[str]] = {}
    cells = 0
    for rule in rules:
        key = _key(rule, rules_per_endpoint)
        try:
            url = _url(rule, a_world)
        except LookupError as error:
            problems.append(f"{key}: {error}")
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            row = EXPECTED.get(key, {}).get(method)
            seen = []
            for index, role in enumerate(ROLES):
                visitor = visitors[role]
                limiter.reset()  # throttling has tests of its own; here it would only hide
                audit_before = database.last_audit_id()
                if method == "GET":
                    response = visitor.client.get(url)
                else:
                    response = visitor.client.open(
                        url, method=method, data={"csrf_token": visitor.token}
                    )
                observed = _observed(response)
                seen.append(observed)
                cells += 1
                where = f"{method} {url} ({key}) as {role}"
                if row is not None and not _matches(row[index], observed):
                    problems.append(
                        f"{where}: expected {row[index]!r}, got {response.status_code}"
                        f" {response.headers.get('Location', '')}".rstrip()
                    )
                body = response.get_data()
                for secret, (readers, pages) in SECRETS.items():
                    may_see = role in readers or rule.endpoint in pages
                    if not may_see and secret.encode() in body:
                        problems.append(f"{where}: shows A's {secret!r}")
                if response.status_code == 403:
                    problems.append(f"{where}: 403; someone else's object is a 404 (SECURITY.md)")
                if response.status_code >= 500:
                    problems.append(f"{where}: {response.status_code}")
                changed = database.version() != known
                if changed and row is not None and row[index] not in CHANGES_ALLOWED:
                    tables = database.changed_tables()
                    if tables:
                        problems.append(f"{where}: refused, yet changed {', '.join(tables)}")
                    logged = database.audit_since(audit_before)
                    allowed = [event for event in logged if event[2] != "refused"]
                    if row[index] in REFUSED and allowed:
                        problems.append(f"{where}: refused, yet logged {allowed} as allowed")
                visitor.reset()
                if changed:
                    database.restore()
                    known = database.version()
            if row is None:
                missing.setdefault(key, []).append(f"{method}: {tuple(seen)}")
    for key in sorted(EXPECTED.keys() - keys):
        problems.append(f"{key}: an expectation for a route that does not exist (any more)")
    for key, observations in sorted(missing.items()):
        problems.append(
            f"add an expectation for {key} to EXPECTED (observed, as"
            f" {'/'.join(ROLES)}: {'; '.join(observations)})"
        )
    leftover = database.changed_tables()  # the harness itself: every cell was undone
    database.close()

    with capsys.disabled():
        print(f"\nroute matrix: {cells} route x role x method cells checked")
    assert cells >= len(EXPECTED) * len(ROLES)
    assert not leftover, f"the database was not restored: {leftover}"
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
