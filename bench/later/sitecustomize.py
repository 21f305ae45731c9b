"""Runs the tests with the clock a year (or any number of days) ahead: `make test-later`.

Python imports this module at start-up when its folder is on PYTHONPATH. With
KRING_CLOCK_AHEAD=400 every Python process of the run (pytest, and the gunicorn and
`kring` processes the tests start, which inherit the environment) sees a clock 400 days
ahead that keeps ticking; a test's own frozen time (time-machine) is set on top of it.
The database servers, Redis and Chromium keep the real clock, so a test that mixes the
app's clock with theirs fails here.

Why not libfaketime (Debian's `faketime`): with Python 3.11 it makes
`threading.Event.wait(timeout)` hang (sem_clockwait is not translated) and, with
FAKETIME_DONT_FAKE_MONOTONIC, `time.sleep()` fail with EINVAL.
"""

import os
from datetime import UTC, datetime, timedelta

_days = os.environ.get("KRING_CLOCK_AHEAD")
if _days:
    import time_machine

    time_machine.travel(datetime.now(UTC) + timedelta(days=float(_days)), tick=True).start()
