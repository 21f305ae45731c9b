"""The practice's access log for its admin: filtered by person, member and date,
downloaded as CSV that a spreadsheet cannot run, and nothing of another practice."""

import csv
import io
from datetime import UTC, datetime

from sqlalchemy import select

from server.audit import AuditEvent
from tests.practice.conftest import client_of


def _event(db, at: datetime, actor: int, subject: int | None, ip: str = "10.0.0.1") -> None:
    db.add(
        AuditEvent(
            at=at,
            actor_user_id=actor,
            subject_user_id=subject,
            action="read",
            object_type="plan",
            ip=ip,
        )
    )


def test_the_admin_filters_the_log_and_downloads_it_safely(practice_app, pworld, pdb):
    anna = pdb.merge(pworld.member_a)
    anna.display_name = '=HYPERLINK("http://evil.example","Anna")'  # typed by the member
    ta, tb, tc = pworld.therapist_a.id, pworld.therapist_b.id, pworld.therapist_c.id
    _event(pdb, datetime(2026, 11, 2, 9, 0, tzinfo=UTC), tb, anna.id)
    _event(pdb, datetime(2026, 11, 20, 9, 0, tzinfo=UTC), tb, pworld.member_b.id)
    _event(pdb, datetime(2026, 11, 21, 9, 0, tzinfo=UTC), tc, pworld.member_c.id, "10.9.9.9")
    pdb.commit()
    admin = client_of(practice_app, "ta@example.org")

    page = admin.get("/admin/access-log").get_data(as_text=True)
    assert "10.9.9.9" not in page and page.count("plan") >= 2  # not the other practice's

    query = f"?person={tb}&member={anna.id}&start=2026-11-01&end=2026-11-10"
    rows = list(
        csv.reader(io.StringIO(admin.get("/admin/access-log.csv" + query).get_data(as_text=True)))
    )
    assert rows[0][:3] == ["at", "who", "actor_user_id"]
    assert len(rows) == 2 and rows[1][0] == "2026-11-02T09:00:00+00:00"
    assert rows[1][3] == "'" + anna.display_name  # shown as text, never run as a formula

    only_late = admin.get("/admin/access-log.csv?start=2026-11-15").get_data(as_text=True)
    assert "2026-11-02" not in only_late and "2026-11-20" in only_late
    # A member of the other practice as filter finds nothing of hers.
    other = admin.get(f"/admin/access-log.csv?member={pworld.member_c.id}").get_data(as_text=True)
    assert "10.9.9.9" not in other

    reviews = pdb.scalars(select(AuditEvent).where(AuditEvent.object_type == "access_log")).all()
    assert {r.action for r in reviews} == {"read", "export"}
    assert all(r.actor_user_id == ta for r in reviews)


def test_a_wrong_date_in_the_filter_is_said_and_shows_everything(practice_app, pworld):
    admin = client_of(practice_app, "ta@example.org")
    response = admin.get("/admin/access-log?start=2026-11-20&end=2026-11-01")
    assert response.status_code == 200
    assert "De einddatum kan niet voor de begindatum liggen." in response.get_data(as_text=True)
