"""The email pipeline end to end: raw MIME over the webhook → the worker → GraphQL and the timelines."""

from __future__ import annotations

import asyncio
import os
import subprocess
import uuid
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from rapport.db import Database
from tests.conftest import Servers, start_worker, stop_process
from tests.factories import CREATE_COMPANY, CREATE_CONTACT, CREATE_DEAL, PIPELINES, GraphQLClient, join, sign_up

pytestmark = pytest.mark.usefixtures("worker")
# The upstream MTA whose Authentication-Results this module's worker trusts (a member's forwarded mail
# is theirs only when it vouches for it).
TRUSTED_MX = "mx.batch.example"


@pytest.fixture(scope="module")
def worker(servers: Servers, ai_url: str) -> Iterator[subprocess.Popen[bytes]]:
    process = start_worker(servers, env={"RAPPORT_AI_URL": ai_url, "RAPPORT_TRUSTED_AUTHSERV_IDS": f'["{TRUSTED_MX}"]'})
    try:
        yield process
    finally:
        stop_process(process)


WEBHOOK = "/api/v1/webhooks/inbound/email"
INBOUND = "query { inboundEmail { address token } }"
THREADS = """
query($filter: EmailThreadFilter) {
  emailThreads(first: 20, filter: $filter) {
    totalCount
    edges { node { id subject messageCount lastMessageAt contacts { id name } companies { id name }
      emails { id messageId subject direction snippet text html
        participants { role address name contact { id } }
        attachments { id filename contentType size downloadUrl file { id filename contentType targetId } } } } }
  }
}
"""
TIMELINE = (
    "query($id: UUID!) { %s(id: $id) { timeline(first: 20) { edges { node { kind summary"
    " email { id attachments { file { filename } } } } } } } }"
)
QUARANTINE = "query { quarantinedEmails { id reason size } }"
AUTO_CREATE = "mutation($p: AutoCreatePolicy!) { setContactAutoCreate(policy: $p) }"


def message(
    *,
    sender: str = "Grace Hopper <grace@initech.io>",
    to: str = "ada@example.com",
    subject: str = "Pricing for 2027",
    body: str = "Can you send the new price list?",
    message_id: str | None = None,
    in_reply_to: str | None = None,
    date: datetime | None = None,
    cc: str | None = None,
    attachment: tuple[str, bytes] | None = None,
) -> tuple[bytes, str]:
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = to
    if cc:
        mail["Cc"] = cc
    mail["Subject"] = subject
    mail["Date"] = format_datetime(date or datetime.now(UTC))
    mid = message_id or make_msgid(domain="initech.io")
    mail["Message-ID"] = mid
    if in_reply_to:
        mail["In-Reply-To"] = in_reply_to
        mail["References"] = in_reply_to
    mail.set_content(body)
    if attachment:
        mail.add_attachment(attachment[1], maintype="application", subtype="pdf", filename=attachment[0])
    return mail.as_bytes(), mid


async def post(http: httpx.AsyncClient, token: str, raw: bytes) -> httpx.Response:
    return await http.post(WEBHOOK, content=raw, headers={"x-inbound-token": token, "content-type": "message/rfc822"})


async def eventually(check: Callable[[], Awaitable[Any]], *, within: float = 20) -> Any:
    deadline = asyncio.get_running_loop().time() + within
    while True:
        result = await check()
        if result:
            return result
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.1)


async def threads(gql: GraphQLClient, token: str, filter: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    data = await gql.data(THREADS, {"filter": filter}, token=token)
    return [edge["node"] for edge in data["emailThreads"]["edges"]]


async def inbound_token(gql: GraphQLClient, token: str) -> str:
    return str((await gql.data(INBOUND, token=token))["inboundEmail"]["token"])


async def test_webhook_refuses_what_it_cannot_take(http: httpx.AsyncClient, gql: GraphQLClient) -> None:
    owner = await sign_up(gql)
    token = await inbound_token(gql, owner.access_token)
    raw, _ = message()
    missing = await http.post(WEBHOOK, content=raw)
    assert missing.status_code == 401
    assert missing.json()["error"]["code"] == "UNAUTHENTICATED"
    wrong = await post(http, "0" * 32, raw)
    assert wrong.status_code == 401
    empty = await post(http, token, b"  \r\n")
    assert empty.status_code == 400
    assert empty.json()["error"]["code"] == "BAD_USER_INPUT"
    huge = await post(http, token, b"Subject: big\r\n\r\n" + b"x" * (26 * 1024 * 1024))
    assert huge.status_code == 413
    assert huge.json()["error"]["code"] == "PAYLOAD_TOO_LARGE"
    accepted = await post(http, token, raw)
    assert accepted.status_code == 202
    assert uuid.UUID(accepted.json()["id"])


async def test_mail_is_threaded_and_linked_to_contacts_companies_and_open_deals(
    http: httpx.AsyncClient, gql: GraphQLClient
) -> None:
    owner = await sign_up(gql)
    t = owner.access_token
    company = (await gql.data(CREATE_COMPANY, {"input": {"name": "Initech", "domain": "initech.io"}}, token=t))[
        "createCompany"
    ]
    contact = (
        await gql.data(
            CREATE_CONTACT,
            {
                "input": {
                    "firstName": "Grace",
                    "lastName": "Hopper",
                    "emails": ["grace@initech.io"],
                    "companyId": company["id"],
                }
            },
            token=t,
        )
    )["createContact"]
    stage = (await gql.data(PIPELINES, token=t))["pipelines"][0]["stages"][0]
    deal = (
        await gql.data(
            CREATE_DEAL,
            {"input": {"name": "Initech renewal", "stageId": stage["id"], "companyId": company["id"]}},
            token=t,
        )
    )["createDeal"]
    token = await inbound_token(gql, t)

    first, first_id = message(
        sender="Grace Hopper <Grace+crm@Initech.io>",
        to=f"Ada <{owner.email}>",
        date=datetime.now(UTC) - timedelta(hours=1),
    )
    assert (await post(http, token, first)).status_code == 202
    reply, _ = message(
        sender=f"Ada Lovelace <{owner.email}>",
        to="grace@initech.io",
        subject="Re: Pricing for 2027",
        body="Attached.\n\nOn Monday Grace wrote:\n> Can you send it?",
        in_reply_to=first_id,
        attachment=("prices.pdf", b"%PDF-1.4 price list"),
    )
    vouched = f"Authentication-Results: {TRUSTED_MX}; dmarc=pass header.from={owner.email.split('@')[1]}\r\n"
    assert (await post(http, token, vouched.encode() + reply)).status_code == 202

    async def both_in_one_thread() -> list[dict[str, Any]] | None:
        found = await threads(gql, t, {"contactId": contact["id"]})
        return found if found and found[0]["messageCount"] == 2 else None

    (thread,) = await eventually(both_in_one_thread)
    assert thread["subject"] == "Pricing for 2027"
    assert [c["id"] for c in thread["contacts"]] == [contact["id"]]
    assert [c["id"] for c in thread["companies"]] == [company["id"]]
    inbound, outbound = thread["emails"]
    assert inbound["direction"] == "INBOUND"
    assert outbound["direction"] == "OUTBOUND"
    sender = inbound["participants"][0]
    assert sender == {
        "role": "FROM",
        "address": "grace+crm@initech.io",
        "name": "Grace Hopper",
        "contact": {"id": contact["id"]},
    }
    assert outbound["snippet"] == "Attached."
    (attachment,) = outbound["attachments"]
    assert attachment["filename"] == "prices.pdf"
    assert attachment["size"] == len(b"%PDF-1.4 price list")
    # Stored as a file of the email, on the file domain's store, typed by its bytes.
    assert attachment["file"] == {
        "id": attachment["file"]["id"],
        "filename": "prices.pdf",
        "contentType": "application/pdf",
        "targetId": outbound["id"],
    }
    assert attachment["downloadUrl"] == f"/api/v1/files/{attachment['file']['id']}"
    download = await http.get(attachment["downloadUrl"], headers={"authorization": f"Bearer {t}"})
    assert download.status_code == 200
    assert download.content == b"%PDF-1.4 price list"
    assert download.headers["content-disposition"].startswith('attachment; filename="prices.pdf"')
    assert (await http.get(attachment["downloadUrl"])).status_code == 401
    legacy = await http.get(f"/api/v1/attachments/{attachment['id']}", headers={"authorization": f"Bearer {t}"})
    assert (legacy.status_code, legacy.headers["location"]) == (307, attachment["downloadUrl"])
    files = await gql.data(
        "query($id: UUID!) { files(targetId: $id) { id filename } }", {"id": outbound["id"]}, token=t
    )
    assert files == {"files": [{"id": attachment["file"]["id"], "filename": "prices.pdf"}]}

    for kind, record_id in (("contact", contact["id"]), ("company", company["id"]), ("deal", deal["id"])):
        entries = (await gql.data(TIMELINE % kind, {"id": record_id}, token=t))[kind]["timeline"]["edges"]
        emails = [e["node"] for e in entries if e["node"]["kind"] == "EMAIL"]
        assert len(emails) == 2, (kind, entries)
        assert sorted([file["file"]["filename"] for file in e["email"]["attachments"]] for e in emails) == [
            [],
            ["prices.pdf"],
        ]
        assert {e["summary"] for e in emails} == {
            "Email from Grace Hopper: Pricing for 2027",
            "Email to grace@initech.io: Re: Pricing for 2027",
        }
        # The attachment shows on the record's timeline as an upload to it does (the email itself does not).
        assert [e["node"]["summary"] for e in entries if e["node"]["kind"] == "FILE"] == ["File: prices.pdf"], kind
    assert await threads(gql, t, {"dealId": deal["id"]})
    assert await threads(gql, t, {"companyId": company["id"], "subject": {"contains": "pricing"}})
    assert not await threads(gql, t, {"subject": {"contains": "nothing like this"}})


async def test_a_contact_created_after_the_mail_gets_its_past_threads(
    http: httpx.AsyncClient, gql: GraphQLClient
) -> None:
    owner = await sign_up(gql)
    t = owner.access_token
    token = await inbound_token(gql, t)
    raw, _ = message(sender="Margaret Hamilton <margaret@apollo.io>", subject="Guidance computer")
    assert (await post(http, token, raw)).status_code == 202
    await eventually(lambda: threads(gql, t))
    contact = (await gql.data(CREATE_CONTACT, {"input": {"emails": ["margaret@apollo.io"]}}, token=t))["createContact"]
    (thread,) = await threads(gql, t, {"contactId": contact["id"]})
    assert thread["emails"][0]["participants"][0]["contact"] == {"id": contact["id"]}
    entries = (await gql.data(TIMELINE % "contact", {"id": contact["id"]}, token=t))["contact"]["timeline"]["edges"]
    assert [e["node"]["summary"] for e in entries if e["node"]["kind"] == "EMAIL"] == [
        "Email from Margaret Hamilton: Guidance computer"
    ]


async def test_the_same_message_twice_is_stored_once(
    http: httpx.AsyncClient, gql: GraphQLClient, superuser_db: Database
) -> None:
    owner = await sign_up(gql)
    token = await inbound_token(gql, owner.access_token)
    raw, _ = message(subject="Only once")
    no_id = b"From: someone@globex.io\r\nTo: ada@example.com\r\nSubject: No id\r\n\r\nHello\r\n"
    accepted = [await post(http, token, body) for body in (raw, raw, no_id, no_id, no_id)]
    ids = [response.json()["id"] for response in accepted]

    async def processed() -> list[str] | None:  # every accepted message has been through the worker
        async with superuser_db.transaction() as session:
            states = list(
                await session.scalars(
                    text("SELECT state::text FROM inbound_emails WHERE id = ANY(CAST(:ids AS uuid[])) ORDER BY 1"),
                    {"ids": ids},
                )
            )
        return states if len(states) == len(ids) and "PENDING" not in states else None

    states = await eventually(processed)
    found = await threads(gql, owner.access_token)
    assert [response.status_code for response in accepted] == [202] * 5
    assert states == ["DUPLICATE", "DUPLICATE", "DUPLICATE", "STORED", "STORED"], "two stored, three duplicates"
    assert sorted((t["subject"], t["messageCount"]) for t in found) == [("No id", 1), ("Only once", 1)]


async def test_a_reply_that_arrives_before_its_original_ends_up_in_its_thread(
    http: httpx.AsyncClient, gql: GraphQLClient
) -> None:
    owner = await sign_up(gql)
    token = await inbound_token(gql, owner.access_token)
    original, original_id = message(subject="Renewal", date=datetime.now(UTC) - timedelta(hours=2))
    reply, reply_id = message(
        sender=owner.email,
        to="grace@initech.io",
        subject="Re: Renewal",
        in_reply_to=original_id,
        date=datetime.now(UTC) - timedelta(hours=1),
    )
    second, _ = message(subject="Re: Renewal", in_reply_to=reply_id)
    for raw in (second, reply):
        assert (await post(http, token, raw)).status_code == 202

    async def stored(count: int) -> Callable[[], Awaitable[Any]]:
        async def check() -> list[dict[str, Any]] | None:
            found = await threads(gql, owner.access_token)
            return found if sum(t["messageCount"] for t in found) == count else None

        return check

    await eventually(await stored(2))
    assert (await post(http, token, original)).status_code == 202
    found = await eventually(await stored(3))
    assert len(found) == 1, found
    assert found[0]["subject"] == "Renewal"
    assert [e["subject"] for e in found[0]["emails"]] == ["Renewal", "Re: Renewal", "Re: Renewal"]


async def test_a_reply_without_references_joins_by_subject_and_participants(
    http: httpx.AsyncClient, gql: GraphQLClient
) -> None:
    owner = await sign_up(gql)
    token = await inbound_token(gql, owner.access_token)
    first, _ = message(subject="Contract draft", date=datetime.now(UTC) - timedelta(days=2))
    assert (await post(http, token, first)).status_code == 202
    await eventually(lambda: threads(gql, owner.access_token))
    reply, _ = message(sender=owner.email, to="grace@initech.io", subject="RE: Contract draft")
    stranger, _ = message(sender="x@umbrella.io", to="y@umbrella.io", subject="Re: Contract draft")
    assert (await post(http, token, reply)).status_code == 202
    assert (await post(http, token, stranger)).status_code == 202

    async def settled() -> list[dict[str, Any]] | None:
        found = await threads(gql, owner.access_token)
        return found if sum(t["messageCount"] for t in found) == 3 else None

    found = await eventually(settled)
    assert sorted(t["messageCount"] for t in found) == [1, 2]


async def test_auto_create_makes_contacts_and_companies_but_not_for_public_or_own_domains(
    http: httpx.AsyncClient, gql: GraphQLClient
) -> None:
    owner = await sign_up(gql)
    t = owner.access_token
    await gql.data(AUTO_CREATE, {"p": "SENT_AND_RECEIVED"}, token=t)
    token = await inbound_token(gql, t)
    raw, _ = message(
        sender="Linus Example <linus@hooli.io>",
        to=owner.email,
        cc="Jane Doe <jane.doe@gmail.com>, colleague@example.com, noreply@hooli.io",
    )
    assert (await post(http, token, raw)).status_code == 202
    contacts_query = "query { contacts(first: 20) { edges { node { name emails company { name domain } } } } }"

    async def created() -> list[dict[str, Any]] | None:
        edges = (await gql.data(contacts_query, token=t))["contacts"]["edges"]
        return [e["node"] for e in edges] if len(edges) >= 2 else None

    contacts = sorted(await eventually(created), key=lambda c: c["name"])
    assert contacts == [
        {"name": "Jane Doe", "emails": ["jane.doe@gmail.com"], "company": None},
        {"name": "Linus Example", "emails": ["linus@hooli.io"], "company": {"name": "Hooli", "domain": "hooli.io"}},
    ]


async def test_unreadable_mail_is_quarantined_for_admins(http: httpx.AsyncClient, gql: GraphQLClient) -> None:
    owner = await sign_up(gql)
    token = await inbound_token(gql, owner.access_token)
    junk = b"\x00\x01\x02 this is not an email \xff\xfe"
    assert (await post(http, token, junk)).status_code == 202

    async def quarantined() -> list[dict[str, Any]] | None:
        found = (await gql.data(QUARANTINE, token=owner.access_token))["quarantinedEmails"]
        return found or None

    (entry,) = await eventually(quarantined)
    assert entry["reason"]
    assert entry["size"] == len(junk)
    viewer = await sign_up(gql, name="Vera Viewer")
    _, viewer_token = await join(gql, owner, viewer, "VIEWER")
    denied = await gql(QUARANTINE, token=viewer_token)
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    denied = await gql(INBOUND, token=viewer_token)
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_a_rotated_token_stops_working(http: httpx.AsyncClient, gql: GraphQLClient) -> None:
    owner = await sign_up(gql)
    old = await inbound_token(gql, owner.access_token)
    rotated = await gql.data("mutation { rotateInboundToken { address token } }", token=owner.access_token)
    new = rotated["rotateInboundToken"]["token"]
    assert new != old
    assert rotated["rotateInboundToken"]["address"].startswith(new + "@")
    raw, _ = message()
    assert (await post(http, old, raw)).status_code == 401
    assert (await post(http, new, raw)).status_code == 202


CORPUS = Path(os.environ.get("RAPPORT_MIME_CORPUS", Path(__file__).resolve().parents[5] / "shared/corpus/mime"))
CORPUS_FILES = sorted(CORPUS.glob("*.eml")) if CORPUS.is_dir() else []


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared MIME corpus is not next to the repository")
async def test_every_corpus_message_is_stored_or_quarantined_with_a_reason(
    http: httpx.AsyncClient, gql: GraphQLClient, superuser_db: Database
) -> None:
    owner = await sign_up(gql)
    token = await inbound_token(gql, owner.access_token)
    files = CORPUS_FILES
    assert len(files) > 200
    for path in files:
        response = await post(http, token, path.read_bytes())
        assert response.status_code == 202, (path.name, response.text)

    async def settled() -> list[Any] | None:
        async with superuser_db.transaction() as session:
            rows = (
                await session.execute(
                    text(
                        "SELECT state, count(*), count(reason) FROM inbound_emails WHERE workspace_id = :ws GROUP BY 1"
                    ),
                    {"ws": owner.workspace_id},
                )
            ).all()
        counts = {state: (n, with_reason) for state, n, with_reason in rows}
        return rows if "PENDING" not in counts and sum(n for n, _ in counts.values()) == len(files) else None

    rows = await eventually(settled, within=120)
    counts = {state: (n, with_reason) for state, n, with_reason in rows}
    stored = counts.get("STORED", (0, 0))[0]
    quarantined, with_reason = counts.get("QUARANTINED", (0, 0))
    assert quarantined == with_reason  # every quarantined message says why
    assert stored > len(files) * 0.8, counts
    data = await gql.data("query { emailThreads(first: 200) { totalCount } }", token=owner.access_token)
    assert data["emailThreads"]["totalCount"] > 0


INCOMPLETE = """
query { contacts(first: 20, filter: {customField: {key: "tier", string: {isNull: true}}}) {
  edges { node { id name customFields } } } }
"""


async def test_a_contact_made_by_ingestion_misses_a_required_field_openly_and_its_event_has_the_service_shape(
    http: httpx.AsyncClient, gql: GraphQLClient, superuser_db: Database
) -> None:
    owner = await sign_up(gql)
    t = owner.access_token
    await gql.data(
        'mutation { createFieldDefinition(input: {objectType: CONTACT, key: "tier", label: "Tier", type: SELECT,'
        ' options: ["gold", "silver"], required: true}) { id } }',
        token=t,
    )
    # Given a required field, a person cannot create a contact without it...
    refused = await gql(CREATE_CONTACT, {"input": {"emails": ["nope@hooli.io"]}}, token=t)
    assert refused["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert refused["errors"][0]["extensions"]["fieldErrors"] == [
        {"path": ["input", "customFields", "tier"], "message": "required"}
    ]
    by_hand = await gql.data(
        CREATE_CONTACT, {"input": {"emails": ["gavin@hooli.io"], "customFields": {"tier": "gold"}}}, token=t
    )
    # ...while ingestion creates it anyway, listed as incomplete.
    await gql.data(AUTO_CREATE, {"p": "SENT_AND_RECEIVED"}, token=t)
    raw, _ = message(sender="Linus Example <linus@hooli.io>", to=owner.email)
    assert (await post(http, await inbound_token(gql, t), raw)).status_code == 202

    async def incomplete() -> list[dict[str, Any]] | None:
        edges = (await gql.data(INCOMPLETE, token=t))["contacts"]["edges"]
        return [e["node"] for e in edges] or None

    [linus] = await eventually(incomplete)
    assert (linus["name"], linus["customFields"]) == ("Linus Example", {})
    timeline = await gql.data(TIMELINE % "contact", {"id": linus["id"]}, token=t)
    kinds = sorted((e["node"]["kind"], e["node"]["summary"]) for e in timeline["contact"]["timeline"]["edges"])
    assert kinds == [
        ("CREATED", "Created from email with linus@hooli.io (incomplete: no Tier)"),
        ("EMAIL", "Email from Linus Example: Pricing for 2027"),
    ]
    async with superuser_db.transaction() as session:
        rows = await session.execute(
            text(
                "SELECT type, payload, actor_user_id FROM outbox_events WHERE workspace_id = :ws"
                " AND type IN ('contact.created', 'company.created') ORDER BY created_at, id"
            ),
            {"ws": owner.workspace_id},
        )
        events = [(row.type, row.payload, row.actor_user_id) for row in rows]
    company_id = (await gql.data("query { companies(first: 5) { edges { node { id } } } }", token=t))["companies"]
    [hooli] = [edge["node"]["id"] for edge in company_id["edges"]]
    # One shape for one event, wherever the record came from: the ingestion adds only its source.
    assert events == [
        ("contact.created", {"id": by_hand["createContact"]["id"]}, uuid.UUID(owner.user_id)),
        ("company.created", {"id": hooli, "source": "email"}, None),
        ("contact.created", {"id": linus["id"], "source": "email"}, None),
    ]
