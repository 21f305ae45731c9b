"""`kring attendance-export`: the billing export of a practice (or one of its groups)
from the command line, for a practice's administration that works with files."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from server.db import get_db, now_utc
from server.groups.models import Practice
from server.therapist import billing


@click.command("attendance-export")
@click.option("--practice", required=True, help="The practice's name or number.")
@click.option("--group", "group_name", default=None, help="Only this group (its name).")
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d", "%d-%m-%Y"]), required=True)
@click.option(
    "--to", "end", type=click.DateTime(["%Y-%m-%d", "%d-%m-%Y"]), required=True, help="Inclusive."
)
@click.option("--output", type=click.File("w", encoding="utf-8"), default="-")
@with_appcontext
def attendance_export(practice, group_name, start, end, output) -> None:
    """Attendance per meeting and member, as CSV for Dutch Excel (`;`, UTF-8 with BOM)."""
    db = get_db()
    found = db.scalar(
        select(Practice).where(
            (Practice.name == practice)
            | (Practice.id == (int(practice) if practice.isdigit() else -1))
        )
    )
    if found is None:
        raise click.ClickException(f"No practice {practice!r}.")
    chosen = billing.practice_groups(db, found.id)
    if group_name is not None:
        chosen = [g for g in chosen if g.name == group_name]
        if not chosen:
            raise click.ClickException(f"No group {group_name!r} in {found.name}.")
    if end < start:
        raise click.ClickException("--to is before --from.")
    export = billing.collect(db, chosen, start.date(), end.date(), now_utc())
    billing.log_export(db, export, None)  # the operator has no account: the actor is empty
    db.commit()
    output.write(billing.to_csv(export))


def register(group: click.Group) -> None:
    group.add_command(attendance_export)
