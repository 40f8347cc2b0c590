"""Rapport's own outgoing mail (invitations, password resets) through the operator's SMTP server.

`RAPPORT_SMTP_URL`: `smtp://[user:pass@]host[:port][?starttls=true]` (port 25 by default; STARTTLS
when asked, or when the server offers it) or `smtps://[user:pass@]host[:port]` (implicit TLS, port 465).
The host comes from configuration only, never from a user. Sending is the worker's job: a request
never waits for a mail server.
"""

from __future__ import annotations

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
    )
