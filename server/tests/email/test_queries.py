"""The email queries and settings no other test reads: `email(id)` and `contactAutoCreate`, with the
SENT_ONLY policy at work. Mail comes in over the webhook and is processed by a real worker."""

from __future__ import annotations

import asyncio
from email import message_from_bytes
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from rapport.db import Database
from tests.email.pipeline.test_batch import TRUSTED_MX, worker
from tests.factories import GraphQLClient, join, sign_up

# That module's worker trusts TRUSTED_MX's Authentication-Results: a member's forwarded mail needs them.
pytestmark = pytest.mark.usefixtures("worker")
__all__ = ["worker"]

WEBHOOK = "/api/v1/webhooks/inbound/email"
POLICY = "query { contactAutoCreate }"
SET_POLICY = "mutation($p: AutoCreatePolicy!) { setContactAutoCreate(policy: $p) }"
EMAIL = """query($id: UUID!) { email(id: $id) { id messageId subject sentAt direction snippet text html
  participants { role address name contact { id } } attachments { id } thread { id subject messageCount } } }"""
THREADS = "query { emailThreads(first: 10) { edges { node { id emails { id } } } } }"
UNKNOWN = "01890000-0000-7000-8000-000000000000"


def codes(body: dict[str, Any]) -> list[str]:
    return [error["extensions"]["code"] for error in body.get("errors", [])]


def mail(
    *,
    sender: str,
    to: str,
    subject: str,
    body: str,
    date: str = "Tue, 01 Dec 2026 09:15:00 +0000",
    answering: str | None = None,
) -> bytes:
    """A message; `answering`: the Message-ID of the one it replies to (In-Reply-To and References)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = date
    message["Message-ID"] = make_msgid(domain="globex.io")
    if answering is not None:
        message["In-Reply-To"] = message["References"] = answering
    message.set_content(body)
    return message.as_bytes()


async def deliver(http: httpx.AsyncClient, gql: GraphQLClient, token: str, db: Database, *raws: bytes) -> None:
    """Posts each message to the webhook and returns once the worker has processed them all."""
    address = (await gql.data("query { inboundEmail { token } }", token=token))["inboundEmail"]["token"]
    ids = []
    for raw in raws:
        response = await http.post(
            WEBHOOK, content=raw, headers={"x-inbound-token": address, "content-type": "message/rfc822"}
        )
        assert response.status_code == 202, response.text
        ids.append(response.json()["id"])
    for _ in range(300):
        async with db.transaction() as session:
            pending = await session.scalar(
                text("SELECT count(*) FROM inbound_emails WHERE id = ANY(CAST(:ids AS uuid[])) AND state != 'PENDING'"),
                {"ids": ids},
            )
        if pending == len(ids):
            return
        await asyncio.sleep(0.1)
    raise AssertionError("the worker did not process the messages in 30 s")


async def test_one_email_is_read_by_id_in_its_workspace_only(
    http: httpx.AsyncClient, gql: GraphQLClient, superuser_db: Database
) -> None:
    owner = await sign_up(gql)
    viewer = await sign_up(gql)
    _, viewer_token = await join(gql, owner, viewer, "VIEWER")
    other = await sign_up(gql)
    raw = mail(
        sender="Grace Hopper <grace@globex.io>",
        to=f"Ada <{owner.email}>",
        subject="Renewal terms",
        body="Here are the terms we discussed.\n",
    )
    await deliver(http, gql, owner.access_token, superuser_db, raw)
    (thread,) = [edge["node"] for edge in (await gql.data(THREADS, token=owner.access_token))["emailThreads"]["edges"]]
    email_id = thread["emails"][0]["id"]

    found = (await gql.data(EMAIL, {"id": email_id}, token=owner.access_token))["email"]
    by_viewer = (await gql.data(EMAIL, {"id": email_id}, token=viewer_token))["email"]
    elsewhere = await gql(EMAIL, {"id": email_id}, token=other.access_token)
    unknown = await gql(EMAIL, {"id": UNKNOWN}, token=owner.access_token)

    assert found == {
        "id": email_id,
        "messageId": message_from_bytes(raw)["Message-ID"].strip("<>"),
        "subject": "Renewal terms",
        "sentAt": "2026-12-01T09:15:00.000000+00:00",
        "direction": "INBOUND",
        "snippet": "Here are the terms we discussed.",
        "text": "Here are the terms we discussed.",
        "html": None,
        "participants": [
            {"role": "FROM", "address": "grace@globex.io", "name": "Grace Hopper", "contact": None},
            {"role": "TO", "address": owner.email, "name": "Ada", "contact": None},
        ],
        "attachments": [],
        "thread": {"id": thread["id"], "subject": "Renewal terms", "messageCount": 1},
    }
    assert by_viewer == found
    assert codes(elsewhere) == codes(unknown) == ["NOT_FOUND"]
    assert elsewhere["data"] == {"email": None}


async def test_contact_auto_create_is_off_until_an_admin_sets_it_and_sent_only_skips_received_mail(
    http: httpx.AsyncClient, gql: GraphQLClient, superuser_db: Database
) -> None:
    owner = await sign_up(gql)
    member = await sign_up(gql)
    _, member_token = await join(gql, owner, member, "MEMBER")

    initially = await gql.data(POLICY, token=member_token)
    refused = await gql(SET_POLICY, {"p": "SENT_AND_RECEIVED"}, token=member_token)
    after_refusal = await gql.data(POLICY, token=owner.access_token)
    set_ = await gql.data(SET_POLICY, {"p": "SENT_ONLY"}, token=owner.access_token)
    now = await gql.data(POLICY, token=member_token)
    received = mail(sender="Stranger <stranger@initech.io>", to=owner.email, subject="Hello", body="Hi\n")
    sent = mail(sender=owner.email, to="Bill Lumbergh <bill@initech.io>", subject="TPS", body="See attached\n")
    sent = f"Authentication-Results: {TRUSTED_MX}; dmarc=pass\r\n".encode() + sent
    await deliver(http, gql, owner.access_token, superuser_db, received, sent)
    contacts = await gql.data(
        "query { contacts(first: 10) { edges { node { name emails } } } }", token=owner.access_token
    )

    assert initially == {"contactAutoCreate": "OFF"}
    assert codes(refused) == ["FORBIDDEN"]
    assert after_refusal == {"contactAutoCreate": "OFF"}
    assert set_ == {"setContactAutoCreate": "SENT_ONLY"}
    assert now == {"contactAutoCreate": "SENT_ONLY"}
    assert [edge["node"] for edge in contacts["contacts"]["edges"]] == [
        {"name": "Bill Lumbergh", "emails": ["bill@initech.io"]}
    ], "only the person the member wrote to"
