"""The web app manifest: a discreet name, the brand colours, and the icons."""

from __future__ import annotations

from flask import url_for

LIGHT = {"theme_color": "#1f5f5b", "background_color": "#f6f5f1"}
DARK = {"theme_color": "#12201f", "background_color": "#111716"}


def _icon(filename: str, size: str, purpose: str, kind: str = "image/png") -> dict:
    return {
        "src": url_for("static", filename=f"icons/{filename}"),
        "sizes": size,
        "type": kind,
        "purpose": purpose,
    }


def web_manifest() -> dict:
    # The name on the home screen says nothing about what the app is for.
    return {
        "id": "/",
        "name": "Kring",
        "short_name": "Kring",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "lang": "nl",
        "dir": "ltr",
        **LIGHT,
        # Chromium reads the dark colours from here; the meta tags cover the rest.
        "user_preferences": {"color_scheme_dark": DARK},
        "icons": [
            _icon("kring.svg", "any", "any", "image/svg+xml"),
            _icon("icon-192.png", "192x192", "any"),
            _icon("icon-512.png", "512x512", "any"),
            _icon("maskable-192.png", "192x192", "maskable"),
            _icon("maskable-512.png", "512x512", "maskable"),
            _icon("monochrome.svg", "any", "monochrome", "image/svg+xml"),
            _icon("monochrome-512.png", "512x512", "monochrome"),
        ],
    }
