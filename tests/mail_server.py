"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, for tests.

Started on a free port; ``stop()`` takes it down so a test can see the portal cope with a
server that refuses connections, and ``start()`` brings it back on the same port.
``refuse[address] = "550 …"`` makes it answer RCPT for that address with that reply.
"""

from __future__ import annotations

import email
import socket
from email.message import EmailMessage
from email.policy import default

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class MailCatcher:
    """The aiosmtpd handler: every message accepted is parsed and kept."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refuse: dict[str, str] = {}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        raw = envelope.original_content or envelope.content
        self.messages.append(email.message_from_bytes(raw, policy=default))
        return "250 Message accepted for delivery"


class LoopbackSMTP:
    def __init__(self) -> None:
        self.port = free_port()
        self.catcher = MailCatcher()
        self._controller: Controller | None = None

    @property
    def messages(self) -> list[EmailMessage]:
        return self.catcher.messages

    @property
    def refuse(self) -> dict[str, str]:
        return self.catcher.refuse

    def start(self) -> None:
        self._controller = Controller(self.catcher, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address in m["To"]]
