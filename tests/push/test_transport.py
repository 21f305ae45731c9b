"""The connection to push services honours the environment's proxy settings, as
requests did: a sender behind an egress proxy still reaches Google, Mozilla and Apple."""

import base64
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from server.push.transport import Transport


class _Proxy(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    seen: list = []

    def log_message(self, *_args) -> None:
        pass

    def do_POST(self) -> None:  # noqa: N802 - the name http.server calls
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.seen.append((self.path, self.headers.get("Proxy-Authorization")))
        self.send_response(201)
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture
def proxy():
    _Proxy.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Proxy)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_port, _Proxy.seen
    server.shutdown()
    server.server_close()


def test_a_proxy_from_the_environment_carries_the_message_with_its_credentials(proxy, monkeypatch):
    port, seen = proxy
    monkeypatch.setenv("HTTP_PROXY", f"http://kring:ge%40heim@127.0.0.1:{port}")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    response = Transport(2, 1, 1).post("http://push.example.org/push/1", b"x", {})
    assert response.status == 201
    credentials = base64.b64encode(b"kring:ge@heim").decode()
    assert seen == [("http://push.example.org/push/1", f"Basic {credentials}")]


def test_no_proxy_sends_directly(proxy, push_service, monkeypatch):
    port, seen = proxy
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    push_service.verify = False
    response = Transport(2, 1, 1).post(f"{push_service.url}/push/anna", b"x", {})
    assert response.status == 201
    assert seen == [] and push_service.count == 1
