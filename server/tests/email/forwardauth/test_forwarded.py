"""Forwarded-in mail with a member's From is theirs only when a trusted upstream authenticated it."""

from __future__ import annotations

import smtplib
import subprocess
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any

import httpx
import pytest

from rapport.db import Database
from tests.conftest import Servers, start_worker, stop_process
from tests.email.pipeline.test_batch import eventually, inbound_token, message, post, threads
from tests.email.test_smtp import DOMAIN, smtp_port
from tests.factories import GraphQLClient, sign_up
from tests.mailbox.dovecot import Dovecot, disconnect_mailboxes, running_dovecot
from tests.mailbox.sync_helpers import connect

TRUSTED = "mx.trusted.example"
AUTHENTICATION = "query { emailThreads(first: 20) { edges { node { emails { subject direction authentication } } } } }"


@pytest.fixture(scope="module")
def worker(servers: Servers, ai_url: str) -> Iterator[subprocess.Popen[bytes]]:
    process = start_worker(servers, env={"RAPPORT_AI_URL": ai_url, "RAPPORT_TRUSTED_AUTHSERV_IDS": f'["{TRUSTED}"]'})
    try:
        yield process
    finally:
        stop_process(process)


pytestmark = pytest.mark.usefixtures("worker")
__all__ = ["smtp_port"]  # the `rapport smtp` listener fixture, used here too


def with_results(raw: bytes, *headers: str) -> bytes:
    return b"".join(f"Authentication-Results: {h}\r\n".encode() for h in headers) + raw


async def stored(gql: GraphQLClient, token: str, subject: str) -> dict[str, Any]:
    async def find() -> dict[str, Any] | None:
        data = await gql.data(AUTHENTICATION, token=token)
        emails = [e for edge in data["emailThreads"]["edges"] for e in edge["node"]["emails"]]
        return next((e for e in emails if e["subject"] == subject), None)

    return dict(await eventually(find))


async def test_a_forged_member_from_without_results_is_inbound_and_unauthenticated(
    http: httpx.AsyncClient, gql: GraphQLClient
) -> None:
    owner = await sign_up(gql)
    token = await inbound_token(gql, owner.access_token)
    raw, _ = message(sender=f"Ada <{owner.email}>", to="grace@initech.io", subject="Forged")
    assert (await post(http, token, raw)).status_code == 202
    email = await stored(gql, owner.access_token, "Forged")
    assert email == {"subject": "Forged", "direction": "INBOUND", "authentication": "NONE"}


async def test_a_forged_member_from_through_the_smtp_listener_is_inbound(gql: GraphQLClient, smtp_port: int) -> None:
    owner = await sign_up(gql)
    token = await inbound_token(gql, owner.access_token)
    raw, _ = message(sender=f"Ada <{owner.email}>", to="grace@initech.io", subject="Forged by SMTP")
    with smtplib.SMTP("127.0.0.1", smtp_port, timeout=30) as client:
        assert client.sendmail("anyone@attacker.example", [f"{token}@{DOMAIN}"], raw) == {}
    email = await stored(gql, owner.access_token, "Forged by SMTP")
    assert email == {"subject": "Forged by SMTP", "direction": "INBOUND", "authentication": "NONE"}


async def test_a_trusted_dkim_pass_for_the_member_domain_is_outbound(
    http: httpx.AsyncClient, gql: GraphQLClient
) -> None:
    owner = await sign_up(gql)
    domain = owner.email.split("@")[1]
    token = await inbound_token(gql, owner.access_token)
    raw, _ = message(sender=f"Ada <{owner.email}>", to="grace@initech.io", subject="Signed")
    signed = with_results(raw, f"{TRUSTED} 1; dkim=pass (good signature) header.d={domain} header.s=s1; spf=none")
    assert (await post(http, token, signed)).status_code == 202
    email = await stored(gql, owner.access_token, "Signed")
    assert email == {"subject": "Signed", "direction": "OUTBOUND", "authentication": "PASS"}


async def test_results_from_an_untrusted_authserv_id_are_ignored(http: httpx.AsyncClient, gql: GraphQLClient) -> None:
    owner = await sign_up(gql)
    domain = owner.email.split("@")[1]
    token = await inbound_token(gql, owner.access_token)
    raw, _ = message(sender=f"Ada <{owner.email}>", to="grace@initech.io", subject="Self-vouched")
    forged = with_results(raw, f"mx.attacker.example; dkim=pass header.d={domain}; dmarc=pass")
    assert (await post(http, token, forged)).status_code == 202
    email = await stored(gql, owner.access_token, "Self-vouched")
    assert email == {"subject": "Self-vouched", "direction": "INBOUND", "authentication": "NONE"}


async def test_a_trusted_failure_is_inbound_and_marked_failed(http: httpx.AsyncClient, gql: GraphQLClient) -> None:
    owner = await sign_up(gql)
    token = await inbound_token(gql, owner.access_token)
    raw, _ = message(sender=f"Ada <{owner.email}>", to="grace@initech.io", subject="Misaligned")
    # DKIM passed, but for another domain than the From's; SPF passed for another envelope domain.
    failed = with_results(
        raw, f"{TRUSTED}; dkim=pass header.d=attacker.example; spf=pass smtp.mailfrom=x@attacker.example"
    )
    assert (await post(http, token, failed)).status_code == 202
    email = await stored(gql, owner.access_token, "Misaligned")
    assert email == {"subject": "Misaligned", "direction": "INBOUND", "authentication": "FAIL"}
    # A customer's mail keeps its direction; only the verdict is recorded.
    assert [t["subject"] for t in await threads(gql, owner.access_token)] == ["Misaligned"]


@pytest.fixture
async def dovecot(superuser_db: Database) -> AsyncIterator[Dovecot]:
    with running_dovecot() as server:
        yield server
        await disconnect_mailboxes(superuser_db, server)


async def test_mail_from_the_members_own_sent_folder_is_still_outbound(gql: GraphQLClient, dovecot: Dovecot) -> None:
    owner = await sign_up(gql)
    user = dovecot.add_user("ada")
    dovecot.create_folder(user, "Sent")
    sent = EmailMessage()
    sent["From"], sent["To"], sent["Subject"] = f"Ada <{user}@example.com>", "grace@initech.io", "From my Sent folder"
    sent["Date"] = format_datetime(datetime.now(UTC))
    sent["Message-ID"] = make_msgid(domain="example.com")
    sent.set_content("No Authentication-Results here: the mailbox's own credentials vouch for it.\n")
    dovecot.append(user, [sent.as_bytes().replace(b"\n", b"\r\n")], folder="Sent")
    await connect(gql, owner, dovecot, user, folders=["Sent"])
    email = await stored(gql, owner.access_token, "From my Sent folder")
    assert email == {"subject": "From my Sent folder", "direction": "OUTBOUND", "authentication": None}
