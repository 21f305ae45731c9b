"""Where a page loses on PostgreSQL, in figures that do not depend on how busy the
machine is: per request, the round trips to the server (a libpq trace of one request),
the SQL statements, and the CPU time of the server's backend process (from /proc, so
the server must run on this machine) and of this process.

    .venv/bin/python -m bench.postgresql_cost [home schedule ...] [--requests 300]

    PGCOST <page> round_trips=<n> statements=<n> server_cpu_ms=<n> client_cpu_ms=<n>

Needs KRING_TEST_DATABASE_URL; makes a database of its own (demo data and one scale
practice) and drops it afterwards. The wall clock of `make bench` counts the other
processes' turns too; these do not (the CPU times only a little: caches are shared).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("KRING_ENV", "development")

from psycopg import pq  # noqa: E402
from sqlalchemy import event  # noqa: E402

from bench import load, servers  # noqa: E402
from bench.instructions import PAGES  # noqa: E402
from server.db import engine_of  # noqa: E402

TRACE_FLAGS = pq.Trace.SUPPRESS_TIMESTAMPS | pq.Trace.REGRESS_MODE


def round_trips(driver_connection, request) -> int:
    """Messages the client waits on in one request: each simple Query and each Sync
    (which ends a Parse/Bind/Execute of the extended protocol)."""
    with tempfile.TemporaryFile(mode="w+") as trace:
        driver_connection.pgconn.trace(trace.fileno())
        driver_connection.pgconn.set_trace_flags(TRACE_FLAGS)
        request()
        driver_connection.pgconn.untrace()
        trace.seek(0)
        fields = (line.split("\t") for line in trace)
        return sum(1 for f in fields if f[0] == "F" and f[2].strip() in ("Query", "Sync"))


def statements(engine, request) -> int:
    seen = []

    def count(*_args) -> None:
        seen.append(1)

    event.listen(engine, "before_cursor_execute", count)
    request()
    event.remove(engine, "before_cursor_execute", count)
    return len(seen)


def backend_cpu_seconds(pid: int) -> float:
    """utime + stime of the server process, in seconds (fields 14 and 15 of stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(app, target: tuple[str, str], page: str, requests: int) -> str:
    path, cookie = target
    client = app.test_client()
    if cookie:
        client.set_cookie(*cookie.split("=", 1))
    headers = {"User-Agent": servers.USER_AGENT}

    def request() -> None:
        assert client.get(path, headers=headers).status_code == 200, page

    for _ in range(20):  # warm: templates, caches, prepared statements
        request()
    engine = engine_of(app)
    # One request at a time: the pool hands every request this same connection.
    with engine.connect() as connection:
        driver_connection = connection.connection.driver_connection
    pid = driver_connection.info.backend_pid
    trips = round_trips(driver_connection, request)
    count = statements(engine, request)
    server, client_cpu = backend_cpu_seconds(pid), time.process_time()
    for _ in range(requests):
        request()
    server = (backend_cpu_seconds(pid) - server) / requests * 1000
    client_cpu = (time.process_time() - client_cpu) / requests * 1000
    return (
        f"PGCOST {page} round_trips={trips} statements={count} "
        f"server_cpu_ms={server:.2f} client_cpu_ms={client_cpu:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", default=list(PAGES))
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    with servers.database("postgresql") as url:
        app = servers.signing_app(url)
        servers.load_data(app, 1)
        # Signed in once: the therapist's code is refused a second time in its 30 s.
        targets = load.pages(app)
        for page in args.pages:
            print(measure(app, targets[page], page, args.requests), flush=True)
        servers.dispose(app)


if __name__ == "__main__":
    main()
