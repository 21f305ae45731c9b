"""`kring vapid-keys` and `kring send-reminders`."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from server import mail
from server.db import get_db, now_utc
from server.offline import services as offline
from server.plan import share_mail
from server.push import keys, services


@click.command("vapid-keys")
def vapid_keys() -> None:
    """Print a new VAPID key pair for the environment (push needs one, made once)."""
    private = keys.new_private_key()
    click.echo(f"VAPID_PRIVATE_KEY={private}")
    click.echo(f"VAPID_PUBLIC_KEY={keys.public_key_of(private)}")
    click.echo(
        "Keep the private key secret. A new pair ends every existing subscription: "
        "members then switch notifications on again.",
        err=True,
    )


@click.command("send-reminders")
@with_appcontext
def send_reminders() -> None:
    """Send the notices that are due, each once (safe to run often and on several
    machines at once: from cron or a systemd timer, every few minutes), and the e-mails
    to supporters about a changed plan. Also forgets one-time form keys older than a
    week."""
    db = get_db()
    offline.forget_old_keys(db, now_utc())
    db.commit()
    # Supporters who asked to hear of a changed plan (server/plan/share_mail.py); first,
    # so an installation without push still sends them.
    supporters = share_mail.send_due(db, now_utc())
    mail.wait_until_sent()
    try:
        summary = services.send_reminders(db, now_utc())
    except services.PushNotConfigured as error:
        raise click.ClickException(str(error)) from error
    click.echo(
        f"{summary.sent} sent, {summary.skipped} skipped, {summary.retry} to try again, "
        f"{summary.failed} failed, {summary.devices_removed} devices removed, "
        f"{summary.emails} e-mails sent ({summary.due} reminders newly due)."
    )
    click.echo(f"{supporters} e-mails to supporters about a changed plan.")


def register(group: click.Group) -> None:
    group.add_command(vapid_keys)
    group.add_command(send_reminders)
