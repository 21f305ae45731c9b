"""The optional e-mail to a supporter when the plan changes (the member ticks it per
link, with the supporter's address).

Discreet: the subject names no one and nothing of the kind of care, the body holds
only the link and the way to stop, never plan content. Not on every keystroke: a mail
goes once the plan has been quiet for QUIET, at most once per link per AT_MOST_EVERY,
and only when something the link shows has changed since the supporter last looked or
was last told. `kring send-reminders` (every few minutes) runs `send_due`.

Once, also with two runs at the same moment: a share is claimed by a conditional
UPDATE (the version it tells of, and the day limit, in its WHERE) committed before the
mail leaves, as the push ledger does; the loser of a race updates no row. The mail
then goes through the mail outbox (server/mail.py) after that commit, from its
background thread. A crash between the commit and the send loses that one mail rather
than sending it twice: it is a courtesy, the link itself always shows the plan.

The link in the mail is derived from the share's stored action key and the server's
SECRET_KEY (shares.derived_token): the database alone does not give it away.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import case, func, or_, select, update
from sqlalchemy.orm import Session

from server import mail
from server.auth.models import User
from server.plan import changes, services, shares
from server.plan.models import Plan, PlanShare, PlanVersion
from server.plan.shared import arranged
from server.security import token_hash

QUIET = timedelta(minutes=30)
AT_MOST_EVERY = timedelta(days=1)
SUBJECT = _l("Kring: something new to read")
_SALT = "kring-plan-share-mail-stop"


def stop_token(secret: str, share_id: int) -> str:
    """The capability in the stop link: whoever has the e-mail may stop it."""
    return URLSafeSerializer(secret, salt=_SALT).dumps(share_id)


def share_of_stop_token(db: Session, secret: str, token: str) -> PlanShare | None:
    try:
        share_id = URLSafeSerializer(secret, salt=_SALT).loads(token)
    except BadSignature:
        return None
    return db.get(PlanShare, share_id) if isinstance(share_id, int) else None


def stop(db: Session, share: PlanShare, now: datetime) -> None:
    """The supporter's choice: no more e-mails; the member sees that they stopped."""
    if share.notify_email is not None:
        share.mail_stopped_at = now
    share.notify_email = None
    share.action_key = None


def _told():
    """The newest version the supporter knows of: seen on the page, or mailed about."""
    seen = func.coalesce(PlanShare.seen_version, 0)
    notified = func.coalesce(PlanShare.notified_version, 0)
    return case((seen > notified, seen), else_=notified)


def _may_mail(now: datetime):
    return (
        PlanShare.notify_email.is_not(None),
        PlanShare.action_key.is_not(None),
        PlanShare.revoked_at.is_(None),
        or_(PlanShare.expires_at.is_(None), PlanShare.expires_at > now),
        or_(PlanShare.mailed_at.is_(None), PlanShare.mailed_at <= now - AT_MOST_EVERY),
    )


def send_due(db: Session, now: datetime) -> int:
    """Claim and queue the e-mails that are due; how many were queued."""
    if not mail.configured():
        return 0  # nothing claimed: they go once mail is set up
    due = db.execute(
        select(PlanShare, Plan, User)
        .join(Plan, Plan.id == PlanShare.plan_id)
        .join(User, User.id == Plan.member_id)
        .where(*_may_mail(now), Plan.updated_at <= now - QUIET, Plan.version > _told())
        .order_by(PlanShare.id)
    ).all()
    queued = 0
    for share, plan, member in due:
        told = max(share.notified_version or 0, share.seen_version or 0)
        token = _token(share, member)
        visible = token is not None and _visible_change(db, member, share, told)
        if _claim(db, share, plan.version, now, mails=visible) and visible:
            _queue(db, share, member, token)
            queued += 1
        db.commit()  # the claim on record before the outbox sends
    return queued


def _visible_change(db: Session, member: User, share: PlanShare, told: int) -> bool:
    then = db.scalar(
        select(PlanVersion).where(PlanVersion.plan_id == share.plan_id, PlanVersion.number == told)
    )
    if then is None:
        return True  # the version told of was never stored (the plan's first): say so
    plan = services.load_plan(db, member)
    before = arranged(services.Snapshot(then.snapshot, then.created_at), share)
    return bool(changes.compare(before, arranged(plan, share)))


def _claim(db: Session, share: PlanShare, version: int, now: datetime, mails: bool) -> bool:
    """This run's, if no other run told the supporter of this version first. Without a
    visible change only the version moves on (nothing to mail, nothing to look at again)."""
    told_before = (
        PlanShare.notified_version.is_(None)
        if share.notified_version is None
        else PlanShare.notified_version == share.notified_version
    )
    values = {"notified_version": version, **({"mailed_at": now} if mails else {})}
    result = db.execute(
        update(PlanShare)
        .where(PlanShare.id == share.id, told_before, *_may_mail(now))
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def _token(share: PlanShare, member: User) -> str | None:
    """The link's token again; None when it no longer matches (SECRET_KEY was changed
    since): a mail with a link that does not work is not sent."""
    token = shares.derived_token(current_app.config["SECRET_KEY"], member.id, share.action_key)
    return token if token_hash(token) == share.token_hash else None


def _queue(db: Session, share: PlanShare, member: User, token: str) -> None:
    config = current_app.config
    base = config["BASE_URL"].rstrip("/")
    # The routes of supporter_views (no request here for url_for to build them from).
    link = f"{base}/s/{token}/"
    stop_link = f"{base}/mail/stop-updates/{stop_token(config['SECRET_KEY'], share.id)}"
    with force_locale(member.locale or "nl"):
        subject = str(SUBJECT)
        body = render_template(
            "mail/plan_changed.txt",
            name=member.display_name.split(" ")[0],
            link=link,
            stop=stop_link,
        )
    headers = {
        "List-Unsubscribe": f"<{stop_link}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",  # RFC 3834: no out-of-office replies
    }
    mail.send_after_commit(db, share.notify_email, subject, body, headers)
