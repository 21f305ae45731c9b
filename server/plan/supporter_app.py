"""The supporter's page as a small app of its own: a manifest whose start and scope are
the link, and a worker (pwa/supporter-sw.js) served from under the link, so its scope
is the link without a Service-Worker-Allowed header.

The name on the supporter's home screen is Kring's and says only that something is
shared with them: no member's name (a phone on the table is not private, and the
manifest is fetched without opening the link, so it reads nothing of the member)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from flask import current_app, url_for
from flask_babel import gettext as _

from server.offline.manifest import LIGHT

WORKER_SOURCE = Path(__file__).resolve().parents[2] / "pwa" / "supporter-sw.js"
# What the kept page needs to look right offline.
PAGE_FILES = ("css/kring.css", "js/supporter.js", "icons/kring.svg")


def _icon(filename: str, size: str, kind: str = "image/png", purpose: str = "any") -> dict:
    return {
        "src": url_for("static", filename=f"icons/{filename}"),
        "sizes": size,
        "type": kind,
        "purpose": purpose,
    }


def manifest_for(page: str) -> dict:
    return {
        "id": page,
        "name": _("Kring: shared with you"),
        "short_name": _("Shared"),
        "start_url": page,
        "scope": page,
        "display": "standalone",
        "lang": "nl",
        **LIGHT,
        "icons": [
            _icon("kring.svg", "any", "image/svg+xml"),
            _icon("icon-192.png", "192x192"),
            _icon("icon-512.png", "512x512"),
            _icon("maskable-192.png", "192x192", purpose="maskable"),
            _icon("maskable-512.png", "512x512", purpose="maskable"),
        ],
    }


def worker_script(page: str, manifest: str) -> str:
    """The worker: its settings first, then the plain-JavaScript source."""
    source = WORKER_SOURCE.read_text(encoding="utf-8")
    files = [url_for("static", filename=name) for name in PAGE_FILES]
    version = hashlib.sha256(
        "\n".join([source, current_app.config["RELEASE"], *files]).encode()
    ).hexdigest()[:12]
    settings = {"version": version, "page": page, "manifest": manifest, "files": files}
    return f"const KRING_LINK = {json.dumps(settings)};\n{source}"
