"""The operator's command line: `kring migrate`, `kring demo`, `kring create-practice`,
`kring create-therapist`, plus Flask's own `kring run` and `kring shell`."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app, url_for
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
from server.push import cli as push_cli
from server.security import password_problem
from server.therapist import cli as therapist_cli


def _app():
    try:
        return create_app()
    except RuntimeError as error:  # a setting missing: say which, not a traceback
        raise click.ClickException(str(error)) from None


@click.group(cls=FlaskGroup, create_app=_app)
def main() -> None:
    """Kring: manage the installation."""


push_cli.register(main)  # vapid-keys, send-reminders
therapist_cli.register(main)  # attendance-export


@main.command("migrate")
@with_appcontext
def migrate() -> None:
    """Bring the database schema up to date (Alembic upgrade head)."""
    upgrade(engine_of(current_app))
    click.echo("Database is up to date.")


@main.command("demo")
@click.option(
    "--scale",
    type=click.IntRange(min=0),
    default=0,
    help="Also N made-up practices of 10 groups of 8 members each, for load tests.",
)
@with_appcontext
def load_demo(scale: int) -> None:
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
    click.echo(f"  therapists and admin need a code: add the key {demo.DEMO_TOTP_SECRET} to an")
    click.echo("  authenticator app (time-based, 6 digits), or print one with `kring demo-code`.")
    base = current_app.config["BASE_URL"].rstrip("/")
    click.echo(f"  supporter  {base}/s/{DEMO_SHARE_TOKEN}/  (Sam, the member's partner)")
    if scale:
        _load_scale(db, scale)


def _load_scale(db, count: int) -> None:
    import time

    from server import scale
    from server.db import now_utc
    from server.security import hash_password

    started = time.monotonic()
    password_hash = hash_password(demo.DEMO_PASSWORD)
    today = groups.local_today()
    for number in scale.generate(db, count, password_hash, today, now_utc()):
        db.commit()  # practice by practice: an interrupted run keeps what it made
        click.echo(f"  {scale.practice_name(number)} made", err=True)
    click.echo(
        f"Scale data: practices 1 to {count} ready ({time.monotonic() - started:.0f} s). E.g.:"
    )
    click.echo(f"  member     {scale.member_email(1, 1, 1)}  (same password)")
    click.echo(f"  therapist  {scale.therapist_email(1, 1)}  (same password and code)")


@main.command("create-practice")
@click.option("--name", required=True)
@click.option("--admin-email", required=True, help="The practice admin, who gets an invitation.")
@with_appcontext
def create_practice(name: str, admin_email: str) -> None:
    """Add a practice and invite its admin; everything else is done in the browser."""
    from server.practice import staff
    from server.practice.mail import send_staff_invite

    db = get_db()
    if db.scalar(select(Practice).where(Practice.name == name.strip())) is not None:
        raise click.BadParameter(f"a practice named {name!r} exists", param_hint="--name")
    try:
        practice, token = staff.create_practice(db, name, admin_email)
    except staff.StaffRefused:
        raise click.BadParameter(
            "an account with this e-mail exists", param_hint="--admin-email"
        ) from None
    db.commit()
    click.echo(f"Practice {practice.name!r} created.")
    with current_app.test_request_context(base_url=current_app.config["BASE_URL"]):
        sent = send_staff_invite(admin_email, token, practice.name)
        link = current_app.config["BASE_URL"].rstrip("/") + url_for("welcome.accept", token=token)
    if sent:
        click.echo(f"Invitation sent to {admin_email} (valid for 7 days).")
    else:
        # The operator may hand the link over in person; it is shown here, never logged.
        click.echo("The invitation mail could not be sent (see MAIL_SERVER in the README).")
        click.echo(f"Give {admin_email} this link yourself (it works once, for 7 days):")
        click.echo(f"  {link}")


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


@main.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup(target: Path) -> None:
    """Copy the SQLite database to TARGET while Kring keeps running (PostgreSQL: pg_dump)."""
    from server.backup import BackupRefused, backup_sqlite, sqlite_path

    try:
        backup_sqlite(sqlite_path(current_app.config["DATABASE_URL"]), target)
    except BackupRefused as refused:
        raise click.ClickException(str(refused)) from None
    click.echo(f"Backed up to {target}.")


@main.command("demo-code", with_appcontext=False)
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
    from datetime import UTC, timedelta

    from server.audit import AuditEvent, csv_rows
    from server.spreadsheet import write_rows

    events = get_db().scalars(
        select(AuditEvent)
        .where(
            AuditEvent.at >= start.replace(tzinfo=UTC),
            AuditEvent.at < end.replace(tzinfo=UTC) + timedelta(days=1),
        )
        .order_by(AuditEvent.at, AuditEvent.id)
    )
    write_rows(output, csv_rows(events))
