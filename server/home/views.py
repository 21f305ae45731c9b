from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from server.auth.forms import LanguageForm
from server.db import get_db
from server.groups import services as groups

bp = Blueprint("home", __name__)


@bp.get("/")
def index():
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    if current_user.is_therapist:
        return redirect(url_for("therapist.index"))
    memberships = groups.memberships_of(get_db(), current_user, groups.local_today())
    return render_template("home/index.html", memberships=memberships)


@bp.get("/more")
@login_required
def more():
    language_form = LanguageForm(next=request.path)
    return render_template("home/more.html", language_form=language_form)
