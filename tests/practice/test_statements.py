"""The practice's list pages run the same number of SQL statements however long their
lists are (DESIGN.md: statements per page constant in data size)."""

from datetime import UTC, datetime, timedelta

from server.audit import AuditEvent
from server.practice import waiting_list
from tests.conftest import sign_in
from tests.factories import Factory


def test_list_pages_run_a_constant_number_of_statements(app, client, db, statements, time_machine):
    time_machine.move_to(datetime(2026, 11, 26, 12, 0, tzinfo=UTC), tick=False)
    factory = Factory(db)
    world = factory.world()
    admin = db.merge(world.therapist_a)
    admin.practice_admin = True
    db.commit()
    sign_in(client, "ta@example.org")
    counts = []
    for size in (1, 10):
        for n in range(size * 3):
            member = factory.member(world.group_a, name=f"Lid {size}-{n}")
            factory.therapist(world.practice, world.group_a)
            waiting_list.add(
                db,
                admin,
                world.group_a,
                f"Kandidaat {n}",
                f"k{size}.{n}@example.org",
                datetime(2026, 12, 1).date(),
            )
            db.add(
                AuditEvent(
                    at=datetime(2026, 11, 20, tzinfo=UTC) + timedelta(minutes=n),
                    actor_user_id=admin.id,
                    subject_user_id=member.id,
                    action="read",
                )
            )
        db.commit()
        measured = []
        for path in (
            "/admin/therapists",
            "/admin/access-log",
            "/admin/groups/",
            f"/admin/groups/{world.group_a.id}",
        ):
            statements.count = 0
            assert client.get(path).status_code == 200
            measured.append(statements.count)
        counts.append(measured)
    assert counts[0] == counts[1], counts
