"""Rapport's own outgoing mail (invitations, password resets) through the operator's SMTP server.

`RAPPORT_SMTP_URL`: `smtp://[user:pass@]host[:port][?starttls=true]` (port 25 by default; STARTTLS
when asked, or when the server offers it) or `smtps://[user:pass@]host[:port]` (implicit TLS, port 465).
The host comes from configuration only, never from a user. Sending is the worker's job: a request
never waits for a mail server.
"""

from __future__ import annotations

import functools
import ipaddress
import socket
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid
from urllib.parse import parse_qs, unquote, urlsplit

import aiosmtplib

from rapport.config import Settings


class MailNotConfigured(Exception):
    pass


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int
    username: str | None
    password: str | None
    implicit_tls: bool
    starttls: bool | None  # None: when the server offers it


def parse_smtp_url(url: str) -> SmtpServer:
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ValueError("RAPPORT_SMTP_URL must look like smtp://user:pass@host:587?starttls=true or smtps://…")
    query = parse_qs(parts.query)
    starttls_values = query.get("starttls")
    starttls = None if not starttls_values else starttls_values[0].lower() in ("1", "true", "yes", "on")
    implicit_tls = parts.scheme == "smtps"
    return SmtpServer(
        host=parts.hostname,
        port=parts.port or (465 if implicit_tls else 25),
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        implicit_tls=implicit_tls,
        starttls=False if implicit_tls else starttls,
    )


def ehlo_name(settings: Settings) -> str | None:
    """The name Rapport greets an SMTP server with (EHLO): the public URL's host when it is a domain name or
    an address (as an address literal, `[203.0.113.5]` or `[IPv6:2001:db8::1]`), else this machine's name
    when it is fully qualified. None when neither is: the caller then greets with its socket's address.
    Servers refuse or mark down a greeting that is not a fully qualified name, such as `localhost`, which is
    what `socket.getfqdn()` (aiosmtplib's default) answers on many hosts."""
    host = urlsplit(settings.public_url).hostname if settings.public_url else None
    return (host and _greeting(host)) or _machine_name()


def address_literal(address: str) -> str:
    """An IP address as SMTP writes it in a greeting (RFC 5321, 4.1.3)."""
    parsed = ipaddress.ip_address(address.split("%")[0])
    return f"[IPv6:{parsed.compressed}]" if parsed.version == 6 else f"[{parsed}]"


def _greeting(host: str) -> str | None:
    """`host` as a greeting: a fully qualified name as it is, an address as a literal, None otherwise."""
    try:
        return address_literal(host)
    except ValueError:
        pass
    name = host.rstrip(".").lower()
    if "." not in name or name.endswith(".localhost") or name.endswith(".localdomain"):
        return None
    return name


@functools.cache
def _machine_name() -> str | None:
    fqdn = socket.getfqdn()
    try:
        ipaddress.ip_address(fqdn)
    except ValueError:
        return _greeting(fqdn)
    return None  # an address is a greeting only as its own connection's literal


def is_configured(settings: Settings) -> bool:
    return settings.smtp_url is not None


def compose(settings: Settings, *, to: str, subject: str, text: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="rapport.invalid")
    message.set_content(text)
    return message


async def send(settings: Settings, message: EmailMessage) -> None:
    """Sends one message; raises on any failure, so the job retries it."""
    if settings.smtp_url is None:
        raise MailNotConfigured("RAPPORT_SMTP_URL is not set")
    server = parse_smtp_url(settings.smtp_url.get_secret_value())
    await aiosmtplib.send(
        message,
        hostname=server.host,
        port=server.port,
        username=server.username,
        password=server.password,
        use_tls=server.implicit_tls,
        start_tls=server.starttls,
        timeout=settings.smtp_timeout_seconds,
        local_hostname=ehlo_name(settings),
    )
