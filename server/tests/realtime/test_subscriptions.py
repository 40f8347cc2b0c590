"""Subscriptions over WebSocket against real api processes and a real worker (its relay publishes
the outbox to Redis): what each field delivers, tenancy, access ending, slow consumers, fan-out
across processes, and resume."""

from __future__ import annotations

import asyncio
import subprocess
import uuid
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any

import httpx
from sqlalchemy import text

from rapport.auth.tokens import decode_access_token, issue_access_token
from rapport.db import Database
from rapport.models import Role
from tests.conftest import Servers, free_port, stop_process
from tests.factories import CREATE_CONTACT, GraphQLClient, join, seed_records, sign_up
from tests.realtime.client import opened, signed_in
from tests.realtime.conftest import start_api

RECORD_CHANGED = """
subscription($type: ObjectType, $id: UUID, $after: String) {
  recordChanged(objectType: $type, id: $id, after: $after) {
    eventId kind objectType id changedFields actor { role user { email } }
    record { __typename ... on Contact { name jobTitle } ... on Deal { name } ... on Company { name } }
  }
}
"""
TIMELINE = """
subscription($id: UUID!, $after: String) { timelineAdded(targetId: $id, after: $after) { kind summary body subjectId } }
"""
DEAL_MOVED = """
subscription($id: UUID!) {
  dealMoved(pipelineId: $id) { eventId position deal { id name } fromStage { name } toStage { name } actor { role } }
}
"""
EMAIL_RECEIVED = "subscription($id: UUID) { emailReceived(contactId: $id) { subject direction } }"
UPDATE_CONTACT = "mutation($id: UUID!, $input: ContactInput!) { updateContact(id: $id, input: $input) { id } }"
ADD_NOTE = "mutation($id: UUID!, $body: String!) { addNote(targetId: $id, body: $body) { id } }"
MOVE_DEAL = "mutation($id: UUID!, $stage: UUID!) { moveDeal(id: $id, stageId: $stage) { id } }"
SET_ROLE = "mutation($id: UUID!, $role: Role!) { updateMemberRole(memberId: $id, role: $role) { id } }"
REMOVE = "mutation($id: UUID!) { removeMember(memberId: $id) }"


def data(message: dict[str, Any], field: str) -> Any:
    assert message["type"] == "next", message
    return message["payload"]["data"][field]


async def relayed(db: Database, workspace_id: str) -> None:
    """Waits until the relay has published every outbox event of the workspace: a subscription opened
    after it receives only what happens next (a record made just before could otherwise still be on its
    way, and arrive as if new)."""
    for _ in range(600):
        async with db.transaction() as session:
            waiting = await session.scalar(
                text("SELECT count(*) FROM outbox_events WHERE workspace_id = :ws AND published_at IS NULL"),
                {"ws": workspace_id},
            )
        if waiting == 0:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"{waiting} outbox events of the workspace still unpublished after 30 s")


async def create_contact(gql: GraphQLClient, token: str, name: str) -> str:
    created = await gql.data(CREATE_CONTACT, {"input": {"firstName": name}}, token=token)
    return str(created["createContact"]["id"])


async def test_record_changed_delivers_creates_and_updates(
    gql: GraphQLClient, apis: list[str], worker: subprocess.Popen[bytes]
) -> None:
    account = await sign_up(gql)
    async with signed_in(apis[0], account.access_token) as socket:
        operation = await socket.subscribe(RECORD_CHANGED, {"type": "CONTACT"})
        await socket.nothing_within(0.5)
        contact_id = await create_contact(gql, account.access_token, "Grace")
        first = await socket.receive()
        await gql.data(UPDATE_CONTACT, {"id": contact_id, "input": {"jobTitle": "Admiral"}}, token=account.access_token)
        second = await socket.receive()

    assert first["id"] == operation
    created_change = data(first, "recordChanged")
    updated_change = data(second, "recordChanged")
    assert int(updated_change["eventId"]) > int(created_change["eventId"])
    assert first["payload"]["extensions"] == {"eventId": created_change["eventId"]}
    assert {k: v for k, v in created_change.items() if k != "eventId"} == {
        "kind": "CREATED",
        "objectType": "CONTACT",
        "id": contact_id,
        "changedFields": [],
        "actor": {"role": "OWNER", "user": {"email": account.email}},
        "record": {"__typename": "Contact", "name": "Grace", "jobTitle": None},
    }
    assert (updated_change["kind"], updated_change["changedFields"]) == ("UPDATED", ["jobTitle"])
    assert updated_change["record"] == {"__typename": "Contact", "name": "Grace", "jobTitle": "Admiral"}


async def test_timeline_deal_moves_and_emails_are_delivered(
    gql: GraphQLClient, apis: list[str], worker: subprocess.Popen[bytes], superuser_db: Database
) -> None:
    account = await sign_up(gql)
    token = account.access_token
    records = await seed_records(gql, account)
    await relayed(superuser_db, account.workspace_id)
    async with signed_in(apis[0], token) as socket:
        timeline = await socket.subscribe(TIMELINE, {"id": records.contact_id})
        moved = await socket.subscribe(DEAL_MOVED, {"id": records.pipeline_id})
        emails = await socket.subscribe(EMAIL_RECEIVED, {"id": records.contact_id})
        await socket.nothing_within(0.5)
        await gql.data(ADD_NOTE, {"id": records.contact_id, "body": "Call back Monday"}, token=token)
        note = await socket.receive()
        await gql.data(MOVE_DEAL, {"id": records.deal_id, "stage": records.stage_ids[1]}, token=token)
        move = await socket.receive()

    assert note["id"] == timeline
    assert data(note, "timelineAdded") == {
        "kind": "NOTE",
        "summary": "Note: Call back Monday",
        "body": "Call back Monday",
        "subjectId": records.contact_id,
    }
    assert move["id"] == moved
    move_data = data(move, "dealMoved")
    assert move_data["deal"] == {"id": records.deal_id, "name": "TPS reports"}
    assert move_data["toStage"]["name"] != move_data["fromStage"]["name"]
    assert move_data["actor"] == {"role": "OWNER"}
    assert emails  # emailReceived is exercised in test_email_received_delivers (needs the email pipeline)


TIMELINE_CHANGED = """
subscription($id: UUID!, $after: String) {
  timelineChanged(targetId: $id, after: $after) { eventId kind id entry { id kind summary body subjectId } }
}
"""
UPDATE_NOTE = "mutation($id: UUID!, $body: String!) { updateNote(id: $id, body: $body) { id } }"
DELETE_NOTE = "mutation($id: UUID!) { deleteNote(id: $id) }"
LOG_MEETING = "mutation($input: LogMeetingInput!) { logMeeting(input: $input) { id } }"
UPDATE_MEETING = "mutation($id: UUID!, $input: UpdateMeetingInput!) { updateMeeting(id: $id, input: $input) { id } }"
DELETE_MEETING = "mutation($id: UUID!) { deleteMeeting(id: $id) }"


async def test_timeline_changed_delivers_added_rewritten_and_deleted_entries(
    gql: GraphQLClient, apis: list[str], worker: subprocess.Popen[bytes], superuser_db: Database
) -> None:
    account = await sign_up(gql)
    token = account.access_token
    records = await seed_records(gql, account)
    await relayed(superuser_db, account.workspace_id)
    async with signed_in(apis[0], token) as socket:
        changed = await socket.subscribe(TIMELINE_CHANGED, {"id": records.contact_id})
        added = await socket.subscribe(TIMELINE, {"id": records.contact_id})
        await socket.nothing_within(0.5)
        note = await gql.data(ADD_NOTE, {"id": records.contact_id, "body": "Call back Monday"}, token=token)
        note_id = note["addNote"]["id"]
        first, second = await socket.receive(), await socket.receive()
        await gql.data(UPDATE_NOTE, {"id": note_id, "body": "Call back Tuesday"}, token=token)
        rewritten = await socket.receive()
        await gql.data(DELETE_NOTE, {"id": note_id}, token=token)
        deleted = await socket.receive()
        # timelineAdded says nothing of the rewrite or the deletion.
        assert await socket.nothing_within(1)

    by_operation = {first["id"]: first, second["id"]: second}
    assert data(by_operation[added], "timelineAdded") == {
        "kind": "NOTE",
        "summary": "Note: Call back Monday",
        "body": "Call back Monday",
        "subjectId": records.contact_id,
    }
    created = data(by_operation[changed], "timelineChanged")
    assert {k: v for k, v in created.items() if k != "eventId"} == {
        "kind": "CREATED",
        "id": note_id,
        "entry": {
            "id": note_id,
            "kind": "NOTE",
            "summary": "Note: Call back Monday",
            "body": "Call back Monday",
            "subjectId": records.contact_id,
        },
    }
    assert (rewritten["id"], deleted["id"]) == (changed, changed)
    updated = data(rewritten, "timelineChanged")
    assert {k: v for k, v in updated.items() if k != "eventId"} == {
        "kind": "UPDATED",
        "id": note_id,
        "entry": {
            "id": note_id,
            "kind": "NOTE",
            "summary": "Note: Call back Tuesday",
            "body": "Call back Tuesday",
            "subjectId": records.contact_id,
        },
    }
    gone = data(deleted, "timelineChanged")
    assert {k: v for k, v in gone.items() if k != "eventId"} == {"kind": "DELETED", "id": note_id, "entry": None}
    assert int(created["eventId"]) < int(updated["eventId"]) < int(gone["eventId"])
    assert rewritten["payload"]["extensions"] == {"eventId": updated["eventId"]}


async def test_timeline_changed_follows_a_meeting_onto_and_off_an_attending_contacts_timeline(
    gql: GraphQLClient, apis: list[str], worker: subprocess.Popen[bytes], superuser_db: Database
) -> None:
    account = await sign_up(gql)
    token = account.access_token
    records = await seed_records(gql, account)
    guest_id = await create_contact(gql, token, "Guest")
    await relayed(superuser_db, account.workspace_id)
    async with signed_in(apis[0], token) as socket:
        on_guest = await socket.subscribe(TIMELINE_CHANGED, {"id": guest_id})
        await socket.nothing_within(0.5)
        logged = await gql.data(
            LOG_MEETING,
            {
                "input": {
                    "targetId": records.contact_id,
                    "startsAt": "2026-01-05T10:00:00Z",
                    "title": "Kick-off",
                    "attendeeContactIds": [guest_id],
                }
            },
            token=token,
        )
        meeting_id = logged["logMeeting"]["id"]
        added = await socket.receive()
        await gql.data(UPDATE_MEETING, {"id": meeting_id, "input": {"title": "Kick-off, again"}}, token=token)
        retitled = await socket.receive()
        await gql.data(UPDATE_MEETING, {"id": meeting_id, "input": {"attendeeContactIds": []}}, token=token)
        uninvited = await socket.receive()
        # No longer on the guest's timeline: its deletion is not the guest's news.
        await gql.data(DELETE_MEETING, {"id": meeting_id}, token=token)
        assert await socket.nothing_within(1.5)

    assert {added["id"], retitled["id"], uninvited["id"]} == {on_guest}
    assert [
        (change["kind"], change["id"], (change["entry"] or {}).get("summary"))
        for change in (data(m, "timelineChanged") for m in (added, retitled, uninvited))
    ] == [
        ("CREATED", meeting_id, "Meeting: Kick-off"),
        ("UPDATED", meeting_id, "Meeting: Kick-off, again"),
        ("DELETED", meeting_id, None),
    ]


async def test_a_subscriber_sees_only_its_workspace_and_foreign_ids_yield_nothing(
    gql: GraphQLClient, apis: list[str], worker: subprocess.Popen[bytes]
) -> None:
    ours, theirs = await sign_up(gql, workspace="Ours"), await sign_up(gql, workspace="Theirs")
    their_records = await seed_records(gql, theirs)
    async with signed_in(apis[0], ours.access_token) as socket:
        for query, variables in (
            (RECORD_CHANGED, {}),
            (RECORD_CHANGED, {"id": their_records.contact_id}),
            (TIMELINE, {"id": their_records.contact_id}),
            (TIMELINE_CHANGED, {"id": their_records.contact_id}),
            (DEAL_MOVED, {"id": their_records.pipeline_id}),
            (EMAIL_RECEIVED, {"id": their_records.contact_id}),
        ):
            await socket.subscribe(query, variables)
        await gql.data(
            UPDATE_CONTACT, {"id": their_records.contact_id, "input": {"jobTitle": "CEO"}}, token=theirs.access_token
        )
        await gql.data(ADD_NOTE, {"id": their_records.contact_id, "body": "secret"}, token=theirs.access_token)
        await gql.data(
            MOVE_DEAL, {"id": their_records.deal_id, "stage": their_records.stage_ids[1]}, token=theirs.access_token
        )
        # Nothing of theirs, no error naming their ids; our own change still arrives, alone.
        await socket.nothing_within(2)
        mine = await create_contact(gql, ours.access_token, "Mine")
        message = await socket.receive()
        assert (message["id"], data(message, "recordChanged")["id"]) == ("1", mine)
        await socket.nothing_within(1)


async def test_an_expired_token_ends_the_connection_with_4440(
    gql: GraphQLClient, apis: list[str], servers: Servers
) -> None:
    account = await sign_up(gql)
    short = servers.settings().model_copy(update={"access_token_ttl_seconds": 2})
    session_id = decode_access_token(servers.settings(), account.access_token).session_id
    token, _ = issue_access_token(
        short,
        user_id=uuid.UUID(account.user_id),
        workspace_id=uuid.UUID(account.workspace_id),
        role=Role.OWNER,
        session_id=session_id,
    )
    async with signed_in(apis[0], token) as socket:
        await socket.subscribe(RECORD_CHANGED, {})
        assert await socket.closed(wait=10) == (4440, "Token expired: reconnect with a fresh one.")


async def test_a_removed_member_is_closed_with_4403_and_a_role_change_with_4441(
    gql: GraphQLClient, apis: list[str], worker: subprocess.Popen[bytes]
) -> None:
    owner = await sign_up(gql)
    viewer, member = await sign_up(gql, name="Vic Viewer"), await sign_up(gql, name="Mo Member")
    viewer_id, viewer_token = await join(gql, owner, viewer, "VIEWER")
    member_id, member_token = await join(gql, owner, member, "MEMBER")
    async with signed_in(apis[0], viewer_token) as removed, signed_in(apis[1], member_token) as changed:
        await removed.subscribe(RECORD_CHANGED, {})
        await changed.subscribe(RECORD_CHANGED, {})
        await asyncio.sleep(0.3)
        await gql.data(REMOVE, {"id": viewer_id}, token=owner.access_token)
        await gql.data(SET_ROLE, {"id": member_id, "role": "VIEWER"}, token=owner.access_token)
        assert await removed.closed() == (4403, "You are no longer a member of this workspace.")
        assert await changed.closed() == (4441, "Your role changed: reconnect.")
    # The removed member's token no longer opens a socket.
    async with opened(apis[0]) as again:
        await again.send(type="connection_init", payload={"authorization": f"Bearer {viewer_token}"})
        assert (await again.closed())[0] == 4403


async def test_a_slow_consumer_is_cut_off_while_another_keeps_receiving(
    gql: GraphQLClient, apis: list[str], worker: subprocess.Popen[bytes], superuser_db: Database
) -> None:
    account = await sign_up(gql)
    token = account.access_token
    contact_id = await create_contact(gql, token, "Busy")
    await relayed(superuser_db, account.workspace_id)
    big = "x" * 19_000
    # The slow socket stops reading after connecting (a small receive window, the client's queue of one).
    async with signed_in(apis[0], token, max_queue=1, max_size=None) as slow, signed_in(apis[0], token) as fast:
        for _ in range(30):
            await slow.subscribe(TIMELINE, {"id": contact_id})
        await fast.subscribe(TIMELINE, {"id": contact_id})
        await asyncio.sleep(0.3)
        received = 0
        for index in range(40):
            await gql.data(ADD_NOTE, {"id": contact_id, "body": f"{index} {big}"}, token=token)
            message = await fast.receive()
            assert data(message, "timelineAdded")["body"].startswith(f"{index} ")
            received += 1
        assert received == 40
        code, reason = await slow.closed(wait=20)
    assert (code, reason) == (4450, "Too slow: more than the buffer of messages waiting.")


async def test_the_subscription_limit_per_connection(gql: GraphQLClient, apis: list[str]) -> None:
    account = await sign_up(gql)
    async with signed_in(apis[0], account.access_token) as socket:
        for _ in range(30):
            await socket.subscribe(RECORD_CHANGED, {})
        refused = await socket.subscribe(RECORD_CHANGED, {})
        message = await socket.receive()
    assert message == {
        "id": refused,
        "type": "error",
        "payload": [{"message": "At most 30 subscriptions per connection.", "extensions": {"code": "RATE_LIMITED"}}],
    }


async def test_an_event_made_through_one_api_process_reaches_a_subscriber_of_another(
    gql: GraphQLClient, apis: list[str], worker: subprocess.Popen[bytes]
) -> None:
    account = await sign_up(gql)
    async with (
        httpx.AsyncClient(base_url=apis[1], timeout=30) as other_http,
        signed_in(apis[0], account.access_token) as socket,
    ):
        await socket.subscribe(RECORD_CHANGED, {})
        await asyncio.sleep(0.3)
        contact_id = await create_contact(GraphQLClient(other_http), account.access_token, "Crossed")
        message = await socket.receive()
    assert data(message, "recordChanged")["id"] == contact_id


async def test_resume_after_a_restart_replays_what_was_missed_then_goes_live_with_no_gap_or_duplicate(
    gql: GraphQLClient, worker: subprocess.Popen[bytes], servers: Servers
) -> None:
    account = await sign_up(gql)
    token = account.access_token
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    api = start_api(servers, port)
    try:
        async with signed_in(url, token) as socket:
            await socket.subscribe(RECORD_CHANGED, {"type": "CONTACT"})
            await asyncio.sleep(0.3)
            before = [await create_contact(gql, token, f"Before {i}") for i in range(3)]
            seen = [data(await socket.receive(), "recordChanged") for _ in before]
        stop_process(api)
        missed = [await create_contact(gql, token, f"Missed {i}") for i in range(5)]  # nobody listens live
        api = start_api(servers, port)
        async with signed_in(url, token) as socket:
            await socket.subscribe(RECORD_CHANGED, {"type": "CONTACT", "after": seen[-1]["eventId"]})
            # Changes keep coming while the replay runs: they must follow it, once each.
            during = [await create_contact(gql, token, f"During {i}") for i in range(5)]
            resumed = [data(await socket.receive(), "recordChanged") for _ in range(10)]
            await socket.nothing_within(1.5)
    finally:
        stop_process(api)

    assert [change["id"] for change in seen] == before
    assert [change["id"] for change in resumed] == missed + during
    event_ids = [int(change["eventId"]) for change in seen + resumed]
    assert event_ids == sorted(set(event_ids))  # increasing: in order, no duplicate


async def resume_point(gql: GraphQLClient, api_url: str, token: str) -> str:
    """The eventId of a contact created now, as a subscriber received it: a point to resume from."""
    async with signed_in(api_url, token) as socket:
        await socket.subscribe(RECORD_CHANGED, {"type": "CONTACT"})
        await asyncio.sleep(0.3)
        await create_contact(gql, token, "The point")
        return str(data(await socket.receive(), "recordChanged")["eventId"])


async def test_many_sockets_resuming_from_one_point_while_changes_come_each_get_every_change_once(
    gql: GraphQLClient, apis: list[str], worker: subprocess.Popen[bytes]
) -> None:
    """A reconnect storm in small: the sockets share one read of what they missed and one run of each
    replayed event (socket.py), and must still get everything after the point, in order, once each."""
    token = (await sign_up(gql)).access_token
    point = await resume_point(gql, apis[0], token)
    missed = [await create_contact(gql, token, f"Missed {i}") for i in range(3)]

    async def resume(number: int) -> list[dict[str, Any]]:
        await asyncio.sleep(number * 0.05)  # they join one after another, as a storm's reconnects do
        async with signed_in(apis[number % 2], token) as resumed:
            await resumed.subscribe(RECORD_CHANGED, {"type": "CONTACT", "after": point})
            changes = [data(await resumed.receive(wait=30), "recordChanged") for _ in range(6)]
            await resumed.nothing_within(1.0)
            return changes

    async def keep_changing() -> list[str]:
        made = []
        for i in range(3):
            await asyncio.sleep(0.2)
            made.append(await create_contact(gql, token, f"During {i}"))
        return made

    *received, during = await asyncio.gather(*(resume(n) for n in range(12)), keep_changing())
    for changes in received:
        assert [change["id"] for change in changes] == missed + during
        event_ids = [int(change["eventId"]) for change in changes]
        assert event_ids == sorted(set(event_ids))


async def test_a_socket_that_subscribes_after_anothers_replay_read_still_gets_what_came_between(
    gql: GraphQLClient, apis: list[str], worker: subprocess.Popen[bytes]
) -> None:
    """Sockets resuming from one point share one read of what they missed, a few seconds long. A socket
    that connected before that read but subscribed after it must not take it as its own: an event handed
    out in between reached none of its subscriptions (it had none yet), and is not in the read either."""
    token = (await sign_up(gql)).access_token
    point = await resume_point(gql, apis[0], token)
    missed = await create_contact(gql, token, "Missed")
    async with signed_in(apis[0], token) as late, signed_in(apis[0], token) as early:
        # `late` is connected (joined the hub) but not subscribed; `early` resumes, and its read is shared.
        await early.subscribe(RECORD_CHANGED, {"type": "CONTACT", "after": point})
        assert data(await early.receive(wait=30), "recordChanged")["id"] == missed
        between = await create_contact(gql, token, "Between")
        assert data(await early.receive(wait=30), "recordChanged")["id"] == between  # handed out live
        await late.subscribe(RECORD_CHANGED, {"type": "CONTACT", "after": point})
        received = [data(await late.receive(wait=30), "recordChanged")["id"] for _ in range(2)]
        assert await late.nothing_within(1.0)
    assert received == [missed, between]


async def test_a_resume_point_past_retention_asks_the_client_to_refetch(
    gql: GraphQLClient, apis: list[str], worker: subprocess.Popen[bytes], superuser_db: Database
) -> None:
    account = await sign_up(gql)
    async with signed_in(apis[0], account.access_token) as socket:
        await socket.subscribe(RECORD_CHANGED, {})
        await asyncio.sleep(0.3)
        await create_contact(gql, account.access_token, "Kept")
        event_id = data(await socket.receive(), "recordChanged")["eventId"]
    async with superuser_db.transaction() as session:
        previous = await session.scalar(text("SELECT pruned_through FROM outbox_retention"))
        await session.execute(text("UPDATE outbox_retention SET pruned_through = :n"), {"n": int(event_id) + 1})
    try:
        async with signed_in(apis[0], account.access_token) as socket:
            stale = await socket.subscribe(RECORD_CHANGED, {"after": event_id})
            refused = await socket.receive()
            bad = await socket.subscribe(RECORD_CHANGED, {"after": "not-an-id"})
            malformed = await socket.receive()
    finally:
        async with superuser_db.transaction() as session:
            await session.execute(text("UPDATE outbox_retention SET pruned_through = :n"), {"n": previous})
    assert (refused["id"], refused["type"]) == (stale, "error")
    assert [error["extensions"]["code"] for error in refused["payload"]] == ["REFETCH_REQUIRED"]
    assert (malformed["id"], malformed["type"]) == (bad, "error")
    assert [error["extensions"]["code"] for error in malformed["payload"]] == ["BAD_USER_INPUT"]


async def test_email_received_delivers_an_email_linked_to_the_contact(
    gql: GraphQLClient, apis: list[str], worker: subprocess.Popen[bytes]
) -> None:
    account = await sign_up(gql)
    token = account.access_token
    sender = f"pat-{uuid.uuid4().hex[:8]}@globex.io"
    created = await gql.data(CREATE_CONTACT, {"input": {"firstName": "Pat", "emails": [sender]}}, token=token)
    contact_id = created["createContact"]["id"]
    address = (await gql.data("query { inboundEmail { token } }", token=token))["inboundEmail"]["token"]
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, "rep@acme.test", "Quote, please"
    message["Date"], message["Message-ID"] = "Tue, 01 Dec 2026 09:15:00 +0000", make_msgid(domain="globex.io")
    message.set_content("Could you send the quote?")
    async with signed_in(apis[0], token) as socket, httpx.AsyncClient(base_url=apis[0], timeout=30) as http:
        operation = await socket.subscribe(EMAIL_RECEIVED, {"id": contact_id})
        unrelated = await socket.subscribe(EMAIL_RECEIVED, {"id": str(uuid.uuid4())})
        await asyncio.sleep(0.3)
        response = await http.post(
            "/api/v1/webhooks/inbound/email",
            content=message.as_bytes(),
            headers={"x-inbound-token": address, "content-type": "message/rfc822"},
        )
        assert response.status_code == 202, response.text
        received = await socket.receive(wait=30)
        await socket.nothing_within(1)
    assert received["id"] == operation != unrelated
    assert data(received, "emailReceived") == {"subject": "Quote, please", "direction": "INBOUND"}
