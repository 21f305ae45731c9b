"""`make bench`, the load part: Kring's pages under gunicorn (2 sync workers) against a
bare Flask route under the same settings, loaded with wrk from the same machine, on
SQLite and then PostgreSQL (when KRING_TEST_DATABASE_URL is set), with 1 and with 50
scale practices (`kring demo --scale N`). One line per page:

    BENCH <page> req_s=<n> p50_ms=<n> p99_ms=<n> ratio=<page req_s / bare req_s> db=.. scale=..

then a TARGET line per target: ratio >= 0.30 for home and schedule, p99 < 50 ms at 20
connections, and each page's req/s at N=50 within 20% of N=1.

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

from bench import servers, wrk  # noqa: E402
from server import scale  # noqa: E402

SCALES = [int(n) for n in os.environ.get("BENCH_SCALES", "1 50").split()]
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "20"))
WARM_UP = 2
RATIO_TARGET = {"home": 0.30, "schedule": 0.30}
P99_TARGET_MS = 50.0
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
        return results


def targets(kind: str, runs: dict[int, dict]) -> list[str]:
    lines = []
    for count, results in runs.items():
        for page, goal in RATIO_TARGET.items():
            ratio = results["ratios"][page]
            lines.append(_target(f"ratio>={goal:.2f} {page}", ratio, ratio >= goal, kind, count))
        for page, result in results.items():
            if page not in ("bare", "ratios"):
                ok = result.p99_ms < P99_TARGET_MS
                what = f"p99<{P99_TARGET_MS:.0f}ms {page}"
                lines.append(_target(what, result.p99_ms, ok, kind, count))
    if len(runs) > 1:
        small, large = runs[min(runs)], runs[max(runs)]
        for page in small["ratios"]:
            # Compared as ratios to the bare route, so a busier machine in one set
            # does not pass for a slower Kring.
            change = large["ratios"][page] / small["ratios"][page]
            ok = abs(change - 1) <= SCALE_TOLERANCE
            lines.append(
                _target(f"N={max(runs)}/N={min(runs)} {page}", change, ok, kind, max(runs))
            )
    return lines


def _target(what: str, value: float, ok: bool, kind: str, count: int) -> str:
    return f"TARGET {what} value={value:.2f} db={kind} scale={count} {'ok' if ok else 'MISSED'}"


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
    errors = 0
    for kind in kinds:
        runs = {count: one_set(kind, count) for count in SCALES}
        errors += sum(runs[n][page].errors for n in runs for page in runs[n]["ratios"])
        print("\n".join(targets(kind, runs)), flush=True)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
