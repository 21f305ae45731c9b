import pytest

from server import create_app
from tests.conftest import config_for


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.setenv("KRING_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app()


def test_production_cookies_are_secure(monkeypatch, tmp_path):
    monkeypatch.setenv("KRING_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/k.db"})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_HTTPONLY"] is True
    assert app.config["HSTS"] is True


def test_a_test_passes_its_own_config(app):
    assert app.config["TESTING"] is True
    assert app.config["DATABASE_URL"].endswith("kring.sqlite3")


def test_healthz_answers_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "ok\n"


def test_healthz_fails_when_the_database_does_not(tmp_path):
    app = create_app(config_for(f"sqlite:///{tmp_path}/missing/dir/kring.db"))
    assert app.test_client().get("/healthz").status_code == 503


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(app, db):
    assert db.connection().exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    assert db.connection().exec_driver_sql("PRAGMA busy_timeout").scalar() == 15000


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
