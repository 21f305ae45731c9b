"""What one SQL statement costs a request on this machine under load, without Kring's
pages around it: a bare Flask route that reads one row by its key, once and then four
times per request, under gunicorn (2 sync workers) and wrk as `make bench` loads Kring.
On SQLite and on PostgreSQL, through Kring's engine (server.db.make_engine: SQLAlchemy
Core, on PostgreSQL with Kring's cursor) and through the driver alone (sqlite3, psycopg).

    .venv/bin/python -m bench.round_trip

    ROUNDTRIP db=<kind> via=<kring|driver> statements=<n> req_s=<n> core_ms=<n>
    ROUNDTRIP-COST db=<kind> via=<kring|driver> core_ms_per_statement=<n>

With both cores busy, a request costs cores / req_s, whoever spends it (the worker,
the database server, the kernel); a statement costs what three more add, over three.
Why it matters: "PostgreSQL >= 0.8 of SQLite" leaves a page whose request costs T on
SQLite T / 0.8 - T = T / 4 for everything PostgreSQL adds, so this cost says how many
statements a page can have before it misses. PostgreSQL's lines need
KRING_TEST_DATABASE_URL.
"""

from __future__ import annotations

import json
import os
import sqlite3

from flask import Flask
from sqlalchemy import make_url, text

from server.db import make_engine

FEWER, MORE = 1, 4  # statements per request: the difference is what each one costs
ROUNDS, SECONDS, CONNECTIONS = 3, 4, 20
CORES = os.cpu_count() or 2
SETTINGS = "KRING_ROUND_TRIP"  # the served app's database, way and statements, as JSON
READ = 'SELECT id, email FROM "user" WHERE id = :id'  # sqlite3 and SQLAlchemy's style
ROW = {"id": 1}


def reader(url: str, via: str):
    """A function that reads the row `count` times, as one request: through Kring's
    engine on one connection from its pool, or on the worker's own driver connection."""
    if via == "kring":
        engine = make_engine(url)
        statement = text(READ)

        def read(count: int) -> None:
            with engine.connect() as connection:
                for _ in range(count):
                    connection.execute(statement, ROW).all()

        return read
    if url.startswith("sqlite"):
        connection = sqlite3.connect(make_url(url).database, check_same_thread=False)
        query = READ
    else:
        import psycopg  # as Kring reads: outside a transaction, prepared after 5 uses

        connection = psycopg.connect(
            make_url(url).set(drivername="postgresql").render_as_string(hide_password=False),
            autocommit=True,
        )
        query = READ.replace(":id", "%(id)s")

    def read(count: int) -> None:
        for _ in range(count):
            connection.execute(query, ROW).fetchall()

    return read


def served_app() -> Flask | None:
    """The route gunicorn serves: N reads, then a short text like the bare route."""
    if SETTINGS not in os.environ:
        return None
    settings = json.loads(os.environ[SETTINGS])
    read, count = reader(settings["url"], settings["via"]), settings["statements"]
    served = Flask(__name__)

    @served.get("/")
    def index():
        read(count)
        return "Kring\n", 200, {"Content-Type": "text/plain"}

    return served


app = served_app()


def measure(url: str, via: str, statements: int) -> float:
    """The best of a few wrk runs, in requests per second."""
    from bench import servers, wrk

    settings = json.dumps({"url": url, "via": via, "statements": statements})
    with servers.gunicorn("bench.round_trip:app", {SETTINGS: settings}) as base:
        wrk.run(base + "/", seconds=2, connections=CONNECTIONS)  # warm: connections, prepares
        runs = [
            wrk.run(base + "/", seconds=SECONDS, connections=CONNECTIONS) for _ in range(ROUNDS)
        ]
    return max(run.req_s for run in runs)


def main() -> int:
    from bench import servers, wrk

    if not wrk.available():
        print("ROUNDTRIP: wrk is not installed; `apt-get install wrk` (Debian) and run again")
        return 1
    kinds = ["sqlite"] + (["postgresql"] if os.environ.get("KRING_TEST_DATABASE_URL") else [])
    for kind in kinds:
        with servers.database(kind) as url:
            for via in ("kring", "driver"):
                core_ms = {}
                for count in (FEWER, MORE):
                    req_s = measure(url, via, count)
                    core_ms[count] = CORES * 1000 / req_s
                    print(
                        f"ROUNDTRIP db={kind} via={via} statements={count} req_s={req_s:.0f} "
                        f"core_ms={core_ms[count]:.3f}",
                        flush=True,
                    )
                each = (core_ms[MORE] - core_ms[FEWER]) / (MORE - FEWER)
                print(f"ROUNDTRIP-COST db={kind} via={via} core_ms_per_statement={each:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
