"""A real SMTP server for the compose tests (aiosmtpd on loopback): it checks the login the way a
submission server does and keeps what it was handed, envelope and bytes, for the tests to read.
Kept here rather than in tests/conftest.py (another package has an SMTP fixture of its own)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pytest
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from tests.conftest import free_port


@dataclass
class Delivered:
    sender: str
    recipients: list[str]
    raw: bytes


@dataclass
class MailServer:
    port: int
    users: dict[str, str] = field(default_factory=dict)
    delivered: list[Delivered] = field(default_factory=list)
    # A recipient answered with this reply at RCPT time (a test of failure); None accepts everyone.
    refuse_rcpt: str | None = None
    logins: list[str] = field(default_factory=list)

    async def wait_for(self, count: int, within: float = 30) -> list[Delivered]:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        while len(self.delivered) < count:
            if loop.time() > deadline:
                raise AssertionError(f"{len(self.delivered)} messages delivered within {within}s, not {count}")
            await asyncio.sleep(0.05)
        return self.delivered


class _Handler:
    def __init__(self, server: MailServer) -> None:
        self.server = server

    async def handle_RCPT(
        self, smtp: SMTP, session: Session, envelope: Envelope, address: str, rcpt_options: list[str]
    ) -> str:
        if self.server.refuse_rcpt is not None:
            return self.server.refuse_rcpt
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, smtp: SMTP, session: Session, envelope: Envelope) -> str:
        self.server.delivered.append(
            Delivered(str(envelope.mail_from), list(envelope.rcpt_tos), bytes(envelope.original_content or b""))
        )
        return "250 2.0.0 Ok: queued as TEST"


@pytest.fixture
async def smtp_server() -> AsyncIterator[MailServer]:
    server = MailServer(port=free_port())

    def authenticate(smtp: SMTP, session: Session, envelope: Envelope, mechanism: str, auth_data: object) -> AuthResult:
        if isinstance(auth_data, LoginPassword):
            user, password = auth_data.login.decode(), auth_data.password.decode()
            if server.users.get(user) == password:
                server.logins.append(user)
                return AuthResult(success=True)
        return AuthResult(success=False, handled=False)

    loop = asyncio.get_running_loop()
    handler = _Handler(server)
    listener = await loop.create_server(
        lambda: SMTP(
            handler,
            hostname="mail.example.com",
            authenticator=authenticate,
            auth_require_tls=False,
            auth_required=True,
            loop=loop,
        ),
        "127.0.0.1",
        server.port,
    )
    try:
        yield server
    finally:
        listener.close()
        await listener.wait_closed()
