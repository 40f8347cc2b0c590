"""Writing email from Rapport over the real API and worker: a real SMTP server (aiosmtpd) receives
it, a real Dovecot gives the Sent copy back to the IMAP sync, and refusals write nothing."""

from __future__ import annotations

import email
import email.policy
import subprocess
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from rapport.db import Database
from rapport.kit.validation import EMAIL_EXAMPLE
from tests.compose.conftest import MailServer
from tests.factories import CREATE_CONTACT, Account, GraphQLClient, seed_records, sign_up
from tests.file.test_rest import upload
from tests.mailbox.dovecot import Dovecot, disconnect_mailboxes, running_dovecot
from tests.mailbox.sync_helpers import eventually

CONNECT = """
mutation($input: MailboxInput!) {
  connectMailbox(input: $input) { id smtpHost smtpPort smtpSecurity smtpUsername canSend }
}
"""
SEND = """
mutation($input: SendEmailInput!) {
  sendEmail(input: $input) {
    id messageId subject direction outboundState sendError text
    thread { id messageCount }
    participants { role address }
  }
}
"""
SALES = "acme-sales.com"
STATE = "query($id: UUID!) { email(id: $id) { outboundState sendError } }"
RETRY = "mutation($id: UUID!) { retrySendEmail(id: $id) { id outboundState sendError } }"


@pytest.fixture
async def dovecot(superuser_db: Database) -> AsyncIterator[Dovecot]:
    with running_dovecot() as server:
        yield server
        await disconnect_mailboxes(superuser_db, server)


async def connect(
    gql: GraphQLClient, account: Account, dovecot: Dovecot, smtp: MailServer | None, user: str, **extra: Any
) -> dict[str, Any]:
    mailbox_input: dict[str, Any] = {
        # Not the contacts' domain (example.com): mail between addresses of our own domains is internal.
        "address": f"{user}@{SALES}",
        "host": "127.0.0.1",
        "port": dovecot.port,
        "tls": False,
        "username": user,
        "password": dovecot.passwords[user],
        # Sent first: IDLE watches the first folder, the others are looked at every catch-up (5 minutes).
        "folders": ["Sent", "INBOX"],
        **extra,
    }
    if smtp is not None:
        smtp.users[user] = dovecot.passwords[user]
        mailbox_input |= {"smtpHost": "127.0.0.1", "smtpPort": smtp.port, "smtpSecurity": "NONE"}
    dovecot.create_folder(user, "Sent")
    return dict((await gql.data(CONNECT, {"input": mailbox_input}, token=account.access_token))["connectMailbox"])


async def counts(db: Database, workspace_id: str) -> tuple[int, int, int, int]:
    """(emails, outbound rows, inbound rows, email templates) of the workspace."""
    async with db.transaction() as session:
        row = (
            await session.execute(
                text(
                    "SELECT (SELECT count(*) FROM emails WHERE workspace_id = :ws),"
                    " (SELECT count(*) FROM outbound_emails WHERE workspace_id = :ws),"
                    " (SELECT count(*) FROM inbound_emails WHERE workspace_id = :ws),"
                    " (SELECT count(*) FROM email_templates WHERE workspace_id = :ws)"
                ),
                {"ws": workspace_id},
            )
        ).one()
        return (int(row[0]), int(row[1]), int(row[2]), int(row[3]))


def error_of(body: dict[str, Any]) -> tuple[str, dict[str, str]]:
    [error] = body["errors"]
    fields = {".".join(map(str, e["path"])): e["message"] for e in error["extensions"].get("fieldErrors") or []}
    return error["extensions"]["code"], fields


async def state_of(gql: GraphQLClient, account: Account, email_id: str, wanted: str) -> dict[str, Any]:
    async def check() -> dict[str, Any] | None:
        data = (await gql.data(STATE, {"id": email_id}, token=account.access_token))["email"]
        return data if data["outboundState"] == wanted else None

    return await eventually(check, within=60, what=f"email {email_id} {wanted}")


async def test_a_message_is_stored_at_once_sent_by_the_worker_and_a_reply_continues_the_thread(
    gql: GraphQLClient,
    superuser_db: Database,
    dovecot: Dovecot,
    smtp_server: MailServer,
    worker: subprocess.Popen[bytes],
) -> None:
    account = await sign_up(gql)
    # Not the members' domain (example.com): mail among the workspace's own domains is internal, on no timeline.
    peter = "peter@initech.example"
    created = await gql.data(
        CREATE_CONTACT, {"input": {"firstName": "Peter", "emails": [peter]}}, token=account.access_token
    )
    contact_id = created["createContact"]["id"]
    user = dovecot.add_user("rep")
    mailbox = await connect(gql, account, dovecot, smtp_server, user)
    assert mailbox | {"id": None} == {
        "id": None,
        "smtpHost": "127.0.0.1",
        "smtpPort": smtp_server.port,
        "smtpSecurity": "NONE",
        "smtpUsername": user,
        "canSend": True,
    }
    assert smtp_server.logins == [user]  # the settings were tried before they were saved

    sent = (
        await gql.data(
            SEND,
            {
                "input": {
                    "mailboxId": mailbox["id"],
                    "to": [peter],
                    "cc": ["boss@client.example"],
                    "bcc": ["archive@example.com"],
                    "subject": "Our proposal",
                    "text": "Hello Peter,\n\nHere it is.\n",
                    "targetId": contact_id,
                }
            },
            token=account.access_token,
        )
    )["sendEmail"]
    assert sent["outboundState"] == "QUEUED"
    assert (sent["subject"], sent["direction"], sent["sendError"]) == ("Our proposal", "OUTBOUND", None)
    assert sent["text"] == "Hello Peter,\n\nHere it is."  # stored as the parser reads it
    assert sent["thread"]["messageCount"] == 1
    assert sent["participants"] == [
        {"role": "FROM", "address": f"rep@{SALES}"},
        {"role": "TO", "address": peter},
        {"role": "CC", "address": "boss@client.example"},
    ]
    assert sent["messageId"].endswith(f"@{SALES}")
    timeline = await gql.data(
        "query($id: UUID!) { contact(id: $id) { timeline(first: 10) { edges { node { kind summary } } } } }",
        {"id": contact_id},
        token=account.access_token,
    )
    kinds = [edge["node"]["kind"] for edge in timeline["contact"]["timeline"]["edges"]]
    assert kinds.count("EMAIL") == 1

    [delivered] = await smtp_server.wait_for(1)
    assert delivered.sender == f"rep@{SALES}"
    assert delivered.recipients == [peter, "boss@client.example", "archive@example.com"]
    message = email.message_from_bytes(delivered.raw, policy=email.policy.default)
    assert message["Message-ID"] == f"<{sent['messageId']}>"
    assert (message["From"], message["To"], message["Cc"], message["Subject"]) == (
        f"rep@{SALES}",
        peter,
        "boss@client.example",
        "Our proposal",
    )
    assert message["Bcc"] is None
    assert b"archive@example.com" not in delivered.raw
    assert (message["In-Reply-To"], message["References"]) == (None, None)
    body = message.get_body(("plain",))
    assert body is not None
    assert body.get_content() == "Hello Peter,\r\n\r\nHere it is.\r\n"  # as on the wire
    await state_of(gql, account, sent["id"], "SENT")

    reply = (
        await gql.data(
            SEND,
            {
                "input": {
                    "mailboxId": mailbox["id"],
                    "to": [peter],
                    "subject": "Re: Our proposal",
                    "text": "Any thoughts?",
                    "replyToEmailId": sent["id"],
                }
            },
            token=account.access_token,
        )
    )["sendEmail"]
    assert reply["thread"] == {"id": sent["thread"]["id"], "messageCount": 2}
    [_, second] = await smtp_server.wait_for(2)
    answer = email.message_from_bytes(second.raw, policy=email.policy.default)
    assert answer["In-Reply-To"] == f"<{sent['messageId']}>"
    assert answer["References"] == f"<{sent['messageId']}>"
    assert answer["Message-ID"] == f"<{reply['messageId']}>"
    await state_of(gql, account, reply["id"], "SENT")

    # The mailbox's Sent folder brings both back: the sync stores them once (Message-ID dedupe).
    before = await counts(superuser_db, account.workspace_id)
    dovecot.append(user, [delivered.raw, second.raw], folder="Sent")

    async def duplicates() -> int | None:
        async with superuser_db.transaction() as session:
            found = await session.scalar(
                text(
                    "SELECT count(*) FROM inbound_emails WHERE workspace_id = :ws AND source = 'IMAP'"
                    " AND folder = 'Sent' AND state = 'DUPLICATE'"
                ),
                {"ws": account.workspace_id},
            )
        return int(found or 0) if found == 2 else None

    await eventually(duplicates, within=60, what="the Sent copies marked duplicates")
    after = await counts(superuser_db, account.workspace_id)
    assert (after[0], after[1]) == (before[0], before[1]) == (2, 2)
    thread = await gql.data(
        "query($id: UUID!) { emailThread(id: $id) { messageCount emails { id outboundState } } }",
        {"id": sent["thread"]["id"]},
        token=account.access_token,
    )
    assert thread["emailThread"] == {
        "messageCount": 2,
        "emails": [{"id": sent["id"], "outboundState": "SENT"}, {"id": reply["id"], "outboundState": "SENT"}],
    }


async def test_a_refused_message_fails_with_the_servers_answer_and_a_retry_sends_it(
    gql: GraphQLClient, dovecot: Dovecot, smtp_server: MailServer, worker: subprocess.Popen[bytes]
) -> None:
    account = await sign_up(gql)
    user = dovecot.add_user("rep")
    mailbox = await connect(gql, account, dovecot, smtp_server, user)
    smtp_server.refuse_rcpt = "550 5.1.1 No such user here"
    sent = (
        await gql.data(
            SEND,
            {"input": {"mailboxId": mailbox["id"], "to": ["nobody@client.example"], "subject": "Hi", "text": "Hi"}},
            token=account.access_token,
        )
    )["sendEmail"]
    failed = await state_of(gql, account, sent["id"], "FAILED")
    assert failed["sendError"] == "every recipient was refused (nobody@client.example: 550 5.1.1 No such user here)"
    assert smtp_server.delivered == []

    smtp_server.refuse_rcpt = None
    retried = (await gql.data(RETRY, {"id": sent["id"]}, token=account.access_token))["retrySendEmail"]
    assert retried == {"id": sent["id"], "outboundState": "QUEUED", "sendError": None}
    await state_of(gql, account, sent["id"], "SENT")
    [delivered] = await smtp_server.wait_for(1)
    assert delivered.recipients == ["nobody@client.example"]
    again = await gql(RETRY, {"id": sent["id"]}, token=account.access_token)
    assert error_of(again) == ("BAD_USER_INPUT", {"id": "This message is sent"})


async def test_refusals_write_nothing(
    gql: GraphQLClient, superuser_db: Database, dovecot: Dovecot, smtp_server: MailServer
) -> None:
    account = await sign_up(gql)
    other = await sign_up(gql, workspace="Other")
    # Dovecot rereads its users file when its mtime changes: every user first, then the logins.
    user, other_user, sync_only_user = dovecot.add_user("rep"), dovecot.add_user("other"), dovecot.add_user("synconly")
    mailbox = await connect(gql, account, dovecot, smtp_server, user)
    other_mailbox = await connect(gql, other, dovecot, smtp_server, other_user)
    foreign = (
        await gql.data(
            SEND,
            {"input": {"mailboxId": other_mailbox["id"], "to": ["x@client.example"], "subject": "S", "text": "T"}},
            token=other.access_token,
        )
    )["sendEmail"]
    other_records = await seed_records(gql, other)
    sync_only = await connect(gql, account, dovecot, None, sync_only_user)
    assert (sync_only["canSend"], sync_only["smtpHost"]) == (False, None)
    before = await counts(superuser_db, account.workspace_id)
    base = {"mailboxId": mailbox["id"], "to": ["x@client.example"], "subject": "S", "text": "T"}

    cases: list[tuple[dict[str, Any], tuple[str, dict[str, str]]]] = [
        ({"replyToEmailId": foreign["id"]}, ("NOT_FOUND", {})),
        ({"targetId": other_records.contact_id}, ("NOT_FOUND", {})),
        ({"mailboxId": other_mailbox["id"]}, ("NOT_FOUND", {})),
        ({"mailboxId": sync_only["id"]}, ("BAD_USER_INPUT", {"input.mailboxId": "This mailbox has no SMTP server"})),
        ({"text": "x" * (512 * 1024 + 1)}, ("BAD_USER_INPUT", {"input.text": "Use at most 524288 characters"})),
        (
            {"to": [f"r{i}@client.example" for i in range(30)], "cc": [f"c{i}@client.example" for i in range(21)]},
            ("BAD_USER_INPUT", {"input.to": "At most 50 recipients"}),
        ),
        ({"to": ["not an address"]}, ("BAD_USER_INPUT", {"input.to": EMAIL_EXAMPLE})),
        ({"subject": "two\r\nlines"}, ("BAD_USER_INPUT", {"input.subject": "Must be one line"})),
        (
            {"attachmentFileIds": [other_records.contact_id], "targetId": None},
            ("BAD_USER_INPUT", {"input.targetId": "Give the record whose files are attached"}),
        ),
    ]
    for change, expected in cases:
        body = await gql(SEND, {"input": {**base, **change}}, token=account.access_token)
        assert error_of(body) == expected, change
    assert await counts(superuser_db, account.workspace_id) == before
    assert [d.sender for d in smtp_server.delivered] in ([], [f"other@{SALES}"])


@pytest.mark.parametrize(
    ("host", "reason"),
    [
        ("169.254.169.254", "169.254.169.254 is a cloud metadata address; only servers on the internet can be reached"),
        ("10.0.0.1", "10.0.0.1 is a private network address; only servers on the internet can be reached"),
        (
            "[::ffff:169.254.169.254]",
            "::ffff:a9fe:a9fe is a cloud metadata address; only servers on the internet can be reached",
        ),
    ],
)
async def test_an_smtp_server_on_a_refused_address_is_not_saved(
    gql: GraphQLClient, superuser_db: Database, dovecot: Dovecot, host: str, reason: str
) -> None:
    account = await sign_up(gql)
    user = dovecot.add_user("rep")
    body = await gql(
        CONNECT,
        {
            "input": {
                "address": f"{user}@example.com",
                "host": "127.0.0.1",
                "port": dovecot.port,
                "tls": False,
                "username": user,
                "password": dovecot.passwords[user],
                "smtpHost": host,
                "smtpPort": 25,
                "smtpSecurity": "NONE",
            }
        },
        token=account.access_token,
    )
    code, fields = error_of(body)
    assert (code, fields) == ("BAD_USER_INPUT", {"input.smtpHost": reason})
    async with superuser_db.transaction() as session:
        assert (
            await session.scalar(
                text("SELECT count(*) FROM mailboxes WHERE workspace_id = :ws"), {"ws": account.workspace_id}
            )
            == 0
        )


async def test_files_of_the_record_go_as_attachments_and_a_file_of_another_record_is_refused(
    gql: GraphQLClient,
    http: httpx.AsyncClient,
    superuser_db: Database,
    dovecot: Dovecot,
    smtp_server: MailServer,
    worker: subprocess.Popen[bytes],
) -> None:
    account = await sign_up(gql)
    contacts = [
        (
            await gql.data(
                CREATE_CONTACT, {"input": {"firstName": name, "emails": [address]}}, token=account.access_token
            )
        )["createContact"]["id"]
        for name, address in (("Peter", "peter@initech.example"), ("Milton", "milton@initech.example"))
    ]
    content = b"Quote: 12 engines\n" * 100
    files = []
    for target in contacts:
        response = await upload(http, account.access_token, "quote.txt", content, target=target, ctype="text/plain")
        assert response.status_code == 201, response.text
        files.append(response.json()["id"])
    user = dovecot.add_user("rep")
    mailbox = await connect(gql, account, dovecot, smtp_server, user)
    base = {"mailboxId": mailbox["id"], "to": ["peter@initech.example"], "subject": "Quote", "text": "Attached."}

    before = await counts(superuser_db, account.workspace_id)
    refused = await gql(
        SEND, {"input": {**base, "targetId": contacts[0], "attachmentFileIds": [files[1]]}}, token=account.access_token
    )
    assert error_of(refused) == ("BAD_USER_INPUT", {"input.attachmentFileIds.0": "Not a file of this record"})
    assert await counts(superuser_db, account.workspace_id) == before

    sent = (
        await gql.data(
            SEND,
            {"input": {**base, "targetId": contacts[0], "attachmentFileIds": [files[0]]}},
            token=account.access_token,
        )
    )["sendEmail"]
    [delivered] = await smtp_server.wait_for(1)
    message = email.message_from_bytes(delivered.raw, policy=email.policy.default)
    attachments = [
        (part.get_filename(), part.get_content_type(), part.get_payload(decode=True))
        for part in message.iter_attachments()
    ]
    assert attachments == [("quote.txt", "text/plain", content)]
    await state_of(gql, account, sent["id"], "SENT")
