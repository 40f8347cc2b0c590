"""Sending through a mailbox's SMTP server (aiosmtplib), with the same outbound rules as IMAP.

The host is resolved and checked by `kit.netguard` (exactly as `imap.py` does), the socket is
connected to the checked address, and aiosmtplib gets that socket with the host's name for TLS: it
never looks the name up again. Rapport greets the server with `greeting` (kit.mailer.ehlo_name: the
public URL's host), or with its own address as a literal when it has no fully qualified name. Every
failure becomes an `SmtpFailed` whose `reason` is what the server answered (or why it could not be
reached), in words its owner can act on.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
from collections.abc import Sequence
from dataclasses import dataclass

import aiosmtplib

from rapport.kit import netguard
from rapport.kit.mailer import address_literal
from rapport.models import SmtpSecurity

TIMEOUT = 30.0


class SmtpFailed(Exception):
    """Why the mail could not be handed over; `field` is the SMTP input to correct when testing settings;
    `permanent` when the server refused for good (5xx)."""

    def __init__(self, reason: str, *, field: str = "smtpHost", permanent: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.field = field
        self.permanent = permanent


@dataclass(frozen=True, slots=True)
class SmtpServer:
    host: str
    port: int
    security: SmtpSecurity
    username: str
    password: str


async def _connect(
    server: SmtpServer, policy: netguard.Policy, wait_seconds: float, greeting: str | None
) -> aiosmtplib.SMTP:
    where = f"{server.host}:{server.port}"
    unreachable = f"cannot reach {where}"
    try:
        destination = await netguard.resolve(server.host, server.port, policy=policy)
    except netguard.Unresolvable:
        raise SmtpFailed(unreachable) from None
    except netguard.DestinationRefused as error:
        raise SmtpFailed(error.reason) from None
    loop = asyncio.get_running_loop()
    family = socket.AF_INET6 if ":" in destination.address else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setblocking(False)
    try:
        await asyncio.wait_for(loop.sock_connect(sock, (destination.address, destination.port)), wait_seconds)
    except (OSError, TimeoutError):
        sock.close()
        raise SmtpFailed(unreachable) from None
    client = aiosmtplib.SMTP(
        hostname=server.host.strip("[]"),
        local_hostname=greeting or address_literal(sock.getsockname()[0]),
        sock=sock,
        timeout=wait_seconds,
        use_tls=server.security is SmtpSecurity.TLS,
        start_tls=server.security is SmtpSecurity.STARTTLS,
        tls_context=ssl.create_default_context() if server.security is not SmtpSecurity.NONE else None,
    )
    try:
        await client.connect()
    except aiosmtplib.SMTPConnectError as error:
        sock.close()
        raise SmtpFailed(f"{where} did not greet: {error.message}") from None
    except ssl.SSLCertVerificationError as error:
        sock.close()
        raise SmtpFailed(f"TLS handshake with {where} failed: {error.verify_message}", field="smtpSecurity") from None
    except (ssl.SSLError, aiosmtplib.SMTPException, OSError, TimeoutError) as error:
        sock.close()
        raise SmtpFailed(f"{where} failed during the handshake: {error}", field="smtpSecurity") from None
    return client


async def _login(client: aiosmtplib.SMTP, server: SmtpServer) -> None:
    if client.is_ehlo_or_helo_needed:
        await client.ehlo()
    if not client.supports_extension("auth"):
        return  # a relay that trusts its network; the submission then tells whether it accepts us
    try:
        await client.login(server.username, server.password)
    except aiosmtplib.SMTPAuthenticationError as error:
        raise SmtpFailed(
            f"the server refused the login: {error.code} {error.message}", field="smtpPassword", permanent=True
        ) from None


async def test_connection(server: SmtpServer, *, policy: netguard.Policy, greeting: str | None) -> None:
    """Connects and logs in, then says goodbye."""
    client = await _connect(server, policy, TIMEOUT, greeting)
    try:
        await _login(client, server)
    except aiosmtplib.SMTPException as error:
        raise SmtpFailed(f"the server answered: {error}") from None
    finally:
        client.close()


test_connection.__test__ = False  # type: ignore[attr-defined]  # not a pytest test despite its name


async def send(
    server: SmtpServer,
    *,
    sender: str,
    recipients: Sequence[str],
    raw: bytes,
    policy: netguard.Policy,
    greeting: str | None,
) -> str:
    """Hands the message over; answers the server's reply to DATA (like `250 2.0.0 Ok: queued as …`)."""
    client = await _connect(server, policy, TIMEOUT, greeting)
    try:
        await _login(client, server)
        refused, answer = await client.sendmail(sender, list(recipients), raw)
    except aiosmtplib.SMTPRecipientsRefused as error:
        details = "; ".join(f"{r.recipient}: {r.code} {r.message}" for r in error.recipients)
        raise SmtpFailed(f"every recipient was refused ({details})", permanent=True) from None
    except aiosmtplib.SMTPResponseException as error:
        raise SmtpFailed(f"{error.code} {error.message}", permanent=error.code >= 500) from None
    except (aiosmtplib.SMTPException, OSError, TimeoutError) as error:
        raise SmtpFailed(f"the connection failed: {error or type(error).__name__}") from None
    finally:
        client.close()
    if refused:
        details = "; ".join(f"{address}: {code} {message}" for address, (code, message) in refused.items())
        return f"{answer}; refused: {details}"
    return answer
