"""Outgoing e-mail: SMTP when configured, otherwise written to the log (development).

Subjects and bodies stay discreet: they never say what kind of group this is.
"""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from flask import current_app


def send_mail(to: str, subject: str, body: str) -> bool:
    """Send one message; False (and a log line) when the mail server fails, so a
    caller's saved work never turns into an error page."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    if not config["MAIL_SERVER"]:
        current_app.logger.warning("E-mail (not sent, no MAIL_SERVER) to %s:\n%s", to, body)
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
