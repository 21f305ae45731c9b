"""Hostile input against every form a visitor, a member or a therapist can submit.

Random Unicode, 100 KB pastes, NUL bytes, invalid UTF-8 on the wire, letters in number,
date and time fields, unknown choices, missing, repeated and unknown fields, and missing,
foreign, forged or expired CSRF tokens. Whatever comes in:

- the answer is 200, 302 or a 4xx that says on the page what went wrong, never a 500;
- a refused submission changes no row (only the access log may grow);
- what is accepted can be stored on PostgreSQL as well: no NUL, nothing longer than its
  column or than the form allows;
- a redirect never leaves the site.

Each form gets its fixed boundary cases and `EXAMPLES` Hypothesis examples on a fresh
database; `pytest --hypothesis-show-statistics` shows what ran.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property
from itertools import count
from urllib.parse import urlencode, urlsplit

import pytest
from flask_babel import force_locale
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from markupsafe import escape
from sqlalchemy import String, Text, event, select

import server.models  # noqa: F401 - every table in Base.metadata
from server.auth.models import Invite, PasswordReset
from server.db import Base, engine_of
from server.errors import CSRF_MESSAGE, MESSAGES
from server.extensions import limiter
from server.groups.models import Membership
from server.homework.models import Assignment, Reflection
from server.plan.models import Plan, PlanItem, SupportContact
from server.plan.sections import ORDER, PHASES
from server.push import outbox
from server.security import token_hash
from tests.conftest import PASSWORD, csrf_token, sign_in

# A 100 KB example makes Hypothesis warn about the size of its repr; that is the point.
pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)  # a Thursday
EXAMPLES = 16  # Hypothesis examples per form, next to its fixed cases
FORM = "application/x-www-form-urlencoded"
NEW_PASSWORD = "mijn eigen zin van nu"

# -- what comes in ---------------------------------------------------------------------


class _Marker:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


MISSING = _Marker("MISSING")  # the field is not sent at all
CURRENT = _Marker("CURRENT")  # the plan's version as it is when the form is sent
SAME = _Marker("SAME")  # the same value as the password field

HUGE = "x" * 100_000  # a 100 KB paste
HUGE_WIDE = "ë" * 50_000  # 100 KB of UTF-8 in two-byte characters
PASTES = [
    HUGE,
    HUGE_WIDE,
    "😀" * 25_000,  # 100 KB of four-byte characters
    "\x00",
    "voor\x00na",
    "",
    " ",
    "\t\r\n",
    "\u202egnitset",  # right-to-left override
    "\ufeff\u200b\u200d",  # BOM, zero-width space and joiner
    "e\u0301" * 30,  # combining accents
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR 1=1 --",
    "{{ 7*7 }}{% raw %}",
    "%s%n%x",
    "\\",
    "../../etc/passwd",
]
STORABLE_PASTES = PASTES[8:]
NUMBERS = ["", " ", "abc", "1e3", "1.5", "0x10", "١٢", "+5", "-0", "9" * 40, "-" + "9" * 40]
NUMBERS += ["NaN", "inf", "½", "1_000", "٣", "²"]
DATES = ["0001-01-01", "9999-12-31", "2026-02-30", "2026-13-01", "26-11-2026", "morgen"]
DATES += ["2026-11-26T12:00", "0000-00-00", "99999-01-01", "2026-1-1", " 2026-12-03 "]
TIMES = ["09:30", "00:00", "23:59", "24:00", "9 uur", "25:61", "09:30:00", "٠٩:٣٠", "-1:00"]
NEXTS = ["/more", "//evil.example/", "/\\evil.example", "/\\/evil.example", "https://evil.example/"]
NEXTS += ["javascript:alert(1)", "/%2F%2Fevil.example", " //evil.example", "/\t/evil.example"]
NEXTS += ["http:evil.example", "\\\\evil.example"]
CODES = ["000000", "١٢٣٤٥٦", "²³⁴⁵⁶⁷", "12 34 56", "abc-def", "-", "1" * 21, "123456\x00"]


def texts() -> st.SearchStrategy:
    """Anything someone could type, paste or send: mostly storable, sometimes not."""
    return st.one_of(
        st.text(),
        st.text(min_size=1, max_size=8).map(lambda s: (s * 100_000)[:100_000]),  # 100k chars
        st.text(max_size=30).map(lambda s: s + "\x00" + s),
        st.sampled_from(PASTES),
        st.binary(min_size=1, max_size=16),  # raw bytes on the wire: not always UTF-8
    )


def sometimes(good: st.SearchStrategy, bad: st.SearchStrategy | None = None):
    """Mostly a value the form accepts, sometimes a hostile one, sometimes no field, and
    now and then the field twice."""
    bad = texts() if bad is None else bad
    return st.integers(0, 19).flatmap(
        lambda n: (
            good
            if n < 14
            else bad
            if n < 18
            else st.just(MISSING)
            if n < 19
            else st.lists(st.one_of(good, bad), min_size=2, max_size=3)
        )
    )


def free_text(max_size: int = 200) -> st.SearchStrategy:
    return sometimes(st.one_of(st.text(max_size=max_size), st.sampled_from(STORABLE_PASTES)))


def number(low: int, high: int) -> st.SearchStrategy:
    bad = st.one_of(st.integers().map(str), st.sampled_from(NUMBERS), texts())
    return sometimes(st.integers(low, high).map(str), bad)


def day(low: date, high: date) -> st.SearchStrategy:
    good = st.dates(low, high).map(date.isoformat)
    bad = st.one_of(st.dates().map(date.isoformat), st.sampled_from(DATES), texts())
    return sometimes(good, bad)


def clock_time() -> st.SearchStrategy:
    good = st.times().map(lambda t: t.strftime("%H:%M"))
    return sometimes(good, st.one_of(st.sampled_from(TIMES), texts()))


def choice(*values) -> st.SearchStrategy:
    return sometimes(st.sampled_from([str(v) for v in values]))


def checkbox() -> st.SearchStrategy:
    return sometimes(st.sampled_from(["y", "on", "1", "false", "0", ""]))


def email_address() -> st.SearchStrategy:
    good = st.one_of(st.emails().filter(lambda e: len(e) <= 254), st.just("a@example.org"))
    weird = ["a@example.org\r\nBcc: x@evil.example", "ü@exämple.org", "a@b", "@", "a" * 300]
    weird += ["a@example.org\x00", "A@EXAMPLE.ORG ", "<a@example.org>", "a@[127.0.0.1]"]
    return sometimes(good, st.one_of(st.sampled_from(weird), texts()))


def next_url() -> st.SearchStrategy:
    return sometimes(st.sampled_from(NEXTS), texts())


def version() -> st.SearchStrategy:
    bad = st.one_of(st.integers(-3, 10).map(str), st.sampled_from(NUMBERS), texts())
    return sometimes(st.just(CURRENT), bad)


def unknown_fields() -> st.SearchStrategy:
    return st.dictionaries(st.sampled_from(["id", "member_id", "role", "x"]), texts(), max_size=2)


# -- the data every form works on ------------------------------------------------------


class Scene:
    """One fresh database: group A with meetings, homework and a plan for Anna, and the
    clients of the people who fill in the forms."""

    def __init__(self, app, world, factory, db, clock) -> None:
        self.app, self.world, self.db, self.clock = app, world, db, clock
        self.engine = engine_of(app)
        group = world.group_a
        self.tomorrow = factory.meeting(group, NOW + timedelta(hours=20))
        self.next_week = factory.meeting(group, NOW + timedelta(days=7, hours=-3))
        self.past = factory.meeting(group, NOW - timedelta(days=6))
        self.assignment = Assignment(
            group_id=group.id,
            member_id=world.member_a.id,
            set_by_id=world.therapist_a.id,
            title="Zeg één keer nee",
            due_meeting_id=self.tomorrow.id,
        )
        db.add(self.assignment)
        db.flush()
        self.reflection = Reflection(
            assignment_id=self.assignment.id, member_id=world.member_a.id, tried="Geprobeerd"
        )
        db.add(self.reflection)
        db.commit()
        self.membership_id = db.scalar(
            select(Membership.id).where(
                Membership.member_id == world.member_a.id, Membership.group_id == group.id
            )
        )
        self._numbers = count(1)
        self.tokens: dict[str, str] = {}
        self.nul_statements: list[str] = []
        event.listen(self.engine, "before_cursor_execute", self._postgres_would_refuse)
        self.error_texts = []  # the error pages' texts, in both languages
        for locale in ("nl", "en"):
            with app.test_request_context(), force_locale(locale):
                for message in (*MESSAGES.values(), CSRF_MESSAGE):
                    self.error_texts += [str(escape(str(text))) for text in message]

    def _postgres_would_refuse(self, _conn, _cursor, statement, parameters, _context, _many):
        """PostgreSQL refuses a NUL in any text parameter (a 500); SQLite takes it. So the
        rule is checked here, for every statement, on SQLite too."""
        if _holds_nul(parameters):
            self.nul_statements.append(statement.split("\n")[0][:80])

    @cached_property
    def member(self):
        client = self.app.test_client()
        assert sign_in(client, "a@example.org").status_code == 302
        return client

    @cached_property
    def therapist(self):
        client = self.app.test_client()
        response = sign_in(client, "ta@example.org")  # with the code step
        assert response.status_code == 302 and "/login" not in response.headers["Location"]
        return client

    def client(self, role: str):
        return self.app.test_client() if role == "anonymous" else getattr(self, role)

    def token(self, role: str, client) -> str:
        """A valid CSRF token for this client (its session keeps the secret behind it)."""
        if role == "anonymous":
            return csrf_token(client, "/login")
        if role not in self.tokens:
            page = "/more" if role == "member" else f"/therapist/groups/{self.world.group_a.id}"
            self.tokens[role] = csrf_token(client, page)
        return self.tokens[role]

    @cached_property
    def plan(self) -> dict:
        """Anna's plan with one item and one support contact, made through the app."""
        client = self.member
        client.get("/plan/")
        for path, data in (
            ("/plan/items", {"section": "warning_signs", "text": "Ik slaap slecht", "phase": ""}),
            ("/plan/contacts/new", {"name": "Sam", "relation": "partner", "can_do": "Bellen"}),
        ):
            data = {
                **data,
                "version": self.plan_version(),
                "csrf_token": self.token("member", client),
            }
            assert client.post(path, data=data).status_code == 302
        with self.engine.connect() as connection:
            return {
                "item": connection.scalar(select(PlanItem.id)),
                "contact": connection.scalar(select(SupportContact.id)),
            }

    def plan_version(self) -> int:
        """The version Anna's page would carry now (her plan is made on first view)."""
        query = select(Plan.version).where(Plan.member_id == self.world.member_a.id)
        with self.engine.connect() as connection:
            number = connection.scalar(query)
        if number is None:
            self.member.get("/plan/")
            with self.engine.connect() as connection:
                number = connection.scalar(query)
        return number

    def new_invite(self) -> str:
        """A fresh invitation for an unknown address (an accepted one cannot be reused)."""
        number = next(self._numbers)
        token = f"invite-token-{number}-{id(self)}"
        with self.engine.begin() as connection:
            connection.execute(
                Invite.__table__.insert().values(
                    token_hash=token_hash(token),
                    email=f"nieuw{number}@example.org",
                    group_id=self.world.group_a.id,
                    invited_by_id=self.world.therapist_a.id,
                    joins_on=NOW.date(),
                    expires_at=NOW + timedelta(days=7),
                    created_at=NOW,
                )
            )
        return token

    def new_reset(self) -> str:
        """A fresh password-reset link for Bart (a used one cannot be reused)."""
        token = f"reset-token-{next(self._numbers)}-{id(self)}"
        with self.engine.begin() as connection:
            connection.execute(
                PasswordReset.__table__.insert().values(
                    token_hash=token_hash(token),
                    user_id=self.world.member_b.id,
                    expires_at=NOW + timedelta(hours=1),
                    created_at=NOW,
                )
            )
        return token

    @cached_property
    def series_id(self) -> int:
        from server.schedule import recurrence

        series = recurrence.create_series(
            self.db,
            self.world.group_a,
            frequency="weekly",
            starts_on=date(2026, 12, 4),
            start_time=time(9, 30),
            duration_minutes=90,
            count=2,
        )
        self.db.commit()
        return series.id


def plan_made(scene: Scene, _client) -> None:
    """Anna's plan is made when she first opens it, by design: not part of a refusal."""
    scene.plan_version()


def _holds_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list | tuple):
        return any(_holds_nul(one) for one in value)
    return False


def password_given(scene: Scene, client) -> None:
    """The first step of a therapist's sign-in: the code step comes next."""
    token = csrf_token(client, "/login")
    data = {"email": "ta@example.org", "password": PASSWORD, "csrf_token": token}
    assert client.post("/login", data=data).headers["Location"] == "/login/code"


# -- the forms -------------------------------------------------------------------------


@dataclass(frozen=True)
class Form:
    name: str
    role: str  # "anonymous" | "member" | "therapist"
    url: Callable[[Scene], str]
    fields: Callable[[Scene], dict]  # field name -> strategy
    valid: Callable[[Scene], dict]  # one submission the form accepts
    cases: Callable[[Scene], list[dict]] = lambda s: []  # boundary cases, always tried
    accepted: Callable[[object], bool] = lambda r: r.status_code == 302
    prepare: Callable[[Scene, object], None] = lambda s, client: None

    def __repr__(self) -> str:
        return self.name


def reflection_fields(_s: Scene) -> dict:
    return {
        **{name: free_text(300) for name in ("tried", "happened", "felt", "others", "takeaway")},
        "difficulty": number(0, 10),
        "shared": checkbox(),
    }


def contact_fields(_s: Scene) -> dict:
    return {
        "name": free_text(100),
        "relation": free_text(100),
        "phone": free_text(40),
        "email": email_address(),
        "can_do": free_text(2000),
        "version": version(),
    }


CONTACT = {
    "name": "Sam",
    "relation": "partner",
    "phone": "06-12345678",
    "email": "sam@example.org",
    "can_do": "Vraag hoe het echt gaat",
}
MEETING = {
    "day": "2026-12-03",
    "start_time": "10:00",
    "end_time": "11:30",
    "location": "Kerkstraat 2",
    "online_link": "",
    "theme": "Grenzen",
    "note": "Neem je schrift mee",
}
SERIES = {
    "frequency": "weekly",
    "starts_on": "2026-12-04",
    "start_time": "09:30",
    "duration_minutes": "90",
    "count": "3",
    "until": "",
    "location": "Kerkstraat 1",
    "online_link": "",
    "skipped": "",
}
JAVASCRIPT_LINK = "javascript://meet.example.org/%0Aalert(1)"


def reset_accepted(response) -> bool:
    return response.status_code == 200 and 'name="email"' not in response.get_data(as_text=True)


FORMS = [
    Form(
        "notification choices",
        "member",
        lambda s: "/notifications",
        lambda s: {
            **{
                name: checkbox()
                for name in ("meeting_reminder", "meeting_soon", "meeting_changed", "quiet_hours")
            },
            "quiet_start": number(0, 23),
            "quiet_end": number(0, 23),
        },
        lambda s: {
            "meeting_reminder": "y",
            "quiet_hours": "y",
            "quiet_start": "22",
            "quiet_end": "8",
        },
        lambda s: [{"quiet_start": "24"}, {"quiet_end": "-1"}, {"quiet_start": HUGE}],
    ),
    Form(
        "this device",
        "member",
        lambda s: "/device",
        lambda s: {"keep_pages": checkbox()},
        lambda s: {"keep_pages": "y"},
        lambda s: [{"keep_pages": HUGE}, {"keep_pages": "\x00"}],
    ),
    Form(
        "sign-in",
        "anonymous",
        lambda s: "/login",
        lambda s: {
            "email": sometimes(st.sampled_from(["a@example.org", " A@Example.org "])),
            "password": sometimes(st.just(PASSWORD)),
            "remember": checkbox(),
            "next": next_url(),
        },
        lambda s: {"email": "a@example.org", "password": PASSWORD},
        lambda s: (
            [{"email": "a@example.org", "password": PASSWORD, "next": n} for n in NEXTS]
            + [
                {"email": "a@example.org\x00", "password": "x\x00"},
                {"email": HUGE, "password": HUGE},
            ]
        ),
    ),
    Form(
        "sign-in code",
        "anonymous",
        lambda s: "/login/code",
        lambda s: {"code": sometimes(st.sampled_from(CODES))},
        lambda s: {"code": __import__("pyotp").TOTP(s.world.therapist_a.totp_secret).now()},
        lambda s: [{"code": c} for c in CODES] + [{"code": HUGE}],
        prepare=password_given,
    ),
    Form(
        "reset request",
        "anonymous",
        lambda s: "/reset",
        lambda s: {"email": email_address()},
        lambda s: {"email": "b@example.org"},
        lambda s: [{"email": "b@example.org\x00"}, {"email": HUGE}, {"email": "ü@exämple.org"}],
        accepted=reset_accepted,
    ),
    Form(
        "new password (reset link)",
        "anonymous",
        lambda s: f"/reset/{s.new_reset()}",
        lambda s: {
            "password": sometimes(st.just(NEW_PASSWORD)),
            "confirm": sometimes(st.just(SAME)),
        },
        lambda s: {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
        lambda s: [
            {"password": "a" * 10 + "\x00", "confirm": SAME},
            {"password": HUGE, "confirm": SAME},
        ],
    ),
    Form(
        "invite accept",
        "anonymous",
        lambda s: f"/invite/{s.new_invite()}",
        lambda s: {
            "display_name": free_text(80),
            "password": sometimes(st.just(NEW_PASSWORD)),
            "confirm": sometimes(st.just(SAME)),
        },
        lambda s: {"display_name": "Mila", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
        lambda s: [
            {"display_name": n, "password": NEW_PASSWORD, "confirm": SAME}
            for n in ("Mi\x00la", HUGE, " ", "x" * 81, "😀" * 80)
        ],
    ),
    Form(
        "language",
        "member",
        lambda s: "/language",
        lambda s: {"locale": choice("nl", "en"), "next": next_url()},
        lambda s: {"locale": "en", "next": "/more"},
        lambda s: [{"locale": "nl", "next": n} for n in NEXTS] + [{"locale": "nl\x00"}],
    ),
    Form(
        "password change",
        "member",
        lambda s: "/account/password",
        lambda s: {
            "current_password": sometimes(st.just(PASSWORD)),
            "password": sometimes(st.just(NEW_PASSWORD)),
            "confirm": sometimes(st.just(SAME)),
        },
        lambda s: {"current_password": PASSWORD, "password": PASSWORD, "confirm": PASSWORD},
        lambda s: [
            {"current_password": PASSWORD + "\x00", "password": NEW_PASSWORD, "confirm": SAME},
            {"current_password": HUGE, "password": HUGE, "confirm": SAME},
        ],
    ),
    Form(
        "cancel attendance",
        "member",
        lambda s: f"/meetings/{s.tomorrow.id}/cancel",
        lambda s: {"reason": free_text(1000)},
        lambda s: {"reason": "Ik ben ziek"},
        lambda s: [{"reason": "ziek\x00"}, {"reason": HUGE}, {"reason": "x" * 1001}],
    ),
    Form(
        "reflection add",
        "member",
        lambda s: f"/homework/{s.assignment.id}/reflections",
        reflection_fields,
        lambda s: {"tried": "Nee gezegd", "difficulty": "5", "shared": "y"},
        lambda s: [
            {"tried": HUGE, "happened": HUGE, "felt": HUGE, "others": HUGE, "takeaway": HUGE},
            {"tried": "a\x00"},
            {"tried": "ok", "difficulty": "11"},
            {"tried": "ok", "difficulty": "9" * 40},
        ],
    ),
    Form(
        "reflection edit",
        "member",
        lambda s: f"/homework/reflections/{s.reflection.id}/edit",
        reflection_fields,
        lambda s: {"tried": "Toch gedaan", "difficulty": "3"},
        lambda s: [{"tried": "", "happened": " "}, {"tried": HUGE_WIDE}, {"felt": "\x00"}],
    ),
    Form(
        "own assignment",
        "member",
        lambda s: "/homework/new",
        lambda s: {
            "group_id": choice(s.world.group_a.id, s.world.group_b.id, s.world.group_c.id, -1),
            "title": free_text(200),
            "instructions": free_text(500),
        },
        lambda s: {"group_id": str(s.world.group_a.id), "title": "Vaker wandelen"},
        lambda s: [
            {"group_id": str(s.world.group_b.id), "title": "Andermans groep"},
            {"group_id": "9" * 40, "title": "x"},
            {"group_id": str(s.world.group_a.id), "title": HUGE},
        ],
    ),
    Form(
        "plan item add",
        "member",
        lambda s: "/plan/items",
        lambda s: {
            "section": choice(*ORDER),
            "text": free_text(2000),
            "phase": choice("", *PHASES),
            "version": version(),
        },
        lambda s: {"section": "triggers", "text": "Ruzie thuis", "phase": "", "version": CURRENT},
        lambda s: [
            {"section": "supporters", "text": "x", "version": CURRENT},
            {"section": "warning_signs", "text": HUGE, "version": CURRENT},
            {"section": "warning_signs", "text": "x", "phase": "purple", "version": CURRENT},
            {"section": "warning_signs", "text": "x", "version": "9" * 40},
            {"section": "warning_signs", "text": "x", "version": "abc"},
        ],
        prepare=plan_made,
    ),
    Form(
        "plan item edit",
        "member",
        lambda s: f"/plan/items/{s.plan['item']}/edit",
        lambda s: {"text": free_text(2000), "phase": choice("", *PHASES), "version": version()},
        lambda s: {"text": "Ik slaap heel slecht", "phase": "yellow", "version": CURRENT},
        lambda s: [
            {"text": "a\x00", "version": CURRENT},
            {"text": "x", "version": "-1"},
            {"text": "x", "version": "abc"},
            {"text": "x", "phase": "purple", "version": CURRENT},
        ],
        prepare=plan_made,
    ),
    Form(
        "plan contact add",
        "member",
        lambda s: "/plan/contacts/new",
        contact_fields,
        lambda s: {**CONTACT, "version": CURRENT},
        lambda s: (
            [{**CONTACT, "version": CURRENT, k: HUGE} for k in CONTACT]
            + [{**CONTACT, "version": "abc"}]
        ),
        prepare=plan_made,
    ),
    Form(
        "plan contact edit",
        "member",
        lambda s: f"/plan/contacts/{s.plan['contact']}/edit",
        contact_fields,
        lambda s: {**CONTACT, "name": "Sam B.", "version": CURRENT},
        lambda s: (
            [{**CONTACT, "version": CURRENT, k: "x\x00"} for k in CONTACT]
            + [{**CONTACT, "version": "abc"}]
        ),
        prepare=plan_made,
    ),
    Form(
        "plan settings",
        "member",
        lambda s: "/plan/settings",
        lambda s: {
            "phases": checkbox(),
            "distraction": checkbox(),
            "safe_environment": checkbox(),
            "version": version(),
        },
        lambda s: {"phases": "y", "distraction": "y", "version": CURRENT},
        prepare=plan_made,
    ),
    Form(
        "share create",
        "member",
        lambda s: "/plan/shares",
        lambda s: {
            "supporter": free_text(100),
            "sections": sometimes(
                st.lists(st.sampled_from(ORDER), min_size=1, max_size=4, unique=True),
                st.lists(st.one_of(st.sampled_from(ORDER), texts()), max_size=3),
            ),
            "phases": sometimes(
                st.lists(st.sampled_from(list(PHASES)), min_size=1, max_size=4, unique=True),
                st.lists(st.one_of(st.sampled_from(list(PHASES)), texts()), max_size=3),
            ),
            "expiry": choice("week", "month", "quarter", "none"),
            "notify": checkbox(),
            "notify_email": sometimes(email_address(), free_text(300)),
        },
        lambda s: {
            "supporter": "Sam",
            "sections": ["warning_signs", "supporters"],
            "phases": ["orange", "red"],
            "notify": "y",
            "notify_email": "sam@example.org",
        },
        lambda s: [
            {"supporter": "Sam", "sections": ["warning_signs", "nope"], "expiry": "week"},
            {"supporter": "Sam", "sections": ["triggers"], "phases": ["purple"]},
            {"supporter": "Sam", "sections": ["triggers"], "notify": "y", "notify_email": "x@"},
            {"supporter": "Sam", "sections": ["triggers"], "expiry": "forever"},
            {"supporter": HUGE, "sections": ["triggers"]},
        ],
        prepare=plan_made,
    ),
    Form(
        "therapist invite",
        "therapist",
        lambda s: f"/therapist/groups/{s.world.group_a.id}/invite",
        lambda s: {
            "email": email_address(),
            "joins_on": day(date(2026, 1, 1), date(2028, 1, 1)),
        },
        lambda s: {"email": "nieuw@example.org", "joins_on": "2026-12-01"},
        lambda s: [
            {"email": "ta@example.org", "joins_on": "2026-12-01"},
            {"email": "a@example.org", "joins_on": "2026-12-01"},
            {"email": "x@example.org", "joins_on": "0001-01-01"},
            {"email": "y@example.org", "joins_on": "9999-12-31"},
        ],
    ),
    Form(
        "series",
        "therapist",
        lambda s: f"/therapist/groups/{s.world.group_a.id}/series/new",
        lambda s: {
            "frequency": choice("weekly", "fortnightly", "monthly"),
            "starts_on": day(date(2026, 11, 1), date(2028, 12, 31)),
            "start_time": clock_time(),
            "duration_minutes": number(15, 240),
            # An end date within two years of the start: see test_a_series_ends_within_...
            "until": sometimes(st.sampled_from(["", "2027-01-15", "2028-06-30"]), texts()),
            "count": number(1, 4),
            "location": free_text(300),
            "online_link": sometimes(st.sampled_from(["", "https://meet.example.org/x"])),
            "skipped": sometimes(st.sampled_from(["", "25-12-2026\n1/1/2027, 2027-01-08"])),
        },
        lambda s: SERIES,
        lambda s: [
            {**SERIES, "starts_on": "0001-01-01"},
            {**SERIES, "starts_on": "9999-12-31", "start_time": "23:30", "duration_minutes": "240"},
            {**SERIES, "starts_on": "9999-12-20", "count": "200"},
            {**SERIES, "count": "", "until": "2026-12-01"},
            {**SERIES, "count": "201"},
            {**SERIES, "skipped": "25-12-2026\x00"},
            {**SERIES, "online_link": JAVASCRIPT_LINK},
            {**SERIES, "online_link": "https://meet.example.org/\x00"},
        ],
    ),
    Form(
        "series extend",
        "therapist",
        lambda s: f"/therapist/series/{s.series_id}/extend",
        lambda s: {
            "until": sometimes(st.sampled_from(["", "2027-01-15", "2027-06-30"]), texts()),
            "count": number(1, 8),
        },
        lambda s: {"count": "4"},
        lambda s: [{"count": "201"}, {"until": "0001-01-01"}, {"until": "2026-12-01"}],
    ),
    Form(
        "meeting edit",
        "therapist",
        lambda s: f"/therapist/meetings/{s.next_week.id}",
        lambda s: {
            "day": day(date(2026, 11, 1), date(2028, 12, 31)),
            "start_time": clock_time(),
            "end_time": clock_time(),
            "location": free_text(300),
            "online_link": sometimes(st.sampled_from(["", "https://meet.example.org/x"])),
            "theme": free_text(120),
            "note": free_text(2000),
        },
        lambda s: MEETING,
        lambda s: [
            {**MEETING, "day": "0001-01-01", "start_time": "00:00", "end_time": "00:30"},
            {**MEETING, "day": "9999-12-31", "start_time": "23:00", "end_time": "23:59"},
            {**MEETING, "end_time": "09:00"},
            {**MEETING, "location": "", "online_link": ""},
            {**MEETING, "online_link": JAVASCRIPT_LINK},
            {**MEETING, "online_link": "https://meet.example.org/\x00"},
            {**MEETING, "theme": "x" * 121},
        ],
    ),
    Form(
        "meeting cancel",
        "therapist",
        lambda s: f"/therapist/meetings/{s.next_week.id}/cancel",
        lambda s: {"message": free_text(2000)},
        lambda s: {"message": "Wegens ziekte gaat de groep niet door."},
        lambda s: [{"message": "ziek\x00"}, {"message": HUGE}, {"message": " "}],
    ),
    Form(
        "register",
        "therapist",
        lambda s: f"/therapist/meetings/{s.past.id}/register",
        lambda s: {
            f"status-{s.world.member_a.id}": choice("present", "absent", "cancelled"),
            f"status-{s.world.member_b.id}": choice("present"),
        },
        lambda s: {f"status-{s.world.member_a.id}": "present"},
    ),
    Form(
        "membership",
        "therapist",
        lambda s: f"/therapist/memberships/{s.membership_id}",
        lambda s: {
            "joined_on": day(date(2025, 1, 1), date(2026, 11, 1)),
            "left_on": sometimes(st.one_of(st.just(""), st.dates().map(date.isoformat))),
            "min_sessions": number(1, 500),
        },
        lambda s: {"joined_on": "2026-10-01", "left_on": "", "min_sessions": "12"},
        lambda s: [
            {"joined_on": "2026-10-01", "left_on": "2026-09-01"},
            {"joined_on": "0001-01-01", "left_on": "9999-12-31", "min_sessions": "500"},
            {"joined_on": "2026-10-01", "min_sessions": "501"},
        ],
    ),
    Form(
        "assign homework",
        "therapist",
        lambda s: f"/therapist/groups/{s.world.group_a.id}/homework",
        lambda s: {
            "recipient": choice(0, s.world.member_a.id, s.world.member_b.id, -1),
            "title": free_text(200),
            "instructions": free_text(2000),
            "due_meeting": choice(0, s.tomorrow.id, s.next_week.id, s.past.id),
        },
        lambda s: {
            "recipient": "0",
            "title": "Zeg één keer nee",
            "instructions": "",
            "due_meeting": str(s.tomorrow.id),
        },
        lambda s: [
            {"recipient": str(s.world.member_b.id), "title": "x", "due_meeting": "0"},
            {"recipient": "0", "title": "x", "due_meeting": str(s.past.id)},
            {"recipient": "0", "title": HUGE, "due_meeting": "0"},
        ],
    ),
    Form(
        "assignment edit",
        "therapist",
        lambda s: f"/therapist/assignments/{s.assignment.id}",
        lambda s: {
            "title": free_text(200),
            "instructions": free_text(2000),
            "due_meeting": choice(0, s.tomorrow.id, s.next_week.id, s.past.id),
        },
        lambda s: {"title": "Zeg twee keer nee", "instructions": "", "due_meeting": "0"},
        lambda s: [
            {"title": "x", "due_meeting": str(s.past.id)},
            {"title": " ", "due_meeting": "0"},
            {"title": "x", "instructions": HUGE, "due_meeting": "0"},
        ],
    ),
]

# -- the checks ------------------------------------------------------------------------

IGNORED_TABLES = {"audit_event"}  # the access log grows on refusals too, by design
# Text columns have no length in the database; the forms set one.
TEXT_LIMITS = {
    "reflection": 10_000,
    "assignment": 10_000,
    "attendance": 1000,
    "meeting": 2000,
    "plan_item": 2000,
    "support_contact": 2000,
}
ERROR_TEXT = re.compile(r'class="error"[^>]*>\s*[^<\s]')
PROBLEM = re.compile(r'class="notice notice-problem"[^>]*>(.{0,400})', re.DOTALL)
TAG = re.compile(r"<[^>]*>")
WEB_LINK = re.compile(r"https?://", re.IGNORECASE)


def _hashable(value):
    return repr(value) if isinstance(value, list | dict) else value


def snapshot(scene: Scene) -> dict[str, list[tuple]]:
    with scene.engine.connect() as connection:
        return {
            table.name: [
                tuple(_hashable(value) for value in row)
                for row in connection.execute(select(table).order_by(*table.primary_key.columns))
            ]
            for table in Base.metadata.sorted_tables
            if table.name not in IGNORED_TABLES
        }


def changes(before: dict, after: dict) -> str:
    changed = []
    for name, rows in after.items():
        old = before.get(name, [])
        if rows != old:
            added, gone = len(set(rows) - set(old)), len(set(old) - set(rows))
            changed.append(f"{name}: {added} new or changed, {gone} gone")
    return "; ".join(changed)


def unstorable(after: dict, before: dict) -> list[str]:
    """Values PostgreSQL would refuse (a 500 there) or longer than the form allows."""
    problems = []
    for table in Base.metadata.sorted_tables:
        if table.name in IGNORED_TABLES:
            continue
        for row in set(after[table.name]) - set(before[table.name]):
            for column, value in zip(table.columns, row, strict=True):
                if not isinstance(value, str):
                    continue
                where = f"{table.name}.{column.name}"
                if "\x00" in value:
                    problems.append(f"{where} holds a NUL byte")
                limit = column.type.length if isinstance(column.type, String) else None
                if isinstance(column.type, Text):
                    limit = TEXT_LIMITS.get(table.name)
                if limit and len(value) > limit:
                    problems.append(f"{where} holds {len(value)} characters (limit {limit})")
                if column.name == "online_link" and value and not WEB_LINK.match(value):
                    problems.append(f"{where} holds a link members click that is not http(s)")
    return problems


def off_site(location: str) -> bool:
    """Where a browser goes: it reads a backslash as a slash and drops tabs and newlines."""
    as_browser = re.sub(r"[\t\n\r]", "", location.replace("\\", "/")).lstrip("\x00 ")
    parts = urlsplit(as_browser)
    return parts.scheme not in ("", "http") or parts.netloc not in ("", "localhost")


def says_why(scene: Scene, page: str) -> bool:
    """A field's error, a problem notice or an error page's text: something to read."""
    if ERROR_TEXT.search(page) or any(text in page for text in scene.error_texts):
        return True
    return any(TAG.sub("", notice).strip() for notice in PROBLEM.findall(page))


def encode(scene: Scene, data: dict) -> str:
    pairs = []
    for name, value in data.items():
        for one in value if isinstance(value, list) else [value]:
            if one is MISSING:
                continue
            if one is CURRENT:
                one = str(scene.plan_version())
            if one is SAME:
                password = data.get("password", "")
                one = "" if password is MISSING or isinstance(password, list) else password
            pairs.append((name, one))
    return urlencode(pairs)


def shown(data: dict) -> str:
    def short(value):
        if isinstance(value, str | bytes) and len(value) > 40:
            return f"{value[:20]!r}...({len(value)} long)"
        return repr(value)

    return "{" + ", ".join(f"{k!r}: {short(v)}" for k, v in data.items()) + "}"


def submit(scene: Scene, form: Form, data: dict, csrf: str = "ok"):
    """Send one submission; check the answer, the redirect and the database."""
    limiter.reset()  # the throttles have tests of their own; here every attempt must arrive
    client = scene.client(form.role)
    form.prepare(scene, client)
    url = form.url(scene)
    body = dict(data)
    if csrf in ("ok", "expired"):
        body["csrf_token"] = scene.token(form.role, client)
    elif csrf == "foreign":
        body["csrf_token"] = csrf_token(scene.app.test_client(), "/login")
    elif csrf == "forged":
        body["csrf_token"] = scene.token(form.role, client)[:-4] + "AAAA"
    what = f"POST {url} {shown(data)} (CSRF token: {csrf})"
    # An earlier accepted change may still be sending its notices (the outbox writes the
    # log from a background thread): that is not this request storing anything.
    outbox.wait_until_sent()
    before = snapshot(scene)
    scene.nul_statements.clear()
    if csrf == "expired":
        scene.clock.shift(timedelta(hours=2))  # a token lives one hour
    try:
        response = client.post(url, data=encode(scene, body), content_type=FORM)
    except Exception as error:  # TESTING propagates what would be a 500
        raise AssertionError(f"500 ({error!r}) for {what}") from error
    finally:
        if csrf == "expired":
            scene.clock.shift(-timedelta(hours=2))
    status = response.status_code
    page = response.get_data(as_text=True)
    sent_nul = list(scene.nul_statements)
    after = snapshot(scene)
    assert not sent_nul, f"a NUL sent to the database (a 500 on PostgreSQL): {sent_nul}; {what}"
    assert status in (200, 302) or 400 <= status < 500, f"{status} for {what}"
    if status == 302:
        location = response.headers["Location"]
        assert not off_site(location), f"redirect off the site to {location!r} after {what}"
    if csrf != "ok":
        assert status == 400, f"{status} without a valid token: {what}"
    if csrf != "ok" or not form.accepted(response):
        if status != 302:
            assert says_why(scene, page), f"{status} without a message on the page for {what}"
        assert after == before, f"refused ({status}) but stored: {changes(before, after)}; {what}"
    else:
        problems = unstorable(after, before)
        assert not problems, f"{'; '.join(problems)} after {what}"
    return response


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to(NOW, tick=False)
    return time_machine


@pytest.fixture
def scene(app, world, factory, db, clock) -> Scene:
    return Scene(app, world, factory, db, clock)


def csrf_modes() -> st.SearchStrategy:
    return st.sampled_from(["ok"] * 9 + ["missing", "foreign", "forged"])


def _messages(error: BaseException) -> list[str]:
    if isinstance(error, BaseExceptionGroup):
        return [m for sub in error.exceptions for m in _messages(sub)]
    return [str(error).split("\nassert ")[0]]


@pytest.mark.parametrize("form", FORMS, ids=[f.name for f in FORMS])
def test_hostile_input_is_refused_with_a_message_or_stored_whole(form, scene):
    """The form's boundary cases, then random ones. Every problem found is reported,
    not only the first, so one known bug does not hide another."""
    problems = []
    for case in form.cases(scene):
        try:
            submit(scene, form, case)
        except AssertionError as error:
            problems += _messages(error)
    strategy = st.tuples(
        st.fixed_dictionaries(form.fields(scene)).flatmap(
            lambda fields: unknown_fields().map(lambda extra: {**extra, **fields})
        ),
        csrf_modes(),
    )

    # Built inside the test, so the examples share the scene (a fresh database) and its
    # signed-in clients. No shrinking: a 100 KB example is slow to shrink, and the
    # message already shows the input in short.
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        phases=[Phase.explicit, Phase.reuse, Phase.generate],
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        report_multiple_bugs=True,
        print_blob=True,
    )
    @given(strategy)
    def hostile(case):
        data, csrf = case
        submit(scene, form, data, csrf)

    try:
        hostile()
    except Exception as error:  # an AssertionError, or a group of several
        problems += _messages(error)
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems)


@pytest.mark.parametrize("form", FORMS, ids=[f.name for f in FORMS])
def test_without_a_valid_token_nothing_is_stored_and_with_one_it_is(form, scene):
    """Missing, from another session, tampered with, or older than an hour: refused with
    the page's explanation, and the same submission with a good token goes through."""
    valid = form.valid(scene)
    for mode in ("missing", "foreign", "forged", "expired"):
        submit(scene, form, valid, mode)
    response = submit(scene, form, valid)
    assert form.accepted(response), f"{form.name}: the valid submission was refused"


def test_a_series_never_runs_for_decades(scene):
    """A typo in the last date (2046 for 2026) must not plan a thousand meetings: the
    count is capped at MAX_COUNT, and an end date may not go beyond it either."""
    from server.schedule.models import Meeting
    from server.schedule.recurrence import MAX_COUNT

    form = next(f for f in FORMS if f.name == "series")
    submit(scene, form, {**SERIES, "count": "", "until": "2046-12-31"})
    with scene.engine.connect() as connection:
        made = len(
            connection.execute(select(Meeting.id).where(Meeting.series_id.is_not(None))).all()
        )
    assert made <= MAX_COUNT, f"one series planned {made} meetings (cap {MAX_COUNT})"
