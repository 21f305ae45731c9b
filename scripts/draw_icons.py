"""Draw the PNG icons from the SVGs in pwa/static/icons with headless Chromium, so the
home-screen icon is pixel for pixel the SVG. Run with `make icons` after changing an SVG.

kring.svg: the rounded mark ("any"); maskable.svg: full bleed with the ring inside the
safe zone (Android crops it to a circle or squircle); monochrome.svg: the ring alone,
which the system tints.
"""

from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import sync_playwright

ICONS = Path(__file__).resolve().parent.parent / "pwa" / "static" / "icons"
CHROMIUM = os.environ.get("KRING_CHROMIUM", "/usr/bin/chromium")
DRAWINGS = [
    ("kring.svg", "icon-192.png", 192),
    ("kring.svg", "icon-512.png", 512),
    ("kring.svg", "apple-touch-icon.png", 180),
    ("maskable.svg", "maskable-192.png", 192),
    ("maskable.svg", "maskable-512.png", 512),
    ("monochrome.svg", "monochrome-512.png", 512),
]


def main() -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for source, target, size in DRAWINGS:
            page = browser.new_page(viewport={"width": size, "height": size})
            svg = (
                (ICONS / source)
                .read_text()
                .replace("<svg ", f'<svg width="{size}" height="{size}" ', 1)
            )
            page.set_content(f'<body style="margin:0">{svg}</body>')
            page.screenshot(path=ICONS / target, omit_background=True)
            page.close()
            print(f"{target} {size}x{size}")
        browser.close()


if __name__ == "__main__":
    main()
