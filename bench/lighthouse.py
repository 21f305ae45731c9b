"""`make lighthouse`: Lighthouse (npm) with mobile settings on the member's home, the
rooster, the plan and a supporter page, served from the demo data. A benchmark, not a
test: it prints one line per page."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

from bench.demo_app import demo_server, session_cookie
from server.plan.demo import DEMO_SHARE_TOKEN

HERE = Path(__file__).resolve().parent
LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
CATEGORIES = ("performance", "accessibility", "best-practices")


def run(url: str, cookie: str | None) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        command = [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--chrome-flags={FLAGS}",
            "--only-categories=" + ",".join(CATEGORIES),
        ]
        if cookie:
            command.append("--extra-headers=" + json.dumps({"Cookie": f"session={cookie}"}))
        env = {**os.environ, "CHROME_PATH": "/usr/bin/chromium"}
        subprocess.run(command, check=True, env=env, timeout=300)  # noqa: S603
        return json.loads(report.read_text())


def main() -> None:
    with demo_server() as (app, base):
        member = session_cookie(app, "member@example.org")
        pages = [
            ("home", "/", member),
            ("schedule", "/schedule", member),
            ("plan", "/plan/", member),
            ("supporter", f"/s/{DEMO_SHARE_TOKEN}/", None),
        ]
        for name, path, cookie in pages:
            report = run(base + path, cookie)
            scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
            print(
                f"LIGHTHOUSE {name} " + " ".join(f"{c}={v}" for c, v in scores.items()), flush=True
            )
            for category in CATEGORIES:
                if scores[category] < 100:
                    for audit_id in _failing(report, category):
                        print(f"  {category}: {audit_id}")


def _failing(report: dict, category: str) -> list[str]:
    refs = report["categories"][category]["auditRefs"]
    return [
        ref["id"]
        for ref in refs
        if ref["weight"] and (report["audits"][ref["id"]]["score"] or 0) < 1
    ]


if __name__ == "__main__":
    main()
