"""Where a page's time goes: pyinstrument over many requests of one page, in this
process, on fresh demo and scale data (SQLite, or KRING_TEST_DATABASE_URL's server).

    .venv/bin/python -m bench.profile home [--scale 50] [--requests 500] [--postgresql]

Prints the call tree (pyinstrument's text) and the mean time per request, plus the SQL
statements of one request. The notes in the README's "Deploying" quote its output.
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("KRING_ENV", "development")

from pyinstrument import Profiler  # noqa: E402
from sqlalchemy import event  # noqa: E402

from bench import load, servers  # noqa: E402
from server.db import engine_of  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "page", choices=["home", "schedule", "homework", "plan", "supporter", "register"]
    )
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--postgresql", action="store_true")
    args = parser.parse_args()
    kind = "postgresql" if args.postgresql else "sqlite"
    with servers.database(kind) as url:
        app = servers.signing_app(url)
        app.config["SESSION_COOKIE_SECURE"] = False
        servers.load_data(app, args.scale)
        path, cookie = load.pages(app)[args.page]
        client = app.test_client()
        if cookie:
            client.set_cookie(*cookie.split("=", 1))
        headers = {"User-Agent": servers.USER_AGENT}
        for _ in range(20):  # warm: templates compiled, catalogues read, pool filled
            assert client.get(path, headers=headers).status_code == 200
        _statements(app, client, path, headers)
        cpu = cpu_ms(client, path, headers, args.requests)
        profiler = Profiler(interval=0.0005)
        started = time.perf_counter()
        with profiler:
            for _ in range(args.requests):
                client.get(path, headers=headers)
        took = (time.perf_counter() - started) / args.requests * 1000
        print(profiler.output_text(unicode=True, show_all=False))
        print(
            f"PROFILE {args.page} db={kind} scale={args.scale} cpu_ms={cpu:.2f} "
            f"mean_ms_profiled={took:.2f}"
        )
        servers.dispose(app)


def cpu_ms(client, path: str, headers: dict, requests: int) -> float:
    """CPU time of this process per request, without the profiler: on a busy machine
    the wall clock counts the other processes' turns too, the CPU time does not."""
    started = time.process_time()
    for _ in range(requests):
        client.get(path, headers=headers)
    return (time.process_time() - started) / requests * 1000


def _statements(app, client, path: str, headers: dict) -> None:
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        seen.append(" ".join(statement.split())[:160])

    engine = engine_of(app)
    event.listen(engine, "before_cursor_execute", record)
    client.get(path, headers=headers)
    event.remove(engine, "before_cursor_execute", record)
    print(f"SQL statements of one request ({len(seen)}):")
    for statement in seen:
        print("  ", statement)


if __name__ == "__main__":
    main()
