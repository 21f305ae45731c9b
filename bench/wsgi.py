"""Kring as `make bench` serves it with gunicorn: settings from the environment, as in
production, but with rate limits off, since all the load comes from one address (the
supporter page allows 30 openings a minute per address)."""

from server import create_app

app = create_app({"RATELIMIT_ENABLED": False})
