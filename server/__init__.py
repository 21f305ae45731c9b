"""Kring: the Flask application factory."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel import Locale
from flask import Flask, has_request_context, session
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import text

from server import (
    catalogues,
    db,
    errors,
    formatting,
    navigation,
    plaintext,
    push,
    security,
    sessions,
)
from server import config as config_module
from server.extensions import babel, csrf, limiter, login_manager
from server.fragments import KeptFragments
from server.offline import assets as offline_assets
from server.offline import once as offline_once
from server.offline import pages as offline_pages

PROJECT_ROOT = Path(__file__).resolve().parent.parent
LOCALES = ("nl", "en")


class Kring(Flask):
    """Flask, asking once per function whether it is `async`: it asks before every
    call of every view, hook and context processor, a dozen times per page (1.4% of
    the home page's Python steps, counted with sys.settrace)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._sync: dict = {}

    def ensure_sync(self, func):
        sync = self._sync.get(func)
        if sync is None:
            sync = self._sync[func] = super().ensure_sync(func)
        return sync


def create_app(config: dict | None = None) -> Flask:
    app = Kring(
        __name__,
        instance_path=str(PROJECT_ROOT / "instance"),
        template_folder=str(PROJECT_ROOT / "pwa" / "templates"),
        static_folder=str(PROJECT_ROOT / "pwa" / "static"),
    )
    app.config.update(config_module.load(Path(app.instance_path)))
    if config:
        app.config.update(config)
    app.session_interface = sessions.SessionInterface()
    db.init_app(app)
    register_extensions(app)
    register_blueprints(app)
    errors.register(app)
    navigation.register(app)
    app.jinja_env.add_extension(KeptFragments)
    formatting.register(app)
    catalogues.register(app)
    plaintext.register(app)
    register_shell(app)
    security.register(app)
    push.init_app(app)
    offline_pages.register(app)
    offline_once.register(app)
    offline_assets.register(app)
    return app


def select_locale() -> Locale | None:
    if not has_request_context():
        return None  # the command line: Flask-Babel's default (Dutch)
    user = current_user._get_current_object()
    if user.is_authenticated:
        return _parsed(user.locale)
    return _parsed(session.get("locale", "nl"))


@cache
def _parsed(code: str) -> Locale:
    """Flask-Babel parses the selected code anew on every request; a Locale it is given
    it keeps as it is."""
    return Locale.parse(code)


def register_extensions(app: Flask) -> None:
    csrf.init_app(app)
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(PROJECT_ROOT / "server" / "translations"),
    )
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.session_protection = "basic"
    from server.auth.signed_in import load_signed_in_user

    login_manager.user_loader(load_signed_in_user)


def register_blueprints(app: Flask) -> None:
    from server.account.views import bp as account_bp
    from server.announcements.views import bp as announcements_bp
    from server.auth.views import bp as auth_bp
    from server.home.views import bp as home_bp
    from server.homework.views import bp as homework_bp
    from server.journey.views import bp as journey_bp
    from server.offline.views import bp as offline_bp
    from server.plan import (  # noqa: F401 - add routes
        card_views,
        contact_views,
        professional_views,
        share_views,
        together_views,
        version_views,
    )
    from server.plan.supporter_views import supporter_bp
    from server.plan.views import bp as plan_bp
    from server.practice import group_views, welcome
    from server.practice.views import bp as practice_bp
    from server.push import stop_views  # noqa: F401 - adds its route to push_bp
    from server.push.views import bp as push_bp
    from server.schedule.views import bp as schedule_bp
    from server.therapist import (  # noqa: F401
        announcements,
        export_views,
        homework,
        journey,
        meetings,
        plan_views,
    )
    from server.therapist.views import bp as therapist_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(account_bp)
    app.register_blueprint(home_bp)
    app.register_blueprint(announcements_bp)
    app.register_blueprint(offline_bp)
    app.register_blueprint(schedule_bp)
    app.register_blueprint(homework_bp)
    app.register_blueprint(journey_bp)
    app.register_blueprint(plan_bp)
    app.register_blueprint(supporter_bp)
    app.register_blueprint(push_bp)
    app.register_blueprint(therapist_bp, url_prefix="/therapist")
    app.register_blueprint(practice_bp, url_prefix="/admin")
    app.register_blueprint(group_views.bp, url_prefix="/admin/groups")
    app.register_blueprint(welcome.bp)

    @app.get("/healthz")
    def healthz():
        try:
            db.get_db().execute(text("SELECT 1"))
        except Exception:  # any database failure means "not healthy", nothing more
            return "database unavailable\n", 503, {"Content-Type": "text/plain"}
        return "ok\n", 200, {"Content-Type": "text/plain"}


def register_shell(app: Flask) -> None:
    @app.context_processor
    def template_globals():
        return {"current_locale": str(get_locale()), "locales": LOCALES}
