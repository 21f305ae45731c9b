"""`make bench`, the CPU part: CPU time per request of each page in this process
(Flask's test client, SQLite, demo and one scale practice), the best of a few rounds.
CPU time, not the wall clock: on a shared machine the wall clock counts other
processes' turns too. Targets (issue #22): home <= 1.5 ms, plan <= 3.5 ms.

    CPU <page> ms=<n>
    TARGET cpu-<page>-ms <n> <= <goal> ok|MISSED
"""

from __future__ import annotations

import os

os.environ.setdefault("KRING_ENV", "development")

from bench import load, servers, targets  # noqa: E402
from bench.profile import cpu_ms  # noqa: E402

PAGES = ("home", "schedule", "homework", "plan", "supporter")
GOALS_MS = {"home": 1.5, "plan": 3.5}
ROUNDS, REQUESTS = 5, 200


def main() -> None:
    with servers.database("sqlite") as url:
        app = servers.signing_app(url)
        app.config["SESSION_COOKIE_SECURE"] = False
        servers.load_data(app, 1)
        paths = load.pages(app)
        headers = {"User-Agent": servers.USER_AGENT}
        for page in PAGES:
            path, cookie = paths[page]
            client = app.test_client()
            if cookie:
                client.set_cookie(*cookie.split("=", 1))
            for _ in range(20):  # warm: templates compiled, catalogues read, caches filled
                assert client.get(path, headers=headers).status_code == 200, page
            best = min(cpu_ms(client, path, headers, REQUESTS) for _ in range(ROUNDS))
            print(f"CPU {page} ms={best:.2f}", flush=True)
            if page in GOALS_MS:
                targets.say(targets.line(f"cpu-{page}-ms", best, "<=", GOALS_MS[page]))
        servers.dispose(app)


if __name__ == "__main__":
    main()
