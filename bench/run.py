"""`make bench`: page weight and the service worker's first visit (bench.weight), push
delivery (bench.push), CPU per request (bench.cpu), then the load benchmark
(bench.load), then what one SQL statement costs under that load (bench.round_trip), in
that order. Each part is imported when its turn comes, so one that is
missing or fails says so in a line of its own and the others still run; the targets
of a part that failed are printed as not measured."""

from __future__ import annotations

import importlib
import sys
import traceback

PARTS = ("bench.weight", "bench.push", "bench.cpu", "bench.load", "bench.round_trip")
# What each part's TARGET lines are about, for when the part could not run
# (bench.round_trip has none: it explains the PostgreSQL targets).
PART_TARGETS = {
    "bench.weight": "sw-first-visit-fetched-again",
    "bench.push": "push-msgs-per-s",
    "bench.cpu": "cpu-home-ms, cpu-plan-ms",
    "bench.load": "vs-bare, p99, statements, scale and postgresql targets",
}


def run_part(name: str) -> bool:
    """Run one part's main(); whether it went well (None or 0 from main is success)."""
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as missing:
        if missing.name != name:
            raise  # the part exists but something it imports does not: a real error
        print(f"BENCH-MISSING {name}: not in this tree yet, skipped", flush=True)
        return False
    try:
        outcome = module.main()
    except SystemExit as stop:
        outcome = stop.code
    return outcome in (None, 0, True)


def main() -> int:
    failed = []
    for name in PARTS:
        try:
            ok = run_part(name)
        except Exception:  # one broken part must not hide the others' figures
            traceback.print_exc()
            ok = False
        if not ok:
            failed.append(name)
            if name in PART_TARGETS:
                print(f"TARGET {PART_TARGETS[name]} not measured: {name} failed", flush=True)
    print(f"BENCH-DONE failed={','.join(failed) or 'none'}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
