"""The operator's command line: `kring migrate`, `kring demo`, `kring create-practice`,
`kring create-therapist`, plus Flask's own `kring run` and `kring shell`."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext
from sqlalchemy import select

from server import create_app, demo
from server.auth import services as accounts
from server.auth.models import THERAPIST
from server.db import engine_of, get_db
from server.groups import services as groups
from server.groups.models import Practice
from server.migrations import upgrade
from server.plan.demo import DEMO_SHARE_TOKEN
from server.security import password_problem


@click.group(cls=FlaskGroup, create_app=lambda: create_app())
def main() -> None:
    """Kring: manage the installation."""


@main.command("migrate")
@with_appcontext
def migrate() -> None:
    """Bring the database schema up to date (Alembic upgrade head)."""
    upgrade(engine_of(current_app))
    click.echo("Database is up to date.")


@main.command("demo")
@with_appcontext
def load_demo() -> None:
    """Load the demo practices, groups and accounts (safe to run again)."""
    if current_app.config["KRING_ENV"] not in ("development", "testing"):
        # Demo accounts have a published password, TOTP key and supporter link.
        raise click.ClickException("kring demo runs only with KRING_ENV=development.")
    db = get_db()
    sign_ins = demo.load(db, groups.local_today())
    db.commit()
    click.echo("Demo data loaded. Sign in at the address below with:")
    for role, email in sign_ins:
        click.echo(f"  {role:<10} {email}  password: {demo.DEMO_PASSWORD}")
    click.echo(f"  therapists also need a code: add the key {demo.DEMO_TOTP_SECRET} to an")
    click.echo("  authenticator app (time-based, 6 digits), or print one with `kring demo-code`.")
    base = current_app.config["BASE_URL"].rstrip("/")
    click.echo(f"  supporter  {base}/s/{DEMO_SHARE_TOKEN}  (Sam, the member's partner)")


@main.command("create-practice")
@click.option("--name", required=True)
@click.option("--address", default="")
@click.option("--phone", default="")
@click.option("--email", default="")
@with_appcontext
def create_practice(name: str, address: str, phone: str, email: str) -> None:
    """Add a practice (a tenant)."""
    db = get_db()
    db.add(Practice(name=name, address=address, phone=phone, email=email))
    db.commit()
    click.echo(f"Practice {name!r} created.")


@main.command("create-therapist")
@click.option("--practice", "practice_name", required=True, help="The practice's name.")
@click.option("--email", required=True)
@click.option("--name", "display_name", required=True)
@click.password_option(help="Asked for when left out.")
@with_appcontext
def create_therapist(practice_name: str, email: str, display_name: str, password: str) -> None:
    """Add a therapist to a practice."""
    db = get_db()
    practice = db.scalar(select(Practice).where(Practice.name == practice_name))
    if practice is None:
        raise click.BadParameter(f"no practice named {practice_name!r}", param_hint="--practice")
    if accounts.user_by_email(db, email) is not None:
        raise click.BadParameter("an account with this e-mail exists", param_hint="--email")
    problem = password_problem(password, email)
    if problem:
        raise click.BadParameter(problem, param_hint="--password")
    accounts.create_user(db, email, password, display_name, role=THERAPIST, practice_id=practice.id)
    db.commit()
    click.echo(f"Therapist {email} created in {practice_name!r}.")


@main.command("demo-code")
def demo_code() -> None:
    """Print the current sign-in code of the demo therapists (their TOTP is published)."""
    import pyotp

    click.echo(pyotp.TOTP(demo.DEMO_TOTP_SECRET).now())


@main.command("audit-export")
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), required=True)
@click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), required=True, help="Inclusive.")
@click.option("--output", type=click.File("w"), default="-")
@with_appcontext
def audit_export(start, end, output) -> None:
    """Export the access log (NEN 7513) of a date range as CSV, in UTC."""
    import csv
    from datetime import UTC, timedelta

    from server.audit import AuditEvent

    rows = get_db().scalars(
        select(AuditEvent)
        .where(
            AuditEvent.at >= start.replace(tzinfo=UTC),
            AuditEvent.at < end.replace(tzinfo=UTC) + timedelta(days=1),
        )
        .order_by(AuditEvent.at, AuditEvent.id)
    )
    writer = csv.writer(output)
    columns = [
        "id",
        "at",
        "actor_user_id",
        "actor_share_id",
        "subject_user_id",
        "action",
        "object_type",
        "object_id",
        "outcome",
        "ip",
    ]
    writer.writerow(columns)
    for event in rows:
        writer.writerow(
            [
                event.at.isoformat(timespec="seconds") if name == "at" else getattr(event, name)
                for name in columns
            ]
        )
