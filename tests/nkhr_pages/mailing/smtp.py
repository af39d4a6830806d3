"""A real SMTP server on loopback (aiosmtpd) for the mailing tests and benchmark."""

from __future__ import annotations

import socket
import threading
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RecordingHandler:
    """Keeps every accepted message; can be told to misbehave.

    ``disconnect_after``: after that many accepted messages, drop the
    connection in the middle of the next DATA, before answering ``250``.
    ``refuse``: recipient addresses answered with ``550``.
    ``keep``: False to only count (for the benchmark).
    """

    def __init__(self, keep: bool = True):
        self.keep = keep
        self.messages: list[EmailMessage] = []
        self.count = 0
        self.connections = 0
        self.disconnect_after: int | None = None
        self.refuse: set[str] = set()
        self._lock = threading.Lock()

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        with self._lock:
            self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refuse:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            if (
                self.disconnect_after is not None
                and self.count >= self.disconnect_after
            ):
                server.transport.close()
                return "421 4.3.0 Going away"
            self.count += 1
            if self.keep:
                self.messages.append(
                    message_from_bytes(envelope.original_content, policy=policy.default)
                )
        return "250 OK"

    def recipients(self) -> list[str]:
        return [str(message["To"].addresses[0].addr_spec) for message in self.messages]


class SMTPServer:
    def __init__(self, handler: RecordingHandler):
        self.handler = handler
        self.port = free_port()
        self.controller = Controller(handler, hostname="127.0.0.1", port=self.port)

    def start(self) -> SMTPServer:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    def django_settings(self) -> dict:
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": self.port,
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
            "EMAIL_USE_TLS": False,
            "EMAIL_USE_SSL": False,
            "EMAIL_TIMEOUT": 10,
        }
