"""Reminders and notices by Web Push: devices, choices, the outbox of notices that
changes cause, and the reminder job (`kring send-reminders`).

Delivery lives in `delivery.py` and `transport.py` alone (http_ece, py-vapid, urllib3);
the rest of the package does not know which library sends."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import Flask

from server.push.delivery import Deliverer
from server.push.keys import VapidKeys


@dataclass
class PushState:
    keys: VapidKeys | None
    deliverer: Deliverer | None


def init_app(app: Flask) -> None:
    from server.push import keys, outbox, services  # noqa: F401 - outbox listens to signals

    env = app.config.get("KRING_ENV", "production")
    app.config.setdefault("PUSH_ALLOW_HTTP", env in ("development", "testing"))
    if env in ("development", "testing"):
        # The local push service of the tests and of `make bench`.
        app.config.setdefault("PUSH_EXTRA_SERVICES", ("127.0.0.1", "localhost"))
    vapid = keys.load(app.config, Path(app.instance_path))
    deliverer = Deliverer(vapid, services.settings_from(app.config)) if vapid else None
    app.extensions["kring_push"] = PushState(vapid, deliverer)
