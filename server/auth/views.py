from __future__ import annotations

import time
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user
from flask_wtf.csrf import generate_csrf

from server import LOCALES
from server.auth import backoff, services, timeouts, totp
from server.auth.forms import (
    CodeForm,
    InviteAcceptForm,
    JoinForm,
    LanguageForm,
    LoginForm,
    NewPasswordForm,
    ResetRequestForm,
)
from server.db import get_db, now_utc
from server.extensions import limiter, submitted_email
from server.mail import mail_after_commit
from server.plaintext import is_control

bp = Blueprint("auth", __name__)
bp.before_app_request(timeouts.end_stale_therapist_sessions)

# Only failed attempts count, so a member who signs in often is never throttled.
_failed = {"deduct_when": lambda response: response.status_code != 302, "methods": ["POST"]}


def safe_next(target: str | None) -> str | None:
    """Only a path on this site: never an absolute URL to somewhere else. No control
    characters (a line break in a Location header is a 500) and no backslash (browsers
    read `/\\evil.example` as `//evil.example`)."""
    if not target or "\\" in target or any(is_control(c) for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def home_for(user) -> str:
    if user.is_therapist and user.practice_admin:
        return url_for("practice.index")  # an admin starts at the practice
    return url_for("therapist.index") if user.is_therapist else url_for("home.index")


def _sign_in(user, remember: bool = False) -> None:
    # A fresh session at sign-in: nothing from before (a planted session) carries over.
    session.clear()
    # Therapists are never remembered: their sessions end after 30 idle minutes.
    login_user(user, remember=remember and not user.is_therapist)
    timeouts.stamp_sign_in()
    # The CSRF token is made now: else the first pages after signing in (and the
    # worker's fetches of the plan and rooster beside them) each make one, and the
    # cookie written last makes the other pages' forms fail. (The sign-in form cached
    # the cleared session's token in g: drop it, so a new one goes into the session.)
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)
    generate_csrf()


PENDING_FOR = 300  # seconds between the password and the code


def _start_second_step(user, remember: bool, next_url: str | None):
    """Password right; the second factor comes next. Nothing is signed in yet."""
    session.clear()
    session["pending"] = {
        "id": user.get_id(),
        "remember": remember,
        "next": next_url or "",
        "at": time.time(),
    }
    return redirect(url_for("auth.code" if user.totp_secret else "auth.setup_totp"))


def _pending_user():
    pending = session.get("pending")
    if not pending or time.time() - pending["at"] > PENDING_FOR:
        return None, None
    return services.load_user_by_session_id(pending["id"]), pending


def pending_key() -> str:
    pending = session.get("pending") or {}
    return "pending:" + str(pending.get("id", "")).split(":")[0]


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit("5 per minute", key_func=pending_key, **_failed)
def code():
    user, pending = _pending_user()
    if user is None:
        flash(_("Sign in again, please: it took too long."))
        return redirect(url_for("auth.login"))
    form = CodeForm()
    if form.validate_on_submit():
        db, now = get_db(), now_utc()
        until = backoff.waits_until(db, user, now)
        if until is not None:
            backoff.record_wrong_code(db, user, now, waiting=True)
            db.commit()
            form.code.errors.append(backoff.wait_message(until))
            return render_template("auth/code.html", form=form), 429
        if totp.second_factor_ok(db, user, form.code.data, now):
            db.commit()
            _sign_in(user, pending["remember"])
            return redirect(safe_next(pending["next"]) or home_for(user))
        backoff.record_wrong_code(db, user, now)
        until = backoff.waits_until(db, user, now)
        db.commit()
        wrong = _("This code is not right. Try the newest code in your app.")
        form.code.errors.append(backoff.wait_message(until) if until else wrong)
    return render_template("auth/code.html", form=form)


@bp.route("/login/setup", methods=["GET", "POST"])
@limiter.limit("10 per minute", key_func=pending_key, methods=["POST"])
def setup_totp():
    """Therapists must have a second factor: they set it up before they are signed in."""
    user, pending = _pending_user()
    if user is None or user.totp_secret:
        return redirect(url_for("auth.login"))
    secret = session.setdefault("setup_secret", totp.new_secret())
    form = CodeForm()
    if form.validate_on_submit() and totp.code_is_valid(secret, form.code.data):
        db = get_db()
        codes = totp.enable(db, user, secret)
        db.commit()
        _sign_in(user, pending["remember"])
        return render_template("auth/recovery_codes.html", codes=codes, next=home_for(user))
    if form.is_submitted() and not form.code.errors:
        form.code.errors.append(_("This code is not right. Try the newest code in your app."))
    return render_template(
        "auth/setup_totp.html", form=form, secret=secret, qr=totp.qr_data_uri(user, secret)
    )


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("5 per minute", key_func=submitted_email, **_failed)
@limiter.limit("30 per minute", **_failed)
def login():
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        db = get_db()
        user = services.authenticate(db, form.email.data, form.password.data)
        if user is not None:
            db.commit()
            if user.totp_secret or user.is_therapist:
                return _start_second_step(user, form.remember.data, safe_next(form.next.data))
            _sign_in(user, remember=form.remember.data)
            return redirect(safe_next(form.next.data) or home_for(user))
        db.commit()  # the refused attempt stays in the access log
        form.password.errors.append(_("This e-mail address and password do not match."))
        return render_template("auth/login.html", form=form), 200
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        db = get_db()
        services.end_all_sessions(current_user)
        db.commit()
        logout_user()
    session.clear()
    response = redirect(url_for("auth.login"))
    # Wipe cached pages and storage on this device as well (shared phones).
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    flash(_("You are signed out."))
    return response


@bp.route("/invite/<token>", methods=["GET", "POST"])
@limiter.limit("20 per minute")
def accept_invite(token: str):
    db = get_db()
    try:
        invite = services.open_invite(db, token)
    except services.LinkProblem as problem:
        return render_template("auth/link_problem.html", reason=problem.reason, kind="invite"), (
            410 if problem.reason in ("used", "expired") else 404
        )
    existing = services.user_by_email(db, invite.email)
    if existing is not None:
        return _join_existing(db, invite, existing, token)
    form = InviteAcceptForm()
    form.email_for_policy = invite.email
    if form.validate_on_submit():
        user = services.accept_invite(
            db, invite, form.display_name.data, form.password.data, session.get("locale", "nl")
        )
        db.commit()
        _sign_in(user)
        flash(_("Welcome to Kring. You are now in %(group)s.", group=invite.group.name))
        return redirect(url_for("home.index"))
    return render_template("auth/invite.html", form=form, invite=invite)


def _join_existing(db, invite, existing, token):
    if not current_user.is_authenticated or current_user.id != existing.id:
        return render_template("auth/invite_sign_in.html", invite=invite, token=token)
    form = JoinForm()
    if form.validate_on_submit():
        try:
            services.join_with_invite(db, invite, current_user)
        except services.LinkProblem as problem:
            page = render_template("auth/link_problem.html", reason=problem.reason, kind="invite")
            return page, 404
        db.commit()
        flash(_("You are now in %(group)s.", group=invite.group.name))
        return redirect(url_for("home.index"))
    return render_template("auth/invite_join.html", form=form, invite=invite)


@bp.route("/reset", methods=["GET", "POST"])
@limiter.limit("5 per hour", key_func=submitted_email, methods=["POST"])
@limiter.limit("20 per hour", methods=["POST"])
def request_reset():
    form = ResetRequestForm()
    if form.validate_on_submit():
        db = get_db()
        started = services.start_password_reset(db, form.email.data)
        if started:
            _queue_reset_mail(db, *started)
        db.commit()
        # The same answer either way, and as fast (the mail goes after the commit, from
        # a background thread): nobody learns who has an account.
        return render_template("auth/reset_sent.html")
    return render_template("auth/reset_request.html", form=form)


def _queue_reset_mail(db, user, token: str) -> None:
    link = current_app.config["BASE_URL"].rstrip("/") + url_for("auth.reset", token=token)
    mail_after_commit(db, user, _l("Your new Kring password"), "mail/reset.txt", link=link)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@limiter.limit("20 per minute")
def reset(token: str):
    db = get_db()
    try:
        reset = services.open_reset(db, token)
    except services.LinkProblem as problem:
        return render_template("auth/link_problem.html", reason=problem.reason, kind="reset"), (
            410 if problem.reason in ("used", "expired") else 404
        )
    form = NewPasswordForm()
    form.email_for_policy = reset.user.email
    if form.validate_on_submit():
        services.complete_reset(db, reset, form.password.data)
        db.commit()
        logout_user()
        session.clear()
        flash(_("Your password has been changed. Sign in with your new password."))
        return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form)


@bp.post("/language")
def change_language():
    form = LanguageForm()
    if not form.validate_on_submit() or form.locale.data not in LOCALES:
        abort(400)
    session["locale"] = form.locale.data
    if current_user.is_authenticated:
        db = get_db()
        current_user.locale = form.locale.data
        db.commit()
    return redirect(safe_next(form.next.data) or url_for("home.index"))
