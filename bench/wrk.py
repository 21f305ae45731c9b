"""wrk (Debian's package) as the load generator: a fixed number of connections for a
fixed time, signed in through a Cookie header; requests/s and latency percentiles."""

from __future__ import annotations

import re
import shutil
import subprocess
import urllib.request
from dataclasses import dataclass

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


@dataclass
class Result:
    req_s: float
    p50_ms: float
    p99_ms: float
    errors: int  # non-2xx/3xx answers and socket errors


def available() -> bool:
    return shutil.which("wrk") is not None


def check(url: str, cookie: str, user_agent: str) -> None:
    """One request first: a page that redirects to the sign-in would measure nothing."""
    headers = {"Cookie": cookie, "User-Agent": user_agent}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - our own server
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        if response.status != 200 or response.url != url:
            raise RuntimeError(f"{url} answered {response.status} at {response.url}")


def run(
    url: str, *, seconds: int, connections: int, cookie: str = "", user_agent: str = ""
) -> Result:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout=5s"]
    for name, value in (("Cookie", cookie), ("User-Agent", user_agent)):
        if value:
            command += ["-H", f"{name}: {value}"]
    output = subprocess.run(  # noqa: S603 - wrk with our own arguments
        [*command, url], capture_output=True, text=True, check=True
    ).stdout
    return parse(output)


def parse(output: str) -> Result:
    req_s = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    sockets = re.search(
        r"Socket errors: connect (\d+), read \d+, write (\d+), timeout (\d+)", output
    )
    if sockets:
        # Reads are not counted: gunicorn's sync workers close every connection.
        errors += sum(int(n) for n in sockets.groups())
    return Result(req_s, _percentile(output, "50"), _percentile(output, "99"), errors)


def _percentile(output: str, which: str) -> float:
    value, unit = re.search(rf"^\s+{which}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
    return float(value) * UNITS[unit]
