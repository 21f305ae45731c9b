"""A push service of our own on 127.0.0.1, for the tests and `make bench`.

It plays both ends of RFC 8030: the browser (a `Subscriber` has the key pair and auth
secret a real browser would make) and the push service (an HTTP server that takes the
app's POSTs). Each request is checked as a real service would, and more: the VAPID JWT's
ES256 signature against the app's public key, its `aud` (this service's origin), `exp`
(in the future, at most 24 hours ahead) and `sub`; TTL above 0, an Urgency, aes128gcm,
the size. Then the body is DECRYPTED with the subscriber's private key by http_ece, an
implementation independent of the app's code, and the JSON inside is kept for the test.
Answers can be scripted per subscriber: 404, 410, 429 with Retry-After, 500, or a hang.
"""

from __future__ import annotations

import base64
import json
import os
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

HANG = "hang"
URGENCIES = {"very-low", "low", "normal", "high"}
SUBJECT = re.compile(r"^(mailto:[^@\s]+@[^@\s]+\.[a-z]{2,}|https://\S+)$", re.I)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Subscriber:
    """What a browser makes when it subscribes: a P-256 key pair and a 16-byte secret."""

    def __init__(self, service: PushService, name: str):
        self.name = name
        self.endpoint = f"{service.url}/push/{name}"
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)

    @property
    def public_bytes(self) -> bytes:
        return self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )

    def subscription(self) -> dict:
        """What `PushSubscription.toJSON()` gives the page."""
        keys = {"p256dh": b64url(self.public_bytes), "auth": b64url(self.auth)}
        return {"endpoint": self.endpoint, "expirationTime": None, "keys": keys}

    def decrypt(self, body: bytes) -> dict:
        plain = http_ece.decrypt(
            body, private_key=self.private_key, auth_secret=self.auth, version="aes128gcm"
        )
        return json.loads(plain)


@dataclass
class Received:
    name: str
    status: int
    headers: dict
    body: bytes
    claims: dict = field(default_factory=dict)
    payload: dict | None = None


def verify_vapid(authorization: str, public_key: str, audience: str) -> dict:
    """RFC 8292: `vapid t=<JWT>, k=<public key>`; returns the JWT's claims."""
    match = re.fullmatch(r"vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)", authorization or "")
    assert match, f"no VAPID authorization: {authorization!r}"
    token, key = match.groups()
    assert key == public_key, "signed with another key than the app's public key"
    header_b64, claims_b64, signature_b64 = token.split(".")
    header = json.loads(unb64url(header_b64))
    assert header.get("alg") == "ES256", header
    signature = unb64url(signature_b64)
    assert len(signature) == 64, "an ES256 signature is r and s, 32 bytes each"
    der = encode_dss_signature(
        int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
    )
    point = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(key))
    try:
        point.verify(der, f"{header_b64}.{claims_b64}".encode(), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature as error:
        raise AssertionError("the VAPID signature does not verify") from error
    claims = json.loads(unb64url(claims_b64))
    assert claims.get("aud") == audience, f"aud {claims.get('aud')!r}, not {audience!r}"
    now = time.time()
    assert now < claims["exp"] <= now + 24 * 3600, "exp must lie within the next 24 hours"
    assert SUBJECT.match(claims.get("sub", "")), f"sub {claims.get('sub')!r}"
    return claims


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, like a real push service
    server: _Server

    def log_message(self, *_args) -> None:
        pass

    def do_POST(self) -> None:  # noqa: N802 - the name http.server calls
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.server.service.handle(self, body)

    def do_GET(self) -> None:  # noqa: N802 - `make bench` asks how many came in
        body = str(self.server.service.count).encode()
        self.answer(200, body=body)

    def answer(self, status: int, headers: dict | None = None, body: bytes = b"") -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    service: PushService


class PushService:
    def __init__(self, public_key: str | None = None, verify: bool = True):
        self.public_key = public_key
        self.verify = verify
        self.httpd = _Server(("127.0.0.1", 0), _Handler)
        self.httpd.service = self
        self.url = f"http://127.0.0.1:{self.httpd.server_port}"
        self.subscribers: dict[str, Subscriber] = {}
        self.scripts: dict[str, list] = {}
        self.received: list[Received] = []
        self.problems: list[str] = []
        self.count = 0
        self.released = threading.Event()
        self._lock = threading.Lock()

    def start(self) -> PushService:
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.released.set()  # hanging answers end now
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()

    def subscriber(self, name: str) -> Subscriber:
        self.subscribers[name] = Subscriber(self, name)
        return self.subscribers[name]

    def script(self, name: str, *answers) -> None:
        """The next answers for this subscriber: a status, (status, Retry-After) or HANG;
        after them, 201 Created."""
        self.scripts.setdefault(name, []).extend(answers)

    def delivered(self, name: str | None = None) -> list[dict]:
        """The decrypted payloads the service accepted, in order of arrival."""
        with self._lock:
            return [
                r.payload
                for r in self.received
                if r.status == 201 and (name is None or r.name == name)
            ]

    def attempts(self, name: str) -> int:
        with self._lock:
            return sum(1 for r in self.received if r.name == name)

    def handle(self, request: _Handler, body: bytes) -> None:
        name = request.path.rsplit("/", 1)[-1]
        with self._lock:
            self.count += 1
            scripted = self.scripts.get(name, [])
            answer = scripted.pop(0) if scripted else 201
        if not self.verify:
            request.answer(201)
            return
        record = Received(name, 0, {k.lower(): v for k, v in request.headers.items()}, body)
        try:
            self._check(record)
        except (AssertionError, KeyError, ValueError) as problem:
            with self._lock:
                self.problems.append(f"{name}: {problem}")
            answer = 400
        if answer == HANG:
            with self._lock:
                self.received.append(record)  # status 0: never answered
            self.released.wait(30)
            request.close_connection = True  # no answer at all: the sender sees a reset
            return
        status, retry_after = answer if isinstance(answer, tuple) else (answer, None)
        record.status = status
        with self._lock:
            self.received.append(record)
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        if status == 201:
            headers["Location"] = f"{self.url}/message/{self.count}"
        request.answer(status, headers)

    def _check(self, record: Received) -> None:
        headers = record.headers
        record.claims = verify_vapid(headers.get("authorization", ""), self.public_key, self.url)
        assert int(headers["ttl"]) > 0, "TTL 0: a phone that is offline would miss it"
        assert headers.get("urgency") in URGENCIES, f"Urgency {headers.get('urgency')!r}"
        assert headers.get("content-encoding") == "aes128gcm", headers.get("content-encoding")
        assert len(record.body) <= 4096, "a push message is at most 4096 bytes"
        topic = headers.get("topic")
        assert topic is None or re.fullmatch(r"[A-Za-z0-9_-]{1,32}", topic), f"Topic {topic!r}"
        subscriber = self.subscribers[record.name]
        record.payload = subscriber.decrypt(record.body)
