"""A member's invitation: the e-mail with the link, and why an invitation was refused.
Both the group's page and the waiting list send them."""

from flask import current_app, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from server.discreet import discreet
from server.mail import send_mail


def invite_refusal(reason: str, group) -> str:
    if reason == "therapist":
        return _("This address belongs to a therapist.")
    if reason == "full":
        return _(
            "The group is full (%(max)d places) on that date. Put this person on the waiting"
            " list, or choose a date when a place is free.",
            max=group.max_members,
        )
    return _("This person is already in the group.")


def send_invite_mail(email: str, token: str, group, inviter: str) -> bool:
    link = current_app.config["BASE_URL"].rstrip("/") + url_for("auth.accept_invite", token=token)
    # Named senders, so the e-mail does not look like phishing; never the kind of care.
    names = {"therapist": inviter, "practice": discreet(group.practice.name)}
    # The invitee has no language setting yet: Dutch first, as the whole app.
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        return send_mail(
            email,
            _("Your invitation to Kring"),
            render_template("mail/invite.txt", link=link, **names),
        )
