import json

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from server import audit
from server.account import export, services
from server.account.export_words import export_words
from server.auth import services as accounts
from server.auth import totp
from server.auth.forms import ChangePasswordForm, EnableTotpForm, PasswordCheckForm
from server.db import clear_old_page_copies, get_db, now_utc
from server.forms import ConfirmForm
from server.groups.services import local_today
from server.security import hash_password, member_required, verify_password

bp = Blueprint("account", __name__, url_prefix="/account")


def _password_ok(form) -> bool:
    """Re-authentication: the form's current password must be right (ASVS 7.5.1)."""
    if verify_password(current_user.password_hash, form.current_password.data or ""):
        return True
    form.current_password.errors.append(_("This password is not right."))
    return False


def _keep_this_session() -> None:
    """After ending all sessions, this device signs in again with the new version."""
    login_user(current_user._get_current_object())


@bp.get("/security")
@login_required
def security():
    return render_template("account/security.html", form=PasswordCheckForm())


@bp.route("/security/enable", methods=["GET", "POST"])
@login_required
def enable_totp():
    if current_user.totp_secret:
        return redirect(url_for("account.security"))
    secret = session.setdefault("setup_secret", totp.new_secret())
    form = EnableTotpForm()
    if form.validate_on_submit() and _password_ok(form):
        if totp.code_is_valid(secret, form.code.data):
            db = get_db()
            codes = totp.enable(db, current_user, secret)
            db.commit()
            session.pop("setup_secret", None)
            return render_template(
                "auth/recovery_codes.html", codes=codes, next=url_for("account.security")
            )
        form.code.errors.append(_("This code is not right. Try the newest code in your app."))
    status = 422 if form.is_submitted() else 200
    return render_template(
        "auth/setup_totp.html",
        form=form,
        password_form=form,
        secret=secret,
        qr=totp.qr_data_uri(current_user, secret),
    ), status


@bp.post("/security/disable")
@member_required
def disable_totp():
    """Members may switch the second step off again; therapists may not."""
    form = PasswordCheckForm()
    if form.validate_on_submit() and _password_ok(form):
        db = get_db()
        totp.disable(db, current_user)
        db.commit()
        flash(_("The second step is off."))
        return redirect(url_for("account.security"))
    return render_template("account/security.html", form=form), 422


@bp.post("/security/codes")
@login_required
def new_codes():
    form = PasswordCheckForm()
    if not current_user.totp_secret:
        abort(404)
    if form.validate_on_submit() and _password_ok(form):
        db = get_db()
        codes = totp.new_recovery_codes(db, current_user)
        db.commit()
        return render_template(
            "auth/recovery_codes.html", codes=codes, next=url_for("account.security")
        )
    return render_template("account/security.html", form=form), 422


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password():
    form = ChangePasswordForm()
    form.email_for_policy = current_user.email
    if form.validate_on_submit() and _password_ok(form):
        db = get_db()
        current_user.password_hash = hash_password(form.password.data)
        accounts.end_all_sessions(current_user)
        audit.record(
            db,
            "update",
            actor_user_id=current_user.id,
            subject_user_id=current_user.id,
            object_type="password",
            object_id=current_user.id,
        )
        db.commit()
        _keep_this_session()
        flash(_("Your password has been changed. You are signed out on your other devices."))
        return redirect(url_for("home.more"))
    status = 422 if form.is_submitted() else 200
    return render_template("account/password.html", form=form), status


@bp.post("/sign-out-elsewhere")
@login_required
def sign_out_elsewhere():
    if not ConfirmForm().validate_on_submit():
        abort(400)
    db = get_db()
    accounts.end_all_sessions(current_user)
    db.commit()
    _keep_this_session()
    flash(_("You are signed out on all your other devices."))
    return redirect(url_for("home.more"))


@bp.get("/access")
@member_required
def access():
    return render_template(
        "account/access.html", accesses=services.access_log(get_db(), current_user)
    )


def _export(kind: str):
    db = get_db()
    data = export.export_data(db, current_user)
    audit.record(
        db,
        "export",
        actor_user_id=current_user.id,
        subject_user_id=current_user.id,
        object_type="account",
        object_id=current_user.id,
    )
    db.commit()
    stamp = now_utc().strftime("%Y-%m-%d")
    if kind == "json":
        body = json.dumps(data, ensure_ascii=False, indent=2, default=str)
        mimetype = "application/json"
    else:
        body = render_template("account/export.html", data=data, words=export_words())
        mimetype = "text/html"
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="kring-{stamp}.{kind}"'},
    )


@bp.get("/export.json")
@member_required
def export_json():
    return _export("json")


@bp.get("/export.html")
@member_required
def export_html():
    return _export("html")


@bp.route("/delete", methods=["GET", "POST"])
@member_required
def delete():
    form = PasswordCheckForm()
    if form.validate_on_submit() and _password_ok(form):
        db = get_db()
        services.delete_account(db, current_user, local_today(), now_utc())
        db.commit()
        clear_old_page_copies(db)
        logout_user()
        session.clear()
        flash(_("Your account and your texts have been deleted. Take good care of yourself."))
        response = redirect(url_for("auth.login"))
        response.headers["Clear-Site-Data"] = '"cache", "storage"'
        return response
    status = 422 if form.is_submitted() else 200
    return render_template("account/delete.html", form=form), status
