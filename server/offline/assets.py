"""Static files under versioned URLs, and the service worker's precache list.

Every static URL carries a short hash of the file (`?v=...`), so a browser and the
service worker may keep it for a year: a changed file gets a new URL. The service
worker's own version is the hash of everything it precaches, so any change to the
shell installs a new worker and offers "nieuwe versie — herladen".
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

from flask import Flask, current_app, request, url_for

# What the service worker stores on install: enough to open any kept page offline.
PRECACHED_STATIC = (
    "css/kring.css",
    "js/kring.js",
    "js/queue.js",
    "icons/kring.svg",
    "icons/icon-192.png",
)
SERVICE_WORKER_SOURCE = Path(__file__).resolve().parents[2] / "pwa" / "sw.js"
A_YEAR = 365 * 24 * 3600


@lru_cache(maxsize=256)
def _file_hash(path: str, modified: float) -> str:
    # The modification time is part of the cache key: in development an edited file
    # gets a new hash without a restart.
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:10]


def static_version(filename: str) -> str:
    # Called for every static url_for on every page. Files change with a release, and
    # a release restarts the app servers: one look per file and process, except in
    # debug mode, where an edited file gets a new hash without a restart.
    if current_app.debug:
        return _version_on_disk(current_app.static_folder, filename)
    return _version_at_start(current_app.static_folder, filename)


@lru_cache(maxsize=256)
def _version_at_start(folder: str, filename: str) -> str:
    return _version_on_disk(folder, filename)


def _version_on_disk(folder: str, filename: str) -> str:
    path = os.path.join(folder, filename)
    try:
        return _file_hash(path, os.stat(path).st_mtime)
    except OSError:
        return "missing"  # url_for still works; the request itself answers 404


def add_static_version(endpoint: str, values: dict) -> None:
    if endpoint == "static" and "filename" in values:
        values.setdefault("v", static_version(values["filename"]))


def cache_versioned_static(response):
    # A versioned URL never changes content, so it may be kept for a year.
    if request.endpoint == "static" and response.status_code == 200:
        filename = (request.view_args or {}).get("filename", "")
        if request.args.get("v") == static_version(filename):
            response.headers["Cache-Control"] = f"public, max-age={A_YEAR}, immutable"
    return response


def precache_urls() -> list[str]:
    static = [url_for("static", filename=name) for name in PRECACHED_STATIC]
    return [url_for("offline.offline_page"), url_for("offline.manifest"), *static]


def service_worker_script() -> str:
    """The worker: its settings first, then the offline queue, then the plain-JavaScript
    source in pwa/sw.js. The queue is written in rather than imported (importScripts):
    the browser revalidated an imported script at install and at every update check."""
    source = SERVICE_WORKER_SOURCE.read_text(encoding="utf-8")
    queue = Path(current_app.static_folder, "js", "queue.js").read_text(encoding="utf-8")
    precache = precache_urls()
    offline_page, _, _ = current_app.jinja_loader.get_source(
        current_app.jinja_env, "offline/offline.html"
    )
    parts = [source, queue, offline_page, current_app.config["RELEASE"], *precache]
    fingerprint = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:12]
    settings = {
        "version": fingerprint,
        "precache": precache,
        "offlineUrl": url_for("offline.offline_page"),
    }
    return f"const KRING = {json.dumps(settings)};\n{queue}\n{source}"


def static_url(filename: str) -> str:
    """url_for("static", ...) for the page's head: the same on every page until the
    next release, so built once per file and process (debug mode: every time)."""
    if current_app.debug:
        return url_for("static", filename=filename)
    return _static_url_at_start(current_app._get_current_object(), filename)


@lru_cache(maxsize=64)
def _static_url_at_start(_app: Flask, filename: str) -> str:
    return url_for("static", filename=filename)


def register(app: Flask) -> None:
    app.jinja_env.globals["static_url"] = static_url
    app.url_defaults(add_static_version)
    app.after_request(cache_versioned_static)
