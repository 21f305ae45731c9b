"""Settings from the environment, with defaults that are safe for development only.

`KRING_ENV` decides the posture: `production` (the default, so a forgotten setting
fails closed), `development` (what `make run` uses) or `testing`.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

DEV_ENVIRONMENTS = {"development", "testing"}


def _secret_key(env: str, instance_path: Path) -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    if env not in DEV_ENVIRONMENTS:
        raise RuntimeError("SECRET_KEY must be set when KRING_ENV is production.")
    # Development: a random key kept in the instance folder, so sign-ins survive restarts
    # without a secret ever being written in the code.
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def load(instance_path: Path) -> dict:
    env = os.environ.get("KRING_ENV", "production")
    secure = env not in DEV_ENVIRONMENTS
    instance_path.mkdir(parents=True, exist_ok=True)
    return {
        "KRING_ENV": env,
        "SECRET_KEY": _secret_key(env, instance_path),
        "DATABASE_URL": os.environ.get(
            "DATABASE_URL", f"sqlite:///{instance_path / 'kring.sqlite3'}"
        ),
        "RATELIMIT_STORAGE_URI": os.environ.get("REDIS_URL", "memory://"),
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "587")),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_STARTTLS": os.environ.get("MAIL_STARTTLS", "1") == "1",
        "MAIL_FROM": os.environ.get("MAIL_FROM", "Kring <noreply@kring.example>"),
        # Links in e-mails need the public address; the request's host is not trusted.
        "BASE_URL": os.environ.get("BASE_URL", "http://127.0.0.1:5000"),
        "SESSION_COOKIE_SECURE": secure,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": secure,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_DURATION": 30 * 24 * 3600,
        "HSTS": secure,
        "BABEL_DEFAULT_LOCALE": "nl",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Amsterdam",
        "WTF_CSRF_TIME_LIMIT": 3600,
    }
