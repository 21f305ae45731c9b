"""Work a request starts but does not wait for: one thread per kind of work, per process.

The push outbox sends notices through it and the mail outbox e-mails, each right after
the transaction that made them has committed. A page that waited for a push service or
a mail server would be slow when they are, and a password reset that waited for the
mail server would take longer for an address that has an account than for one that has
not: the time would tell who uses Kring.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait


class Worker:
    """One background thread, started at the first task: tasks run one after another."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._executor: ThreadPoolExecutor | None = None
        self._futures: list[Future] = []
        self._lock = threading.Lock()

    def submit(self, task: Callable[..., None], *args) -> None:
        with self._lock:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(1, thread_name_prefix=self.name)
            self._futures[:] = [f for f in self._futures if not f.done()]
            self._futures.append(self._executor.submit(task, *args))

    def wait(self, timeout: float = 30) -> None:
        """For tests and shutdown: wait for the tasks submitted so far."""
        with self._lock:
            pending = list(self._futures)
        wait(pending, timeout=timeout)
