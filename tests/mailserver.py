"""A real SMTP server for tests (aiosmtpd), keeping what it receives."""

from __future__ import annotations

import asyncio
import re
import socket
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller

from server import mail


class _Collector:
    def __init__(self, delay: float) -> None:
        self.messages: list[EmailMessage] = []
        self.delay = delay

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        await asyncio.sleep(self.delay)
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


class MailServer:
    def __init__(self, delay: float = 0) -> None:
        """`delay`: seconds before each message is accepted, as a mail server elsewhere
        on the network takes."""
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self._collector = _Collector(delay)
        self._controller = Controller(self._collector, hostname="127.0.0.1", port=self.port)

    @property
    def messages(self) -> list[EmailMessage]:
        mail.wait_until_sent()  # what the app's mail outbox has queued so far
        return self._collector.messages

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self._controller.stop()

    def last_link(self, to: str) -> str:
        """The path of the last link mailed to this address."""
        for message in reversed(self.messages):
            if message["To"] == to:
                body = message.get_content()
                match = re.search(r"http://localhost(/\S+)", body)
                assert match, body
                return match.group(1)
        raise AssertionError(f"no mail to {to}; got {[m['To'] for m in self.messages]}")
