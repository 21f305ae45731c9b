"""Instructions per request of each member page, counted by valgrind's callgrind: the
same figure for the same code whatever else the machine is doing, so a change can be
judged on a busy two-core machine where CPU milliseconds wander by a third.

    .venv/bin/python -m bench.instructions [home schedule ...] [--requests 100]

    INSTR <page> per_request=<n>M

The database (SQLite, demo data and one scale practice) and the sign-ins are made
first, outside valgrind (password hashing under valgrind takes minutes). Then one
process per page runs under callgrind with counting off; it warms up (templates
compiled, caches filled), and counting is switched on (`callgrind_control -i on`)
only around the measured requests.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("KRING_ENV", "development")

PAGES = ("home", "schedule", "homework", "plan", "supporter")


def prepare(folder: Path) -> dict:
    """A database file with demo and scale data, and each page's path and cookie."""
    from bench import load, servers

    url = f"sqlite:///{folder}/kring.sqlite3"
    servers._migrate(url)
    app = servers.signing_app(url)
    servers.load_data(app, 1)
    state = {"url": url, "pages": load.pages(app)}
    servers.dispose(app)
    return state


def serve(state_file: str, page: str, requests: int) -> None:
    """Inside valgrind: warm up, say READY, wait, run the requests, say DONE, wait."""
    from bench import servers

    state = json.loads(Path(state_file).read_text())
    app = servers.signing_app(state["url"])
    path, cookie = state["pages"][page]
    client = app.test_client()
    if cookie:
        client.set_cookie(*cookie.split("=", 1))
    headers = {"User-Agent": servers.USER_AGENT}
    for _ in range(20):
        assert client.get(path, headers=headers).status_code == 200, page
    print("READY", flush=True)
    sys.stdin.readline()
    for _ in range(requests):
        client.get(path, headers=headers)
    print("DONE", flush=True)
    sys.stdin.readline()


def count(state_file: str, page: str, requests: int, folder: Path) -> float:
    out = folder / f"callgrind.{page}.out"
    command = [
        "valgrind",
        "--tool=callgrind",
        "--instr-atstart=no",
        f"--callgrind-out-file={out}",
        sys.executable,
        "-m",
        "bench.instructions",
        "--serve",
        state_file,
        page,
        "--requests",
        str(requests),
    ]
    process = subprocess.Popen(  # noqa: S603 - our own command
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )

    def wait_for(word: str) -> None:
        for line in process.stdout:
            if line.strip() == word:
                return
        raise RuntimeError(f"{page}: the process under valgrind stopped before {word}")

    def control(*flags: str) -> None:
        command = ["callgrind_control", *flags, str(process.pid)]
        subprocess.run(command, check=True, capture_output=True)  # noqa: S603, S607

    wait_for("READY")
    control("-i", "on")
    process.stdin.write("go\n")
    process.stdin.flush()
    wait_for("DONE")
    control("-i", "off")
    process.stdin.write("end\n")
    process.stdin.flush()
    process.wait()
    totals = re.search(r"^totals: (\d+)", out.read_text(), re.M)
    return int(totals.group(1)) / requests


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", default=list(PAGES))
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--serve", nargs=2, metavar=("STATE", "PAGE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(*args.serve, args.requests)
        return
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        state_file = folder / "state.json"
        state_file.write_text(json.dumps(prepare(folder)))
        for page in args.pages:
            per_request = count(str(state_file), page, args.requests, folder)
            print(f"INSTR {page} per_request={per_request / 1e6:.2f}M", flush=True)


if __name__ == "__main__":
    main()
