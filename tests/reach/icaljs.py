"""Mozilla's ical.js (Thunderbird's parser), run with node from the tests.

`npm ci --prefix tests/calendar_js` installs it (.ci/run does). Without node or the
package the test is skipped, which under CI=true counts as a failure."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent.parent / "calendar_js"


def parse(feed: bytes) -> list[dict]:
    node = shutil.which("node")
    if node is None or not (HERE / "node_modules" / "ical.js").is_dir():
        pytest.skip("needs node and `npm ci --prefix tests/calendar_js`")
    done = subprocess.run(  # noqa: S603 - our own script, no user input
        [node, str(HERE / "parse.mjs")], input=feed, capture_output=True, timeout=30, check=False
    )
    assert done.returncode == 0, done.stderr.decode()
    return json.loads(done.stdout)
