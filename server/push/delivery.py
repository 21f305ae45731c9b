"""Web Push delivery: with transport.py, the only code that knows the Web Push libraries
(http_ece, py-vapid, urllib3), so they can be swapped.

transport.py encrypts (RFC 8291, aes128gcm) and posts; py-vapid signs the VAPID token
(RFC 8292). Set here on every send: a TTL above 0 (0 lets a push service drop the
message for a phone that is offline), an Urgency, a Topic (a newer message replaces an
undelivered one), an explicit timeout, retries for 429 and 5xx with a bound, and a
bounded pool, so one slow push service does not hold up everyone else's messages.
"""

from __future__ import annotations

import email.utils
import hashlib
import logging
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from queue import SimpleQueue
from urllib.parse import urlsplit

from server.push.keys import VapidKeys, b64url
from server.push.transport import Transport, Unreachable, encrypt

log = logging.getLogger(__name__)

# RFC 8291 §4: 4096 bytes of record minus the aes128gcm header, padding delimiter and tag.
MAX_PAYLOAD = 3993
TOKEN_LIFETIME = 12 * 3600  # the VAPID JWT's exp: RFC 8292 allows at most 24 hours
TOKEN_REUSE = 3600  # one signature per push service per hour, not one per message

SENT, GONE, RETRY, FAILED = "sent", "gone", "retry", "failed"


@dataclass(frozen=True)
class Message:
    ref: int  # the caller's own reference (a notification log row)
    subscription_id: int
    endpoint: str
    p256dh: str
    auth: str
    payload: bytes
    ttl: int
    urgency: str = "normal"
    topic: str = ""


@dataclass(frozen=True)
class Outcome:
    message: Message
    result: str  # SENT | GONE (the subscription no longer exists) | RETRY | FAILED
    status: int | None = None
    retry_after: float | None = None  # seconds, for RETRY


@dataclass(frozen=True)
class Settings:
    workers: int = 8
    connect_timeout: float = 3.05
    read_timeout: float = 10.0
    attempts: int = 3  # per message and run, for 429 and 5xx
    backoff: float = 0.5  # seconds, doubled on each attempt
    max_wait: float = 30.0  # a longer Retry-After is waited for by the next run instead


def topic_for(tag: str) -> str:
    """RFC 8030 §5.4: at most 32 characters of the URL-safe base64 alphabet."""
    return b64url(hashlib.sha256(tag.encode()).digest()[:18])


def origin(endpoint: str) -> str:
    parts = urlsplit(endpoint)
    return f"{parts.scheme}://{parts.netloc}"


def retry_after_seconds(value: str | None) -> float | None:
    """Retry-After is a number of seconds or an HTTP date (RFC 9110 §10.2.3)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _drain(finished: SimpleQueue) -> list[Outcome]:
    outcomes = []
    while not finished.empty():
        outcomes.append(finished.get())
    return outcomes


def _batches(finished: SimpleQueue, count: int) -> Iterator[list[Outcome]]:
    """What finished since the last batch, at least one outcome each, until `count`."""
    while count:
        batch = [finished.get()] + _drain(finished)
        count -= len(batch)
        yield batch


class Deliverer:
    def __init__(
        self,
        keys: VapidKeys,
        settings: Settings | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.keys = keys
        self.settings = settings or Settings()
        self.sleep = sleep
        self._tokens: dict[str, tuple[dict, float]] = {}
        settings = self.settings
        self.transport = Transport(
            settings.workers, settings.connect_timeout, settings.read_timeout
        )

    def deliver(
        self,
        messages: list[Message],
        record: Callable[[list[Outcome]], None],
        deadline: float | None = None,
    ) -> None:
        """Send each message; `record` gets, in this thread, whatever finished since it
        was last called, so the caller can write all of it in one transaction while the
        pool goes on (group commit: the busier, the bigger each write).

        Messages not started by `deadline` (time.monotonic()) come back as RETRY without
        being sent. When anything stops this early (an exception, Ctrl+C), the messages
        already in flight finish and are recorded too, and none is started any more: what
        was delivered is never left looking undelivered."""
        if not messages:
            return
        # Each worker hands its outcome over through a queue: waiting on the futures
        # instead (`wait(FIRST_COMPLETED)`) walks and locks every pending one at each
        # wake-up, quadratic in the batch.
        finished: SimpleQueue[Outcome] = SimpleQueue()

        def send(message: Message) -> None:
            outcome = Outcome(message, RETRY)  # should _send itself fail: the next run
            try:
                outcome = self._send(message, deadline)
            finally:
                finished.put(outcome)

        workers = max(1, min(self.settings.workers, len(messages)))
        pool = ThreadPoolExecutor(workers, thread_name_prefix="kring-push")
        for message in messages:
            pool.submit(send, message)
        try:
            for outcomes in _batches(finished, len(messages)):
                record(outcomes)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
            late = _drain(finished)
            if late:
                record(late)

    def _vapid_headers(self, endpoint: str) -> dict:
        audience = origin(endpoint)
        now = time.time()
        cached = self._tokens.get(audience)
        if cached is None or cached[1] <= now:
            claims = {"sub": self.keys.subject, "aud": audience, "exp": int(now) + TOKEN_LIFETIME}
            cached = (self.keys.vapid.sign(claims), now + TOKEN_REUSE)
            self._tokens[audience] = cached
        return cached[0]

    def _send(self, message: Message, deadline: float | None) -> Outcome:
        settings = self.settings
        if len(message.payload) > MAX_PAYLOAD:
            log.error("push payload of %d bytes is too large", len(message.payload))
            return Outcome(message, FAILED)
        for attempt in range(1, settings.attempts + 1):
            if deadline is not None and time.monotonic() > deadline:
                return Outcome(message, RETRY)
            try:
                response = self._post(message)
            except Unreachable as error:
                # A timeout or a refused connection: the next run tries again, so this
                # worker is free for the other messages now.
                log.warning("push service unreachable: %s", type(error).__name__)
                return Outcome(message, RETRY)
            except Exception:  # a bug must not stop the other deliveries
                log.exception("push delivery failed")
                return Outcome(message, RETRY)
            status = response.status
            if status <= 202:
                return Outcome(message, SENT, status)
            if status in (404, 410):
                return Outcome(message, GONE, status)
            if status != 429 and status < 500:
                # 400, 401, 403, 413: repeating the same request would not help.
                log.warning("push refused with %s: %s", status, response.data[:200])
                return Outcome(message, FAILED, status)
            wait = retry_after_seconds(response.headers.get("Retry-After"))
            if wait is None:
                wait = settings.backoff * 2 ** (attempt - 1)
            if attempt == settings.attempts or wait > settings.max_wait:
                return Outcome(message, RETRY, status, wait)
            self.sleep(wait)
        return Outcome(message, RETRY)  # pragma: no cover - the loop always returns

    def _post(self, message: Message):
        headers = {
            **self._vapid_headers(message.endpoint),
            "TTL": str(max(1, message.ttl)),
            "Content-Encoding": "aes128gcm",
            "Urgency": message.urgency,
        }
        if message.topic:
            headers["Topic"] = message.topic
        body = encrypt(message.payload, message.p256dh, message.auth)
        return self.transport.post(message.endpoint, body, headers)
