"""The name Rapport greets SMTP servers with: its own mail (kit.mailer) and a mailbox's (mailbox.smtp),
against a real SMTP server (aiosmtpd) that records the greeting."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from rapport.config import Settings
from rapport.kit import mailer, netguard
from rapport.mailbox import smtp
from rapport.models import SmtpSecurity
from tests.invitation.conftest import SmtpSink, running_sink

LOOPBACK = netguard.Policy.allowing(["127.0.0.0/8"])


@pytest.mark.parametrize(
    ("public_url", "greeting"),
    [
        ("https://crm.example.com", "crm.example.com"),
        ("https://CRM.Example.com.:8443/app", "crm.example.com"),
        ("http://203.0.113.5:3000", "[203.0.113.5]"),
        ("http://[2001:db8::1]:3000", "[IPv6:2001:db8::1]"),
    ],
)
def test_the_public_urls_host_is_the_greeting(public_url: str, greeting: str) -> None:
    assert mailer.ehlo_name(Settings(public_url=public_url)) == greeting


@pytest.mark.parametrize("public_url", [None, "http://localhost:3000", "http://crm:3000", "http://app.localhost"])
def test_a_host_that_is_not_fully_qualified_is_not_the_greeting(
    public_url: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(mailer, "_machine_name", lambda: None)
    assert mailer.ehlo_name(Settings(public_url=public_url)) is None


@pytest.fixture
def sink() -> Iterator[SmtpSink]:
    with running_sink() as sink:
        yield sink


async def test_rapports_mail_greets_with_the_public_host(sink: SmtpSink) -> None:
    settings = Settings(smtp_url=sink.url, public_url="https://crm.example.com")
    await mailer.send(settings, mailer.compose(settings, to="ada@example.com", subject="Hello", text="Hi."))

    assert sink.greetings == ["crm.example.com"]
    assert sink.to("ada@example.com")


async def test_a_mailbox_greets_with_the_public_host_or_its_own_address(sink: SmtpSink) -> None:
    server = smtp.SmtpServer(
        host="127.0.0.1", port=sink.port, security=SmtpSecurity.NONE, username="ada", password="unused"
    )
    raw = b"From: ada@example.com\r\nTo: bo@example.com\r\nSubject: Hi\r\n\r\nHello.\r\n"

    await smtp.send(
        server, sender="ada@example.com", recipients=["bo@example.com"], raw=raw, policy=LOOPBACK, greeting=None
    )
    await smtp.test_connection(server, policy=LOOPBACK, greeting="crm.example.com")

    # Without a fully qualified name, the address literal of its side of the connection (RFC 5321, 4.1.4).
    assert sink.greetings == ["[127.0.0.1]", "crm.example.com"]
    assert sink.to("bo@example.com")
