"""A real SMTP server (aiosmtpd, in a thread of the test process) that keeps what it is sent."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from tests.conftest import free_port


@dataclass
class Delivered:
    recipients: list[str]
    message: EmailMessage


@dataclass
class SmtpSink:
    port: int
    delivered: list[Delivered] = field(default_factory=list)
    greetings: list[str] = field(default_factory=list)  # the names clients said EHLO with

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    async def handle_EHLO(
        self, server: Any, session: Any, envelope: Any, hostname: str, responses: list[str]
    ) -> list[str]:
        self.greetings.append(hostname)
        session.host_name = hostname
        return responses

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.delivered.append(Delivered(recipients=list(envelope.rcpt_tos), message=message))
        return "250 OK"

    async def wait_for(self, recipient: str, seconds: float = 60) -> Delivered:
        """The first message delivered to `recipient`, waiting for it (the worker sends it)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for item in self.delivered:
                if recipient in item.recipients:
                    return item
            await asyncio.sleep(0.1)
        raise AssertionError(f"no mail to {recipient} within {seconds} s; got {[d.recipients for d in self.delivered]}")

    def to(self, recipient: str) -> list[Delivered]:
        return [item for item in self.delivered if recipient in item.recipients]


@contextmanager
def running_sink() -> Iterator[SmtpSink]:
    """A sink listening on a free port of 127.0.0.1 while inside."""
    sink = SmtpSink(port=free_port())
    controller = Controller(sink, hostname="127.0.0.1", port=sink.port)
    controller.start()
    try:
        yield sink
    finally:
        controller.stop()


@pytest.fixture(scope="module")
def smtp_sink() -> Iterator[SmtpSink]:
    with running_sink() as sink:
        yield sink


def link_in(message: EmailMessage) -> str:
    """The one link of a mail's text."""
    body = message.get_body(("plain",))
    assert body is not None
    lines = [line.strip() for line in body.get_content().splitlines() if line.strip().startswith("http")]
    assert len(lines) == 1, lines
    return lines[0]
