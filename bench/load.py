"""`make bench`, the load part: Kring's pages under gunicorn (2 sync workers) against a
bare Flask route under the same settings, loaded with wrk from the same machine, on
SQLite and then PostgreSQL (when KRING_TEST_DATABASE_URL is set), with 1 and with 50
scale practices (`kring demo --scale N`). One line per page:

    BENCH <page> req_s=<n> p50_ms=<n> p99_ms=<n> ratio=<page req_s / bare req_s> db=.. scale=..

then the TARGET lines of issue #22 (bench/targets.py): against the bare route in the
same run on SQLite, home and schedule >= 0.18, plan, homework and the supporter page
>= 0.10; p99 < 50 ms at 20 connections for every member page; on PostgreSQL each page
>= 0.8 of its SQLite figure (both as ratios to the bare route, so a busier machine in
one set does not pass for a slower database); SQL statements per page the same at
N=50 as at N=1; and each page's ratio at N=50 within 20% of N=1.

The machine is shared (two cores, other work on them), so each page is measured in
rounds that alternate with the bare route, and the best round of each counts: the
ratio compares two measurements made side by side, not minutes apart.

Knobs: BENCH_SCALES ("1 50"), BENCH_ROUNDS (3), BENCH_SECONDS (5 per run),
BENCH_CONNECTIONS (20).
"""

from __future__ import annotations

import os
import platform
import sqlite3
import sys
from datetime import date

os.environ.setdefault("KRING_ENV", "development")

from sqlalchemy import event  # noqa: E402

from bench import servers, wrk  # noqa: E402
from bench.targets import line as line_for  # noqa: E402
from bench.targets import not_measured  # noqa: E402
from server import scale  # noqa: E402
from server.db import engine_of  # noqa: E402

SCALES = [int(n) for n in os.environ.get("BENCH_SCALES", "1 50").split()]
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "20"))
WARM_UP = 2
RATIO_TARGET = {"home": 0.18, "schedule": 0.18, "plan": 0.10, "homework": 0.10, "supporter": 0.10}
MEMBER_PAGES = ("home", "schedule", "homework", "plan")
P99_TARGET_MS = 50.0
POSTGRESQL_SHARE = 0.8
SCALE_TOLERANCE = 0.20


def pages(app) -> dict[str, tuple[str, str]]:
    """Page name -> (path, Cookie header). Everyone is of the first scale practice, so
    N=1 and N=50 measure the same member with the same history."""
    member = servers.session_cookie(app, scale.member_email(1, 1, 1))
    therapist = servers.session_cookie(app, scale.therapist_email(1, 1))
    return {
        "home": ("/", member),
        "schedule": ("/schedule", member),
        "homework": ("/homework/", member),
        "plan": ("/plan/", member),
        "supporter": (f"/s/{scale.share_token(1, 1)}/", ""),
        "register": (servers.register_path(app, 1), therapist),
    }


def run(url: str, cookie: str = "") -> wrk.Result:
    options = {"connections": CONNECTIONS, "cookie": cookie, "user_agent": servers.USER_AGENT}
    return wrk.run(url, seconds=SECONDS, **options)


def measure(url: str, cookie: str, bare_url: str) -> tuple[wrk.Result, wrk.Result]:
    """The page's best round and the bare route's best round, run turn about."""
    wrk.run(url, seconds=WARM_UP, connections=CONNECTIONS, cookie=cookie)
    pages, bares = [], []
    for _ in range(ROUNDS):
        bares.append(run(bare_url))
        pages.append(run(url, cookie))
    best = max(pages, key=lambda r: r.req_s)
    best.errors = sum(r.errors for r in pages)
    return best, max(bares, key=lambda r: r.req_s)


def line(page: str, result: wrk.Result, bare: wrk.Result, kind: str, count: int) -> str:
    text = (
        f"BENCH {page} req_s={result.req_s:.0f} p50_ms={result.p50_ms:.1f} "
        f"p99_ms={result.p99_ms:.1f} ratio={result.req_s / bare.req_s:.2f} db={kind} scale={count}"
    )
    return text + (f" errors={result.errors}" if result.errors else "")


def one_set(kind: str, count: int) -> dict:
    with servers.database(kind) as url:
        app = servers.signing_app(url)
        print(
            f"GEN db={kind} scale={count} seconds={servers.load_data(app, count):.1f}", flush=True
        )
        targets = pages(app)
        statements = {page: statement_count(app, *target) for page, target in targets.items()}
        servers.dispose(app)
        results, bares = {}, {}
        with (
            servers.gunicorn("bench.bare:app") as bare,
            servers.gunicorn("bench.wsgi:app", servers.kring_env(url)) as base,
        ):
            for page, (path, cookie) in targets.items():
                wrk.check(base + path, cookie, servers.USER_AGENT)
                results[page], bares[page] = measure(base + path, cookie, bare + "/")
                print(line(page, results[page], bares[page], kind, count), flush=True)
        results["bare"] = max(bares.values(), key=lambda r: r.req_s)
        print(line("bare", results["bare"], results["bare"], kind, count), flush=True)
        results["ratios"] = {page: results[page].req_s / bares[page].req_s for page in bares}
        results["statements"] = statements
        return results


def statement_count(app, path: str, cookie: str) -> int:
    """SQL statements of one request of the page, in this process."""
    seen = []
    client = app.test_client()
    if cookie:
        client.set_cookie(*cookie.split("=", 1))
    headers = {"User-Agent": servers.USER_AGENT}
    client.get(path, headers=headers)  # a client's first request may settle its session
    engine = engine_of(app)

    def count(*_args) -> None:
        seen.append(1)

    event.listen(engine, "before_cursor_execute", count)
    client.get(path, headers=headers)
    event.remove(engine, "before_cursor_execute", count)
    return len(seen)


def targets(kind: str, runs: dict[int, dict]) -> list[str]:
    lines = []
    for count, results in runs.items():
        where = f"[{kind},N={count}]"
        if kind == "sqlite":
            for page, goal in RATIO_TARGET.items():
                lines.append(
                    line_for(f"{page}-vs-bare{where}", results["ratios"][page], ">=", goal)
                )
        for page in MEMBER_PAGES:
            p99 = results[page].p99_ms
            lines.append(line_for(f"{page}-p99-ms{where}", p99, "<", P99_TARGET_MS, digits=1))
    if len(runs) < 2:
        lines.append(not_measured(f"statements-per-page[{kind}]", "one scale only (BENCH_SCALES)"))
        lines.append(not_measured(f"scale-change[{kind}]", "one scale only (BENCH_SCALES)"))
        return lines
    small, large = runs[min(runs)], runs[max(runs)]
    where = f"[{kind},N={max(runs)}/N={min(runs)}]"
    for page in small["ratios"]:
        change = large["statements"][page] - small["statements"][page]
        lines.append(line_for(f"{page}-statements-added{where}", change, "==", 0, digits=0))
    for page in small["ratios"]:
        # Compared as ratios to the bare route, so a busier machine in one set
        # does not pass for a slower Kring.
        change = abs(large["ratios"][page] / small["ratios"][page] - 1)
        lines.append(line_for(f"{page}-scale-change{where}", change, "<=", SCALE_TOLERANCE))
    return lines


def postgresql_targets(sets: dict[str, dict[int, dict]]) -> list[str]:
    """Each page on PostgreSQL against SQLite, at each scale, as ratios to the bare route."""
    if "postgresql" not in sets:
        why = "KRING_TEST_DATABASE_URL is not set"
        return [not_measured(f"{page}-postgresql-vs-sqlite", why) for page in RATIO_TARGET]
    lines = []
    for count, results in sets["postgresql"].items():
        for page, ratio in results["ratios"].items():
            share = ratio / sets["sqlite"][count]["ratios"][page]
            name = f"{page}-postgresql-vs-sqlite[N={count}]"
            lines.append(line_for(name, share, ">=", POSTGRESQL_SHARE))
    return lines


def machine() -> str:
    with open("/proc/cpuinfo") as info:
        models = [ln.split(":", 1)[1].strip() for ln in info if ln.startswith("model name")]
    return (
        f"BENCH-MACHINE date={date.today()} cpu={(models or [platform.processor()])[0]!r} "
        f"cores={os.cpu_count()} python={platform.python_version()} "
        f"sqlite={sqlite3.sqlite_version}"
    )


def main() -> int:
    if not wrk.available():
        print("BENCH load: wrk is not installed; `apt-get install wrk` (Debian) and run again")
        return 1
    kinds = ["sqlite"] + (["postgresql"] if os.environ.get("KRING_TEST_DATABASE_URL") else [])
    print(machine(), f"workers={servers.WORKERS} connections={CONNECTIONS}", flush=True)
    errors, sets = 0, {}
    for kind in kinds:
        runs = sets[kind] = {count: one_set(kind, count) for count in SCALES}
        errors += sum(runs[n][page].errors for n in runs for page in runs[n]["ratios"])
        print("\n".join(targets(kind, runs)), flush=True)
    print("\n".join(postgresql_targets(sets)), flush=True)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
