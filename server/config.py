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


def _rate_limit_storage() -> dict:
    """Redis when REDIS_URL is set, so every app server counts against the same limits
    (several servers behind one proxy); in memory for a single development server."""
    redis_url = os.environ.get("REDIS_URL", "")
    if not redis_url:
        return {"RATELIMIT_STORAGE_URI": "memory://"}
    return {
        "RATELIMIT_STORAGE_URI": redis_url,
        # One Redis may serve several installations: each counts under its own prefix.
        "RATELIMIT_KEY_PREFIX": os.environ.get("REDIS_KEY_PREFIX", "kring"),
        # A Redis that hangs must not hang sign-in; while it is away, each server keeps
        # its own limits in memory (weaker, not gone) and goes back once Redis answers.
        "RATELIMIT_STORAGE_OPTIONS": {"socket_timeout": 1, "socket_connect_timeout": 1},
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
    }


def _owner_only_folder(instance_path: Path) -> None:
    """The instance folder holds the SQLite database and, in development, the secret
    key: nobody but Kring's own user may look inside (an older one is tightened too)."""
    instance_path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if instance_path.stat().st_uid == os.getuid():
        instance_path.chmod(0o700)


def load(instance_path: Path) -> dict:
    env = os.environ.get("KRING_ENV", "production")
    secure = env not in DEV_ENVIRONMENTS
    _owner_only_folder(instance_path)
    return {
        "KRING_ENV": env,
        "SECRET_KEY": _secret_key(env, instance_path),
        "DATABASE_URL": os.environ.get(
            "DATABASE_URL", f"sqlite:///{instance_path / 'kring.sqlite3'}"
        ),
        **_rate_limit_storage(),
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "587")),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_STARTTLS": os.environ.get("MAIL_STARTTLS", "1") == "1",
        "MAIL_FROM": os.environ.get("MAIL_FROM", "Kring <noreply@kring.example>"),
        # How many proxies (the TLS proxy: 1) stand before the app servers.
        "PROXIES": int(os.environ.get("KRING_PROXIES", "0")),
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
        # Part of the service worker's version: a new release offers "nieuwe versie".
        "RELEASE": os.environ.get("KRING_RELEASE", ""),
    }
