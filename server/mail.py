"""Outgoing e-mail: SMTP when configured, otherwise written to the log (development).

Subjects and bodies stay discreet: they never say what kind of group this is.

`send_after_commit` is the outbox: the message goes once the caller's transaction has
committed (a rolled-back one sends nothing), from a background thread, so the request
does not wait for the mail server (see `server.background`).
"""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from flask import Flask, current_app, has_app_context, render_template
from flask_babel import LazyString, force_locale
from sqlalchemy import event
from sqlalchemy.orm import Session

from server.background import Worker

_QUEUED = "kring_mail_queued"  # Session.info: (to, subject, body) to send after commit
_worker = Worker("kring-mail")


def configured() -> bool:
    """Whether mail goes anywhere: a mail server, or the log in development."""
    config = current_app.config
    return bool(config["MAIL_SERVER"]) or config.get("KRING_ENV") in ("development", "testing")


def send_mail(to: str, subject: str, body: str, headers: dict[str, str] | None = None) -> bool:
    """Send one message; False (and a log line) when the mail server fails, so a
    caller's saved work never turns into an error page."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    if not config["MAIL_SERVER"]:
        if config.get("KRING_ENV") in ("development", "testing"):
            current_app.logger.warning("E-mail (not sent, no MAIL_SERVER) to %s:\n%s", to, body)
        else:
            # Never the body: its invite and reset links would let anyone who reads the
            # log into the account. False: the therapist is told the invite was not sent.
            current_app.logger.error("E-mail not sent: set MAIL_SERVER (see the README)")
            return False
        return True
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=15) as smtp:
            if config["MAIL_STARTTLS"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(message)
    except (smtplib.SMTPException, OSError):
        current_app.logger.exception("E-mail to the mail server failed")
        return False
    return True


def send_after_commit(
    db: Session, to: str, subject: str, body: str, headers: dict[str, str] | None = None
) -> None:
    db.info.setdefault(_QUEUED, []).append((to, subject, body, headers))


def mail_after_commit(db: Session, user, subject: LazyString, template: str, **values) -> None:
    """To an account holder, in her own language, after the commit."""
    with force_locale(user.locale):
        body = render_template(template, name=user.display_name, **values)
        send_after_commit(db, user.email, str(subject), body)


@event.listens_for(Session, "after_commit")
def _after_commit(db: Session) -> None:
    queued = db.info.pop(_QUEUED, None)
    if queued and has_app_context():
        _worker.submit(_send_all, current_app._get_current_object(), queued)


@event.listens_for(Session, "after_soft_rollback")
def _after_rollback(db: Session, _transaction) -> None:
    db.info.pop(_QUEUED, None)


def _send_all(app: Flask, queued: list[tuple[str, str, str, dict | None]]) -> None:
    with app.app_context():
        for to, subject, body, headers in queued:
            send_mail(to, subject, body, headers)


def wait_until_sent(timeout: float = 30) -> None:
    """For tests and shutdown: wait for the mail queued so far."""
    _worker.wait(timeout)
